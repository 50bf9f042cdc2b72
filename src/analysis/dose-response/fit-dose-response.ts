import { AnalysisError } from '../common/analysis-error';
import type { Provenance } from '../common/provenance';
import { formatSignificant } from '../common/significant-figures';
import { levenbergMarquardt, LevenbergMarquardtResult, LevenbergMarquardtStatus } from '../fitting';
import { tQuantile } from '../stats/distributions';
import { concentrationGroups, ConcentrationGroups } from './concentration-groups';
import {
  DoseResponseOptions,
  ResolvedOptions,
  resolveDoseResponseOptions,
} from './dose-response-options';
import { hashDoseResponseInput } from './input-hash';
import {
  absoluteIc50,
  DoseResponseModel,
  logLogistic,
  lnRelativeEd50,
  lnRelativeEd50Gradient,
  logLogisticProblem,
  N_PARAMS,
  P_B,
  P_C,
  P_D,
  P_F,
  P_LAMBDA,
} from './log-logistic';
import { NoEffectTest, noEffectTest } from './no-effect-test';
import {
  DoseResponseFlag,
  hasNegativeDoseGroup,
  isNonMonotone,
  maxReplicateCv,
} from './quality-flags';
import { logLogisticStart, LogLogisticStart } from './starting-values';

export const DOSE_RESPONSE_METHOD = 'dose-response/log-logistic-least-squares';
export const DOSE_RESPONSE_METHOD_VERSION = '1.1.0';

/** A fitted parameter: estimate and standard error (null when fixed or not estimable). */
export interface ParameterEstimate {
  estimate: number;
  se: number | null;
  fixed: boolean;
}

export interface DoseResponseParameters {
  /** Slope (drc b; GraphPad HillSlope = −b). */
  b: ParameterEstimate;
  /** Lower asymptote (bottom). */
  c: ParameterEstimate;
  /** Upper asymptote (top). */
  d: ParameterEstimate;
  /** Inflection point e (= relative IC50 for the LL.4 family), concentration units. */
  e: ParameterEstimate;
  /** LL.5 asymmetry (1, fixed, for the LL.4 family). */
  f: ParameterEstimate;
}

/** Result of {@link fitDoseResponse}. Serialises to JSON and back unchanged. */
export interface DoseResponseFit extends Provenance {
  model: DoseResponseModel;
  /** 'fitted' (converged; see flags), 'inactive' (no effect, nothing fitted), 'not-converged'. */
  status: 'fitted' | 'inactive' | 'not-converged';
  converged: boolean;
  /** The solver's stopping reason (null when nothing was fitted: all responses equal). */
  convergence: LevenbergMarquardtStatus | null;
  iterations: number;
  n: number;
  /** Number of estimated parameters. */
  nParams: number;
  /** Residual degrees of freedom n − nParams. */
  df: number;
  /** Fitted parameters (null when inactive). */
  parameters: DoseResponseParameters | null;
  lnE: number | null;
  seLnE: number | null;
  /** Log-scale t interval of e: exp(ln e ± t·SE(ln e)). */
  eCi95: [number, number] | null;
  /**
   * Reportable relative IC50 (e for LL.4/LL.3/fixed-top; e(2^(1/f) − 1)^(1/b) for LL.5), or
   * null when there is none to report: inactive, not converged, or a bound. On the percent
   * scale it is reported only when the fitted curve crosses 50 % inside the tested range
   * (c < 50 < d, and the relative and absolute IC50 both within the tested doses).
   */
  ic50: number | null;
  /**
   * The half-maximal concentration (relative IC50, midway between c and d) as fitted, whether
   * or not it is the reportable IC50: shown labelled as such, never as the IC50, when the IC50
   * is a bound. null when inactive, not converged or undefined.
   */
  halfMaximalConcentration: number | null;
  /** "half-maximal concentration 86 µM", or null. */
  halfMaximalDisplay: string | null;
  /** false when the IC50 CI is not to be trusted (`bottom-extrapolated`); null without a CI. */
  ic50CiReliable: boolean | null;
  /** ln of the relative IC50 as fitted, even when not reportable (null when inactive). */
  lnIc50: number | null;
  /** SE(ln IC50); for LL.5 by the delta method. */
  seLnIc50: number | null;
  /** exp(ln IC50 ± t(1 − α/2, df)·SE(ln IC50)), only with a reportable IC50. */
  ic50Ci95: [number, number] | null;
  /** Concentration where the curve crosses `absoluteLevel`, when c < level < d and in range. */
  ic50Absolute: number | null;
  /** "> max tested" / "< min tested" instead of a number. */
  ic50Bound: { relation: '>' | '<'; concentration: number } | null;
  /** Human-readable IC50 statement. */
  ic50Display: string;
  rss: number | null;
  residualSe: number | null;
  rSquared: number | null;
  /** t(1 − α/2, df) used for the intervals. */
  tQuantile: number | null;
  noEffectTest: NoEffectTest;
  testedRange: { min: number; max: number; distinctConcentrations: number };
  /** Largest replicate CV % among groups away from zero response (null without replicates). */
  maxReplicateCvPct: number | null;
  flags: DoseResponseFlag[];
}

