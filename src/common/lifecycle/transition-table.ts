/**
 * Typed transition tables for record lifecycles (protocol versions, runs). Pure: no framework, no
 * database. A table maps each action to the states it may start from, the state it leads to, who
 * may perform it, and whether it needs a reason or an electronic signature. Services ask the
 * table before they mutate anything and turn a refusal into a domain error.
 */

/** Roles that may act on a lifecycle (the `instrument` role never does). */
export type LifecycleRole = 'scientist' | 'manager' | 'admin';

/** The meaning a signer states (21 CFR 11.50: each signature shows its meaning). */
export type SignatureMeaning = 'reviewed' | 'approved';

/**
 * Separation of duties between the actor and the record's owner (the author of a protocol
 * version, the operator of a run).
 */
export type OwnerRule = 'any' | 'not-owner' | 'owner-only';

/** One action of a lifecycle. */
export interface TransitionRule<S extends string> {
  readonly from: readonly S[];
  readonly to: S;
  /** Roles allowed to perform the action (any one suffices). */
  readonly roles: readonly LifecycleRole[];
  readonly owner: OwnerRule;
  /** Meanings an e-signature may state; `null` when no signature is required. */
  readonly signature: readonly SignatureMeaning[] | null;
  /** A reason (comments, justification) must be given. */
  readonly reasonRequired: boolean;
  readonly description: string;
}

/** A lifecycle: every action of `A` has exactly one rule. */
export type TransitionTable<S extends string, A extends string> = {
  readonly [K in A]: TransitionRule<S>;
};

/** Why a transition is refused. */
export type RefusalCode =
  | 'UNKNOWN_ACTION'
  | 'ILLEGAL_TRANSITION'
  | 'ROLE_NOT_ALLOWED'
  | 'SELF_APPROVAL_FORBIDDEN'
  | 'OWNER_ONLY'
  | 'REASON_REQUIRED'
  | 'SIGNATURE_REQUIRED'
  | 'SIGNATURE_MEANING_NOT_ALLOWED';

export interface TransitionAllowed<S extends string, A extends string> {
  ok: true;
  action: A;
  from: S;
  to: S;
  rule: TransitionRule<S>;
}

export interface TransitionRefusal<S extends string, A extends string> {
  ok: false;
  code: RefusalCode;
  /** The action as asked (may be unknown). */
  action: string;
  from: S;
  /** Where the action would have led, when the action is known. */
  to?: S;
  /** What may be done from `from`, for the error body. */
  allowedActions: A[];
  message: string;
}

export type TransitionResult<S extends string, A extends string> =
  TransitionAllowed<S, A> | TransitionRefusal<S, A>;

/** Who is acting, on whose record, with what. */
export interface TransitionContext {
  actorId: string;
  actorRoles: readonly string[];
  /** The record's owner (author or operator); undefined when it has none. */
  ownerId?: string | null;
  reason?: string | null;
  /** The meaning of the e-signature given with the request, when one was given. */
  signatureMeaning?: string | null;
}

/** A lifecycle built from a table: pure functions over its states and actions. */
export interface Lifecycle<S extends string, A extends string> {
  readonly name: string;
  /** The owner's role in messages: `author`, `operator`. */
  readonly ownerLabel: string;
  readonly table: TransitionTable<S, A>;
  readonly states: readonly S[];
  readonly actions: readonly A[];
  /** The next state, or ILLEGAL_TRANSITION / UNKNOWN_ACTION naming from and to. */
  transition(from: S, action: string): TransitionResult<S, A>;
  /** {@link transition} plus role, separation of duties, reason and signature-meaning checks. */
  authorize(from: S, action: string, ctx: TransitionContext): TransitionResult<S, A>;
  /** Actions possible from a state, in table order. */
  allowedActions(from: S): A[];
  isAction(action: string): action is A;
}

/**
 * Builds a {@link Lifecycle} over a transition table.
 * Throws (programmer error) when a rule names a state outside `states`.
 */
export function defineLifecycle<S extends string, A extends string>(
  name: string,
  states: readonly S[],
  table: TransitionTable<S, A>,
  ownerLabel: string,
): Lifecycle<S, A> {
  const actions = Object.keys(table) as A[];
  for (const a of actions) {
    const rule = table[a];
    for (const s of [...rule.from, rule.to]) {
      if (!states.includes(s)) throw new Error(`${name}: action '${a}' names unknown state '${s}'`);
    }
  }
  const isAction = (action: string): action is A => Object.hasOwn(table, action);
  const allowedActions = (from: S): A[] => actions.filter((a) => table[a].from.includes(from));

  const refuse = (
    code: RefusalCode,
    from: S,
    action: string,
    message: string,
    to?: S,
  ): TransitionRefusal<S, A> => ({
    ok: false,
    code,
    action,
    from,
    ...(to !== undefined ? { to } : {}),
    allowedActions: allowedActions(from),
    message,
  });

  const transition = (from: S, action: string): TransitionResult<S, A> => {
    if (!isAction(action)) {
      return refuse('UNKNOWN_ACTION', from, action, `${name}: '${action}' is not an action`);
    }
    const rule = table[action];
    if (!rule.from.includes(from)) {
      return refuse(
        'ILLEGAL_TRANSITION',
        from,
        action,
        `${name}: cannot ${action} from ${from} (to ${rule.to}); allowed from ${from}: ${allowedActions(from).join(', ') || 'nothing'}`,
        rule.to,
      );
    }
    return { ok: true, action, from, to: rule.to, rule };
  };

  const authorize = (from: S, action: string, ctx: TransitionContext): TransitionResult<S, A> => {
    const result = transition(from, action);
    if (!result.ok) return result;
    const { rule, to } = result;
    if (!rule.roles.some((r) => ctx.actorRoles.includes(r))) {
      return refuse(
        'ROLE_NOT_ALLOWED',
        from,
        action,
        `${name}: ${action} needs role ${rule.roles.join(' or ')}`,
        to,
      );
    }
    const isOwner = ctx.ownerId != null && ctx.ownerId === ctx.actorId;
    if (rule.owner === 'not-owner' && isOwner) {
      return refuse(
        'SELF_APPROVAL_FORBIDDEN',
        from,
        action,
        `${name}: the ${ownerLabel} cannot ${action} their own record`,
        to,
      );
    }
    if (rule.owner === 'owner-only' && !isOwner) {
      return refuse(
        'OWNER_ONLY',
        from,
        action,
        `${name}: only the ${ownerLabel} can ${action}`,
        to,
      );
    }
    if (rule.reasonRequired && !ctx.reason?.trim()) {
      return refuse('REASON_REQUIRED', from, action, `${name}: ${action} needs a reason`, to);
    }
    if (rule.signature) {
      if (!ctx.signatureMeaning) {
        return refuse(
          'SIGNATURE_REQUIRED',
          from,
          action,
          `${name}: ${action} needs an electronic signature (${rule.signature.join(' or ')})`,
          to,
        );
      }
      if (!(rule.signature as readonly string[]).includes(ctx.signatureMeaning)) {
        return refuse(
          'SIGNATURE_MEANING_NOT_ALLOWED',
          from,
          action,
          `${name}: a signature to ${action} must mean ${rule.signature.join(' or ')}, not ${ctx.signatureMeaning}`,
          to,
        );
      }
    }
    return result;
  };

  return {
    name,
    ownerLabel,
    table,
    states,
    actions,
    transition,
    authorize,
    allowedActions,
    isAction,
  };
}
