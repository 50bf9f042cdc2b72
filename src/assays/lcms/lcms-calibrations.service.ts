import { Injectable } from '@nestjs/common';
import { In, type EntityManager } from 'typeorm';
import type { CalibrationLine } from '../../analysis/calibration/weighted-calibration';
import { withoutBinaryResidue } from '../../analysis/common/significant-figures';
import { AuditService } from '../../audit/audit.service';
import type { Actor } from '../../common/auth/roles';
import { UnitOfWork } from '../../common/database/unit-of-work.service';
import { recordContribution } from '../../common/duties/separation-of-duties';
import { DomainError, NotFoundError } from '../../common/errors/domain.error';
import { assertRunDataWritable } from '../../runs/run-data-lock';
import type {
  CalibrationDto,
  CalibratorExclusionDto,
  CalibrationPageDto,
  ConcentrationDto,
  ConcentrationPageDto,
  ExcludeCalibratorDto,
  ListCalibrationsQueryDto,
  ListConcentrationsQueryDto,
  ListPeakAreasQueryDto,
  PeakAreaPageDto,
} from './dto/lcms.dto';
import { analyseBatch, storeAnalysis, supersedeCalibrations } from './lcms-analysis-store';
import { LcmsBatch } from './lcms-batch.entity';
import { LcmsBatchesService } from './lcms-batches.service';
import { LcmsConcentrationsRepository } from './lcms-concentrations.repository';
import { LcmsCalibration, type StoredConcentration } from './lcms-calibration.entity';
import { LcmsImport, type LcmsStoredPeak } from './lcms-import.entity';
import { LcmsInjection } from './lcms-injection.entity';
import { SampleConcentrationsHooks } from './sample-concentrations.hook';

function iso(d: Date | string): string {
  return d instanceof Date ? d.toISOString() : String(d);
}

/**
 * A stored calibration result as responses give it: the line's sum and mean of the weights
 * (Σ1/x² of the nominal concentrations) without the binary residue of their arithmetic
 * (12926.043, not 12926.043000000001). The stored result keeps full precision.
 */
function calibrationResultForResponse(result: Record<string, unknown>): Record<string, unknown> {
  const calibration = result.calibration as { line?: CalibrationLine } | null | undefined;
  const line = calibration?.line;
  if (!line) return result;
  return {
    ...result,
    calibration: {
      ...calibration,
      line: {
        ...line,
        sumWeights: withoutBinaryResidue(line.sumWeights),
        meanWeight: withoutBinaryResidue(line.meanWeight),
      },
    },
  };
}

export function toCalibrationDto(c: LcmsCalibration): CalibrationDto {
  return {
    id: c.id,
    batchId: c.batchId,
    analyte: c.analyte,
    current: c.current,
    accepted: c.accepted,
    failedRules: c.failedRules,
    flags: c.flags,
    slope: c.slope,
    intercept: c.intercept,
    exclusions: c.exclusions,
    result: calibrationResultForResponse(c.result),
    method: c.method,
    methodVersion: c.methodVersion,
    options: c.options,
    inputHash: c.inputHash,
    createdAt: iso(c.createdAt),
    supersededAt: c.supersededAt,
  };
}

/** One current concentration with what its calibration says of it (batch, analyte, unit). */
export interface CalibratedConcentration extends StoredConcentration {
  calibrationId: string;
  batchId: string;
  analyte: string;
  unit: string;
}

interface AccuracyRowJson {
  sample: string;
  accuracyPercent: number | null;
  pass: boolean;
}

/** The batch's current import with its peak areas (a column no other read selects), or null. */
async function currentImportWithPeaks(
  m: EntityManager,
  batchId: string,
): Promise<{ id: string; peaks: LcmsStoredPeak[] } | null> {
  const current = await m.getRepository(LcmsImport).findOne({
    select: { id: true, peaks: true },
    where: { batchId, current: true },
  });
  return current ? { id: current.id, peaks: current.peaks ?? [] } : null;
}

