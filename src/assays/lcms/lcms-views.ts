import { Injectable } from '@nestjs/common';
import type { CalibrationBatchResult } from '../../analysis/calibration';
import type { Actor } from '../../common/auth/roles';
import { DomainError, NotFoundError } from '../../common/errors/domain.error';
import {
  assayPageHref,
  type AssayPage,
  type AssayUploadFile,
  type AssayUploadReport,
  type AssayUploadTarget,
  type AssayViewProvider,
  assayUploadHref,
  fieldNumber,
  fieldText,
  type ViewBlock,
  type ViewCell,
  type ViewSection,
  viewNumber as num,
} from '../../runs/assay-views';
import { validatedAs } from '../../common/validation/validated-as';
import { INJECTION_TYPES } from '../../imports/lcms/sample-type';
import { RunsService } from '../../runs/runs.service';
import {
  type BatchDto,
  type CalibrationDto,
  type ConcentrationDto,
  CreateBatchDto,
  type LcmsImportReportDto,
} from './dto/lcms.dto';
import { LCMS_PROTOCOL_KEY } from './lcms-settings';
import { LcmsBatchesService } from './lcms-batches.service';
import { LcmsCalibrationsService } from './lcms-calibrations.service';
import { LcmsImportService } from './lcms-import.service';

const ASSAY = 'lcms';

const batchHref = (id: string) => assayPageHref(ASSAY, 'batch', id);
const uploadHref = (id: string) => assayUploadHref(ASSAY, 'batch', id);
const newBatchHref = (runId: string) => assayPageHref(ASSAY, 'new-batch', runId);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** The injection list's columns, as the form's text gives them. */
const INJECTION_COLUMNS = ['name', 'type', 'nominal', 'qcLevel', 'sampleBarcode', 'dilutionFactor'];
const calibrationPlotSrc = (batchId: string, analyte: string) =>
  `/api/v1/lcms-batches/${batchId}/calibrations/${encodeURIComponent(analyte)}/plot.svg`;

/** What a concentration's status means for the reader (never a number outside the range). */
const STATUS: Record<string, { text: string; severity?: 'warning' | 'error' }> = {
  quantified: { text: 'quantified' },
  BLQ: { text: 'BLQ (below the reportable range)', severity: 'warning' },
  ALQ: { text: 'ALQ (above the range: dilute and re-run)', severity: 'warning' },
  'not-reportable': { text: 'not reportable (calibration rejected)', severity: 'error' },
  'no-peak': { text: 'no peak', severity: 'warning' },
};

function batchState(b: BatchDto): ViewCell {
  if (b.accepted === null) return 'not imported';
  return b.accepted
    ? { text: 'accepted (ICH M10)', severity: 'info' }
    : { text: 'not accepted', severity: 'error' };
}

function decisionGate(c: CalibrationDto): { name: string; passed: boolean; detail: string } {
  const r = c.result.calibration as Partial<CalibrationBatchResult> | null;
  const parts = [
    r?.calibratorSummary
      ? `calibrators ${r.calibratorSummary.nPass} of ${r.calibratorSummary.n} within limits`
      : null,
    r?.qcSummary ? `QCs ${r.qcSummary.nPass} of ${r.qcSummary.n} within ±15 %` : null,
    ...c.failedRules.map((f) => `${f.code}: ${f.message}`),
  ].filter((p): p is string => !!p);
  return {
    name: `ICH M10 calibration of ${c.analyte}`,
    passed: c.accepted,
    detail: parts.join('; ') || 'no calibration could be computed',
  };
}

function concentrationRows(items: readonly ConcentrationDto[]): ViewCell[][] {
  return items.map((c): ViewCell[] => {
    const s = STATUS[c.status] ?? { text: c.status, severity: 'warning' as const };
    return [
      c.injection,
      c.sampleBarcode ?? '—',
      c.analyte,
      s.severity ? { text: s.text, severity: s.severity } : s.text,
      c.concentration === null ? '—' : `${num(c.concentration, 4)} ${c.unit}`,
      num(c.response, 4),
    ];
  });
}

/**
 * LC-MS/MS in the web UI: on a run's page its batches with their ICH M10 decision per analyte;
 * a batch's own page (/ui/assays/lcms/batch/:id) shows each analyte's calibration curve with
 * its line, back-calculated calibrators and QCs, the decision and exclusions, the unknowns'
 * concentrations (BLQ/ALQ never numbers) and the injection list; a rejected calibration offers
 * the API's exclusion of a failing calibrator with a reason. Read through the services of the
 * API's routes.
 */
