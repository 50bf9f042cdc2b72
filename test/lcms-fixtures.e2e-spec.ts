// The weighted-calibration and ICH M10 reference batches (../shared/fixtures/lcms) through the
// HTTP API: batch from the injection list, the long CSV imported, the calibration, decision,
// accuracies and BLQ/ALQ as expected.json states them.
import { api, expectRel } from './support/plate-assays';
import {
  bootLcmsWorld,
  donorWithAliquot,
  injectionsFromLong,
  lcmsRun,
  type Body,
  type LcmsWorld,
} from './support/lcms-world';
import { describeWithFixtures, readFixtureJson, readFixtureText } from './support/shared-fixtures';

const TOL = 1e-6;

describeWithFixtures('LC-MS/MS reference batches through the API (../shared/fixtures/lcms)', () => {
  let w: LcmsWorld;
  let runId: string;

  beforeAll(async () => {
    w = await bootLcmsWorld();
    const { aliquotId } = await donorWithAliquot(w, 'RA-L01', 'responder');
    runId = await lcmsRun(w, aliquotId, { analytes: ['azathioprine'], concentrationUnit: 'ng/mL' });
  });
  afterAll(() => w.t.close());

  async function importBatch(
    name: string,
  ): Promise<{ batchId: string; report: Body; calibration: Body; concentrations: Body[] }> {
    const csv = readFixtureText('lcms', name, 'batch_long.csv');
    const a = api(w.t, w.sam);
    const batch = await a
      .post('/lcms-batches', {
        runId,
        name,
        instrument: 'QTRAP 6500+',
        internalStandard: 'AZA-d3',
        analytes: ['azathioprine'],
        injections: injectionsFromLong(csv),
      })
      .expect(201);
    const res = await a.postText(
      `/lcms-batches/${batch.body.id}/imports?filename=batch_long.csv`,
      csv,
    );
    if (res.status !== 201) throw new Error(`${res.status} ${JSON.stringify(res.body)}`);
    const calibration = (
      await a.get(`/lcms-batches/${batch.body.id}/calibrations/azathioprine`).expect(200)
    ).body;
    const concentrations = (
      await a.get(`/lcms-concentrations?batchId=${batch.body.id}`).expect(200)
    ).body.items;
    return { batchId: batch.body.id, report: res.body, calibration, concentrations };
  }

  it.each(['calibration-accept', 'calibration-reject'])(
    '%s reproduces expected.json',
    async (name) => {
      const exp = readFixtureJson('lcms', name, 'expected.json').expected;
      const { report, calibration, concentrations } = await importBatch(name);
      expect(report.outcome).toBe('imported');
      expect(report.format).toBe('long');
      const line = calibration.result.calibration.line;
      expectRel(line.slope, exp.calibration.weight_1_over_x2.slope, TOL, 'slope');
      expectRel(line.intercept, exp.calibration.weight_1_over_x2.intercept, TOL, 'intercept');
      expectRel(
        line.rSquaredWeighted,
        exp.calibration.weight_1_over_x2.r_squared_weighted,
        TOL,
        'R²',
      );
      expect(calibration.result.calibration.lloq).toBe(exp.lloq);
      expect(calibration.result.calibration.uloq).toBe(exp.uloq);
      for (const c of exp.calibrators) {
        const row = calibration.result.calibration.calibrators.find(
          (r: Body) => r.sample === c.sample,
        );
        expectRel(
          row.backCalculatedConcentration,
          c.back_calculated,
          TOL,
          `${c.sample} back-calculated`,
        );
        expectRel(row.accuracyPercent, c.accuracy_pct, TOL, `${c.sample} accuracy`);
        expect(row.pass).toBe(c.pass);
        expect(row.limitPercent).toBe(c.limit_pct);
      }
      for (const q of exp.qcs) {
        const row = calibration.result.calibration.qcs.find((r: Body) => r.sample === q.sample);
        expect(row.level).toBe(q.level);
        expectRel(row.accuracyPercent, q.accuracy_pct, TOL, `${q.sample} accuracy`);
        expect(row.pass).toBe(q.pass);
      }
      for (const [level, l] of Object.entries<Body>(exp.qc_levels)) {
        const row = calibration.result.calibration.qcLevels.find((r: Body) => r.level === level);
        expect([row.n, row.nPass, row.pass]).toEqual([l.n, l.n_pass, l.pass]);
      }
      expect(calibration.accepted).toBe(exp.batch_accepted);
      // The reference names the ICH M10 rules; carry-over has no blank after the top calibrator here.
      expect(calibration.failedRules.map((r: Body) => r.message)).toEqual(exp.failed_rules);
      expect(calibration.flags).toContain('no-carryover-blank');
      expect(calibration.method).toBe('lcms-batch-calibration');
      expect(calibration.inputHash).toMatch(/^[0-9a-f]{64}$/);
      for (const u of exp.unknowns) {
        const c = concentrations.find((x: Body) => x.injection === u.sample) as Body;
        if (!exp.batch_accepted) {
          expect(c.status).toBe('not-reportable');
          expect(c.concentration).toBeNull();
          continue;
        }
        expect(c.status).toBe(u.status);
        if (u.status === 'quantified')
          expectRel(c.concentration, u.concentration_ng_per_mL, TOL, `${u.sample}`);
        else expect(c.concentration).toBeNull();
        expect(c.task).toBe(u.status === 'ALQ' ? 'dilute-and-re-run' : null);
      }
    },
  );
});