/** Input of {@link fitDoseResponse}: one point per well (replicates are not averaged). */
export interface DoseResponseData {
  /** Concentrations ≥ 0 (0 = control, fitted at the curve's limit). */
  concentrations: readonly number[];
  /** Responses (e.g. % viability), same length. */
  responses: readonly number[];
}

const MAX_MAGNITUDE = 1e100;

function validateData(data: DoseResponseData): void {
  if (data === null || typeof data !== 'object') {
    throw new AnalysisError('BAD_INPUT', 'data must be an object', 'data');
  }
  const { concentrations: x, responses: y } = data;
  if (!Array.isArray(x) || !Array.isArray(y)) {
    throw new AnalysisError('NOT_AN_ARRAY', 'concentrations and responses must be arrays', 'data');
  }
  if (x.length !== y.length) {
    throw new AnalysisError(
      'LENGTH_MISMATCH',
      `${x.length} concentrations but ${y.length} responses`,
      'responses',
    );
  }
  let positive = 0;
  for (let i = 0; i < x.length; i++) {
    const xi: unknown = x[i];
    const yi: unknown = y[i];
    // Messages are built only on failure: this runs for every point of every fit.
    if (typeof xi !== 'number' || !Number.isFinite(xi)) {
      throw new AnalysisError(
        'NOT_FINITE',
        `concentrations[${i}] must be a finite number, got ${String(xi)}`,
        `concentrations[${i}]`,
      );
    }
    if (typeof yi !== 'number' || !Number.isFinite(yi)) {
      throw new AnalysisError(
        'NOT_FINITE',
        `responses[${i}] must be a finite number, got ${String(yi)}`,
        `responses[${i}]`,
      );
    }
    // Beyond ±1e100 the sums of squares overflow: not a measurement.
    if (Math.abs(xi) > MAX_MAGNITUDE || Math.abs(yi) > MAX_MAGNITUDE) {
      throw new AnalysisError(
        'OUT_OF_RANGE',
        `point ${i}: |value| > 1e100 is not a measurement`,
        `responses[${i}]`,
      );
    }
    if (xi < 0) {
      throw new AnalysisError(
        'NEGATIVE_CONCENTRATION',
        `concentration ${xi} < 0`,
        `concentrations[${i}]`,
      );
    }
    if (xi > 0) positive++;
  }
  if (positive === 0) {
    throw new AnalysisError('NO_POSITIVE_CONCENTRATION', 'no concentration > 0', 'concentrations');
  }
}