@Injectable()
export class LcmsViews implements AssayViewProvider {
  constructor(
    private readonly batches: LcmsBatchesService,
    private readonly calibrations: LcmsCalibrationsService,
    private readonly imports: LcmsImportService,
    private readonly runs: RunsService,
  ) {}

  async sections(actor: Actor, runId: string): Promise<ViewSection[]> {
    const batches = (await this.batches.list({ runId, limit: 200, offset: 0 })).items;
    if (batches.length === 0) {
      const run = await this.runs.get(actor, runId);
      if (run.protocolKey !== LCMS_PROTOCOL_KEY) return [];
    }
    const record: ViewBlock = {
      kind: 'facts',
      items: [
        {
          label: 'New batch',
          value: { text: 'Record a batch and its injection list', href: newBatchHref(runId) },
        },
      ],
    };
    const gates = [];
    for (const b of batches) {
      if (b.accepted === null) continue;
      const cals = (await this.calibrations.list(b.id, { limit: 200, offset: 0 })).items;
      gates.push(...cals.map((c) => ({ ...decisionGate(c), name: `${b.name}: ${c.analyte}` })));
    }
    return [
      {
        title: 'LC-MS/MS batches',
        blocks: [
          {
            kind: 'table',
            caption: 'Batches of this run and their ICH M10 decision',
            columns: ['Batch', 'Instrument', 'Analytes', 'Injections', 'Decision', 'Export'],
            rows: batches.map((b): ViewCell[] => [
              { text: b.name, href: batchHref(b.id) },
              b.instrument,
              b.analytes.join(', '),
              String(b.injections.length),
              batchState(b),
              {
                text:
                  b.accepted === null
                    ? `Upload an export to ${b.name}`
                    : `Upload a new export to ${b.name}`,
                href: uploadHref(b.id),
              },
            ]),
          },
          { kind: 'gates', items: gates },
          record,
        ],
      },
    ];
  }

  async page(actor: Actor, kind: string, id: string): Promise<AssayPage> {
    if (kind === 'new-batch' && UUID.test(id)) return this.newBatchPage(actor, id);
    if (kind !== 'batch' || !/^[0-9a-f-]{36}$/i.test(id)) throw new NotFoundError('Page', kind);
    const b = await this.batches.get(id);
    const cals =
      b.accepted === null
        ? []
        : (await this.calibrations.list(b.id, { limit: 200, offset: 0 })).items;
    const concentrations = (
      await this.calibrations.listConcentrations({ batchId: b.id, limit: 1000, offset: 0 })
    ).items;
    const summary: ViewSection = {
      title: 'The batch',
      blocks: [
        {
          kind: 'facts',
          items: [
            { label: 'Decision', value: batchState(b) },
            { label: 'Instrument', value: b.instrument },
            { label: 'Analytes', value: b.analytes.join(', ') },
            { label: 'Internal standard', value: b.internalStandard },
            { label: 'Concentration unit', value: b.concentrationUnit },
            { label: 'Recorded', value: b.createdAt },
            ...(b.notes ? [{ label: 'Notes', value: b.notes }] : []),
            {
              label: 'Import',
              value: {
                text: b.accepted === null ? 'Upload the export' : 'Upload a new export',
                href: uploadHref(b.id),
              },
            },
          ],
        },
        ...(b.accepted === null
          ? [{ kind: 'text' as const, text: 'No export imported into this batch yet.' }]
          : [{ kind: 'gates' as const, items: cals.map(decisionGate) }]),
      ],
    };
    const perAnalyte = cals.map((c) => this.calibrationSection(b, c));
    const results: ViewSection = {
      title: 'Concentrations of the unknowns',
      blocks: [
        concentrations.length
          ? {
              kind: 'table',
              caption: `Concentrations (${b.concentrationUnit}) from the current calibrations; BLQ, ALQ and rejected calibrations give no number`,
              columns: ['Injection', 'Sample', 'Analyte', 'Status', 'Concentration', 'Response'],
              rows: concentrationRows(concentrations),
            }
          : { kind: 'text', text: 'No concentration yet.' },
      ],
    };
    const injections: ViewSection = {
      title: 'Injection list',
      blocks: [
        {
          kind: 'table',
          caption: 'Injections in run order',
          columns: ['#', 'Name', 'Type', 'Nominal', 'QC level', 'Sample', 'Dilution'],
          rows: b.injections.map((i): ViewCell[] => [
            String(i.position),
            i.name,
            i.type,
            i.nominals
              ? Object.entries(i.nominals)
                  .map(([a, v]) => `${a} ${v}`)
                  .join(', ')
              : '—',
            i.qcLevel ?? '—',
            i.sampleBarcode ?? '—',
            String(i.dilutionFactor),
          ]),
        },
      ],
    };
    return {
      title: `LC-MS/MS batch ${b.name}`,
      runId: b.runId,
      sections: [summary, ...perAnalyte, results, injections],
    };
  }

