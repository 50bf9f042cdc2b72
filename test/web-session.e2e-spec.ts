// The web UI's sessions (issue 19): sign-in by password or pasted API key into a server-side
// session behind an HttpOnly, Secure, SameSite cookie; CSRF on every form; sign-out; expiry; and
// every page × role from the UI's own matrix.
import 'reflect-metadata';
import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { ModulesContainer } from '@nestjs/core';
import { ApiKey } from '../src/auth/api-key.entity';
import { sha256Hex } from '../src/auth/secrets';
import { WebSession } from '../src/auth/web-session.entity';
import { WEB_CONTROLLER } from '../src/web/web-page.decorator';
import { cellLines, completeAndSubmit, startedRun } from './support/plate-assays';
import { createParentalLine } from './support/runs-fixtures';
import { createTestApp, createUserWithKey, type TestApp } from './support/test-app';
import { csrfOf, setCookie, WebClient } from './support/web-client';
import { WEB_ROLE_MATRIX } from './support/web-role-matrix';

type User = { id: string; key: string; password: string };

/** Every route of the web UI's controllers, as `METHOD /path`. */
function webRoutes(t: TestApp): string[] {
  const routes: string[] = [];
  for (const module of t.app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as (new () => object) | null;
      if (!controller || !Reflect.getMetadata(WEB_CONTROLLER, controller)) continue;
      const prefix = (Reflect.getMetadata(PATH_METADATA, controller) as string) ?? '';
      for (const name of Object.getOwnPropertyNames(controller.prototype)) {
        const handler = (controller.prototype as Record<string, unknown>)[name];
        if (name === 'constructor' || typeof handler !== 'function') continue;
        const path = Reflect.getMetadata(PATH_METADATA, handler) as string | undefined;
        if (path === undefined) continue;
        const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as number];
        const full = '/' + [prefix, path].filter((s) => s && s !== '/').join('/');
        routes.push(`${method} ${full.replace(/\/+/g, '/')}`);
      }
    }
  }
  return [...new Set(routes)].sort();
}

