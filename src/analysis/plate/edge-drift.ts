import { summarize } from '../stats/descriptive';
import { tTwoSidedP } from '../stats/distributions';
import { finiteOrNull } from '../stats/json-safe';
import { PLATE_DIMENSIONS, PlateSize, WellPosition } from './well-position';

/**
 * The wells an edge or drift check judges, each as % of its own reference (vehicle wells: % of
 * the line's vehicle mean; sample wells: % of their replicate group's mean), so that wells of
 * different lines and doses compare.
 */
export interface UniformityWell {
  position: WellPosition;
  valuePct: number;
}

export interface UniformityOptions {
  /** Flag when a difference exceeds this % of the inner mean. Default 10. */
  thresholdPct?: number;
  /** ...and its test gives p below this. Default 0.05. */
  alpha?: number;
}

/** One outer row or outer column against the inner wells of the same set. */
export interface EdgeCheck {
  /** 'vehicle' or 'samples' (treated wells in replicate groups). */
  set: string;
  axis: 'row' | 'column';
  /** Row letter or column number of the plate ("A", "H", "1", "12"). */
  line: string;
  /** "row A", "column 12". */
  label: string;
  assessable: boolean;
  /** Why not assessable (too few wells on the edge or inside). */
  reason: string | null;
  nEdge: number;
  nInner: number;
  /** 100·(edge − inner)/inner, the edge taken against the drift line when drift is flagged. */
  differencePct: number | null;
  /** Welch two-sample t test, two-sided. */
  pValue: number | null;
  flagged: boolean;
}

/** Linear drift of the row means (or column means) of the inner wells of one set. */
export interface DriftCheck {
  set: string;
  axis: 'row' | 'column';
  assessable: boolean;
  reason: string | null;
  /** Number of inner rows (columns) with wells, each one mean. */
  nMeans: number;
  /** Fitted change from the first to the last row (column) of the plate, % of the mean. */
  changePct: number | null;
  /** Two-sided p of the slope (t, nMeans − 2 df). */
  pValue: number | null;
  flagged: boolean;
}

export interface UniformityResult {
  thresholdPct: number;
  alpha: number;
  edges: EdgeCheck[];
  drift: DriftCheck[];
  /** "vehicle wells: rows A and H 15 % low"; empty without an edge effect. */
  edgeEffectMessages: string[];
  /** "vehicle wells: 18 % lower from column 1 to column 12"; empty without drift. */
  driftMessages: string[];
}

const rowLetter = (r: number): string => String.fromCharCode(65 + r);

interface Welch {
  differencePct: number | null;
  pValue: number | null;
}

function welch(a: readonly number[], b: readonly number[], reference: number): Welch {
  const sa = summarize(a);
  const sb = summarize(b);
  if (sa.mean === null || sb.mean === null || sa.sd === null || sb.sd === null) {
    return { differencePct: null, pValue: null };
  }
  const differencePct = reference !== 0 ? (100 * (sa.mean - sb.mean)) / Math.abs(reference) : null;
  const va = (sa.sd * sa.sd) / sa.n;
  const vb = (sb.sd * sb.sd) / sb.n;
  const se = Math.sqrt(va + vb);
  let pValue: number | null = null;
  if (se > 0) {
    const t = (sa.mean - sb.mean) / se;
    const df = ((va + vb) * (va + vb)) / ((va * va) / (sa.n - 1) + (vb * vb) / (sb.n - 1));
    pValue = tTwoSidedP(t, df);
  } else if (sa.mean !== sb.mean) {
    pValue = 0;
  }
  return { differencePct: finiteOrNull(differencePct), pValue: finiteOrNull(pValue) };
}

