import { defineLifecycle, type TransitionTable } from './transition-table';

type S = 'open' | 'closed';
type A = 'close' | 'reopen';
const table: TransitionTable<S, A> = {
  close: {
    from: ['open'],
    to: 'closed',
    roles: ['manager'],
    owner: 'not-owner',
    signature: ['approved'],
    reasonRequired: true,
    description: 'c',
  },
  reopen: {
    from: ['closed'],
    to: 'open',
    roles: ['scientist'],
    owner: 'owner-only',
    signature: null,
    reasonRequired: false,
    description: 'r',
  },
};
const lc = defineLifecycle('thing', ['open', 'closed'] as const, table, 'author');
const ok = {
  actorId: 'm',
  actorRoles: ['manager'],
  ownerId: 'a',
  reason: 'fine',
  signatureMeaning: 'approved',
};

describe('defineLifecycle', () => {
  it('refuses tables naming unknown states', () => {
    expect(() =>
      defineLifecycle(
        'bad',
        ['open'] as const,
        { x: { ...table.close, to: 'gone' as 'open' } },
        'author',
      ),
    ).toThrow(/unknown state 'gone'/);
  });

  it('transitions and refuses with typed codes', () => {
    expect(lc.transition('open', 'close')).toMatchObject({ ok: true, from: 'open', to: 'closed' });
    expect(lc.transition('closed', 'close')).toMatchObject({
      ok: false,
      code: 'ILLEGAL_TRANSITION',
      from: 'closed',
      to: 'closed',
      allowedActions: ['reopen'],
    });
    const unknown = lc.transition('open', 'explode');
    expect(unknown).toMatchObject({ ok: false, code: 'UNKNOWN_ACTION', action: 'explode' });
    expect(unknown).not.toHaveProperty('to');
    expect(lc.transition('open', 'toString')).toMatchObject({ code: 'UNKNOWN_ACTION' });
  });

  it('checks role, owner, reason and signature in that order', () => {
    expect(lc.authorize('open', 'close', ok)).toMatchObject({ ok: true });
    expect(lc.authorize('open', 'close', { ...ok, actorRoles: ['scientist'] })).toMatchObject({
      code: 'ROLE_NOT_ALLOWED',
    });
    expect(lc.authorize('open', 'close', { ...ok, actorId: 'a' })).toMatchObject({
      code: 'SELF_APPROVAL_FORBIDDEN',
    });
    expect(lc.authorize('open', 'close', { ...ok, reason: '  ' })).toMatchObject({
      code: 'REASON_REQUIRED',
    });
    expect(lc.authorize('open', 'close', { ...ok, signatureMeaning: null })).toMatchObject({
      code: 'SIGNATURE_REQUIRED',
    });
    expect(lc.authorize('open', 'close', { ...ok, signatureMeaning: 'reviewed' })).toMatchObject({
      code: 'SIGNATURE_MEANING_NOT_ALLOWED',
    });
    expect(
      lc.authorize('closed', 'reopen', { actorId: 'x', actorRoles: ['scientist'], ownerId: 'a' }),
    ).toMatchObject({
      code: 'OWNER_ONLY',
    });
    expect(
      lc.authorize('closed', 'reopen', { actorId: 'a', actorRoles: ['scientist'], ownerId: 'a' }),
    ).toMatchObject({
      ok: true,
    });
    // An illegal transition is reported before anything else.
    expect(lc.authorize('closed', 'close', { ...ok, actorRoles: [] })).toMatchObject({
      code: 'ILLEGAL_TRANSITION',
    });
  });
});
