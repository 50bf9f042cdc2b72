import { Injectable } from '@nestjs/common';
import { In, type EntityManager } from 'typeorm';
import { AuditService } from '../../audit/audit.service';
import type { Actor } from '../../common/auth/roles';
import { timeOrderedId } from '../../common/time-ordered-id';
import { UnitOfWork } from '../../common/database/unit-of-work.service';
import { recordContribution } from '../../common/duties/separation-of-duties';
import { DomainError, NotFoundError } from '../../common/errors/domain.error';
import { Material } from '../../materials/material.entity';
import { Run } from '../../runs/run.entity';
import { assertRunDataWritable } from '../../runs/run-data-lock';
import { CocultureCulture } from './coculture-culture.entity';
import { CocultureSample } from './coculture-sample.entity';
import type {
  CocultureSampleDto,
  CocultureSamplePageDto,
  CreateCultureDto,
  CreateSamplingDto,
  CultureDto,
  CulturePageDto,
  ListCulturesQueryDto,
  ListSamplesQueryDto,
} from './dto/coculture.dto';

export const COCULTURE_PROTOCOL_KEY = 'anaerobic-coculture';

/** A run parameter's value, or the fallback when the run does not set it. */
export function runParameter<T>(run: Pick<Run, 'parameters'>, key: string, fallback: T): T {
  const p = run.parameters?.[key];
  return p === undefined || p.value === null || p.value === undefined ? fallback : (p.value as T);
}

export function toSampleDto(s: CocultureSample, o2LimitPpm: number): CocultureSampleDto {
  return {
    id: s.id,
    barcode: s.barcode,
    cultureId: s.cultureId,
    runId: s.runId,
    timeHours: s.timeHours,
    replicate: s.replicate,
    chamberO2Ppm: s.chamberO2Ppm,
    o2WithinLimit: s.chamberO2Ppm <= o2LimitPpm,
    sampledAt: s.sampledAt,
  };
}

function iso(d: Date | string): string {
  return d instanceof Date ? d.toISOString() : String(d);
}

/**
 * Co-culture records (SCIENCE.md §5): cultures of an anaerobic-coculture run on a donor's fecal
 * aliquot (or the abiotic control), and their samplings: each timepoint × replicate a sample
 * with a barcode, the chamber O₂ logged; a reading above the run's limit flags the culture as
 * not anaerobic.
 */