/** OLS of y on x: slope, intercept and the two-sided p of the slope (null when undefined). */
function ols(
  x: readonly number[],
  y: readonly number[],
): { slope: number; intercept: number; p: number | null } | null {
  const n = x.length;
  if (n < 3) return null;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += x[i] / n;
    my += y[i] / n;
  }
  let sxx = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    sxx += (x[i] - mx) * (x[i] - mx);
    sxy += (x[i] - mx) * (y[i] - my);
  }
  if (!(sxx > 0)) return null;
  const slope = sxy / sxx;
  const intercept = my - slope * mx;
  let rss = 0;
  for (let i = 0; i < n; i++) rss += (y[i] - intercept - slope * x[i]) ** 2;
  const se = Math.sqrt(rss / (n - 2) / sxx);
  const p = se > 0 ? tTwoSidedP(slope / se, n - 2) : slope !== 0 ? 0 : 1;
  return { slope, intercept, p: finiteOrNull(p) };
}

/** "rows A and H", "column 1", "columns 1, 12 and 24". */
function joinLabels(axis: 'row' | 'column', lines: string[]): string {
  const noun = lines.length > 1 ? `${axis}s` : axis;
  const list =
    lines.length > 1 ? `${lines.slice(0, -1).join(', ')} and ${lines[lines.length - 1]}` : lines[0];
  return `${noun} ${list}`;
}

const pct = (v: number): string => `${Math.round(Math.abs(v))} %`;

/**
 * Plate uniformity (NIH Assay Guidance Manual, "Plate uniformity and variability assessment";
 * SCIENCE.md §2): for each set of wells that should read alike,
 * - each outer row (A and the last) and each outer column (1 and the last), on its own, against
 *   the inner wells (off the outer ring) of the same set: flagged when |difference| exceeds
 *   `thresholdPct` of the inner mean and a Welch t test gives p < α; when that axis drifts, the
 *   edge is taken against the drift line of the inner wells, so that a drift is not reported as
 *   an edge effect as well;
 * - linear drift of the inner row means and of the inner column means (OLS on the row or column
 *   index): flagged when the fitted change across the plate exceeds `thresholdPct` of the mean
 *   and the slope's p < α.
 * Messages name where: "vehicle wells: rows A and H 15 % low".
 * Reference: Iversen et al. (2012) Assay Guidance Manual, HTS assay validation; Lundholt,
 * Scudder & Pagliaro (2003) J Biomol Screen 8:566.
 */
