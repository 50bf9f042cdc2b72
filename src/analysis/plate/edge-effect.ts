import { summarize } from '../stats/descriptive';
import { tTwoSidedP } from '../stats/distributions';
import { finiteOrNull } from '../stats/json-safe';
import { isEdgeWell, PlateSize, WellPosition } from './well-position';

export interface EdgeEffectOptions {
  /** Flag when |outer − inner| exceeds this % of the inner mean. Default 10. */
  thresholdPct?: number;
  /** ...and the Welch t test gives p below this. Default 0.05. */
  alpha?: number;
}

export interface EdgeEffectResult {
  /** false when either side has fewer than 2 wells. */
  assessable: boolean;
  nOuter: number;
  nInner: number;
  outerMean: number | null;
  innerMean: number | null;
  /** 100·(outer − inner)/inner. */
  differencePct: number | null;
  /** Welch two-sample t test, two-sided. */
  welchT: number | null;
  welchDf: number | null;
  pValue: number | null;
  thresholdPct: number;
  edgeEffect: boolean;
}

/**
 * Edge-effect check: mean signal of wells on the outer ring (row A / last row, column 1 / last
 * column) against wells inside, usually on the vehicle wells, which should all read alike.
 * Evaporation and temperature gradients lower (or raise) the outer wells; Z′ does not see it.
 * Flagged when |difference| > thresholdPct of the inner mean and a Welch t test gives p < α.
 * Reference: Lundholt, Scudder & Pagliaro (2003) J Biomol Screen 8:566; Welch (1947)
 * Biometrika 34:28.
 */
export function edgeEffect(
  wells: readonly { position: WellPosition; signal: number }[],
  format: PlateSize,
  options: EdgeEffectOptions = {},
): EdgeEffectResult {
  const thresholdPct = options.thresholdPct ?? 10;
  const alpha = options.alpha ?? 0.05;
  const outer: number[] = [];
  const inner: number[] = [];
  for (const w of wells) (isEdgeWell(w.position, format) ? outer : inner).push(w.signal);
  const so = summarize(outer);
  const si = summarize(inner);
  const empty: EdgeEffectResult = {
    assessable: false,
    nOuter: so.n,
    nInner: si.n,
    outerMean: so.mean,
    innerMean: si.mean,
    differencePct: null,
    welchT: null,
    welchDf: null,
    pValue: null,
    thresholdPct,
    edgeEffect: false,
  };
  if (so.n < 2 || si.n < 2 || so.mean === null || si.mean === null) return empty;
  const sdo = so.sd as number;
  const sdi = si.sd as number;
  const differencePct = si.mean !== 0 ? (100 * (so.mean - si.mean)) / Math.abs(si.mean) : null;
  const vo = (sdo * sdo) / so.n;
  const vi = (sdi * sdi) / si.n;
  const se = Math.sqrt(vo + vi);
  let welchT: number | null = null;
  let welchDf: number | null = null;
  let pValue: number | null = null;
  if (se > 0) {
    welchT = (so.mean - si.mean) / se;
    welchDf = ((vo + vi) * (vo + vi)) / ((vo * vo) / (so.n - 1) + (vi * vi) / (si.n - 1));
    pValue = tTwoSidedP(welchT, welchDf);
  } else if (so.mean !== si.mean) {
    pValue = 0;
  }
  const edge =
    differencePct !== null &&
    Math.abs(differencePct) > thresholdPct &&
    pValue !== null &&
    pValue < alpha;
  return {
    ...empty,
    assessable: true,
    differencePct: finiteOrNull(differencePct),
    welchT: finiteOrNull(welchT),
    welchDf: finiteOrNull(welchDf),
    pValue: finiteOrNull(pValue),
    edgeEffect: edge,
  };
}
