// The qPCR pictures and export: log2 fold per gene with CI, standard curves with their fit and
// efficiency, and one CSV row per sample and gene. Pure.
import type {
  ExpressionAnalysis,
  GroupGeneResult,
  SampleGeneResult,
} from '../analysis/qpcr/expression-analysis';
import { formatSignificant } from '../analysis/common/significant-figures';
import { toCsv, type CsvColumn } from './csv';
import { renderXyPlot, type XySeries } from './xy-plot';

const fmt = (v: number | null, digits = 3) => (v === null ? '–' : formatSignificant(v, digits));

/** log2 fold change per target gene and group against the calibrator group, with the CI. */
export function renderQpcrFoldPlot(
  a: Pick<ExpressionAnalysis, 'groups' | 'quantificationMethod'>,
  title: string,
): string {
  const genes = [...new Set(a.groups.map((g) => g.gene))];
  const groups = [...new Set(a.groups.map((g) => g.group))];
  const series: XySeries[] = [];
  const calibrator = a.groups[0]?.calibratorGroup ?? 'calibrator';
  series.push({
    label: `${calibrator} (calibrator)`,
    kind: 'line',
    dashed: true,
    points:
      genes.length > 0
        ? [
            { x: -0.5, y: 0 },
            { x: genes.length - 0.5, y: 0 },
          ]
        : [],
  });
  groups.forEach((group, k) => {
    const offset = groups.length > 1 ? (k - (groups.length - 1) / 2) * 0.2 : 0;
    const of = (g: GroupGeneResult) => genes.indexOf(g.gene) + offset;
    const rows = a.groups.filter((g) => g.group === group && g.log2Fold !== null);
    series.push({
      label: `${group} vs ${calibrator}`,
      kind: 'points',
      marker: 'circle',
      points: rows.map((g) => ({
        x: of(g),
        y: g.log2Fold as number,
        hollow: g.flags.length > 0,
        label: `${g.gene}: ${fmt(g.foldChange)}×`,
      })),
    });
    for (const g of rows) {
      if (g.ciLower === null || g.ciUpper === null) continue;
      series.push({
        label: `${group} ${g.gene} 95 % CI`,
        kind: 'line',
        points: [
          { x: of(g), y: Math.log2(g.ciLower) },
          { x: of(g), y: Math.log2(g.ciUpper) },
        ],
      });
    }
  });
  return renderXyPlot({
    title,
    subtitle: `${a.quantificationMethod === 'livak' ? 'Livak 2^−ΔΔCq' : 'Pfaffl/qBase, geometric mean of references'}; hollow: flagged`,
    xLabel: 'gene',
    yLabel: 'log2 fold change',
    xCategories: genes,
    series,
  });
}

/** Cq against log10 quantity per gene with the fitted line and its efficiency. */
export function renderStandardCurvePlot(
  standards: readonly { gene: string; quantity: number; cq: number | null }[],
  a: Pick<ExpressionAnalysis, 'efficiencies'>,
  title: string,
): string {
  const series: XySeries[] = [];
  const notes: string[] = [];
  for (const e of a.efficiencies) {
    const pts = standards.filter((s) => s.gene === e.gene && s.cq !== null && s.quantity > 0);
    if (pts.length === 0) continue;
    series.push({
      label: e.gene,
      kind: 'points',
      points: pts.map((p) => ({ x: Math.log10(p.quantity), y: p.cq as number })),
    });
    const c = e.standardCurve;
    if (c && c.slope !== null && c.intercept !== null) {
      const xs = pts.map((p) => Math.log10(p.quantity));
      const [x0, x1] = [Math.min(...xs), Math.max(...xs)];
      series.push({
        label: `${e.gene} fit`,
        kind: 'line',
        points: [
          { x: x0, y: c.intercept + c.slope * x0 },
          { x: x1, y: c.intercept + c.slope * x1 },
        ],
      });
      notes.push(
        `${e.gene}: slope ${fmt(c.slope, 4)}, E ${fmt(e.efficiencyPercent, 4)} %, R² ${fmt(c.rSquared, 4)}${e.accepted ? '' : ' (not accepted)'}`,
      );
    }
  }
  return renderXyPlot({
    title,
    xLabel: 'log10 quantity',
    yLabel: 'Cq (cycles)',
    series,
    notes,
  });
}

const COLUMNS: CsvColumn<SampleGeneResult>[] = [
  { header: 'sample', value: (r) => r.sample },
  { header: 'group', value: (r) => r.group },
  { header: 'material_id', value: (r) => r.materialId },
  { header: 'gene', value: (r) => r.gene },
  { header: 'role', value: (r) => r.role },
  { header: 'n_wells', value: (r) => r.nWells },
  { header: 'n_determined', value: (r) => r.nDetermined },
  { header: 'cq_mean', value: (r) => r.meanCq },
  { header: 'cq_sd', value: (r) => r.sdCq },
  { header: 'delta_cq', value: (r) => r.deltaCq },
  { header: 'delta_cq_sd', value: (r) => r.sdDeltaCq },
  { header: 'delta_delta_cq', value: (r) => r.deltaDeltaCq },
  { header: 'log2_fold', value: (r) => r.log2Fold },
  { header: 'fold', value: (r) => r.fold },
  { header: 'fold_lower', value: (r) => r.foldLower },
  { header: 'fold_upper', value: (r) => r.foldUpper },
  { header: 'flags', value: (r) => r.flags.join(';') },
];

/** One row per sample and gene; cells that would start a formula are neutralised. */
export function qpcrSamplesCsv(a: Pick<ExpressionAnalysis, 'samples'>): string {
  return toCsv(COLUMNS, a.samples);
}
