import Papa from 'papaparse';
import fc from 'fast-check';
import {
  describeWithFixtures,
  readFixtureJson,
  readFixtureText,
} from '../../../test/support/shared-fixtures';
import { AnalysisError } from '../common/analysis-error';
import { mean, sampleStandardDeviation } from '../stats/descriptive';
import { inversePredictConcentration } from './inverse-prediction';
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

/** Level means and chemCal's example weights round(1/round(sd, 2)², 3) of massart97ex3. */
function massartLevels(): {
  x: number[];
  yMean: number[];
  weights: number[];
  allX: number[];
  allY: number[];
} {
  const rows = Papa.parse<{ x: string; y: string }>(
    readFixtureText('public-extra', 'LC02_massart97_weighted_inverse_prediction', 'input_long.csv'),
    { header: true, skipEmptyLines: true },
  ).data;
  const allX = rows.map((r) => Number(r.x));
  const allY = rows.map((r) => Number(r.y));
  const x = [...new Set(allX)].sort((a, b) => a - b);
  const ys = x.map((lv) => allY.filter((_, i) => allX[i] === lv));
  const round = (v: number, d: number) => Math.round(v * 10 ** d) / 10 ** d;
  return {
    x,
    yMean: ys.map((y) => mean(y)),
    weights: ys.map((y) => round(1 / round(sampleStandardDeviation(y), 2) ** 2, 3)),
    allX,
    allY,
  };
}

describeWithFixtures(
  'public-extra/LC02 Massart 1997 weighted calibration (R 4.2.2 lm + chemCal 0.2.3)',
  () => {
    // README: closed-form weighted calibration ≤ 1e-6 relative.
    const tol = 1e-6;
    // Loaded in beforeAll: describe bodies run even when the suite is skipped.
    let fx: FixtureJson;
    beforeAll(() => {
      fx = readFixtureJson(
        'public-extra',
        'LC02_massart97_weighted_inverse_prediction',
        'expected.json',
      ).reference;
    });

    it('the chemCal example weights are reproduced from the data', () => {
      expect(massartLevels().weights).toEqual(fx.weights);
    });

    it('weighted fit on the level means: intercept, slope and their SEs', () => {
      const { x, yMean } = massartLevels();
      const line = fitCalibrationLine(
        { concentration: x, response: yMean },
        { weights: fx.weights },
      );
      expect(line.weighting).toBe('explicit');
      expectClose(line.intercept, fx.intercept, tol);
      expectClose(line.slope, fx.slope, tol);
      expectClose(line.interceptSe, fx.intercept_se, tol);
      expectClose(line.slopeSe, fx.slope_se, tol);
      expect(JSON.parse(JSON.stringify(line))).toEqual(line);
    });

    it('unweighted fit on all 30 points', () => {
      const { allX, allY } = massartLevels();
      const line = fitCalibrationLine(
        { concentration: allX, response: allY },
        { weighting: 'none' },
      );
      expectClose(line.intercept, fx.unweighted_on_all_30_points.intercept, tol);
      expectClose(line.slope, fx.unweighted_on_all_30_points.slope, tol);
    });
  },
);

