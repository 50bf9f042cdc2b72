import {
  authorizeRunTransition,
  canRecordRunData,
  isRunLocked,
  isRunTerminal,
  RUN_STATES,
  RUN_TRANSITIONS,
  runLifecycle,
  transitionRun,
  type RunAction,
  type RunState,
} from './run.lifecycle';

function walk(from: RunState, actions: RunAction[]): RunState {
  return actions.reduce<RunState>((s, a) => {
    const r = transitionRun(s, a);
    if (!r.ok) throw new Error(r.message);
    return r.to;
  }, from);
}

const reviewer = { actorId: 'manager-1', actorRoles: ['manager'], ownerId: 'operator-1' };

describe('run lifecycle', () => {
  it('walks planned → in_progress → completed → in_review → approved', () => {
    expect(walk('planned', ['start', 'complete', 'submit', 'approve'])).toBe('approved');
  });

  it('returns from review and comes back through in_progress or straight to completed', () => {
    expect(walk('planned', ['start', 'complete', 'submit', 'return'])).toBe('returned');
    expect(walk('returned', ['reopen', 'complete', 'submit', 'approve'])).toBe('approved');
    expect(walk('returned', ['complete', 'submit'])).toBe('in_review');
  });

  it('cancels only before completion', () => {
    expect(walk('planned', ['cancel'])).toBe('cancelled');
    expect(walk('in_progress', ['cancel'])).toBe('cancelled');
    expect(transitionRun('completed', 'cancel')).toMatchObject({
      code: 'ILLEGAL_TRANSITION',
      from: 'completed',
      to: 'cancelled',
    });
  });

  it('refuses every transition not in the table', () => {
    let refused = 0;
    for (const from of RUN_STATES) {
      for (const action of runLifecycle.actions) {
        const r = transitionRun(from, action);
        const legal = (RUN_TRANSITIONS[action].from as readonly string[]).includes(from);
        expect(r.ok).toBe(legal);
        if (!r.ok) {
          refused++;
          expect(r).toMatchObject({
            code: 'ILLEGAL_TRANSITION',
            from,
            to: RUN_TRANSITIONS[action].to,
            action,
          });
        }
      }
    }
    expect(refused).toBeGreaterThan(30);
  });

  it('approved runs are locked and terminal; so are cancelled ones', () => {
    expect(RUN_STATES.filter(isRunLocked)).toEqual(['approved']);
    expect(RUN_STATES.filter(isRunTerminal)).toEqual(['approved', 'cancelled']);
    expect(transitionRun('approved', 'reopen')).toMatchObject({
      ok: false,
      code: 'ILLEGAL_TRANSITION',
      allowedActions: [],
    });
    expect(RUN_STATES.filter(canRecordRunData)).toEqual(['in_progress']);
  });

  it('review and approval are e-signatures by a manager who did not run it', () => {
    expect(
      authorizeRunTransition('in_review', 'approve', {
        ...reviewer,
        reason: 'ok',
        signatureMeaning: 'approved',
      }),
    ).toMatchObject({ ok: true, to: 'approved' });
    expect(
      authorizeRunTransition('in_review', 'approve', {
        ...reviewer,
        ownerId: 'manager-1',
        reason: 'ok',
        signatureMeaning: 'approved',
      }),
    ).toMatchObject({ ok: false, code: 'SELF_APPROVAL_FORBIDDEN' });
    expect(
      authorizeRunTransition('in_review', 'return', {
        ...reviewer,
        reason: 'redo plate 2',
        signatureMeaning: 'reviewed',
      }),
    ).toMatchObject({ ok: true, to: 'returned' });
    expect(
      authorizeRunTransition('in_review', 'return', {
        ...reviewer,
        reason: 'redo',
        signatureMeaning: 'approved',
      }),
    ).toMatchObject({ ok: false, code: 'SIGNATURE_MEANING_NOT_ALLOWED' });
    expect(
      authorizeRunTransition('in_review', 'approve', {
        ...reviewer,
        actorRoles: ['scientist'],
        signatureMeaning: 'approved',
        reason: 'x',
      }),
    ).toMatchObject({ ok: false, code: 'ROLE_NOT_ALLOWED' });
  });

  it('operators start, complete and submit their own runs; cancelling needs a reason', () => {
    const operator = { actorId: 'operator-1', actorRoles: ['scientist'], ownerId: 'operator-1' };
    expect(authorizeRunTransition('planned', 'start', operator)).toMatchObject({ ok: true });
    expect(authorizeRunTransition('in_progress', 'complete', operator)).toMatchObject({ ok: true });
    expect(authorizeRunTransition('completed', 'submit', operator)).toMatchObject({ ok: true });
    expect(authorizeRunTransition('planned', 'cancel', operator)).toMatchObject({
      code: 'REASON_REQUIRED',
    });
    expect(
      authorizeRunTransition('planned', 'start', { ...operator, actorRoles: ['instrument'] }),
    ).toMatchObject({
      code: 'ROLE_NOT_ALLOWED',
    });
  });
});
