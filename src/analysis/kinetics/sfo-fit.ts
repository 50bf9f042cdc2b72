// Single first-order (SFO) degradation fitted by unweighted nonlinear least squares (FOCUS 2006).
import { AnalysisError, assertFinite } from '../common/analysis-error';
import { provenance, type Provenance } from '../common/provenance';
import { covarianceFromJacobian } from '../fitting/covariance';
import {
  levenbergMarquardt,
  type LeastSquaresProblem,
  type LevenbergMarquardtResult,
  type LevenbergMarquardtStatus,
} from '../fitting/levenberg-marquardt';
import { tQuantile } from '../stats/distributions';
import { dissipationTimes, type DissipationTimes } from './half-life';
import { checkTimeCourse, meansByTime, type TimeCourse } from './time-series';

export interface SfoOptions {
  /** Confidence level of the CIs. Default 0.95. */
  confidenceLevel?: number;
  /** Maximum LM iterations. Default 200. */
  maxIterations?: number;
}

export type SfoFlag =
  /** The solver stopped without meeting a convergence test: estimates are not reliable. */
  | 'no-convergence'
  /** Fitted k ≤ 0: no decay, no half-life. */
  | 'no-decay'
  /** n = 2: exact fit, no SEs. */
  | 'no-residual-df'
  /** JᵀJ singular: no SEs. */
  | 'singular-fit'
  /** No observation at t = 0: % remaining is relative to the fitted C0. */
  | 'no-time-zero';

export interface SfoFitResult extends Provenance, DissipationTimes {
  status: 'converged' | 'no-convergence';
  solverStatus: LevenbergMarquardtStatus;
  iterations: number;
  n: number;
  df: number;
  /** Fitted initial concentration C0, in the concentration unit of the input. */
  c0: number;
  c0Se: number | null;
  c0Ci: [number, number] | null;
  /** Rate constant k, per hour. */
  rateConstantPerHour: number;
  rateConstantSePerHour: number | null;
  /** Wald CI k ± t(1 − α/2, n − 2)·SE(k), per hour. */
  rateConstantCiPerHour: [number, number] | null;
  /** Correlation of the C0 and k estimates. */
  c0RateCorrelation: number | null;
  /** Residual sum of squares, concentration². */
  rss: number;
  /** √(RSS/(n − 2)), concentration unit. */
  residualSd: number | null;
  /** t(1 − α/2, n − 2) used for the CIs. */
  tQuantile: number | null;
  confidenceLevel: number;
  /** 100 · mean C(last time) / mean C(t = 0) (observed), or / fitted C0 when t = 0 is absent. */
  percentRemainingAtLastTime: number | null;
  lastTimeHours: number;
  flags: SfoFlag[];
}

function startValues(course: TimeCourse): [number, number] {
  const { timeHours: t, concentration: c } = course;
  // Log-linear OLS on positive concentrations, when possible.
  let n = 0;
  let st = 0;
  let sy = 0;
  for (let i = 0; i < t.length; i++) {
    if (c[i] > 0) {
      n++;
      st += t[i];
      sy += Math.log(c[i]);
    }
  }
  const maxC = Math.max(...c.map(Math.abs));
  const tMax = Math.max(...t);
  const fallbackK = tMax > 0 ? 1 / tMax : 1;
  if (n >= 2) {
    const mt = st / n;
    const my = sy / n;
    let sxx = 0;
    let sxy = 0;
    for (let i = 0; i < t.length; i++) {
      if (c[i] > 0) {
        sxx += (t[i] - mt) ** 2;
        sxy += (t[i] - mt) * (Math.log(c[i]) - my);
      }
    }
    if (sxx > 0) {
      const k = -sxy / sxx;
      const c0 = Math.exp(my + k * mt);
      if (k > 0 && Number.isFinite(c0)) return [c0, k];
    }
  }
  return [maxC > 0 ? maxC : 1, fallbackK];
}

/**
 * Single first-order kinetics C(t) = C0·e^(−k·t), fitted by unweighted nonlinear least squares
 * on the untransformed concentrations (all replicates), Levenberg–Marquardt with the analytic
 * Jacobian (∂C/∂C0 = e^(−kt), ∂C/∂k = −C0·t·e^(−kt)), starting from the log-linear estimate.
 * Uncertainty: Cov = s²(JᵀJ)⁻¹, s² = RSS/(n − 2); Wald CIs θ ± t(1 − α/2, n − 2)·SE(θ);
 * t½ = ln 2/k with SE(t½) = ln 2·SE(k)/k² and CI ln 2/CI(k); DT90 = ln 10/k.
 * % remaining = 100·mean C(last time)/mean C(t = 0).
 * Units: time in hours, k per hour, C0 in the concentration unit of the input.
 * Reference: FOCUS (2006) Guidance Document on Estimating Persistence and Degradation Kinetics,
 * Sanco/10058/2005 v2.0, §5.1 and §6 (SFO, unweighted least squares); R mkin / minpack.lm nlsLM.
 * @throws AnalysisError for malformed input: non-finite values, negative times, unequal
 *   lengths, fewer than 2 points or fewer than 2 distinct times.
 */