describeWithFixtures(
  'public-extra/LC02 inverse prediction (chemCal 0.2.3 inverse.predict, Massart 1997 eq. 8.28)',
  () => {
    const tol = 1e-6;
    let fx: FixtureJson;
    let line: ReturnType<typeof fitCalibrationLine>;
    beforeAll(() => {
      fx = readFixtureJson(
        'public-extra',
        'LC02_massart97_weighted_inverse_prediction',
        'expected.json',
      ).reference;
      const { x, yMean } = massartLevels();
      line = fitCalibrationLine({ concentration: x, response: yMean }, { weights: fx.weights });
    });

    it.each([
      [15, 1.67, 'inverse_prediction_y15_ws1.67'],
      [90, 0.145, 'inverse_prediction_y90_ws0.145'],
    ])('y = %p with sample weight %p', (y, ws, key) => {
      const e = fx[key];
      const r = inversePredictConcentration(line, [y], { sampleWeight: ws });
      expect(r.status).toBe('ok');
      expectClose(r.concentration, e.x0, tol);
      expectClose(r.standardError, e.se, tol);
      expectClose(r.confidenceInterval![0], e.ci95[0], tol);
      expectClose(r.confidenceInterval![1], e.ci95[1], tol);
      expect(r.df).toBe(4);
      expect(JSON.parse(JSON.stringify(r))).toEqual(r);
    });

    it('the default sample weight of an explicit-weight line is the mean weight (chemCal default)', () => {
      const r = inversePredictConcentration(line, [15]);
      expect(r.sampleWeightConvention).toBe('mean-calibration-weight');
      expect(r.sampleWeightSource).toBe('mean-calibration-weight');
      expectClose(r.sampleWeight, fx.weights.reduce((a: number, b: number) => a + b, 0) / 6, 1e-12);
    });

    // chemCal 0.2.3.9000 inverse.predict.lm, transcribed line by line from its R source as an
    // independent oracle: the lm is used as fitted (here on all 30 calibrators, each with its
    // level's weight), se² = Σw(y − ŷ)²/(n − 2) over those points, ws = "auto" = mean(weights).
    function chemCalInversePredict(
      xi: number[],
      yi: number[],
      w: number[],
      newdata: number[],
      ws: number | 'auto',
    ): { x0: number; se: number; ci: [number, number] } {
      const sum = (v: number[]) => v.reduce((a, b) => a + b, 0);
      const sw = sum(w);
      const xw = sum(w.map((wi, i) => wi * xi[i])) / sw;
      const yw = sum(w.map((wi, i) => wi * yi[i])) / sw;
      const b1 =
        sum(w.map((wi, i) => wi * (xi[i] - xw) * (yi[i] - yw))) /
        sum(w.map((wi, i) => wi * (xi[i] - xw) ** 2));
      const b0 = yw - b1 * xw;
      const n = xi.length;
      const df = n - 2;
      const se = Math.sqrt(sum(w.map((wi, i) => wi * (yi[i] - (b0 + b1 * xi[i])) ** 2)) / df);
      const wsUsed = ws === 'auto' ? sum(w) / w.length : ws;
      const varS = se ** 2 / wsUsed;
      const ybars = sum(newdata) / newdata.length;
      const m = newdata.length;
      const sxhats =
        (1 / b1) *
        Math.sqrt(
          varS / m +
            se ** 2 *
              (1 / sw +
                ((ybars - yw) ** 2 * sw) /
                  (b1 ** 2 *
                    (sw * sum(w.map((wi, i) => wi * xi[i] ** 2)) -
                      sum(w.map((wi, i) => wi * xi[i])) ** 2))),
        );
      const x0 = (ybars - b0) / b1;
      // qt(0.975, 28), from R.
      const t = df === 28 ? 2.048407141795244 : df === 4 ? 2.776445105197793 : NaN;
      return { x0, se: sxhats, ci: [x0 - t * sxhats, x0 + t * sxhats] };
    }

    it('the oracle reproduces the stated chemCal answers (level means, ws given)', () => {
      const { x, yMean } = massartLevels();
      for (const [y, ws, key] of [
        [15, 1.67, 'inverse_prediction_y15_ws1.67'],
        [90, 0.145, 'inverse_prediction_y90_ws0.145'],
      ] as const) {
        const o = chemCalInversePredict(x, yMean, fx.weights, [y], ws);
        expectClose(o.x0, fx[key].x0, tol);
        expectClose(o.se, fx[key].se, tol);
        expectClose(o.ci[0], fx[key].ci95[0], tol);
      }
    });

    it('default convention = chemCal: line on all 30 calibrators, unknown at the mean weight', () => {
      const { x, allX, allY } = massartLevels();
      const pointWeights = allX.map((v) => fx.weights[x.indexOf(v)] as number);
      const all = fitCalibrationLine(
        { concentration: allX, response: allY },
        { weights: pointWeights },
      );
      // Equal replication: the same line as on the level means.
      expectClose(all.slope, fx.slope, tol);
      expectClose(all.intercept, fx.intercept, tol);
      for (const y of [15, 90]) {
        const r = inversePredictConcentration(all, [y]);
        const o = chemCalInversePredict(allX, allY, pointWeights, [y], 'auto');
        expect(r.sampleWeightConvention).toBe('mean-calibration-weight');
        expect(r.df).toBe(28);
        expectClose(r.sampleWeight, 0.8905, 1e-12);
        expectClose(r.concentration, o.x0, tol);
        expectClose(r.standardError, o.se, tol);
        expectClose(r.confidenceInterval![0], o.ci[0], tol);
        expectClose(r.confidenceInterval![1], o.ci[1], tol);
      }
    });

    it('weight-at-estimate: the textbook weights the unknown at its estimate (ws 1.67 at 5.9, 0.145 at 44.1)', () => {
      // Explicit weights have no weight function: the convention needs the weight given...
      expect(() =>
        inversePredictConcentration(line, [15], { sampleWeightConvention: 'weight-at-estimate' }),
      ).toThrow(AnalysisError);
      // ...and with Massart's weights at the estimates it gives the stated answers.
      for (const [y, ws, key] of [
        [15, 1.67, 'inverse_prediction_y15_ws1.67'],
        [90, 0.145, 'inverse_prediction_y90_ws0.145'],
      ] as const) {
        const r = inversePredictConcentration(line, [y], {
          sampleWeightConvention: 'weight-at-estimate',
          sampleWeight: ws,
        });
        expect(r.sampleWeightConvention).toBe('weight-at-estimate');
        expect(r.sampleWeightSource).toBe('given');
        expectClose(r.standardError, fx[key].se, tol);
        expectClose(r.confidenceInterval![1], fx[key].ci95[1], tol);
      }
      // The mean-weight default differs from the textbook's weights at the estimates.
      const d = inversePredictConcentration(line, [90]);
      expect(Math.abs(d.standardError! - fx['inverse_prediction_y90_ws0.145'].se)).toBeGreaterThan(
        0.5,
      );
    });
  },
);

