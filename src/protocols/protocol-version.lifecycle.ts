import {
  defineLifecycle,
  type TransitionContext,
  type TransitionResult,
  type TransitionTable,
} from '../common/lifecycle/transition-table';

/**
 * Review lifecycle of a protocol version:
 *
 *   draft ──submit──▶ in_review ──approve (e-signature)──▶ approved ──retire──▶ retired
 *     ▲                   │
 *     └──reject/withdraw──┘
 *
 * Only a draft is editable; an approved version is immutable and a change makes a new draft
 * version. The author cannot approve (or reject) their own version.
 */
export const PROTOCOL_VERSION_STATES = ['draft', 'in_review', 'approved', 'retired'] as const;
export type ProtocolVersionState = (typeof PROTOCOL_VERSION_STATES)[number];

export type ProtocolVersionAction = 'submit' | 'withdraw' | 'reject' | 'approve' | 'retire';

export const PROTOCOL_VERSION_TRANSITIONS: TransitionTable<
  ProtocolVersionState,
  ProtocolVersionAction
> = {
  submit: {
    from: ['draft'],
    to: 'in_review',
    roles: ['scientist', 'manager'],
    owner: 'any',
    signature: null,
    reasonRequired: false,
    description: 'Send the draft for review.',
  },
  withdraw: {
    from: ['in_review'],
    to: 'draft',
    roles: ['scientist', 'manager'],
    owner: 'owner-only',
    signature: null,
    reasonRequired: false,
    description: 'The author takes the version back to draft before review ends.',
  },
  reject: {
    from: ['in_review'],
    to: 'draft',
    roles: ['manager'],
    owner: 'not-owner',
    signature: null,
    reasonRequired: true,
    description: 'A reviewer returns the version to draft with comments.',
  },
  approve: {
    from: ['in_review'],
    to: 'approved',
    roles: ['manager'],
    owner: 'not-owner',
    signature: ['approved'],
    reasonRequired: true,
    description: 'A manager other than the author signs the exact content; it becomes immutable.',
  },
  retire: {
    from: ['approved'],
    to: 'retired',
    roles: ['manager'],
    owner: 'any',
    signature: null,
    reasonRequired: true,
    description: 'No new runs may use the version; existing runs keep it.',
  },
};

export const protocolVersionLifecycle = defineLifecycle(
  'protocol version',
  PROTOCOL_VERSION_STATES,
  PROTOCOL_VERSION_TRANSITIONS,
  'author',
);

/** The next state of a protocol version, or a typed refusal (ILLEGAL_TRANSITION names from/to). */
export function transitionProtocolVersion(
  from: ProtocolVersionState,
  action: string,
): TransitionResult<ProtocolVersionState, ProtocolVersionAction> {
  return protocolVersionLifecycle.transition(from, action);
}

/** {@link transitionProtocolVersion} plus role, self-approval, reason and signature checks. */
export function authorizeProtocolVersionTransition(
  from: ProtocolVersionState,
  action: string,
  ctx: TransitionContext,
): TransitionResult<ProtocolVersionState, ProtocolVersionAction> {
  return protocolVersionLifecycle.authorize(from, action, ctx);
}

/** Only drafts may be edited; anything else changes through a new version. */
export function isProtocolVersionEditable(state: ProtocolVersionState): boolean {
  return state === 'draft';
}

/** Only approved versions may start runs. */
export function canStartRuns(state: ProtocolVersionState): boolean {
  return state === 'approved';
}
