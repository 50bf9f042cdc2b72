import type { ConcentrationGroups } from './concentration-groups';

/** Named quality flags (SCIENCE.md §2); thresholds are options. */
export type DoseResponseFlag =
  | 'inactive'
  | 'no-convergence'
  | 'singular-fit'
  | 'no-residual-df'
  | 'ic50-above-range'
  | 'ic50-below-range'
  | 'low-r-squared'
  | 'shallow-slope'
  | 'steep-slope'
  | 'ambiguous-ci'
  | 'too-few-concentrations'
  | 'negative-signal'
  | 'high-replicate-cv'
  | 'non-monotone';

/**
 * Largest CV % = 100·sd/|mean| over replicate groups (≥ 2 values) whose |mean| is at least
 * `minMeanFraction` of the largest |group mean|: towards zero response (full kill) the CV of
 * a % viability grows without bound and says nothing about pipetting. null without replicates.
 */
export function maxReplicateCv(groups: ConcentrationGroups, minMeanFraction = 0.25): number | null {
  let top = 0;
  for (let g = 0; g < groups.k; g++) top = Math.max(top, Math.abs(groups.mean[g]));
  let best: number | null = null;
  for (let g = 0; g < groups.k; g++) {
    if (groups.count[g] < 2 || top === 0) continue;
    if (Math.abs(groups.mean[g]) < minMeanFraction * top) continue;
    const cv = (100 * groups.sd[g]) / Math.abs(groups.mean[g]);
    if (best === null || cv > best) best = cv;
  }
  return best;
}

/**
 * Hormesis-like reversal: some higher concentration responds more (for a decreasing curve, b ≥ 0)
 * than a lower one, by at least `minFraction`·|d − c| and by `minSe` standard errors of the
 * difference of the two means (pooled replicate SD, else `residualSd`).
 * Reference: Cedergreen, Ritz & Streibig (2005) Environ Toxicol Chem 24:3166 (hormesis in
 * dose-response curves); drcData `lettuce`.
 */
export function isNonMonotone(
  groups: ConcentrationGroups,
  b: number,
  c: number,
  d: number,
  residualSd: number,
  minFraction: number,
  minSe: number,
): boolean {
  let ss = 0;
  let dfw = 0;
  for (let g = 0; g < groups.k; g++) {
    if (groups.count[g] > 1) {
      ss += groups.sd[g] * groups.sd[g] * (groups.count[g] - 1);
      dfw += groups.count[g] - 1;
    }
  }
  const s = dfw > 0 ? Math.sqrt(ss / dfw) : residualSd;
  const direction = b >= 0 ? 1 : -1; // +1: the response should fall with dose
  const span = Math.abs(d - c);
  if (!(span > 0) || !Number.isFinite(span)) return false;
  for (let i = 0; i < groups.k; i++) {
    for (let j = i + 1; j < groups.k; j++) {
      const rise = direction * (groups.mean[j] - groups.mean[i]);
      if (rise < minFraction * span) continue;
      const seDiff = s * Math.sqrt(1 / groups.count[i] + 1 / groups.count[j]);
      if (rise >= minSe * seDiff) return true;
    }
  }
  return false;
}