export function fitSfo(course: TimeCourse, options: SfoOptions = {}): SfoFitResult {
  checkTimeCourse(course, 2, 2, 'course');
  const confidenceLevel = options.confidenceLevel ?? 0.95;
  assertFinite(confidenceLevel, 'confidenceLevel');
  if (!(confidenceLevel > 0 && confidenceLevel < 1)) {
    throw new AnalysisError('BAD_OPTION', 'confidenceLevel must be in (0, 1)', 'confidenceLevel');
  }
  const maxIterations = options.maxIterations ?? 200;
  const t = course.timeHours;
  const c = course.concentration;
  const n = t.length;
  const problem: LeastSquaresProblem = {
    n,
    p: 2,
    evaluate(theta, r, jac) {
      const c0 = theta[0];
      const k = theta[1];
      for (let i = 0; i < n; i++) {
        const e = Math.exp(-k * t[i]);
        r[i] = c0 * e - c[i];
        jac[2 * i] = e;
        jac[2 * i + 1] = -c0 * t[i] * e;
      }
    },
  };
  const lmOptions = { maxIterations, ftol: 1e-14, xtol: 1e-14, gtol: 1e-14 };
  const start = startValues(course);
  let fit: LevenbergMarquardtResult = levenbergMarquardt(problem, start, lmOptions);
  // A poor start (e.g. a strongly biphasic curve) can stall: retry from slower and faster k.
  if (!fit.converged) {
    for (const factor of [10, 0.1]) {
      const retry = levenbergMarquardt(problem, [start[0], start[1] * factor], lmOptions);
      if (retry.converged && (!fit.converged || retry.rss < fit.rss)) fit = retry;
    }
  }
  const c0 = fit.theta[0];
  const k = fit.theta[1];
  const df = n - 2;
  const flags: SfoFlag[] = [];
  if (!fit.converged) flags.push('no-convergence');
  if (!(k > 0)) flags.push('no-decay');

  let c0Se: number | null = null;
  let kSe: number | null = null;
  let corr: number | null = null;
  let residualSd: number | null = null;
  let q: number | null = null;
  if (df < 1) {
    flags.push('no-residual-df');
  } else {
    q = tQuantile(1 - (1 - confidenceLevel) / 2, df);
    residualSd = Math.sqrt(fit.rss / df);
    const cov = fit.converged ? covarianceFromJacobian(fit.jacobian, n, 2, fit.rss) : null;
    if (cov !== null) {
      c0Se = cov.standardErrors[0];
      kSe = cov.standardErrors[1];
      corr = cov.covariance[1] / (c0Se * kSe);
      if (!Number.isFinite(c0Se) || !Number.isFinite(kSe) || !Number.isFinite(corr)) {
        c0Se = null;
        kSe = null;
        corr = null;
      }
    }
    if (fit.converged && kSe === null) flags.push('singular-fit');
  }
  const kCi: [number, number] | null =
    kSe !== null && q !== null ? [k - q * kSe, k + q * kSe] : null;
  const c0Ci: [number, number] | null =
    c0Se !== null && q !== null ? [c0 - q * c0Se, c0 + q * c0Se] : null;

  const means = meansByTime(course);
  const last = means[means.length - 1];
  const first = means[0];
  let percentRemainingAtLastTime: number | null = null;
  if (first.timeHours === 0) {
    percentRemainingAtLastTime = first.mean !== 0 ? (100 * last.mean) / first.mean : null;
  } else {
    flags.push('no-time-zero');
    percentRemainingAtLastTime = c0 !== 0 ? (100 * last.mean) / c0 : null;
  }
  if (percentRemainingAtLastTime !== null && !Number.isFinite(percentRemainingAtLastTime)) {
    percentRemainingAtLastTime = null;
  }
  if (!Number.isFinite(c0) || !Number.isFinite(k) || !Number.isFinite(fit.rss)) {
    throw new AnalysisError(
      'NUMERIC_OVERFLOW',
      'the SFO fit left the range of double precision',
      'course',
    );
  }
  return {
    status: fit.converged ? 'converged' : 'no-convergence',
    solverStatus: fit.status,
    iterations: fit.iterations,
    n,
    df,
    c0,
    c0Se,
    c0Ci,
    rateConstantPerHour: k,
    rateConstantSePerHour: kSe,
    rateConstantCiPerHour: kCi,
    c0RateCorrelation: corr,
    ...dissipationTimes(k, kSe, kCi),
    rss: fit.rss,
    residualSd,
    tQuantile: q,
    confidenceLevel,
    percentRemainingAtLastTime,
    lastTimeHours: last.timeHours,
    flags,
    ...provenance(
      'kinetics-sfo-nonlinear',
      '1.0.0',
      { confidenceLevel, maxIterations, weighting: 'none' },
      {
        timeHours: t,
        concentration: c,
      },
    ),
  };
}
