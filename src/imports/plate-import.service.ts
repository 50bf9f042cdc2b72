import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../common/auth/roles';
import { UnitOfWork } from '../common/database/unit-of-work.service';
import { DomainError } from '../common/errors/domain.error';
import { InstrumentsService } from '../instruments/instruments.service';
import { PlateLayoutsService } from '../plates/plate-layouts.service';
import { PlateImportsRepository } from './plate-imports.repository';
import { PlateReading } from '../plates/plate-reading.entity';
import { Plate } from '../plates/plate.entity';
import { toPlateDto, toReadingSummaryDto } from '../plates/plate.mapper';
import type { PlateForAnalysis } from '../plates/plate-for-analysis';
import { PlatesService } from '../plates/plates.service';
import { timeOrderedId } from '../common/time-ordered-id';
import { assayRead } from '../plates/required-wavelengths';
import {
  PlateReadingValues,
  rawValueId,
  toStoredReadingValues,
  type WellReading,
} from '../plates/plate-reading-values.entity';
import { assertRunDataWritable } from '../runs/run-data-lock';
import { recordContribution } from '../common/duties/separation-of-duties';
import type {
  ImportWarningDto,
  PlateImportPlateResultDto,
  PlateImportResultDto,
} from './dto/plate-import.dto';
import type { ChannelChoice } from '../analysis/plate/read-channels';
import { PlateImport } from './plate-import.entity';
import { PlateAnalyses } from './plate-analysis.hook';
import {
  checkPlateAgainstLayout,
  nameBareWavelength,
  type ImportIssue,
} from './plate-reading-checks';
import {
  parsePlateExport,
  type ImportProblem,
  type ParsedPlate,
  type ParsedPlateFile,
  type PlateReaderFormat,
  type ValueStatus,
} from './plate-readers';
import type { PlateSize } from '../analysis/plate/well-position';
import type { PlateLayout } from '../plates/plate-layout.entity';
import type { LayoutWell } from '../plates/layout-well.entity';
import type { RunForDataWrite } from '../runs/run-data-lock';

interface ParsedOk {
  ok: true;
  file: ParsedPlateFile;
  encoding: string | null;
}

/** A plate block of the file and the planned plate it is stored for. */
interface Target {
  block: ParsedPlate;
  plate: Plate;
}

interface PreparedTarget extends Target {
  layout: PlateLayout;
  wells: LayoutWell[];
  run: RunForDataWrite | null;
}
type ParsedUpload = ParsedOk | { ok: false; problems: ImportProblem[]; format?: PlateReaderFormat };

/** Parses an upload from its bytes (encoding read from them, or an Excel workbook). */
async function parseUpload(
  bytes: Uint8Array,
  format: PlateReaderFormat | undefined,
  filename: string | null,
  plateSize?: PlateSize,
): Promise<ParsedUpload> {
  const file = await parsePlateExport(bytes, {
    format,
    ...(filename ? { filename } : {}),
    ...(plateSize ? { plateSize } : {}),
  });
  if (!file.ok) return file;
  return { ok: true, file: file.file, encoding: file.file.encoding ?? null };
}

/** `"Plate 2" (line 40)`, `"Plate 1" (sheet "Data", row 3)`: a block as messages name it. */
function blockName(p: ParsedPlate): string {
  const b = p.block;
  return `"${b.name}" (${b.sheet ? `sheet "${b.sheet}", row ${b.line}` : `line ${b.line}`})`;
}

/** How many values of each status a plate holds (`{ ok: 83, overflow: 8, missing: 5 }`). */
function statusCounts(p: ParsedPlate): Partial<Record<ValueStatus, number>> {
  const out: Partial<Record<ValueStatus, number>> = {};
  for (const v of p.values) out[v.status] = (out[v.status] ?? 0) + 1;
  return out;
}

export interface PlateImportInput {
  /** The file as received: its encoding is read from the bytes, and the bytes are hashed. */
  bytes?: Uint8Array;
  /** The file as text, for callers that hold text (taken as its UTF-8 bytes). */
  text?: string;
  filename: string | null;
  /** `format=`: overrides detection. */
  format?: PlateReaderFormat;
  /** The plate by id or barcode (`plate=` or the route's id); else the file's barcode. */
  plate?: string;
  dryRun: boolean;
  idempotencyKey: string | null;
}

