// A small scatter/line plot (SVG) for the LC-MS/MS and kinetics pictures: calibration curves,
// degradation (ln C vs t), metabolite time courses and the donor-comparison dot plot.
import { el, polylinePath, px, text } from './svg/svg';
import { linearScale, logScale, type Scale } from './svg/scales';

export interface XyPoint {
  x: number;
  y: number;
  /** Shown hollow (e.g. a failed calibrator, a point left out of a fit). */
  hollow?: boolean;
  label?: string;
}

export interface XySeries {
  label: string;
  kind: 'points' | 'line' | 'band';
  points: XyPoint[];
  /** For 'band': the upper edge (points is the lower one). */
  upper?: XyPoint[];
  color?: string;
  dashed?: boolean;
  marker?: 'circle' | 'square' | 'diamond';
}

export interface XyPlotInput {
  title: string;
  subtitle?: string;
  xLabel: string;
  yLabel: string;
  xLog?: boolean;
  yLog?: boolean;
  /** Category labels for the x axis (dot plots): x values are their indices. */
  xCategories?: string[];
  series: XySeries[];
  notes?: string[];
  width?: number;
  height?: number;
}

const PALETTE = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#8c564b', '#17becf'];

function domain(values: number[], log: boolean): [number, number] {
  const v = values.filter((x) => Number.isFinite(x) && (!log || x > 0));
  if (v.length === 0) return log ? [1, 10] : [0, 1];
  let lo = Math.min(...v);
  let hi = Math.max(...v);
  if (lo === hi) {
    lo = log ? lo / 2 : lo - 1;
    hi = log ? hi * 2 : hi + 1;
  }
  return [lo, hi];
}

function marker(
  kind: XySeries['marker'],
  x: number,
  y: number,
  color: string,
  hollow: boolean,
): string {
  const fill = hollow ? 'white' : color;
  if (kind === 'square')
    return el('rect', { x: x - 3.5, y: y - 3.5, width: 7, height: 7, fill, stroke: color });
  if (kind === 'diamond')
    return el('path', {
      d: `M${px(x)} ${px(y - 4.5)} L${px(x + 4.5)} ${px(y)} L${px(x)} ${px(y + 4.5)} L${px(x - 4.5)} ${px(y)} Z`,
      fill,
      stroke: color,
    });
  return el('circle', { cx: x, cy: y, r: 3.5, fill, stroke: color });
}

