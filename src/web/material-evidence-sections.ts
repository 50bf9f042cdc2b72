// A material's evidence as page sections: what GET /api/v1/materials/:id/evidence answers
// (MaterialEvidenceService decides which results, runs and approval states there are), laid
// out as one table a section. Only the layout is the page's: it gathers nothing itself.
import type { MaterialEvidenceDto } from '../materials/dto/material-evidence.dto';
import { viewNumber, type ViewBlock, type ViewCell, type ViewSection } from '../runs/assay-views';

type Item = MaterialEvidenceDto['sections'][number]['items'][number];

const text = (v: unknown): string =>
  typeof v === 'string' ? v : typeof v === 'number' ? viewNumber(v) : '—';
const num = (v: unknown): number | null => (typeof v === 'number' ? v : null);
const list = (v: unknown): string => (Array.isArray(v) && v.length ? v.join(', ') : '—');

function runCell(i: Item): ViewCell {
  return i.runId ? { text: i.runTitle ?? i.runId, href: `/ui/runs/${i.runId}` } : '—';
}

/** The run's approval state as a reviewer reads it. */
function runState(i: Item): ViewCell {
  if (i.runStatus === null) return '—';
  return i.runStatus === 'approved'
    ? { text: 'approved (signed, locked)', severity: 'info' }
    : { text: `${i.runStatus.replace(/_/g, ' ')}, not approved`, severity: 'warning' };
}

const method = (i: Item): string =>
  i.provenance ? `${i.provenance.method} ${i.provenance.methodVersion}` : '—';

function ci(low: unknown, high: unknown): string {
  const l = num(low);
  const h = num(high);
  return l === null || h === null ? '—' : `${viewNumber(l)}–${viewNumber(h)}`;
}

interface Layout {
  caption: string;
  columns: string[];
  cells: (r: Record<string, unknown>) => ViewCell[];
}

/** The sections the assays register (MaterialEvidenceSource.section), by their key. */
const LAYOUTS: Record<string, Layout> = {
  'fold-resistance': {
    caption: 'Fold-resistance recorded for this material, newest first',
    columns: ['Fold-resistance', '95 % CI', 'Status', 'Warnings'],
    cells: (r) => [
      `${typeof r.boundRelation === 'string' ? r.boundRelation : ''}${text(r.ratio)}`,
      ci(r.ci95Low, r.ci95High),
      text(r.status),
      list(r.warnings),
    ],
  },
  'transporter-expression': {
    caption: 'Transporter fold changes of the current qPCR analyses, newest first',
    columns: ['Gene', 'Group vs calibrator', 'Fold change', '95 % CI', 'p', 'Flags'],
    cells: (r) => [
      text(r.gene),
      `${text(r.group)} vs ${text(r.calibratorGroup)}`,
      text(r.foldChange),
      ci(r.ciLower, r.ciUpper),
      text(r.pValue),
      list(r.flags),
    ],
  },
  'efflux-reversal': {
    caption: 'Efflux-inhibitor experiments that compare this material, newest first',
    columns: ['Experiment', 'Inhibitor', 'Verdict', 'Why'],
    cells: (r) => [
      text(r.name),
      text(r.inhibitor),
      r.verdict === null || r.verdict === undefined ? 'no verdict' : text(r.verdict),
      text(r.reason),
    ],
  },
};

const GENERIC: Layout = {
  caption: 'Results that involve this material',
  columns: ['Result'],
  cells: (r) => [JSON.stringify(r)],
};

/** The fold-resistance plot of the newest recorded result: both lines' curves together. */
function foldPlot(item: Item): ViewBlock | null {
  const r = item.result;
  const ids = ['resistantMaterialId', 'parentalMaterialId', 'resistantFitId', 'parentalFitId'];
  if (!ids.every((k) => typeof r[k] === 'string')) return null;
  const q = new URLSearchParams(ids.map((k): [string, string] => [k, r[k] as string]));
  return {
    kind: 'plot',
    title: 'Parental and resistant curves',
    src: `/api/v1/fold-resistance/plot.svg?${q.toString()}`,
    alt: 'Dose-response curves of the parental line and this resistant population',
  };
}

/** The sections that hold results, in the service's order. */
export function materialEvidenceSections(evidence: MaterialEvidenceDto): ViewSection[] {
  return evidence.sections
    .filter((s) => s.items.length > 0)
    .map((s) => {
      const layout = LAYOUTS[s.section] ?? GENERIC;
      const blocks: ViewBlock[] = [
        {
          kind: 'table',
          caption: layout.caption,
          columns: ['Run', 'Run state', ...layout.columns, 'Method'],
          rows: s.items.map((i) => [runCell(i), runState(i), ...layout.cells(i.result), method(i)]),
        },
      ];
      const plot = s.section === 'fold-resistance' ? foldPlot(s.items[0]) : null;
      if (plot) blocks.push(plot);
      return { title: s.title, blocks };
    });
}
