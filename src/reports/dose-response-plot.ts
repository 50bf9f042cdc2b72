import { logLogistic } from '../analysis/dose-response/log-logistic';
import { formatSignificant } from '../analysis/common/significant-figures';
import { el, escapeXml, polylinePath, px, text } from './svg/svg';
import { linearScale, logScale, Scale } from './svg/scales';

/** The fitted curve: log-logistic parameters (drc naming; f = 1 for the LL.4 family). */
export interface PlotCurve {
  b: number;
  c: number;
  d: number;
  /** Inflection point, in the plot's concentration unit. */
  e: number;
  f?: number;
}

export interface PlotPoint {
  /** Concentration > 0 in the plot's unit (controls at 0 cannot sit on a log axis). */
  concentration: number;
  response: number;
  well?: string;
}

export interface PlotIc50 {
  /** Reportable relative IC50 (null when there is none to report). */
  value: number | null;
  ci95: [number, number] | null;
  /** "> max tested" / "< min tested": drawn as a bound, never as a number. */
  bound: { relation: '>' | '<'; concentration: number } | null;
  /** Text shown in the legend, e.g. "2.248 µM (95 % CI 1.89–2.673)". */
  display: string;
}

export interface PlotSeries {
  label: string;
  points: PlotPoint[];
  curve: PlotCurve | null;
  ic50: PlotIc50 | null;
  flags: string[];
  /** Severity of each flag (info, warning, blocks-approval), shown beside it. */
  flagSeverities?: Record<string, string>;
  /** Dashed curve (e.g. the + inhibitor series of an overlay). */
  dashed?: boolean;
  /** CSS colour; a palette colour by position otherwise. */
  color?: string;
}

export interface DoseResponsePlotInput {
  title: string;
  subtitle?: string;
  /** Unit of every concentration (axis title and labels), e.g. µM. */
  concentrationUnit: string;
  /** The drug or variable on the x axis. Default "Concentration". */
  concentrationLabel?: string;
  responseLabel?: string;
  series: PlotSeries[];
  /** Extra lines under the plot (fold-resistance, warnings). */
  notes?: string[];
  width?: number;
  height?: number;
}

// Colour-blind-safe palette (Okabe & Ito 2008).
const PALETTE = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#000000'];

interface Group {
  concentration: number;
  values: number[];
  mean: number;
  sd: number | null;
}

/** Replicates grouped by concentration: mean and sample SD (n − 1). */
export function replicateGroups(points: readonly PlotPoint[]): Group[] {
  const byX = new Map<number, number[]>();
  for (const p of points) {
    if (!(p.concentration > 0) || !Number.isFinite(p.response)) continue;
    const list = byX.get(p.concentration);
    if (list) list.push(p.response);
    else byX.set(p.concentration, [p.response]);
  }
  return [...byX.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([concentration, values]) => {
      const mean = values.reduce((s, v) => s + v, 0) / values.length;
      const sd =
        values.length > 1
          ? Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / (values.length - 1))
          : null;
      return { concentration, values, mean, sd };
    });
}

function curveValue(curve: PlotCurve, x: number): number {
  return logLogistic(x, curve.b, curve.c, curve.d, curve.e, curve.f ?? 1);
}

function xDomain(series: readonly PlotSeries[]): [number, number] {
  let min = Infinity;
  let max = -Infinity;
  for (const s of series) {
    for (const p of s.points) {
      if (p.concentration > 0 && Number.isFinite(p.concentration)) {
        min = Math.min(min, p.concentration);
        max = Math.max(max, p.concentration);
      }
    }
  }
  if (!Number.isFinite(min)) {
    // No points: centre on the IC50s, else a default decade range.
    for (const s of series) {
      const v = s.ic50?.value ?? s.curve?.e;
      if (v !== undefined && v > 0 && Number.isFinite(v)) {
        min = Math.min(min, v / 10);
        max = Math.max(max, v * 10);
      }
    }
  }
  if (!Number.isFinite(min)) return [0.1, 100];
  const lo = min;
  const hi = max;
  // CIs may reach a little beyond the tested range; far beyond, they are cut at the edge.
  for (const s of series) {
    for (const v of s.ic50?.ci95 ?? []) {
      if (v > 0 && Number.isFinite(v)) {
        min = Math.min(min, Math.max(v, lo / 10));
        max = Math.max(max, Math.min(v, hi * 10));
      }
    }
  }
  const pad = 10 ** 0.15;
  return [min / pad, max * pad];
}

