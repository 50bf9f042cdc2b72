import { canSeeVersion } from './protocol-visibility';

describe('canSeeVersion', () => {
  const alice = { userId: 'a', roles: ['scientist' as const] };
  const bob = { userId: 'b', roles: ['manager' as const] };
  const admin = { userId: 'z', roles: ['admin' as const] };

  it('keeps a draft private to its author and admins', () => {
    const draft = { status: 'draft' as const, authorId: 'a' };
    expect([alice, bob, admin].map((u) => canSeeVersion(u, draft))).toEqual([true, false, true]);
  });

  it('shows every other state to everyone', () => {
    for (const status of ['in_review', 'approved', 'retired'] as const) {
      expect(canSeeVersion(bob, { status, authorId: 'a' })).toBe(true);
    }
  });
});
