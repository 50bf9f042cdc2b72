import { AnalysisError, assertFinite } from '../common/analysis-error';
import { formatSignificant } from '../common/significant-figures';
import { Provenance, provenance } from '../common/provenance';
import { normalQuantile, tQuantile } from '../stats/distributions';

export const IC50_RATIO_METHOD = 'dose-response/ic50-ratio-separate-fits-logscale-t';
export const IC50_RATIO_METHOD_VERSION = '1.1.0';

/**
 * What a ratio needs from a fit: the reportable IC50 (null when there is none), SE(ln IC50) and
 * the residual df. A {@link DoseResponseFit} satisfies it.
 */
export interface Ic50Estimate {
  ic50: number | null;
  seLnIc50: number | null;
  df: number;
  /** Optional, used in the explanation when there is no IC50. */
  ic50Display?: string;
  /** The IC50 bound ("> top tested dose") when the IC50 is not a point. */
  ic50Bound?: { relation: '>' | '<'; concentration: number } | null;
}

/** A ratio known only as a bound: "> 90.9-fold" (from the top tested dose). */
export interface RatioBound {
  relation: '>' | '<';
  value: number;
}

export interface Ic50RatioOptions {
  /** Two-sided confidence level. Default 0.95. */
  confidenceLevel?: number;
}

/** Ratio of two IC50s from separate fits (fold-resistance, reversal fold, relative potency). */
export interface Ic50Ratio extends Provenance {
  /**
   * 'determined'; 'bound' when an IC50 is a bound (the ratio is then a bound too, from the
   * tested dose, with no point and no CI); 'not-determinable' otherwise (no IC50, or two bounds
   * that do not bound the ratio).
   */
  status: 'determined' | 'bound' | 'not-determinable';
  /** Why it is a bound or not determinable. */
  reason: string | null;
  /** The ratio's bound when status is 'bound'. */
  bound: RatioBound | null;
  definition: string;
  ratio: number | null;
  lnRatio: number | null;
  /** √(SE(ln IC50_a)² + SE(ln IC50_b)²). */
  seLnRatio: number | null;
  /** df_a + df_b. */
  df: number | null;
  tQuantile: number | null;
  /** exp(ln R ± t(1 − α/2, df_a + df_b)·SE): the ThioLab convention. */
  ci95: [number, number] | null;
  /** exp(ln R ± z(1 − α/2)·SE), for comparison. */
  ci95LogscaleZ: [number, number] | null;
}

/**
 * Ratio IC50_a / IC50_b of two independent fits on the log scale:
 * ln R = ln IC50_a − ln IC50_b, SE = √(SE_a² + SE_b²),
 * CI = exp(ln R ± t(0.975, df_a + df_b)·SE) (and a z-based CI for comparison).
 * When an IC50 is a bound ("> top tested dose", SCIENCE.md §2) the ratio is a bound from that
 * dose ("> N-fold"), never a point with a CI; two bounds the same way, or a fit with neither an
 * IC50 nor a bound (inactive, not converged), make it not determinable, with the reason
 * (returned status, never thrown).
 * Reference: SCIENCE.md §2; Ritz et al. (2015) drc `EDcomp` (log-scale delta method);
 * GraphPad Prism guide "comparing IC50s".
 */
