// The web UI's audit page (issue 19): the API's filters (record type, id, after a seq, page
// size) validated as GET /audit validates them, only events of records the reader may see (a
// private draft stays hidden from a manager), the chain's verification and its anchor; managers
// and admins only, as the API, and the navigation shows the link only to them.
import { approvedVersionId } from './support/runs-fixtures';
import { createTestApp, createUserWithKey, type TestApp } from './support/test-app';
import { WebClient } from './support/web-client';

type User = { id: string; key: string; password: string };

describe('web UI: the audit page', () => {
  let t: TestApp;
  let alice: User;
  let mona: User;
  let draftId: string;
  let manager: WebClient;
  let scientist: WebClient;

  beforeAll(async () => {
    t = await createTestApp();
    alice = await createUserWithKey(t, 'alice', ['scientist']);
    mona = await createUserWithKey(t, 'mona', ['manager']);
    const versionId = await approvedVersionId(t, 'mtt-viability', alice.key);
    const protocolId = (
      await t
        .http()
        .get(`/api/v1/protocol-versions/${versionId}`)
        .set('Authorization', `Bearer ${alice.key}`)
        .expect(200)
    ).body.protocolId;
    draftId = (
      await t
        .http()
        .post(`/api/v1/protocols/${protocolId}/versions`)
        .set('Authorization', `Bearer ${alice.key}`)
        .send({})
        .expect(201)
    ).body.id;
    manager = new WebClient(t);
    await manager.signIn('mona', mona.password);
    scientist = new WebClient(t);
    await scientist.signIn('alice', alice.password);
  });
  afterAll(() => t?.close());

  it('shows the chain verified, the anchor and the events in chain order', async () => {
    const res = await manager.get('/ui/audit');
    expect(res.status).toBe(200);
    expect(res.text).toContain('The chain verifies');
    expect(res.text).toMatch(/id="anchor-status">(matches|none)</);
    const seqs = [...res.text.matchAll(/<tr>\s*<td>(\d+)<\/td>/g)].map((m) => Number(m[1]));
    expect(seqs.length).toBeGreaterThan(3);
    expect([...seqs].sort((a, b) => a - b)).toEqual(seqs);
    expect(res.text).toContain('href="/ui/audit" aria-current="page">Audit</a>');
  });

  it('filters by record type and id, pages after a seq, and refuses a bad filter as the API does', async () => {
    const user = await manager.get(`/ui/audit?entity=user&entityId=${alice.id}`);
    expect(user.status).toBe(200);
    const rows = [...user.text.matchAll(/<td>(user|api_key|run|material|protocol_version) /g)];
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((m) => m[1] === 'user')).toBe(true);
    const page = await manager.get('/ui/audit?limit=2');
    const next = /href="(\/ui\/audit\?limit=2&amp;afterSeq=(\d+))"/.exec(page.text);
    expect(next).not.toBeNull();
    const second = await manager.get(next![1].replace(/&amp;/g, '&'));
    const first = [...second.text.matchAll(/<tr>\s*<td>(\d+)<\/td>/g)].map((m) => Number(m[1]));
    expect(first[0]).toBeGreaterThan(Number(next![2]));
    const bad = await manager.get('/ui/audit?limit=5000');
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('limit');
  });

  it('hides the events of a private draft from a manager; the admin sees them', async () => {
    const hidden = await manager.get(`/ui/audit?entity=protocol_version&entityId=${draftId}`);
    expect(hidden.status).toBe(200);
    expect(hidden.text).toContain('No event matches.');
    const all = await manager.get('/ui/audit?limit=1000');
    expect(all.text).not.toContain(draftId);
    const admin = new WebClient(t);
    await admin.signInWithKey(t.adminKey);
    const seen = await admin.get(`/ui/audit?entity=protocol_version&entityId=${draftId}`);
    expect(seen.text).toContain(`href="/ui/protocol-versions/${draftId}"`);
  });

  it('a scientist is refused the page and is not offered the link', async () => {
    const res = await scientist.get('/ui/audit');
    expect(res.status).toBe(403);
    const home = await scientist.get('/ui');
    expect(home.text).not.toContain('href="/ui/audit"');
  });
});