@Injectable()
export class CocultureRecordsService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly audit: AuditService,
  ) {}

  createCulture(actor: Actor, dto: CreateCultureDto): Promise<CultureDto> {
    const runId = dto.runId;
    return this.uow.run(async (m) => {
      await assertRunDataWritable(m, runId, { what: 'record a culture' });
      const run = await m.getRepository(Run).findOneByOrFail({ id: runId });
      if (run.protocolKey !== COCULTURE_PROTOCOL_KEY) {
        throw new DomainError(
          'WRONG_PROTOCOL',
          `run ${runId} follows ${run.protocolKey}; cultures are recorded on ${COCULTURE_PROTOCOL_KEY} runs`,
          [
            {
              field: 'runId',
              code: 'WRONG_PROTOCOL',
              message: `use a run of ${COCULTURE_PROTOCOL_KEY}`,
            },
          ],
        );
      }
      let donorId: string | null = null;
      if (dto.condition === 'abiotic') {
        if (dto.aliquotId) {
          throw new DomainError('VALIDATION_FAILED', 'an abiotic control has no inoculum', [
            {
              field: 'aliquotId',
              code: 'NOT_ALLOWED',
              message: 'leave aliquotId out for an abiotic control (medium + drug)',
            },
          ]);
        }
      } else {
        if (!dto.aliquotId) {
          throw new DomainError(
            'VALIDATION_FAILED',
            `a ${dto.condition} culture needs its fecal aliquot`,
            [
              {
                field: 'aliquotId',
                code: 'REQUIRED',
                message: 'give the fecal aliquot (material of kind fecal-aliquot) used as inoculum',
              },
            ],
          );
        }
        donorId = await this.donorOfAliquot(m, dto.aliquotId);
      }
      if (dto.abioticControlId) {
        const control = await m
          .getRepository(CocultureCulture)
          .findOneBy({ id: dto.abioticControlId });
        if (!control || control.runId !== runId || control.condition !== 'abiotic') {
          throw new DomainError(
            'VALIDATION_FAILED',
            'the abiotic control must be an abiotic culture of the same run',
            [
              {
                field: 'abioticControlId',
                code: 'NOT_AN_ABIOTIC_CONTROL',
                message: `culture ${dto.abioticControlId} is not an abiotic culture of run ${runId}`,
              },
            ],
          );
        }
      }
      const noDrug = dto.condition === 'no-drug';
      if (noDrug && (dto.drug !== undefined || dto.drugStartConcentration !== undefined)) {
        throw new DomainError('VALIDATION_FAILED', 'the no-drug control gets no drug', [
          {
            field: 'drug',
            code: 'NOT_ALLOWED',
            message: 'leave drug and drugStartConcentration out for the no-drug control',
          },
        ]);
      }
      const startConcentration = noDrug
        ? null
        : (dto.drugStartConcentration ??
          runParameter<number>(run, 'drugStartConcentrationMicromolar', 50));
      const culture = Object.assign(new CocultureCulture(), {
        id: timeOrderedId(),
        runId,
        name: dto.name,
        condition: dto.condition,
        donorId,
        aliquotId: dto.aliquotId ?? null,
        abioticControlId: dto.abioticControlId ?? null,
        medium: dto.medium ?? runParameter<string>(run, 'medium', 'mGAM'),
        atmosphere: dto.atmosphere ?? runParameter<string>(run, 'atmosphere', 'N2/CO2/H2 85/10/5'),
        temperatureCelsius:
          dto.temperatureCelsius ?? runParameter<number>(run, 'incubationTemperatureCelsius', 37),
        inoculum: dto.inoculum ?? null,
        drug: noDrug ? null : (dto.drug ?? runParameter<string>(run, 'drug', 'azathioprine')),
        drugStartConcentrationRaw: startConcentration === null ? null : String(startConcentration),
        drugStartConcentration: startConcentration,
        drugConcentrationUnit: noDrug ? null : (dto.drugConcentrationUnit ?? 'µM'),
        o2LimitPpm: runParameter<number>(run, 'chamberO2MaxPpm', 5),
        maxO2Ppm: null,
        anaerobic: true,
        notes: dto.notes ?? null,
        createdById: actor.userId,
      });
      await m.getRepository(CocultureCulture).insert(culture);
      await recordContribution(
        m,
        actor,
        { entity: 'run', id: runId },
        'recorded-data',
        `recorded culture ${culture.name}`,
      );
      const out = await this.toDto(m, culture);
      await this.audit.record(m, {
        actor,
        action: 'create',
        entity: 'coculture-culture',
        id: culture.id,
        after: { ...out, samples: undefined },
      });
      return out;
    });
  }

  addSampling(actor: Actor, cultureId: string, dto: CreateSamplingDto): Promise<CultureDto> {
    return this.uow.run(async (m) => {
      const culture = await m.getRepository(CocultureCulture).findOneBy({ id: cultureId });
      if (!culture) throw new NotFoundError('Culture', cultureId);
      await assertRunDataWritable(m, culture.runId, { what: 'record a sampling' });
      const barcodes = dto.barcodes;
      const dup = barcodes.find((b, i) => barcodes.indexOf(b) !== i);
      if (dup) {
        throw new DomainError('VALIDATION_FAILED', `barcode ${dup} is given twice`, [
          {
            field: 'barcodes',
            code: 'DUPLICATE_BARCODE',
            message: `${dup} appears twice; give one barcode per replicate`,
          },
        ]);
      }
      const takenSample = await m.getRepository(CocultureSample).findBy({ barcode: In(barcodes) });
      const takenMaterial = await m.getRepository(Material).findBy({ barcode: In(barcodes) });
      const taken = [
        ...takenSample.map((s) => s.barcode),
        ...takenMaterial.map((s) => s.barcode ?? ''),
      ];
      if (taken.length > 0) {
        throw new DomainError(
          'BARCODE_TAKEN',
          `barcode ${taken.join(', ')} is already in use`,
          taken.map((b) => ({
            field: 'barcodes',
            code: 'BARCODE_TAKEN',
            message: `${b} is already used by another sample or material`,
          })),
        );
      }
      if (
        await m.getRepository(CocultureSample).existsBy({ cultureId, timeHours: dto.timeHours })
      ) {
        throw new DomainError(
          'SAMPLING_EXISTS',
          `culture ${culture.name} was already sampled at ${dto.timeHours} h`,
          [
            {
              field: 'timeHours',
              code: 'SAMPLING_EXISTS',
              message: `a sampling at ${dto.timeHours} h exists; each timepoint is sampled once (with its replicates)`,
            },
          ],
        );
      }
      const sampledAt = dto.sampledAt
        ? new Date(dto.sampledAt).toISOString()
        : new Date().toISOString();
      const samples = barcodes.map((barcode, i) =>
        Object.assign(new CocultureSample(), {
          id: timeOrderedId(),
          barcode,
          cultureId,
          runId: culture.runId,
          timeHours: dto.timeHours,
          replicate: i + 1,
          chamberO2Ppm: dto.chamberO2Ppm,
          sampledAt,
          createdById: actor.userId,
        }),
      );
      await m.getRepository(CocultureSample).insert(samples);
      await recordContribution(
        m,
        actor,
        { entity: 'run', id: culture.runId },
        'recorded-data',
        `sampled ${culture.name} at ${dto.timeHours} h`,
      );
      const before = { anaerobic: culture.anaerobic, maxO2Ppm: culture.maxO2Ppm };
      culture.maxO2Ppm = Math.max(culture.maxO2Ppm ?? 0, dto.chamberO2Ppm);
      if (dto.chamberO2Ppm > culture.o2LimitPpm) culture.anaerobic = false;
      await m
        .getRepository(CocultureCulture)
        .update({ id: cultureId }, { maxO2Ppm: culture.maxO2Ppm, anaerobic: culture.anaerobic });
      await this.audit.record(m, {
        actor,
        action: 'sample',
        entity: 'coculture-culture',
        id: cultureId,
        before,
        after: {
          anaerobic: culture.anaerobic,
          maxO2Ppm: culture.maxO2Ppm,
          timeHours: dto.timeHours,
          chamberO2Ppm: dto.chamberO2Ppm,
          samples: samples.map((s) => ({ id: s.id, barcode: s.barcode, replicate: s.replicate })),
        },
      });
      return this.toDto(m, culture);
    });
  }

  async getCulture(id: string): Promise<CultureDto> {
    return this.uow.run(async (m) => {
      const culture = await m.getRepository(CocultureCulture).findOneBy({ id });
      if (!culture) throw new NotFoundError('Culture', id);
      return this.toDto(m, culture);
    });
  }

  async listCultures(q: ListCulturesQueryDto): Promise<CulturePageDto> {
    return this.uow.run(async (m) => {
      const where = {
        ...(q.runId ? { runId: q.runId } : {}),
        ...(q.materialId ? { donorId: q.materialId } : {}),
      };
      const [rows, total] = await m.getRepository(CocultureCulture).findAndCount({
        where,
        order: { createdAt: 'ASC', id: 'ASC' },
        take: q.limit,
        skip: q.offset,
      });
      const items = [];
      for (const c of rows) items.push(await this.toDto(m, c));
      return { items, total, limit: q.limit, offset: q.offset };
    });
  }

  async listSamples(q: ListSamplesQueryDto): Promise<CocultureSamplePageDto> {
    return this.uow.run(async (m) => {
      const where = {
        ...(q.runId ? { runId: q.runId } : {}),
        ...(q.cultureId ? { cultureId: q.cultureId } : {}),
        ...(q.barcode ? { barcode: q.barcode } : {}),
      };
      const [rows, total] = await m.getRepository(CocultureSample).findAndCount({
        where,
        order: { cultureId: 'ASC', timeHours: 'ASC', replicate: 'ASC' },
        take: q.limit,
        skip: q.offset,
      });
      const cultures = await m
        .getRepository(CocultureCulture)
        .findBy({ id: In([...new Set(rows.map((r) => r.cultureId))]) });
      const limit = new Map(cultures.map((c) => [c.id, c.o2LimitPpm]));
      return {
        items: rows.map((s) => toSampleDto(s, limit.get(s.cultureId) ?? Infinity)),
        total,
        limit: q.limit,
        offset: q.offset,
      };
    });
  }

  /** The donor a fecal aliquot comes from (aliquot → fecal sample → donor). */
  private async donorOfAliquot(m: EntityManager, aliquotId: string): Promise<string> {
    const repo = m.getRepository(Material);
    const aliquot = await repo.findOneBy({ id: aliquotId });
    if (!aliquot)
      throw new DomainError('UNKNOWN_MATERIAL', `material ${aliquotId} does not exist`, [
        { field: 'aliquotId', code: 'UNKNOWN_MATERIAL', message: `no material ${aliquotId}` },
      ]);
    if (aliquot.kind !== 'fecal-aliquot') {
      throw new DomainError(
        'PARENT_KIND_NOT_ALLOWED',
        `material ${aliquotId} is a ${aliquot.kind}, not a fecal-aliquot`,
        [
          {
            field: 'aliquotId',
            code: 'NOT_A_FECAL_ALIQUOT',
            message: 'give an aliquot of a donor’s fecal sample',
          },
        ],
      );
    }
    if (aliquot.status !== 'available') {
      throw new DomainError(
        'MATERIAL_NOT_AVAILABLE',
        `aliquot ${aliquot.name} is ${aliquot.status}`,
        [
          {
            field: 'aliquotId',
            code: 'MATERIAL_NOT_AVAILABLE',
            message: `aliquot ${aliquot.name} is ${aliquot.status}`,
          },
        ],
      );
    }
    const sample = aliquot.parentId ? await repo.findOneBy({ id: aliquot.parentId }) : null;
    const donor = sample?.parentId ? await repo.findOneBy({ id: sample.parentId }) : null;
    if (!donor || donor.kind !== 'donor') {
      throw new DomainError(
        'UNKNOWN_MATERIAL',
        `aliquot ${aliquot.name} does not lead to a donor`,
        [
          {
            field: 'aliquotId',
            code: 'NO_DONOR',
            message: 'the aliquot’s fecal sample has no donor',
          },
        ],
      );
    }
    return donor.id;
  }

  private async toDto(m: EntityManager, c: CocultureCulture): Promise<CultureDto> {
    const samples = await m.getRepository(CocultureSample).find({
      where: { cultureId: c.id },
      order: { timeHours: 'ASC', replicate: 'ASC' },
    });
    const donor = c.donorId ? await m.getRepository(Material).findOneBy({ id: c.donorId }) : null;
    return {
      id: c.id,
      runId: c.runId,
      name: c.name,
      condition: c.condition,
      donorId: c.donorId,
      donorCode: donor?.name ?? null,
      aliquotId: c.aliquotId,
      abioticControlId: c.abioticControlId,
      medium: c.medium,
      atmosphere: c.atmosphere,
      temperatureCelsius: c.temperatureCelsius,
      inoculum: c.inoculum,
      drug: c.drug,
      drugStartConcentrationRaw: c.drugStartConcentrationRaw,
      drugStartConcentration: c.drugStartConcentration,
      drugConcentrationUnit: c.drugConcentrationUnit,
      o2LimitPpm: c.o2LimitPpm,
      maxO2Ppm: c.maxO2Ppm,
      anaerobic: c.anaerobic,
      flags: c.anaerobic ? [] : ['not-anaerobic'],
      samples: samples.map((s) => toSampleDto(s, c.o2LimitPpm)),
      notes: c.notes,
      createdById: c.createdById,
      createdAt: iso(c.createdAt),
    };
  }
}
