import { createTestApp, TestApp } from './support/test-app';

interface OpenApiParameter {
  name: string;
  in: string;
  required?: boolean;
  schema?: { format?: string };
}
interface OpenApiOperation {
  parameters?: OpenApiParameter[];
  responses?: Record<string, { content?: Record<string, { schema?: Record<string, unknown> }> }>;
}
type OpenApiPaths = Record<string, Record<string, OpenApiOperation>>;

const SOME_ID = '0190a1b2-0000-7000-8000-000000000001';

/**
 * Issue 14, one vocabulary: a filter has one spelling across the API (`<thing>Id`), and a
 * query parameter a route does not take is refused with the accepted ones, never ignored.
 */
describe('API vocabulary: one spelling for filters; unknown query parameters are refused', () => {
  let t: TestApp;
  let paths: OpenApiPaths;
  const admin = () => ({ Authorization: `Bearer ${t.adminKey}` });

  beforeAll(async () => {
    t = await createTestApp();
    paths = ((await t.http().get('/docs-json').expect(200)).body as { paths: OpenApiPaths }).paths;
  });
  afterAll(() => t.close());

  it('names every query parameter that takes an id <thing>Id', () => {
    const misnamed: string[] = [];
    for (const [path, ops] of Object.entries(paths)) {
      for (const [method, op] of Object.entries(ops)) {
        for (const p of op.parameters ?? []) {
          if (p.in === 'query' && p.schema?.format === 'uuid' && !/[a-z]Id$/.test(p.name)) {
            misnamed.push(`${method.toUpperCase()} ${path}?${p.name}`);
          }
        }
      }
    }
    expect(misnamed).toEqual([]);
  });

  it('answers every list as a page {items, total, limit, offset}, except the audit cursor', () => {
    const bare: string[] = [];
    for (const [path, ops] of Object.entries(paths)) {
      const schema = ops.get?.responses?.['200']?.content?.['application/json']?.schema;
      if (schema?.type === 'array' && path !== '/api/v1/audit') bare.push(`GET ${path}`);
    }
    expect(bare).toEqual([]);
    const pages = Object.entries(paths).filter(([, ops]) =>
      /PageDto$/.test(
        String(ops.get?.responses?.['200']?.content?.['application/json']?.schema?.$ref),
      ),
    );
    expect(pages.length).toBeGreaterThan(20);
    // Each page route takes limit and offset.
    const unpaged = pages
      .filter(([, ops]) => {
        const names = (ops.get?.parameters ?? []).map((p) => p.name);
        return !names.includes('limit') || !names.includes('offset');
      })
      .map(([path]) => `GET ${path}`);
    expect(unpaged).toEqual([]);
  });

  it('pages a list read whole, and refuses a limit past its maximum', async () => {
    const all = (await t.http().get('/api/v1/protocols').set(admin()).expect(200)).body as {
      items: { key: string }[];
      total: number;
      limit: number;
      offset: number;
    };
    expect(all).toMatchObject({ limit: 50, offset: 0, total: all.items.length });
    expect(all.total).toBeGreaterThan(2);
    const second = (
      await t.http().get('/api/v1/protocols?limit=1&offset=1').set(admin()).expect(200)
    ).body as typeof all;
    expect(second).toEqual({ items: [all.items[1]], total: all.total, limit: 1, offset: 1 });
    const refused = await t.http().get('/api/v1/users?limit=501').set(admin()).expect(400);
    expect(refused.body.errors[0]).toMatchObject({ field: 'limit', code: 'MAX' });
  });

  it('answers the old spelling of a filter with the accepted ones and the closest', async () => {
    const res = await t.http().get(`/api/v1/fits?run=${SOME_ID}`).set(admin()).expect(400);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body.errors).toHaveLength(1);
    const [problem] = res.body.errors as { field: string; code: string; message: string }[];
    expect(problem).toMatchObject({ field: 'run', code: 'UNKNOWN_FIELD' });
    expect(problem.message).toMatch(/Accepted: .*\bmaterialId\b.*/);
    expect(problem.message).toMatch(/\bplateId\b/);
    expect(problem.message).toContain('Did you mean runId?');
    await t.http().get(`/api/v1/fits?runId=${SOME_ID}`).set(admin()).expect(200);
  });

  it('suggests the renamed fold-resistance parameters and refuses a misspelt flag', async () => {
    const res = await t
      .http()
      .get(`/api/v1/fold-resistance?resistant=${SOME_ID}&parentalMaterialId=${SOME_ID}`)
      .set(admin())
      .expect(400);
    const unknown = (res.body.errors as { field: string; code: string; message: string }[]).find(
      (e) => e.code === 'UNKNOWN_FIELD',
    );
    expect(unknown?.field).toBe('resistant');
    expect(unknown?.message).toContain('Did you mean resistantMaterialId or resistantFitId?');
    const keys = await t.http().get(`/api/v1/api-keys?user=${SOME_ID}`).set(admin()).expect(400);
    expect(keys.body.errors[0].message).toContain('Did you mean userId?');
    await t.http().get(`/api/v1/api-keys?userId=${SOME_ID}`).set(admin()).expect(200);
    await t.http().get(`/api/v1/plates/${SOME_ID}/fits?all=yes`).set(admin()).expect(400);
  });

  it('refuses unknown query parameters on a route that reads none', async () => {
    const res = await t.http().get('/api/v1/auth/me?verbose=1').set(admin()).expect(400);
    expect(res.body.errors).toEqual([
      expect.objectContaining({ field: 'verbose', code: 'UNKNOWN_FIELD' }),
    ]);
    expect(res.body.errors[0].message).toContain('This route takes none.');
    await t.http().get('/api/v1/auth/me').set(admin()).expect(200);
  });

  it('refuses an unknown query parameter on every GET route of the API', async () => {
    const accepted: string[] = [];
    for (const [path, ops] of Object.entries(paths)) {
      if (!path.startsWith('/api/v1/') || !ops.get) continue;
      const url = path.replace(/\{[^}]+\}/g, SOME_ID);
      const res = await t.http().get(`${url}?notAParameter=1`).set(admin());
      const codes = ((res.body as { errors?: { code: string; field?: string }[] }).errors ?? [])
        .filter((e) => e.field === 'notAParameter')
        .map((e) => e.code);
      if (res.status !== 400 || !codes.includes('UNKNOWN_FIELD')) {
        accepted.push(`GET ${path} → ${res.status}`);
      }
    }
    expect(accepted).toEqual([]);
  });
});
