import { createTestApp, createUserWithKey, TestApp } from './support/test-app';

const PROBLEM = /application\/problem\+json/;

describe('auth, roles, API keys and problem+json errors', () => {
  let t: TestApp;
  let scientist: { id: string; key: string; password: string };
  let colleague: { id: string; key: string; password: string };
  let manager: { id: string; key: string; password: string };
  const bearer = (key: string) => ({ Authorization: `Bearer ${key}` });

  beforeAll(async () => {
    t = await createTestApp();
    scientist = await createUserWithKey(t, 'ada', ['scientist']);
    colleague = await createUserWithKey(t, 'bea', ['scientist']);
    manager = await createUserWithKey(t, 'max', ['manager']);
  });
  afterAll(() => t.close());

  it('serves /health, /docs and /docs-json without a key', async () => {
    const health = await t.http().get('/health').expect(200);
    expect(health.body.info.database.status).toBe('up');
    await t.http().get('/docs').expect(200).expect('content-type', /html/);
    const spec = await t.http().get('/docs-json').expect(200);
    expect(spec.body.openapi).toMatch(/^3\./);
    expect(Object.keys(spec.body.paths)).toEqual(
      expect.arrayContaining(['/api/v1/users', '/api/v1/audit/verify', '/health']),
    );
    expect(spec.body.components.securitySchemes.bearer).toBeDefined();
    // Each list answers its own named page schema, typed by its items.
    for (const [page, item] of [
      ['PlatePageDto', 'PlateDto'],
      ['RunPageDto', 'RunDto'],
      ['MaterialPageDto', 'MaterialDto'],
    ]) {
      const schema = spec.body.components.schemas[page];
      expect(schema.properties.items).toEqual({
        type: 'array',
        items: { $ref: `#/components/schemas/${item}` },
      });
      expect(schema.required).toEqual(
        expect.arrayContaining(['items', 'total', 'limit', 'offset']),
      );
    }
  });

  it('returns a request id header, echoing a sane one the caller sent', async () => {
    const fresh = await t.http().get('/health');
    expect(fresh.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const echoed = await t.http().get('/health').set('x-request-id', 'bench-42');
    expect(echoed.headers['x-request-id']).toBe('bench-42');
  });

  it('sets security headers', async () => {
    const res = await t.http().get('/health');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
  });

  it('answers 401 problem+json without a key, and with an unknown or malformed key', async () => {
    const none = await t.http().get('/api/v1/auth/me').expect(401).expect('content-type', PROBLEM);
    expect(none.body).toMatchObject({
      status: 401,
      code: 'UNAUTHENTICATED',
      instance: '/api/v1/auth/me',
    });
    expect(none.body.requestId).toBe(none.headers['x-request-id']);
    const bad = await t
      .http()
      .get('/api/v1/auth/me')
      .set(bearer('tlk_AAAAAAAAAAAA_' + 'x'.repeat(43)))
      .expect(401);
    expect(bad.body.code).toBe('INVALID_API_KEY');
    await t.http().get('/api/v1/auth/me').set('Authorization', 'Basic abc').expect(401);
  });

  it('identifies the caller', async () => {
    const me = await t.http().get('/api/v1/auth/me').set(bearer(scientist.key)).expect(200);
    expect(me.body).toMatchObject({ username: 'ada', roles: ['scientist'] });
  });

  it('answers 403 for the wrong role and 200 for the right one', async () => {
    const res = await t
      .http()
      .post('/api/v1/users')
      .set(bearer(scientist.key))
      .send({ username: 'eve', displayName: 'Eve', roles: ['admin'] })
      .expect(403)
      .expect('content-type', PROBLEM);
    expect(res.body.code).toBe('FORBIDDEN_ROLE');
    await t.http().get('/api/v1/audit/verify').set(bearer(scientist.key)).expect(403);
    await t.http().get('/api/v1/audit/verify').set(bearer(manager.key)).expect(200);
    await t.http().get('/api/v1/users').set(bearer(manager.key)).expect(200);
  });

  it("answers 404 for another member's private record (their API key), as if it did not exist", async () => {
    const mine = await t.http().get('/api/v1/api-keys').set(bearer(colleague.key)).expect(200);
    expect(mine.body.items).toHaveLength(1);
    const theirKeyId = mine.body.items[0].id;
    const res = await t
      .http()
      .get(`/api/v1/api-keys/${theirKeyId}`)
      .set(bearer(scientist.key))
      .expect(404);
    expect(res.body.code).toBe('NOT_FOUND');
    await t
      .http()
      .post(`/api/v1/api-keys/${theirKeyId}/revoke`)
      .set(bearer(scientist.key))
      .expect(404);
    await t.http().get(`/api/v1/api-keys/${theirKeyId}`).set(bearer(colleague.key)).expect(200);
    const list = await t.http().get('/api/v1/api-keys').set(bearer(scientist.key)).expect(200);
    expect(list.body.items.map((k: { userId: string }) => k.userId)).toEqual([scientist.id]);
  });

  it('lists every bad field of an invalid body with its rule', async () => {
    const res = await t
      .http()
      .post('/api/v1/users')
      .set(bearer(t.adminKey))
      .send({ username: 'Not Valid', roles: ['wizard'], sneaky: true })
      .expect(400)
      .expect('content-type', PROBLEM);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    const fields = new Set(res.body.errors.map((e: { field: string }) => e.field));
    expect(fields).toEqual(new Set(['username', 'displayName', 'roles', 'sneaky']));
    expect(res.body.errors).toContainEqual(
      expect.objectContaining({ field: 'sneaky', code: 'UNKNOWN_FIELD' }),
    );
  });

  it('maps domain errors: a taken username is 409 naming the field', async () => {
    const res = await t
      .http()
      .post('/api/v1/users')
      .set(bearer(t.adminKey))
      .send({ username: 'ada', displayName: 'Ada again', roles: ['scientist'] })
      .expect(409);
    expect(res.body).toMatchObject({ code: 'USERNAME_TAKEN', errors: [{ field: 'username' }] });
  });

  it('answers unknown routes and oversized bodies with problem+json', async () => {
    const missing = await t
      .http()
      .get('/api/v1/nowhere')
      .set(bearer(t.adminKey))
      .expect(404)
      .expect('content-type', PROBLEM);
    expect(missing.body.code).toBe('ROUTE_NOT_FOUND');
    const big = await t
      .http()
      .post('/api/v1/api-keys')
      .set(bearer(t.adminKey))
      .set('content-type', 'application/json')
      .send(JSON.stringify({ name: 'x'.repeat(11 * 1024 * 1024) }))
      .expect(413)
      .expect('content-type', PROBLEM);
    expect(big.body.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('shows a key once, stores only its hash, and can revoke and rotate it', async () => {
    const created = await t
      .http()
      .post('/api/v1/api-keys')
      .set(bearer(scientist.key))
      .send({ name: 'laptop' })
      .expect(201);
    const key: string = created.body.key;
    expect(key).toMatch(/^tlk_/);
    const rows: { key_hash: string }[] = await t.dataSource.query('SELECT key_hash FROM api_keys');
    expect(rows.some((r) => r.key_hash === key || r.key_hash.includes(key))).toBe(false);
    const fetched = await t
      .http()
      .get(`/api/v1/api-keys/${created.body.id}`)
      .set(bearer(key))
      .expect(200);
    expect(fetched.body.key).toBeUndefined();

    const rotated = await t
      .http()
      .post(`/api/v1/api-keys/${created.body.id}/rotate`)
      .set(bearer(key))
      .expect(201);
    expect(rotated.body.rotatedFromId).toBe(created.body.id);
    await t.http().get('/api/v1/auth/me').set(bearer(key)).expect(401);
    await t.http().get('/api/v1/auth/me').set(bearer(rotated.body.key)).expect(200);

    await t
      .http()
      .post(`/api/v1/api-keys/${rotated.body.id}/revoke`)
      .set(bearer(scientist.key))
      .expect(200);
    await t.http().get('/api/v1/auth/me').set(bearer(rotated.body.key)).expect(401);
    const again = await t
      .http()
      .post(`/api/v1/api-keys/${rotated.body.id}/revoke`)
      .set(bearer(scientist.key))
      .expect(409);
    expect(again.body.code).toBe('API_KEY_REVOKED');
  });

  it('refuses expired keys and expiry dates in the past', async () => {
    const past = await t
      .http()
      .post('/api/v1/api-keys')
      .set(bearer(scientist.key))
      .send({ name: 'old', expiresAt: '2001-01-01T00:00:00Z' })
      .expect(400);
    expect(past.body.errors[0]).toMatchObject({ field: 'expiresAt', code: 'IN_THE_PAST' });
    const soon = new Date(Date.now() + 1500).toISOString();
    const created = await t
      .http()
      .post('/api/v1/api-keys')
      .set(bearer(scientist.key))
      .send({ name: 'brief', expiresAt: soon })
      .expect(201);
    await t.http().get('/api/v1/auth/me').set(bearer(created.body.key)).expect(200);
    await new Promise((r) => setTimeout(r, 1700));
    await t.http().get('/api/v1/auth/me').set(bearer(created.body.key)).expect(401);
  });

  it('only admins create keys for someone else', async () => {
    const res = await t
      .http()
      .post('/api/v1/api-keys')
      .set(bearer(scientist.key))
      .send({ name: 'x', userId: colleague.id })
      .expect(403);
    expect(res.body.errors[0].field).toBe('userId');
  });

  it('a deactivated user can no longer use their keys', async () => {
    const temp = await createUserWithKey(t, 'tmp', ['scientist']);
    await t.http().get('/api/v1/auth/me').set(bearer(temp.key)).expect(200);
    await t
      .http()
      .post(`/api/v1/users/${temp.id}/deactivate`)
      .set(bearer(t.adminKey))
      .send({ reason: 'left the lab' })
      .expect(200);
    await t.http().get('/api/v1/auth/me').set(bearer(temp.key)).expect(401);
  });

  it('changes a password only with the current one, and never stores it in clear', async () => {
    const wrong = await t
      .http()
      .put('/api/v1/auth/password')
      .set(bearer(scientist.key))
      .send({ currentPassword: 'not it at all', newPassword: 'a much better passphrase' })
      .expect(403);
    expect(wrong.body).toMatchObject({
      code: 'REAUTHENTICATION_FAILED',
      errors: [{ field: 'currentPassword' }],
    });
    await t
      .http()
      .put('/api/v1/auth/password')
      .set(bearer(scientist.key))
      .send({ currentPassword: scientist.password, newPassword: 'a much better passphrase' })
      .expect(204);
    const rows: { password_hash: string }[] = await t.dataSource.query(
      'SELECT password_hash FROM users',
    );
    expect(
      rows.every((r) => r.password_hash === null || r.password_hash.startsWith('scrypt$')),
    ).toBe(true);
  });
});
