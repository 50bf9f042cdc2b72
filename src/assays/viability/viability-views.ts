import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { plateDimensions } from '../../analysis/plate/well-position';
import type { Actor } from '../../common/auth/roles';
import { DomainError, NotFoundError } from '../../common/errors/domain.error';
import { Material } from '../../materials/material.entity';
import { PlatesService } from '../../plates/plates.service';
import {
  assayPageHref,
  type AssayPage,
  type AssayViewProvider,
  type ViewBlock,
  type ViewCell,
  type ViewFlag,
  type ViewSection,
  type ViewSeverity,
  type ViewWell,
  viewNumber,
  historySection,
} from '../../runs/assay-views';
import type { FitDto } from './dto/fit.dto';
import type { PlateQcResultDto } from './dto/plate-analysis.dto';
import { FitsService } from './fits.service';
import { PlateRefitsService } from './plate-refits.service';

const ASSAY = 'viability';

function severity(s: 'info' | 'warning' | 'blocks-approval'): ViewSeverity {
  return s === 'blocks-approval' ? 'error' : s;
}

const fitHref = (id: string) => assayPageHref(ASSAY, 'fit', id);
const plotSrc = (id: string) => `/api/v1/fits/${id}/plot.svg`;
const fitName = (f: FitDto) =>
  `${f.materialName ?? f.materialId ?? 'material'}${f.inhibitor ? ` + ${f.inhibitor.label}` : ''}`;

const num = viewNumber;

function fitFlags(f: FitDto): ViewFlag[] {
  return f.flagDetails.map((d) => ({
    severity: severity(d.severity),
    code: d.flag,
    message: d.message,
    where: fitName(f),
  }));
}

function qcGate(
  qc: PlateQcResultDto,
  barcode: string,
): { name: string; passed: boolean; detail: string } {
  const blocking = qc.blockingFlags.length ? `; blocking: ${qc.blockingFlags.join(', ')}` : '';
  return {
    name: `Plate QC of ${barcode}`,
    passed: qc.approvable,
    detail:
      `Z′ ${num(qc.zPrime)} (minimum ${qc.zPrimeMin}, ${qc.zPrimeClass ?? 'not classed'})` +
      `${qc.override ? `; overridden by a manager: ${qc.override.reason}` : ''}${blocking}`,
  };
}

/**
 * The viability assay in the web UI: on a run's page its plates' fits (IC50 with CI, each plot
 * inline), flags by severity and the plate-QC gates (a material's fold-resistance is on its page
 * through MaterialEvidenceService, as in the API);
 * its own page per fit (the curve, its wells, excluding wells with a reason, refits and history),
 * whose forms call PlateRefitsService, the service of the API's routes.
 */