function yDomain(series: readonly PlotSeries[]): [number, number] {
  let min = 0;
  let max = 110;
  for (const s of series) {
    for (const g of replicateGroups(s.points)) {
      const spread = g.sd ?? 0;
      min = Math.min(min, ...g.values, g.mean - spread);
      max = Math.max(max, ...g.values, g.mean + spread);
    }
  }
  return [min, max];
}

/**
 * Draws dose-response data and fitted curves as a standalone SVG document: replicate points,
 * mean ± SD error bars per concentration, the fitted log-logistic curve, the IC50 with its 95 %
 * CI band (or the "> max tested" bound), a log10 concentration axis with the unit, a linear
 * response axis, a legend and the quality flags. Pure and deterministic.
 */
export function renderDoseResponsePlot(input: DoseResponsePlotInput): string {
  const width = input.width ?? 800;
  const hasBand = input.series.some((x) => x.ic50?.value != null && x.ic50.ci95 !== null);
  const footerLines = [
    ...input.series.map(
      (x) =>
        `Flags, ${x.label}: ${
          x.flags.length > 0
            ? x.flags
                .map((f) => (x.flagSeverities?.[f] ? `${f} (${x.flagSeverities[f]})` : f))
                .join(', ')
            : 'no quality flags'
        }`,
    ),
    ...(hasBand ? ['Shaded band: 95 % CI of the IC50 (log-scale t interval)'] : []),
  ].flatMap((line) => wrap(line, FOOTER_CHARS).map((l) => ({ line: l, cls: 'flag' })));
  for (const note of input.notes ?? []) {
    for (const l of wrap(note, FOOTER_CHARS)) footerLines.push({ line: l, cls: 'note' });
  }
  // The band line is a note, not a flag.
  for (const f of footerLines) if (f.line.startsWith('Shaded band')) f.cls = 'note';
  const footer = 18 * footerLines.length;
  const height = input.height ?? 490 + footer;
  const margin = { left: 76, right: 250, top: input.subtitle ? 64 : 48, bottom: 74 + footer };
  const plot = {
    x0: margin.left,
    x1: width - margin.right,
    y0: margin.top,
    y1: height - margin.bottom,
  };
  const [xMin, xMax] = xDomain(input.series);
  const [yMin, yMax] = yDomain(input.series);
  const xs = logScale(xMin, xMax, [plot.x0, plot.x1]);
  const ys = linearScale(yMin, yMax, [plot.y1, plot.y0]);
  const unit = input.concentrationUnit;
  const out: string[] = [];

  out.push(
    el('title', {}, escapeXml(input.title)),
    el(
      'desc',
      {},
      escapeXml(
        `Dose-response plot: ${input.series.map((s) => `${s.label} IC50 ${s.ic50?.display ?? 'n/a'}`).join('; ')}`,
      ),
    ),
    el('defs', {}, [
      el('clipPath', { id: 'plot-area' }, [
        el('rect', {
          x: plot.x0,
          y: plot.y0,
          width: plot.x1 - plot.x0,
          height: plot.y1 - plot.y0,
        }),
      ]),
    ]),
    el('rect', { class: 'background', x: 0, y: 0, width, height, fill: '#ffffff' }),
    text(input.title, {
      class: 'plot-title',
      x: plot.x0,
      y: 24,
      'font-size': 16,
      'font-weight': 'bold',
    }),
  );
  if (input.subtitle) {
    out.push(text(input.subtitle, { class: 'plot-subtitle', x: plot.x0, y: 44, 'font-size': 12 }));
  }
  out.push(axes(xs, ys, plot, input, unit));

  input.series.forEach((s, i) => {
    const color = s.color ?? PALETTE[i % PALETTE.length];
    out.push(seriesGroup(s, i, color, xs, ys, plot, unit, input.series.length === 1));
  });
  out.push(legend(input.series, plot));

  let y = plot.y1 + 64;
  const footerText: string[] = [];
  for (const f of footerLines) {
    footerText.push(text(f.line, { class: f.cls, x: plot.x0, y, 'font-size': 12 }));
    y += 18;
  }
  out.push(el('g', { class: 'footer', fill: '#333333' }, footerText));

  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    el(
      'svg',
      {
        xmlns: 'http://www.w3.org/2000/svg',
        width,
        height,
        viewBox: `0 0 ${width} ${height}`,
        role: 'img',
        'font-family': 'Helvetica, Arial, sans-serif',
      },
      out,
    ) +
    '\n'
  );
}

