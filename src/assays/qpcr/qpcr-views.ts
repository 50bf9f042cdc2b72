import { Injectable } from '@nestjs/common';
import type { ExpressionAnalysis } from '../../analysis/qpcr/expression-analysis';
import { qpcrFlagDetail } from '../../analysis/qpcr/expression-flags';
import type { Actor } from '../../common/auth/roles';
import { DomainError, NotFoundError, type ProblemItem } from '../../common/errors/domain.error';
import {
  assayPageHref,
  type AssayPage,
  type AssayUploadFile,
  type AssayUploadReport,
  type AssayUploadTarget,
  type AssayViewProvider,
  assayUploadHref,
  fieldText,
  type ViewBlock,
  type ViewCell,
  type ViewFlag,
  type ViewSection,
  viewNumber as num,
  historySection,
  viewSeverity,
} from '../../runs/assay-views';
import { runDataRefusal } from '../../runs/run-data-lock';
import { RunsService } from '../../runs/runs.service';
import type { AnalysisDto, AnalysisSummaryDto, QpcrImportReportDto } from './dto/qpcr.dto';
import { QpcrAnalysesService } from './qpcr-analyses.service';
import { validatedAs } from '../../common/validation/validated-as';
import { PutNameMapDto } from './dto/qpcr-setup.dto';
import { QpcrImportService } from './qpcr-import.service';
import { QpcrSetupService } from './qpcr-setup.service';

const ASSAY = 'qpcr';

const analysisHref = (id: string) => assayPageHref(ASSAY, 'analysis', id);
const uploadHref = (runId: string) => assayUploadHref(ASSAY, 'run', runId);
const namesHref = (runId: string) => assayPageHref(ASSAY, 'names', runId);
const foldPlotSrc = (id: string) => `/api/v1/qpcr-analyses/${id}/plot.svg`;
const standardCurvesSrc = (id: string) => `/api/v1/qpcr-analyses/${id}/standard-curves.svg`;
const materialCell = (text: string, materialId: string | null): ViewCell =>
  materialId ? { text, href: `/ui/materials/${materialId}` } : text;

/** A flag of the analysis with the severity and meaning the analysis module gives it. */
function flag(raw: string, where?: string): ViewFlag {
  const f = qpcrFlagDetail(raw);
  return {
    severity: viewSeverity(f.severity),
    code: f.code,
    message: f.meaning,
    where: [where, f.gene].filter(Boolean).join(' · ') || undefined,
  };
}

/** A table cell listing flags, as severe as the most severe of them. */
function flagsCell(flags: readonly string[]): ViewCell {
  if (flags.length === 0) return '—';
  const severities = flags.map((f) => viewSeverity(qpcrFlagDetail(f).severity));
  return {
    text: flags.join(', '),
    severity: severities.includes('error')
      ? 'error'
      : severities.includes('warning')
        ? 'warning'
        : 'info',
  };
}

/** Every flag of an analysis, where it was raised. */
function allFlags(r: ExpressionAnalysis): ViewFlag[] {
  const out: ViewFlag[] = r.flags.map((f) => flag(f, 'run'));
  for (const e of r.efficiencies)
    out.push(...e.flags.map((f) => flag(f, `efficiency of ${e.gene}`)));
  for (const n of r.ntc) {
    if (n.contamination) out.push(flag('ntc-contamination', `NTC of ${n.target}`));
    out.push(...n.flags.map((f) => flag(f, `NTC of ${n.target}`)));
  }
  for (const g of r.groups) {
    out.push(...g.flags.map((f) => flag(f, `${g.gene}, ${g.group} vs ${g.calibratorGroup}`)));
  }
  for (const s of r.samples) out.push(...s.flags.map((f) => flag(f, `${s.sample} · ${s.gene}`)));
  return out;
}

