// Biotic degradation rate: culture rate minus abiotic (medium-only) rate.
import { AnalysisError, assertFinite } from '../common/analysis-error';
import { provenance, type Provenance } from '../common/provenance';
import { normalQuantile, tQuantile } from '../stats/distributions';

/** A first-order rate constant with its SE and residual df (from fitSfo or fitLogLinear). */
export interface RateEstimate {
  rateConstantPerHour: number;
  rateConstantSePerHour: number | null;
  /** Residual degrees of freedom of the fit (for a Satterthwaite CI); optional. */
  df?: number;
}

export interface BioticRateOptions {
  confidenceLevel?: number;
}

export interface BioticRateResult extends Provenance {
  /** k_biotic = k_culture − k_abiotic, per hour. */
  rateConstantPerHour: number;
  /** √(SE_c² + SE_a²) (independent fits); null without both SEs. */
  rateConstantSePerHour: number | null;
  /**
   * k ± q·SE with q = t(1 − α/2, df) and Welch–Satterthwaite df = (SE_c² + SE_a²)² /
   * (SE_c⁴/df_c + SE_a⁴/df_a) when both df are given, else the normal quantile.
   */
  rateConstantCiPerHour: [number, number] | null;
  df: number | null;
  ciMethod: 'satterthwaite-t' | 'normal' | null;
  confidenceLevel: number;
  /** Biotic half-life ln 2 / k_biotic, hours; null when k_biotic ≤ 0. */
  halfLifeHours: number | null;
  /** 'no-biotic-degradation': k_biotic ≤ 0 (the culture is not faster than the medium). */
  flags: Array<'no-biotic-degradation'>;
}

function checkRate(r: unknown, field: string): asserts r is RateEstimate {
  if (typeof r !== 'object' || r === null) {
    throw new AnalysisError('BAD_INPUT', `${field} must be an object`, field);
  }
  const e = r as Record<string, unknown>;
  assertFinite(e.rateConstantPerHour, `${field}.rateConstantPerHour`);
  if (e.rateConstantSePerHour !== null) {
    assertFinite(e.rateConstantSePerHour, `${field}.rateConstantSePerHour`);
    if ((e.rateConstantSePerHour as number) < 0) {
      throw new AnalysisError('NEGATIVE_SE', `${field}.rateConstantSePerHour must be ≥ 0`, field);
    }
  }
  if (e.df !== undefined) {
    assertFinite(e.df, `${field}.df`);
    if (!((e.df as number) > 0))
      throw new AnalysisError('BAD_DEGREES_OF_FREEDOM', `${field}.df must be > 0`, field);
  }
}

/**
 * Biotic degradation rate of a drug in co-culture: k_biotic = k_culture − k_abiotic, with
 * SE = √(SE_culture² + SE_abiotic²) (independent fits) and a CI from Welch–Satterthwaite df
 * when both fits' df are known (normal otherwise). Chemical (abiotic) loss in the medium is
 * removed so that only bacterial metabolism remains.
 * Units: per hour. Reference: FOCUS (2006) Sanco/10058/2005 v2.0 (first-order rates add);
 * Zimmermann et al. 2019 (Nature 570:462), drug depletion by gut bacteria vs controls.
 * @throws AnalysisError for non-finite rates, negative SEs or df ≤ 0.
 */
export function bioticRate(
  culture: RateEstimate,
  abiotic: RateEstimate,
  options: BioticRateOptions = {},
): BioticRateResult {
  checkRate(culture, 'culture');
  checkRate(abiotic, 'abiotic');
  const confidenceLevel = options.confidenceLevel ?? 0.95;
  assertFinite(confidenceLevel, 'confidenceLevel');
  if (!(confidenceLevel > 0 && confidenceLevel < 1)) {
    throw new AnalysisError('BAD_OPTION', 'confidenceLevel must be in (0, 1)', 'confidenceLevel');
  }
  const k = culture.rateConstantPerHour - abiotic.rateConstantPerHour;
  if (!Number.isFinite(k))
    throw new AnalysisError('NUMERIC_OVERFLOW', 'rate difference overflows', 'culture');
  const sc = culture.rateConstantSePerHour;
  const sa = abiotic.rateConstantSePerHour;
  let se: number | null = null;
  let ci: [number, number] | null = null;
  let df: number | null = null;
  let ciMethod: BioticRateResult['ciMethod'] = null;
  if (sc !== null && sa !== null) {
    se = Math.sqrt(sc * sc + sa * sa);
    if (!Number.isFinite(se))
      throw new AnalysisError('NUMERIC_OVERFLOW', 'SE overflows', 'culture');
    const p = 1 - (1 - confidenceLevel) / 2;
    let q: number;
    if (culture.df !== undefined && abiotic.df !== undefined && se > 0) {
      const vc = (sc * sc) / (se * se);
      const va = (sa * sa) / (se * se);
      df = 1 / ((vc * vc) / culture.df + (va * va) / abiotic.df);
      q = tQuantile(p, df);
      ciMethod = 'satterthwaite-t';
    } else {
      q = normalQuantile(p);
      ciMethod = 'normal';
    }
    ci = [k - q * se, k + q * se];
  }
  return {
    rateConstantPerHour: k,
    rateConstantSePerHour: se,
    rateConstantCiPerHour: ci,
    df,
    ciMethod,
    confidenceLevel,
    halfLifeHours: k > 0 ? Math.LN2 / k : null,
    flags: k > 0 ? [] : ['no-biotic-degradation'],
    ...provenance('kinetics-biotic-rate', '1.0.0', { confidenceLevel }, { culture, abiotic }),
  };
}
