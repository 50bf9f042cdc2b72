// Mann–Whitney U (Wilcoxon rank-sum) test with R's wilcox.test conventions.
import { AnalysisError, assertFiniteArray } from '../common/analysis-error';
import { provenance, type Provenance } from '../common/provenance';
import { normalCdf } from './distributions';

export interface MannWhitneyUOptions {
  /**
   * Exact p-value. Default (undefined) as R: exact when both groups have fewer than 50 values
   * and there are no ties. With ties the exact null distribution does not apply, and the
   * normal approximation is used whatever this says (flag `exact-unavailable-with-ties`).
   */
  exact?: boolean;
  /** Continuity correction of the normal approximation. Default true (R `correct = TRUE`). */
  correct?: boolean;
}

export type MannWhitneyMethod = 'exact' | 'normal-approximation';

export interface MannWhitneyUResult extends Provenance {
  /** 'ok', or 'all-values-tied' when every value is equal (no information: p is null). */
  status: 'ok' | 'all-values-tied';
  nX: number;
  nY: number;
  /** R's statistic W = (rank sum of x) − nX(nX + 1)/2 = U of x: pairs (xᵢ, yⱼ) with xᵢ > yⱼ, ties ½. */
  W: number;
  /** U of y = nX·nY − W. */
  uY: number;
  /** How the p-value was computed: exact null distribution or normal approximation. */
  pValueMethod: MannWhitneyMethod;
  /** Whether ties were present (average ranks used). */
  hasTies: boolean;
  /** Normal approximation only: tie correction applied to the variance (always when ties exist). */
  tieCorrection: boolean;
  /** Normal approximation only: continuity correction of 0.5 applied. */
  continuityCorrection: boolean;
  /** Normal approximation only: the standardised statistic. */
  z: number | null;
  /** Two-sided p-value. */
  pValue: number | null;
  /** e.g. `exact-unavailable-with-ties`, `exact-not-feasible` (n too large for the exact table). */
  flags: string[];
}

// Exact distribution tables grow as nX·nY·(nX·nY); beyond this size use the approximation.
const MAX_EXACT_CELLS = 2_500_000;

/** Mid-ranks (1-based) of the pooled sample and the sizes of the tie groups. */
function midRanks(values: readonly number[]): { ranks: Float64Array; tieSizes: number[] } {
  const n = values.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => values[a] - values[b]);
  const ranks = new Float64Array(n);
  const tieSizes: number[] = [];
  let i = 0;
  while (i < n) {
    let j = i;
    while (j + 1 < n && values[order[j + 1]] === values[order[i]]) j++;
    const r = (i + j + 2) / 2;
    for (let k = i; k <= j; k++) ranks[order[k]] = r;
    if (j > i) tieSizes.push(j - i + 1);
    i = j + 1;
  }
  return { ranks, tieSizes };
}

/**
 * Exact null distribution of W for group sizes m, n without ties: frequencies f(u), u = 0..mn,
 * from the recursion f(m, n, u) = f(m − 1, n, u − n) + f(m, n − 1, u) (Mann & Whitney 1947),
 * as R's `cwilcox`. Returned as probabilities f(u)/C(m + n, m).
 */
function exactDistribution(m: number, n: number): Float64Array {
  const size = m * n + 1;
  // g[j][u] = f(j, k, u) for the current k; rows j = 0..m.
  const g: Float64Array[] = Array.from({ length: m + 1 }, () => new Float64Array(size));
  for (let j = 0; j <= m; j++) g[j][0] = 1;
  for (let k = 1; k <= n; k++) {
    for (let j = 1; j <= m; j++) {
      const row = g[j];
      const prev = g[j - 1];
      const top = j * k;
      for (let u = top; u >= k; u--) row[u] += prev[u - k];
    }
  }
  const freq = g[m];
  let total = 0;
  for (let u = 0; u < size; u++) total += freq[u];
  const p = new Float64Array(size);
  for (let u = 0; u < size; u++) p[u] = freq[u] / total;
  return p;
}

