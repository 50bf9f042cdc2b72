import fc from 'fast-check';
import { AnalysisError } from '../common/analysis-error';
import {
  coefficientOfVariationPercent,
  geometricMean,
  mean,
  sampleStandardDeviation,
  sampleVariance,
  summarize,
} from './descriptive';

// Reference tool: R 4.x `mean`, `var`, `sd`, `exp(mean(log(x)))` (values are exact decimals).
describe('descriptive statistics (R mean/var/sd)', () => {
  it('matches R on small exact examples', () => {
    expect(mean([1, 2, 3, 4])).toBe(2.5);
    expect(sampleVariance([1, 2, 3, 4])).toBeCloseTo(5 / 3, 15);
    expect(sampleStandardDeviation([2, 4, 4, 4, 5, 5, 7, 9])).toBeCloseTo(2.138089935299395, 14);
    expect(coefficientOfVariationPercent([9, 10, 11])).toBeCloseTo(10, 12);
    expect(geometricMean([1, 2, 4])).toBeCloseTo(2, 14);
  });

  it('is accurate for large offsets (no catastrophic cancellation)', () => {
    const xs = [1e9 + 4, 1e9 + 7, 1e9 + 13, 1e9 + 16];
    expect(sampleVariance(xs)).toBeCloseTo(30, 6);
  });

  it('rejects malformed input with AnalysisError', () => {
    expect(() => mean([])).toThrow(AnalysisError);
    expect(() => mean([1, NaN])).toThrow(AnalysisError);
    expect(() => sampleStandardDeviation([1])).toThrow(AnalysisError);
    expect(() => sampleVariance([1, Infinity])).toThrow(AnalysisError);
    expect(() => geometricMean([1, 0])).toThrow(AnalysisError);
    expect(() => geometricMean([1, -2])).toThrow(AnalysisError);
    expect(() => coefficientOfVariationPercent([-1, 1])).toThrow(AnalysisError);
  });

  it('is permutation invariant and throws only AnalysisError (fast-check)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 2, maxLength: 30 }),
        (xs) => {
          const reversed = [...xs].reverse();
          expect(mean(reversed)).toBeCloseTo(mean(xs), 6);
          expect(sampleVariance(reversed)).toBeCloseTo(sampleVariance(xs), 3);
          expect(sampleVariance(xs)).toBeGreaterThanOrEqual(0);
        },
      ),
    );
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.double(), fc.constant(NaN))), (xs) => {
        for (const f of [
          mean,
          sampleVariance,
          sampleStandardDeviation,
          geometricMean,
          coefficientOfVariationPercent,
        ]) {
          try {
            const v = f(xs);
            expect(Number.isFinite(v)).toBe(true);
          } catch (e) {
            expect(e).toBeInstanceOf(AnalysisError);
          }
        }
      }),
    );
  });
});

describe('summarize (lenient summary for results)', () => {
  it('gives n, mean, sample SD and CV %, with null where a statistic is undefined', () => {
    expect(summarize([9, 10, 11])).toEqual({ n: 3, mean: 10, sd: 1, cvPct: 10 });
    expect(summarize([])).toEqual({ n: 0, mean: null, sd: null, cvPct: null });
    expect(summarize([4])).toEqual({ n: 1, mean: 4, sd: null, cvPct: null });
    expect(summarize([-1, 1])).toEqual({ n: 2, mean: 0, sd: Math.SQRT2, cvPct: null });
    expect(summarize([1e308, 1e308])).toEqual({ n: 2, mean: null, sd: null, cvPct: null });
  });

  it('agrees with the strict helpers on finite data (fast-check)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 2 }),
        (xs) => {
          const s = summarize(xs);
          expect(s.mean).toBe(mean(xs));
          expect(s.sd).toBeCloseTo(sampleStandardDeviation(xs), 6);
        },
      ),
      { seed: 13, numRuns: 300 },
    );
  });
});
