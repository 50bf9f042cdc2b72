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
      expect(r.sampleWeightSource).toBe('mean-calibration-weight');
      expectClose(r.sampleWeight, fx.weights.reduce((a: number, b: number) => a + b, 0) / 6, 1e-12);
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

  it('1/x² line: the sample weight is 1/x0² by default; more replicates shrink the SE', () => {
    const line = fitCalibrationLine({ concentration: x, response: y }, { weighting: '1/x^2' });
    const one = inversePredictConcentration(line, [30]);
    expect(one.sampleWeightSource).toBe('weight-function-at-estimate');
    expect(one.sampleWeight!).toBeCloseTo(1 / one.concentration ** 2, 14);
    const three = inversePredictConcentration(line, [30, 30, 30]);
    expect(three.standardError!).toBeLessThan(one.standardError!);
    const negative = inversePredictConcentration(line, [-5]);
    expect(negative.status).toBe('non-positive-estimate');
    expect(negative.standardError).toBeNull();
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
