import { Injectable } from '@nestjs/common';
import { In, type EntityManager } from 'typeorm';
import { AuditService } from '../../audit/audit.service';
import type { Actor } from '../../common/auth/roles';
import { newId } from '../../common/base.entity';
import { timeOrderedId } from '../../common/time-ordered-id';
import { insertAll, selectRows, selectWhere } from '../../common/database/bulk-insert';
import { UnitOfWork } from '../../common/database/unit-of-work.service';
import { recordContribution } from '../../common/duties/separation-of-duties';
import { DomainError, NotFoundError, type ProblemItem } from '../../common/errors/domain.error';
import { ProtocolVersion } from '../../protocols/protocol-version.entity';
import { assertRunDataWritable } from '../../runs/run-data-lock';
import { CocultureSample } from '../coculture/coculture-sample.entity';
import type {
  BatchDto,
  BatchPageDto,
  CreateBatchDto,
  InjectionDto,
  ListBatchesQueryDto,
  NameMappingDto,
  PutNameMappingDto,
} from './dto/lcms.dto';
import type { InjectionForAnalysis } from './lcms-batch-analysis';
import { LcmsBatch } from './lcms-batch.entity';
import { LcmsCalibration } from './lcms-calibration.entity';
import { LcmsImport } from './lcms-import.entity';
import { LcmsInjection } from './lcms-injection.entity';
import { LcmsNameMapping } from './lcms-name-mapping.entity';
import { LCMS_PROTOCOL_KEY, lcmsSettingsOf } from './lcms-settings';

function iso(d: Date | string): string {
  return d instanceof Date ? d.toISOString() : String(d);
}

export function toInjectionDto(i: LcmsInjection): InjectionDto {
  return {
    id: i.id,
    position: i.position,
    name: i.name,
    type: i.type,
    nominals: i.nominals,
    qcLevel: i.qcLevel,
    sampleId: i.sampleId,
    sampleBarcode: i.sampleBarcode,
    dilutionFactor: i.dilutionFactor,
  };
}

/**
 * LC-MS/MS batches of lcms-quantification runs: the analytes, internal standard, instrument,
 * operator and injection list (calibrators with nominals, QCs with level and nominal, blanks,
 * unknowns by co-culture sample barcode); and the per-method mapping of export compound names.
 */