function foldWithCi(fold: number | null, lo: number | null, hi: number | null): string {
  if (fold === null) return '—';
  return lo !== null && hi !== null
    ? `${num(fold)} (${num(lo)}–${num(hi)})`
    : `${num(fold)} (no CI)`;
}

/**
 * The qPCR assay in the web UI: on a qpcr-expression run's page the current analysis (the fold
 * change chart, group fold changes with their CI and p, standard curves with efficiencies, flags
 * by severity); its own page per analysis adds the per-sample × gene table, the no-template
 * controls, reference-gene stability and the run's earlier analyses. Everything is read through
 * QpcrAnalysesService, the service of the API's routes.
 */
@Injectable()
export class QpcrViews implements AssayViewProvider {
  constructor(
    private readonly analyses: QpcrAnalysesService,
    private readonly imports: QpcrImportService,
    private readonly runs: RunsService,
    private readonly setup: QpcrSetupService,
  ) {}

  async sections(_actor: Actor, runId: string): Promise<ViewSection[]> {
    const list = await this.runAnalyses(runId);
    if (list === null) return [];
    const current = list.find((a) => a.current);
    if (!current) {
      return [
        {
          title: 'qPCR expression',
          blocks: [
            { kind: 'text', text: 'No qPCR export imported on this run yet.' },
            {
              kind: 'facts',
              items: [
                {
                  label: 'Import',
                  value: { text: 'Upload a qPCR export', href: uploadHref(runId) },
                },
                {
                  label: 'Names',
                  value: {
                    text: 'Sample and target names of the exports',
                    href: namesHref(runId),
                  },
                },
              ],
            },
          ],
        },
      ];
    }
    return this.analysisSections(current, true);
  }

  /** The run's analyses, newest first; null when the run is not a qPCR run. */
  private async runAnalyses(runId: string): Promise<AnalysisDto[] | null> {
    try {
      return (await this.analyses.list(runId, { limit: 50, offset: 0 })).items;
    } catch (e) {
      if (e instanceof DomainError && e.code === 'WRONG_PROTOCOL') return null;
      throw e;
    }
  }