describe('web UI sessions', () => {
  let t: TestApp;
  let sam: User;
  let mia: User;
  let ivy: User;

  beforeAll(async () => {
    t = await createTestApp();
    sam = await createUserWithKey(t, 'sam', ['scientist']);
    mia = await createUserWithKey(t, 'mia', ['manager']);
    ivy = await createUserWithKey(t, 'ivy', ['instrument']);
  });
  afterAll(() => t?.close());

  it('/ opens the UI, and a page without a session goes to sign-in and back', async () => {
    await t.http().get('/').expect(302).expect('Location', '/ui');
    const res = await t.http().get('/ui').expect(303);
    expect(res.headers.location).toBe('/ui/sign-in?next=%2Fui');
    const web = new WebClient(t);
    const signIn = await web.signIn('sam', sam.password, '/ui');
    expect(signIn.status).toBe(303);
    expect(signIn.headers.location).toBe('/ui');
  });

  it('a password sign-in opens a server-side session in an HttpOnly, Secure, SameSite cookie', async () => {
    const web = new WebClient(t);
    const res = await web.signIn('sam', sam.password);
    const cookie = setCookie(res, 'thiolab_session');
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/Secure/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).toMatch(/Path=\//);
    // Only the secret's hash is stored.
    const token = web.cookies.get('thiolab_session')!;
    const rows = await t.dataSource.getRepository(WebSession).findBy({ userId: sam.id });
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.some((r) => r.tokenHash === token)).toBe(false);
    const home = await web.get('/ui');
    expect(home.status).toBe(200);
    expect(home.headers['content-type']).toMatch(/text\/html/);
    expect(home.text).toContain('Signed in as <strong>sam</strong>');
    expect(home.text).toContain('My runs');
    expect(home.text).not.toContain('Awaiting your review');
  });

  it('a wrong password or unknown user is refused with one message, and no session', async () => {
    for (const [user, password] of [
      ['sam', 'wrong password'],
      ['nobody', 'whatever'],
    ]) {
      const web = new WebClient(t);
      const res = await web.signIn(user, password);
      expect(res.status).toBe(401);
      expect(res.text).toContain('the username or password is wrong');
      expect(web.cookies.has('thiolab_session')).toBe(false);
    }
  });

  it('the sign-in form needs its double-submitted CSRF token', async () => {
    const web = new WebClient(t);
    const page = await web.get('/ui/sign-in');
    const token = csrfOf(page.text);
    web.cookies.delete('thiolab_signin_csrf');
    const res = await web.post('/ui/sign-in', {
      _csrf: token,
      method: 'password',
      username: 'sam',
      password: sam.password,
    });
    expect(res.status).toBe(403);
    expect(web.cookies.has('thiolab_session')).toBe(false);
  });

  it('signs in by pasting an API key; revoking the key ends the session', async () => {
    const kim = await createUserWithKey(t, 'kim', ['scientist']);
    const web = new WebClient(t);
    expect((await web.signInWithKey(kim.key)).status).toBe(303);
    expect((await web.get('/ui')).status).toBe(200);
    const keys = await t.dataSource.getRepository(ApiKey).findBy({ userId: kim.id });
    await t
      .http()
      .post(`/api/v1/api-keys/${keys[0].id}/revoke`)
      .set('Authorization', `Bearer ${kim.key}`)
      .send({})
      .expect(200);
    const after = await web.get('/ui');
    expect(after.status).toBe(303);
    expect(after.headers.location).toMatch(/^\/ui\/sign-in/);
    const bad = await new WebClient(t).signInWithKey('tlk_notakey');
    expect(bad.status).toBe(401);
  });

  it('refuses a form without the session’s CSRF token; signs out with it', async () => {
    const web = new WebClient(t);
    await web.signIn('sam', sam.password);
    const home = await web.get('/ui');
    const refused = await web.post('/ui/sign-out', { _csrf: 'f'.repeat(64) });
    expect(refused.status).toBe(403);
    expect(refused.text).toContain('CSRF_REFUSED');
    expect((await web.get('/ui')).status).toBe(200);
    const token = web.cookies.get('thiolab_session')!;
    const out = await web.post('/ui/sign-out', { _csrf: csrfOf(home.text) });
    expect(out.status).toBe(303);
    expect(out.headers.location).toBe('/ui/sign-in?signedOut=1');
    // The old cookie is dead server-side, not only forgotten by the browser.
    const replay = await t.http().get('/ui').set('Cookie', `thiolab_session=${token}`);
    expect(replay.status).toBe(303);
  });

  it('a session expires when idle and at its absolute end', async () => {
    const repo = t.dataSource.getRepository(WebSession);
    for (const column of ['idleExpiresAt', 'expiresAt'] as const) {
      const web = new WebClient(t);
      await web.signIn('sam', sam.password);
      expect((await web.get('/ui')).status).toBe(200);
      const tokenHash = sha256Hex(web.cookies.get('thiolab_session')!);
      await repo.update({ tokenHash }, { [column]: new Date(Date.now() - 1000).toISOString() });
      const res = await web.get('/ui');
      expect(res.status).toBe(303);
      expect(res.headers.location).toBe('/ui/sign-in?next=%2Fui');
    }
  });

  it('a deactivated user’s session ends at once', async () => {
    const dan = await createUserWithKey(t, 'dan', ['scientist']);
    const web = new WebClient(t);
    await web.signIn('dan', dan.password);
    expect((await web.get('/ui')).status).toBe(200);
    await t
      .http()
      .post(`/api/v1/users/${dan.id}/deactivate`)
      .set('Authorization', `Bearer ${t.adminKey}`)
      .send({ reason: 'left the lab' })
      .expect(200);
    expect((await web.get('/ui')).status).toBe(303);
  });

  it('a manager’s home lists runs awaiting her review; a scientist’s does not', async () => {
    const line = await createParentalLine(t, sam.key, 'HIG-82 web');
    const runId = await startedRun(t, sam, 'mtt-viability', cellLines(line));
    await completeAndSubmit(t, sam, runId);
    const manager = new WebClient(t);
    await manager.signIn('mia', mia.password);
    const home = (await manager.get('/ui')).text;
    expect(home).toContain('Awaiting your review');
    expect(home).toContain(`/ui/runs/${runId}`);
    const scientist = new WebClient(t);
    await scientist.signIn('sam', sam.password);
    const own = (await scientist.get('/ui')).text;
    expect(own).not.toContain('Awaiting your review');
    expect(own).toContain(`/ui/runs/${runId}`); // in her own runs
  });

  it('every web route is in the UI role matrix and answers each role as it says', async () => {
    const served = webRoutes(t);
    expect(served.filter((r) => !(r in WEB_ROLE_MATRIX))).toEqual([]);
    expect(Object.keys(WEB_ROLE_MATRIX).filter((r) => !served.includes(r))).toEqual([]);
    const users: Record<string, User | 'admin'> = {
      scientist: sam,
      manager: mia,
      instrument: ivy,
      admin: 'admin',
    };
    const clients: Record<string, WebClient> = {};
    for (const [role, u] of Object.entries(users)) {
      const web = new WebClient(t);
      if (u === 'admin') await web.signInWithKey(t.adminKey);
      else
        await web.signIn(
          role === 'scientist' ? 'sam' : role === 'manager' ? 'mia' : 'ivy',
          u.password,
        );
      clients[role] = web;
    }
    const differences: string[] = [];
    for (const [route, access] of Object.entries(WEB_ROLE_MATRIX)) {
      const [method, path] = route.split(' ');
      if (method !== 'GET' || access.gate === 'public') continue;
      const url = path
        .replace(/:name/, 'app.css')
        .replace(/:\w+/g, '0190a1b2-0000-7000-8000-00000000beef');
      const anonymous = await new WebClient(t).get(url);
      if (anonymous.status !== 303) differences.push(`${route} anonymous: ${anonymous.status}`);
      for (const [role, web] of Object.entries(clients)) {
        const res = await web.get(url);
        const want = (access.gate as readonly string[]).includes(role) ? 'ok' : 403;
        const got = res.status === 403 ? 403 : res.status === 303 ? 'sign-in' : 'ok';
        if (got !== want)
          differences.push(`${route} as ${role}: expected ${want}, got ${res.status}`);
      }
    }
    expect(differences).toEqual([]);
  });

  it('the UI routes are not API routes: no Bearer key is needed, none is accepted instead of a session', async () => {
    const res = await t.http().get('/ui').set('Authorization', `Bearer ${sam.key}`);
    expect(res.status).toBe(303);
    await t.http().get('/api/v1/ui').set('Authorization', `Bearer ${sam.key}`).expect(404);
  });
});
