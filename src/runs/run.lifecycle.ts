import {
  defineLifecycle,
  type TransitionContext,
  type TransitionResult,
  type TransitionTable,
} from '../common/lifecycle/transition-table';

/**
 * Lifecycle of a run:
 *
 *   planned ──start──▶ in_progress ──complete──▶ completed ──submit──▶ in_review
 *   in_review ──approve (e-signature "approved")──▶ approved (locked)
 *   in_review ──return (e-signature "reviewed", comments)──▶ returned
 *   returned ──reopen──▶ in_progress      returned ──complete──▶ completed (nothing to change)
 *   completed ──reopen──▶ in_progress     planned | in_progress ──cancel──▶ cancelled
 *
 * Review and approval are e-signatures by a manager who did not operate the run. An approved run
 * is locked: its data changes only through an amendment (its own record, reason and approval).
 */
export const RUN_STATES = [
  'planned',
  'in_progress',
  'completed',
  'in_review',
  'approved',
  'returned',
  'cancelled',
] as const;
export type RunState = (typeof RUN_STATES)[number];

export type RunAction =
  'start' | 'complete' | 'reopen' | 'submit' | 'approve' | 'return' | 'cancel';

export const RUN_TRANSITIONS: TransitionTable<RunState, RunAction> = {
  start: {
    from: ['planned'],
    to: 'in_progress',
    roles: ['scientist', 'manager'],
    owner: 'any',
    signature: null,
    reasonRequired: false,
    description: 'Bench work begins; the actual start date is recorded.',
  },
  complete: {
    from: ['in_progress', 'returned'],
    to: 'completed',
    roles: ['scientist', 'manager'],
    owner: 'any',
    signature: null,
    reasonRequired: false,
    description:
      'Bench work and data entry are done (from returned: the comments needed no data change).',
  },
  reopen: {
    from: ['completed', 'returned'],
    to: 'in_progress',
    roles: ['scientist', 'manager'],
    owner: 'any',
    signature: null,
    reasonRequired: true,
    description: 'Back to work to add or correct data before review.',
  },
  submit: {
    from: ['completed'],
    to: 'in_review',
    roles: ['scientist', 'manager'],
    owner: 'any',
    signature: null,
    reasonRequired: false,
    description: 'Send the run to a manager for review.',
  },
  approve: {
    from: ['in_review'],
    to: 'approved',
    roles: ['manager'],
    owner: 'not-owner',
    signature: ['approved'],
    reasonRequired: true,
    description: 'A manager who did not run it signs; the run is locked.',
  },
  return: {
    from: ['in_review'],
    to: 'returned',
    roles: ['manager'],
    owner: 'not-owner',
    signature: ['reviewed'],
    reasonRequired: true,
    description: 'A manager who did not run it signs the review and returns it with comments.',
  },
  cancel: {
    from: ['planned', 'in_progress'],
    to: 'cancelled',
    roles: ['scientist', 'manager'],
    owner: 'any',
    signature: null,
    reasonRequired: true,
    description: 'The run will not be completed; it stays on record with the reason.',
  },
};

export const runLifecycle = defineLifecycle('run', RUN_STATES, RUN_TRANSITIONS, 'operator');

/** The next state of a run, or a typed refusal (ILLEGAL_TRANSITION names from/to). */
export function transitionRun(
  from: RunState,
  action: string,
): TransitionResult<RunState, RunAction> {
  return runLifecycle.transition(from, action);
}

/** {@link transitionRun} plus role, self-approval, reason and signature checks. */
export function authorizeRunTransition(
  from: RunState,
  action: string,
  ctx: TransitionContext,
): TransitionResult<RunState, RunAction> {
  return runLifecycle.authorize(from, action, ctx);
}

/** Who asks what they may do with a run. */
export interface RunCaller {
  userId: string;
  roles: readonly string[];
  /** The caller did something on the run that bars them from reviewing it (separation of duties). */
  contributed: boolean;
}

/**
 * The actions the caller may take on the run now: the table's actions from its state, less
 * those the caller's roles do not allow, and approve/return when the caller is the operator or
 * worked on the run. What `allowedActions` shows, so nobody is offered a button that answers 403.
 */
export function runActionsFor(state: RunState, operatorId: string, caller: RunCaller): RunAction[] {
  return runLifecycle.allowedActions(state).filter((action) => {
    const rule = RUN_TRANSITIONS[action];
    if (!rule.roles.some((r) => caller.roles.includes(r))) return false;
    const isOperator = caller.userId === operatorId;
    if (rule.owner === 'not-owner' && (isOperator || caller.contributed)) return false;
    if (rule.owner === 'owner-only' && !isOperator) return false;
    return true;
  });
}

/** An approved run is locked: data changes only through an approved amendment. */
export function isRunLocked(state: RunState): boolean {
  return state === 'approved';
}

/** No action leads out of these states. */
export function isRunTerminal(state: RunState): boolean {
  return runLifecycle.allowedActions(state).length === 0;
}

/**
 * Whether results, passages and notes may be recorded directly: only while in progress. Planned
 * runs take only their plan (parameters, materials, dates); a completed, in-review or returned
 * run is reopened first, so every data change after review is visible in the audit trail.
 */
export function canRecordRunData(state: RunState): boolean {
  return state === 'in_progress';
}
