import type { FlagSeverity } from '../common/flag-severity';
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
  | 'non-monotone'
  | 'bottom-extrapolated';

/**
 * Severity of each dose-response flag (SCIENCE.md §2). `blocks-approval`: the fit gives no
 * usable result although the data were meant to give one, so the plate fails QC until a
 * manager overrides it with a reason.
 */
export const DOSE_RESPONSE_FLAG_SEVERITY: Readonly<Record<DoseResponseFlag, FlagSeverity>> =
  Object.freeze({
    inactive: 'info',
    'no-convergence': 'blocks-approval',
    'singular-fit': 'blocks-approval',
    'no-residual-df': 'warning',
    'ic50-above-range': 'info',
    'ic50-below-range': 'info',
    'low-r-squared': 'warning',
    'shallow-slope': 'warning',
    'steep-slope': 'warning',
    'ambiguous-ci': 'warning',
    'too-few-concentrations': 'warning',
    'negative-signal': 'warning',
    'high-replicate-cv': 'warning',
    'non-monotone': 'warning',
    'bottom-extrapolated': 'warning',
  });

/** Severity of a stored fit's flag (a row that was not fitted carries `not-fitted`). */
export function fitFlagSeverity(flag: string): FlagSeverity {
  if (flag in DOSE_RESPONSE_FLAG_SEVERITY) {
    return DOSE_RESPONSE_FLAG_SEVERITY[flag as DoseResponseFlag];
  }
  return flag === 'not-fitted' ? 'blocks-approval' : 'warning';
}

/** The rule of a stored fit's flag, in one sentence. */
export function fitFlagRule(flag: string): string {
  if (flag in DOSE_RESPONSE_FLAG_RULE) return DOSE_RESPONSE_FLAG_RULE[flag as DoseResponseFlag];
  return flag === 'not-fitted' ? 'too few usable points: nothing was fitted' : flag;
}

/** The rule of each flag in one sentence (SCIENCE.md §2), for the API, exports and plots. */
export const DOSE_RESPONSE_FLAG_RULE: Readonly<Record<DoseResponseFlag, string>> = Object.freeze({
  inactive: 'no concentration effect (no-effect F test not significant, every mean ≥ 80 %)',
  'no-convergence': 'the fit did not converge: no IC50',
  'singular-fit': 'the parameters are not identifiable (singular JᵀJ): no standard errors',
  'no-residual-df': 'as many points as parameters: no standard errors or CI',
  'ic50-above-range':
    'the curve does not reach 50 % viability within the tested range: the IC50 is a bound, > top tested dose',
  'ic50-below-range':
    'the curve is below 50 % viability from the lowest tested dose: the IC50 is a bound, < lowest tested dose',
  'low-r-squared': 'R² below the protocol minimum',
  'shallow-slope': '|slope| below the protocol minimum',
  'steep-slope': '|slope| above the protocol maximum',
  'ambiguous-ci': 'IC50 CI upper/lower above the protocol maximum',
  'too-few-concentrations': 'fewer distinct concentrations than the protocol minimum',
  'negative-signal': 'a dose group mean is below 0 % beyond its noise (mean + 2·SE < 0)',
  'high-replicate-cv': 'a replicate group CV above the protocol maximum',
  'non-monotone':
    'a dose group departs from the fitted curve by more than its noise allows (a reversal or an outlier well)',
  'bottom-extrapolated':
    'the fitted bottom lies below the lowest dose-group mean by more than a quarter of the span: the CI is unreliable',
});

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
 * `negative-signal` (SCIENCE.md §2): some dose group's mean lies below zero beyond its noise,
 * mean + 2·SE < 0 with SE = s/√n, s the larger of the group's own SD and the pooled
 * within-group SD (a group of one uses the pooled SD; without any replicate it cannot be
 * judged). A single noisy well below zero in a group around 0 % does not fire it.
 */
export function hasNegativeDoseGroup(groups: ConcentrationGroups): boolean {
  const pooled = pooledWithinSd(groups);
  for (let g = 0; g < groups.k; g++) {
    if (!(groups.x[g] > 0) || !(groups.mean[g] < 0)) continue;
    const own = groups.count[g] > 1 ? groups.sd[g] : NaN;
    const s = Number.isNaN(own) ? pooled : pooled === null ? own : Math.max(own, pooled);
    if (s === null || Number.isNaN(s)) continue;
    if (groups.mean[g] + (2 * s) / Math.sqrt(groups.count[g]) < 0) return true;
  }
  return false;
}