  private analysisSections(a: AnalysisDto, onRunPage: boolean): ViewSection[] {
    const r = a.result as unknown as ExpressionAnalysis;
    const facts: ViewBlock = {
      kind: 'facts',
      items: [
        {
          label: 'Quantification',
          value:
            r.quantificationMethod === 'livak'
              ? 'Livak ΔΔCq'
              : 'Pfaffl/qBase with several reference genes',
        },
        { label: 'Calibrator group', value: String(a.options.calibratorGroup ?? '—') },
        { label: 'Analysed', value: `${a.createdAt}${a.current ? '' : ' (superseded)'}` },
        { label: 'Method', value: `${a.method} ${a.methodVersion}` },
        ...(onRunPage
          ? [
              {
                label: 'Details',
                value: { text: 'Open the full analysis', href: analysisHref(a.analysisId!) },
              },
              {
                label: 'Import',
                value: { text: 'Upload a new qPCR export', href: uploadHref(a.runId) },
              },
              {
                label: 'Names',
                value: { text: 'Sample and target names of the exports', href: namesHref(a.runId) },
              },
            ]
          : []),
      ],
    };
    const folds: ViewSection = {
      title: 'qPCR expression: fold change',
      blocks: [
        facts,
        {
          kind: 'plot',
          title: 'log2 fold change per target gene with its CI',
          src: foldPlotSrc(a.analysisId!),
          alt: `Fold change per target gene, each group against ${String(a.options.calibratorGroup ?? 'the calibrator')}: ${r.groups
            .map((g) => `${g.gene} ${g.group} ${num(g.foldChange)}`)
            .join('; ')}`,
        },
        {
          kind: 'table',
          caption: 'Group fold changes against the calibrator group (95 % CI, Welch t-test)',
          columns: ['Gene', 'Group', 'vs', 'n', 'Fold change (95 % CI)', 'log2 fold', 'p', 'Flags'],
          rows: r.groups.map((g): ViewCell[] => [
            g.gene,
            materialCell(g.group, g.materialId),
            materialCell(g.calibratorGroup, g.calibratorMaterialId),
            `${g.nSamples} vs ${g.nCalibratorSamples}`,
            foldWithCi(g.foldChange, g.ciLower, g.ciUpper),
            num(g.log2Fold),
            num(g.pValue),
            flagsCell(g.flags),
          ]),
        },
      ],
    };
    const hasCurves = r.efficiencies.some((e) => e.source === 'standard-curve');
    const curves: ViewSection = {
      title: 'qPCR expression: standard curves and efficiency',
      blocks: [
        ...(hasCurves
          ? [
              {
                kind: 'plot' as const,
                title: 'Standard curves: Cq against log10 quantity, with the fitted line',
                src: standardCurvesSrc(a.analysisId!),
                alt: `Standard curves: ${r.efficiencies
                  .filter((e) => e.source === 'standard-curve')
                  .map((e) => `${e.gene} efficiency ${num(e.efficiencyPercent)} %`)
                  .join('; ')}`,
              },
            ]
          : []),
        {
          kind: 'table',
          caption: 'Amplification efficiency per gene',
          columns: ['Gene', 'Source', 'Efficiency', 'E', 'Slope', 'R²', 'Accepted', 'Flags'],
          rows: r.efficiencies.map((e): ViewCell[] => [
            e.gene,
            e.source,
            `${num(e.efficiencyPercent)} %`,
            num(e.amplificationFactor, 4),
            num(e.standardCurve?.slope ?? null, 4),
            num(e.standardCurve?.rSquared ?? null, 4),
            e.accepted ? 'yes' : { text: 'no', severity: 'warning' },
            flagsCell(e.flags),
          ]),
        },
      ],
    };
    const flags: ViewSection = {
      title: 'qPCR expression: flags',
      blocks: [{ kind: 'flags', items: allFlags(r) }],
    };
    return [folds, curves, flags];
  }