  private calibrationSection(b: BatchDto, c: CalibrationDto): ViewSection {
    const r = c.result.calibration as Partial<CalibrationBatchResult> | null;
    const blocks: ViewBlock[] = [
      {
        kind: 'plot',
        title: `Calibration of ${c.analyte}: calibrators, QCs and the ±15 % band`,
        src: calibrationPlotSrc(b.id, c.analyte),
        alt: `Calibration curve of ${c.analyte}: slope ${num(c.slope, 4)}, intercept ${num(c.intercept, 4)}; ${c.accepted ? 'accepted' : 'not accepted'} under ICH M10`,
      },
      {
        kind: 'facts',
        items: [
          { label: 'Line', value: `response = ${num(c.slope, 4)} · C + ${num(c.intercept, 4)}` },
          { label: 'Weighting', value: r?.line?.weighting ?? '—' },
          { label: 'Weighted R²', value: num(r?.line?.rSquaredWeighted ?? null, 5) },
          {
            label: 'Reportable range',
            value: r?.reportableRange
              ? `${num(r.reportableRange.lloq, 4)}–${num(r.reportableRange.uloq, 4)} ${b.concentrationUnit}`
              : 'none',
          },
          { label: 'Method', value: `${c.method} ${c.methodVersion}` },
        ],
      },
      { kind: 'gates', items: [decisionGate(c)] },
    ];
    const accuracy = [
      ...(r?.calibrators ?? []).map((row) => ({ ...row, kind: 'calibrator' })),
      ...(r?.qcs ?? []).map((row) => ({ ...row, kind: `QC ${row.level}` })),
    ];
    if (accuracy.length) {
      blocks.push({
        kind: 'table',
        caption: `Back-calculated calibrators and QCs of ${c.analyte}`,
        columns: ['Injection', 'Kind', 'Nominal', 'Back-calculated', 'Accuracy', 'Limit', 'Pass'],
        rows: accuracy.map((row): ViewCell[] => [
          row.sample,
          row.kind,
          num(row.nominalConcentration, 4),
          num(row.backCalculatedConcentration, 4),
          row.accuracyPercent === null ? '—' : `${num(row.accuracyPercent, 4)} %`,
          `±${row.limitPercent} %`,
          row.pass ? 'yes' : { text: 'no', severity: 'error' },
        ]),
      });
    }
    if (c.exclusions.length) {
      blocks.push({
        kind: 'table',
        caption: `Calibrators excluded from ${c.analyte}`,
        columns: ['Injection', 'Reason', 'When'],
        rows: c.exclusions.map((e): ViewCell[] => [e.injection, e.reason, e.at]),
      });
    }
    const failing = (r?.calibrators ?? []).filter((row) => !row.pass);
    if (!c.accepted && failing.length) {
      blocks.push({
        kind: 'form',
        action: `exclude-${encodeURIComponent(c.analyte)}`,
        title: `Exclude a failing calibrator of ${c.analyte}`,
        submit: 'Exclude and recalibrate',
        fields: [
          {
            name: 'injection',
            label: 'Calibrator',
            type: 'select',
            options: failing.map((row) => ({
              value: row.sample,
              label: `${row.sample} (${row.accuracyPercent === null ? 'no accuracy' : `${num(row.accuracyPercent, 4)} %`})`,
            })),
          },
          {
            name: 'reason',
            label: 'Reason',
            type: 'textarea',
            required: true,
            hint: 'ICH M10 allows excluding only the most deviant failing calibrator, for a documented cause',
          },
        ],
      });
    }
    return { title: `Calibration: ${c.analyte}`, blocks };
  }

  async act(
    actor: Actor,
    kind: string,
    id: string,
    action: string,
    fields: Record<string, string | string[]>,
  ): Promise<{ redirect: string; message?: string }> {
    if (kind === 'new-batch' && action === 'record-batch' && UUID.test(id)) {
      return this.recordBatch(actor, id, fields);
    }
    const m = /^exclude-(.+)$/.exec(action);
    if (kind !== 'batch' || !m) throw new NotFoundError('Action', action);
    const analyte = m[1]; // the route param, already decoded
    const injection = typeof fields.injection === 'string' ? fields.injection : '';
    const reason = typeof fields.reason === 'string' ? fields.reason.trim() : '';
    if (reason.length < 3 || !injection) {
      throw new DomainError('VALIDATION_FAILED', 'choose a calibrator and give a reason', [
        { field: 'reason', code: 'REQUIRED', message: 'give a reason (3 characters or more)' },
      ]);
    }
    await this.calibrations.exclude(actor, id, analyte, { injection, reason });
    return {
      redirect: batchHref(id),
      message: `${injection} excluded from ${analyte}; the calibration was recomputed.`,
    };
  }

