// Student t, standard normal and chi-square distributions from the maintained stdlib packages
// (accurate to ~1e-14 against R's qt/pt/qnorm/pnorm/qchisq).
import chiSquareQuantileRaw from '@stdlib/stats-base-dists-chisquare-quantile';
import tQuantileRaw from '@stdlib/stats-base-dists-t-quantile';
import tCdfRaw from '@stdlib/stats-base-dists-t-cdf';
import normalQuantileRaw from '@stdlib/stats-base-dists-normal-quantile';
import normalCdfRaw from '@stdlib/stats-base-dists-normal-cdf';
import { AnalysisError } from '../common/analysis-error';

function checkDf(df: number): void {
  if (!(df > 0) || !Number.isFinite(df)) {
    throw new AnalysisError(
      'BAD_DEGREES_OF_FREEDOM',
      `degrees of freedom must be > 0, got ${df}`,
      'df',
    );
  }
}

/**
 * Quantile of Student's t distribution: t such that P(T ≤ t) = p, T ~ t(df).
 * Example: tQuantile(0.975, 10) = 2.228138851986274. Reference: R `qt(p, df)`.
 */
export function tQuantile(p: number, df: number): number {
  checkDf(df);
  if (!(p >= 0 && p <= 1))
    throw new AnalysisError('BAD_PROBABILITY', `p must be in [0, 1], got ${p}`, 'p');
  // The same few (p, df) recur across a batch's fits; the inversion is the costly part
  // (docs/performance.md, "Kinetics reads plain rows").
  const key = `${p}|${df}`;
  let q = T_QUANTILES.get(key);
  if (q === undefined) {
    q = tQuantileRaw(p, df);
    if (T_QUANTILES.size >= 512) T_QUANTILES.delete(T_QUANTILES.keys().next().value as string);
    T_QUANTILES.set(key, q);
  }
  return q;
}

const T_QUANTILES = new Map<string, number>();

/** CDF of Student's t distribution, P(T ≤ t). Reference: R `pt(t, df)`. */
export function tCdf(t: number, df: number): number {
  checkDf(df);
  return tCdfRaw(t, df);
}

/** Two-sided p-value of a t statistic with `df` degrees of freedom: 2·P(T ≥ |t|). */
export function tTwoSidedP(t: number, df: number): number {
  return 2 * tCdf(-Math.abs(t), df);
}

/** Standard normal quantile z_p. Example: normalQuantile(0.975) = 1.959963984540054. Reference: R `qnorm`. */
export function normalQuantile(p: number): number {
  if (!(p >= 0 && p <= 1))
    throw new AnalysisError('BAD_PROBABILITY', `p must be in [0, 1], got ${p}`, 'p');
  return normalQuantileRaw(p, 0, 1);
}

/** Standard normal CDF Φ(z). Reference: R `pnorm`. */
export function normalCdf(z: number): number {
  return normalCdfRaw(z, 0, 1);
}

/**
 * Quantile of the chi-square distribution: x such that P(X ≤ x) = p, X ~ χ²(df).
 * Example: chiSquareQuantile(0.95, 6) = 12.591587243743977. Reference: R `qchisq(p, df)`.
 */
export function chiSquareQuantile(p: number, df: number): number {
  checkDf(df);
  if (!(p >= 0 && p <= 1))
    throw new AnalysisError('BAD_PROBABILITY', `p must be in [0, 1], got ${p}`, 'p');
  // Recurring (p, df) as for tQuantile (docs/performance.md, "χ² quantiles kept").
  const key = `${p}|${df}`;
  let q = CHI_SQUARE_QUANTILES.get(key);
  if (q === undefined) {
    q = chiSquareQuantileRaw(p, df);
    if (CHI_SQUARE_QUANTILES.size >= 512)
      CHI_SQUARE_QUANTILES.delete(CHI_SQUARE_QUANTILES.keys().next().value as string);
    CHI_SQUARE_QUANTILES.set(key, q);
  }
  return q;
}

const CHI_SQUARE_QUANTILES = new Map<string, number>();
