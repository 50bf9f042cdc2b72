/**
 * qPCR imports and analysis through the HTTP API: the Pfaffl multi-reference, Livak and
 * standard-curve reference fixtures reproduce; all-or-nothing, dry run, duplicate, content held
 * by another run, unmapped names listed, RUN_LOCKED; stored analyses with provenance, CSV and
 * plots.
 */
import { describeWithFixtures, readFixtureJson, readFixtureText } from './support/shared-fixtures';
import { api, bootQpcrWorld, qpcrRun, sign, type Body, type QpcrWorld } from './support/qpcr-world';

const REL = 1e-6;
function close(actual: number | null, expected: number, rel = REL): void {
  expect(actual).not.toBeNull();
  const tol = Math.max(Math.abs(expected) * rel, 1e-9);
  if (Math.abs((actual as number) - expected) > tol) {
    throw new Error(`expected ${expected}, got ${actual} (tolerance ${tol})`);
  }
}

/** A wide fixture table (well, <key column>, gene columns…) as a long CSV with plate wells. */
function wideToLong(
  wide: string,
  keyColumn: string,
  row: (key: string) => { sample: string; task: string; quantity: string },
): string {
  const [header, ...lines] = wide.trim().split(/\r?\n/);
  const cols = header.split(',');
  const genes = cols.filter((c) => c !== 'well' && c !== keyColumn);
  const out = ['well,sample,target,cq,task,quantity'];
  let n = 0;
  for (const line of lines) {
    const cells = line.split(',');
    const key = cells[cols.indexOf(keyColumn)];
    for (const gene of genes) {
      const well = `${'ABCDEFGHIJKLMNOP'[Math.floor(n / 24)]}${(n % 24) + 1}`;
      n++;
      const r = row(key);
      out.push([well, r.sample, gene, cells[cols.indexOf(gene)], r.task, r.quantity].join(','));
    }
  }
  return out.join('\n') + '\n';
}

/** An SVG answer's text (supertest buffers only text types by itself). */
async function svgText(w: QpcrWorld, path: string): Promise<string> {
  const res = await api(w.t, w.sam)
    .get(path)
    .buffer(true)
    .parse((r, cb) => {
      let data = '';
      r.setEncoding('utf8');
      r.on('data', (c: string) => (data += c));
      r.on('end', () => cb(null, data));
    });
  expect(res.status).toBe(200);
  expect(res.headers['content-type']).toMatch(/^image\/svg\+xml/);
  return res.body as string;
}

