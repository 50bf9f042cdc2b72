import { formatReport, seedDemo } from '../seed/demo-seed';
import { bearer } from './support/runs-fixtures';
import { createTestApp, TestApp } from './support/test-app';

const RUN_STATES = [
  'planned',
  'in_progress',
  'completed',
  'in_review',
  'approved',
  'returned',
  'cancelled',
];
const MATERIAL_KINDS = [
  'cell-line',
  'cryo-stock',
  'donor',
  'fecal-sample',
  'fecal-aliquot',
  'bacterial-culture',
];

describe('demo seed (npm run seed:demo)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const get = async (path: string) =>
    (await t.http().get(`/api/v1${path}`).set(bearer(t.adminKey)).expect(200)).body;

  it('seeds users, materials of every kind and runs in every state on a fresh database', async () => {
    const report = await seedDemo(t.app);
    expect(report.users.map((u) => [u.username, u.roles])).toEqual([
      ['demo.scientist', ['scientist']],
      ['demo.manager', ['manager']],
    ]);
    expect(formatReport(report)).toContain(report.users[0].key);

    // The printed key works, and the demo scientist sees the demo runs.
    const me = await t.http().get('/api/v1/auth/me').set(bearer(report.users[0].key)).expect(200);
    expect(me.body.username).toBe('demo.scientist');

    const materials = await get('/materials?limit=200');
    const kinds = new Set(materials.items.map((m: { kind: string }) => m.kind));
    expect([...kinds].sort()).toEqual([...MATERIAL_KINDS].sort());
    expect(report.materialsCreated).toBe(materials.total);

    const runs = await get('/runs?limit=200');
    expect(runs.total).toBe(7);
    expect(report.runsCreated).toBe(7);
    expect(runs.items.map((r: { status: string }) => r.status).sort()).toEqual(
      [...RUN_STATES].sort(),
    );

    // The selection run has its passage log, an override deviation and a next-dose suggestion.
    const selection = runs.items.find(
      (r: { protocolKey: string }) => r.protocolKey === 'resistance-induction',
    );
    const passages = await get(`/runs/${selection.id}/passages`);
    expect(passages).toHaveLength(6);
    const deviations = await get(`/runs/${selection.id}/deviations`);
    expect(deviations.map((d: { kind: string }) => d.kind).sort()).toEqual([
      'dose-override',
      'manual',
    ]);
    const next = await get(`/runs/${selection.id}/next-dose`);
    expect(next.suggestion).toMatchObject({ rule: 'hold', dose: { value: 0.5, unit: 'µM' } });

    // The approved run is signed and amended; the returned one carries the review comments.
    const approved = runs.items.find((r: { status: string }) => r.status === 'approved');
    const detail = await get(`/runs/${approved.id}`);
    expect(detail.signatures.map((s: { meaning: string }) => s.meaning)).toEqual(['approved']);
    expect(detail.notes).toContain('570/650 nm');
    const amendments = await get(`/runs/${approved.id}/amendments`);
    expect(amendments.map((a: { status: string }) => a.status)).toEqual(['approved']);
    const returned = runs.items.find((r: { status: string }) => r.status === 'returned');
    expect(returned.reviewComments).toMatch(/O2 log/);

    expect((await get('/audit/verify')).ok).toBe(true);
  });

  it('is idempotent: a second run creates nothing', async () => {
    const events = (await get('/audit/verify')).events;
    const again = await seedDemo(t.app);
    expect(again).toEqual({ users: [], materialsCreated: 0, runsCreated: 0, stepsDone: 0 });
    expect(formatReport(again)).toBe('Demo data already present: nothing to do.\n');
    expect((await get('/runs')).total).toBe(7);
    expect((await get('/audit/verify')).events).toBe(events);
  });

  it('refuses to run with NODE_ENV=production', async () => {
    const saved = process.env.NODE_ENV;
    process.env.NODE_ENV = 'production';
    try {
      await expect(seedDemo(t.app)).rejects.toThrow(/NODE_ENV=production/);
    } finally {
      process.env.NODE_ENV = saved;
    }
  });
});
