// Responders vs non-responders: per-group degradation rates and a Mann–Whitney U test.
import { AnalysisError, assertFiniteArray } from '../common/analysis-error';
import { provenance, type Provenance } from '../common/provenance';
import { mean, sampleStandardDeviation } from '../stats/descriptive';
import { mannWhitneyU, type MannWhitneyUResult } from '../stats/mann-whitney-u';

export interface DonorGroupSummary {
  n: number;
  /** Mean rate constant, per hour. */
  meanRateConstantPerHour: number;
  /** Sample SD (n − 1), per hour; null for one donor. */
  sdRateConstantPerHour: number | null;
  /** Median rate constant, per hour. */
  medianRateConstantPerHour: number;
  /** ln 2 / median k, hours (robust group half-life); null when the median k ≤ 0. */
  medianHalfLifeHours: number | null;
}

export interface DonorComparisonResult extends Provenance {
  responders: DonorGroupSummary;
  nonResponders: DonorGroupSummary;
  /** Two-sided Mann–Whitney U (R wilcox.test conventions) on k, responders as x. */
  test: Omit<MannWhitneyUResult, keyof Provenance>;
}

function summarize(k: readonly number[]): DonorGroupSummary {
  const sorted = [...k].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return {
    n: k.length,
    meanRateConstantPerHour: mean(k),
    sdRateConstantPerHour: k.length >= 2 ? sampleStandardDeviation(k) : null,
    medianRateConstantPerHour: median,
    medianHalfLifeHours: median > 0 ? Math.LN2 / median : null,
  };
}

/**
 * Compares per-donor degradation rate constants between responders and non-responders: group
 * n, mean, SD (n − 1), median and median-based half-life, and a two-sided Mann–Whitney U test
 * (exact p for small samples without ties; normal approximation with tie and continuity
 * correction otherwise; the result says which).
 * Units: k per hour, half-life in hours. Reference: Mann & Whitney 1947; R `wilcox.test`.
 * @throws AnalysisError for an empty group or non-finite values.
 */
export function compareDonorGroups(
  respondersRatePerHour: readonly number[],
  nonRespondersRatePerHour: readonly number[],
): DonorComparisonResult {
  assertFiniteArray(respondersRatePerHour, 'respondersRatePerHour');
  assertFiniteArray(nonRespondersRatePerHour, 'nonRespondersRatePerHour');
  if (respondersRatePerHour.length === 0 || nonRespondersRatePerHour.length === 0) {
    throw new AnalysisError(
      'TOO_FEW_VALUES',
      'each group needs at least one donor',
      'respondersRatePerHour',
    );
  }
  const {
    method: _m,
    methodVersion: _v,
    options: _o,
    inputHash: _h,
    ...test
  } = mannWhitneyU(respondersRatePerHour, nonRespondersRatePerHour);
  return {
    responders: summarize(respondersRatePerHour),
    nonResponders: summarize(nonRespondersRatePerHour),
    test,
    ...provenance(
      'kinetics-donor-comparison',
      '1.0.0',
      { test: 'mann-whitney-u' },
      {
        respondersRatePerHour,
        nonRespondersRatePerHour,
      },
    ),
  };
}
