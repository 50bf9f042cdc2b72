import { Injectable } from '@nestjs/common';
import type { ExpressionAnalysis } from '../../analysis/qpcr/expression-analysis';
import type { Actor } from '../../common/auth/roles';
import { DomainError, NotFoundError } from '../../common/errors/domain.error';
import {
  assayPageHref,
  type AssayPage,
  type AssayViewProvider,
  type ViewBlock,
  type ViewCell,
  type ViewFlag,
  type ViewSection,
  type ViewSeverity,
  type ViewSubject,
  viewNumber as num,
  historySection,
} from '../../runs/assay-views';
import type { AnalysisDto } from './dto/qpcr.dto';
import { QpcrAnalysesService } from './qpcr-analyses.service';

const ASSAY = 'qpcr';

const analysisHref = (id: string) => assayPageHref(ASSAY, 'analysis', id);
const foldPlotSrc = (id: string) => `/api/v1/qpcr-analyses/${id}/plot.svg`;
const standardCurvesSrc = (id: string) => `/api/v1/qpcr-analyses/${id}/standard-curves.svg`;
const materialCell = (text: string, materialId: string | null): ViewCell =>
  materialId ? { text, href: `/ui/materials/${materialId}` } : text;

/**
 * What each flag of the expression analysis means, and how much it matters. None of them blocks
 * the approval of a run (qPCR has no approval check): a warning asks the reviewer to look, a note
 * says what the analysis did.
 */
const FLAGS: Record<string, { severity: ViewSeverity; message: string }> = {
  'ntc-contamination': {
    severity: 'warning',
    message: 'a no-template control amplified early: every result of this gene is suspect',
  },
  'reference-ntc-contamination': {
    severity: 'warning',
    message: 'a reference gene’s no-template control amplified early',
  },
  'ntc-missing': { severity: 'warning', message: 'no no-template control for this gene' },
  'ntc-late-amplification': {
    severity: 'info',
    message: 'a no-template control amplified late (after the contamination threshold)',
  },
  'efficiency-out-of-range': {
    severity: 'warning',
    message: 'the standard-curve efficiency is outside the accepted range',
  },
  'low-r-squared': { severity: 'warning', message: 'the standard curve’s R² is below the minimum' },
  'efficiency-not-near-100': {
    severity: 'warning',
    message: 'Livak assumes efficiencies near 100 %; these are not',
  },
  'efficiency-not-verified': {
    severity: 'warning',
    message: 'Livak assumes efficiencies near 100 %; no standard curve verified it',
  },
  'no-standard-curve': {
    severity: 'info',
    message: 'no standard curve: the efficiency is stated or assumed',
  },
  'high-replicate-sd': {
    severity: 'warning',
    message: 'technical replicates disagree (SD of Cq above the limit)',
  },
  'late-cq': { severity: 'warning', message: 'mean Cq after the late-Cq limit' },
  'all-undetermined': { severity: 'warning', message: 'no replicate amplified' },
  'reference-undetermined': {
    severity: 'warning',
    message: 'a reference gene did not amplify in this sample',
  },
  'target-undetermined': { severity: 'warning', message: 'the target did not amplify' },
  'no-result': { severity: 'warning', message: 'no fold change could be computed' },
  'unstable-genes': {
    severity: 'warning',
    message: 'a reference gene is unstable (geNorm M above the limit)',
  },
  'undetermined-excluded': {
    severity: 'info',
    message: 'undetermined replicates were left out (never counted as a number)',
  },
  'single-replicate': { severity: 'info', message: 'one replicate only: no SD' },
  'single-calibrator-sample': {
    severity: 'info',
    message: 'one calibrator sample: the CI is the replicates’ t interval',
  },
  'no-sd': { severity: 'info', message: 'no SD could be computed' },
  'zero-variance': {
    severity: 'warning',
    message: 'the groups’ values do not vary: no t-test, no CI',
  },
  'insufficient-replicates': {
    severity: 'info',
    message: 'a group has fewer than 2 samples: no t-test',
  },
  'numeric-overflow': { severity: 'warning', message: 'the statistic overflowed: no result' },
  'no-calibrator-samples': {
    severity: 'warning',
    message: 'no sample of the calibrator group: no fold change',
  },
  'standard-curve-unusable': {
    severity: 'warning',
    message: 'the standard curve could not be used: the efficiency fell back',
  },
  'efficiency-not-stated': {
    severity: 'info',
    message: 'no stated efficiency: 100 % assumed',
  },
  'livak-efficiency-not-near-100': {
    severity: 'warning',
    message: 'Livak was forced although the efficiencies are not near 100 %',
  },
  'insufficient-data': { severity: 'info', message: 'too few samples for this statistic' },
};

function flag(raw: string, where?: string): ViewFlag {
  // Run-level flags carry their gene after a colon: `efficiency-out-of-range:B2M`.
  const [code, gene] = raw.split(':');
  const known = FLAGS[code];
  return {
    severity: known?.severity ?? 'warning',
    code,
    message: known?.message ?? 'see the analysis',
    where: [where, gene].filter(Boolean).join(' · ') || undefined,
  };
}

function flagsCell(flags: readonly string[]): ViewCell {
  if (flags.length === 0) return '—';
  return {
    text: flags.join(', '),
    severity: flags.some((f) => (FLAGS[f.split(':')[0]]?.severity ?? 'warning') === 'warning')
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
  constructor(private readonly analyses: QpcrAnalysesService) {}

  async sections(_actor: Actor, subject: ViewSubject): Promise<ViewSection[]> {
    if (subject.kind !== 'run') return [];
    const list = await this.runAnalyses(subject.id);
    if (list === null) return [];
    const current = list.find((a) => a.current);
    if (!current) {
      return [
        {
          title: 'qPCR expression',
          blocks: [{ kind: 'text', text: 'No qPCR export imported on this run yet.' }],
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

  async page(_actor: Actor, kind: string, id: string): Promise<AssayPage> {
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
    return {
      title: `qPCR analysis of ${a.createdAt}`,
      runId: a.runId,
      sections: [...this.analysisSections(a, false), samples, controls, earlier],
    };
  }
}