/** Free-parameter mask per model over θ = [b, c, d, λ, f]. */
const MASKS: Record<DoseResponseModel, readonly boolean[]> = {
  LL4: [false, false, false, false, true],
  LL3: [false, true, false, false, true],
  'fixed-top': [false, false, true, false, true],
  LL5: [false, false, false, false, false],
};

function fixedMask(model: DoseResponseModel): readonly boolean[] {
  return MASKS[model];
}

interface RawFit {
  lm: LevenbergMarquardtResult;
  lnRef: number;
}

function runLm(
  lnx: readonly number[],
  y: readonly number[],
  model: DoseResponseModel,
  start: LogLogisticStart,
  lnRef: number,
  lower: number[],
  upper: number[],
  o: Readonly<ResolvedOptions>,
): LevenbergMarquardtResult {
  const theta0 = [start.b, start.c, start.d, start.lnE - lnRef, start.f];
  return levenbergMarquardt(logLogisticProblem(lnx, y, model), theta0, {
    fixed: fixedMask(model),
    computeCovariance: true,
    returnJacobian: false,
    returnResiduals: false,
    lower,
    upper,
    maxIterations: o.maxIterations,
    ftol: 1e-10,
    xtol: 1e-10,
    gtol: 1e-10,
  });
}

function better(
  a: LevenbergMarquardtResult,
  b: LevenbergMarquardtResult,
): LevenbergMarquardtResult {
  if (a.converged !== b.converged) return a.converged ? a : b;
  return b.rss < a.rss ? b : a;
}

/** Fits the model from a data-driven start, then from a fallback start if that fails. */
function fitModel(
  x: readonly number[],
  y: readonly number[],
  groups: ConcentrationGroups,
  o: Readonly<ResolvedOptions>,
): RawFit {
  // Centre ln x on the mean log of the positive concentrations (unit invariance, scaling).
  let lnRef = 0;
  let m = 0;
  for (let g = 0; g < groups.k; g++) {
    if (groups.x[g] > 0) {
      lnRef += Math.log(groups.x[g]);
      m++;
    }
  }
  lnRef /= m;
  const lnx = x.map((v) => (v > 0 ? Math.log(v) - lnRef : -Infinity));
  let xMinPos = Infinity;
  for (let g = 0; g < groups.k; g++)
    if (groups.x[g] > 0 && groups.x[g] < xMinPos) xMinPos = groups.x[g];
  const xMax = groups.x[groups.k - 1];
  const widen = o.eBoundDecades * Math.LN10;
  const lower = [-Infinity, -Infinity, -Infinity, Math.log(xMinPos) - widen - lnRef, 1e-4];
  const upper = [Infinity, Infinity, Infinity, Math.log(xMax) + widen - lnRef, 1e4];

  const fixedC = o.model === 'LL3' ? 0 : undefined;
  const fixedD = o.model === 'fixed-top' ? o.fixedTop : undefined;
  const start = logLogisticStart(groups, fixedC, fixedD);
  // Keep the start inside the e bounds.
  start.lnE = Math.min(upper[P_LAMBDA] + lnRef, Math.max(lower[P_LAMBDA] + lnRef, start.lnE));

  let lm: LevenbergMarquardtResult;
  if (o.model === 'LL5') {
    // LL.5 is weakly determined: start it from the LL.4 optimum (f = 1).
    const ll4 = runLm(lnx, y, 'LL4', start, lnRef, lower, upper, o);
    const s4 = ll4.converged
      ? {
          b: ll4.theta[P_B],
          c: ll4.theta[P_C],
          d: ll4.theta[P_D],
          lnE: ll4.theta[P_LAMBDA] + lnRef,
          f: 1,
        }
      : start;
    lm = runLm(lnx, y, 'LL5', s4, lnRef, lower, upper, o);
    if (!lm.converged && ll4.converged)
      lm = better(lm, runLm(lnx, y, 'LL5', start, lnRef, lower, upper, o));
  } else {
    lm = runLm(lnx, y, o.model, start, lnRef, lower, upper, o);
  }
  if (!lm.converged) {
    // Fallback: unit slope in the data's direction, e at the geometric middle of the range.
    const alt: LogLogisticStart = {
      ...start,
      b: Math.sign(start.b) || 1,
      lnE: 0.5 * (Math.log(xMinPos) + Math.log(xMax)),
    };
    lm = better(lm, runLm(lnx, y, o.model, alt, lnRef, lower, upper, o));
  }
  return { lm, lnRef };
}

