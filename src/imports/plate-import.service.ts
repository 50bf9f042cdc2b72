import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../common/auth/roles';
import { UnitOfWork } from '../common/database/unit-of-work.service';
import { DomainError } from '../common/errors/domain.error';
import { InstrumentsService } from '../instruments/instruments.service';
import { insertMany, selectWhere } from '../common/database/bulk-insert';
import { PlateLayoutsService } from '../plates/plate-layouts.service';
import { PlateReading } from '../plates/plate-reading.entity';
import { Plate } from '../plates/plate.entity';
import { toPlateDto, toReadingSummaryDto } from '../plates/plate.mapper';
import type { PlateForAnalysis } from '../plates/plate-for-analysis';
import { PlatesService } from '../plates/plates.service';
import { timeOrderedId } from '../common/time-ordered-id';
import { assayWavelengths } from '../plates/required-wavelengths';
import {
  PlateReadingValues,
  rawValueId,
  toStoredReadingValues,
  type WellReading,
} from '../plates/plate-reading-values.entity';
import { assertRunDataWritable } from '../runs/run-data-lock';
import { recordContribution } from '../common/duties/separation-of-duties';
import type { PlateImportResultDto } from './dto/plate-import.dto';
import { PlateImport } from './plate-import.entity';
import { PlateAnalyses } from './plate-analysis.hook';
import { checkReadingAgainstPlate, type ImportIssue } from './plate-reading-checks';
import {
  parsePlateExport,
  toSingleReading,
  type ImportProblem,
  type ParsedPlateReading,
  type PlateReaderFormat,
} from './plate-readers';
import type { PlateSize } from '../analysis/plate/well-position';

interface ParsedOk {
  ok: true;
  reading: ParsedPlateReading;
  encoding: string | null;
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
  const single = toSingleReading(file.file);
  if (!single.ok) return single;
  return { ok: true, reading: single.reading, encoding: file.file.encoding ?? null };
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
    let reading = parsed.reading;
    // The same Idempotency-Key is the same import, whatever plate it names.
    const keyed = await this.findImportByKey(m, input.idempotencyKey);
    if (keyed) return this.duplicateOfImport(keyed, contentHash, input);

    const ctx: RejectContext = {
      dryRun: input.dryRun,
      format: reading.format,
      filename: input.filename,
      barcode: reading.metadata.barcode ?? null,
    };
    const reference = input.plate ?? reading.metadata.barcode;
    // Idempotency is per plate: the same content for this plate is a duplicate, for another
    // plate a conflict. A request that names no plate (and a file without barcode) can only
    // be a repeat: it answers the first result when one plate holds the content.
    const holders = await this.readingsWithContent(m, contentHash);
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
    if (reading.format === 'long' && reading.plateSize !== plate.plateSize) {
      const again = await parseUpload(bytes, 'long', input.filename, plate.plateSize);
      if (!again.ok) throw rejected(again.problems, ctx);
      reading = again.reading;
    }
    const { layout, wells } = await this.layouts.getForImport(m, plate.layoutId);
    const run = plate.runId
      ? await assertRunDataWritable(m, plate.runId, {
          what: `import a reading of plate ${plate.barcode ?? plate.id}`,
        })
      : null;
    const problems = checkReadingAgainstPlate(reading, {
      plateSize: plate.plateSize,
      barcode: plate.barcode,
      wavelengths: assayWavelengths(layout, run?.parameters),
      layoutWells: wells,
    });
    if (problems.length) throw rejected(problems, ctx);

    const summary = {
      format: reading.format,
      encoding: parsed.encoding,
      plateSize: reading.plateSize,
      wavelengthsNm: reading.metadata.wavelengthsNm,
      valueCount: reading.readings.length,
      contentHash,
      instrumentId,
      problems: [],
    };
    if (input.dryRun) {
      return {
        created: false,
        result: {
          outcome: 'validated',
          dryRun: true,
          plate: toPlateDto(plate),
          reading: null,
          ...summary,
          analysis: null,
          warnings: [],
        },
      };
    }

    const now = new Date();
    const receivedAt = now.toISOString();
    const importId = timeOrderedId();
    const stored = Object.assign(new PlateReading(), {
      id: timeOrderedId(),
      importId,
      plateId: plate.id,
      format: reading.format,
      contentHash,
      idempotencyKey: input.idempotencyKey,
      instrumentId,
      metadata: reading.metadata,
      sourceFilename: input.filename,
      receivedAt,
      uploadedById: actor.userId,
      valueCount: reading.readings.length,
      createdAt: now,
      updatedAt: now,
    });
    const wellReadings = wellReadingRows(stored.id, reading);
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
        format: reading.format,
        contentHash,
        idempotencyKey: input.idempotencyKey,
        instrumentId,
        sourceFilename: input.filename,
        valueCount: reading.readings.length,
        wavelengthsNm: reading.metadata.wavelengthsNm,
      },
    });
    if (plate.runId) {
      const what = `imported a reading of plate ${plate.barcode ?? plate.id}`;
      await recordContribution(m, actor, { entity: 'run', id: plate.runId }, 'recorded-data', what);
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
    const result: PlateImportResultDto = {
      outcome: 'imported',
      dryRun: false,
      plate: toPlateDto(readPlate),
      reading: toReadingSummaryDto(stored),
      ...summary,
      analysis,
      warnings,
    };
    // The answer is kept whole: a repeat (same content for the plate, or the same key) gets it.
    await insertMany(m, PlateImport, [
      Object.assign(new PlateImport(), {
        id: importId,
        contentHash,
        idempotencyKey: input.idempotencyKey,
        format: reading.format,
        encoding: parsed.encoding,
        sourceFilename: input.filename,
        instrumentId,
        uploadedById: actor.userId,
        receivedAt,
        plateIds: [plate.id],
        result: JSON.parse(JSON.stringify(result)) as Record<string, unknown>,
        createdAt: now,
        updatedAt: now,
      }),
    ]);
    return { created: true, result };
  }

  private async findImportByKey(
    m: EntityManager,
    idempotencyKey: string | null,
  ): Promise<PlateImport | null> {
    if (!idempotencyKey) return null;
    const [found] = await selectWhere(m, PlateImport, 'idempotency_key = ?', [idempotencyKey], 1);
    return found ?? null;
  }

  /** The readings that hold this content (one per plate it was stored for). */
  private readingsWithContent(m: EntityManager, contentHash: string): Promise<PlateReading[]> {
    return selectWhere(m, PlateReading, 'content_hash = ?', [contentHash], 50);
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
    const plates = await selectWhere(m, Plate, `id IN (${ids.map(() => '?').join(', ')})`, ids);
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
 * The reading's raw values in stored order (wavelength, then row-major), each with its id within
 * the reading (well@wavelength) so derived values can point back to it.
 */
function wellReadingRows(readingId: string, reading: ParsedPlateReading): WellReading[] {
  const sorted = [...reading.readings].sort(
    (a, b) =>
      (a.wavelengthNm ?? -1) - (b.wavelengthNm ?? -1) || a.row - b.row || a.column - b.column,
  );
  return sorted.map((r) => ({
    id: rawValueId(r.well, r.wavelengthNm),
    readingId,
    well: r.well,
    row: r.row,
    column: r.column,
    wavelengthNm: r.wavelengthNm,
    value: r.value,
    raw: r.raw,
    sourceLine: r.line,
  }));
}
