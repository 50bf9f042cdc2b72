import {
  authorizeProtocolVersionTransition,
  canStartRuns,
  isProtocolVersionEditable,
  PROTOCOL_VERSION_STATES,
  PROTOCOL_VERSION_TRANSITIONS,
  protocolVersionLifecycle,
  transitionProtocolVersion,
  type ProtocolVersionState,
} from './protocol-version.lifecycle';

const manager = { actorId: 'manager-1', actorRoles: ['manager'], ownerId: 'author-1' };
const signed = { ...manager, reason: 'Reviewed against SOP-12', signatureMeaning: 'approved' };

describe('protocol version lifecycle', () => {
  it('walks draft → in_review → approved → retired', () => {
    let s: ProtocolVersionState = 'draft';
    for (const [action, next] of [
      ['submit', 'in_review'],
      ['approve', 'approved'],
      ['retire', 'retired'],
    ] as const) {
      const r = transitionProtocolVersion(s, action);
      expect(r).toMatchObject({ ok: true, to: next });
      if (r.ok) s = r.to;
    }
    expect(protocolVersionLifecycle.allowedActions('retired')).toEqual([]);
  });

  it('rejects back to draft with comments, and lets the author withdraw', () => {
    expect(transitionProtocolVersion('in_review', 'reject')).toMatchObject({
      ok: true,
      to: 'draft',
    });
    expect(
      authorizeProtocolVersionTransition('in_review', 'reject', { ...manager, reason: null }),
    ).toMatchObject({ ok: false, code: 'REASON_REQUIRED' });
    expect(
      authorizeProtocolVersionTransition('in_review', 'withdraw', {
        actorId: 'author-1',
        actorRoles: ['scientist'],
        ownerId: 'author-1',
      }),
    ).toMatchObject({ ok: true, to: 'draft' });
  });

  it('refuses every transition not in the table with ILLEGAL_TRANSITION naming from and to', () => {
    const legal = new Set(
      Object.entries(PROTOCOL_VERSION_TRANSITIONS).flatMap(([a, r]) =>
        r.from.map((f) => `${f}:${a}`),
      ),
    );
    for (const from of PROTOCOL_VERSION_STATES) {
      for (const action of protocolVersionLifecycle.actions) {
        const r = transitionProtocolVersion(from, action);
        expect(r.ok).toBe(legal.has(`${from}:${action}`));
        if (!r.ok) {
          expect(r).toMatchObject({
            code: 'ILLEGAL_TRANSITION',
            from,
            to: PROTOCOL_VERSION_TRANSITIONS[action].to,
          });
          expect(r.message).toContain(from);
        }
      }
    }
    expect(transitionProtocolVersion('draft', 'approve')).toMatchObject({
      code: 'ILLEGAL_TRANSITION',
      from: 'draft',
      to: 'approved',
      allowedActions: ['submit'],
    });
  });

  it('approval is an e-signature by a manager who is not the author', () => {
    expect(PROTOCOL_VERSION_TRANSITIONS.approve.signature).toEqual(['approved']);
    expect(authorizeProtocolVersionTransition('in_review', 'approve', signed)).toMatchObject({
      ok: true,
    });
    expect(
      authorizeProtocolVersionTransition('in_review', 'approve', {
        ...signed,
        ownerId: 'manager-1',
      }),
    ).toMatchObject({ ok: false, code: 'SELF_APPROVAL_FORBIDDEN' });
    expect(
      authorizeProtocolVersionTransition('in_review', 'approve', {
        ...signed,
        actorRoles: ['scientist'],
      }),
    ).toMatchObject({ ok: false, code: 'ROLE_NOT_ALLOWED' });
    expect(
      authorizeProtocolVersionTransition('in_review', 'approve', {
        ...signed,
        signatureMeaning: undefined,
      }),
    ).toMatchObject({ ok: false, code: 'SIGNATURE_REQUIRED' });
    expect(
      authorizeProtocolVersionTransition('in_review', 'approve', {
        ...signed,
        actorRoles: ['admin'],
      }),
    ).toMatchObject({ ok: false, code: 'ROLE_NOT_ALLOWED' });
  });

  it('only drafts are editable and only approved versions start runs', () => {
    expect(PROTOCOL_VERSION_STATES.filter(isProtocolVersionEditable)).toEqual(['draft']);
    expect(PROTOCOL_VERSION_STATES.filter(canStartRuns)).toEqual(['approved']);
  });
});
