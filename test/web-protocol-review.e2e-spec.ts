// The web UI's protocol review (issue 19): the version diff setting by setting, approve with an
// e-signature or reject with comments, only for a manager who did not write the version; a
// draft stays private to its author.
import { api } from './support/plate-assays';
import { submittedVersion } from './support/protocol-drafts';
import { createTestApp, createUserWithKey, type TestApp } from './support/test-app';
import { csrfOf, WebClient } from './support/web-client';

type User = { id: string; key: string; password: string };

describe('web UI: protocol review', () => {
  let t: TestApp;
  let sam: User;
  let mia: User;
  let scientist: WebClient;
  let manager: WebClient;

  beforeAll(async () => {
    t = await createTestApp();
    sam = await createUserWithKey(t, 'sam', ['scientist']);
    mia = await createUserWithKey(t, 'mia', ['manager']);
    scientist = new WebClient(t);
    await scientist.signIn('sam', sam.password);
    manager = new WebClient(t);
    await manager.signIn('mia', mia.password);
  });
  afterAll(() => t?.close());

  it('a manager sees the diff setting by setting and approves with her e-signature', async () => {
    const id = await submittedVersion(t, sam, 'mtt-viability', 'seedingDensity', 8000);
    const home = await manager.get('/ui');
    expect(home.text).toContain(`/ui/protocol-versions/${id}`);
    const page = await manager.get(`/ui/protocol-versions/${id}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Changes from version 1');
    expect(page.text).toMatch(
      /<code>seedingDensity<\/code><\/td><td>changed<\/td><td>default<\/td><td><del>5000<\/del><\/td><td><ins>8000<\/ins>/,
    );
    const wrong = await manager.post(`/ui/protocol-versions/${id}/approve`, {
      _csrf: csrfOf(page.text),
      password: 'wrong',
      reason: 'reviewed the seeding density',
    });
    expect(wrong.status).toBe(403);
    const ok = await manager.post(`/ui/protocol-versions/${id}/approve`, {
      _csrf: csrfOf(page.text),
      password: mia.password,
      reason: 'reviewed the seeding density',
    });
    expect(ok.status).toBe(303);
    const after = await manager.get(ok.headers.location as string);
    expect(after.text).toContain('id="version-status">approved');
    expect(after.text).toContain('reviewed the seeding density');
  });

  it('the author sees no approve button and is refused if she posts anyway', async () => {
    const id = await submittedVersion(t, sam, 'mtt-viability', 'seedingDensity', 9000);
    const page = await scientist.get(`/ui/protocol-versions/${id}`);
    expect(page.status).toBe(200);
    expect(page.text).not.toContain('Approve with e-signature');
    const refused = await scientist.post(`/ui/protocol-versions/${id}/approve`, {
      _csrf: csrfOf(page.text),
      password: sam.password,
      reason: 'my own version',
    });
    expect(refused.status).toBe(403);
  });

  it('a manager rejects with comments; the draft goes back to its author and hides from others', async () => {
    const id = await submittedVersion(t, sam, 'mtt-viability', 'seedingDensity', 7000);
    const page = await manager.get(`/ui/protocol-versions/${id}`);
    const res = await manager.post(`/ui/protocol-versions/${id}/reject`, {
      _csrf: csrfOf(page.text),
      comments: 'justify the new density',
    });
    expect(res.status).toBe(303);
    const own = await scientist.get(`/ui/protocol-versions/${id}`);
    expect(own.text).toContain('justify the new density');
    expect(own.text).toContain('id="version-status">draft');
    // A private draft: another member gets the 404 page, as from the API.
    const hidden = await manager.get(`/ui/protocol-versions/${id}`);
    expect(hidden.status).toBe(404);
    await api(t, mia).get(`/protocol-versions/${id}`).expect(404);
    const list = await manager.get('/ui/protocols');
    expect(list.text).not.toContain(`/ui/protocol-versions/${id}`);
  });
});
