// Welch's unequal-variance two-sample t-test (R `t.test(x, y)`, the default var.equal = FALSE).
import { AnalysisError, assertFinite } from '../common/analysis-error';
import { provenance, type Provenance } from '../common/provenance';
import { mean, sampleVariance } from './descriptive';
import { tQuantile, tTwoSidedP } from './distributions';

export interface WelchTTestOptions {
  /** Confidence level of the interval for the mean difference. Default 0.95. */
  confidenceLevel?: number;
}

export interface WelchTTestResult extends Provenance {
  /**
   * 'ok'; 'zero-variance' when both groups are constant, or 'numeric-overflow' when t is not
   * representable (then t, df, p and the CI are null).
   */
  status: 'ok' | 'zero-variance' | 'numeric-overflow';
  nX: number;
  nY: number;
  meanX: number;
  meanY: number;
  sdX: number;
  sdY: number;
  /** mean(x) − mean(y), in the unit of the data. */
  meanDifference: number;
  /** √(s²x/nx + s²y/ny). */
  standardError: number;
  t: number | null;
  /** Welch–Satterthwaite degrees of freedom; null when both variances are 0. */
  df: number | null;
  /** Two-sided p-value 2·P(T_df ≥ |t|). */
  pValue: number | null;
  confidenceLevel: number;
  /** meanDifference ± t(1 − α/2, df)·SE. */
  confidenceInterval: [number, number] | null;
}

/**
 * Welch two-sample t-test of H0: μx = μy (two-sided).
 *   SE = √(s²x/nx + s²y/ny), t = (x̄ − ȳ)/SE,
 *   df = (s²x/nx + s²y/ny)² / ((s²x/nx)²/(nx − 1) + (s²y/ny)²/(ny − 1))  (Welch–Satterthwaite),
 *   p = 2·P(T_df ≥ |t|), CI = (x̄ − ȳ) ± t(1 − α/2, df)·SE.
 * Units: mean difference and CI in the unit of the data; t, df, p dimensionless.
 * Reference: Welch (1947) Biometrika 34:28; R `t.test(x, y)` (stats 4.x), scipy
 * `ttest_ind(equal_var=False)`.
 * @throws AnalysisError when a group has fewer than 2 values or a value is not finite.
 */
export function welchTTest(
  x: readonly number[],
  y: readonly number[],
  options: WelchTTestOptions = {},
): WelchTTestResult {
  const confidenceLevel = options.confidenceLevel ?? 0.95;
  assertFinite(confidenceLevel, 'confidenceLevel');
  if (!(confidenceLevel > 0 && confidenceLevel < 1)) {
    throw new AnalysisError('BAD_OPTION', 'confidenceLevel must be in (0, 1)', 'confidenceLevel');
  }
  const vx = sampleVariance(x, 'x');
  const vy = sampleVariance(y, 'y');
  const nX = x.length;
  const nY = y.length;
  const meanX = mean(x, 'x');
  const meanY = mean(y, 'y');
  const ax = vx / nX;
  const ay = vy / nY;
  const se2 = ax + ay;
  const standardError = Math.sqrt(se2);
  const meanDifference = meanX - meanY;
  if (!Number.isFinite(meanDifference) || !Number.isFinite(se2)) {
    throw new AnalysisError('NUMERIC_OVERFLOW', 'the group statistics overflow', 'x');
  }
  const base = {
    nX,
    nY,
    meanX,
    meanY,
    sdX: Math.sqrt(vx),
    sdY: Math.sqrt(vy),
    meanDifference,
    standardError,
    confidenceLevel,
    ...provenance('welch-t-test', '1.0.0', { confidenceLevel, alternative: 'two-sided' }, { x, y }),
  };
  if (!(se2 > 0)) {
    return {
      ...base,
      status: 'zero-variance',
      t: null,
      df: null,
      pValue: null,
      confidenceInterval: null,
    };
  }
  const t = meanDifference / standardError;
  // Written as a ratio of normalised terms so that tiny variances do not underflow.
  const fx = ax / se2;
  const fy = ay / se2;
  const df = 1 / ((fx * fx) / (nX - 1) + (fy * fy) / (nY - 1));
  if (!Number.isFinite(t) || !Number.isFinite(df)) {
    return {
      ...base,
      status: 'numeric-overflow',
      t: null,
      df: null,
      pValue: null,
      confidenceInterval: null,
    };
  }
  const q = tQuantile(1 - (1 - confidenceLevel) / 2, df);
  return {
    ...base,
    status: 'ok',
    t,
    df,
    pValue: tTwoSidedP(t, df),
    confidenceInterval: [meanDifference - q * standardError, meanDifference + q * standardError],
  };
}
