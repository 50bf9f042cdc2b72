// The web UI's co-culture and LC-MS/MS pages (issue 19), on the seed:demo data: the LC-MS/MS
// run lists its batches with the ICH M10 decision; a batch's page has each analyte's calibration
// plot, line, back-calculated calibrators and QCs, the decision, and the unknowns' concentrations
// (BLQ/ALQ as statuses, never numbers); the co-culture run shows each culture's degradation plot
// with k and t½; the donor comparison page has the per-donor table, groups and the dot plot.
import { COCULTURE_RUN, LCMS_RUN } from '../seed/demo-coculture';
import { demoPassword, seedDemo } from '../seed/demo-seed';
import type { BatchDto, ConcentrationDto } from '../src/assays/lcms/dto/lcms.dto';
import { api } from './support/plate-assays';
import { createTestApp, createUserWithKey, type TestApp } from './support/test-app';
import { csrfOf, tableByCaption, WebClient } from './support/web-client';

describe('web UI: co-culture and LC-MS/MS pages on the demo data', () => {
  let t: TestApp;
  let viewer: { id: string; key: string; password: string };
  let scientist: WebClient;
  let lcmsRunId: string;
  let cocRunId: string;
  let batches: BatchDto[];

  beforeAll(async () => {
    t = await createTestApp();
    await seedDemo(t.app);
    viewer = await createUserWithKey(t, 'viewer', ['scientist']);
    const runs = (await api(t, viewer).get('/runs?limit=200').expect(200)).body;
    const list = (runs.items ?? runs) as { id: string; title: string }[];
    lcmsRunId = list.find((r) => r.title === LCMS_RUN)!.id;
    cocRunId = list.find((r) => r.title === COCULTURE_RUN)!.id;
    batches = (await api(t, viewer).get(`/lcms-batches?runId=${lcmsRunId}`).expect(200)).body.items;
    scientist = new WebClient(t);
    await scientist.signIn('demo.scientist', demoPassword('demo.scientist'));
  }, 180_000);
  afterAll(() => t?.close());

  it('the LC-MS/MS run lists its batches with their ICH M10 decision per analyte', async () => {
    const res = await scientist.get(`/ui/runs/${lcmsRunId}`);
    expect(res.status).toBe(200);
    expect(res.text).toContain('LC-MS/MS batches');
    for (const b of batches) {
      expect(res.text).toContain(`href="/ui/assays/lcms/batch/${b.id}"`);
      expect(b.accepted).not.toBeNull();
    }
    expect(res.text).toContain('accepted (ICH M10)');
    expect(res.text).toContain('not accepted');
    expect(res.text).toMatch(/<span class="sev-error">Fails<\/span>: <strong>[^<]+: azathioprine/);
  });

  it('a batch page shows calibration plots, the decision and concentrations with BLQ/ALQ as statuses', async () => {
    const accepted = batches.find((b) => b.accepted)!;
    const res = await scientist.get(`/ui/assays/lcms/batch/${accepted.id}`);
    expect(res.status).toBe(200);
    for (const analyte of accepted.analytes) {
      expect(res.text).toContain(`Calibration: ${analyte}`);
      expect(res.text).toContain(
        `/api/v1/lcms-batches/${accepted.id}/calibrations/${encodeURIComponent(analyte)}/plot.svg`,
      );
      expect(res.text).toContain(`Back-calculated calibrators and QCs of ${analyte}`);
    }
    expect(res.text).toContain('Injection list');
    // Every concentration is on the page, a number only when quantified.
    const conc = (
      await api(t, viewer).get(`/lcms-concentrations?batchId=${accepted.id}&limit=1000`).expect(200)
    ).body.items as ConcentrationDto[];
    expect(conc.length).toBeGreaterThan(0);
    const table = tableByCaption(res.text, 'Concentrations (');
    expect(table.rows).toHaveLength(conc.length);
    for (const c of conc.filter((x) => x.status !== 'quantified')) {
      expect(c.concentration).toBeNull();
    }
    if (conc.some((c) => c.status === 'BLQ')) expect(table.html).toContain('BLQ (below');
    // The plot opens with the session.
    const plot = await scientist.get(
      `/api/v1/lcms-batches/${accepted.id}/calibrations/${encodeURIComponent(accepted.analytes[0])}/plot.svg`,
    );
    expect(plot.status).toBe(200);
  });

  it('the rejected batch says which ICH M10 rules failed', async () => {
    const rejected = batches.find((b) => b.accepted === false)!;
    const res = await scientist.get(`/ui/assays/lcms/batch/${rejected.id}`);
    expect(res.status).toBe(200);
    expect(res.text).toContain('not accepted');
    expect(res.text).toMatch(/QC_(LEVEL_)?PASS_FRACTION/);
    expect(res.text).toContain('not reportable');
  });

  it('an exclusion posted on a batch page goes through the service’s rules, said on the page', async () => {
    const rejected = batches.find((b) => b.accepted === false)!;
    const page = await scientist.get(`/ui/assays/lcms/batch/${rejected.id}`);
    const noReason = await scientist.post(
      `/ui/assays/lcms/batch/${rejected.id}/exclude-azathioprine`,
      { _csrf: csrfOf(page.text), injection: 'CAL1', reason: '' },
    );
    expect(noReason.status).toBe(400);
    expect(noReason.text).toContain('give a reason');
    const unknownAction = await scientist.post(`/ui/assays/lcms/batch/${rejected.id}/drop`, {
      _csrf: csrfOf(page.text),
    });
    expect(unknownAction.status).toBe(404);
  });

  it('the co-culture run shows each culture with its degradation plot, k and t½', async () => {
    const res = await scientist.get(`/ui/runs/${cocRunId}`);
    expect(res.status).toBe(200);
    expect(res.text).toContain('Co-culture: cultures and degradation');
    const results = (await api(t, viewer).get(`/degradation-results?runId=${cocRunId}`).expect(200))
      .body.items as { cultureId: string; role: string; halfLifeHours: number | null }[];
    const parents = results.filter((r) => r.role === 'parent');
    expect(parents.length).toBeGreaterThan(0);
    for (const p of parents) {
      expect(res.text).toContain(`/api/v1/coculture-cultures/${p.cultureId}/degradation.svg`);
      if (p.halfLifeHours !== null) {
        expect(res.text).toContain(String(Number(p.halfLifeHours.toPrecision(3))));
      }
    }
    expect(res.text).toContain('href="/ui/assays/coculture/comparison/sfo"');
    const svg = await scientist.get(
      `/api/v1/coculture-cultures/${parents[0].cultureId}/degradation.svg`,
    );
    expect(svg.status).toBe(200);
  });

  it('the donor comparison page shows donors, groups, the test and the dot plot', async () => {
    const cmp = (await api(t, viewer).get('/degradation/comparison').expect(200)).body;
    const res = await scientist.get('/ui/assays/coculture/comparison/sfo');
    expect(res.status).toBe(200);
    for (const d of cmp.donors as { donorCode: string; donorId: string }[]) {
      expect(res.text).toContain(`href="/ui/materials/${d.donorId}">${d.donorCode}</a>`);
    }
    expect(res.text).toContain('/api/v1/degradation/comparison.svg?rate=sfo');
    expect(res.text).toContain('Responders');
    expect(res.text).toContain('Non-responders');
    const biotic = await scientist.get('/ui/assays/coculture/comparison/biotic');
    expect(biotic.status).toBe(200);
    expect(biotic.text).toContain('comparison.svg?rate=biotic');
    expect((await scientist.get('/ui/assays/coculture/comparison/other')).status).toBe(404);
  });
});