export interface PlateImportOutcome {
  /** True when something was stored (201); false for a duplicate or a dry run (200). */
  created: boolean;
  result: PlateImportResultDto;
}

function isUniqueViolation(e: unknown): boolean {
  const err = e as { code?: unknown; driverError?: { code?: unknown } };
  const code = err?.driverError?.code ?? err?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE';
}

interface RejectContext {
  dryRun: boolean;
  format?: PlateReaderFormat;
  plateId?: string;
  barcode?: string | null;
  filename: string | null;
}

function rejected(problems: ImportIssue[], ctx: RejectContext): DomainError {
  const n = problems.length;
  return new DomainError(
    'IMPORT_REJECTED',
    `${n} problem${n === 1 ? '' : 's'} in ${ctx.filename ?? 'the file'}; nothing was stored`,
    problems,
    {
      report: {
        ok: false,
        dryRun: ctx.dryRun,
        format: ctx.format ?? null,
        plateId: ctx.plateId ?? null,
        barcode: ctx.barcode ?? null,
        filename: ctx.filename,
        problemCount: n,
        problems,
      },
    },
  );
}

/**
 * Imports one plate-reader export: parse → find the plate → validate against its layout →
 * store the raw values → analyse → audit, in one transaction; or, on any problem, nothing at
 * all (422 with every problem). The same content (sha256) or Idempotency-Key is stored once.
 * Instrument feeds and uploads by people share this path.
 */