  /** The page that records a batch of an LC-MS/MS run: its instrument and injection list. */
  private async newBatchPage(actor: Actor, runId: string): Promise<AssayPage> {
    const run = await this.runs.get(actor, runId);
    if (run.protocolKey !== LCMS_PROTOCOL_KEY) throw new NotFoundError('LC-MS/MS run', runId);
    return {
      title: `New LC-MS/MS batch: ${run.title}`,
      runId,
      sections: [
        {
          title: 'Record a batch',
          blocks: [
            {
              kind: 'text',
              text: 'The injection list names each injection as the export file will, in acquisition order. Analytes and the internal standard default to the run’s.',
            },
            {
              kind: 'form',
              action: 'record-batch',
              title: 'The batch and its injection list',
              submit: 'Record the batch',
              fields: [
                { name: 'name', label: 'Batch name', type: 'text', required: true },
                { name: 'instrument', label: 'Instrument', type: 'text', required: true },
                {
                  name: 'analytes',
                  label: 'Analytes (optional)',
                  type: 'text',
                  hint: 'Comma-separated; empty: the run’s analytes.',
                },
                {
                  name: 'internalStandard',
                  label: 'Internal standard (optional)',
                  type: 'text',
                  hint: 'Empty: the run’s internal standard.',
                },
                {
                  name: 'injections',
                  label: 'Injection list',
                  type: 'textarea',
                  rows: 12,
                  required: true,
                  hint: `One injection per line, comma-separated: ${INJECTION_COLUMNS.join(', ')} (a header line with these names may come first). Type is one of ${INJECTION_TYPES.join(', ')}; nominal for calibrators and QCs; the co-culture sample barcode for unknowns.`,
                },
                { name: 'notes', label: 'Notes (optional)', type: 'textarea' },
              ],
            },
          ],
        },
      ],
    };
  }

  /** Records the batch by the API's service, the injection list read line by line. */
  private async recordBatch(
    actor: Actor,
    runId: string,
    fields: Record<string, string | string[]>,
  ): Promise<{ redirect: string; message?: string }> {
    const { injections, lines } = injectionList(fieldText(fields.injections));
    const analytes = fieldText(fields.analytes)
      .split(',')
      .map((a) => a.trim())
      .filter(Boolean);
    const plain: Record<string, unknown> = {
      runId,
      name: fieldText(fields.name),
      instrument: fieldText(fields.instrument),
      injections,
      ...(analytes.length ? { analytes } : {}),
      ...(fieldText(fields.internalStandard)
        ? { internalStandard: fieldText(fields.internalStandard) }
        : {}),
      ...(fieldText(fields.notes) ? { notes: fieldText(fields.notes) } : {}),
    };
    let dto: CreateBatchDto;
    try {
      dto = await validatedAs(CreateBatchDto, plain);
    } catch (e) {
      // A problem of an injection names the line of the list it was typed on.
      if (!(e instanceof DomainError)) throw e;
      throw new DomainError(
        e.code,
        e.detail,
        e.errors.map((p) => {
          const at = /^injections\.(\d+)\.?(.*)$/.exec(p.field ?? '');
          return at && lines[Number(at[1])] !== undefined
            ? { ...p, line: lines[Number(at[1])], field: `injection list, ${at[2] || 'line'}` }
            : p;
        }),
      );
    }
    const batch = await this.batches.create(actor, dto);
    return {
      redirect: batchHref(batch.id),
      message: `Batch ${batch.name} recorded with ${batch.injections.length} injections; upload its export when the run is acquired.`,
    };
  }

  /** The upload page of a batch: its quantitation export, all or nothing, after a dry run. */
  async uploadTarget(_actor: Actor, kind: string, id: string): Promise<AssayUploadTarget> {
    const b = await this.batchOf(kind, id);
    return {
      title: `Upload an LC-MS/MS export: batch ${b.name}`,
      runId: b.runId,
      fileLabel: 'Quantitation export file',
      hint: `A long CSV, Skyline, MassHunter, MultiQuant or TargetLynx export (up to 20 MB), its samples named as the batch’s ${b.injections.length} injections and its compounds as ${[...b.analytes, b.internalStandard].join(', ')}. A sample name the file repeats (QC-M injected three times) matches the injections listed as QC-M#1, QC-M#2, QC-M#3, in the file’s order.`,
      results: { text: 'See the calibrations and concentrations', href: batchHref(b.id) },
    };
  }