  async page(actor: Actor, kind: string, id: string): Promise<AssayPage> {
    if (kind === 'names') return this.namesPage(actor, id);
    if (kind !== 'analysis' || !/^[0-9a-f-]{36}$/i.test(id)) throw new NotFoundError('Page', kind);
    const a = await this.analyses.get(id);
    const r = a.result as unknown as ExpressionAnalysis;
    const history = (await this.runAnalyses(a.runId)) ?? [];
    const samples: ViewSection = {
      title: 'Per sample and gene',
      blocks: [
        {
          kind: 'table',
          caption:
            'Technical replicates summarised per sample and gene (Cq in cycles; undetermined wells never counted as numbers)',
          columns: [
            'Sample',
            'Group',
            'Gene',
            'Role',
            'Wells',
            'Mean Cq',
            'SD Cq',
            'ΔCq',
            'ΔΔCq',
            'Fold (range)',
            'Flags',
          ],
          rows: r.samples.map((s): ViewCell[] => [
            s.sample,
            materialCell(s.group, s.materialId),
            s.gene,
            s.role,
            `${s.nDetermined} of ${s.nWells}`,
            num(s.meanCq, 4),
            num(s.sdCq, 2),
            num(s.deltaCq, 4),
            num(s.deltaDeltaCq, 4),
            foldWithCi(s.fold, s.foldLower, s.foldUpper),
            flagsCell(s.flags),
          ]),
        },
      ],
    };
    const controls: ViewSection = {
      title: 'No-template controls and reference genes',
      blocks: [
        {
          kind: 'table',
          caption: 'No-template controls per gene',
          columns: ['Gene', 'Wells', 'Lowest Cq', 'Contaminated', 'Flags'],
          rows: r.ntc.map((n): ViewCell[] => [
            n.target,
            n.wells.join(' ') || '—',
            n.allUndetermined ? 'all undetermined' : num(n.minCq, 4),
            n.contamination ? { text: 'yes', severity: 'warning' } : 'no',
            flagsCell(n.flags),
          ]),
        },
        r.referenceStability
          ? {
              kind: 'facts',
              items: [
                { label: 'geNorm', value: r.referenceStability.status },
                {
                  label: 'Stability (M)',
                  value:
                    r.referenceStability.genes.map((g) => `${g.name} ${num(g.m)}`).join(', ') ||
                    '—',
                },
                {
                  label: 'Most stable first',
                  value: r.referenceStability.ranking.join(', ') || '—',
                },
                {
                  label: 'Unstable',
                  value: r.referenceStability.unstableGenes.join(', ') || 'none',
                },
              ],
            }
          : { kind: 'text', text: 'One reference gene: no geNorm stability.' },
      ],
    };
    const earlier = historySection({
      title: 'Analyses of this run',
      caption: 'Every analysis of the run, newest first (superseded ones kept)',
      columns: ['Analysed', 'Status', 'Quantification', 'Input hash'],
      versions: history,
      madeAt: (h) => h.createdAt,
      isShown: (h) => h.analysisId === a.analysisId,
      shownLabel: 'this analysis',
      href: (h) => analysisHref(h.analysisId!),
      cells: (h) => [
        h.current ? 'current' : 'superseded',
        h.quantificationMethod,
        h.inputHash.slice(0, 12),
      ],
    });
    // POST /runs/:id/qpcr-analyses from the page: the current analysis, while the run's data
    // may change (the service's own rule; it refuses anyway).
    const run = await this.runs.get(actor, a.runId);
    const recompute: ViewSection[] =
      a.current && runDataRefusal(run.status, {}) === null
        ? [
            {
              title: 'Recompute',
              blocks: [
                {
                  kind: 'text',
                  text: 'Analyse the current import again with the run’s settings, name map and stated efficiencies as they are now. This analysis is kept, marked superseded.',
                },
                {
                  kind: 'form',
                  action: 'recompute',
                  title: 'Recompute the analysis',
                  submit: 'Recompute',
                  fields: [],
                },
              ],
            },
          ]
        : [];
    return {
      title: `qPCR analysis of ${a.createdAt}`,
      runId: a.runId,
      sections: [...this.analysisSections(a, false), samples, controls, earlier, ...recompute],
    };
  }

  /** How the run's exports name its samples and genes, and the form that replaces the map. */
  private async namesPage(actor: Actor, runId: string): Promise<AssayPage> {
    const run = await this.qpcrRun(actor, 'run', runId);
    const map = await this.setup.getNames(runId);
    const materialName = (id: string) => run.materials.find((x) => x.materialId === id)?.name ?? id;
    return {
      title: `Names in the qPCR exports: ${run.title}`,
      runId,
      sections: [
        {
          title: 'The run’s materials and genes',
          blocks: [
            {
              kind: 'table',
              caption: 'Materials of the run a sample name can map to',
              columns: ['Material', 'Barcode', 'Slot'],
              rows: run.materials.map((x): ViewCell[] => [
                materialCell(x.name, x.materialId),
                x.barcode ?? '—',
                x.role,
              ]),
            },
            { kind: 'facts', items: [{ label: 'Gene panel', value: map.genes.join(', ') }] },
          ],
        },
        {
          title: 'Name map',
          blocks: [
            {
              kind: 'text',
              text: 'Without a map, a sample name is matched to a material by its name or barcode, and a target to a gene of the same name. Saving replaces the whole map.',
            },
            {
              kind: 'form',
              action: 'save-names',
              title: 'Sample and target names',
              submit: 'Save the name map',
              fields: [
                {
                  name: 'samples',
                  label: 'Sample names',
                  type: 'textarea',
                  rows: 8,
                  value: map.samples
                    .map((x) => `${x.name},${materialName(x.materialId)},${x.group}`)
                    .join('\n'),
                  hint: 'One per line: the name in the file, the material (its name or barcode), and optionally the group (default: parental or resistant).',
                },
                {
                  name: 'targets',
                  label: 'Target names',
                  type: 'textarea',
                  rows: 4,
                  value: map.targets.map((x) => `${x.name},${x.gene}`).join('\n'),
                  hint: 'One per line: the name in the file, then the gene of the panel.',
                },
              ],
            },
          ],
        },
      ],
    };
  }