/**
 * Fits a log-logistic dose-response curve (drc `LL.4`/`LL.3`/`LL.5`, GraphPad "variable slope")
 * by unweighted least squares (Levenberg–Marquardt, analytic Jacobian, parameter ln e), with
 * covariance s²(JᵀJ)⁻¹, s² = RSS/(n − p), and IC50 CI exp(ln e ± t(0.975, n − p)·SE(ln e)).
 *
 * - Every replicate is a point (no averaging); concentration 0 points are fitted at the limit.
 * - Relative IC50 = e (LL.5: e(2^(1/f) − 1)^(1/b), SE by the delta method on the log scale).
 * - Absolute IC50 = where the curve crosses `absoluteLevel` (50 %), only when c < 50 < d.
 * - An IC50 outside the tested concentrations is not reported as a number: `ic50` is null and
 *   `ic50Bound` says "> max tested" or "< min tested".
 * - A response with no detectable effect (no-effect F test p > α and, on the percent scale,
 *   every group mean ≥ 80 %) is `inactive`: no parameters, no IC50.
 * - Quality flags as in SCIENCE.md §2 (see {@link DoseResponseFlag}).
 *
 * Units: concentrations in any one unit (IC50 in the same unit); responses in % of vehicle by
 * default. Deterministic. Throws AnalysisError only for malformed input (non-finite values,
 * lengths, negative concentrations, no positive concentration, fewer points than parameters,
 * bad options).
 * References: Ritz, Baty, Streibig & Gerhard (2015) PLoS ONE 10:e0146021 (drc); GraphPad
 * Prism 10 Curve Fitting Guide; Seber & Wild (1989) Nonlinear Regression §5.1.
 */