function axes(
  xs: Scale,
  ys: Scale,
  plot: { x0: number; x1: number; y0: number; y1: number },
  input: DoseResponsePlotInput,
  unit: string,
): string {
  const grid: string[] = [];
  const xTicks: string[] = [];
  for (const t of xs.ticks) {
    const x = xs.map(t.value);
    if (t.major) {
      grid.push(el('line', { x1: x, y1: plot.y0, x2: x, y2: plot.y1 }));
    }
    xTicks.push(
      el('line', {
        class: t.major ? 'tick major' : 'tick minor',
        x1: x,
        y1: plot.y1,
        x2: x,
        y2: plot.y1 + (t.major ? 6 : 3),
      }),
    );
    if (t.label) {
      xTicks.push(
        text(t.label, {
          class: 'tick-label',
          x,
          y: plot.y1 + 20,
          'text-anchor': 'middle',
          'font-size': 11,
          stroke: 'none',
        }),
      );
    }
  }
  const yTicks: string[] = [];
  for (const t of ys.ticks) {
    const y = ys.map(t.value);
    grid.push(el('line', { x1: plot.x0, y1: y, x2: plot.x1, y2: y }));
    yTicks.push(
      el('line', { class: 'tick major', x1: plot.x0 - 6, y1: y, x2: plot.x0, y2: y }),
      text(t.label, {
        class: 'tick-label',
        x: plot.x0 - 9,
        y: y + 4,
        'text-anchor': 'end',
        'font-size': 11,
        stroke: 'none',
      }),
    );
  }
  const xLabel = `${input.concentrationLabel ?? 'Concentration'} (${unit}, log scale)`;
  const yLabel = input.responseLabel ?? 'Viability (% of vehicle)';
  const yMid = (plot.y0 + plot.y1) / 2;
  const parts = [
    el('g', { class: 'grid', stroke: '#e6e6e6', 'stroke-width': 1 }, grid),
    el('g', { class: 'x-axis', stroke: '#333333', fill: '#333333' }, [
      el('line', { class: 'axis-line', x1: plot.x0, y1: plot.y1, x2: plot.x1, y2: plot.y1 }),
      ...xTicks,
      text(xLabel, {
        class: 'axis-title',
        x: (plot.x0 + plot.x1) / 2,
        y: plot.y1 + 40,
        'text-anchor': 'middle',
        'font-size': 13,
        stroke: 'none',
      }),
    ]),
    el('g', { class: 'y-axis', stroke: '#333333', fill: '#333333' }, [
      el('line', { class: 'axis-line', x1: plot.x0, y1: plot.y0, x2: plot.x0, y2: plot.y1 }),
      ...yTicks,
      text(yLabel, {
        class: 'axis-title',
        x: 20,
        y: yMid,
        'text-anchor': 'middle',
        'font-size': 13,
        stroke: 'none',
        transform: `rotate(-90 20 ${px(yMid)})`,
      }),
    ]),
  ];
  return parts.join('');
}

