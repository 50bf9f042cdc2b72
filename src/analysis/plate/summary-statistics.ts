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
 * Mean, sample standard deviation (denominator n − 1) and coefficient of variation
 * CV % = 100·sd/|mean|, by the two-pass algorithm.
 */
export function summarize(values: readonly number[]): SummaryStatistics {
  const n = values.length;
  if (n === 0) return { n, mean: null, sd: null, cvPct: null };
  let sum = 0;
  for (const v of values) sum += v;
  const mean = sum / n;
  if (!Number.isFinite(mean)) return { n, mean: null, sd: null, cvPct: null }; // overflow
  if (n < 2) return { n, mean, sd: null, cvPct: null };
  let ss = 0;
  for (const v of values) ss += (v - mean) * (v - mean);
  const sd = finiteOrNull(Math.sqrt(ss / (n - 1)));
  return {
    n,
    mean,
    sd,
    cvPct: sd !== null && mean !== 0 ? finiteOrNull((100 * sd) / Math.abs(mean)) : null,
  };
}

/** The number when finite, else null (results stay JSON-safe: no Infinity or NaN). */
export function finiteOrNull(x: number | null): number | null {
  return x !== null && Number.isFinite(x) ? x : null;
}