/** Renders the plot as a standalone SVG document. */
export function renderXyPlot(input: XyPlotInput): string {
  const width = input.width ?? 720;
  const height = input.height ?? 460;
  const left = 80;
  const right = 200;
  const top = input.subtitle ? 60 : 44;
  const bottom = 60 + 16 * (input.notes?.length ?? 0);
  const all = input.series.flatMap((s) => [...s.points, ...(s.upper ?? [])]);
  const xd = input.xCategories
    ? ([-0.5, input.xCategories.length - 0.5] as [number, number])
    : domain(
        all.map((p) => p.x),
        !!input.xLog,
      );
  const yd = domain(
    all.map((p) => p.y),
    !!input.yLog,
  );
  if (!input.yLog) {
    const pad = (yd[1] - yd[0]) * 0.05;
    yd[0] -= pad;
    yd[1] += pad;
  }
  const xr: [number, number] = [left, width - right];
  const yr: [number, number] = [height - bottom, top];
  const xs: Scale = input.xLog ? logScale(xd[0], xd[1], xr) : linearScale(xd[0], xd[1], xr);
  const ys: Scale = input.yLog ? logScale(yd[0], yd[1], yr) : linearScale(yd[0], yd[1], yr);
  const parts: string[] = [];
  parts.push(el('rect', { x: 0, y: 0, width, height, fill: 'white' }));
  parts.push(text(input.title, { x: left, y: 22, 'font-size': 15, 'font-weight': 'bold' }));
  if (input.subtitle)
    parts.push(text(input.subtitle, { x: left, y: 40, 'font-size': 12, fill: '#444' }));
  // Axes and ticks.
  parts.push(el('line', { x1: xr[0], y1: yr[0], x2: xr[1], y2: yr[0], stroke: '#333' }));
  parts.push(el('line', { x1: xr[0], y1: yr[0], x2: xr[0], y2: yr[1], stroke: '#333' }));
  if (input.xCategories) {
    input.xCategories.forEach((c, i) =>
      parts.push(
        text(c, { x: xs.map(i), y: yr[0] + 16, 'font-size': 11, 'text-anchor': 'middle' }),
      ),
    );
  } else {
    for (const t of xs.ticks.filter((t) => t.major)) {
      parts.push(
        el('line', {
          x1: xs.map(t.value),
          y1: yr[0],
          x2: xs.map(t.value),
          y2: yr[0] + 5,
          stroke: '#333',
        }),
      );
      parts.push(
        text(t.label, {
          x: xs.map(t.value),
          y: yr[0] + 18,
          'font-size': 11,
          'text-anchor': 'middle',
        }),
      );
    }
  }
  for (const t of ys.ticks.filter((t) => t.major)) {
    parts.push(
      el('line', {
        x1: xr[0] - 5,
        y1: ys.map(t.value),
        x2: xr[0],
        y2: ys.map(t.value),
        stroke: '#333',
      }),
    );
    parts.push(
      text(t.label, {
        x: xr[0] - 8,
        y: ys.map(t.value) + 4,
        'font-size': 11,
        'text-anchor': 'end',
      }),
    );
  }
  parts.push(
    text(input.xLabel, {
      x: (xr[0] + xr[1]) / 2,
      y: yr[0] + 38,
      'font-size': 12,
      'text-anchor': 'middle',
    }),
  );
  parts.push(
    text(input.yLabel, {
      x: 18,
      y: (yr[0] + yr[1]) / 2,
      'font-size': 12,
      'text-anchor': 'middle',
      transform: `rotate(-90 18 ${px((yr[0] + yr[1]) / 2)})`,
    }),
  );
  const inView = (p: XyPoint) =>
    Number.isFinite(p.x) &&
    Number.isFinite(p.y) &&
    (!input.xLog || p.x > 0) &&
    (!input.yLog || p.y > 0);
  input.series.forEach((s, i) => {
    const color = s.color ?? PALETTE[i % PALETTE.length];
    const pts = s.points.filter(inView).map((p) => ({ ...p, px: xs.map(p.x), py: ys.map(p.y) }));
    if (s.kind === 'band' && s.upper) {
      const up = s.upper.filter(inView).map((p) => ({ x: xs.map(p.x), y: ys.map(p.y) }));
      const lo = pts.map((p) => ({ x: p.px, y: p.py }));
      if (up.length > 1 && lo.length > 1) {
        const d = `${polylinePath(lo)} L${[...up]
          .reverse()
          .map((p) => `${px(p.x)} ${px(p.y)}`)
          .join(' L')} Z`;
        parts.push(el('path', { d, fill: color, 'fill-opacity': 0.15, stroke: 'none' }));
      }
    } else if (s.kind === 'line') {
      parts.push(
        el('path', {
          d: polylinePath(pts.map((p) => ({ x: p.px, y: p.py }))),
          fill: 'none',
          stroke: color,
          'stroke-width': 1.5,
          'stroke-dasharray': s.dashed ? '5 4' : undefined,
        }),
      );
    } else {
      for (const p of pts) parts.push(marker(s.marker, p.px, p.py, color, !!p.hollow));
    }
    // Legend.
    const ly = top + 8 + i * 18;
    parts.push(
      s.kind === 'points'
        ? marker(s.marker, width - right + 16, ly - 4, color, false)
        : el('line', {
            x1: width - right + 8,
            y1: ly - 4,
            x2: width - right + 24,
            y2: ly - 4,
            stroke: color,
            'stroke-width': s.kind === 'band' ? 6 : 1.5,
            'stroke-opacity': s.kind === 'band' ? 0.3 : 1,
          }),
    );
    parts.push(text(s.label, { x: width - right + 30, y: ly, 'font-size': 11 }));
  });
  (input.notes ?? []).forEach((n, i) =>
    parts.push(
      text(n, { x: left, y: height - bottom + 56 + i * 16, 'font-size': 11, fill: '#333' }),
    ),
  );
  return `<?xml version="1.0" encoding="UTF-8"?>\n${el('svg', { xmlns: 'http://www.w3.org/2000/svg', width, height, viewBox: `0 0 ${width} ${height}`, 'font-family': 'sans-serif' }, parts)}`;
}
