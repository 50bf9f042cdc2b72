// FOCUS (2006) χ² error level of a kinetic fit: the smallest relative measurement error at
// which the model passes the χ² test.
import { AnalysisError, assertFinite } from '../common/analysis-error';
import { chiSquareQuantile } from '../stats/distributions';
import { checkTimeCourse, meansByTime, type TimeCourse } from './time-series';

export interface ChiSquareErrorOptions {
  /** Significance level of the χ² test. Default 0.05 (FOCUS 2006). */
  alpha?: number;
}

export interface ChiSquareErrorLevel {
  /**
   * err, per cent: the smallest error (as a per cent of the mean observed value) at which the
   * fit passes χ² at `alpha`; null when there are no degrees of freedom or the mean is ≤ 0.
   */
  errorPercent: number | null;
  alpha: number;
  /** Distinct timepoints (replicates are averaged: each time counts once). */
  timepoints: number;
  /** Fitted parameters of the model (SFO: C0 and k). */
  parameters: number;
  /** timepoints − parameters. */
  df: number;
  /** χ²(1 − alpha, df); null when df < 1. */
  chiSquareQuantile: number | null;
  /** Σ (predicted − mean observed)² over the timepoints. */
  sumSquaredDeviations: number;
  /** Mean of the per-time mean observations. */
  meanObserved: number;
}

/**
 * The FOCUS (2006) χ² error level of a fitted kinetic model. With Ō_t the mean observation at
 * time t, C_t the model's prediction there, Ō the mean of the Ō_t and m = (number of times −
 * number of fitted parameters):
 *   χ² = Σ_t (C_t − Ō_t)² / (err/100 · Ō)²,
 * and err is the value at which χ² equals the tabulated χ²(1 − α, m):
 *   err = 100 · √( Σ_t (C_t − Ō_t)² / χ²(1 − α, m) ) / Ō.
 * FOCUS considers err ≤ 15 % (parent) an acceptable fit. Units: err in per cent.
 * Reference: FOCUS (2006) Sanco/10058/2005 v2.0, chapter 6 (χ² test of goodness of fit);
 * R mkin `mkinerrmin` (same definition, replicates averaged per time).
 * @throws AnalysisError for malformed input (an empty or malformed course, a non-finite
 *   prediction, a bad alpha or parameter count).
 */
export function chiSquareErrorLevel(
  course: TimeCourse,
  predict: (timeHours: number) => number,
  parameters: number,
  options: ChiSquareErrorOptions = {},
): ChiSquareErrorLevel {
  checkTimeCourse(course, 1, 1, 'course');
  const alpha = options.alpha ?? 0.05;
  assertFinite(alpha, 'alpha');
  if (!(alpha > 0 && alpha < 1)) {
    throw new AnalysisError('BAD_OPTION', 'alpha must be in (0, 1)', 'alpha');
  }
  if (!Number.isInteger(parameters) || parameters < 1) {
    throw new AnalysisError('BAD_OPTION', 'parameters must be an integer ≥ 1', 'parameters');
  }
  const means = meansByTime(course);
  let ss = 0;
  let sumMeans = 0;
  for (const m of means) {
    const predicted = predict(m.timeHours);
    assertFinite(predicted, `prediction at ${m.timeHours} h`);
    ss += (predicted - m.mean) ** 2;
    sumMeans += m.mean;
  }
  const meanObserved = sumMeans / means.length;
  const df = means.length - parameters;
  const q = df >= 1 ? chiSquareQuantile(1 - alpha, df) : null;
  const errorPercent =
    q !== null && meanObserved > 0 ? (100 * Math.sqrt(ss / q)) / meanObserved : null;
  return {
    errorPercent,
    alpha,
    timepoints: means.length,
    parameters,
    df,
    chiSquareQuantile: q,
    sumSquaredDeviations: ss,
    meanObserved,
  };
}