  /**
   * The analysis page's recompute (POST /runs/:id/qpcr-analyses' service and rules: run lock,
   * an import to analyse), and the names form: the map replaced by the API's service (its
   * rules: run materials, panel).
   */
  async act(
    actor: Actor,
    kind: string,
    id: string,
    action: string,
    fields: Record<string, string | string[]>,
  ): Promise<{ redirect: string; message?: string }> {
    if (kind === 'analysis' && action === 'recompute' && /^[0-9a-f-]{36}$/i.test(id)) {
      const a = await this.analyses.get(id);
      await this.runs.get(actor, a.runId); // the run's visibility, as its page
      const next = await this.analyses.recompute(actor, a.runId);
      return {
        // A stored analysis always has its id (null only in a dry run).
        redirect: next.analysisId ? analysisHref(next.analysisId) : `/ui/runs/${a.runId}`,
        message: 'The analysis was recomputed; the previous one is kept, marked superseded.',
      };
    }
    if (kind !== 'names' || action !== 'save-names') throw new NotFoundError('Action', action);
    const run = await this.qpcrRun(actor, 'run', id);
    const problems: ProblemItem[] = [];
    const lines = (text: string) =>
      text
        .split(/\r?\n/)
        .map((l, i) => ({ line: i + 1, cells: l.split(',').map((c) => c.trim()) }))
        .filter((l) => l.cells.some(Boolean));
    const samples = lines(fieldText(fields.samples)).map(({ line, cells }) => {
      const [name, material, group] = cells;
      const found = run.materials.filter(
        (x) => x.materialId === material || x.barcode === material || x.name === material,
      );
      if (found.length !== 1) {
        problems.push({
          field: 'samples',
          line,
          code: found.length ? 'AMBIGUOUS_MATERIAL' : 'UNKNOWN_MATERIAL',
          message: `${material ? `"${material}"` : 'no material'} ${found.length ? 'names several' : 'is none'} of the run’s materials (${run.materials.map((x) => x.barcode ?? x.name).join(', ')})`,
        });
      }
      return { name, materialId: found[0]?.materialId ?? '', ...(group ? { group } : {}) };
    });
    const targets = lines(fieldText(fields.targets)).map(({ cells: [name, gene] }) => ({
      name,
      gene,
    }));
    if (problems.length) {
      throw new DomainError(
        'VALIDATION_FAILED',
        'a sample line names no material of the run',
        problems,
      );
    }
    const dto = await validatedAs(PutNameMapDto, { samples, targets });
    await this.setup.putNames(actor, id, dto);
    return {
      redirect: namesHref(id),
      message: `Name map saved: ${samples.length} sample name${samples.length === 1 ? '' : 's'}, ${targets.length} target name${targets.length === 1 ? '' : 's'}.`,
    };
  }

  /** The upload page of a qPCR run: its export, all or nothing, after a dry run. */
  async uploadTarget(actor: Actor, kind: string, id: string): Promise<AssayUploadTarget> {
    const run = await this.qpcrRun(actor, kind, id);
    return {
      title: `Upload a qPCR export: ${run.title}`,
      runId: run.id,
      fileLabel: 'qPCR export file',
      hint: 'RDML (.rdml), QuantStudio results (text or .xlsx), Bio-Rad CFX Cq Results (.csv) or a long CSV (up to 20 MB). Sample names map to the run’s materials and target names to its gene panel.',
      results: { text: 'See the analysis on the run’s page', href: `/ui/runs/${run.id}` },
    };
  }