@Injectable()
export class PlateImportService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly audit: AuditService,
    private readonly plates: PlatesService,
    private readonly layouts: PlateLayoutsService,
    private readonly instruments: InstrumentsService,
    private readonly analyses: PlateAnalyses,
    private readonly imports: PlateImportsRepository,
  ) {}

  async importReading(actor: Actor, input: PlateImportInput): Promise<PlateImportOutcome> {
    // Who is feeding, first: an unbound instrument key is refused whatever it sends. A read
    // outside the write queue, like authentication.
    const instrument = await this.instruments.resolveFeedInstrument(this.dataSource.manager, actor);
    const instrumentId = instrument?.id ?? null;
    const bytes = input.bytes ?? Buffer.from(input.text ?? '', 'utf8');
    const contentHash = createHash('sha256').update(bytes).digest('hex');
    // Parsing is pure CPU: keep it out of the transaction (on SQLite units run one at a time).
    const parsed = await parseUpload(bytes, input.format, input.filename);
    if (!parsed.ok) {
      throw rejected(parsed.problems, {
        dryRun: input.dryRun,
        format: parsed.format,
        filename: input.filename,
      });
    }
    try {
      return await this.uow.run((m) =>
        this.validateAndStore(m, actor, input, bytes, parsed, contentHash, instrumentId),
      );
    } catch (e) {
      // A concurrent twin won the unique index: answer with its result.
      if (!input.dryRun && isUniqueViolation(e)) {
        return this.uow.run((m) =>
          this.validateAndStore(m, actor, input, bytes, parsed, contentHash, instrumentId),
        );
      }
      throw e;
    }
  }

  private async validateAndStore(
    m: EntityManager,
    actor: Actor,
    input: PlateImportInput,
    bytes: Uint8Array,
    parsed: ParsedOk,
    contentHash: string,
    instrumentId: string | null,
  ): Promise<PlateImportOutcome> {
    let file = parsed.file;
    // The same Idempotency-Key is the same import, whatever plate it names.
    const keyed = await this.findImportByKey(m, input.idempotencyKey);
    if (keyed) return this.duplicateOfImport(keyed, contentHash, input);

    const multi = file.plates.length > 1;
    const ctx: RejectContext = {
      dryRun: input.dryRun,
      format: file.format,
      filename: input.filename,
      barcode: multi ? null : (file.plates[0].metadata.barcode ?? null),
    };
    // Idempotency is per plate: the same content for this plate is a duplicate, for another
    // plate a conflict. A request that names no plate (and a file without barcode) can only
    // be a repeat: it answers the first result when one plate holds the content.
    const holders = await this.readingsWithContent(m, contentHash);
    let targets: Target[];
    if (!multi) {
      const block = file.plates[0];
      const reference = input.plate ?? block.metadata.barcode;
      if (!reference && holders.length > 0) return this.duplicate(m, holders[0], input);
      if (!reference) {
        throw rejected(
          [
            {
              code: 'PLATE_NOT_IDENTIFIED',
              field: 'plate',
              message:
                'The file names no plate barcode; name the planned plate with plate=<id or barcode>.',
            },
          ],
          ctx,
        );
      }
      const plate = await this.plates.findByReference(m, reference);
      if (!plate) {
        throw rejected(
          [
            {
              code: 'PLATE_NOT_FOUND',
              field: input.plate ? 'plate' : 'barcode',
              message: `No planned plate has the ${input.plate ? 'id or barcode' : 'barcode'} '${reference}'; plan it first (POST /api/v1/plates).`,
            },
          ],
          ctx,
        );
      }
      ctx.plateId = plate.id;
      ctx.barcode = plate.barcode;
      const mine = holders.find((r) => r.plateId === plate.id);
      if (mine) return this.duplicate(m, mine, input);
      if (holders.length > 0) throw await this.heldByAnotherPlate(m, holders, plate, input);
      // A long table infers its size from the wells it lists; read it again at the plate's size.
      if (file.format === 'long' && block.plateSize !== plate.plateSize) {
        const again = await parseUpload(bytes, 'long', input.filename, plate.plateSize);
        if (!again.ok) throw rejected(again.problems, ctx);
        file = again.file;
      }
      targets = [{ block: file.plates[0], plate }];
    } else {
      targets = await this.matchBlocks(m, file, input, ctx);
      const ids = new Set(targets.map((t) => t.plate.id));
      const mine = holders.find((r) => ids.has(r.plateId));
      if (mine) return this.duplicate(m, mine, input);
      if (holders.length > 0) {
        throw await this.heldByAnotherPlate(m, holders, targets[0].plate, input);
      }
    }

    // Every plate is checked before anything is written: the file is stored whole or not at all.
    const problems: ImportIssue[] = [];
    const prepared: (PreparedTarget & { choice: ChannelChoice | null })[] = [];
    for (const t of targets) {
      const { layout, wells } = await this.layouts.getForImport(m, t.plate.layoutId);
      const run = t.plate.runId
        ? await assertRunDataWritable(m, t.plate.runId, {
            what: `import a reading of plate ${t.plate.barcode ?? t.plate.id}`,
          })
        : null;
      const read = assayRead(layout, run?.parameters);
      const checked = checkPlateAgainstLayout(t.block, {
        plateSize: t.plate.plateSize,
        // A block of a multi-plate file was matched by its barcode or name already.
        barcode: multi ? null : t.plate.barcode,
        read,
        layoutWells: wells,
      });
      for (const p of checked.problems) {
        problems.push(
          multi
            ? {
                ...p,
                plate: t.block.block.name,
                message: `Plate ${blockName(t.block)}: ${p.message}`,
              }
            : p,
        );
      }
      // A bare grid takes the one wavelength its layout or run names.
      const named = nameBareWavelength(t.block, checked.choice, read);
      prepared.push({ ...t, block: named.plate, layout, wells, run, choice: named.choice });
    }
    if (problems.length) throw rejected(problems, ctx);

    const channelKeys = (p: ParsedPlate) => p.channels.map((c) => c.key);
    const wavelengthsNm = [...new Set(prepared.flatMap((t) => t.block.metadata.wavelengthsNm))];
    const valueCount = targets.reduce((n, t) => n + t.block.values.length, 0);
    const summary = {
      format: file.format,
      encoding: parsed.encoding,
      plateSize: targets[0].block.plateSize,
      wavelengthsNm,
      valueCount,
      contentHash,
      instrumentId,
      problems: [],
      skipped: file.skipped,
    };
    if (input.dryRun) {
      return {
        created: false,
        result: {
          outcome: 'validated',
          dryRun: true,
          plate: toPlateDto(targets[0].plate),
          reading: null,
          ...summary,
          plates: prepared.map((t) => ({
            block: t.block.block,
            plate: toPlateDto(t.plate),
            reading: null,
            channels: t.block.channels,
            analysedChannel: t.choice?.measurement ?? null,
            valueCount: t.block.values.length,
            statuses: statusCounts(t.block),
            analysis: null,
            warnings: [],
          })),
          analysis: null,
          warnings: [],
        },
      };
    }

    const now = new Date();
    const receivedAt = now.toISOString();
    const importId = timeOrderedId();
    const plateResults: PlateImportPlateResultDto[] = [];
    const contributed = new Set<string>();
    for (const t of prepared) {
      const { block, plate, layout, wells, run } = t;
      const stored = Object.assign(new PlateReading(), {
        id: timeOrderedId(),
        importId,
        plateId: plate.id,
        format: block.format,
        contentHash,
        idempotencyKey: input.idempotencyKey,
        instrumentId,
        metadata: {
          ...block.metadata,
          channels: block.channels,
          ...(multi ? { block: block.block } : {}),
        },
        sourceFilename: input.filename,
        receivedAt,
        uploadedById: actor.userId,
        valueCount: block.values.length,
        createdAt: now,
        updatedAt: now,
      });
      const wellReadings = wellReadingRows(stored.id, block);
      // The values go in as one row, never a statement (or a row) per well: this is the speed
      // lever. On PostgreSQL both rows and the plate's status go in one statement.
      const values = Object.assign(new PlateReadingValues(), {
        readingId: stored.id,
        rawValues: toStoredReadingValues(wellReadings),
      });
      const firstReading = await this.plates.storeReading(
        m,
        plate.id,
        stored,
        values,
        receivedAt,
        now,
      );
      const readPlate = Object.assign(new Plate(), plate, {
        status: 'read',
        readAt: receivedAt,
        updatedAt: now,
      });
      await this.audit.record(m, {
        actor,
        action: 'plate.reading-imported',
        entity: 'plate_reading',
        id: stored.id,
        after: {
          plateId: plate.id,
          barcode: plate.barcode,
          format: block.format,
          encoding: parsed.encoding,
          contentHash,
          idempotencyKey: input.idempotencyKey,
          instrumentId,
          sourceFilename: input.filename,
          ...(multi ? { block: block.block.name } : {}),
          valueCount: block.values.length,
          wavelengthsNm: block.metadata.wavelengthsNm,
          channels: channelKeys(block),
        },
      });
      if (plate.runId && !contributed.has(plate.runId)) {
        contributed.add(plate.runId);
        const what = `imported a reading of plate ${plate.barcode ?? plate.id}`;
        await recordContribution(
          m,
          actor,
          { entity: 'run', id: plate.runId },
          'recorded-data',
          what,
        );
      }
      // The assay analysis (fits, QC) commits with the reading or not at all. It gets what was
      // just written, so it need not read the raw values back.
      const loaded: PlateForAnalysis = {
        plate: readPlate,
        layout,
        layoutWells: wells,
        reading: stored,
        wellReadings,
        firstReading,
        runParameters: run?.parameters ?? null,
      };
      const outcome = await this.analyses.analyse(m, actor, loaded);
      const { warnings, ...analysis } = outcome;
      plateResults.push({
        block: block.block,
        plate: toPlateDto(readPlate),
        reading: toReadingSummaryDto(stored),
        channels: block.channels,
        analysedChannel: t.choice?.measurement ?? null,
        valueCount: block.values.length,
        statuses: statusCounts(block),
        analysis,
        warnings,
      });
    }
    const first = plateResults[0];
    const warnings: ImportWarningDto[] = multi
      ? plateResults.flatMap((p) =>
          p.warnings.map((w) => ({ ...w, message: `plate ${p.block.name}: ${w.message}` })),
        )
      : first.warnings;
    const result: PlateImportResultDto = {
      outcome: 'imported',
      dryRun: false,
      plate: first.plate,
      reading: first.reading,
      ...summary,
      plates: plateResults,
      analysis: first.analysis,
      warnings,
    };
    // The answer is kept whole: a repeat (same content for the plate, or the same key) gets it.
    await this.imports.insert(
      m,
      Object.assign(new PlateImport(), {
        id: importId,
        contentHash,
        idempotencyKey: input.idempotencyKey,
        format: file.format,
        encoding: parsed.encoding,
        sourceFilename: input.filename,
        instrumentId,
        uploadedById: actor.userId,
        receivedAt,
        plateIds: plateResults.map((p) => p.plate.id),
        result: JSON.parse(JSON.stringify(result)) as Record<string, unknown>,
        createdAt: now,
        updatedAt: now,
      }),
    );
    return { created: true, result };
  }

  /**
   * The planned plate of each block of a multi-plate file: the one whose barcode is the block's
   * barcode, name or plate name. Refuses the file (naming the blocks) when a block matches no
   * planned plate, two blocks share a name or a plate, or `plate=` names a plate of no block.
   */
  private async matchBlocks(
    m: EntityManager,
    file: ParsedPlateFile,
    input: PlateImportInput,
    ctx: RejectContext,
  ): Promise<Target[]> {
    const problems: ImportIssue[] = [];
    const byName = new Map<string, ParsedPlate>();
    for (const p of file.plates) {
      const other = byName.get(p.block.name);
      if (other) {
        problems.push({
          code: 'DUPLICATE_PLATE',
          plate: p.block.name,
          line: p.block.line,
          message: `The plate blocks ${blockName(other)} and ${blockName(p)} have the same name, so they cannot be told apart; give each plate its own name or barcode in the reader software and export again.`,
        });
      } else byName.set(p.block.name, p);
    }
    if (problems.length) throw rejected(problems, ctx);
    const targets: Target[] = [];
    const taken = new Map<string, ParsedPlate>();
    for (const block of file.plates) {
      const names = [block.metadata.barcode, block.block.name, block.metadata.plateName]
        .map((s) => s?.trim())
        .filter((s): s is string => !!s);
      let plate: Plate | null = null;
      for (const name of [...new Set(names)]) {
        plate = await this.plates.findByReference(m, name);
        if (plate) break;
      }
      if (!plate) {
        problems.push({
          code: 'PLATE_NOT_FOUND',
          field: 'barcode',
          plate: block.block.name,
          line: block.block.line,
          message: `Plate ${blockName(block)} matches no planned plate (looked for the barcode ${[...new Set(names)].map((n) => `'${n}'`).join(' or ')}). A file with several plates is stored whole: plan a plate with that barcode (POST /api/v1/plates), or export that plate on its own and upload it with plate=.`,
        });
        continue;
      }
      const twin = taken.get(plate.id);
      if (twin) {
        problems.push({
          code: 'DUPLICATE_PLATE',
          plate: block.block.name,
          line: block.block.line,
          message: `Plates ${blockName(twin)} and ${blockName(block)} both match the planned plate ${plate.barcode ?? plate.id}; one plate holds one reading of a file: correct the names in the reader software.`,
        });
        continue;
      }
      taken.set(plate.id, block);
      targets.push({ block, plate });
    }
    if (problems.length === 0 && input.plate) {
      const named = await this.plates.findByReference(m, input.plate);
      if (!named || !taken.has(named.id)) {
        problems.push({
          code: 'PLATE_NOT_IN_FILE',
          field: 'plate',
          message: `The file holds ${file.plates.length} plates (${file.plates.map(blockName).join(', ')}) and none is the plate '${input.plate}' named by the request; upload the file without plate= (each plate is found by its barcode) or send the export of that plate.`,
        });
      }
    }
    if (problems.length) throw rejected(problems, ctx);
    return targets;
  }

  private async findImportByKey(
    m: EntityManager,
    idempotencyKey: string | null,
  ): Promise<PlateImport | null> {
    if (!idempotencyKey) return null;
    return this.imports.findByIdempotencyKey(m, idempotencyKey);
  }

  /** The readings that hold this content (one per plate it was stored for). */
  private readingsWithContent(m: EntityManager, contentHash: string): Promise<PlateReading[]> {
    return this.imports.readingsWithContent(m, contentHash);
  }

  /** The answer to a repeat of an import: its first result in full, marked `duplicate`. */
  private duplicateOfImport(
    first: PlateImport,
    contentHash: string,
    input: PlateImportInput,
  ): PlateImportOutcome {
    if (input.idempotencyKey && first.idempotencyKey === input.idempotencyKey) {
      if (first.contentHash !== contentHash) {
        throw new DomainError(
          'IDEMPOTENCY_KEY_REUSED',
          `Idempotency-Key '${input.idempotencyKey}' was used for import ${first.id} with other content`,
          [
            {
              field: 'Idempotency-Key',
              code: 'IDEMPOTENCY_KEY_REUSED',
              message: 'use a new key for new content',
            },
          ],
        );
      }
    }
    const result = first.result as unknown as PlateImportResultDto;
    return { created: false, result: { ...result, outcome: 'duplicate', dryRun: input.dryRun } };
  }

  private async duplicate(
    m: EntityManager,
    held: PlateReading,
    input: PlateImportInput,
  ): Promise<PlateImportOutcome> {
    const first = held.importId ? await m.findOneBy(PlateImport, { id: held.importId }) : null;
    if (first) return this.duplicateOfImport(first, held.contentHash, input);
    // A reading stored before imports kept their answer: what the reading itself says.
    const plate = await m.findOneByOrFail(Plate, { id: held.plateId });
    return {
      created: false,
      result: {
        outcome: 'duplicate',
        dryRun: input.dryRun,
        plate: toPlateDto(plate),
        reading: toReadingSummaryDto(held),
        format: held.format,
        encoding: null,
        plateSize: plate.plateSize,
        wavelengthsNm: held.metadata.wavelengthsNm ?? [],
        valueCount: held.valueCount,
        contentHash: held.contentHash,
        instrumentId: held.instrumentId,
        problems: [],
        plates: [],
        skipped: [],
        analysis: null,
        warnings: [],
      },
    };
  }

  /** 409: the same file is already the reading of another plate (naming it). */
  private async heldByAnotherPlate(
    m: EntityManager,
    holders: PlateReading[],
    target: Plate,
    input: PlateImportInput,
  ): Promise<DomainError> {
    const ids = [...new Set(holders.map((r) => r.plateId))];
    const plates = await this.imports.platesByIds(m, ids);
    const name = (p: Plate) => (p.barcode ? `${p.barcode} (${p.id})` : p.id);
    const targetName = name(target);
    const held = plates.map(name).join(', ');
    return new DomainError(
      'READING_HELD_BY_ANOTHER_PLATE',
      `${input.filename ?? 'This file'} is already stored as the reading of plate ${held}; it was not stored for plate ${targetName}. One export is the reading of one plate: send the file read from plate ${targetName}, or correct the plate named (plate= or the barcode in the file).`,
      plates.map((p) => ({
        field: 'plate',
        code: 'READING_HELD_BY_ANOTHER_PLATE',
        message: `the same content is the reading ${holders.find((r) => r.plateId === p.id)?.id} of plate ${name(p)}`,
      })),
      { heldBy: plates.map((p) => ({ plateId: p.id, barcode: p.barcode })), plateId: target.id },
    );
  }
}

/**
 * A plate's raw values in stored order (absorbance wavelength, then channel, then row-major),
 * each with its id within the reading (`A1@570`, `A1@ex485/em528`) so derived values can point
 * back to it, its channel and its status.
 */
function wellReadingRows(readingId: string, plate: ParsedPlate): WellReading[] {
  const order = new Map(plate.channels.map((c, i) => [c.key, i]));
  const sorted = [...plate.values].sort(
    (a, b) =>
      (a.wavelengthNm ?? -1) - (b.wavelengthNm ?? -1) ||
      (order.get(a.channel) ?? 0) - (order.get(b.channel) ?? 0) ||
      a.row - b.row ||
      a.column - b.column,
  );
  return sorted.map((r) => ({
    id: rawValueId(r.well, r.wavelengthNm, r.channel),
    readingId,
    well: r.well,
    row: r.row,
    column: r.column,
    wavelengthNm: r.wavelengthNm,
    channel: r.channel,
    value: r.value,
    status: r.status,
    raw: r.raw,
    sourceLine: r.line,
  }));
}
