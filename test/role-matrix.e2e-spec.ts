// The role matrix (issue 13): every route the app serves × scientist, manager, instrument, admin,
// no key, a revoked key and an expired key, walked against the real app from the one table in
// test/support/role-matrix.ts; plus what the gate alone cannot show, on real records: nobody
// approves their own work, an admin without the manager role decides nothing, instrument keys
// feed only as their own instrument, audit reads by role, and no password or key hash in any
// response. The README's role table must equal the one generated from the same table.
import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { ModulesContainer } from '@nestjs/core';
import { ApiKey } from '../src/auth/api-key.entity';
import { ApiKeysService } from '../src/auth/api-keys.service';
import { WEB_CONTROLLER } from '../src/web/web-page.decorator';
import {
  cellLines,
  completeAndSubmit,
  importedPlate,
  sign,
  startedRun,
} from './support/plate-assays';
import {
  CALLERS,
  type Caller,
  expectedAccess,
  ROLE_MATRIX,
  roleMatrixMarkdown,
} from './support/role-matrix';
import { createParentalLine, SIGN_PASSWORD } from './support/runs-fixtures';
import { syntheticPlateMap, syntheticReading } from './support/synthetic-mtt';
import { createTestApp, createUserWithKey, type TestApp } from './support/test-app';

type Body = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
type User = { id: string; key: string; password: string };

const SOME_ID = '0190a1b2-0000-7000-8000-00000000beef';
const HASHES = /scrypt\$|"(passwordHash|password_hash|keyHash|key_hash)"/;
const FULL_KEY = /tlk_[A-Za-z0-9]{12}_[A-Za-z0-9_-]{43}/;