  async upload(
    actor: Actor,
    kind: string,
    id: string,
    file: AssayUploadFile,
    dryRun: boolean,
  ): Promise<AssayUploadReport> {
    await this.batchOf(kind, id);
    const out = await this.imports.import(actor, id, file.bytes, {
      dryRun,
      filename: file.filename,
    });
    return { outcome: out.report.outcome, sections: importSections(out.report) };
  }

  private async batchOf(kind: string, id: string): Promise<BatchDto> {
    if (kind !== 'batch' || !/^[0-9a-f-]{36}$/i.test(id)) throw new NotFoundError('Page', kind);
    return this.batches.get(id);
  }
}

/** An LC-MS/MS import's report (a dry run's or the import's) as a page shows it. */
function importSections(r: LcmsImportReportDto): ViewSection[] {
  const mapped = Object.entries(r.compoundMapping);
  return [
    {
      title: 'The file',
      blocks: [
        {
          kind: 'facts',
          items: [
            { label: 'Format', value: r.format },
            { label: 'Encoding', value: r.encoding ?? '—' },
            { label: 'Injections', value: String(r.injections) },
            { label: 'Peaks', value: String(r.peaks) },
            { label: 'Missing areas (kept missing)', value: String(r.missingAreas) },
            { label: 'sha256', value: `${r.contentHash.slice(0, 16)}…` },
          ],
        },
        ...(mapped.length
          ? [
              {
                kind: 'table' as const,
                caption: 'Compounds of the file and the analytes they map to',
                columns: ['In the file', 'Analyte'],
                rows: mapped.map(([c, a]): ViewCell[] => [c, a ?? 'ignored']),
              },
            ]
          : []),
        ...(r.skipped.length
          ? [
              {
                kind: 'table' as const,
                caption: 'Injections of the file not imported, and why',
                columns: ['Line', 'Sample', 'Sample type', 'Why'],
                rows: r.skipped.map((k): ViewCell[] => [
                  String(k.line),
                  k.dataFile ? `${k.name} (${k.dataFile})` : k.name,
                  k.sampleType,
                  k.reason,
                ]),
              },
            ]
          : []),
        ...(r.warnings.length
          ? [
              {
                kind: 'table' as const,
                caption: 'Noticed and let pass',
                columns: ['Note'],
                rows: r.warnings.map((w): ViewCell[] => [w.message]),
              },
            ]
          : []),
      ],
    },
    {
      title: 'Calibration per analyte (ICH M10)',
      blocks: [
        {
          kind: 'gates',
          items: r.calibrations.map((c) => ({
            name: `ICH M10 calibration of ${c.analyte}`,
            passed: c.accepted,
            detail:
              [
                c.slope === null
                  ? 'no line'
                  : `response = ${num(c.slope, 4)} · C + ${num(c.intercept, 4)}`,
                ...c.failedRules.map((f) => `${f.code}: ${f.message}`),
              ].join('; ') || '—',
          })),
        },
      ],
    },
  ];
}

/**
 * The injection list of the form's text: one injection per non-empty line, comma-separated in
 * INJECTION_COLUMNS order (or in the order of a header line naming them); numbers read with a
 * decimal point. `lines` gives each injection's line number in the text.
 */
function injectionList(text: string): { injections: Record<string, unknown>[]; lines: number[] } {
  const rows = text
    .split(/\r?\n/)
    .map((l, i) => ({ line: i + 1, cells: l.split(',').map((c) => c.trim()) }));
  const filled = rows.filter((r) => r.cells.some((c) => c !== ''));
  let columns = INJECTION_COLUMNS;
  if (filled.length && filled[0].cells.some((c) => c.toLowerCase() === 'name')) {
    const byLower = new Map(INJECTION_COLUMNS.map((c) => [c.toLowerCase(), c]));
    columns = filled[0].cells.map((c) => byLower.get(c.toLowerCase()) ?? c);
    filled.shift();
  }
  const injections = filled.map((r) => {
    const o: Record<string, unknown> = {};
    r.cells.forEach((cell, i) => {
      const key = columns[i] ?? `column${i + 1}`;
      if (cell === '') return;
      o[key] = key === 'nominal' || key === 'dilutionFactor' ? fieldNumber(cell) : cell;
    });
    return o;
  });
  return { injections, lines: filled.map((r) => r.line) };
}