export function fitDoseResponse(
  data: DoseResponseData,
  options: DoseResponseOptions = {},
): DoseResponseFit {
  validateData(data);
  const o = resolveDoseResponseOptions(options);
  const x = data.concentrations;
  const n = x.length;
  const mask = fixedMask(o.model);
  let pFree = 0;
  for (const f of mask) if (!f) pFree++;
  if (n < pFree) {
    throw new AnalysisError(
      'TOO_FEW_POINTS',
      `${n} points cannot determine the ${pFree} parameters of ${o.model}`,
      'responses',
    );
  }
  // Private copies: the fit works on them and the input hash is computed from them on demand.
  // (Plain arrays: small typed arrays each cost an off-heap buffer.)
  const y = data.responses.slice();
  const xCopy = x.slice();
  const groups = concentrationGroups(x, y);

  let meanY = 0;
  for (let i = 0; i < n; i++) meanY += y[i];
  meanY /= n;
  let tss = 0;
  for (let i = 0; i < n; i++) tss += (y[i] - meanY) * (y[i] - meanY);

  let xMinPos = Infinity;
  let distinctPositive = 0;
  let minGroupMean = Infinity;
  for (let g = 0; g < groups.k; g++) {
    if (groups.x[g] > 0) {
      distinctPositive++;
      if (groups.x[g] < xMinPos) xMinPos = groups.x[g];
      if (groups.mean[g] < minGroupMean) minGroupMean = groups.mean[g];
    }
  }
  const xMax = groups.x[groups.k - 1];
  const testedRange = { min: xMinPos, max: xMax, distinctConcentrations: distinctPositive };

  const dataFlags: DoseResponseFlag[] = [];
  if (distinctPositive < o.minConcentrations) dataFlags.push('too-few-concentrations');
  if (hasNegativeDoseGroup(groups)) dataFlags.push('negative-signal');
  const maxCv = maxReplicateCv(groups, o.cvMinMeanFraction);
  if (maxCv !== null && maxCv > o.maxReplicateCvPct) dataFlags.push('high-replicate-cv');

  const lm = tss > 0 ? fitModel(x, y, groups, o) : null;
  const noEffect = noEffectTest(tss, lm !== null ? lm.lm.rss : tss, n, pFree);

  const inactive =
    lm === null ||
    ((noEffect.pValue === null || noEffect.pValue > o.noEffectAlpha) &&
      (o.responseScale !== 'percent' || minGroupMean >= o.inactiveMinPct));
  if (inactive) {
    dataFlags.unshift('inactive');
    const inactiveFit: Omit<DoseResponseFit, 'inputHash'> = {
      method: DOSE_RESPONSE_METHOD,
      methodVersion: DOSE_RESPONSE_METHOD_VERSION,
      options: o,
      model: o.model,
      status: 'inactive',
      converged: lm !== null && lm.lm.converged,
      convergence: lm !== null ? lm.lm.status : null,
      iterations: lm !== null ? lm.lm.iterations : 0,
      n,
      nParams: pFree,
      df: n - pFree,
      parameters: null,
      lnE: null,
      seLnE: null,
      eCi95: null,
      ic50: null,
      halfMaximalConcentration: null,
      halfMaximalDisplay: null,
      ic50CiReliable: null,
      lnIc50: null,
      seLnIc50: null,
      ic50Ci95: null,
      ic50Absolute: null,
      ic50Bound: null,
      ic50Display: 'inactive (no effect, no IC50)',
      rss: null,
      residualSe: null,
      rSquared: null,
      tQuantile: null,
      noEffectTest: noEffect,
      testedRange,
      maxReplicateCvPct: maxCv,
      flags: dataFlags,
    };
    return withInputHash(inactiveFit, xCopy, y);
  }

  const { lm: fit, lnRef } = lm;
  const theta = fit.theta;
  const b = theta[P_B];
  const c = theta[P_C];
  const d = theta[P_D];
  const lnE = theta[P_LAMBDA] + lnRef;
  const f = theta[P_F];
  const e = Math.exp(lnE);
  const df = n - pFree;
  const converged = fit.converged;
  const cov = fit.covariance ?? null;
  const se = (j: number): number | null => {
    if (cov === null || mask[j]) return null;
    const s = cov.standardErrors[j];
    return Number.isFinite(s) ? s : null;
  };
  const seLnE = se(P_LAMBDA);
  const tq = df > 0 ? cachedTQuantile(1 - (1 - o.confidenceLevel) / 2, df) : null;

  let lnIc50 = lnE;
  let seLnIc50 = seLnE;
  if (o.model === 'LL5') {
    lnIc50 = lnRelativeEd50(b, lnE, f);
    seLnIc50 = null;
    if (cov !== null) {
      // Delta method on (b, λ, f).
      const grad = lnRelativeEd50Gradient(b, f);
      const idx = [P_B, P_LAMBDA, P_F];
      let v = 0;
      for (let i = 0; i < 3; i++) {
        for (let j = 0; j < 3; j++) {
          v += grad[i] * grad[j] * cov.covariance[idx[i] * N_PARAMS + idx[j]];
        }
      }
      if (v >= 0 && Number.isFinite(v)) seLnIc50 = Math.sqrt(v);
    }
  }
  const ic50Raw = Math.exp(lnIc50);

  const flags: DoseResponseFlag[] = [];
  if (!converged) flags.push('no-convergence');
  if (df === 0) flags.push('no-residual-df');
  else if (cov === null) flags.push('singular-fit');
  const bound = ic50BoundOf(converged, o, b, c, d, e, f, ic50Raw, xMinPos, xMax);
  if (bound !== null) flags.push(bound.relation === '>' ? 'ic50-above-range' : 'ic50-below-range');
  const rSquared = 1 - fit.rss / tss;
  if (rSquared < o.minRSquared) flags.push('low-r-squared');
  if (Math.abs(b) < o.minAbsSlope) flags.push('shallow-slope');
  if (Math.abs(b) > o.maxAbsSlope) flags.push('steep-slope');
  const reportable = converged && bound === null && Number.isFinite(ic50Raw);
  const ic50Ci: [number, number] | null =
    reportable && seLnIc50 !== null && tq !== null
      ? [Math.exp(lnIc50 - tq * seLnIc50), Math.exp(lnIc50 + tq * seLnIc50)]
      : null;
  if (reportable && (ic50Ci === null || ic50Ci[1] / ic50Ci[0] > o.maxCiRatio)) {
    flags.push('ambiguous-ci');
  }
  const residualSe = df > 0 ? Math.sqrt(fit.rss / df) : null;
  if (
    converged &&
    isNonMonotone(
      groups,
      (xi) => logLogistic(xi, b, c, d, e, f),
      c,
      d,
      residualSe,
      o.nonMonotoneMinFraction,
      o.nonMonotoneMinSe,
      o.nonMonotoneWellMinSd,
      xCopy,
      y,
      o.nonMonotoneLargeFraction,
      o.nonMonotoneLargeMinSe,
    )
  ) {
    flags.push('non-monotone');
  }
  // The bottom (the high-dose asymptote) extrapolated far below every measured group mean.
  const bottomIndex = b >= 0 ? P_C : P_D;
  const bottomExtrapolated =
    converged &&
    !mask[bottomIndex] &&
    theta[bottomIndex] < minGroupMean - o.bottomExtrapolatedFraction * Math.abs(d - c);
  if (bottomExtrapolated) flags.push('bottom-extrapolated');
  for (const flag of dataFlags) flags.push(flag);

  const abs = converged ? absoluteIc50(b, c, d, e, f, o.absoluteLevel) : null;
  const ic50Absolute = abs !== null && abs >= xMinPos && abs <= xMax ? abs : null;

  const unit = o.concentrationUnit ? ` ${o.concentrationUnit}` : '';
  let ic50Display: string;
  if (!converged) ic50Display = `not determined (fit did not converge: ${fit.status})`;
  else if (!reportable && bound === null) ic50Display = 'not determined (IC50 undefined)';
  else if (bound !== null) {
    ic50Display = `${bound.relation} ${formatSignificant(bound.concentration)}${unit}`;
  } else if (ic50Ci !== null) {
    ic50Display =
      `${formatSignificant(ic50Raw)}${unit} (${Math.round(o.confidenceLevel * 100)} % CI ` +
      `${formatSignificant(ic50Ci[0])}–${formatSignificant(ic50Ci[1])}` +
      `${bottomExtrapolated ? ', unreliable: bottom extrapolated' : ''})`;
  } else ic50Display = `${formatSignificant(ic50Raw)}${unit} (no CI)`;
  const halfMaximal = converged && Number.isFinite(ic50Raw) ? ic50Raw : null;

  const result: Omit<DoseResponseFit, 'inputHash'> = {
    method: DOSE_RESPONSE_METHOD,
    methodVersion: DOSE_RESPONSE_METHOD_VERSION,
    options: o,
    model: o.model,
    status: converged ? 'fitted' : 'not-converged',
    converged,
    convergence: fit.status,
    iterations: fit.iterations,
    n,
    nParams: pFree,
    df,
    parameters: {
      b: { estimate: b, se: se(P_B), fixed: mask[P_B] },
      c: { estimate: c, se: se(P_C), fixed: mask[P_C] },
      d: { estimate: d, se: se(P_D), fixed: mask[P_D] },
      e: { estimate: e, se: seLnE === null ? null : e * seLnE, fixed: false },
      f: { estimate: f, se: se(P_F), fixed: mask[P_F] },
    },
    lnE,
    seLnE,
    eCi95:
      seLnE !== null && tq !== null
        ? [Math.exp(lnE - tq * seLnE), Math.exp(lnE + tq * seLnE)]
        : null,
    ic50: reportable ? ic50Raw : null,
    halfMaximalConcentration: halfMaximal,
    halfMaximalDisplay:
      halfMaximal === null
        ? null
        : `half-maximal concentration ${formatSignificant(halfMaximal)}${unit}`,
    ic50CiReliable: ic50Ci === null ? null : !bottomExtrapolated,
    lnIc50: Number.isFinite(lnIc50) ? lnIc50 : null,
    seLnIc50,
    ic50Ci95: ic50Ci,
    ic50Absolute,
    ic50Bound: bound,
    ic50Display,
    rss: fit.rss,
    residualSe,
    rSquared,
    tQuantile: tq,
    noEffectTest: noEffect,
    testedRange,
    maxReplicateCvPct: maxCv,
    flags,
  };
  return withInputHash(result, xCopy, y);
}

