// The web UI's protocol drafts (issue 19): a new protocol from a YAML definition, a new version
// copied from the latest approved one, the draft edited by its author and submitted for review,
// each through ProtocolsService / ProtocolReviewsService (the API's rules); a bad definition is
// named at the editor with its line and stores nothing; CSRF and roles as the API's.
import { Protocol } from '../src/protocols/protocol.entity';
import { ProtocolVersion } from '../src/protocols/protocol-version.entity';
import { api } from './support/plate-assays';
import { createTestApp, createUserWithKey, type TestApp } from './support/test-app';
import { csrfOf, WebClient } from './support/web-client';

type User = { id: string; key: string; password: string };

/** The text of the editor's textarea, as the browser would post it back. */
function editorText(html: string): string {
  const m = /<textarea id="definition"[^>]*>([\s\S]*?)<\/textarea>/.exec(html);
  if (!m) throw new Error('the page has no definition editor');
  return m[1]
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}

describe('web UI: protocol drafts', () => {
  let t: TestApp;
  let sam: User;
  let mia: User;
  let ivy: User;
  let web: WebClient;
  let draftId: string;

  beforeAll(async () => {
    t = await createTestApp();
    sam = await createUserWithKey(t, 'sam', ['scientist']);
    mia = await createUserWithKey(t, 'mia', ['manager']);
    ivy = await createUserWithKey(t, 'ivy', ['instrument']);
    web = new WebClient(t);
    await web.signIn('sam', sam.password);
  });
  afterAll(() => t?.close());

  const protocols = () => t.dataSource.getRepository(Protocol).count();
  const versions = () => t.dataSource.getRepository(ProtocolVersion).count();

  it('creates a protocol from the editor: draft version 1 by its author', async () => {
    const list = await web.get('/ui/protocols');
    expect(list.text).toContain('href="/ui/protocols/new"');
    const page = await web.get('/ui/protocols/new');
    expect(page.status).toBe(200);
    expect(page.text).toContain('<label for="definition">Definition (YAML)</label>');
    const text = editorText(page.text).replace('key: my-new-protocol', 'key: web-protocol');
    const res = await web.post('/ui/protocols', { _csrf: csrfOf(page.text), definition: text });
    expect(res.status).toBe(303);
    const m = /^\/ui\/protocol-versions\/([0-9a-f-]{36})\/edit\?done=created$/.exec(
      res.headers.location as string,
    );
    expect(m).not.toBeNull();
    draftId = m![1];
    const version = (await api(t, sam).get(`/protocol-versions/${draftId}`).expect(200)).body;
    expect(version).toMatchObject({ key: 'web-protocol', version: 1, status: 'draft' });
    expect(version.authorId).toBe(sam.id);
    expect(Object.keys(version.definition.settings)).toEqual(['incubationHours']);
    const edit = await web.get(res.headers.location as string);
    expect(edit.text).toContain('The protocol is created with this draft');
  });

  it('a bad definition is named at the editor with its line, kept, and nothing is stored', async () => {
    const page = await web.get('/ui/protocols/new');
    const text = editorText(page.text)
      .replace('key: my-new-protocol', 'key: web-bad')
      .replace('    unit: h\n', '');
    const [p, v] = [await protocols(), await versions()];
    const res = await web.post('/ui/protocols', { _csrf: csrfOf(page.text), definition: text });
    expect(res.status).toBe(400);
    expect(res.text).toContain('Nothing was saved');
    expect(res.text).toMatch(/aria-describedby="definition-hint definition-error" aria-invalid/);
    expect(res.text).toMatch(/<ul id="definition-error" class="field-error"><li>line \d+/);
    expect(res.text).toContain('key: web-bad');
    expect([await protocols(), await versions()]).toEqual([p, v]);
    // The key of an existing protocol is refused too.
    const taken = await web.post('/ui/protocols', {
      _csrf: csrfOf(page.text),
      definition: editorText(page.text).replace('key: my-new-protocol', 'key: web-protocol'),
    });
    expect(taken.status).toBe(409);
    expect([await protocols(), await versions()]).toEqual([p, v]);
  });

  it('the author edits her draft and submits it; others get no editor', async () => {
    const version = await web.get(`/ui/protocol-versions/${draftId}`);
    expect(version.text).toContain(`href="/ui/protocol-versions/${draftId}/edit"`);
    const page = await web.get(`/ui/protocol-versions/${draftId}/edit`);
    const text = editorText(page.text).replace('title: My new protocol', 'title: Web protocol');
    const saved = await web.post(`/ui/protocol-versions/${draftId}/definition`, {
      _csrf: csrfOf(page.text),
      definition: text,
    });
    expect(saved.status).toBe(303);
    const after = (await api(t, sam).get(`/protocol-versions/${draftId}`).expect(200)).body;
    expect(after.definition.title).toBe('Web protocol');
    // A manager may not see, let alone edit, someone else's draft.
    const manager = new WebClient(t);
    await manager.signIn('mia', mia.password);
    expect((await manager.get(`/ui/protocol-versions/${draftId}/edit`)).status).toBe(404);
    const submitted = await web.post(`/ui/protocol-versions/${draftId}/submit`, {
      _csrf: csrfOf(page.text),
    });
    expect(submitted.status).toBe(303);
    expect(submitted.headers.location).toBe(`/ui/protocol-versions/${draftId}?done=submitted`);
    const inReview = (await api(t, sam).get(`/protocol-versions/${draftId}`).expect(200)).body;
    expect(inReview.status).toBe('in_review');
    // In review: no editor, and an edit posted anyway is refused and changes nothing.
    const locked = await web.get(`/ui/protocol-versions/${draftId}/edit`);
    expect(locked.text).not.toContain('<textarea id="definition"');
    const refused = await web.post(`/ui/protocol-versions/${draftId}/definition`, {
      _csrf: csrfOf(page.text),
      definition: text.replace('title: Web protocol', 'title: Changed in review'),
    });
    expect(refused.status).toBe(409);
    const still = (await api(t, sam).get(`/protocol-versions/${draftId}`).expect(200)).body;
    expect(still.definition.title).toBe('Web protocol');
  });

  it('starts a new version of an approved protocol as a copy', async () => {
    const list = await web.get('/ui/protocols');
    const mtt = (await api(t, sam).get('/protocols').expect(200)).body.items.find(
      (p: { key: string }) => p.key === 'mtt-viability',
    );
    expect(list.text).toContain(`action="/ui/protocols/${mtt.id}/versions"`);
    const res = await web.post(`/ui/protocols/${mtt.id}/versions`, { _csrf: csrfOf(list.text) });
    expect(res.status).toBe(303);
    const id = /protocol-versions\/([0-9a-f-]{36})\/edit/.exec(res.headers.location as string)![1];
    const v = (await api(t, sam).get(`/protocol-versions/${id}`).expect(200)).body;
    expect(v).toMatchObject({
      key: 'mtt-viability',
      version: 2,
      status: 'draft',
      authorId: sam.id,
    });
  });

  it('refuses a form without the session’s CSRF token', async () => {
    const page = await web.get('/ui/protocols/new');
    const [p, v] = [await protocols(), await versions()];
    const res = await web.post('/ui/protocols', {
      definition: editorText(page.text).replace('my-new-protocol', 'web-no-token'),
    });
    expect(res.status).toBe(403);
    expect(res.text).toContain('CSRF_REFUSED');
    expect([await protocols(), await versions()]).toEqual([p, v]);
  });

  it('an instrument session is refused the editor and its post, and sees no link to it', async () => {
    const ivyWeb = new WebClient(t);
    await ivyWeb.signIn('ivy', ivy.password);
    const page = await ivyWeb.get('/ui/protocols/new');
    expect(page.status).toBe(403);
    expect(page.text).not.toContain('href="/ui/protocols/new"');
    const [p, v] = [await protocols(), await versions()];
    const res = await ivyWeb.post('/ui/protocols', {
      _csrf: csrfOf(page.text),
      definition: 'key: web-instrument',
    });
    expect(res.status).toBe(403);
    expect(res.text).toContain('FORBIDDEN_ROLE');
    expect([await protocols(), await versions()]).toEqual([p, v]);
  });
});