function byLineThenAnalyte(a: LcmsStoredPeak, b: LcmsStoredPeak): number {
  if (a.line !== b.line) return a.line - b.line;
  return a.analyte < b.analyte ? -1 : a.analyte > b.analyte ? 1 : 0;
}

/**
 * Calibrations of LC-MS/MS batches (current and history), the exclusion of the most deviant
 * failing calibrator with a reason (the decision is recomputed; the old calibration stays as
 * history), and the concentrations of unknowns.
 */
@Injectable()
export class LcmsCalibrationsService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly audit: AuditService,
    private readonly batches: LcmsBatchesService,
    private readonly concentrations: LcmsConcentrationsRepository,
    private readonly hooks: SampleConcentrationsHooks,
  ) {}

  list(batchId: string, q: ListCalibrationsQueryDto): Promise<CalibrationPageDto> {
    return this.uow.run(async (m) => {
      await this.batches.load(m, batchId);
      const where = {
        batchId,
        ...(q.analyte ? { analyte: q.analyte } : {}),
        ...(q.history === 'true' ? {} : { current: true }),
      };
      const [rows, total] = await m.getRepository(LcmsCalibration).findAndCount({
        where,
        order: { analyte: 'ASC', createdAt: 'ASC', id: 'ASC' },
        take: q.limit,
        skip: q.offset,
      });
      return { items: rows.map(toCalibrationDto), total, limit: q.limit, offset: q.offset };
    });
  }

  async current(m: EntityManager, batchId: string, analyte: string): Promise<LcmsCalibration> {
    const c = await m.getRepository(LcmsCalibration).findOneBy({ batchId, analyte, current: true });
    if (!c) {
      const batch = await this.batches.load(m, batchId);
      if (!batch.analytes.includes(analyte)) {
        throw new DomainError(
          'NOT_FOUND',
          `${analyte} is not an analyte of batch ${batch.name} (${batch.analytes.join(', ')})`,
        );
      }
      throw new DomainError(
        'BATCH_NOT_IMPORTED',
        `batch ${batch.name} has no imported peak areas yet: import the export first`,
      );
    }
    return c;
  }

  getCurrent(batchId: string, analyte: string): Promise<CalibrationDto> {
    return this.uow.run(async (m) => toCalibrationDto(await this.current(m, batchId, analyte)));
  }

  /**
   * Excludes a calibrator from one analyte's line, with a reason. Only the most deviant failing
   * calibrator may go (ICH M10 allows rejecting a calibrator that fails; one at a time, worst
   * first); the line and decision are recomputed and the previous calibration kept as history.
   */
  exclude(
    actor: Actor,
    batchId: string,
    analyte: string,
    dto: ExcludeCalibratorDto,
  ): Promise<CalibratorExclusionDto> {
    return this.uow.run(async (m) => {
      const batch = await this.batches.load(m, batchId);
      const run = await assertRunDataWritable(m, batch.runId, { what: 'exclude a calibrator' });
      const cal = await this.current(m, batchId, analyte);
      const rows = ((cal.result.calibration as { calibrators?: AccuracyRowJson[] } | null)
        ?.calibrators ?? []) as AccuracyRowJson[];
      const failing = rows.filter((r) => !r.pass);
      const worst = failing.reduce<AccuracyRowJson | null>(
        (w, r) =>
          w === null ||
          Math.abs((r.accuracyPercent ?? Infinity) - 100) >
            Math.abs((w.accuracyPercent ?? Infinity) - 100)
            ? r
            : w,
        null,
      );
      if (!worst || worst.sample !== dto.injection) {
        const why = worst
          ? `the most deviant failing calibrator of ${analyte} is ${worst.sample} (accuracy ${worst.accuracyPercent?.toFixed(1)} %)`
          : `no calibrator of ${analyte} fails`;
        throw new DomainError(
          'CALIBRATOR_EXCLUSION_REFUSED',
          `${dto.injection} cannot be excluded: ${why}`,
          [{ field: 'injection', code: 'CALIBRATOR_EXCLUSION_REFUSED', message: why }],
        );
      }
      const injections = await this.batches.injectionsForAnalysis(m, batchId);
      const injection = injections.find((i) => i.name === dto.injection)!;
      const current = await currentImportWithPeaks(m, batchId);
      if (!current)
        throw new Error(`batch ${batchId} has a current calibration but no current import`);
      const peaks = current.peaks;
      const exclusions = [
        ...cal.exclusions,
        {
          injectionId: injection.id,
          injection: injection.name,
          reason: dto.reason,
          byId: actor.userId,
          at: new Date().toISOString(),
        },
      ];
      const [analysis] = analyseBatch(
        run,
        { ...batch, analytes: [analyte] } as LcmsBatch,
        injections,
        peaks.map((p) => ({
          injectionId: p.injectionId,
          analyte: p.analyte,
          internalStandard: p.internalStandard,
          area: p.area,
          isArea: p.isArea,
        })),
        new Map([[analyte, new Set(exclusions.map((x) => x.injectionId))]]),
      );
      await supersedeCalibrations(m, batchId, analyte);
      await recordContribution(
        m,
        actor,
        { entity: 'run', id: batch.runId },
        'recorded-data',
        `excluded calibrator ${dto.injection} of ${analyte}, batch ${batch.name}`,
      );
      const next = await storeAnalysis(m, batch, current.id, analysis, actor.userId, exclusions);
      await this.audit.record(m, {
        actor,
        action: 'exclude-calibrator',
        entity: 'lcms-calibration',
        id: next.id,
        reason: dto.reason,
        before: {
          calibrationId: cal.id,
          accepted: cal.accepted,
          failedRules: cal.failedRules.map((r) => r.code),
          slope: cal.slope,
          intercept: cal.intercept,
        },
        after: {
          calibrationId: next.id,
          excluded: dto.injection,
          accepted: next.accepted,
          failedRules: next.failedRules.map((r) => r.code),
          slope: next.slope,
          intercept: next.intercept,
        },
      });
      const recomputed = await this.hooks.changed(m, actor, {
        batchId,
        batchName: batch.name,
        cause: `exclusion of calibrator ${dto.injection} (${analyte}) in LC-MS/MS batch ${batch.name}`,
      });
      return { ...toCalibrationDto(next), recomputed };
    });
  }

  /**
   * The current concentrations, by batch, analyte and injection id, a page of them. They are
   * stored in their calibrations: count each current calibration's matching unknowns (of the
   * batches concerned, in batch and analyte order) in the database, read the documents of the
   * calibrations the page falls in, expand, filter by status and sort each calibration's entries
   * by injection id.
   */
  listConcentrations(q: ListConcentrationsQueryDto): Promise<ConcentrationPageDto> {
    return this.uow.run(async (m) => {
      let batchIds: string[] | undefined;
      if (q.runId) {
        batchIds = (
          await m.getRepository(LcmsBatch).find({ select: { id: true }, where: { runId: q.runId } })
        ).map((b) => b.id);
        if (q.batchId) batchIds = batchIds.filter((id) => id === q.batchId);
      } else if (q.batchId) batchIds = [q.batchId];
      const empty = { items: [], total: 0, limit: q.limit, offset: q.offset };
      if (batchIds?.length === 0) return empty;
      const counts = await this.concentrations.counts(m, {
        batchIds,
        analyte: q.analyte,
        status: q.status,
      });
      // The calibrations whose entries fall in [offset, offset + limit), and where the first starts.
      const wanted: string[] = [];
      let total = 0;
      let firstStart = 0;
      for (const c of counts) {
        if (c.count > 0 && total + c.count > q.offset && total < q.offset + q.limit) {
          if (wanted.length === 0) firstStart = total;
          wanted.push(c.id);
        }
        total += c.count;
      }
      if (wanted.length === 0) return { ...empty, total };
      const documents = await m.getRepository(LcmsCalibration).find({
        select: { id: true, batchId: true, analyte: true, unit: true, unknowns: true },
        where: { id: wanted.length === 1 ? wanted[0] : In(wanted) },
      });
      const byId = new Map(documents.map((c) => [c.id, c]));
      const rows: CalibratedConcentration[] = [];
      for (const id of wanted) {
        const c = byId.get(id)!;
        const own = c.unknowns
          .filter((u) => !q.status || u.status === q.status)
          .sort((a, b) =>
            a.injectionId < b.injectionId ? -1 : a.injectionId > b.injectionId ? 1 : 0,
          );
        // Written out, not spread and extended (docs/performance.md, "LC-MS/MS import writes").
        for (const u of own)
          rows.push({
            id: u.id,
            injectionId: u.injectionId,
            sampleId: u.sampleId,
            status: u.status,
            concentration: u.concentration,
            response: u.response,
            task: u.task,
            calibrationId: c.id,
            batchId: c.batchId,
            analyte: c.analyte,
            unit: c.unit,
          });
      }
      const start = q.offset - firstStart;
      const page = rows.slice(start, start + q.limit);
      return {
        items: await this.concentrationDtos(m, page),
        total,
        limit: q.limit,
        offset: q.offset,
      };
    });
  }

  async concentrationDtos(
    m: EntityManager,
    rows: readonly CalibratedConcentration[],
  ): Promise<ConcentrationDto[]> {
    const injections = rows.length
      ? await m.getRepository(LcmsInjection).find({
          select: { id: true, name: true, sampleBarcode: true },
          where: { id: In([...new Set(rows.map((r) => r.injectionId))]) },
        })
      : [];
    const byId = new Map(injections.map((i) => [i.id, i]));
    return rows.map((r) => ({
      id: r.id,
      batchId: r.batchId,
      injection: byId.get(r.injectionId)?.name ?? r.injectionId,
      sampleId: r.sampleId,
      sampleBarcode: byId.get(r.injectionId)?.sampleBarcode ?? null,
      analyte: r.analyte,
      status: r.status,
      concentration: r.concentration,
      unit: r.unit,
      response: r.response,
      task: r.task,
      calibrationId: r.calibrationId,
    }));
  }

  /** The peak areas of the batch's current import, as the file wrote them. */
  listPeakAreas(batchId: string, q: ListPeakAreasQueryDto): Promise<PeakAreaPageDto> {
    return this.uow.run(async (m) => {
      await this.batches.load(m, batchId);
      const current = await currentImportWithPeaks(m, batchId);
      if (!current) return { items: [], total: 0, limit: q.limit, offset: q.offset };
      // Filtered, ordered (line, then analyte) and paged here, as the query did when each peak
      // was a row; analytes compare by code unit, as SQLite's BINARY and a C collation do.
      const matching = q.analyte
        ? current.peaks.filter((p) => p.analyte === q.analyte)
        : [...current.peaks];
      matching.sort(byLineThenAnalyte);
      const total = matching.length;
      const rows = matching.slice(q.offset, q.offset + q.limit);
      const injections = await m.getRepository(LcmsInjection).findBy({ batchId });
      const name = new Map(injections.map((i) => [i.id, i.name]));
      return {
        items: rows.map((p) => ({
          injection: name.get(p.injectionId) ?? p.injectionId,
          analyte: p.analyte,
          internalStandard: p.internalStandard,
          fileCompound: p.fileCompound,
          areaRaw: p.areaRaw,
          area: p.area,
          isAreaRaw: p.isAreaRaw,
          isArea: p.isArea,
          retentionTimeRaw: p.retentionTimeRaw,
          line: p.line,
        })),
        total,
        limit: q.limit,
        offset: q.offset,
      };
    });
  }

  /** Throws when the batch is unknown (for routes that name it). */
  async assertBatch(batchId: string): Promise<void> {
    await this.uow.run(async (m) => {
      if (!(await m.getRepository(LcmsBatch).existsBy({ id: batchId })))
        throw new NotFoundError('LC-MS/MS batch', batchId);
    });
  }
}