@Injectable()
export class LcmsBatchesService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly audit: AuditService,
  ) {}

  create(actor: Actor, dto: CreateBatchDto): Promise<BatchDto> {
    const runId = dto.runId;
    return this.uow.run(async (m) => {
      const run = await assertRunDataWritable(m, runId, { what: 'record an LC-MS/MS batch' }, [
        'protocolKey',
        'operatorId',
      ]);
      if (run.protocolKey !== LCMS_PROTOCOL_KEY) {
        throw new DomainError(
          'WRONG_PROTOCOL',
          `run ${runId} follows ${run.protocolKey}; LC-MS/MS batches belong to ${LCMS_PROTOCOL_KEY} runs`,
          [
            {
              field: 'runId',
              code: 'WRONG_PROTOCOL',
              message: `use a run of ${LCMS_PROTOCOL_KEY}`,
            },
          ],
        );
      }
      const settings = lcmsSettingsOf(run);
      const analytes = dto.analytes ?? settings.analytes;
      const internalStandard = dto.internalStandard ?? settings.internalStandard;
      const problems: ProblemItem[] = [];
      if (new Set(analytes).size !== analytes.length) {
        problems.push({
          field: 'analytes',
          code: 'DUPLICATE_ANALYTE',
          message: 'each analyte once',
        });
      }
      if (analytes.includes(internalStandard)) {
        problems.push({
          field: 'internalStandard',
          code: 'IS_IS_AN_ANALYTE',
          message: 'the internal standard cannot also be an analyte',
        });
      }
      const names = new Set<string>();
      const barcodes = dto.injections.map((i) => i.sampleBarcode).filter((b): b is string => !!b);
      // Hand-written: one IN list of the barcodes, no query builder (docs/performance.md,
      // "LC-MS/MS import reads plain rows").
      const samples = barcodes.length
        ? await selectRows<Pick<CocultureSample, 'id' | 'barcode'>>(
            m,
            `SELECT s.id AS "id", s.barcode AS "barcode"
               FROM coculture_samples s
              WHERE s.barcode IN (${barcodes.map(() => '?').join(', ')})`,
            barcodes,
          )
        : [];
      const sampleByBarcode = new Map(samples.map((s) => [s.barcode, s]));
      const injections = dto.injections.map((inj, k) => {
        const field = `injections[${k}]`;
        if (names.has(inj.name))
          problems.push({
            field: `${field}.name`,
            code: 'DUPLICATE_INJECTION',
            message: `${inj.name} is listed twice; each injection has its own name`,
          });
        names.add(inj.name);
        let nominals: Record<string, number> | null = null;
        if (inj.type === 'calibrator' || inj.type === 'qc') {
          nominals = {};
          for (const a of analytes) {
            const v = inj.nominals?.[a] ?? inj.nominal;
            if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) {
              problems.push({
                field: `${field}.nominals`,
                code: 'NOMINAL_REQUIRED',
                message: `${inj.name}: a ${inj.type} needs a nominal concentration of ${a} (nominal or nominals.${a})`,
              });
            } else nominals[a] = v;
          }
          for (const key of Object.keys(inj.nominals ?? {})) {
            if (!analytes.includes(key))
              problems.push({
                field: `${field}.nominals.${key}`,
                code: 'UNKNOWN_ANALYTE',
                message: `${key} is not an analyte of the batch (${analytes.join(', ')})`,
              });
          }
        }
        if (inj.type === 'qc' && !inj.qcLevel)
          problems.push({
            field: `${field}.qcLevel`,
            code: 'QC_LEVEL_REQUIRED',
            message: `${inj.name}: a QC needs its level (e.g. QC-L, QC-M, QC-H)`,
          });
        let sample: Pick<CocultureSample, 'id' | 'barcode'> | undefined;
        if (inj.type === 'unknown' && inj.sampleBarcode) {
          sample = sampleByBarcode.get(inj.sampleBarcode);
          if (!sample)
            problems.push({
              field: `${field}.sampleBarcode`,
              code: 'UNKNOWN_SAMPLE',
              message: `no co-culture sample has barcode ${inj.sampleBarcode}`,
            });
        } else if (inj.sampleBarcode) {
          problems.push({
            field: `${field}.sampleBarcode`,
            code: 'NOT_AN_UNKNOWN',
            message: 'only unknowns name a sample',
          });
        }
        return Object.assign(new LcmsInjection(), {
          id: timeOrderedId(),
          batchId: '',
          position: k + 1,
          name: inj.name,
          type: inj.type,
          nominals,
          qcLevel: inj.type === 'qc' ? (inj.qcLevel ?? null) : null,
          sampleId: sample?.id ?? null,
          sampleBarcode: inj.sampleBarcode ?? null,
          dilutionFactor: inj.dilutionFactor ?? 1,
        });
      });
      if (problems.length > 0) {
        throw new DomainError(
          'VALIDATION_FAILED',
          `${problems.length} problem${problems.length === 1 ? '' : 's'} in the batch`,
          problems,
        );
      }
      const now = new Date();
      const batch = Object.assign(new LcmsBatch(), {
        id: timeOrderedId(),
        runId,
        name: dto.name,
        analytes,
        internalStandard,
        concentrationUnit: settings.concentrationUnit,
        instrument: dto.instrument,
        operatorId: dto.operatorId ?? run.operatorId,
        notes: dto.notes ?? null,
        createdById: actor.userId,
        // Set here, not by the database: the answer below is built from these objects.
        createdAt: now,
        updatedAt: now,
      });
      for (const i of injections) i.batchId = batch.id;
      await insertAll(m, [
        { target: LcmsBatch, rows: [batch] },
        { target: LcmsInjection, rows: injections },
      ]);
      await recordContribution(
        m,
        actor,
        { entity: 'run', id: runId },
        'recorded-data',
        `recorded LC-MS/MS batch ${batch.name}`,
      );
      // A new batch has no import: its answer is built from what was just written.
      const out = batchDto(batch, injections, null, []);
      await this.audit.record(m, {
        actor,
        action: 'create',
        entity: 'lcms-batch',
        id: batch.id,
        after: out,
      });
      return out;
    });
  }

  get(id: string): Promise<BatchDto> {
    return this.uow.run(async (m) => this.toDto(m, await this.load(m, id)));
  }

  list(q: ListBatchesQueryDto): Promise<BatchPageDto> {
    return this.uow.run(async (m) => {
      const [rows, total] = await m.getRepository(LcmsBatch).findAndCount({
        where: q.runId ? { runId: q.runId } : {},
        order: { createdAt: 'ASC', id: 'ASC' },
        take: q.limit,
        skip: q.offset,
      });
      const items = [];
      for (const b of rows) items.push(await this.toDto(m, b));
      return { items, total, limit: q.limit, offset: q.offset };
    });
  }

  async load(m: EntityManager, id: string): Promise<LcmsBatch> {
    const [batch] = await selectWhere(m, LcmsBatch, 'id = ?', [id]);
    if (!batch) throw new NotFoundError('LC-MS/MS batch', id);
    return batch;
  }

  /**
   * The batch's injection list as the import and the analysis read it, in position order (then
   * id): the columns they use as plain rows, without building entities or their dates
   * (docs/performance.md, "LC-MS/MS import reads plain rows"). The `nominals` JSON text is
   * parsed as TypeORM parses a simple-json column. Tested on both engines by
   * test/medium/lcms-injections-read.medium-spec.ts.
   */
  async injectionsForAnalysis(m: EntityManager, batchId: string): Promise<InjectionForAnalysis[]> {
    const rows = await selectRows<Omit<InjectionForAnalysis, 'nominals'> & { nominals: unknown }>(
      m,
      `SELECT i.id AS "id", i.position AS "position", i.name AS "name", i.type AS "type",
              i.nominals AS "nominals", i.qc_level AS "qcLevel", i.sample_id AS "sampleId",
              i.dilution_factor AS "dilutionFactor"
         FROM lcms_injections i
        WHERE i.batch_id = ?
        ORDER BY i.position, i.id`,
      [batchId],
    );
    for (const r of rows) {
      if (typeof r.nominals === 'string') r.nominals = JSON.parse(r.nominals) as unknown;
    }
    return rows as InjectionForAnalysis[];
  }

  async toDto(m: EntityManager, b: LcmsBatch): Promise<BatchDto> {
    const injections = await m
      .getRepository(LcmsInjection)
      .find({ where: { batchId: b.id }, order: { position: 'ASC' } });
    const current = await m.getRepository(LcmsImport).findOneBy({ batchId: b.id, current: true });
    const calibrations = current
      ? await m.getRepository(LcmsCalibration).findBy({ batchId: b.id, current: true })
      : [];
    return batchDto(b, injections, current, calibrations);
  }

  getNameMapping(protocolVersionId: string): Promise<NameMappingDto> {
    return this.uow.run(async (m) => this.mappingDto(m, protocolVersionId));
  }

  /** Confirms how the method's exports name its compounds (merged into, or replacing, the stored mapping). */
  putNameMapping(
    actor: Actor,
    protocolVersionId: string,
    dto: PutNameMappingDto,
  ): Promise<NameMappingDto> {
    return this.uow.run(async (m) => {
      const version = await m.getRepository(ProtocolVersion).findOneBy({ id: protocolVersionId });
      if (!version) throw new NotFoundError('Protocol version', protocolVersionId);
      const seen = new Set<string>();
      for (const [k, e] of dto.mappings.entries()) {
        if (seen.has(e.fileName)) {
          throw new DomainError('VALIDATION_FAILED', `${e.fileName} is mapped twice`, [
            {
              field: `mappings[${k}].fileName`,
              code: 'DUPLICATE_NAME',
              message: 'map each file name once',
            },
          ]);
        }
        seen.add(e.fileName);
      }
      const before = await this.mappingDto(m, protocolVersionId);
      const repo = m.getRepository(LcmsNameMapping);
      if (dto.replace) await repo.delete({ protocolVersionId });
      else if (seen.size > 0) await repo.delete({ protocolVersionId, fileName: In([...seen]) });
      if (dto.mappings.length > 0) {
        await repo.insert(
          dto.mappings.map((e) =>
            Object.assign(new LcmsNameMapping(), {
              id: newId(),
              protocolVersionId,
              fileName: e.fileName,
              target: e.target ?? null,
              confirmedById: actor.userId,
            }),
          ),
        );
      }
      const after = await this.mappingDto(m, protocolVersionId);
      await this.audit.record(m, {
        actor,
        action: 'confirm-name-mapping',
        entity: 'lcms-name-mapping',
        id: protocolVersionId,
        before,
        after,
      });
      return after;
    });
  }

  private async mappingDto(m: EntityManager, protocolVersionId: string): Promise<NameMappingDto> {
    const rows = await m
      .getRepository(LcmsNameMapping)
      .find({ where: { protocolVersionId }, order: { fileName: 'ASC' } });
    return {
      protocolVersionId,
      mappings: rows.map((r) => ({ fileName: r.fileName, target: r.target })),
    };
  }
}

/** The batch's answer from its rows: injections in position order, the current import and its calibrations. */
function batchDto(
  b: LcmsBatch,
  injections: readonly LcmsInjection[],
  current: LcmsImport | null,
  calibrations: readonly LcmsCalibration[],
): BatchDto {
  return {
    id: b.id,
    runId: b.runId,
    name: b.name,
    analytes: b.analytes,
    internalStandard: b.internalStandard,
    concentrationUnit: b.concentrationUnit,
    instrument: b.instrument,
    operatorId: b.operatorId,
    injections: injections.map(toInjectionDto),
    currentImportId: current?.id ?? null,
    accepted: current ? calibrations.length > 0 && calibrations.every((c) => c.accepted) : null,
    notes: b.notes,
    createdById: b.createdById,
    createdAt: iso(b.createdAt),
  };
}
