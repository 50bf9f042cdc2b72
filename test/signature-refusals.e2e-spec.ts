import { approvedVersionId } from './support/runs-fixtures';
import { createTestApp, createUserWithKey, TestApp } from './support/test-app';

type User = { id: string; key: string; password: string };

describe('a refused signature (wrong password) is audited although the request fails', () => {
  let t: TestApp;
  let alice: User; // scientist, author
  let mona: User; // manager, reviewer
  const as = (u: User | string) => ({
    Authorization: `Bearer ${typeof u === 'string' ? u : u.key}`,
  });

  async function submittedDraft(): Promise<string> {
    const approved = await approvedVersionId(t, 'mtt-viability', alice.key);
    const protocolId = (
      await t.http().get(`/api/v1/protocol-versions/${approved}`).set(as(alice)).expect(200)
    ).body.protocolId;
    const draft = await t
      .http()
      .post(`/api/v1/protocols/${protocolId}/versions`)
      .set(as(alice))
      .send({})
      .expect(201);
    await t
      .http()
      .post(`/api/v1/protocol-versions/${draft.body.id}/submit`)
      .set(as(alice))
      .send({})
      .expect(200);
    return draft.body.id as string;
  }

  const history = async (id: string) =>
    (
      await t
        .http()
        .get('/api/v1/audit')
        .query({ entity: 'protocol_version', entityId: id })
        .set(as(t.adminKey))
        .expect(200)
    ).body as { action: string; actorId: string; reason: string; after: Record<string, unknown> }[];

  beforeAll(async () => {
    t = await createTestApp();
    alice = await createUserWithKey(t, 'alice', ['scientist']);
    mona = await createUserWithKey(t, 'mona', ['manager']);
  });
  afterAll(() => t.close());

  it('records the refusal, changes nothing else, and the chain stays whole', async () => {
    const id = await submittedDraft();
    const res = await t
      .http()
      .post(`/api/v1/protocol-versions/${id}/approve`)
      .set(as(mona))
      .send({ password: 'not my password', reason: 'looks right to me' })
      .expect(403);
    expect(res.body.code).toBe('REAUTHENTICATION_FAILED');
    const version = await t.http().get(`/api/v1/protocol-versions/${id}`).set(as(mona)).expect(200);
    expect(version.body.status).toBe('in_review');
    const events = await history(id);
    expect(events.map((e) => e.action)).toEqual(['create', 'submit', 'sign-refused:approved']);
    expect(events[2]).toMatchObject({
      actorId: mona.id,
      reason: 'looks right to me',
      after: { meaning: 'approved', refused: 'the password is wrong' },
    });
    expect(JSON.stringify(events[2])).not.toContain('not my password');

    await t
      .http()
      .post(`/api/v1/protocol-versions/${id}/approve`)
      .set(as(mona))
      .send({ password: mona.password, reason: 'reviewed again' })
      .expect(200);
    expect((await history(id)).map((e) => e.action)).toEqual([
      'create',
      'submit',
      'sign-refused:approved',
      'sign:approved',
      'approve',
    ]);
    const verdict = await t.http().get('/api/v1/audit/verify').set(as(mona)).expect(200);
    expect(verdict.body.ok).toBe(true);
  });

  it('keeps each refusal when several arrive at once among other writes', async () => {
    const ids = [await submittedDraft(), await submittedDraft(), await submittedDraft()];
    const results = await Promise.all([
      ...ids.map((id) =>
        t
          .http()
          .post(`/api/v1/protocol-versions/${id}/approve`)
          .set(as(mona))
          .send({ password: 'wrong again', reason: 'concurrent attempt' }),
      ),
      ...[0, 1, 2].map((i) => createUserWithKey(t, `bystander${i}`, ['scientist'])),
    ]);
    expect(results.slice(0, 3).map((r) => (r as { status: number }).status)).toEqual([
      403, 403, 403,
    ]);
    for (const id of ids) {
      expect((await history(id)).map((e) => e.action)).toEqual([
        'create',
        'submit',
        'sign-refused:approved',
      ]);
    }
    const verdict = await t.http().get('/api/v1/audit/verify').set(as(mona)).expect(200);
    expect(verdict.body).toMatchObject({ ok: true, anchor: { status: 'matches' } });
  });
});
