import Papa from 'papaparse';
import fc from 'fast-check';
import {
  describeWithFixtures,
  readFixtureJson,
  readFixtureText,
} from '../../../test/support/shared-fixtures';
import { AnalysisError } from '../common/analysis-error';
import { findJsonHazard } from '../stats/json-safe';
import { evaluateCalibrationBatch, type CalibrationBatchInput } from './ich-m10-acceptance';
import { fitCalibrationLine } from './weighted-calibration';

// fc.anything() minus objects whose toString/valueOf is not a function: String() of such an
// object throws a TypeError inside common/analysis-error.ts (reported to the lead, not ours).
const anyValue = () =>
  fc.anything({ key: fc.string().filter((k) => k !== 'toString' && k !== 'valueOf') });

/** Parsed expected.json (untyped JSON). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- expected.json is untyped JSON
type FixtureJson = any;

// anyValue() minus objects whose toString/valueOf is not a function: String() of such an
// object throws a TypeError inside common/analysis-error.ts (reported to the lead, not ours).

function expectClose(actual: number | null, expected: number, rel: number): void {
  expect(actual).not.toBeNull();
  expect(Math.abs((actual as number) - expected)).toBeLessThanOrEqual(rel * Math.abs(expected));
}

type Row = {
  sample: string;
  type: string;
  analyte: string;
  nominal: string;
  area: string;
  is_area: string;
};

function readBatch(caseName: string): CalibrationBatchInput {
  const rows = Papa.parse<Row>(readFixtureText('lcms', caseName, 'batch_long.csv'), {
    header: true,
    skipEmptyLines: true,
  }).data;
  const areas = (r: Row) => ({
    analyteArea: Number(r.area),
    internalStandardArea: Number(r.is_area),
  });
  return {
    analyte: rows[0].analyte,
    concentrationUnit: 'ng/mL',
    calibrators: rows
      .filter((r) => r.type === 'calibrator')
      .map((r) => ({ sample: r.sample, nominalConcentration: Number(r.nominal), ...areas(r) })),
    // The level is the sample name without its replicate suffix (QC-M-2 → QC-M).
    qcs: rows
      .filter((r) => r.type === 'qc')
      .map((r) => ({
        sample: r.sample,
        level: r.sample.replace(/-\d+$/, ''),
        nominalConcentration: Number(r.nominal),
        ...areas(r),
      })),
    // The blank row is not part of the regression (nor an unknown).
    unknowns: rows
      .filter((r) => r.type === 'unknown')
      .map((r) => ({ sample: r.sample, ...areas(r) })),
  };
}

for (const caseName of ['calibration-accept', 'calibration-reject']) {
  describeWithFixtures(`lcms/${caseName} fixture (scipy 1.17.1 / numpy 2.4.6 WLS, ICH M10)`, () => {
    // Loaded in beforeAll: describe bodies run even when the suite is skipped.
    let tol: number;
    let e: FixtureJson;
    let batch: CalibrationBatchInput;
    let result: ReturnType<typeof evaluateCalibrationBatch>;
    beforeAll(() => {
      const fx = readFixtureJson('lcms', caseName, 'expected.json');
      tol = fx.tolerance.closed_form_relative as number;
      e = fx.expected;
      batch = readBatch(caseName);
      result = evaluateCalibrationBatch(batch);
    });

    it('weighted fits: 1/x², 1/x and unweighted slope, intercept and weighted R²', () => {
      const x = batch.calibrators.map((c) => c.nominalConcentration);
      const y = result.calibrators.map((c) => c.response);
      for (const [weighting, key] of [
        ['1/x^2', 'weight_1_over_x2'],
        ['1/x', 'weight_1_over_x'],
        ['none', 'unweighted'],
      ] as const) {
        const line = fitCalibrationLine({ concentration: x, response: y }, { weighting });
        expectClose(line.slope, e.calibration[key].slope, tol);
        expectClose(line.intercept, e.calibration[key].intercept, tol);
        expectClose(line.rSquaredWeighted, e.calibration[key].r_squared_weighted, tol);
      }
      expectClose(result.line.slope, e.calibration.weight_1_over_x2.slope, tol);
      expect(result.lloq).toBe(e.lloq);
      expect(result.uloq).toBe(e.uloq);
    });

    it('calibrators: response, back-calculation, accuracy, limit and pass', () => {
      expect(result.calibrators).toHaveLength(e.calibrators.length);
      e.calibrators.forEach((c: Record<string, number | string | boolean>, i: number) => {
        const r = result.calibrators[i];
        expect(r.sample).toBe(c.sample);
        expectClose(r.response, c.response as number, tol);
        expectClose(r.backCalculatedConcentration, c.back_calculated as number, tol);
        expectClose(r.accuracyPercent, c.accuracy_pct as number, tol);
        expect(r.limitPercent).toBe(c.limit_pct);
        expect(r.pass).toBe(c.pass);
      });
      expect(result.calibratorSummary.n).toBe(e.calibrators_pass.n);
      expect(result.calibratorSummary.nPass).toBe(e.calibrators_pass.n_pass);
      expect(result.calibratorSummary.levelsPass).toBe(e.calibrators_pass.levels_pass);
      expect(result.calibratorSummary.pass).toBe(e.calibrators_pass.pass);
    });

    it('QCs per sample, per level and overall', () => {
      e.qcs.forEach((q: Record<string, number | string | boolean>, i: number) => {
        const r = result.qcs[i];
        expect(r.sample).toBe(q.sample);
        expect(r.level).toBe(q.level);
        expectClose(r.backCalculatedConcentration, q.back_calculated as number, tol);
        expectClose(r.accuracyPercent, q.accuracy_pct as number, tol);
        expect(r.limitPercent).toBe(q.limit_pct);
        expect(r.pass).toBe(q.pass);
      });
      for (const [level, l] of Object.entries(e.qc_levels) as Array<
        [string, Record<string, number | boolean>]
      >) {
        const r = result.qcLevels.find((x) => x.level === level)!;
        expect(r.n).toBe(l.n);
        expect(r.nPass).toBe(l.n_pass);
        expectClose(r.fractionPass, l.fraction_pass as number, 1e-12);
        expect(r.pass).toBe(l.pass);
      }
      expect(result.qcSummary.n).toBe(e.qc_overall.n);
      expect(result.qcSummary.nPass).toBe(e.qc_overall.n_pass);
      expectClose(result.qcSummary.fractionPass, e.qc_overall.fraction_pass, 1e-12);
    });

    it('batch decision and the exact list of failed rules', () => {
      expect(result.batchAccepted).toBe(e.batch_accepted);
      expect(result.failedRules.map((r) => r.message)).toEqual(e.failed_rules);
      expect(result.flags.includes('batch-rejected')).toBe(!e.batch_accepted);
    });

    it('unknowns: BLQ / ALQ never carry a number', () => {
      e.unknowns.forEach((u: Record<string, number | string | null>, i: number) => {
        const r = result.unknowns[i];
        expect(r.sample).toBe(u.sample);
        expectClose(r.response, u.response as number, tol);
        expect(r.status).toBe(u.status);
        if (u.concentration_ng_per_mL === null) expect(r.concentration).toBeNull();
        else expectClose(r.concentration, u.concentration_ng_per_mL as number, tol);
        if (u.back_calculated_raw_not_reportable === null)
          expect(r.rawBackCalculatedNotReportable).toBeNull();
        else
          expectClose(
            r.rawBackCalculatedNotReportable,
            u.back_calculated_raw_not_reportable as number,
            tol,
          );
      });
      expect(findJsonHazard(result)).toBeNull();
      expect(JSON.parse(JSON.stringify(result))).toEqual(result);
    });
  });
}

describe('evaluateCalibrationBatch rules (synthetic, exact line y = 0.01·x)', () => {
  const levels = [1, 2, 5, 10, 50, 100, 250, 500];
  const cal = (bias: (x: number, i: number) => number = () => 1) =>
    levels.map((x, i) => ({
      sample: `CAL${i + 1}`,
      nominalConcentration: x,
      response: 0.01 * x * bias(x, i),
    }));
  const qc = (level: string, x: number, biases: number[]) =>
    biases.map((b, i) => ({
      sample: `${level}-${i + 1}`,
      level,
      nominalConcentration: x,
      response: 0.01 * x * b,
    }));
  const goodQcs = [
    ...qc('QC-L', 3, [1, 1.02, 0.98]),
    ...qc('QC-M', 40, [1, 1, 1]),
    ...qc('QC-H', 400, [1, 1, 1]),
  ];

  it('accepts a perfect batch and classifies unknowns with a dilution factor', () => {
    const r = evaluateCalibrationBatch({
      calibrators: cal(),
      qcs: goodQcs,
      unknowns: [
        { sample: 'U1', response: 0.005 },
        { sample: 'U2', response: 0.5, dilutionFactor: 10 },
        { sample: 'U3', response: 6 },
      ],
    });
    expect(r.batchAccepted).toBe(true);
    expect(r.unknowns.map((u) => u.status)).toEqual(['BLQ', 'quantified', 'ALQ']);
    expect(r.unknowns[1].concentration).toBeCloseTo(500, 9);
    expect(r.unknowns[0].concentration).toBeNull();
    expect(r.unknowns[2].concentration).toBeNull();
  });

  it('names every failed rule: calibrator fraction, levels, QC overall and per level', () => {
    // Four of eight calibrators ±40 % off, alternating so that the 1/x² line stays near
    // y = 0.01·x (4/8 = 50 % < 75 %, 4 levels < 6); QC-L and QC-M have 1/3 within ±15 %.
    const bias = [1, 1.4, 0.6, 1.4, 0.6, 1, 1, 1];
    const r = evaluateCalibrationBatch({
      calibrators: cal((_, i) => bias[i]),
      qcs: [
        ...qc('QC-L', 3, [1.3, 1.3, 1]),
        ...qc('QC-M', 40, [1.3, 1.3, 1]),
        ...qc('QC-H', 400, [1, 1, 1]),
      ],
    });
    expect(r.batchAccepted).toBe(false);
    expect(r.calibratorSummary.nPass).toBe(4);
    expect(r.failedRules.map((f) => f.code)).toEqual([
      'CALIBRATOR_PASS_FRACTION',
      'CALIBRATOR_LEVELS',
      'QC_PASS_FRACTION',
      'QC_LEVEL_PASS_FRACTION',
      'QC_LEVEL_PASS_FRACTION',
    ]);
    expect(r.failedRules[3].level).toBe('QC-L');
  });

  it('±20 % applies at the LLOQ only; a failed top level narrows the reportable range', () => {
    const r = evaluateCalibrationBatch({
      calibrators: cal((x) => (x === 1 ? 1.18 : x === 500 ? 1.25 : 1)),
      qcs: [...goodQcs, ...qc('QC-LLOQ', 1, [1.18, 1.19, 0.82])],
      unknowns: [{ sample: 'U', response: 0.01 * 400 }],
    });
    const lloqCal = r.calibrators[0];
    expect(lloqCal.limitPercent).toBe(20);
    expect(lloqCal.pass).toBe(true);
    expect(r.calibrators[7].pass).toBe(false);
    expect(r.qcLevels.find((l) => l.level === 'QC-LLOQ')!.pass).toBe(true);
    expect(r.reportableRange!.uloq).toBe(250);
    expect(r.flags).toContain('calibration-range-narrowed');
    expect(r.unknowns[0].status).toBe('ALQ');
    expect(r.batchAccepted).toBe(true);
  });

  it('QCs may have their own accuracy limits; calibrators keep theirs', () => {
    const input = {
      calibrators: cal(),
      qcs: [...goodQcs.slice(3), ...qc('QC-L', 3, [1.25, 1.25, 1])],
    };
    const strict = evaluateCalibrationBatch(input);
    expect(strict.failedRules.map((f) => f.code)).toEqual(['QC_LEVEL_PASS_FRACTION']);
    const wide = evaluateCalibrationBatch(input, {
      qcTolerancePercent: 30,
      qcLloqTolerancePercent: 30,
    });
    expect(wide.batchAccepted).toBe(true);
    expect(new Set(wide.qcs.map((q) => q.limitPercent))).toEqual(new Set([30]));
    expect(wide.calibrators[1].limitPercent).toBe(15);
    expect(wide.options).toMatchObject({ tolerancePercent: 15, qcTolerancePercent: 30 });
    expect(() => evaluateCalibrationBatch(input, { qcTolerancePercent: 0 })).toThrow(
      /tolerances must be > 0/,
    );
  });

  it('calibrator rules at their limits: 6 of 8 passing (75 %, 6 levels) is accepted, 5 is not', () => {
    // Alternating ±40 % pairs keep the 1/x² line near y = 0.01·x.
    const six = [1, 1, 1.4, 0.6, 1, 1, 1, 1];
    const r6 = evaluateCalibrationBatch({ calibrators: cal((_, i) => six[i]), qcs: goodQcs });
    expect(r6.calibratorSummary.nPass).toBe(6);
    expect(r6.failedRules).toEqual([]);
    expect(r6.batchAccepted).toBe(true);
    const five = [1, 1, 1.4, 0.6, 1.4, 1, 1, 1];
    const r5 = evaluateCalibrationBatch({ calibrators: cal((_, i) => five[i]), qcs: goodQcs });
    expect(r5.calibratorSummary.nPass).toBe(5);
    expect(r5.failedRules.map((f) => f.code)).toEqual([
      'CALIBRATOR_PASS_FRACTION',
      'CALIBRATOR_LEVELS',
    ]);
  });

  it('CALIBRATOR_LEVELS alone: 5 of 6 calibrators pass (83 % ≥ 75 %) but 5 levels < 6', () => {
    const six = levels.slice(0, 6).map((x, i) => ({
      sample: `CAL${i + 1}`,
      nominalConcentration: x,
      response: 0.01 * x * (i === 2 ? 1.5 : 1),
    }));
    const r = evaluateCalibrationBatch({ calibrators: six, qcs: goodQcs });
    expect(r.calibratorSummary.nPass).toBe(5);
    expect(r.failedRules.map((f) => f.code)).toEqual(['CALIBRATOR_LEVELS']);
  });

  it('the same 18 % deviation passes at the LLOQ (±20 %) and fails above it (±15 %)', () => {
    const r = evaluateCalibrationBatch({
      calibrators: cal((x) => (x === 1 || x === 50 ? 1.18 : 1)),
      qcs: goodQcs,
    });
    expect(r.calibrators[0]).toMatchObject({ limitPercent: 20, pass: true });
    expect(r.calibrators[4]).toMatchObject({ limitPercent: 15, pass: false });
    expect(Math.abs(r.calibrators[4].accuracyPercent! - 100)).toBeGreaterThan(15);
    expect(Math.abs(r.calibrators[0].accuracyPercent! - 100)).toBeLessThan(20);
  });

  it('QC rules at their limits: exactly 2/3 overall and 2/3 per level is accepted', () => {
    const r = evaluateCalibrationBatch({
      calibrators: cal(),
      qcs: [
        ...qc('QC-L', 3, [1, 1, 1.3]),
        ...qc('QC-M', 40, [1, 1.3, 1]),
        ...qc('QC-H', 400, [1.3, 1, 1]),
      ],
    });
    expect(r.qcSummary).toMatchObject({ n: 9, nPass: 6 });
    expect(r.failedRules).toEqual([]);
    expect(r.batchAccepted).toBe(true);
  });

  it('QC_PASS_FRACTION alone: 50 % at each of 4 levels meets the per-level rule, not 2/3 overall', () => {
    const r = evaluateCalibrationBatch({
      calibrators: cal(),
      qcs: [
        ...qc('QC-L', 3, [1, 1.3]),
        ...qc('QC-M', 40, [1.3, 1]),
        ...qc('QC-M2', 100, [1, 1.3]),
        ...qc('QC-H', 400, [1.3, 1]),
      ],
    });
    expect(r.qcLevels.every((l) => l.pass)).toBe(true);
    expect(r.failedRules.map((f) => f.code)).toEqual(['QC_PASS_FRACTION']);
    expect(r.batchAccepted).toBe(false);
  });

  it('a batch without QCs is not accepted; a negative slope is a named failure', () => {
    expect(
      evaluateCalibrationBatch({ calibrators: cal(), qcs: [] }).failedRules.map((f) => f.code),
    ).toEqual(['QC_MISSING']);
    const neg = evaluateCalibrationBatch({
      calibrators: levels.map((x, i) => ({
        sample: `C${i}`,
        nominalConcentration: x,
        response: 10 - 0.01 * x,
      })),
      qcs: goodQcs,
      unknowns: [{ sample: 'U', response: 1 }],
    });
    expect(neg.failedRules.map((f) => f.code)).toEqual(['CALIBRATION_SLOPE_NOT_POSITIVE']);
    expect(neg.unknowns[0].status).toBe('not-quantifiable');
    expect(findJsonHazard(neg)).toBeNull();
  });

  it('malformed input throws AnalysisError only; calibrator order does not matter (fast-check)', () => {
    expect(() =>
      evaluateCalibrationBatch({
        calibrators: [{ sample: 'C', nominalConcentration: 0, response: 1 }, ...cal()],
        qcs: [],
      }),
    ).toThrow(AnalysisError);
    expect(() =>
      evaluateCalibrationBatch({
        calibrators: [
          { sample: 'C', nominalConcentration: 1, analyteArea: 5, internalStandardArea: 0 },
          ...cal(),
        ],
        qcs: [],
      }),
    ).toThrow(AnalysisError);
    expect(() =>
      evaluateCalibrationBatch({
        calibrators: [{ sample: 'C', nominalConcentration: 1, response: NaN }, ...cal()],
        qcs: [],
      }),
    ).toThrow(AnalysisError);
    fc.assert(
      fc.property(anyValue(), (x) => {
        try {
          evaluateCalibrationBatch(x as never);
        } catch (err) {
          expect(err).toBeInstanceOf(AnalysisError);
        }
      }),
    );
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0.7, max: 1.3, noNaN: true }), { minLength: 8, maxLength: 8 }),
        (bias) => {
          const c = cal((_, i) => bias[i]);
          const a = evaluateCalibrationBatch({ calibrators: c, qcs: goodQcs });
          const b = evaluateCalibrationBatch({
            calibrators: [...c].reverse(),
            qcs: [...goodQcs].reverse(),
          });
          expect(b.batchAccepted).toBe(a.batchAccepted);
          expect(Math.abs(b.line.slope - a.line.slope)).toBeLessThanOrEqual(
            1e-12 * Math.abs(a.line.slope),
          );
          expect(b.failedRules.map((f) => f.code).sort()).toEqual(
            a.failedRules.map((f) => f.code).sort(),
          );
        },
      ),
    );
  });
});
