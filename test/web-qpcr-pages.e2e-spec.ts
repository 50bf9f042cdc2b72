// The web UI's qPCR results (issue 19): a qpcr-expression run's page shows the current analysis
// (fold-change chart, group fold changes with CI, standard curves with efficiencies, flags), its
// own page adds the per-sample × gene table, NTCs, reference stability and the earlier
// analyses; the plots open with the session cookie alone; other runs show no qPCR section.
import { api, cellLines, startedRun } from './support/plate-assays';
import {
  bootQpcrWebWorld,
  importSyntheticQpcr,
  qpcrRun,
  signedIn,
  type QpcrWebWorld,
} from './support/qpcr-world';
import { tableByCaption, WebClient } from './support/web-client';

describe('web UI: qPCR results', () => {
  let w: QpcrWebWorld;
  let runId: string;
  let analysisId: string;
  let scientist: WebClient;
  let manager: WebClient;

  beforeAll(async () => {
    w = await bootQpcrWebWorld();
    ({ runId, samWeb: scientist } = w);
    analysisId = await importSyntheticQpcr(w, runId);
    manager = await signedIn(w.t, 'mia', w.mia.password);
  }, 60_000);
  afterAll(() => w?.t.close());

  it('the run page shows the fold-change chart, group folds with CI, standard curves and flags', async () => {
    const res = await manager.get(`/ui/runs/${runId}`);
    expect(res.status).toBe(200);
    for (const text of [
      'qPCR expression: fold change',
      'qPCR expression: standard curves and efficiency',
      'qPCR expression: flags',
      'Group fold changes against the calibrator group',
      'Amplification efficiency per gene',
      `/api/v1/qpcr-analyses/${analysisId}/plot.svg`,
      `/api/v1/qpcr-analyses/${analysisId}/standard-curves.svg`,
      'Open the full analysis',
    ]) {
      expect(res.text).toContain(text);
    }
    // The resistant samples' targets sit 2 cycles earlier at ~100 % efficiency: fold ≈ 4.
    const stored = (await api(w.t, w.sam).get(`/qpcr-analyses/${analysisId}`).expect(200)).body;
    const abcc1 = stored.groups.find((g: { gene: string }) => g.gene === 'ABCC1');
    expect(abcc1.foldChange).toBeGreaterThan(3.5);
    expect(abcc1.foldChange).toBeLessThan(4.6);
    const shown = String(Number(abcc1.foldChange.toPrecision(3)));
    expect(res.text).toContain(`${shown} (`);
    // The resistant group links to its material.
    expect(res.text).toContain(`href="/ui/materials/${w.resistant}">resistant</a>`);
  });

  it('the plots open with the session cookie alone; without it the API refuses', async () => {
    for (const path of [
      `/api/v1/qpcr-analyses/${analysisId}/plot.svg`,
      `/api/v1/qpcr-analyses/${analysisId}/standard-curves.svg`,
    ]) {
      const svg = await scientist.get(path);
      expect(svg.status).toBe(200);
      expect(svg.headers['content-type']).toMatch(/image\/svg\+xml/);
      await w.t.http().get(path).expect(401);
    }
  });

  it('the analysis page has the per-sample × gene table, NTCs, reference stability and history', async () => {
    const res = await scientist.get(`/ui/assays/qpcr/analysis/${analysisId}`);
    expect(res.status).toBe(200);
    for (const text of [
      'Per sample and gene',
      'No-template controls per gene',
      'all undetermined',
      'Analyses of this run',
      '(this analysis)',
    ]) {
      expect(res.text).toContain(text);
    }
    // One row per sample × gene: 6 samples × 4 genes.
    const table = tableByCaption(res.text, 'Technical replicates summarised per sample and gene');
    expect(table.rows).toHaveLength(24);
    // A recomputation supersedes: the old analysis page says so and links the new one.
    const again = await api(w.t, w.sam).post(`/runs/${runId}/qpcr-analyses`).expect(201);
    const old = await scientist.get(`/ui/assays/qpcr/analysis/${analysisId}`);
    expect(old.text).toContain('(superseded)');
    expect(old.text).toContain(`/ui/assays/qpcr/analysis/${again.body.analysisId}`);
    const run = await scientist.get(`/ui/runs/${runId}`);
    expect(run.text).toContain(`/api/v1/qpcr-analyses/${again.body.analysisId}/plot.svg`);
  });

  it('an unknown analysis is a 404 page; a run of another assay has no qPCR section', async () => {
    const missing = await scientist.get(
      '/ui/assays/qpcr/analysis/00000000-0000-4000-8000-000000000000',
    );
    expect(missing.status).toBe(404);
    const mtt = await startedRun(w.t, w.sam, 'mtt-viability', cellLines(w.parental));
    const page = await scientist.get(`/ui/runs/${mtt}`);
    expect(page.status).toBe(200);
    expect(page.text).not.toContain('qPCR expression');
  });

  it('a qPCR run before its import says so', async () => {
    const empty = await qpcrRun(w);
    const page = await scientist.get(`/ui/runs/${empty}`);
    expect(page.text).toContain('No qPCR export imported on this run yet.');
  });
});
