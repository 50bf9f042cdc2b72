// Half-life and DT90 of first-order decay from a rate constant, with delta-method SE and CI.
import { AnalysisError, assertFinite } from '../common/analysis-error';

export interface DissipationTimes {
  /** t½ = ln 2 / k, in the time unit of 1/k (hours for k per hour); null when k ≤ 0. */
  halfLifeHours: number | null;
  /** SE(t½) = ln 2 · SE(k) / k² (delta method); null without SE(k) or when k ≤ 0. */
  halfLifeSeHours: number | null;
  /**
   * CI of t½ = [ln 2 / k_upper, ln 2 / k_lower] from the CI of k; the upper end is null
   * (unbounded) when k_lower ≤ 0.
   */
  halfLifeCiHours: [number, number | null] | null;
  /** DT90 = ln 10 / k (time to 90 % dissipation); null when k ≤ 0. */
  dt90Hours: number | null;
  /** SE(DT90) = ln 10 · SE(k) / k². */
  dt90SeHours: number | null;
  /** [ln 10 / k_upper, ln 10 / k_lower]. */
  dt90CiHours: [number, number | null] | null;
}

function fromRate(
  constant: number,
  k: number,
  kSe: number | null,
  kCi: [number, number] | null,
): { value: number | null; se: number | null; ci: [number, number | null] | null } {
  if (!(k > 0)) return { value: null, se: null, ci: null };
  const value = constant / k;
  const se = kSe === null ? null : (constant * kSe) / (k * k);
  let ci: [number, number | null] | null = null;
  if (kCi !== null && kCi[1] > 0) ci = [constant / kCi[1], kCi[0] > 0 ? constant / kCi[0] : null];
  return {
    value: Number.isFinite(value) ? value : null,
    se: se !== null && Number.isFinite(se) ? se : null,
    ci:
      ci !== null && Number.isFinite(ci[0]) && (ci[1] === null || Number.isFinite(ci[1]))
        ? ci
        : null,
  };
}

/**
 * First-order dissipation times from a rate constant k (per hour):
 *   t½ = ln 2 / k, DT90 = ln 10 / k,
 *   SE(t½) = ln 2 · SE(k) / k², SE(DT90) = ln 10 · SE(k) / k² (delta method),
 *   CI(t½) = ln 2 / CI(k) (endpoints swapped), CI(DT90) = ln 10 / CI(k).
 * k ≤ 0 (no decay) gives nulls; a CI of k reaching 0 gives an unbounded (null) upper end.
 * Units: hours when k is per hour. Reference: FOCUS (2006) Guidance on degradation kinetics,
 * Sanco/10058/2005 v2.0, §5.1 (SFO: DT50 = ln 2/k, DT90 = ln 10/k).
 * @throws AnalysisError for non-finite k, SE or CI.
 */
export function dissipationTimes(
  k: number,
  kSe: number | null,
  kCi: [number, number] | null,
): DissipationTimes {
  assertFinite(k, 'k');
  if (kSe !== null) {
    assertFinite(kSe, 'kSe');
    if (kSe < 0) throw new AnalysisError('NEGATIVE_SE', 'SE(k) must be ≥ 0', 'kSe');
  }
  if (kCi !== null) {
    assertFinite(kCi[0], 'kCi[0]');
    assertFinite(kCi[1], 'kCi[1]');
  }
  const half = fromRate(Math.LN2, k, kSe, kCi);
  const dt90 = fromRate(Math.LN10, k, kSe, kCi);
  return {
    halfLifeHours: half.value,
    halfLifeSeHours: half.se,
    halfLifeCiHours: half.ci,
    dt90Hours: dt90.value,
    dt90SeHours: dt90.se,
    dt90CiHours: dt90.ci,
  };
}