/** Pooled within-group SD over groups with replicates; null without any. */
export function pooledWithinSd(groups: ConcentrationGroups): number | null {
  let ss = 0;
  let dfw = 0;
  for (let g = 0; g < groups.k; g++) {
    if (groups.count[g] > 1) {
      ss += groups.sd[g] * groups.sd[g] * (groups.count[g] - 1);
      dfw += groups.count[g] - 1;
    }
  }
  return dfw > 0 ? Math.sqrt(ss / dfw) : null;
}

/**
 * `non-monotone` (SCIENCE.md §2): a dose group whose mean departs from the fitted curve by more
 * than its noise allows: |ȳ_g − f(x_g)| ≥ `minSe`·s_g/√n_g and ≥ `minFraction`·|d − c|, where
 * s_g is the pooled replicate SD of the OTHER groups (so that a group's own outlier well does
 * not inflate the noise it is judged against, and a hormetic rise, which moves whole groups,
 * does not either); without replicates, the residual SD of the fit. A single well fires it too
 * when |y_i − f(x_i)| ≥ `wellMinSe`·s_g (and ≥ `minFraction`·|d − c|): the group mean would
 * dilute one outlier and the fit bends towards it. A large departure (≥ `largeFraction`·|d − c|)
 * needs only `largeMinSe` SE. The defaults (group 4 SE at 10 % of the span or 2 SE at 15 %,
 * well 6.5 SD) keep false alarms on monotone curves with 5 % noise below 1 in 1,000
 * (bench:analysis prints the measured rate) and still catch one well 60 % off its curve in a
 * group of three.
 * Reference: Cedergreen, Ritz & Streibig (2005) Environ Toxicol Chem 24:3166 (hormesis).
 */
export function isNonMonotone(
  groups: ConcentrationGroups,
  curve: (x: number) => number,
  c: number,
  d: number,
  residualSd: number | null,
  minFraction: number,
  minSe: number,
  wellMinSe: number,
  x: readonly number[],
  y: readonly number[],
  largeFraction = Infinity,
  largeMinSe = Infinity,
): boolean {
  const span = Math.abs(d - c);
  if (!(span > 0) || !Number.isFinite(span)) return false;
  let ss = 0;
  let dfw = 0;
  for (let g = 0; g < groups.k; g++) {
    if (groups.count[g] > 1) {
      ss += groups.sd[g] * groups.sd[g] * (groups.count[g] - 1);
      dfw += groups.count[g] - 1;
    }
  }
  const noise = new Array<number>(groups.k);
  const fitted = new Array<number>(groups.k);
  for (let g = 0; g < groups.k; g++) {
    fitted[g] = curve(groups.x[g]);
    let s: number | null = residualSd;
    if (groups.count[g] > 1 && dfw - (groups.count[g] - 1) >= 2) {
      const own = groups.sd[g] * groups.sd[g] * (groups.count[g] - 1);
      s = Math.sqrt((ss - own) / (dfw - (groups.count[g] - 1)));
    } else if (groups.count[g] <= 1 && dfw >= 2) {
      s = Math.sqrt(ss / dfw);
    }
    // A floor: noise-free data must not turn rounding into departures.
    noise[g] = s === null || !Number.isFinite(s) ? NaN : Math.max(s, 1e-9 * span);
  }
  for (let g = 0; g < groups.k; g++) {
    if (!(groups.x[g] > 0)) continue;
    const dev = Math.abs(groups.mean[g] - fitted[g]);
    const t = (dev * Math.sqrt(groups.count[g])) / noise[g];
    if (dev >= minFraction * span && t >= minSe) return true;
    // A large departure needs less evidence (few, noisy replicates: drcData lettuce).
    if (dev >= largeFraction * span && t >= largeMinSe) return true;
  }
  // A single well off its curve: the group mean dilutes it, and the fit bends towards it.
  const minDev = minFraction * span;
  for (let i = 0; i < x.length; i++) {
    if (!(x[i] > 0)) continue;
    const g = groupOf(groups, x[i]);
    const dev = Math.abs(y[i] - fitted[g]);
    if (dev >= minDev && dev >= wellMinSe * noise[g]) return true;
  }
  return false;
}

function groupOf(groups: ConcentrationGroups, x: number): number {
  let lo = 0;
  let hi = groups.k - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (groups.x[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