/** Every route the app serves (from the controllers' metadata), as `METHOD /path`. */
function servedRoutes(t: TestApp): string[] {
  const routes: string[] = [];
  for (const module of t.app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as (new () => object) | null;
      if (!controller) continue;
      // Pages of the web UI: their own matrix (test/support/web-role-matrix.ts).
      if (Reflect.getMetadata(WEB_CONTROLLER, controller)) continue;
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

/** Rows of a markdown table as trimmed cells, the separator row left out (prettier pads cells). */
function tableRows(markdown: string): string[][] {
  return markdown
    .split('\n')
    .filter((l) => l.trim().startsWith('|') && !/^\|[\s|:-]+\|$/.test(l.trim()))
    .map((l) =>
      l
        .trim()
        .slice(1, -1)
        .split(' | ')
        .map((c) => c.trim()),
    );
}

describe('the role matrix', () => {
  let t: TestApp;
  const keys = {} as Record<Caller, string | null>;
  let sam: User;
  let mia: User;
  let max: User;
  let reader: User;
  const responses: { route: string; caller: Caller; text: string }[] = [];

  const call = (method: string, url: string, key: string | null) => {
    const m = method.toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete';
    let req = t.http()[m](url);
    if (key) req = req.set('Authorization', `Bearer ${key}`);
    return method === 'GET' || method === 'DELETE' ? req : req.send({});
  };
  const as = (u: User | string) => (typeof u === 'string' ? u : u.key);
  const post = (u: User | string, path: string, body: object = {}) =>
    t
      .http()
      .post(`/api/v1${path}`)
      .set('Authorization', `Bearer ${as(u)}`)
      .send(body);
  const get = (u: User | string, path: string) =>
    t
      .http()
      .get(`/api/v1${path}`)
      .set('Authorization', `Bearer ${as(u)}`);

  /** The URL the route answers on (the global prefix, unless the route is excluded from it). */
  const urlOf = (route: string): string => {
    const [method, path] = route.split(' ');
    const concrete = path.replace(/:(a|b)\b/g, '1').replace(/:\w+/g, SOME_ID);
    const config = (t.app as unknown as { config: { getGlobalPrefixOptions(): Body } }).config;
    const exclude = (config.getGlobalPrefixOptions().exclude ?? []) as Body[];
    const excluded = exclude.some(
      (e) =>
        (e.requestMethod === RequestMethod.ALL ||
          RequestMethod[e.requestMethod as number] === method) &&
        (e.pathRegex as RegExp).test(path),
    );
    return excluded ? concrete : `/api/v1${concrete}`;
  };

  beforeAll(async () => {
    t = await createTestApp();
    sam = await createUserWithKey(t, 'sam', ['scientist']);
    mia = await createUserWithKey(t, 'mia', ['manager']);
    max = await createUserWithKey(t, 'max', ['manager']);
    reader = await createUserWithKey(t, 'reader', ['instrument']);
    const instrument = (
      await post(mia, '/instruments', { name: 'Reader 1', model: 'Synergy H1' }).expect(201)
    ).body as Body;
    const readerKeys = (await get(reader, '/api-keys').expect(200)).body.items as Body[];
    await post(mia, `/instruments/${instrument.id}/api-keys`, {
      apiKeyId: readerKeys[0].id,
    }).expect(200);
    const revoked = await createUserWithKey(t, 'rex', ['scientist']);
    const revokedId = ((await get(revoked, '/auth/me').expect(200)).body as Body).apiKeyId;
    await post(revoked, `/api-keys/${revokedId}/revoke`).expect(200);
    const expired = await createUserWithKey(t, 'exa', ['manager']);
    const expiredId = ((await get(expired, '/auth/me').expect(200)).body as Body).apiKeyId;
    await t.dataSource
      .getRepository(ApiKey)
      .update({ id: expiredId as string }, { expiresAt: '2026-01-01T00:00:00.000Z' });
    // Expired behind the server's back: forget the key this node cached (AUTH_CACHE_TTL_MS).
    t.app.get(ApiKeysService).forgetCachedKeys();
    Object.assign(keys, {
      scientist: sam.key,
      manager: mia.key,
      instrument: reader.key,
      admin: t.adminKey,
      anonymous: null,
      revoked: revoked.key,
      expired: expired.key,
    });
  });
  afterAll(() => t?.close());

  it('lists every route the app serves, and nothing else', () => {
    const served = servedRoutes(t);
    const missing = served.filter((r) => !(r in ROLE_MATRIX));
    const stale = Object.keys(ROLE_MATRIX).filter((r) => !served.includes(r));
    const advice =
      'add each to ROLE_MATRIX in test/support/role-matrix.ts (who passes its gate, and any ' +
      'rule beyond the role), then run `npm run docs:role-matrix` to update the README';
    if (missing.length > 0) {
      throw new Error(`routes missing from the role matrix; ${advice}:\n  ${missing.join('\n  ')}`);
    }
    if (stale.length > 0) {
      throw new Error(
        `routes in the role matrix that the app no longer serves:\n  ${stale.join('\n  ')}`,
      );
    }
  });

  it('answers every route × caller as the matrix says', async () => {
    const differences: string[] = [];
    for (const [route, access] of Object.entries(ROLE_MATRIX)) {
      const [method] = route.split(' ');
      for (const caller of CALLERS) {
        const res = await call(method, urlOf(route), keys[caller]);
        responses.push({ route, caller, text: res.text ?? '' });
        const gate403 =
          res.status === 403 &&
          res.body?.code === 'FORBIDDEN_ROLE' &&
          /needs one of the roles|declares no roles/.test(String(res.body?.detail));
        const got = res.status === 401 ? 401 : gate403 ? 403 : res.status >= 500 ? 500 : 'ok';
        // Handler refusals are checked on real records below; at the gate they pass.
        const want = expectedAccess({ ...access, handler: undefined }, caller);
        if (got !== want) {
          differences.push(
            `${route} as ${caller}: expected ${want}, got ${res.status} ${res.text.slice(0, 160)}`,
          );
        }
      }
    }
    expect(differences).toEqual([]);
  });

  it('no response of the walk carries a password or key hash, or a whole key', () => {
    const leaks = responses.filter((r) => HASHES.test(r.text) || FULL_KEY.test(r.text));
    expect(leaks.map((r) => `${r.route} as ${r.caller}`)).toEqual([]);
  });

  describe('on real records', () => {
    let runId: string;
    let plateBarcode: string;
    let parental: string;
    let other: string;

    beforeAll(async () => {
      parental = await createParentalLine(t, sam.key, 'HIG-82');
      other = await createParentalLine(t, sam.key, 'RASF-07');
      runId = await startedRun(t, sam, 'mtt-viability', cellLines(parental, other));
      plateBarcode = 'RM-FEED';
      await importedPlate(t, sam, {
        mapCsv: syntheticPlateMap(),
        materials: { parental, resistant: other },
        reading: syntheticReading(7),
        runId,
        barcode: 'RM-READ',
      });
      const layoutId = ((await get(sam, '/plates/by-barcode/RM-READ').expect(200)).body as Body)
        .layoutId as string;
      await post(sam, '/plates', { barcode: plateBarcode, layoutId, runId }).expect(201);
    });

    it('an instrument key feeds only as its own instrument; an unbound one is refused', async () => {
      const fed = await t
        .http()
        .post(`/api/v1/instrument-feeds?plate=${plateBarcode}`)
        .set('Authorization', `Bearer ${reader.key}`)
        .set('Content-Type', 'text/csv')
        .send(syntheticReading(8))
        .expect(201);
      const instruments = (await get(mia, '/instruments').expect(200)).body as Body;
      expect(fed.body.instrumentId).toBe((instruments.items as Body[])[0].id);
      const stray = await createUserWithKey(t, 'stray', ['instrument']);
      const refused = await t
        .http()
        .post(`/api/v1/instrument-feeds?plate=${plateBarcode}`)
        .set('Authorization', `Bearer ${stray.key}`)
        .set('Content-Type', 'text/csv')
        .send(syntheticReading(9));
      expect({ status: refused.status, code: refused.body.code }).toEqual({
        status: 403,
        code: 'INSTRUMENT_KEY_NOT_BOUND',
      });
    });

    it('nobody approves their own work; an admin without the manager role decides nothing', async () => {
      await completeAndSubmit(t, sam, runId);
      // A manager who operated a run does not approve it.
      const mine = await startedRun(t, max, 'mtt-viability', cellLines(parental, other));
      await completeAndSubmit(t, max, mine);
      const self = await post(max, `/runs/${mine}/approve`, sign());
      expect({ status: self.status, code: self.body.code }).toEqual({
        status: 403,
        code: 'SELF_APPROVAL_FORBIDDEN',
      });
      // Each disqualifying action is walked in test/separation-of-duties.e2e-spec.ts.
      for (const decision of ['approve', 'return']) {
        const res = await post(t.adminKey, `/runs/${runId}/${decision}`, {
          password: SIGN_PASSWORD,
          reason: 'admin tries',
        });
        expect({ status: res.status, code: res.body.code }).toEqual({
          status: 403,
          code: 'FORBIDDEN_ROLE',
        });
      }
      const approved = await post(mia, `/runs/${runId}/approve`, sign()).expect(200);
      expect(approved.body.status).toBe('approved');
      const amendment = (
        await post(sam, `/runs/${runId}/amendments`, {
          changes: { notes: 'corrected' },
          reason: 'a typo in the notes',
        }).expect(201)
      ).body as Body;
      for (const decision of ['approve', 'reject']) {
        const res = await post(t.adminKey, `/amendments/${amendment.id}/${decision}`, sign());
        expect({ status: res.status, code: res.body.code }).toEqual({
          status: 403,
          code: 'FORBIDDEN_ROLE',
        });
      }
    });

    it('protocol versions: an admin neither approves nor rejects', async () => {
      const mttId = (
        ((await get(sam, '/protocols').expect(200)).body.items as Body[]).find(
          (p) => p.key === 'mtt-viability',
        ) as Body
      ).latestApprovedVersionId as string;
      const definition = structuredClone(
        ((await get(sam, `/protocol-versions/${mttId}`).expect(200)).body as Body).definition,
      ) as Body;
      definition.key = 'mtt-role-matrix';
      delete definition.version;
      const versionId = ((await post(sam, '/protocols', definition).expect(201)).body as Body)
        .versions[0].id as string;
      await post(sam, `/protocol-versions/${versionId}/submit`).expect(200);
      const approve = await post(t.adminKey, `/protocol-versions/${versionId}/approve`, sign());
      expect({ status: approve.status, code: approve.body.code }).toEqual({
        status: 403,
        code: 'FORBIDDEN_ROLE',
      });
      const reject = await post(t.adminKey, `/protocol-versions/${versionId}/reject`, {
        comments: 'admin tries',
      });
      expect({ status: reject.status, code: reject.body.code }).toEqual({
        status: 403,
        code: 'FORBIDDEN_ROLE',
      });
    });

    it('audit reads by role: managers and admins, never scientists or instruments', async () => {
      for (const [key, status] of [
        [sam.key, 403],
        [reader.key, 403],
        [mia.key, 200],
        [t.adminKey, 200],
      ] as const) {
        await get(key, `/audit?entity=run&entityId=${runId}`).expect(status);
      }
    });

    it('no list or record read returns a password or key hash, or a whole key', async () => {
      const leaks: string[] = [];
      for (const route of Object.keys(ROLE_MATRIX).filter((r) => r.startsWith('GET '))) {
        if (route.includes(':')) continue;
        for (const key of [t.adminKey, mia.key, sam.key]) {
          const res = await t.http().get(urlOf(route)).set('Authorization', `Bearer ${key}`);
          if (HASHES.test(res.text) || FULL_KEY.test(res.text)) leaks.push(route);
        }
      }
      const keyList = await get(t.adminKey, '/api-keys').expect(200);
      expect(keyList.text).not.toMatch(HASHES);
      expect(leaks).toEqual([]);
    });
  });

  it('the README role table is the one generated from the matrix', () => {
    const readme = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');
    const start = readme.indexOf('<!-- role-matrix:start -->');
    const end = readme.indexOf('<!-- role-matrix:end -->');
    if (start < 0 || end < start) {
      throw new Error('README.md has no role-matrix markers; run `npm run docs:role-matrix`');
    }
    const inReadme = tableRows(readme.slice(start, end));
    const generated = tableRows(roleMatrixMarkdown());
    if (JSON.stringify(inReadme) !== JSON.stringify(generated)) {
      throw new Error(
        'the README role table differs from test/support/role-matrix.ts; run `npm run docs:role-matrix`',
      );
    }
  });
});