/** The fit with its provenance hash: sha256 of the canonical input, a plain field. */
function withInputHash(
  fit: Omit<DoseResponseFit, 'inputHash'>,
  concentrations: readonly number[],
  responses: readonly number[],
): DoseResponseFit {
  return Object.assign(fit, { inputHash: hashDoseResponseInput(concentrations, responses) });
}

/**
 * The IC50 bound, or null when the IC50 is a point. On the percent scale (SCIENCE.md §2) the
 * IC50 is a point only when the fitted curve crosses `absoluteLevel` (50 %) inside the tested
 * range: c < 50 < d and the relative and absolute IC50 both within [lowest, top] tested dose.
 * A curve that stays above 50 % (or crosses it, or has its midpoint, beyond the top dose) gives
 * "> top tested dose"; one already below 50 % at the lowest dose gives "< lowest tested dose".
 * On an absolute response scale there is no 50 % level: the relative IC50 against the range.
 */
function ic50BoundOf(
  converged: boolean,
  o: Readonly<ResolvedOptions>,
  b: number,
  c: number,
  d: number,
  e: number,
  f: number,
  ic50Raw: number,
  xMin: number,
  xMax: number,
): DoseResponseFit['ic50Bound'] {
  const above = { relation: '>' as const, concentration: xMax };
  const below = { relation: '<' as const, concentration: xMin };
  if (Number.isNaN(ic50Raw)) return null; // undefined (a degenerate LL.5): neither
  if (converged && o.responseScale === 'percent') {
    const level = o.absoluteLevel;
    if (!(Math.max(c, d) > level)) return below;
    if (!(Math.min(c, d) < level)) return above;
    const abs = absoluteIc50(b, c, d, e, f, level);
    if (abs === null) return above;
    if (abs < xMin) return below;
    if (abs > xMax || ic50Raw > xMax) return above;
    if (ic50Raw < xMin) return below;
    return null;
  }
  if (ic50Raw > xMax) return above;
  if (ic50Raw < xMin) return below;
  return null;
}

// t quantiles by (p, df): each fit needs one, and the same few df recur across a plate.
const tQuantileCache = new Map<number, Map<number, number>>();

function cachedTQuantile(p: number, df: number): number {
  let byDf = tQuantileCache.get(p);
  if (byDf === undefined) {
    byDf = new Map();
    if (tQuantileCache.size < 100) tQuantileCache.set(p, byDf);
  }
  let q = byDf.get(df);
  if (q === undefined) {
    q = tQuantile(p, df);
    if (byDf.size < 1000) byDf.set(df, q);
  }
  return q;
}
