import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { EffluxExperimentDto, EffluxResultDto } from '../src/assays/efflux/dto/efflux.dto';
import type { FitDto } from '../src/assays/viability/dto/fit.dto';
import type { RecordedFoldResistanceDto } from '../src/assays/viability/dto/fold-resistance.dto';
import type { PlateDto } from '../src/plates/dto/plate.dto';
import { COCULTURE_RUN, LCMS_RUN } from '../seed/demo-coculture';
import { demoDataDir } from '../seed/demo-assays';
import { QPCR_EXPORT, QPCR_RUN } from '../seed/demo-qpcr';
import { formatReport, seedDemo, type SeedReport } from '../seed/demo-seed';
import { expectRel } from './support/plate-assays';
import { bearer } from './support/runs-fixtures';
import { startServer, stopServer, type StartedServer } from './support/started-server';
import { createTestApp, TestApp } from './support/test-app';
import { transpileServer } from './support/transpiled-server';

const RUN_STATES = [
  'planned',
  'in_progress',
  'completed',
  'in_review',
  'approved',
  'returned',
  'cancelled',
];
// The demo plates (seed/data/) carry the absorbances of the synthetic shared fixtures
// mtt/parental-vs-resistant and efflux/mk571-reversal; these are their expected.json answers.
const MTT = {
  parentalIc50: 2.2476888049321686,
  resistantIc50: 22.30437240894097,
  foldResistance: 9.923247542096505,
  foldCi: [7.809068798084695, 12.609805897199411],
};
const EFFLUX = {
  verdict: 'partially restored',
  reversalResistant: 4.292100078672719,
  foldWithInhibitor: 2.185295557852781,
  percentRestoration: 85.85482983067065,
};
// What seed/data/qpcr/generate-qpcr-demo.py wrote the QuantStudio export from: each gene's
// efficiency (%) and the resistant line's fold of each transporter; the Cq values carry
// biological and technical noise, so the analysis finds them within its CIs, not exactly.
const QPCR = {
  efficiencyPercent: {
    GAPDH: 98.6,
    ACTB: 101.3,
    B2M: 96.9,
    ABCC1: 94.2,
    ABCG2: 99.1,
    ABCC4: 92.8,
    ABCC5: 103.2,
  } as Record<string, number>,
  fold: { ABCC1: 1.8, ABCG2: 1.1, ABCC4: 5.5, ABCC5: 2.6 } as Record<string, number>,
};
const IC50_TOL = 0.001;
const FOLD_TOL = 0.002;
const FOLD_CI_TOL = 0.01;

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

  let first: SeedReport;

  it('a seed that fails before its last step issues no key; the next one completes it', async () => {
    process.env.SEED_DEMO_FAIL_AT = 'materials';
    try {
      await expect(seedDemo(t.app)).rejects.toThrow(/SEED_DEMO_FAIL_AT=materials/);
    } finally {
      delete process.env.SEED_DEMO_FAIL_AT;
    }
    // The users step committed (in place; the SQLite command works on a copy), but no key exists.
    const demoKeys = await t.dataSource.query(
      `SELECT count(*) AS n FROM api_keys k JOIN users u ON u.id = k.user_id WHERE u.username LIKE 'demo.%'`,
    );
    expect(Number(demoKeys[0].n)).toBe(0);
  });

  it('seeds users, materials of every kind and runs in every state on a fresh database', async () => {
    const report = await seedDemo(t.app);
    first = report;
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
    expect(runs.total).toBe(12);
    expect(report.runsCreated).toBe(12);
    expect([...new Set(runs.items.map((r: { status: string }) => r.status))].sort()).toEqual(
      [...RUN_STATES].sort(),
    );
    const byTitle = (title: string) => {
      const run = runs.items.find((r: { title: string }) => r.title === title);
      if (!run) throw new Error(`no demo run '${title}'`);
      return run;
    };

    // The selection run has its passage log, an override deviation and a next-dose suggestion.
    const selection = byTitle('Demo: 6-TG selection of HIG-82 6-TG-R1');
    const passages = (await get(`/runs/${selection.id}/passages`)).items;
    expect(passages).toHaveLength(6);
    const deviations = (await get(`/runs/${selection.id}/deviations`)).items;
    expect(deviations.map((d: { kind: string }) => d.kind).sort()).toEqual([
      'dose-override',
      'manual',
    ]);
    const next = await get(`/runs/${selection.id}/next-dose`);
    expect(next.suggestion).toMatchObject({ rule: 'hold', dose: { value: 0.5, unit: 'µM' } });

    // The approved run is signed and amended; the returned one carries the review comments.
    const approved = byTitle('Demo: MTT baseline IC50 of HIG-82 and RASF-07');
    const detail = await get(`/runs/${approved.id}`);
    expect(detail.signatures.map((s: { meaning: string }) => s.meaning)).toEqual(['approved']);
    expect(detail.notes).toContain('570/650 nm');
    const amendments = (await get(`/runs/${approved.id}/amendments`)).items;
    expect(amendments.map((a: { status: string }) => a.status)).toEqual(['approved']);
    const returned = runs.items.find((r: { status: string }) => r.status === 'returned');
    expect(returned.reviewComments).toMatch(/O2 log/);

    expect((await get('/audit/verify')).ok).toBe(true);
  });

  it('seeds the issue-5 demo: a 12-passage induction, MTT plates with fits, fold-resistance and an MK571 experiment', async () => {
    const materials = await get('/materials?limit=200');
    const barcode = (b: string) =>
      materials.items.find((m: { barcode: string }) => m.barcode === b) as {
        id: string;
        parentId: string | null;
      };
    const parental = barcode('DEMO-CL-001');
    const resistant = barcode('DEMO-CL-004');
    expect(resistant.parentId).toBe(parental.id);

    // The 6-TG-R2 induction: 12 passages on a completed run, the rule's doses up to 1 µM.
    const runs = (await get('/runs?limit=200')).items as {
      id: string;
      title: string;
      status: string;
    }[];
    const induction = runs.find((r) => r.title === 'Demo: 6-TG selection of HIG-82 6-TG-R2')!;
    expect(induction.status).toBe('completed');
    const log = (await get(`/runs/${induction.id}/passages`)).items;
    expect(log).toHaveLength(12);
    expect(log.map((p: { passageNumber: number }) => p.passageNumber)).toEqual(
      Array.from({ length: 12 }, (_, i) => i + 1),
    );
    expect(log[0].dose).toEqual({ value: 0.25, unit: 'µM' });
    expect(log[11].dose).toEqual({ value: 1, unit: 'µM' });
    expect(log.every((p: { deviation: boolean }) => !p.deviation)).toBe(true);
    expect(log.every((p: { materialId: string }) => p.materialId === resistant.id)).toBe(true);

    // Three plates, each read from a reader export (Gen5, SoftMax Pro, long CSV) and analysed.
    const plates = (await get('/plates?limit=50')).items as PlateDto[];
    expect(plates.map((p) => p.barcode).sort()).toEqual([
      'DEMO-EFX-0001',
      'DEMO-EFX-0002',
      'DEMO-MTT-0001',
    ]);
    expect(plates.every((p) => p.status === 'read' && p.readAt !== null)).toBe(true);
    const plate = (b: string) => plates.find((p) => p.barcode === b)!;
    const formats = await Promise.all(
      plates.map(async (p) => (await get(`/plates/${p.id}`)).readings[0].format as string),
    );
    expect(formats.sort()).toEqual(['gen5', 'long', 'softmax']);

    // The MTT plate: current LL.4 fits of both lines on an approved run, at the fixture IC50s.
    const mtt = plate('DEMO-MTT-0001');
    expect(runs.find((r) => r.id === mtt.runId)!.status).toBe('approved');
    const fits = (await get(`/plates/${mtt.id}/fits`)).items as FitDto[];
    expect(fits).toHaveLength(2);
    const fitOf = (materialId: string) => fits.find((f) => f.materialId === materialId)!;
    for (const f of fits) expect(f).toMatchObject({ status: 'current', model: 'LL4' });
    expectRel(fitOf(parental.id).ic50.relative, MTT.parentalIc50, IC50_TOL, 'parental IC50');
    expectRel(fitOf(resistant.id).ic50.relative, MTT.resistantIc50, IC50_TOL, 'resistant IC50');
    const [qc] = (await get(`/plates/${mtt.id}/qc`)).items;
    expect(qc.passes).toBe(true);

    // The fold-resistance, recorded on the resistant population from the MTT plate's fits.
    const recorded = (await get(`/materials/${resistant.id}/fold-resistance`))
      .items as RecordedFoldResistanceDto[];
    expect(recorded).toHaveLength(1);
    const fr = recorded[0];
    expect(fr).toMatchObject({
      parentalMaterialId: parental.id,
      resistantFitId: fitOf(resistant.id).id,
      parentalFitId: fitOf(parental.id).id,
      selection: 'approved-runs',
      status: 'determined',
    });
    expectRel(fr.ratio, MTT.foldResistance, FOLD_TOL, 'fold-resistance');
    expectRel(fr.ci95![0], MTT.foldCi[0], FOLD_CI_TOL, 'FR CI low');
    expectRel(fr.ci95![1], MTT.foldCi[1], FOLD_CI_TOL, 'FR CI high');

    // The MK571 experiment on the two efflux plates, with its verdict.
    const experiments = (await get('/efflux-experiments')).items as EffluxExperimentDto[];
    expect(experiments).toHaveLength(1);
    expect(experiments[0].plateIds.sort()).toEqual(
      [plate('DEMO-EFX-0001').id, plate('DEMO-EFX-0002').id].sort(),
    );
    const efflux = (await get(`/efflux-experiments/${experiments[0].id}`)) as EffluxResultDto;
    expect(efflux).toMatchObject({
      verdict: EFFLUX.verdict,
      decidedBy: 'reversal-ci',
      valid: true,
      flags: [],
    });
    expectRel(efflux.reversalFoldResistant.ratio, EFFLUX.reversalResistant, FOLD_TOL, 'reversal');
    expectRel(efflux.foldResistanceWithInhibitor.ratio, EFFLUX.foldWithInhibitor, FOLD_TOL);
    expectRel(efflux.percentRestoration, EFFLUX.percentRestoration, FOLD_TOL, '% restoration');
    expect(efflux.fits.resistantWithInhibitor.plateId).toBe(plate('DEMO-EFX-0001').id);
    expect(efflux.fits.parental.plateId).toBe(plate('DEMO-EFX-0002').id);

    expect((await get('/audit/verify')).ok).toBe(true);
  });

  it('seeds the co-culture demo: four donors, an abiotic control, a rejected and an accepted LC-MS/MS batch, kinetics and the donor comparison', async () => {
    const runs = (await get('/runs?limit=200')).items as { id: string; title: string }[];
    const runOf = (title: string) => runs.find((r) => r.title === title)!.id;
    const cocRun = runOf(COCULTURE_RUN);
    const cultures = (await get(`/coculture-cultures?runId=${cocRun}`)).items as {
      id: string;
      condition: string;
      donorCode: string | null;
      abioticControlId: string | null;
      anaerobic: boolean;
      samples: unknown[];
    }[];
    expect(cultures.map((c) => c.donorCode ?? c.condition).sort()).toEqual(
      ['RA-D001', 'RA-D002', 'RA-D003', 'RA-D004', 'abiotic'].sort(),
    );
    const abiotic = cultures.find((c) => c.condition === 'abiotic')!;
    for (const c of cultures) {
      expect(c.samples).toHaveLength(12);
      expect(c.anaerobic).toBe(true);
      if (c !== abiotic) expect(c.abioticControlId).toBe(abiotic.id);
    }

    // Batch A: its degraded QC-M and QC-H standards fail ICH M10; batch B, the re-injection, passes.
    const batches = (await get(`/lcms-batches?runId=${runOf(LCMS_RUN)}`)).items as {
      id: string;
      name: string;
    }[];
    expect(batches).toHaveLength(2);
    const verdicts: Record<string, { accepted: boolean; rules: string[] }[]> = {};
    for (const b of batches) {
      const cals = (await get(`/lcms-batches/${b.id}/calibrations`)).items as {
        accepted: boolean;
        failedRules: { code: string }[];
      }[];
      expect(cals).toHaveLength(3);
      verdicts[b.name.slice(11, 12)] = cals.map((c) => ({
        accepted: c.accepted,
        rules: c.failedRules.map((r) => r.code),
      }));
    }
    expect(verdicts.A.every((v) => !v.accepted && v.rules.length > 0)).toBe(true);
    expect(verdicts.A.flatMap((v) => v.rules).every((r) => r.startsWith('QC'))).toBe(true);
    expect(verdicts.B).toEqual(Array(3).fill({ accepted: true, rules: [] }));

    // Kinetics from batch B's concentrations: the rates the files were written from (±15 %).
    const rates: Record<string, number> = {
      'RA-D001': 0.021,
      'RA-D003': 0.032,
      'RA-D002': 0.088,
      'RA-D004': 0.121,
    };
    const comparison = await get('/degradation/comparison');
    // Two donors per group give rates and medians but no test: 2 vs 2 cannot reach p < 0.05.
    expect(comparison.status).toBe('insufficient-data');
    expect(comparison.reason).toMatch(/2 responder and 2 non-responder donors/);
    expect(comparison.test).toBeNull();
    for (const [code, k] of Object.entries(rates)) {
      const d = comparison.donors.find((x: { donorCode: string }) => x.donorCode === code);
      expect(Math.abs(d.rateConstantPerHour / k - 1)).toBeLessThan(0.15);
    }
    expect(comparison.responders.n).toBe(2);
    expect(comparison.nonResponders.n).toBe(2);
    expect(comparison.nonResponders.medianRateConstantPerHour).toBeGreaterThan(
      3 * comparison.responders.medianRateConstantPerHour,
    );
    const parent = (await get(`/degradation-results?runId=${cocRun}&analyte=azathioprine`))
      .items as { cultureId: string; rateConstantPerHour: number }[];
    expect(parent.find((r) => r.cultureId === abiotic.id)!.rateConstantPerHour).toBeLessThan(0.01);
    expect(first.summary.join('\n')).toMatch(
      /^Co-culture: azathioprine loss in non-responders median k \S+ \/h \(t½ \S+ h, n = 2\) vs responders median k \S+ \/h \(t½ \S+ h, n = 2\); no test: insufficient data: 2 responder and 2 non-responder donors/m,
    );
  });

  it('seeds the qPCR demo: a QuantStudio export with standard curves, imported as written, analysed, approved and on the evidence page', async () => {
    const runs = (await get('/runs?limit=200')).items as { id: string; title: string }[];
    const runId = runs.find((r) => r.title === QPCR_RUN)!.id;
    const run = await get(`/runs/${runId}`);
    expect(run.status).toBe('approved');
    expect(run.signatures.map((s: { meaning: string }) => s.meaning)).toEqual(['approved']);
    const miqe = await get(`/runs/${runId}/qpcr-miqe`);
    expect(miqe.missing).toEqual([]);

    // Every reaction of the export, its Cq text as the file writes it; NTCs stay undetermined.
    const file = readFileSync(join(demoDataDir(), QPCR_EXPORT), 'utf8').split('\r\n');
    const header = file.indexOf('[Results]') + 1;
    const columns = file[header].split('\t');
    const written = new Map(
      file
        .slice(header + 1)
        .filter((l) => l.trim() !== '')
        .map((l) => l.split('\t'))
        .map((c) => [
          `${c[columns.indexOf('Well Position')]}/${c[columns.indexOf('Target Name')]}`,
          c[columns.indexOf('CT')],
        ]),
    );
    expect(written.size).toBe(210);
    const reactions = (await get(`/runs/${runId}/qpcr-reactions?limit=500`)).items as {
      well: string;
      gene: string;
      task: string;
      cq: number | null;
      cqStatus: string;
      cqRaw: string;
    }[];
    expect(reactions).toHaveLength(210);
    for (const r of reactions) {
      const raw = written.get(`${r.well}/${r.gene}`);
      expect({ well: r.well, cqRaw: r.cqRaw }).toEqual({ well: r.well, cqRaw: raw });
      if (raw === 'Undetermined') expect([r.cq, r.cqStatus]).toEqual([null, 'undetermined']);
      else expect(r.cq).toBe(Number(raw));
    }
    expect(reactions.filter((r) => r.cqStatus === 'undetermined')).toHaveLength(13);
    expect(new Set(reactions.filter((r) => r.task === 'standard').map((r) => r.gene)).size).toBe(7);

    // The analysis: each standard curve gives the efficiency the file was written with (±2 %),
    // Pfaffl/qBase on three references, and each fold's CI holds the fold it was written with.
    const analyses = (await get(`/runs/${runId}/qpcr-analyses`)).items as {
      quantificationMethod: string;
      flags: string[];
      efficiencies: {
        gene: string;
        efficiencyPercent: number;
        accepted: boolean;
        rSquared: number;
      }[];
      groups: {
        gene: string;
        foldChange: number;
        ciLower: number;
        ciUpper: number;
        pValue: number;
        flags: string[];
      }[];
      result: { ntc: { target: string; contamination: boolean; flags: string[] }[] };
    }[];
    expect(analyses).toHaveLength(1);
    const a = analyses[0];
    expect(a.quantificationMethod).toBe('pfaffl-multi-reference');
    for (const e of a.efficiencies) {
      expect(Math.abs(e.efficiencyPercent - QPCR.efficiencyPercent[e.gene])).toBeLessThan(2);
      expect(e.accepted).toBe(true);
      expect(e.rSquared).toBeGreaterThan(0.99);
    }
    expect(a.groups.map((g) => g.gene).sort()).toEqual(Object.keys(QPCR.fold).sort());
    for (const g of a.groups) {
      expect(g.ciLower).toBeLessThan(QPCR.fold[g.gene]);
      expect(g.ciUpper).toBeGreaterThan(QPCR.fold[g.gene]);
    }
    const abcc4 = a.groups.find((g) => g.gene === 'ABCC4')!;
    expect(abcc4.ciLower).toBeGreaterThan(1);
    expect(abcc4.pValue).toBeLessThan(0.05);
    // The run's quirks: ABCG2's late replicate in HIG-82 B2, B2M's late NTC (not contamination).
    expect(a.flags).toEqual(['high-replicate-sd']);
    expect(a.groups.find((g) => g.gene === 'ABCG2')!.flags).toEqual(['high-replicate-sd']);
    expect(a.result.ntc.every((n) => !n.contamination)).toBe(true);
    expect(a.result.ntc.find((n) => n.target === 'B2M')!.flags).toEqual(['ntc-late-amplification']);

    // The resistant line's evidence page shows the transporter fold changes of the approved run.
    const materials = await get('/materials?limit=200');
    const resistant = materials.items.find((m: { barcode: string }) => m.barcode === 'DEMO-CL-004');
    const evidence = await get(`/materials/${resistant.id}/evidence`);
    const expression = evidence.sections.find(
      (s: { section: string }) => s.section === 'transporter-expression',
    );
    expect(expression.items).toHaveLength(4);
    for (const item of expression.items) {
      expect(item).toMatchObject({ runId, runStatus: 'approved' });
      expect(item.provenance.method).toBe('qpcr-expression-analysis');
    }
    // Beside them, the fold-resistance of the approved MTT run and the MK571 verdict.
    const section = (name: string) =>
      evidence.sections.find((s: { section: string }) => s.section === name).items;
    expect(section('fold-resistance')).toHaveLength(1);
    expect(section('fold-resistance')[0].runStatus).toBe('approved');
    const [efflux] = section('efflux-reversal');
    expect(efflux).toMatchObject({
      runTitle: 'Demo: MK571 reversal in 6-TG-R2',
      runStatus: 'completed',
      result: { verdict: 'partially restored', decidedBy: 'reversal-ci' },
      provenance: { method: 'dose-response/efflux-inhibitor-reversal' },
    });
  });

  it('prints what the demo assays show', () => {
    const text = formatReport(first);
    expect(text).toMatch(
      /^Plates: 3 layouts and 3 plates created, 3 readings imported and analysed, 3 results recorded\.$/m,
    );
    expect(text).toContain(
      'Selection: HIG-82 6-TG-R2 from HIG-82, 12 passages, 6-TG 0.25 µM → 1 µM (run completed).',
    );
    expect(text).toContain(
      'MTT: parental IC50 2.25 µM, resistant 22.3 µM, fold-resistance 9.92 (7.81–12.6).',
    );
    expect(text).toMatch(
      /^Efflux \(MK571 25 µM\): reversal 4\.29 \(3\.51–5\.24\), .*: partially restored \(decided by reversal-ci\)\.$/m,
    );
    expect(text).toMatch(/^qPCR: 1 export imported and analysed/m);
    expect(text).toMatch(
      /^qPCR \(pfaffl-multi-reference, run approved\): 6-TG-R2 vs HIG-82 ABCC1 \S+× \(\S+–\S+\), ABCC4 \S+× \(\S+–\S+\), ABCC5 \S+× \(\S+–\S+\), ABCG2 \S+× \(\S+–\S+\)\.$/m,
    );
  });

  it('is idempotent: a second run creates nothing', async () => {
    const events = (await get('/audit/verify')).events;
    const again = await seedDemo(t.app);
    expect(again).toEqual({
      users: [],
      materialsCreated: 0,
      runsCreated: 0,
      stepsDone: 0,
      layoutsCreated: 0,
      platesCreated: 0,
      readingsImported: 0,
      batchesImported: 0,
      qpcrImported: 0,
      resultsRecorded: 0,
      summary: first.summary,
    });
    const text = formatReport(again);
    expect(text.split('\n')[0]).toBe('Demo data already present: nothing to do.');
    expect(text).toContain(first.summary[1]);
    expect((await get('/runs')).total).toBe(12);
    expect((await get('/plates')).total).toBe(3);
    expect((await get('/plate-layouts')).total).toBe(3);
    expect((await get('/efflux-experiments')).items).toHaveLength(1);
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

/**
 * The command itself (`npm run seed:demo` runs seed/seed-demo.ts built), on a SQLite file: it
 * names the file, works on a copy, and puts the copy in place only when every step committed.
 */
const describeOnSqlite = process.env.DATABASE_URL ? describe.skip : describe;

describeOnSqlite('npm run seed:demo on SQLite: all or nothing', () => {
  const ROOT = join(__dirname, '..');
  const KEY = /tlk_[A-Za-z0-9]{12}_[A-Za-z0-9_-]{43}/g;
  let build: string;
  let mainJs: string;
  let dir: string;
  let env: NodeJS.ProcessEnv;
  let server: StartedServer | undefined;
  let adminKey: string;

  const sqlite = () => join(dir, 'lab.sqlite');
  const anchor = () => join(dir, 'lab.audit-anchor.jsonl');
  const digest = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');
  const seed = (extra: NodeJS.ProcessEnv = {}) => {
    const out = spawnSync(process.execPath, [join(build, 'seed', 'seed-demo.js')], {
      cwd: ROOT,
      env: { ...env, ...extra },
      encoding: 'utf8',
      timeout: 170_000,
    });
    return { status: out.status, stdout: out.stdout, stderr: out.stderr };
  };

  beforeAll(async () => {
    mkdirSync(join(ROOT, 'test/artifacts'), { recursive: true });
    build = mkdtempSync(join(ROOT, 'test/artifacts/seed-demo-'));
    mainJs = transpileServer(ROOT, build, ['seed']);
    dir = mkdtempSync(join(build, 'data-'));
    env = { ...process.env, PORT: '0', SQLITE_PATH: sqlite(), LOG_LEVEL: 'warn' };
    for (const name of ['DATABASE_URL', 'AUDIT_ANCHOR_FILE', 'NODE_ENV', 'SEED_DEMO_FAIL_AT']) {
      delete env[name];
    }
    // A database in use: the server's first start made the admin and anchored the trail.
    server = await startServer(process.execPath, [mainJs], { cwd: ROOT, env });
    adminKey = server.stdout.join('').match(KEY)![0];
    server.child.kill('SIGTERM');
    await new Promise((r) => server!.child.once('exit', r));
  }, 180_000);
  afterEach(() => stopServer(server));
  afterAll(() => rmSync(build, { recursive: true, force: true }));

  it('refuses while a server has the database open, and changes nothing', async () => {
    server = await startServer(process.execPath, [mainJs], { cwd: ROOT, env });
    const r = seed();
    expect(r.status).toBe(1);
    expect(r.stdout).toBe(`seed:demo writes the SQLite database ${sqlite()}\n`);
    expect(r.stderr).toMatch(/is open in another process \(a running server\?\)/);
    expect(r.stderr).toContain('Nothing was written');
    server.child.kill('SIGTERM');
    await new Promise((r) => server!.child.once('exit', r));
  }, 180_000);

  it('a failure at the last step leaves the database and its anchor as they were and shows no key', () => {
    const before = [digest(sqlite()), digest(anchor())];
    const files = readdirSync(dir).sort();
    const r = seed({ SEED_DEMO_FAIL_AT: 'keys' });
    expect(r.status).toBe(1);
    expect(r.stdout).toBe(`seed:demo writes the SQLite database ${sqlite()}\n`);
    expect(`${r.stdout}${r.stderr}`).not.toMatch(KEY);
    expect(r.stderr).toContain('SEED_DEMO_FAIL_AT=keys');
    expect(r.stderr).toContain(`Nothing was written: ${sqlite()} is as it was`);
    expect([digest(sqlite()), digest(anchor())]).toEqual(before);
    expect(readdirSync(dir).sort()).toEqual(files); // no copy left behind
  }, 180_000);

  it('a complete seed names the file, shows each key once, and the server then accepts them', async () => {
    const r = seed();
    expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 0, stderr: '' });
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe(`seed:demo writes the SQLite database ${sqlite()}`);
    expect(r.stdout).not.toContain('bootstrap API key'); // the admin existed already
    const keys = r.stdout.match(KEY)!;
    expect(keys).toHaveLength(2);
    expect(lines.filter((l) => l.includes(keys[0]))).toHaveLength(1);
    expect(lines).toContain(`Done: ${sqlite()} now holds the demo.`);
    expect(readdirSync(dir).filter((f) => f.includes('seed-demo'))).toEqual([]);

    server = await startServer(process.execPath, [mainJs], { cwd: ROOT, env });
    const call = async (key: string, path: string) => {
      const res = await fetch(`${server!.url}/api/v1${path}`, {
        headers: { authorization: `Bearer ${key}` },
      });
      return { status: res.status, body: (await res.json()) as Record<string, any> };
    };
    expect((await call(keys[0], '/auth/me')).body.username).toBe('demo.scientist');
    expect((await call(keys[1], '/auth/me')).body.username).toBe('demo.manager');
    expect((await call(adminKey, '/plates')).body.total).toBe(3);
    const verify = await call(adminKey, '/audit/verify');
    expect(verify.body).toMatchObject({ ok: true, anchor: { status: 'matches' } });
  }, 180_000);
});
