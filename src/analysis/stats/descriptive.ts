// Descriptive statistics: mean, sample variance/SD, CV and geometric mean.
// Strict helpers: they throw AnalysisError for input on which the statistic is not defined
// (empty array, non-finite values, n < 2 for a sample SD); callers that meet such data in
// normal use (a single replicate, say) check first and report a flag instead.
// `summarize` is the lenient form for results: it reports an undefined statistic as null.
import { AnalysisError, assertFiniteArray } from '../common/analysis-error';
import { finiteOrNull } from './json-safe';

/** Σxᵢ, summed left to right. */
function sum(values: readonly number[]): number {
  let s = 0;
  for (const v of values) s += v;
  return s;
}

/** Σ(xᵢ − m)², summed left to right. */
function sumOfSquaredDeviations(values: readonly number[], m: number): number {
  let ss = 0;
  for (const v of values) {
    const d = v - m;
    ss += d * d;
  }
  return ss;
}

function checkValues(values: readonly number[], field: string, minLength: number): void {
  assertFiniteArray(values, field);
  if (values.length < minLength) {
    throw new AnalysisError(
      'TOO_FEW_VALUES',
      `${field} needs at least ${minLength} value(s), got ${values.length}`,
      field,
    );
  }
}

/**
 * Arithmetic mean x̄ = Σxᵢ / n, in the unit of the values.
 * Example: mean([1, 2, 3, 4]) = 2.5. Reference: R `mean`.
 * @throws AnalysisError for an empty array or a non-finite value.
 */
export function mean(values: readonly number[], field = 'values'): number {
  checkValues(values, field, 1);
  const m = sum(values) / values.length;
  // Huge finite values can overflow the running sum; fall back to a scaled sum.
  if (Number.isFinite(m)) return m;
  let scaled = 0;
  for (const v of values) scaled += v / values.length;
  return scaled;
}

/**
 * Sample variance s² = Σ(xᵢ − x̄)² / (n − 1) (two-pass algorithm), in the squared unit.
 * Example: sampleVariance([1, 2, 3, 4]) = 1.6666666666666667. Reference: R `var`.
 * @throws AnalysisError when n < 2 or a value is not finite.
 */
export function sampleVariance(values: readonly number[], field = 'values'): number {
  checkValues(values, field, 2);
  const m = mean(values, field);
  const ss = sumOfSquaredDeviations(values, m);
  let sc = 0; // compensation term of the corrected two-pass algorithm
  for (const v of values) sc += v - m;
  const n = values.length;
  const variance = (ss - (sc * sc) / n) / (n - 1);
  if (!Number.isFinite(variance)) {
    throw new AnalysisError('NUMERIC_OVERFLOW', `${field}: variance overflows`, field);
  }
  return Math.max(0, variance);
}

/**
 * Sample standard deviation s = √(Σ(xᵢ − x̄)² / (n − 1)), in the unit of the values.
 * Example: sampleStandardDeviation([2, 4, 4, 4, 5, 5, 7, 9]) = 2.138089935299395.
 * Reference: R `sd`.
 * @throws AnalysisError when n < 2 or a value is not finite.
 */
export function sampleStandardDeviation(values: readonly number[], field = 'values'): number {
  return Math.sqrt(sampleVariance(values, field));
}

/**
 * Coefficient of variation in per cent: CV % = 100 · s / x̄ (sample SD, n − 1).
 * Example: coefficientOfVariationPercent([9, 10, 11]) = 10. Reference: Zhang et al. 1999,
 * J Biomol Screen 4:67 (plate CV); R `100 * sd(x) / mean(x)`.
 * @throws AnalysisError when n < 2, a value is not finite, or the mean is 0 (CV undefined).
 */
export function coefficientOfVariationPercent(values: readonly number[], field = 'values'): number {
  const m = mean(values, field);
  if (m === 0) {
    throw new AnalysisError(
      'UNDEFINED_CV',
      `${field}: the CV of values with mean 0 is undefined`,
      field,
    );
  }
  return (100 * sampleStandardDeviation(values, field)) / m;
}

/**
 * Geometric mean G = exp(Σ ln xᵢ / n) of strictly positive values, in their unit.
 * Example: geometricMean([1, 2, 4]) = 2. Used for several reference genes (Vandesompele et al.
 * 2002, Genome Biol 3:research0034; Hellemans et al. 2007, Genome Biol 8:R19).
 * @throws AnalysisError for an empty array, a non-finite value or a value ≤ 0.
 */
export function geometricMean(values: readonly number[], field = 'values'): number {
  checkValues(values, field, 1);
  let s = 0;
  for (let i = 0; i < values.length; i++) {
    if (!(values[i] > 0)) {
      throw new AnalysisError(
        'NOT_POSITIVE',
        `${field}[${i}] must be > 0 for a geometric mean, got ${values[i]}`,
        `${field}[${i}]`,
      );
    }
    s += Math.log(values[i]);
  }
  return Math.exp(s / values.length);
}

/** n, mean, sample SD (n − 1) and CV % of a set of values (null where undefined, JSON-safe). */
export interface SummaryStatistics {
  n: number;
  /** null when n = 0. */
  mean: number | null;
  /** Sample SD with n − 1; null when n < 2. */
  sd: number | null;
  /** 100·sd/|mean|; null when sd is undefined or the mean is 0. */
  cvPct: number | null;
}

/**
 * Mean, sample standard deviation (denominator n − 1, plain two-pass algorithm) and
 * coefficient of variation CV % = 100·sd/|mean|, for reporting: never throws, and a statistic
 * that is undefined (n = 0, n < 2, an overflowing sum, a zero mean for the CV) is null.
 * Example: summarize([9, 10, 11]) = { n: 3, mean: 10, sd: 1, cvPct: 10 }.
 */
export function summarize(values: readonly number[]): SummaryStatistics {
  const n = values.length;
  if (n === 0) return { n, mean: null, sd: null, cvPct: null };
  const m = sum(values) / n;
  if (!Number.isFinite(m)) return { n, mean: null, sd: null, cvPct: null }; // overflow
  if (n < 2) return { n, mean: m, sd: null, cvPct: null };
  const sd = finiteOrNull(Math.sqrt(sumOfSquaredDeviations(values, m) / (n - 1)));
  return {
    n,
    mean: m,
    sd,
    cvPct: sd !== null && m !== 0 ? finiteOrNull((100 * sd) / Math.abs(m)) : null,
  };
}