function seriesGroup(
  s: PlotSeries,
  index: number,
  color: string,
  xs: Scale,
  ys: Scale,
  plot: { x0: number; x1: number; y0: number; y1: number },
  unit: string,
  inlineLabel: boolean,
): string {
  const parts: string[] = [];
  const ic50 = s.ic50;
  // CI band first, so that points and curve are drawn over it.
  if (ic50?.value != null && ic50.ci95) {
    const lo = Math.max(xs.map(Math.max(ic50.ci95[0], xs.domain[0])), plot.x0);
    const hi = Math.min(xs.map(Math.min(ic50.ci95[1], xs.domain[1])), plot.x1);
    parts.push(
      el('rect', {
        class: 'ic50-ci-band',
        x: lo,
        y: plot.y0,
        width: Math.max(hi - lo, 0.5),
        height: plot.y1 - plot.y0,
        fill: color,
        'fill-opacity': 0.12,
        'data-ci-low': String(ic50.ci95[0]),
        'data-ci-high': String(ic50.ci95[1]),
      }),
    );
  }
  if (s.curve) {
    const n = 240;
    const [l0, l1] = [Math.log10(xs.domain[0]), Math.log10(xs.domain[1])];
    const pts: { x: number; y: number }[] = [];
    for (let i = 0; i <= n; i++) {
      const x = 10 ** (l0 + ((l1 - l0) * i) / n);
      pts.push({ x: xs.map(x), y: ys.map(curveValue(s.curve, x)) });
    }
    parts.push(
      el('path', {
        class: 'curve',
        d: polylinePath(pts),
        fill: 'none',
        stroke: color,
        'stroke-width': 2,
        'stroke-dasharray': s.dashed ? '7 4' : undefined,
        'clip-path': 'url(#plot-area)',
      }),
    );
  }
  for (const g of replicateGroups(s.points)) {
    const x = xs.map(g.concentration);
    if (g.sd !== null && g.sd > 0) {
      const yTop = ys.map(g.mean + g.sd);
      const yBottom = ys.map(g.mean - g.sd);
      parts.push(
        el('g', { class: 'error-bar', stroke: color, 'stroke-width': 1.2 }, [
          el('line', { x1: x, y1: yTop, x2: x, y2: yBottom }),
          el('line', { x1: x - 4, y1: yTop, x2: x + 4, y2: yTop }),
          el('line', { x1: x - 4, y1: yBottom, x2: x + 4, y2: yBottom }),
        ]),
      );
    }
    for (const v of g.values) {
      parts.push(
        el('circle', {
          class: 'point',
          cx: x,
          cy: ys.map(v),
          r: 2.6,
          fill: color,
          'fill-opacity': 0.45,
        }),
      );
    }
    parts.push(
      el('rect', {
        class: 'point-mean',
        x: x - 3,
        y: ys.map(g.mean) - 3,
        width: 6,
        height: 6,
        fill: color,
      }),
    );
  }
  if (ic50?.value != null && s.curve) {
    const x = xs.map(ic50.value);
    const yAt = ys.map(curveValue(s.curve, ic50.value));
    parts.push(
      el('g', { class: 'ic50-marker', 'data-ic50': String(ic50.value) }, [
        el('line', {
          x1: x,
          y1: plot.y1,
          x2: x,
          y2: yAt,
          stroke: color,
          'stroke-width': 1.2,
          'stroke-dasharray': '3 3',
        }),
        el('circle', { cx: x, cy: yAt, r: 5, fill: '#ffffff', stroke: color, 'stroke-width': 2 }),
        // Overlays name their IC50s in the legend: inline labels would collide.
        inlineLabel
          ? text(`IC50 ${formatValue(ic50.value)} ${unit}`, {
              x: x + 7,
              y: yAt - 8,
              'font-size': 11,
              fill: color,
            })
          : el('title', {}, escapeXml(`${s.label}: IC50 ${formatValue(ic50.value)} ${unit}`)),
      ]),
    );
  } else if (ic50?.bound) {
    // A bound is drawn as a bound: an arrow from the tested dose out of the range at the 50 %
    // level, labelled "IC50 > 200 µM", never a point.
    const above = ic50.bound.relation === '>';
    const edge = above ? plot.x1 - 4 : plot.x0 + 4;
    const from = Math.min(Math.max(xs.map(ic50.bound.concentration), plot.x0), plot.x1);
    const tail = above ? Math.min(from, edge - 24) : Math.max(from, edge + 24);
    const yMid = Math.min(Math.max(ys.map(50), plot.y0 + 4), plot.y1 - 4) + 10 * index;
    const head = above
      ? `${px(edge)},${px(yMid)} ${px(edge - 8)},${px(yMid - 4)} ${px(edge - 8)},${px(yMid + 4)}`
      : `${px(edge)},${px(yMid)} ${px(edge + 8)},${px(yMid - 4)} ${px(edge + 8)},${px(yMid + 4)}`;
    parts.push(
      el(
        'g',
        {
          class: 'ic50-bound',
          'data-relation': ic50.bound.relation,
          'data-concentration': String(ic50.bound.concentration),
        },
        [
          el('line', {
            x1: px(tail),
            y1: px(yMid),
            x2: px(edge),
            y2: px(yMid),
            stroke: color,
            'stroke-width': 1.5,
          }),
          el('polygon', { points: head, fill: color }),
          text(`IC50 ${ic50.bound.relation} ${formatValue(ic50.bound.concentration)} ${unit}`, {
            x: edge,
            y: plot.y0 + 16 + 14 * index,
            'text-anchor': above ? 'end' : 'start',
            'font-size': 11,
            fill: color,
          }),
        ],
      ),
    );
  }
  return el('g', { class: 'series', 'data-series': s.label }, parts);
}

