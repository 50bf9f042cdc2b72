import { AnalysisError } from '../common/analysis-error';
import { DOSE_RESPONSE_MODELS, DoseResponseModel } from './log-logistic';

/** Options of fitDoseResponse: model variant and quality-flag thresholds (protocol settings). */
export interface DoseResponseOptions {
  /** Model variant (a protocol setting). Default 'LL4'. */
  model?: DoseResponseModel;
  /** d for the 'fixed-top' model, in response units. Default 100 (% viability). */
  fixedTop?: number;
  /** Response level defining the absolute IC50. Default 50 (% viability). */
  absoluteLevel?: number;
  /**
   * 'percent' when responses are % of vehicle (MTT): enables the ≥ 80 % inactivity rule.
   * Default 'percent'.
   */
  responseScale?: 'percent' | 'absolute';
  /** Concentration unit, for the display text only (e.g. 'µM'). Default ''. */
  concentrationUnit?: string;
  /** Two-sided confidence level of the intervals. Default 0.95. */
  confidenceLevel?: number;
  /** `low-r-squared` below this R². Default 0.90. */
  minRSquared?: number;
  /** `shallow-slope` when |b| is below this. Default 0.3. */
  minAbsSlope?: number;
  /** `steep-slope` when |b| is above this. Default 5. */
  maxAbsSlope?: number;
  /** `ambiguous-ci` when CI upper/lower exceeds this. Default 10. */
  maxCiRatio?: number;
  /** `too-few-concentrations` below this many distinct concentrations > 0. Default 5. */
  minConcentrations?: number;
  /** `high-replicate-cv` above this CV % of a replicate group. Default 20. */
  maxReplicateCvPct?: number;
  /** CV is assessed for groups whose mean is ≥ this fraction of the top group mean. Default 0.25. */
  cvMinMeanFraction?: number;
  /** Significance level of the no-effect F test below which an effect exists. Default 0.05. */
  noEffectAlpha?: number;
  /** On the percent scale, inactive needs every group mean ≥ this. Default 80. */
  inactiveMinPct?: number;
  /** `non-monotone` needs a group mean off the curve by ≥ this fraction of |d − c|. Default 0.1. */
  nonMonotoneMinFraction?: number;
  /** ...and by ≥ this many standard errors of the group mean (pooled SD of the other groups/√n). Default 4. */
  nonMonotoneMinSe?: number;
  /** ...or one well off the curve by ≥ this many pooled SDs of the other groups. Default 6.5. */
  nonMonotoneWellMinSd?: number;
  /** ...or a group mean off by ≥ this fraction of |d − c| ... Default 0.15. */
  nonMonotoneLargeFraction?: number;
  /** ...and by ≥ this many SE. Default 2. */
  nonMonotoneLargeMinSe?: number;
  /**
   * `bottom-extrapolated` when the fitted bottom lies below the lowest dose-group mean by more
   * than this fraction of |d − c|. Default 0.25.
   */
  bottomExtrapolatedFraction?: number;
  /** e is confined to [min tested / 10^k, max tested · 10^k]. Default k = 3. */
  eBoundDecades?: number;
  /** Levenberg–Marquardt iteration limit. Default 200. */
  maxIterations?: number;
}

/** Every option with its value. */
export type ResolvedOptions = Required<DoseResponseOptions>;

/** SCIENCE.md §2 defaults of every option (frozen). */
export const DOSE_RESPONSE_DEFAULTS: Readonly<ResolvedOptions> = Object.freeze({
  model: 'LL4',
  fixedTop: 100,
  absoluteLevel: 50,
  responseScale: 'percent',
  concentrationUnit: '',
  confidenceLevel: 0.95,
  minRSquared: 0.9,
  minAbsSlope: 0.3,
  maxAbsSlope: 5,
  maxCiRatio: 10,
  minConcentrations: 5,
  maxReplicateCvPct: 20,
  cvMinMeanFraction: 0.25,
  noEffectAlpha: 0.05,
  inactiveMinPct: 80,
  nonMonotoneMinFraction: 0.1,
  nonMonotoneMinSe: 4,
  nonMonotoneWellMinSd: 6.5,
  nonMonotoneLargeFraction: 0.15,
  nonMonotoneLargeMinSe: 2,
  bottomExtrapolatedFraction: 0.25,
  eBoundDecades: 3,
  maxIterations: 200,
});

const NUMERIC_OPTIONS = (Object.keys(DOSE_RESPONSE_DEFAULTS) as (keyof ResolvedOptions)[]).filter(
  (k) => typeof DOSE_RESPONSE_DEFAULTS[k] === 'number',
);

/**
 * Merges options over {@link DOSE_RESPONSE_DEFAULTS} and validates them. Throws AnalysisError
 * for an unknown model or scale, a non-finite number, a confidence level outside (0, 1), a
 * non-integer iteration limit or a non-positive e bound.
 */
export function resolveDoseResponseOptions(
  options: DoseResponseOptions,
): Readonly<ResolvedOptions> {
  if (options === null || typeof options !== 'object') {
    throw new AnalysisError('BAD_OPTION', 'options must be an object', 'options');
  }
  let any = false;
  for (const key in options) {
    if ((options as Record<string, unknown>)[key] !== undefined) {
      any = true;
      break;
    }
  }
  // Most fits pass no options: share the frozen defaults.
  if (!any) return DOSE_RESPONSE_DEFAULTS;
  const o: ResolvedOptions = { ...DOSE_RESPONSE_DEFAULTS };
  for (const [key, value] of Object.entries(options)) {
    if (!(key in DOSE_RESPONSE_DEFAULTS)) {
      throw new AnalysisError('BAD_OPTION', `unknown option ${key}`, key);
    }
    if (value !== undefined) (o as unknown as Record<string, unknown>)[key] = value;
  }
  if (!DOSE_RESPONSE_MODELS.includes(o.model)) {
    throw new AnalysisError('BAD_OPTION', `unknown model ${String(o.model)}`, 'model');
  }
  if (o.responseScale !== 'percent' && o.responseScale !== 'absolute') {
    throw new AnalysisError(
      'BAD_OPTION',
      'responseScale must be percent or absolute',
      'responseScale',
    );
  }
  if (typeof o.concentrationUnit !== 'string') {
    throw new AnalysisError(
      'BAD_OPTION',
      'concentrationUnit must be a string',
      'concentrationUnit',
    );
  }
  for (const key of NUMERIC_OPTIONS) {
    const v = o[key];
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      throw new AnalysisError('BAD_OPTION', `${key} must be a finite number`, key);
    }
  }
  if (!(o.confidenceLevel > 0 && o.confidenceLevel < 1)) {
    throw new AnalysisError('BAD_OPTION', 'confidenceLevel must be in (0, 1)', 'confidenceLevel');
  }
  if (!Number.isInteger(o.maxIterations) || o.maxIterations < 1) {
    throw new AnalysisError(
      'BAD_OPTION',
      'maxIterations must be a positive integer',
      'maxIterations',
    );
  }
  if (!(o.eBoundDecades > 0)) {
    throw new AnalysisError('BAD_OPTION', 'eBoundDecades must be > 0', 'eBoundDecades');
  }
  return Object.freeze(o);
}
