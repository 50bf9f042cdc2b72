import { byClass, findAll, parseXml, textOf } from '../../test/support/svg-structure';
import { renderDoseResponsePlot, replicateGroups, type PlotSeries } from './dose-response-plot';
import { linearScale, logScale } from './svg/scales';

const xs = [0.78125, 1.5625, 3.125, 6.25, 12.5, 25, 50, 100, 200];
const curve = { b: 1.5, c: 6, d: 98, e: 2.25 };
const points = xs.flatMap((x) =>
  [0.97, 1, 1.03].map((k) => ({
    concentration: x,
    response: k * (curve.c + (curve.d - curve.c) / (1 + Math.exp(curve.b * Math.log(x / curve.e)))),
  })),
);
const series: PlotSeries = {
  label: 'HIG-82 <parental> & co',
  points,
  curve,
  ic50: { value: 2.25, ci95: [1.89, 2.67], bound: null, display: '2.25 µM (95 % CI 1.89–2.67)' },
  flags: [],
};

describe('renderDoseResponsePlot', () => {
  const svg = renderDoseResponsePlot({
    title: 'Parental & resistant',
    concentrationUnit: 'µM',
    series: [series, { ...series, label: 'resistant', dashed: true, flags: ['ambiguous-ci'] }],
    notes: ['FR 9.9 (95 % CI 7.8–12.6)'],
  });
  const root = parseXml(svg);

  it('is a well-formed SVG document with escaped text', () => {
    expect(root.name).toBe('svg');
    expect(root.attrs.xmlns).toBe('http://www.w3.org/2000/svg');
    expect(svg).toContain('HIG-82 &lt;parental&gt; &amp; co');
  });

  it('draws a curve per series, points, error bars, IC50 markers and CI bands', () => {
    const curves = byClass(root, 'curve', 'path');
    expect(curves).toHaveLength(2);
    expect(curves[0].attrs.d).toMatch(/^M[\d.]+ [\d.]+( L[\d.]+ [\d.]+){100,}$/);
    expect(curves[1].attrs['stroke-dasharray']).toBeDefined();
    expect(byClass(root, 'point', 'circle')).toHaveLength(2 * 27);
    expect(byClass(root, 'error-bar')).toHaveLength(2 * 9);
    const markers = byClass(root, 'ic50-marker');
    expect(markers).toHaveLength(2);
    expect(Number(markers[0].attrs['data-ic50'])).toBe(2.25);
    expect(byClass(root, 'ic50-ci-band', 'rect')).toHaveLength(2);
  });

  it('has a log concentration axis with decade labels and the unit, and a % axis', () => {
    const x = byClass(root, 'x-axis')[0];
    const labels = byClass(x, 'tick-label').map(textOf);
    expect(labels).toEqual(expect.arrayContaining(['1', '10', '100']));
    expect(textOf(byClass(x, 'axis-title')[0])).toBe('Concentration (µM, log scale)');
    const y = byClass(root, 'y-axis')[0];
    expect(byClass(y, 'tick-label').map(textOf)).toEqual(expect.arrayContaining(['0', '100']));
    expect(textOf(byClass(y, 'axis-title')[0])).toMatch(/% of vehicle/);
  });

  it('lists the flags and notes', () => {
    const flags = byClass(root, 'flag').map(textOf);
    expect(flags).toContain('Flags, resistant: ambiguous-ci');
    expect(flags.some((f) => f.includes('no quality flags'))).toBe(true);
    expect(byClass(root, 'note').map(textOf)).toContain('FR 9.9 (95 % CI 7.8–12.6)');
  });

  it('draws an IC50 above the tested range as a bound, never as a marker', () => {
    const doc = parseXml(
      renderDoseResponsePlot({
        title: 'flat',
        concentrationUnit: 'µM',
        series: [
          {
            ...series,
            ic50: {
              value: null,
              ci95: null,
              bound: { relation: '>', concentration: 200 },
              display: '> 200 µM',
            },
            flags: ['ic50-above-range'],
          },
        ],
      }),
    );
    expect(byClass(doc, 'ic50-marker')).toHaveLength(0);
    expect(textOf(byClass(doc, 'ic50-bound')[0])).toBe('IC50 > 200 µM');
    // Drawn as a bound: an arrow (a line and its head) out of the tested range, not a point.
    const bound = byClass(doc, 'ic50-bound')[0];
    expect(findAll(bound, (n) => n.name === 'line')).toHaveLength(1);
    expect(findAll(bound, (n) => n.name === 'polygon')).toHaveLength(1);
  });

  it('renders a series without a curve (inactive) and without points', () => {
    const doc = parseXml(
      renderDoseResponsePlot({
        title: 'inactive',
        concentrationUnit: 'nM',
        series: [
          { ...series, curve: null, ic50: null },
          { ...series, points: [] },
        ],
      }),
    );
    expect(byClass(doc, 'curve')).toHaveLength(1);
    expect(findAll(doc, (e) => e.name === 'svg')).toHaveLength(1);
  });
});

describe('scales and replicate groups', () => {
  it('log ticks at decades (and 2, 5 over few decades)', () => {
    const s = logScale(0.5, 300, [0, 100]);
    const labelled = s.ticks.filter((t) => t.major).map((t) => t.label);
    expect(labelled).toEqual(expect.arrayContaining(['1', '10', '100']));
    expect(s.map(1)).toBeGreaterThan(s.map(0.5));
  });

  it('linear ticks on nice steps', () => {
    expect(linearScale(-3, 104, [0, 1]).ticks.map((t) => t.value)).toEqual([
      -20, 0, 20, 40, 60, 80, 100, 120,
    ]);
  });

  it('groups replicates with mean and sample SD', () => {
    const g = replicateGroups([
      { concentration: 1, response: 1 },
      { concentration: 1, response: 3 },
      { concentration: 2, response: 5 },
    ]);
    expect(g[0]).toMatchObject({ concentration: 1, mean: 2, sd: Math.SQRT2 });
    expect(g[1].sd).toBeNull();
  });
});
