import { createTestApp, TestApp } from './support/test-app';

interface OpenApiOperation {
  requestBody?: { content?: Record<string, unknown> };
}

/** Every route of the OpenAPI document that takes a JSON body, with its path params filled. */
async function jsonRoutes(t: TestApp): Promise<{ method: string; path: string }[]> {
  const doc = (await t.http().get('/docs-json').expect(200)).body as {
    paths: Record<string, Record<string, OpenApiOperation>>;
  };
  const routes: { method: string; path: string }[] = [];
  for (const [path, ops] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(ops)) {
      if (!op.requestBody?.content?.['application/json']) continue;
      routes.push({
        method,
        path: path.replace(/\{[^}]+\}/g, '0190a1b2-0000-7000-8000-000000000001'),
      });
    }
  }
  return routes;
}

describe('JSON bodies: too deep and malformed ones are refused with located problems', () => {
  let t: TestApp;
  const admin = () => ({ Authorization: `Bearer ${t.adminKey}` });

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('refuses a deeply nested body with 400 before validation, on every JSON route', async () => {
    const deep = '['.repeat(20000) + ']'.repeat(20000);
    const routes = await jsonRoutes(t);
    expect(routes.length).toBeGreaterThan(20);
    for (const { method, path } of routes) {
      const call = t.http()[method as 'post'](path);
      const res = await call
        .set(admin())
        .set('Content-Type', 'application/json')
        .send(`{\n  "name": "x",\n  "extra": ${deep}\n}`);
      expect({ route: `${method} ${path}`, status: res.status }).toEqual({
        route: `${method} ${path}`,
        status: 400,
      });
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(res.body.errors).toEqual([
        expect.objectContaining({ field: 'body', code: 'JSON_TOO_DEEP', line: 3, column: 75 }),
      ]);
    }
  });

  it('lets a body at the nesting limit reach validation', async () => {
    const atLimit = '['.repeat(63) + ']'.repeat(63);
    const res = await t
      .http()
      .post('/api/v1/materials/cell-lines')
      .set(admin())
      .set('Content-Type', 'application/json')
      .send(`{"name":"x","extra":${atLimit}}`)
      .expect(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(res.body.errors).toContainEqual(
      expect.objectContaining({ field: 'extra', code: 'UNKNOWN_FIELD' }),
    );
  });

  it('puts the position of a JSON syntax error in errors[], not only in detail', async () => {
    const res = await t
      .http()
      .post('/api/v1/runs')
      .set(admin())
      .set('Content-Type', 'application/json')
      .send('{"name":"x",\n "protocolVersionId": }')
      .expect(400);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body.errors).toEqual([
      {
        field: 'body',
        code: 'INVALID_JSON',
        position: 35,
        line: 2,
        column: 23,
        message: expect.stringMatching(/expected a value .* at line 2, column 23/),
      },
    ]);
    expect(res.body.detail).toMatch(/line 2, column 23/);
  });

  it('refuses a nesting bomb in a YAML definition at once, with its line', async () => {
    const started = Date.now();
    const res = await t
      .http()
      .post('/api/v1/protocols')
      .set(admin())
      .set('Content-Type', 'text/yaml')
      .send(`key: bomb\nsteps: ${'['.repeat(100000)}${']'.repeat(100000)}`)
      .expect(400);
    expect(res.body.errors[0]).toMatchObject({ code: 'YAML_TOO_DEEP', line: 2 });
    expect(Date.now() - started).toBeLessThan(5000);
  });
});
