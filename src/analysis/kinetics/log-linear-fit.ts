// Log-linear first-order estimate: ordinary least squares of ln C on t.
import { AnalysisError, assertFinite } from '../common/analysis-error';
import { provenance, withoutInputHashes, type Provenance } from '../common/provenance';
import { tQuantile } from '../stats/distributions';
import { fitLine } from '../stats/linear-regression';
import { dissipationTimes, type DissipationTimes } from './half-life';
import { checkTimeCourse, type TimeCourse } from './time-series';

export interface LogLinearOptions {
  /** Confidence level of the CIs. Default 0.95. */
  confidenceLevel?: number;
}

export interface LogLinearFitResult extends Provenance, DissipationTimes {
  status: 'ok' | 'insufficient-data';
  /** Points used (concentration > 0). */
  n: number;
  /** Points left out because ln C is undefined (C ≤ 0). */
  nExcludedNonPositive: number;
  df: number;
  /** k = −slope of ln C on t, per hour; null when fewer than 2 usable points/times. */
  rateConstantPerHour: number | null;
  rateConstantSePerHour: number | null;
  rateConstantCiPerHour: [number, number] | null;
  /** C0 = exp(intercept) (the back-transformed intercept: a geometric-mean-type estimate). */
  c0: number | null;
  /** R² of the regression on the log scale. */
  rSquared: number | null;
  confidenceLevel: number;
  flags: Array<'non-positive-excluded' | 'insufficient-data' | 'no-residual-df'>;
}

/**
 * Log-linear first-order estimate: OLS of ln C on t over the points with C > 0,
 *   ln C = ln C0 − k·t, k = −slope, SE(k) = SE(slope), CI = k ± t(1 − α/2, n − 2)·SE,
 *   C0 = exp(intercept), t½ = ln 2/k (delta-method SE, CI ln 2/CI(k)), DT90 = ln 10/k.
 * It weights the late, low concentrations more than the nonlinear fit does: a different
 * estimator, reported as the second method; a large difference from SFO signals non-first-order
 * (e.g. biphasic) decline.
 * Units: time in hours, k per hour. Reference: FOCUS (2006) Sanco/10058/2005 v2.0, §6.1.1
 * (linearised first-order fits and their bias).
 * @throws AnalysisError for malformed input (see fitSfo).
 */
export function fitLogLinear(
  course: TimeCourse,
  options: LogLinearOptions = {},
): LogLinearFitResult {
  checkTimeCourse(course, 2, 2, 'course');
  const confidenceLevel = options.confidenceLevel ?? 0.95;
  assertFinite(confidenceLevel, 'confidenceLevel');
  if (!(confidenceLevel > 0 && confidenceLevel < 1)) {
    throw new AnalysisError('BAD_OPTION', 'confidenceLevel must be in (0, 1)', 'confidenceLevel');
  }
  const x: number[] = [];
  const y: number[] = [];
  course.timeHours.forEach((t, i) => {
    const c = course.concentration[i];
    if (c > 0) {
      x.push(t);
      y.push(Math.log(c));
    }
  });
  const nExcludedNonPositive = course.timeHours.length - x.length;
  const flags: LogLinearFitResult['flags'] =
    nExcludedNonPositive > 0 ? ['non-positive-excluded'] : [];
  const prov = provenance(
    'kinetics-sfo-log-linear',
    '1.0.0',
    { confidenceLevel },
    {
      timeHours: course.timeHours,
      concentration: course.concentration,
    },
  );
  if (x.length < 2 || new Set(x).size < 2) {
    flags.push('insufficient-data');
    return {
      status: 'insufficient-data',
      n: x.length,
      nExcludedNonPositive,
      df: Math.max(0, x.length - 2),
      rateConstantPerHour: null,
      rateConstantSePerHour: null,
      rateConstantCiPerHour: null,
      c0: null,
      rSquared: null,
      confidenceLevel,
      halfLifeHours: null,
      halfLifeSeHours: null,
      halfLifeCiHours: null,
      dt90Hours: null,
      dt90SeHours: null,
      dt90CiHours: null,
      flags,
      ...prov,
    };
  }
  // Only the line's numbers are kept: its provenance is this result's.
  const fit = withoutInputHashes(() => fitLine(x, y));
  const k = 0 - fit.slope;
  const kSe = fit.slopeSe;
  if (fit.df < 1) flags.push('no-residual-df');
  const q = fit.df >= 1 ? tQuantile(1 - (1 - confidenceLevel) / 2, fit.df) : null;
  const kCi: [number, number] | null =
    kSe !== null && q !== null ? [k - q * kSe, k + q * kSe] : null;
  const c0 = Math.exp(fit.intercept);
  return {
    status: 'ok',
    n: x.length,
    nExcludedNonPositive,
    df: fit.df,
    rateConstantPerHour: k,
    rateConstantSePerHour: kSe,
    rateConstantCiPerHour: kCi,
    c0: Number.isFinite(c0) ? c0 : null,
    rSquared: fit.rSquared,
    confidenceLevel,
    ...dissipationTimes(k, kSe, kCi),
    flags,
    ...prov,
  };
}