/**
 * Two-sided Mann–Whitney U test (Wilcoxon rank-sum test) of H0: the two samples come from the
 * same distribution, reproducing R `wilcox.test(x, y)`:
 *   W = Σ rank(xᵢ) − nX(nX + 1)/2 (mid-ranks of the pooled sample).
 *   Exact (no ties, default when nX < 50 and nY < 50):
 *     p = min(1, 2·P(W' ≤ W)) if W ≤ nX·nY/2, else min(1, 2·P(W' ≥ W)), W' from the exact
 *     null distribution.
 *   Normal approximation (ties, or large samples): z = (W − nX·nY/2 − sign·0.5)/σ,
 *     σ² = nX·nY/12 · ((N + 1) − Σ(t³ − t)/(N(N − 1))), N = nX + nY, t = tie-group sizes
 *     (tie correction), 0.5 continuity correction when `correct` (default); p = 2·min(Φ(z), 1 − Φ(z)).
 * Units: dimensionless. The result says which method was used.
 * Reference: Mann & Whitney (1947) Ann Math Stat 18:50; Hollander & Wolfe (1973)
 * Nonparametric Statistical Methods; R `wilcox.test` (stats 4.x).
 * @throws AnalysisError when a group is empty or a value is not finite.
 */
export function mannWhitneyU(
  x: readonly number[],
  y: readonly number[],
  options: MannWhitneyUOptions = {},
): MannWhitneyUResult {
  assertFiniteArray(x, 'x');
  assertFiniteArray(y, 'y');
  if (x.length < 1 || y.length < 1) {
    throw new AnalysisError(
      'TOO_FEW_VALUES',
      'each group needs at least one value',
      x.length < 1 ? 'x' : 'y',
    );
  }
  if (options.exact !== undefined && typeof options.exact !== 'boolean') {
    throw new AnalysisError('BAD_OPTION', 'exact must be a boolean', 'exact');
  }
  if (options.correct !== undefined && typeof options.correct !== 'boolean') {
    throw new AnalysisError('BAD_OPTION', 'correct must be a boolean', 'correct');
  }
  const correct = options.correct ?? true;
  const nX = x.length;
  const nY = y.length;
  const { ranks, tieSizes } = midRanks([...x, ...y]);
  let rankSumX = 0;
  for (let i = 0; i < nX; i++) rankSumX += ranks[i];
  const W = rankSumX - (nX * (nX + 1)) / 2;
  const hasTies = tieSizes.length > 0;
  const flags: string[] = [];
  const wantExact = options.exact ?? (nX < 50 && nY < 50);
  let useExact = wantExact && !hasTies;
  if (wantExact && hasTies) flags.push('exact-unavailable-with-ties');
  if (useExact && (nX * nY + 1) * Math.min(nX, nY) > MAX_EXACT_CELLS) {
    useExact = false;
    flags.push('exact-not-feasible');
  }
  const prov = provenance(
    'mann-whitney-u',
    '1.0.0',
    { exact: options.exact ?? 'auto', correct, alternative: 'two-sided' },
    { x, y },
  );
  const base = { nX, nY, W, uY: nX * nY - W, hasTies, flags, ...prov };

  if (useExact) {
    // The recursion is symmetric in (m, n); build the table over the smaller group.
    const dist = exactDistribution(Math.min(nX, nY), Math.max(nX, nY));
    const w = Math.round(W);
    let tail = 0;
    if (W > (nX * nY) / 2) {
      for (let u = w; u <= nX * nY; u++) tail += dist[u];
    } else {
      for (let u = 0; u <= w; u++) tail += dist[u];
    }
    return {
      ...base,
      status: 'ok',
      pValueMethod: 'exact',
      tieCorrection: false,
      continuityCorrection: false,
      z: null,
      pValue: Math.min(1, 2 * tail),
    };
  }

  const N = nX + nY;
  let tieSum = 0;
  for (const t of tieSizes) tieSum += t * t * t - t;
  const sigma2 = ((nX * nY) / 12) * (N + 1 - tieSum / (N * (N - 1)));
  const centred = W - (nX * nY) / 2;
  const approx = {
    ...base,
    pValueMethod: 'normal-approximation' as const,
    tieCorrection: hasTies,
    continuityCorrection: correct,
  };
  if (!(sigma2 > 0)) {
    flags.push('all-values-tied');
    return { ...approx, status: 'all-values-tied', z: null, pValue: null };
  }
  const z = (centred - (correct ? Math.sign(centred) * 0.5 : 0)) / Math.sqrt(sigma2);
  const pValue = Math.min(1, 2 * Math.min(normalCdf(z), normalCdf(-z)));
  return { ...approx, status: 'ok', z, pValue };
}