export function plateUniformity(
  sets: readonly { set: string; label: string; wells: readonly UniformityWell[] }[],
  format: PlateSize,
  options: UniformityOptions = {},
): UniformityResult {
  const thresholdPct = options.thresholdPct ?? 10;
  const alpha = options.alpha ?? 0.05;
  const { rows, columns } = PLATE_DIMENSIONS[format];
  const edges: EdgeCheck[] = [];
  const drift: DriftCheck[] = [];
  const edgeEffectMessages: string[] = [];
  const driftMessages: string[] = [];
  for (const s of sets) {
    const inner = s.wells.filter(
      (w) =>
        w.position.row > 0 &&
        w.position.row < rows - 1 &&
        w.position.column > 0 &&
        w.position.column < columns - 1,
    );
    const innerMean = summarize(inner.map((w) => w.valuePct)).mean;
    const trends: Record<'row' | 'column', { slope: number; intercept: number } | null> = {
      row: null,
      column: null,
    };
    const driftParts: string[] = [];
    for (const axis of ['row', 'column'] as const) {
      const key = (w: UniformityWell) => (axis === 'row' ? w.position.row : w.position.column);
      const byLine = new Map<number, number[]>();
      for (const w of inner) {
        const k = key(w);
        let v = byLine.get(k);
        if (!v) byLine.set(k, (v = []));
        v.push(w.valuePct);
      }
      const idx = [...byLine.keys()].sort((a, b) => a - b);
      const means = idx.map((k) => summarize(byLine.get(k) as number[]).mean as number);
      const fit = ols(idx, means);
      const span = (axis === 'row' ? rows : columns) - 1;
      const base: DriftCheck = {
        set: s.set,
        axis,
        assessable: false,
        reason: null,
        nMeans: idx.length,
        changePct: null,
        pValue: null,
        flagged: false,
      };
      if (fit === null || innerMean === null || innerMean === 0) {
        drift.push({
          ...base,
          reason: `needs inner wells in at least 3 ${axis}s (${idx.length} here)`,
        });
        continue;
      }
      const changePct = finiteOrNull((100 * fit.slope * span) / Math.abs(innerMean));
      const flagged =
        changePct !== null && Math.abs(changePct) > thresholdPct && fit.p !== null && fit.p < alpha;
      drift.push({ ...base, assessable: true, changePct, pValue: fit.p, flagged });
      if (flagged) {
        trends[axis] = fit;
        const last = axis === 'row' ? rowLetter(rows - 1) : String(columns);
        const first = axis === 'row' ? 'A' : '1';
        driftParts.push(
          `${pct(changePct)} ${changePct < 0 ? 'lower' : 'higher'} from ${axis} ${first} to ${axis} ${last}`,
        );
      }
    }
    if (driftParts.length > 0) driftMessages.push(`${s.label}: ${driftParts.join('; ')}`);

    // The wells of each outer row and column, in one pass.
    const onEdges: Record<string, UniformityWell[]> = { r0: [], r1: [], c0: [], c1: [] };
    for (const w of s.wells) {
      if (w.position.row === 0) onEdges.r0.push(w);
      else if (w.position.row === rows - 1) onEdges.r1.push(w);
      if (w.position.column === 0) onEdges.c0.push(w);
      else if (w.position.column === columns - 1) onEdges.c1.push(w);
    }
    const flaggedEdges: EdgeCheck[] = [];
    for (const axis of ['row', 'column'] as const) {
      const last = axis === 'row' ? rows - 1 : columns - 1;
      const trend = trends[axis];
      // Against the drift line when this axis drifts, else against the inner mean.
      const detrend = (w: UniformityWell): number => {
        if (trend === null || innerMean === null) return w.valuePct;
        const k = axis === 'row' ? w.position.row : w.position.column;
        return w.valuePct - (trend.intercept + trend.slope * k) + innerMean;
      };
      const innerValues = inner.map(detrend);
      for (const k of [0, last]) {
        const onEdge = onEdges[`${axis === 'row' ? 'r' : 'c'}${k === 0 ? 0 : 1}`];
        const line = axis === 'row' ? rowLetter(k) : String(k + 1);
        const check: EdgeCheck = {
          set: s.set,
          axis,
          line,
          label: `${axis} ${line}`,
          assessable: false,
          reason: null,
          nEdge: onEdge.length,
          nInner: inner.length,
          differencePct: null,
          pValue: null,
          flagged: false,
        };
        if (onEdge.length < 2 || inner.length < 2 || innerMean === null) {
          edges.push({
            ...check,
            reason: `needs ≥ 2 wells on ${check.label} and ≥ 2 inner wells (${onEdge.length} and ${inner.length} here)`,
          });
          continue;
        }
        const t = welch(onEdge.map(detrend), innerValues, innerMean);
        const flagged =
          t.differencePct !== null &&
          Math.abs(t.differencePct) > thresholdPct &&
          t.pValue !== null &&
          t.pValue < alpha;
        const done = { ...check, assessable: true, ...t, flagged };
        edges.push(done);
        if (flagged) flaggedEdges.push(done);
      }
    }
    if (flaggedEdges.length > 0) {
      const parts: string[] = [];
      for (const axis of ['row', 'column'] as const) {
        for (const low of [true, false]) {
          const group = flaggedEdges.filter(
            (e) => e.axis === axis && (e.differencePct as number) < 0 === low,
          );
          if (group.length === 0) continue;
          const d = group.map((e) => e.differencePct as number);
          const word = low ? 'low' : 'high';
          if (Math.max(...d) - Math.min(...d) <= 2) {
            const m = d.reduce((a, b) => a + b, 0) / d.length;
            parts.push(
              `${joinLabels(
                axis,
                group.map((e) => e.line),
              )} ${pct(m)} ${word}`,
            );
          } else {
            for (const e of group)
              parts.push(`${e.label} ${pct(e.differencePct as number)} ${word}`);
          }
        }
      }
      edgeEffectMessages.push(`${s.label}: ${parts.join(', ')}`);
    }
  }
  return { thresholdPct, alpha, edges, drift, edgeEffectMessages, driftMessages };
}
