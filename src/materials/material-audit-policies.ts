import { ANY_AUDIT_READER, provideAuditReadPolicies } from '../audit/audit-read-policies';
import type { AuditEventView } from '../audit/audit-read-policies';
import { checkDonorPrivacy } from './donor-privacy';

/** What an audit reader sees instead of text the donor privacy rules refuse. */
export const WITHHELD_PERSONAL_DATA = '[withheld: personal data]';

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A copy of `value` with the text at each dotted path replaced by the withheld marker. */
function withhold(value: Record<string, unknown>, paths: string[]): Record<string, unknown> {
  const copy = structuredClone(value);
  for (const path of paths) {
    const keys = path.split('.');
    let node: unknown = copy;
    for (const k of keys.slice(0, -1))
      node =
        isRecord(node) || Array.isArray(node) ? (node as Record<string, unknown>)[k] : undefined;
    const last = keys[keys.length - 1];
    if (isRecord(node) || Array.isArray(node))
      (node as Record<string, unknown>)[last] = WITHHELD_PERSONAL_DATA;
  }
  return copy;
}

/** A donor's recorded state with anything the privacy rules refuse withheld (its code aside). */
function withholdDonorState(state: unknown): unknown {
  if (!isRecord(state) || state.kind !== 'donor') return state;
  const { name: _code, ...rest } = state;
  const problems = checkDonorPrivacy(rest);
  return problems.length === 0
    ? state
    : withhold(
        state,
        problems.map((p) => p.field),
      );
}

/**
 * Materials are visible to every audit reader, but a donor's events show no more personal data
 * than its record may hold: the donor privacy rules (donor-privacy.ts) run over the recorded
 * states and the free-text reason (custody notes, update reasons) and withhold what they refuse.
 */
export const MATERIAL_AUDIT_READ_POLICIES = provideAuditReadPolicies({
  material: {
    visibleIds: ANY_AUDIT_READER.visibleIds,
    present(_reader, event: AuditEventView): AuditEventView {
      const donor = [event.before, event.after].some((s) => isRecord(s) && s.kind === 'donor');
      if (!donor) return event;
      const reasonProblems =
        event.reason === null ? [] : checkDonorPrivacy({ reason: event.reason });
      return {
        ...event,
        before: withholdDonorState(event.before),
        after: withholdDonorState(event.after),
        reason: reasonProblems.length > 0 ? WITHHELD_PERSONAL_DATA : event.reason,
      };
    },
  },
});