@Injectable()
export class ViabilityViews implements AssayViewProvider {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly fits: FitsService,
    private readonly plates: PlatesService,
    private readonly refits: PlateRefitsService,
  ) {}

  async sections(_actor: Actor, runId: string): Promise<ViewSection[]> {
    const fits = (await this.fits.listForExport({ runId, status: 'current' })).map((f) => f);
    const plateList = await this.plates.list({ runId, limit: 200, offset: 0 });
    if (fits.length === 0 && plateList.items.length === 0) return [];
    const dtos = await Promise.all(fits.map((f) => this.fits.get(f.id)));
    const sections: ViewSection[] = [];
    const gates: { name: string; passed: boolean; detail: string }[] = [];
    const flags: ViewFlag[] = [];
    for (const plate of plateList.items) {
      const label = plate.barcode ?? plate.id;
      const qcs = await this.fits.qcForPlate(plate.id);
      const current = qcs.find((q) => q.status === 'current');
      if (current) {
        gates.push(qcGate(current, label));
        for (const d of current.flagDetails) {
          flags.push({
            severity: severity(d.severity),
            code: d.flag,
            message: d.message,
            where: label,
          });
        }
      }
      const onPlate = dtos.filter((f) => f.plateId === plate.id);
      if (onPlate.length === 0) continue;
      const blocks: ViewBlock[] = [
        {
          kind: 'table',
          caption: `Dose-response fits of plate ${label}`,
          columns: ['Material', 'Model', 'IC50 (95 % CI)', 'R²', 'Flags', 'Review'],
          rows: onPlate.map((f): ViewCell[] => [
            fitName(f),
            f.model,
            f.ic50.display,
            num(f.rSquared),
            f.flagDetails.length
              ? {
                  text: f.flagDetails.map((d) => d.flag).join(', '),
                  severity: f.flagDetails.some((d) => d.severity === 'blocks-approval')
                    ? 'error'
                    : 'warning',
                }
              : '—',
            { text: 'Review the fit', href: fitHref(f.id) },
          ]),
        },
      ];
      for (const f of onPlate) {
        blocks.push({
          kind: 'plot',
          title: `${fitName(f)}: ${f.ic50.display}`,
          src: plotSrc(f.id),
          alt: `Dose-response curve of ${fitName(f)} on plate ${label}; IC50 ${f.ic50.display}`,
        });
        flags.push(...fitFlags(f));
      }
      sections.push({ title: `MTT viability: plate ${label}`, blocks });
    }
    const pairs = await this.resistantPairs(dtos);
    for (const p of pairs) {
      sections.push({
        title: `Fold-resistance: ${p.resistantName} vs ${p.parentalName}`,
        blocks: [
          {
            kind: 'plot',
            title: 'Parental and resistant curves together (± inhibitor)',
            src: foldPlotSrc(p.resistant, p.parental, p.inhibitor),
            alt: `Dose-response curves of ${p.parentalName} and ${p.resistantName}${p.inhibitor ? ` with and without ${p.inhibitor}` : ''}`,
          },
        ],
      });
    }
    sections.unshift({
      title: 'MTT viability: QC gates and flags',
      blocks: [
        { kind: 'gates', items: gates },
        { kind: 'flags', items: flags },
      ],
    });
    return sections;
  }

  /** Pairs of a derived population and its parent among the run's fitted materials. */
  private async resistantPairs(fits: FitDto[]) {
    const ids = [...new Set(fits.map((f) => f.materialId).filter((x): x is string => !!x))];
    if (ids.length < 2) return [];
    const materials = await this.dataSource.getRepository(Material).findBy({ id: In(ids) });
    const byId = new Map(materials.map((m) => [m.id, m]));
    const inhibitor = fits.find((f) => f.inhibitor)?.inhibitor?.name;
    return materials
      .filter((m) => m.parentId && byId.has(m.parentId))
      .map((m) => ({
        resistant: m.id,
        resistantName: m.name,
        parental: m.parentId!,
        parentalName: byId.get(m.parentId!)!.name,
        inhibitor,
      }));
  }

  async page(_actor: Actor, kind: string, id: string): Promise<AssayPage> {
    if (kind !== 'fit' || !/^[0-9a-f-]{36}$/i.test(id)) throw new NotFoundError('Page', kind);
    const fit = await this.fits.get(id);
    const plate = await this.plates.get(fit.plateId);
    const label = plate.barcode ?? plate.id;
    const qcs = await this.fits.qcForPlate(fit.plateId);
    const qc = qcs.find((q) => q.id === fit.analysisId) ?? qcs[0];
    const fitsOfCurve = (await this.fits.forPlate(fit.plateId, true)).filter(
      (f) => f.materialId === fit.materialId && f.inhibitor?.label === fit.inhibitor?.label,
    );
    const excluded = new Set(qc?.excludedWells ?? []);
    const fitWells = new Set(fit.points.map((p) => p.well));
    const grid = await this.plateGrid(fit.plateId, fitWells, excluded);
    const blocks: ViewBlock[] = [
      {
        kind: 'facts',
        items: [
          { label: 'Material', value: fitName(fit) },
          { label: 'Plate', value: label },
          { label: 'Status', value: fit.status },
          { label: 'IC50', value: fit.ic50.display },
          {
            label: 'Model',
            value: `${fit.model} (${fit.fitStatus}, ${fit.iterations} iterations)`,
          },
          { label: 'R²', value: num(fit.rSquared) },
          { label: 'Points', value: `${fit.n} (df ${fit.df})` },
          { label: 'Method', value: `${fit.provenance.method} ${fit.provenance.methodVersion}` },
        ],
      },
      {
        kind: 'plot',
        title: `Curve of ${fitName(fit)}`,
        src: plotSrc(fit.id),
        alt: `Dose-response curve of ${fitName(fit)}: ${fit.ic50.display}`,
      },
      { kind: 'flags', items: fitFlags(fit) },
    ];
    const wells: ViewSection = {
      title: 'Wells',
      blocks: [
        grid,
        {
          kind: 'table',
          caption: 'The points of this fit',
          columns: ['Well', `Concentration (${fit.concentrationUnit})`, 'Viability (% of vehicle)'],
          rows: fit.points.map((p): ViewCell[] => [p.well, num(p.x, 4), num(p.y, 4)]),
        },
      ],
    };
    const actions: ViewSection = {
      title: 'Exclude wells or refit',
      blocks:
        fit.status === 'current'
          ? [
              {
                kind: 'form',
                action: 'exclude',
                title: 'Exclude wells from the analysis',
                submit: 'Exclude and refit',
                fields: [
                  {
                    name: 'wells',
                    label: 'Wells to exclude',
                    type: 'checkboxes',
                    required: true,
                    options: fit.points
                      .filter((p) => !excluded.has(p.well))
                      .map((p) => ({ value: p.well, label: `${p.well} (${num(p.y, 3)} %)` })),
                  },
                  {
                    name: 'reason',
                    label: 'Reason',
                    type: 'textarea',
                    required: true,
                    hint: 'Kept with each exclusion and in the audit trail',
                  },
                ],
              },
              {
                kind: 'form',
                action: 'refit',
                title: 'Refit the plate',
                submit: 'Refit',
                fields: [
                  {
                    name: 'reason',
                    label: 'Reason for the refit',
                    type: 'textarea',
                    required: true,
                  },
                ],
              },
            ]
          : [{ kind: 'text', text: 'This fit was superseded; open the current fit to change it.' }],
    };
    const history = historySection({
      title: 'History of this curve',
      caption: 'Fits of this material on this plate, newest first',
      columns: ['Fit', 'Status', 'IC50 (95 % CI)', 'Reason'],
      versions: fitsOfCurve,
      madeAt: (f) => f.createdAt,
      isShown: (f) => f.id === fit.id,
      shownLabel: 'this fit',
      href: (f) => fitHref(f.id),
      cells: (f) => [f.status, f.ic50.display, f.reason ?? 'import'],
    });
    return {
      title: `Fit review: ${fitName(fit)} on ${label}`,
      runId: fit.runId,
      sections: [{ title: 'The curve', blocks }, wells, actions, history],
    };
  }

  async act(
    actor: Actor,
    kind: string,
    id: string,
    action: string,
    fields: Record<string, string | string[]>,
  ): Promise<{ redirect: string; message?: string }> {
    if (kind !== 'fit') throw new NotFoundError('Page', kind);
    const fit = await this.fits.get(id);
    const reason = typeof fields.reason === 'string' ? fields.reason.trim() : '';
    let result;
    if (action === 'exclude') {
      const wells = ([] as string[]).concat(fields.wells ?? []).map((w) => w.trim().toUpperCase());
      if (wells.length === 0 || reason.length < 3) {
        throw new DomainError('VALIDATION_FAILED', 'choose at least one well and give a reason', [
          ...(wells.length
            ? []
            : [{ field: 'wells', code: 'REQUIRED', message: 'choose at least one well' }]),
          ...(reason.length >= 3
            ? []
            : [
                {
                  field: 'reason',
                  code: 'REQUIRED',
                  message: 'give a reason (3 characters or more)',
                },
              ]),
        ]);
      }
      result = await this.refits.excludeWells(actor, fit.plateId, { wells, reason });
    } else if (action === 'refit') {
      if (reason.length < 3) {
        throw new DomainError('VALIDATION_FAILED', 'give a reason for the refit', [
          { field: 'reason', code: 'REQUIRED', message: 'give a reason (3 characters or more)' },
        ]);
      }
      result = await this.refits.refit(actor, fit.plateId, { reason });
    } else {
      throw new NotFoundError('Action', action);
    }
    const next = result.fits.find(
      (f) => f.materialId === fit.materialId && f.inhibitor?.label === fit.inhibitor?.label,
    );
    return {
      redirect: fitHref(next?.id ?? fit.id),
      message:
        action === 'exclude'
          ? 'Wells excluded; the plate was refitted.'
          : 'The plate was refitted.',
    };
  }

  /** The plate map: this fit's wells marked, excluded wells hatched, each well explained. */
  private async plateGrid(
    plateId: string,
    fitWells: Set<string>,
    excluded: Set<string>,
  ): Promise<ViewBlock> {
    const map = await this.plates.wells(plateId);
    const dims = plateDimensions(map.plateSize);
    const wells: Record<string, ViewWell> = {};
    for (const w of map.wells) {
      const conc =
        w.concentrationValue !== null
          ? ` ${w.concentrationValue} ${w.concentrationUnit ?? ''}`
          : '';
      wells[w.well] = {
        label: excluded.has(w.well) ? '×' : fitWells.has(w.well) ? '●' : '',
        state: excluded.has(w.well) ? 'excluded' : 'ok',
        note: `${w.well}: ${w.role}${conc}${excluded.has(w.well) ? ', excluded' : ''}${fitWells.has(w.well) ? ', in this fit' : ''}`,
      };
    }
    return {
      kind: 'plate',
      caption: 'Plate map (● in this fit, × excluded)',
      rows: dims.rows,
      columns: dims.columns,
      wells,
    };
  }
}

function foldPlotSrc(
  resistant: string,
  parental: string,
  inhibitor?: string,
  resistantFit?: string,
  parentalFit?: string,
): string {
  const q = new URLSearchParams({ resistantMaterialId: resistant, parentalMaterialId: parental });
  if (inhibitor) q.set('inhibitor', inhibitor);
  if (resistantFit) q.set('resistantFitId', resistantFit);
  if (parentalFit) q.set('parentalFitId', parentalFit);
  return `/api/v1/fold-resistance/plot.svg?${q.toString()}`;
}