export function ic50Ratio(
  a: Ic50Estimate,
  b: Ic50Estimate,
  definition: string,
  options: Ic50RatioOptions = {},
): Ic50Ratio {
  const level = options.confidenceLevel ?? 0.95;
  assertFinite(level, 'confidenceLevel');
  if (!(level > 0 && level < 1)) {
    throw new AnalysisError('BAD_OPTION', 'confidenceLevel must be in (0, 1)', 'confidenceLevel');
  }
  for (const [name, fit] of [
    ['a', a],
    ['b', b],
  ] as const) {
    if (fit === null || typeof fit !== 'object') {
      throw new AnalysisError('BAD_INPUT', `fit ${name} must be an object`, name);
    }
    if (fit.ic50 !== null) assertFinite(fit.ic50, `${name}.ic50`);
    if (fit.seLnIc50 !== null) assertFinite(fit.seLnIc50, `${name}.seLnIc50`);
    assertFinite(fit.df, `${name}.df`);
  }
  const prov = provenance(
    IC50_RATIO_METHOD,
    IC50_RATIO_METHOD_VERSION,
    { confidenceLevel: level, definition },
    {
      a: { ic50: a.ic50, seLnIc50: a.seLnIc50, df: a.df, ic50Bound: a.ic50Bound ?? null },
      b: { ic50: b.ic50, seLnIc50: b.seLnIc50, df: b.df, ic50Bound: b.ic50Bound ?? null },
    },
  );
  const none = (reason: string): Ic50Ratio => ({
    ...prov,
    status: 'not-determinable',
    reason,
    bound: null,
    definition,
    ratio: null,
    lnRatio: null,
    seLnRatio: null,
    df: null,
    tQuantile: null,
    ci95: null,
    ci95LogscaleZ: null,
  });
  const describe = (fit: Ic50Estimate): string => fit.ic50Display ?? 'no reportable IC50';
  const aBound = a.ic50 === null ? validBound(a.ic50Bound) : null;
  const bBound = b.ic50 === null ? validBound(b.ic50Bound) : null;
  if (a.ic50 === null && aBound === null) return none(`numerator: ${describe(a)}`);
  if (b.ic50 === null && bBound === null) return none(`denominator: ${describe(b)}`);
  if (aBound !== null || bBound !== null) {
    // IC50_a > T (or < T) and IC50_b a point or the opposite bound: the ratio is bounded by the
    // tested dose. Two bounds the same way bound nothing.
    const na = aBound?.concentration ?? (a.ic50 as number);
    const nb = bBound?.concentration ?? (b.ic50 as number);
    const up = (aBound?.relation === '>' ? 1 : 0) + (bBound?.relation === '<' ? 1 : 0);
    const down = (aBound?.relation === '<' ? 1 : 0) + (bBound?.relation === '>' ? 1 : 0);
    const which = aBound !== null && bBound !== null ? 'both IC50s are bounds' : null;
    if (up > 0 && down > 0) {
      return none(
        `${which ?? 'the IC50s'} point the same way (numerator ${describe(a)}, denominator ${describe(b)}): the ratio is not bounded`,
      );
    }
    if (!(na > 0) || !(nb > 0)) return none('an IC50 bound is not positive');
    const relation: '>' | '<' = up > 0 ? '>' : '<';
    const value = na / nb;
    const reason =
      `${aBound ? `numerator ${describe(a)}` : `denominator ${describe(b)}`}` +
      `${aBound && bBound ? ` and denominator ${describe(b)}` : ''}: the IC50 is a bound ` +
      `(the curve does not cross 50 % within the tested range), so the ratio is ` +
      `${relation} ${formatSignificant(value)}, from the tested dose, with no point estimate or CI`;
    return { ...none(reason), status: 'bound', bound: { relation, value } };
  }
  if (a.ic50 === null || !(a.ic50 > 0)) return none(`numerator: ${describe(a)}`);
  if (b.ic50 === null || !(b.ic50 > 0)) return none(`denominator: ${describe(b)}`);
  const lnRatio = Math.log(a.ic50) - Math.log(b.ic50);
  const ratio = Math.exp(lnRatio);
  if (a.seLnIc50 === null || b.seLnIc50 === null || !(a.df > 0) || !(b.df > 0)) {
    return {
      ...none('no standard error for one of the IC50s'),
      status: 'determined',
      ratio,
      lnRatio,
    };
  }
  const se = Math.sqrt(a.seLnIc50 * a.seLnIc50 + b.seLnIc50 * b.seLnIc50);
  const df = a.df + b.df;
  const p = 1 - (1 - level) / 2;
  const t = tQuantile(p, df);
  const z = normalQuantile(p);
  return {
    ...prov,
    status: 'determined',
    reason: null,
    bound: null,
    definition,
    ratio,
    lnRatio,
    seLnRatio: se,
    df,
    tQuantile: t,
    ci95: [Math.exp(lnRatio - t * se), Math.exp(lnRatio + t * se)],
    ci95LogscaleZ: [Math.exp(lnRatio - z * se), Math.exp(lnRatio + z * se)],
  };
}

function validBound(
  b: Ic50Estimate['ic50Bound'],
): { relation: '>' | '<'; concentration: number } | null {
  if (b === null || b === undefined || typeof b !== 'object') return null;
  if (b.relation !== '>' && b.relation !== '<') return null;
  return Number.isFinite(b.concentration) && b.concentration > 0 ? b : null;
}

/** "> 90.91-fold", "2.2 (95 % CI 1.9–2.6)" or "not determinable (…)". */
export function displayIc50Ratio(
  r: Pick<Ic50Ratio, 'ratio' | 'ci95' | 'reason' | 'bound'>,
  unit = '-fold',
): string {
  if (r.bound) return `${r.bound.relation} ${formatSignificant(r.bound.value)}${unit}`;
  if (r.ratio === null) return `not determinable (${r.reason ?? 'no IC50'})`;
  return r.ci95
    ? `${formatSignificant(r.ratio)} (95 % CI ${formatSignificant(r.ci95[0])}–${formatSignificant(r.ci95[1])})`
    : `${formatSignificant(r.ratio)} (no CI)`;
}

/**
 * Fold-resistance FR = IC50_resistant / IC50_parental from separate fits, with the log-scale
 * t CI on df_R + df_P (see {@link ic50Ratio}). Reference: SCIENCE.md §2.
 */
export function foldResistance(
  fitResistant: Ic50Estimate,
  fitParental: Ic50Estimate,
  options: Ic50RatioOptions = {},
): Ic50Ratio {
  return ic50Ratio(
    fitResistant,
    fitParental,
    'fold-resistance = IC50(resistant) / IC50(parental); separate fits; ' +
      'CI exp(ln FR ± t(0.975, df_R + df_P)·SE), SE = √(SE_lnR² + SE_lnP²)',
    options,
  );
}