  async upload(
    actor: Actor,
    kind: string,
    id: string,
    file: AssayUploadFile,
    dryRun: boolean,
  ): Promise<AssayUploadReport> {
    await this.qpcrRun(actor, kind, id);
    const out = await this.imports.import(actor, id, file.bytes, {
      dryRun,
      filename: file.filename,
    });
    return {
      outcome: out.report.outcome as AssayUploadReport['outcome'],
      sections: importSections(out.report),
    };
  }

  /** The run of an upload page, if the reader may see it and it is a qPCR run. */
  private async qpcrRun(actor: Actor, kind: string, id: string) {
    if (kind !== 'run' || !/^[0-9a-f-]{36}$/i.test(id)) throw new NotFoundError('Page', kind);
    const run = await this.runs.get(actor, id);
    if ((await this.runAnalyses(id)) === null) throw new NotFoundError('qPCR run', id);
    return run;
  }
}

/** A qPCR import's report (a dry run's or the import's) as a page shows it. */
function importSections(r: QpcrImportReportDto): ViewSection[] {
  const file: ViewSection = {
    title: 'The file',
    blocks: [
      {
        kind: 'facts',
        items: [
          { label: 'Format', value: r.format },
          { label: 'Plates', value: r.plates.join(', ') || '—' },
          { label: 'Reactions', value: String(r.reactions) },
          { label: 'Undetermined (kept, never a number)', value: String(r.undetermined) },
          { label: 'sha256', value: `${r.contentHash.slice(0, 16)}…` },
        ],
      },
      ...(Object.keys(r.sampleMapping).length
        ? [
            {
              kind: 'table' as const,
              caption: 'Sample names of the file and the run’s materials they map to',
              columns: ['In the file', 'Group (its material)'],
              rows: Object.entries(r.sampleMapping).map(([name, m]): ViewCell[] => [
                name,
                materialCell(m.group, m.materialId),
              ]),
            },
          ]
        : []),
      ...(Object.keys(r.targetMapping).length
        ? [
            {
              kind: 'table' as const,
              caption: 'Target names of the file and the genes of the panel',
              columns: ['In the file', 'Gene'],
              rows: Object.entries(r.targetMapping).map(([name, gene]): ViewCell[] => [name, gene]),
            },
          ]
        : []),
    ],
  };
  return r.analysis ? [file, ...summarySections(r.analysis)] : [file];
}

/** The analysis of an import's report: fold changes, efficiencies, flags by severity. */
function summarySections(a: AnalysisSummaryDto): ViewSection[] {
  return [
    {
      title: `Analysis (${a.quantificationMethod === 'livak' ? 'Livak ΔΔCq' : 'Pfaffl/qBase with several reference genes'})`,
      blocks: [
        {
          kind: 'table',
          caption: 'Group fold changes the file gives (95 % CI, Welch t-test)',
          columns: ['Gene', 'Group', 'vs', 'n', 'Fold change (95 % CI)', 'p', 'Flags'],
          rows: a.groups.map((g): ViewCell[] => [
            g.gene,
            g.group,
            g.calibratorGroup,
            `${g.nSamples} vs ${g.nCalibratorSamples}`,
            foldWithCi(g.foldChange, g.ciLower, g.ciUpper),
            num(g.pValue),
            flagsCell(g.flags),
          ]),
        },
        {
          kind: 'table',
          caption: 'Amplification efficiency per gene in this file',
          columns: ['Gene', 'Source', 'Efficiency', 'R²', 'Accepted', 'Flags'],
          rows: a.efficiencies.map((e): ViewCell[] => [
            e.gene,
            e.source,
            `${num(e.efficiencyPercent)} %`,
            num(e.rSquared, 4),
            e.accepted ? 'yes' : { text: 'no', severity: 'warning' },
            flagsCell(e.flags),
          ]),
        },
        { kind: 'flags', items: a.flags.map((f) => flag(f, 'run')) },
      ],
    },
  ];
}
