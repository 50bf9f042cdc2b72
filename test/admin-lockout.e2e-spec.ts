// Lockout (issue 13, item 10): following the README literally (revoke the bootstrap key) locked
// out the only admin for good. The last active admin credential cannot be revoked, deactivated or
// stripped of its role (409 LAST_ADMIN_CREDENTIAL), and `npm run admin:recover`, run on the
// server machine with database access, issues a new admin key (audited).
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { recoverAdminAccess } from '../src/auth/admin-recovery';
import { ApiKey } from '../src/auth/api-key.entity';
import { ApiKeysService } from '../src/auth/api-keys.service';
import { bearer } from './support/runs-fixtures';
import { transpileServer } from './support/transpiled-server';
import { createTestApp, type TestApp } from './support/test-app';

type Body = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const ROOT = join(__dirname, '..');

describe('the last admin credential', () => {
  let t: TestApp;
  let adminKey: string;
  const get = (key: string, path: string) => t.http().get(`/api/v1${path}`).set(bearer(key));
  const post = (key: string, path: string, body: object = {}) =>
    t.http().post(`/api/v1${path}`).set(bearer(key)).send(body);
  const keyId = async (key: string): Promise<string> =>
    ((await get(key, '/auth/me').expect(200)).body as Body).apiKeyId as string;
  const expectLastAdmin = (res: { status: number; body: Body }) => {
    expect({ status: res.status, code: res.body.code }).toEqual({
      status: 409,
      code: 'LAST_ADMIN_CREDENTIAL',
    });
    expect(res.body.detail).toMatch(/would leave no active admin credential/);
    expect(res.body.detail).toMatch(/npm run admin:recover/);
  };

  beforeAll(async () => {
    t = await createTestApp();
    adminKey = t.adminKey;
  });
  afterAll(() => t.close());

  it('refuses to revoke the bootstrap key while it is the only admin key; the key still works', async () => {
    const id = await keyId(adminKey);
    expectLastAdmin(await post(adminKey, `/api-keys/${id}/revoke`, { reason: 'README says so' }));
    await get(adminKey, '/users').expect(200);
    const audit = (await get(adminKey, `/audit?entity=api_key&entityId=${id}`).expect(200))
      .body as Body[];
    expect(audit.map((e) => e.action)).toEqual(['create']);
  });

  it('rotation keeps an admin key: allowed', async () => {
    const rotated = (await post(adminKey, `/api-keys/${await keyId(adminKey)}/rotate`).expect(201))
      .body as Body;
    await get(adminKey, '/users').expect(401);
    adminKey = rotated.key as string;
    await get(adminKey, '/users').expect(200);
  });

  it('with a second admin key the first can go; the last one cannot, nor the last admin role', async () => {
    const created = (
      await post(adminKey, '/users', {
        username: 'ada',
        displayName: 'Ada',
        roles: ['admin'],
      }).expect(201)
    ).body as Body;
    const ada = {
      id: created.id as string,
      key: (await post(adminKey, '/api-keys', { name: 'ada', userId: created.id }).expect(201)).body
        .key as string,
    };
    await post(adminKey, `/api-keys/${await keyId(adminKey)}/revoke`).expect(200);
    await get(adminKey, '/users').expect(401);
    expectLastAdmin(await post(ada.key, `/api-keys/${await keyId(ada.key)}/revoke`));
    const demote = await t
      .http()
      .patch(`/api/v1/users/${ada.id}`)
      .set(bearer(ada.key))
      .send({ roles: ['manager'] });
    expectLastAdmin(demote);
    expect((await get(ada.key, '/auth/me').expect(200)).body.roles).toEqual(['admin']);
    // The admin user whose key is gone may be deactivated: ada's key remains.
    const list = (await get(ada.key, '/users').expect(200)).body.items as Body[];
    const admin = list.find((u) => u.username === 'admin')!;
    await post(ada.key, `/users/${admin.id}/deactivate`, { reason: 'left the lab' }).expect(200);
    adminKey = ada.key;
  });

  it('admin:recover issues a new admin key after a lockout, audited, and reactivates a user', async () => {
    // Locked out behind the server's back: every key revoked (or expired).
    await t.dataSource
      .createQueryBuilder()
      .update(ApiKey)
      .set({ revokedAt: '2026-01-01T00:00:00.000Z' })
      .where('revoked_at IS NULL')
      .execute();
    t.app.get(ApiKeysService).forgetCachedKeys();
    await get(adminKey, '/users').expect(401);

    const r = await recoverAdminAccess(t.app, 'admin');
    expect(r.changes).toEqual(['reactivated the user']);
    const me = (await get(r.key.key, '/auth/me').expect(200)).body as Body;
    expect(me).toMatchObject({ username: 'admin', roles: ['admin'] });
    const audit = (await get(r.key.key, `/audit?entity=api_key&entityId=${r.key.id}`).expect(200))
      .body as Body[];
    expect(audit).toEqual([
      expect.objectContaining({ action: 'create', actorName: 'system:admin-recover' }),
    ]);
    const userTrail = (await get(r.key.key, `/audit?entity=user&entityId=${me.userId}`).expect(200))
      .body as Body[];
    expect(userTrail.at(-1)).toMatchObject({
      action: 'recover-admin',
      actorName: 'system:admin-recover',
      after: { active: true, roles: ['admin'] },
    });
    expect((await get(r.key.key, '/audit/verify').expect(200)).body).toMatchObject({ ok: true });
  });

  it('the command itself (npm run admin:recover runs this file) prints a working key', async () => {
    mkdirSync(join(ROOT, 'test/artifacts'), { recursive: true });
    const build = mkdtempSync(join(ROOT, 'test/artifacts/admin-recover-'));
    try {
      transpileServer(ROOT, build);
      const out = spawnSync(
        process.execPath,
        [join(build, 'src/auth/admin-recover.main.js'), '--user', 'rescuer'],
        { env: { ...process.env, LOG_LEVEL: 'silent' }, encoding: 'utf8', timeout: 120_000 },
      );
      expect({ status: out.status, stderr: out.stderr }).toEqual({ status: 0, stderr: '' });
      expect(out.stdout).toContain('created the user with role admin');
      const key = /tlk_[A-Za-z0-9]{12}_[A-Za-z0-9_-]{43}/.exec(out.stdout)?.[0];
      expect(key).toBeDefined();
      expect((await get(key!, '/auth/me').expect(200)).body).toMatchObject({
        username: 'rescuer',
        roles: ['admin'],
      });
    } finally {
      rmSync(build, { recursive: true, force: true });
    }
  }, 180_000);
});