describe('inversePredictConcentration', () => {
  const x = [1, 2, 5, 10, 20, 50];
  const y = [2.1, 3.9, 10.2, 19.8, 40.5, 99.0];

  it('unweighted: reduces to the textbook formula s/b·√(1/m + 1/n + (y0 − ȳ)²/(b²Sxx))', () => {
    const line = fitCalibrationLine({ concentration: x, response: y }, { weighting: 'none' });
    const r = inversePredictConcentration(line, [30, 31]);
    const n = x.length;
    const xbar = x.reduce((a, b) => a + b) / n;
    const ybar = y.reduce((a, b) => a + b) / n;
    const sxx = x.reduce((a, v) => a + (v - xbar) ** 2, 0);
    const y0 = 30.5;
    const expected =
      (line.residualSd! / line.slope) *
      Math.sqrt(1 / 2 + 1 / n + (y0 - ybar) ** 2 / (line.slope ** 2 * sxx));
    expect(r.standardError!).toBeCloseTo(expected, 12);
    expect(r.sampleWeightSource).toBe('unweighted');
  });

  it('1/x² line: the mean calibration weight by default (chemCal), 1/x0² at the estimate on request', () => {
    const line = fitCalibrationLine({ concentration: x, response: y }, { weighting: '1/x^2' });
    const dflt = inversePredictConcentration(line, [30]);
    expect(dflt.sampleWeightConvention).toBe('mean-calibration-weight');
    expect(dflt.sampleWeightSource).toBe('mean-calibration-weight');
    expect(dflt.sampleWeight!).toBeCloseTo(x.reduce((a, v) => a + 1 / v ** 2, 0) / x.length, 14);
    const one = inversePredictConcentration(line, [30], {
      sampleWeightConvention: 'weight-at-estimate',
    });
    expect(one.sampleWeightConvention).toBe('weight-at-estimate');
    expect(one.sampleWeightSource).toBe('weight-function-at-estimate');
    expect(one.sampleWeight!).toBeCloseTo(1 / one.concentration ** 2, 14);
    expect(one.standardError).not.toBeCloseTo(dflt.standardError!, 6);
    const three = inversePredictConcentration(line, [30, 30, 30], {
      sampleWeightConvention: 'weight-at-estimate',
    });
    expect(three.standardError!).toBeLessThan(one.standardError!);
    const negative = inversePredictConcentration(line, [-5], {
      sampleWeightConvention: 'weight-at-estimate',
    });
    expect(negative.status).toBe('non-positive-estimate');
    expect(negative.standardError).toBeNull();
    // The mean weight needs no positive estimate.
    expect(inversePredictConcentration(line, [-5]).status).toBe('ok');
    expect(() =>
      inversePredictConcentration(line, [30], { sampleWeightConvention: 'x' as never }),
    ).toThrow(AnalysisError);
  });

  it('two-point line: estimate without SE; malformed input → AnalysisError only', () => {
    const two = fitCalibrationLine(
      { concentration: [1, 2], response: [1, 2] },
      { weighting: 'none' },
    );
    expect(inversePredictConcentration(two, [1.5]).status).toBe('no-residual-df');
    const line = fitCalibrationLine({ concentration: x, response: y });
    expect(() => inversePredictConcentration(line, [])).toThrow(AnalysisError);
    expect(() => inversePredictConcentration(line, [NaN])).toThrow(AnalysisError);
    expect(() => inversePredictConcentration(line, [1], { sampleWeight: 0 })).toThrow(
      AnalysisError,
    );
    fc.assert(
      fc.property(anyValue(), anyValue(), (a, b) => {
        try {
          inversePredictConcentration(a as never, b as never);
        } catch (e) {
          expect(e).toBeInstanceOf(AnalysisError);
        }
      }),
    );
  });
});