describeWithFixtures('qPCR imports and expression analysis', () => {
  let w: QpcrWorld;
  beforeAll(async () => {
    w = await bootQpcrWorld();
  });
  afterAll(async () => {
    await w.t.close();
  });

  const pfafflCsv = () => readFixtureText('qpcr', 'pfaffl-multi-reference', 'qpcr_long.csv');
  const pfafflNames = (): Body => ({
    samples: [
      ...['P1', 'P2', 'P3'].map((name) => ({ name, materialId: w.parental })),
      ...['R1', 'R2', 'R3'].map((name) => ({ name, materialId: w.resistant })),
    ],
  });

  describe('the Pfaffl multi-reference fixture', () => {
    let runId: string;
    let report: Body;
    const x = readFixtureJson('qpcr', 'pfaffl-multi-reference', 'expected.json').expected;

    beforeAll(async () => {
      runId = await qpcrRun(w, { targetGenes: ['ABCC1', 'ABCC4'] });
      await api(w.t, w.sam).put(`/runs/${runId}/qpcr-names`, pfafflNames()).expect(200);
      report = (
        await api(w.t, w.sam).postText(`/runs/${runId}/qpcr-imports`, pfafflCsv()).expect(201)
      ).body;
    });

    it('stores every reaction as written, the undetermined ones as undetermined', async () => {
      expect(report).toMatchObject({ outcome: 'imported', format: 'long-csv', reactions: 170 });
      expect(report.undetermined).toBe(6);
      const page = await api(w.t, w.sam).get(`/runs/${runId}/qpcr-reactions?limit=500`).expect(200);
      expect(page.body.total).toBe(170);
      const f21 = page.body.items.find((r: Body) => r.well === 'F21');
      expect(f21).toMatchObject({ cq: null, cqStatus: 'undetermined', cqRaw: 'Undetermined' });
      const a1 = page.body.items.find((r: Body) => r.well === 'A1');
      expect(a1).toMatchObject({ cq: 20.65, cqRaw: '20.650', task: 'standard', quantity: 1000 });
    });

    it('reproduces the standard-curve efficiencies and their acceptance', () => {
      for (const [gene, e] of Object.entries<Body>(x.efficiency)) {
        const got = report.analysis.efficiencies.find((g: Body) => g.gene === gene);
        expect(got.source).toBe('standard-curve');
        close(got.slope, e.slope);
        close(got.rSquared, e.r_squared);
        close(got.amplificationFactor, e.E);
        close(got.efficiencyPercent, e.efficiency_pct);
        expect(got.accepted).toBe(e['accepted_90_110pct_and_r2_0.98']);
      }
      // B2M at 89.2 % is outside 90–110 %: auto chooses Pfaffl/qBase.
      expect(report.analysis.quantificationMethod).toBe('pfaffl-multi-reference');
      expect(report.analysis.flags).toContain('efficiency-out-of-range:B2M');
    });

    it('reproduces the resistant vs parental ratio, Welch test and CI per target', () => {
      for (const gene of ['ABCC1', 'ABCC4']) {
        const e = x.pfaffl[gene];
        const g = report.analysis.groups.find((r: Body) => r.gene === gene);
        expect(g).toMatchObject({ group: 'resistant', calibratorGroup: 'parental', nSamples: 3 });
        expect(g.materialId).toBe(w.resistant);
        expect(g.calibratorMaterialId).toBe(w.parental);
        close(g.foldChange, e.pfaffl_ratio_resistant_vs_parental);
        close(g.log2Fold, e.log2_ratio);
        close(g.t, e.welch_t_test_log2_NRQ.t);
        close(g.df, e.welch_t_test_log2_NRQ.df);
        close(g.pValue, e.welch_t_test_log2_NRQ.p_value, 1e-4);
        close(g.ciLower, e.welch_t_test_log2_NRQ.fold_ci95[0]);
        close(g.ciUpper, e.welch_t_test_log2_NRQ.fold_ci95[1]);
      }
    });

    it('stores the analysis with provenance; sample means match; NTCs clean', async () => {
      const a = (
        await api(w.t, w.sam).get(`/qpcr-analyses/${report.analysis.analysisId}`).expect(200)
      ).body;
      expect(a).toMatchObject({
        runId,
        current: true,
        method: 'qpcr-expression-analysis',
        methodVersion: '1.0.0',
      });
      expect(a.inputHash).toMatch(/^[0-9a-f]{64}$/);
      expect(a.options).toMatchObject({ replicateSdMax: 0.3, calibratorGroup: 'parental' });
      for (const [key, e] of Object.entries<Body>(x.sample_mean_cq)) {
        const [sample, gene] = key.split('/');
        const row = a.result.samples.find((s: Body) => s.sample === sample && s.gene === gene);
        close(row.meanCq, e.mean);
        close(row.sdCq, e.sd);
        expect(row.nDetermined).toBe(e.n);
      }
      expect(a.result.excludedUndeterminedWells).toContain('F21');
      expect(a.result.ntc.every((n: Body) => !n.contamination)).toBe(true);
      const r2 = a.result.samples.find((s: Body) => s.sample === 'R2' && s.gene === 'ABCC4');
      expect(r2.flags).toContain('undetermined-excluded');
      const fc = await api(w.t, w.sam)
        .get(`/qpcr-fold-changes?materialId=${w.resistant}`)
        .expect(200);
      expect(fc.body).toMatchObject({ total: 2, limit: 50, offset: 0 });
    });

    it("puts the transporter fold changes on both lines' evidence pages, with run and provenance", async () => {
      const page = (await api(w.t, w.mia).get(`/materials/${w.resistant}/evidence`).expect(200))
        .body;
      expect(page.material).toMatchObject({ id: w.resistant, name: 'HIG-82 6-TG-R' });
      expect(page.parent).toMatchObject({ id: w.parental, name: 'HIG-82' });
      expect(page.sections.map((s: Body) => s.section)).toEqual(
        expect.arrayContaining(['fold-resistance', 'transporter-expression']),
      );
      const mtt = page.sections.find((s: Body) => s.section === 'fold-resistance');
      expect(mtt.items).toEqual([]);
      const qpcr = page.sections.find((s: Body) => s.section === 'transporter-expression');
      expect(qpcr.items.map((i: Body) => i.result.gene).sort()).toEqual(['ABCC1', 'ABCC4']);
      const abcc1 = qpcr.items.find((i: Body) => i.result.gene === 'ABCC1');
      expect(abcc1).toMatchObject({ runId, runStatus: 'in_progress' });
      close(abcc1.result.foldChange, x.pfaffl.ABCC1.pfaffl_ratio_resistant_vs_parental);
      expect(abcc1.provenance).toMatchObject({
        method: 'qpcr-expression-analysis',
        inputHash: expect.stringMatching(/^[0-9a-f]{64}$/),
      });
      const parental = (await api(w.t, w.sam).get(`/materials/${w.parental}/evidence`).expect(200))
        .body;
      const side = parental.sections.find((s: Body) => s.section === 'transporter-expression');
      expect(side.items).toHaveLength(2);
    });

    it('exports CSV rows per sample and gene, and draws the plots', async () => {
      const id = report.analysis.analysisId as string;
      const csv = await api(w.t, w.sam).get(`/qpcr-analyses/${id}/export.csv`).expect(200);
      expect(csv.headers['content-type']).toMatch(/text\/csv/);
      const lines = csv.text.split('\r\n');
      expect(lines[0]).toBe(
        'sample,group,material_id,gene,role,n_wells,n_determined,cq_mean,cq_sd,delta_cq,delta_cq_sd,delta_delta_cq,log2_fold,fold,fold_lower,fold_upper,flags',
      );
      expect(lines).toHaveLength(1 + 6 * 5);
      const plot = await svgText(w, `/qpcr-analyses/${id}/plot.svg`);
      expect(plot).toContain('ABCC1');
      const sc = await svgText(w, `/qpcr-analyses/${id}/standard-curves.svg`);
      expect(sc).toMatch(/B2M: slope -3\.611/);
    });

    it('the same file again is a duplicate: 200, nothing new', async () => {
      const again = await api(w.t, w.sam)
        .postText(`/runs/${runId}/qpcr-imports`, pfafflCsv())
        .expect(200);
      expect(again.body).toMatchObject({ outcome: 'duplicate', importId: report.importId });
      expect(again.body.analysis.analysisId).toBe(report.analysis.analysisId);
      const list = await api(w.t, w.sam).get(`/runs/${runId}/qpcr-analyses`).expect(200);
      expect(list.body.total).toBe(1);
    });

    it('recomputing supersedes the analysis, never deletes it', async () => {
      const first = await api(w.t, w.sam)
        .get(`/qpcr-analyses/${report.analysis.analysisId}`)
        .expect(200);
      const next = await api(w.t, w.sam).post(`/runs/${runId}/qpcr-analyses`).expect(201);
      // The same reactions and settings: the same input hash and the same answer.
      expect(next.body.inputHash).toBe(first.body.inputHash);
      expect(next.body.groups).toEqual(first.body.groups);
      const list = await api(w.t, w.sam).get(`/runs/${runId}/qpcr-analyses`).expect(200);
      expect(list.body.total).toBe(2);
      expect(list.body.items.map((a: Body) => a.current)).toEqual([true, false]);
      expect(list.body.items[1].supersededAt).toEqual(expect.any(String));
      const current = await api(w.t, w.sam).get(`/qpcr-fold-changes?runId=${runId}`).expect(200);
      expect(current.body.items.every((f: Body) => f.analysisId === next.body.analysisId)).toBe(
        true,
      );
      const all = await api(w.t, w.sam)
        .get(`/qpcr-fold-changes?runId=${runId}&current=false`)
        .expect(200);
      expect(all.body.total).toBe(4);
    });

    it('another run refuses the same content (409, heldBy), and stores nothing', async () => {
      const other = await qpcrRun(w, { targetGenes: ['ABCC1', 'ABCC4'] });
      await api(w.t, w.sam).put(`/runs/${other}/qpcr-names`, pfafflNames()).expect(200);
      const refused = await api(w.t, w.sam)
        .postText(`/runs/${other}/qpcr-imports`, pfafflCsv())
        .expect(409);
      expect(refused.body).toMatchObject({
        code: 'QPCR_EXPORT_HELD_BY_ANOTHER_RUN',
        heldBy: runId,
      });
    });
  });

  it('dry run reports the analysis and stores nothing; unmapped names are listed', async () => {
    const runId = await qpcrRun(w, { targetGenes: ['ABCC1', 'ABCC4'] });
    const a = api(w.t, w.sam);
    // Another export than the other runs' (one Cq differs).
    const file = pfafflCsv().replace('A2,STD_1000,ABCC1,20.372', 'A2,STD_1000,ABCC1,20.373');
    const unmapped = await a.postText(`/runs/${runId}/qpcr-imports`, file).expect(422);
    expect(unmapped.body.code).toBe('IMPORT_REJECTED');
    const samples = unmapped.body.errors.filter((e: Body) => e.code === 'UNMAPPED_SAMPLE');
    expect(samples.map((e: Body) => e.field)).toEqual(
      ['P1', 'P2', 'P3', 'R1', 'R2', 'R3'].map((s) => `sample "${s}"`),
    );
    expect(samples[0].message).toMatch(/known names: HIG-82, HIG-82 6-TG-R/);
    await a
      .put(`/runs/${runId}/qpcr-names`, {
        samples: pfafflNames().samples,
        targets: [],
      })
      .expect(200);
    const renamed = file.replace(/,ABCC4,/g, ',MRP4,');
    const target = await a.postText(`/runs/${runId}/qpcr-imports`, renamed).expect(422);
    expect(target.body.errors).toEqual([
      expect.objectContaining({
        code: 'UNMAPPED_TARGET',
        message: expect.stringMatching(
          /target "MRP4" \(first at line 17\).*known names: GAPDH, ACTB, B2M, ABCC1, ABCC4/,
        ),
      }),
    ]);
    const dry = await a.postText(`/runs/${runId}/qpcr-imports?dryRun=true`, file).expect(200);
    expect(dry.body).toMatchObject({ outcome: 'dry-run', importId: null });
    expect(dry.body.analysis.analysisId).toBeNull();
    expect(dry.body.analysis.groups).toHaveLength(2);
    expect((await a.get(`/runs/${runId}/qpcr-analyses`).expect(200)).body.total).toBe(0);
    expect((await a.get(`/runs/${runId}/qpcr-reactions`).expect(200)).body.total).toBe(0);
    const bad = await a
      .postText(`/runs/${runId}/qpcr-imports`, 'well,sample,target,cq\nA1,P1,ABCC1,27,5\n')
      .expect(422);
    expect(bad.body.errors[0]).toMatchObject({ line: 2 });
  });

  it('reproduces the Livak fixture (c-myc vs GAPDH, brain calibrator, assumed 100 %)', async () => {
    const x = readFixtureJson('qpcr', 'livak', 'expected.json').expected;
    const csv = wideToLong(readFixtureText('qpcr', 'livak', 'input_wide.csv'), 'group', (g) => ({
      sample: g,
      task: 'unknown',
      quantity: '',
    }));
    const runId = await qpcrRun(w, {
      referenceGenes: ['GAPDH'],
      targetGenes: ['MYC'],
      calibratorGroup: 'brain',
      efficiencySource: 'assumed-100-percent',
    });
    const a = api(w.t, w.sam);
    await a
      .put(`/runs/${runId}/qpcr-names`, {
        samples: [
          { name: 'brain', materialId: w.parental, group: 'brain' },
          { name: 'kidney', materialId: w.resistant, group: 'kidney' },
        ],
        targets: [{ name: 'c_myc', gene: 'MYC' }],
      })
      .expect(200);
    const r = (await a.postText(`/runs/${runId}/qpcr-imports`, csv).expect(201)).body;
    expect(r.analysis.quantificationMethod).toBe('livak');
    const full = (await a.get(`/qpcr-analyses/${r.analysis.analysisId}`).expect(200)).body;
    for (const tissue of ['brain', 'kidney']) {
      const e = x[tissue];
      const row = full.result.samples.find((s: Body) => s.sample === tissue && s.gene === 'MYC');
      const ref = full.result.samples.find((s: Body) => s.sample === tissue && s.gene === 'GAPDH');
      close(row.meanCq, e.mean_ct_target);
      close(row.sdCq, e.sd_ct_target);
      close(ref.meanCq, e.mean_ct_ref);
      close(row.deltaCq, e.dCt);
      close(row.sdDeltaCq, e.sd_dCt);
      expect(Math.abs(row.deltaDeltaCq - e.ddCt)).toBeLessThan(1e-9);
      close(row.fold, e.fold_change);
      close(row.foldLower, e.fold_lower);
      close(row.foldUpper, e.fold_upper);
    }
  });

  it('reproduces the standard-curve fixture (7 points, triplicates)', async () => {
    const x = readFixtureJson('qpcr', 'standard-curve', 'expected.json').expected;
    const csv = wideToLong(
      readFixtureText('qpcr', 'standard-curve', 'input_wide.csv'),
      'amount',
      (q) => ({
        sample: `STD_${q}`,
        task: 'standard',
        quantity: q,
      }),
    );
    const runId = await qpcrRun(w, { referenceGenes: ['GAPDH'], targetGenes: ['MYC'] });
    const a = api(w.t, w.sam);
    await a
      .put(`/runs/${runId}/qpcr-names`, { samples: [], targets: [{ name: 'c_myc', gene: 'MYC' }] })
      .expect(200);
    const r = (await a.postText(`/runs/${runId}/qpcr-imports`, csv).expect(201)).body;
    for (const [name, gene] of [
      ['c_myc', 'MYC'],
      ['GAPDH', 'GAPDH'],
    ]) {
      const e = x[name];
      const got = r.analysis.efficiencies.find((g: Body) => g.gene === gene);
      close(got.slope, e.slope);
      close(got.rSquared, e.r_squared);
      close(got.amplificationFactor, e.efficiency_E);
      close(got.efficiencyPercent, e.efficiency_pct);
      expect(got.accepted).toBe(true);
    }
  });

  it('an approved run refuses a new import (RUN_LOCKED)', async () => {
    const runId = await qpcrRun(w, { targetGenes: ['ABCC1', 'ABCC4'], miqeRequiredFields: [] });
    const a = api(w.t, w.sam);
    await a.put(`/runs/${runId}/qpcr-names`, pfafflNames()).expect(200);
    const csv = pfafflCsv().replace('A1,STD_1000,ABCC1,20.650', 'A1,STD_1000,ABCC1,20.651');
    await a.postText(`/runs/${runId}/qpcr-imports`, csv).expect(201);
    await a.post(`/runs/${runId}/complete`, {}).expect(200);
    await a.post(`/runs/${runId}/submit`, {}).expect(200);
    await api(w.t, w.mia).post(`/runs/${runId}/approve`, sign()).expect(200);
    const locked = await a
      .postText(`/runs/${runId}/qpcr-imports`, csv.replace('20.651', '20.652'))
      .expect(409);
    expect(locked.body.code).toBe('RUN_LOCKED');
    expect((await a.post(`/runs/${runId}/qpcr-analyses`).expect(409)).body.code).toBe('RUN_LOCKED');
  });
});
