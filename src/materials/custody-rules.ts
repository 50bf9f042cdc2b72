import { isFreezable, type MaterialKindName, type MaterialStatus } from './material-kinds';

/**
 * Chain-of-custody events and what each does to a material. Pure: the service asks
 * {@link applyCustodyEvent} for the new state, or the rule that refuses the event.
 */
export const CUSTODY_EVENT_TYPES = [
  'registered',
  'moved',
  'frozen',
  'thawed',
  'aliquoted',
  'consumed',
  'discarded',
] as const;
export type CustodyEventType = (typeof CUSTODY_EVENT_TYPES)[number];

/** Events a user posts; `registered` and `aliquoted` are recorded by the system. */
export const POSTABLE_CUSTODY_EVENT_TYPES = [
  'moved',
  'frozen',
  'thawed',
  'consumed',
  'discarded',
] as const satisfies readonly CustodyEventType[];
export type PostableCustodyEventType = (typeof POSTABLE_CUSTODY_EVENT_TYPES)[number];

/** The part of a material that custody events change. */
export interface CustodyState {
  kind: MaterialKindName;
  status: MaterialStatus;
  location: string | null;
  frozen: boolean | null;
  freezeThawCount: number | null;
}

export interface CustodyRequest {
  type: PostableCustodyEventType;
  fromLocation?: string | null;
  toLocation?: string | null;
}

export interface CustodyRefusal {
  field: string;
  code:
    | 'MATERIAL_NOT_AVAILABLE'
    | 'NOT_FREEZABLE'
    | 'ALREADY_FROZEN'
    | 'NOT_FROZEN'
    | 'LOCATION_REQUIRED'
    | 'LOCATION_MISMATCH'
    | 'SAME_LOCATION';
  message: string;
}

export type CustodyOutcome =
  | { ok: true; state: CustodyState; fromLocation: string | null; toLocation: string | null }
  | { ok: false; refusal: CustodyRefusal };

/**
 * The state after a custody event, or why it is refused:
 * - nothing happens to a consumed or discarded material;
 * - `moved` needs a new `toLocation`; `fromLocation`, when given, must be where it is now;
 * - `thawed` needs a frozen material of a freezable kind and adds one freeze–thaw cycle;
 *   `frozen` needs a thawed one; either may move it (`toLocation`);
 * - `consumed` and `discarded` end its use.
 */
export function applyCustodyEvent(state: CustodyState, req: CustodyRequest): CustodyOutcome {
  const refuse = (field: string, code: CustodyRefusal['code'], message: string) =>
    ({ ok: false, refusal: { field, code, message } }) as const;
  if (state.status !== 'available') {
    return refuse(
      'type',
      'MATERIAL_NOT_AVAILABLE',
      `the material is ${state.status}; no further custody events are allowed`,
    );
  }
  if (
    req.fromLocation != null &&
    req.fromLocation !== '' &&
    req.fromLocation !== (state.location ?? '')
  ) {
    return refuse(
      'fromLocation',
      'LOCATION_MISMATCH',
      'fromLocation must be the material’s current location',
    );
  }
  const to = req.toLocation?.trim() ? req.toLocation.trim() : null;
  const next: CustodyState = { ...state, location: to ?? state.location };
  switch (req.type) {
    case 'moved':
      if (!to) return refuse('toLocation', 'LOCATION_REQUIRED', 'a move needs a toLocation');
      if (to === state.location) {
        return refuse('toLocation', 'SAME_LOCATION', 'the material is already at toLocation');
      }
      break;
    case 'thawed':
    case 'frozen': {
      if (!isFreezable(state.kind)) {
        return refuse('type', 'NOT_FREEZABLE', `a ${state.kind} is not stored frozen`);
      }
      const thawing = req.type === 'thawed';
      if (thawing && state.frozen !== true) {
        return refuse('type', 'NOT_FROZEN', 'only a frozen material can be thawed');
      }
      if (!thawing && state.frozen === true) {
        return refuse('type', 'ALREADY_FROZEN', 'the material is already frozen');
      }
      next.frozen = !thawing;
      if (thawing) next.freezeThawCount = (state.freezeThawCount ?? 0) + 1;
      break;
    }
    case 'consumed':
    case 'discarded':
      next.status = req.type;
      break;
  }
  return { ok: true, state: next, fromLocation: state.location, toLocation: next.location };
}
