// Degradation of a parent compound: SFO (default) and log-linear estimates side by side.
import { AnalysisError, assertFinite } from '../common/analysis-error';
import { provenance, withoutInputHashes, type Provenance } from '../common/provenance';
import { chiSquareErrorLevel, type ChiSquareErrorLevel } from './chi-square-error';
import { fitLogLinear, type LogLinearFitResult } from './log-linear-fit';
import { fitSfo, type SfoFitResult } from './sfo-fit';
import type { TimeCourse } from './time-series';

export interface DegradationOptions {
  confidenceLevel?: number;
  /**
   * The two rate constants "disagree strongly" when max(k)/min(k) exceeds this (or their signs
   * differ). Default 2: FOCUS A and B (first-order) differ by ≈ 1.3×, FOCUS C (biphasic) ≈ 10×.
   */
  maxRateRatio?: number;
  /** Significance level of the FOCUS χ² test. Default 0.05. */
  chiSquareAlpha?: number;
  /**
   * 'poor-fit' when the SFO fit's FOCUS χ² error level exceeds this, per cent. Default 15
   * (FOCUS 2006: a parent fit with err ≤ 15 % is acceptable).
   */
  poorFitErrorMaxPercent?: number;
}

export type DegradationFlag =
  /** SFO and log-linear k differ by more than maxRateRatio: the decline is probably not first-order. */
  | 'methods-disagree'
  /** The SFO fit's FOCUS χ² error level is above poorFitErrorMaxPercent. */
  | 'poor-fit'
  /** The SFO fit did not converge. */
  | 'sfo-no-convergence';

export interface DegradationResult extends Provenance {
  /** The default estimate (FOCUS 2006): nonlinear SFO. */
  sfo: Omit<SfoFitResult, keyof Provenance>;
  /** The second method: OLS of ln C on t. */
  logLinear: Omit<LogLinearFitResult, keyof Provenance>;
  /** k(log-linear) / k(SFO); null when either is missing or k(SFO) = 0. */
  rateRatioLogLinearToSfo: number | null;
  /** FOCUS χ² error level of the SFO fit (replicates averaged per time; 2 parameters). */
  sfoChiSquareError: ChiSquareErrorLevel;
  /** The limit the error level was held against, per cent. */
  poorFitErrorMaxPercent: number;
  flags: DegradationFlag[];
}

function strip<T extends Provenance>(r: T): Omit<T, keyof Provenance> {
  const { method: _m, methodVersion: _v, options: _o, inputHash: _h, ...rest } = r;
  return rest;
}

/**
 * Degradation analysis of one condition: the nonlinear SFO fit (default, FOCUS 2006: unweighted
 * least squares on C) and the log-linear OLS estimate (second method), with the flag
 * 'methods-disagree' when max(k_SFO, k_loglin)/min(…) > maxRateRatio (default 2) or the signs
 * differ. A strong disagreement means the decline is not single first-order (e.g. biphasic,
 * FOCUS dataset C): report the SFO numbers with that caveat or fit a biphasic model.
 * Goodness of fit: the FOCUS χ² error level of the SFO fit (see chiSquareErrorLevel), with the
 * flag 'poor-fit' when it exceeds poorFitErrorMaxPercent (default 15 %). With fewer than 3
 * distinct times there are no degrees of freedom: errorPercent is null and no test is made.
 * Units: time in hours, k per hour. Reference: FOCUS (2006) Sanco/10058/2005 v2.0, §5–6.
 * @throws AnalysisError for malformed input.
 */
export function analyzeDegradation(
  course: TimeCourse,
  options: DegradationOptions = {},
): DegradationResult {
  const maxRateRatio = options.maxRateRatio ?? 2;
  assertFinite(maxRateRatio, 'maxRateRatio');
  if (!(maxRateRatio >= 1)) {
    throw new AnalysisError('BAD_OPTION', 'maxRateRatio must be ≥ 1', 'maxRateRatio');
  }
  const poorFitErrorMaxPercent = options.poorFitErrorMaxPercent ?? 15;
  assertFinite(poorFitErrorMaxPercent, 'poorFitErrorMaxPercent');
  if (!(poorFitErrorMaxPercent > 0)) {
    throw new AnalysisError(
      'BAD_OPTION',
      'poorFitErrorMaxPercent must be > 0',
      'poorFitErrorMaxPercent',
    );
  }
  const chiSquareAlpha = options.chiSquareAlpha ?? 0.05;
  const confidenceLevel = options.confidenceLevel ?? 0.95;
  // The parts' provenance is dropped (strip): this result's hash covers the same course.
  const sfo = withoutInputHashes(() => fitSfo(course, { confidenceLevel }));
  const sfoChiSquareError = chiSquareErrorLevel(
    course,
    (t) => sfo.c0 * Math.exp(-sfo.rateConstantPerHour * t),
    2,
    { alpha: chiSquareAlpha },
  );
  const logLinear = withoutInputHashes(() => fitLogLinear(course, { confidenceLevel }));
  const flags: DegradationFlag[] = [];
  if (sfo.status !== 'converged') flags.push('sfo-no-convergence');
  const ks = sfo.rateConstantPerHour;
  const kl = logLinear.rateConstantPerHour;
  let ratio: number | null = null;
  if (kl !== null) {
    ratio = ks !== 0 ? kl / ks : null;
    if (ratio !== null && !Number.isFinite(ratio)) ratio = null;
    // Opposite signs disagree; both ≤ 0 agree on "no decay" (SFO carries 'no-decay').
    const disagree =
      ks > 0 && kl > 0 ? Math.max(ks, kl) / Math.min(ks, kl) > maxRateRatio : ks > 0 !== kl > 0;
    if (disagree) flags.push('methods-disagree');
  }
  const err = sfoChiSquareError.errorPercent;
  if (err !== null && err > poorFitErrorMaxPercent) flags.push('poor-fit');
  return {
    sfo: strip(sfo),
    logLinear: strip(logLinear),
    rateRatioLogLinearToSfo: ratio,
    sfoChiSquareError,
    poorFitErrorMaxPercent,
    flags,
    ...provenance(
      'kinetics-degradation',
      '1.1.0',
      { confidenceLevel, maxRateRatio, chiSquareAlpha, poorFitErrorMaxPercent },
      {
        timeHours: course.timeHours,
        concentration: course.concentration,
      },
    ),
  };
}
