import { bootRunsWorld, Run, runsApi, RunsWorld, User } from './support/runs-world';
import type { TestApp } from './support/test-app';

describe('runs: GET /runs filters and paging, and the OpenAPI routes', () => {
  let w: RunsWorld;
  let t: TestApp;
  let sam: User;
  let sue: User;
  let max: User;
  let riVersion: string;
  let mttVersion: string;
  let derived: string;
  let otherLine: string;
  const { api, walk } = runsApi(() => w);

  beforeAll(async () => {
    w = await bootRunsWorld();
    ({ t, sam, sue, max, riVersion, mttVersion, derived, otherLine } = w);
  });
  afterAll(() => t.close());

  describe('GET /runs', () => {
    const ids: Record<string, string> = {};

    beforeAll(async () => {
      const mk = async (
        name: string,
        by: User,
        version: string,
        materials: { materialId: string; role: string }[],
        plannedStartAt: string,
        operatorId?: string,
      ) => {
        const res = await api(by)
          .post('/runs', {
            protocolVersionId: version,
            title: `list ${name}`,
            materials,
            plannedStartAt,
            ...(operatorId ? { operatorId } : {}),
          })
          .expect(201);
        ids[name] = res.body.id;
      };
      await mk(
        'a',
        sue,
        riVersion,
        [{ materialId: otherLine, role: 'parental-line' }],
        '2030-01-05T00:00:00Z',
      );
      await mk(
        'b',
        sue,
        mttVersion,
        [{ materialId: otherLine, role: 'cell-lines' }],
        '2030-01-10T00:00:00Z',
      );
      await mk(
        'c',
        sue,
        mttVersion,
        [{ materialId: derived, role: 'cell-lines' }],
        '2030-02-01T00:00:00Z',
        max.id,
      );
      await walk({ id: ids.c } as Run, [[max, 'start', { actualStartAt: '2030-02-02T10:00:00Z' }]]);
    });

    const list = async (query: string) =>
      (await api(sam).get(`/runs?${query}`).expect(200)).body as {
        items: Run[];
        total: number;
        limit: number;
        offset: number;
      };
    const found = (page: { items: Run[] }) =>
      page.items.map((r) => r.id).filter((id) => Object.values(ids).includes(id));

    it('filters by protocol key or id, version, status, operator, material and dates', async () => {
      expect(found(await list('protocolKey=mtt-viability')).sort()).toEqual([ids.b, ids.c].sort());
      const protocols = (await api(sam).get('/protocols').expect(200)).body.items as {
        id: string;
        key: string;
      }[];
      const mttId = protocols.find((p) => p.key === 'mtt-viability')?.id;
      expect(found(await list(`protocolId=${mttId}`)).sort()).toEqual([ids.b, ids.c].sort());
      expect(found(await list(`protocolVersionId=${riVersion}`))).toEqual([ids.a]);
      const inProgress = await list(`status=in_progress&operatorId=${max.id}`);
      expect(inProgress.items.map((r) => r.id)).toEqual([ids.c]);
      expect(inProgress.total).toBe(1);
      expect(found(await list(`materialId=${otherLine}`)).sort()).toEqual([ids.a, ids.b].sort());
      const window = await list('plannedFrom=2030-01-06T00:00:00Z&plannedTo=2030-02-01T00:00:00Z');
      expect(window.items.map((r) => r.id).sort()).toEqual([ids.b, ids.c].sort());
      const started = await list('startedFrom=2030-02-02T00:00:00Z&startedTo=2030-02-03T00:00:00Z');
      expect(started.items.map((r) => r.id)).toEqual([ids.c]);
      const none = await list(`materialId=${otherLine}&status=approved`);
      expect(none).toMatchObject({ items: [], total: 0 });
    });

    it('pages with a total, newest first', async () => {
      const all = await list('limit=200');
      const first = await list('limit=2&offset=0');
      const second = await list('limit=2&offset=2');
      expect(first).toMatchObject({ total: all.total, limit: 2, offset: 0 });
      expect(first.items).toHaveLength(2);
      expect([...first.items, ...second.items].map((r) => r.id)).toEqual(
        all.items.slice(0, 4).map((r) => r.id),
      );
      expect(all.items.map((r) => r.id).slice(0, 3)).toEqual([ids.c, ids.b, ids.a]);
    });

    it('refuses bad filters naming the parameter', async () => {
      const res = await api(sam).get('/runs?status=done&limit=0&plannedFrom=yesterday').expect(400);
      expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
        'limit',
        'plannedFrom',
        'status',
      ]);
    });

    it('answers 404 for an unknown run', async () => {
      const res = await api(sam).get('/runs/00000000-0000-4000-8000-000000000000').expect(404);
      expect(res.body.code).toBe('NOT_FOUND');
    });
  });

  it('documents the run routes in OpenAPI', async () => {
    const spec = (await t.http().get('/docs-json').expect(200)).body;
    expect(Object.keys(spec.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/runs',
        '/api/v1/runs/{id}',
        '/api/v1/runs/{id}/approve',
        '/api/v1/runs/{id}/amendments',
        '/api/v1/amendments/{id}/approve',
        '/api/v1/runs/{id}/deviations',
        '/api/v1/runs/{id}/passages',
        '/api/v1/runs/{id}/next-dose',
      ]),
    );
    expect(spec.components.schemas.RunDetailDto).toBeDefined();
    expect(spec.components.schemas.ResolvedParameterDto).toBeDefined();
  });
});