function legend(
  series: readonly PlotSeries[],
  plot: { x0: number; x1: number; y0: number; y1: number },
): string {
  const x = plot.x1 + 18;
  const items: string[] = [];
  series.forEach((s, i) => {
    const color = s.color ?? PALETTE[i % PALETTE.length];
    const y = plot.y0 + 8 + 46 * i;
    items.push(
      el('line', {
        x1: x,
        y1: y,
        x2: x + 24,
        y2: y,
        stroke: color,
        'stroke-width': 2,
        'stroke-dasharray': s.dashed ? '7 4' : undefined,
      }),
      el('rect', { x: x + 9, y: y - 3, width: 6, height: 6, fill: color }),
      text(truncate(s.label, 32), { x: x + 30, y: y + 4, 'font-size': 12, fill: '#222222' }),
      text(truncate(`IC50 ${s.ic50?.display ?? 'n/a'}`, 40), {
        x: x + 30,
        y: y + 20,
        'font-size': 10,
        fill: '#555555',
      }),
    );
  });
  return el('g', { class: 'legend' }, items);
}

// Characters of 12 px text that fit under the plot.
const FOOTER_CHARS = 112;

/** Splits text into lines of at most `n` characters at spaces (a longer word stays whole). */
export function wrap(line: string, n: number): string[] {
  const out: string[] = [];
  let current = '';
  for (const word of line.split(' ')) {
    if (current !== '' && current.length + 1 + word.length > n) {
      out.push(current);
      current = word;
    } else current = current === '' ? word : `${current} ${word}`;
  }
  if (current !== '' || out.length === 0) out.push(current);
  return out;
}

function truncate(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}

const formatValue = (v: number): string => formatSignificant(v);
