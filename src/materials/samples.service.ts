import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Actor } from '../common/auth/roles';
import { UnitOfWork } from '../common/database/unit-of-work.service';
import { DomainError } from '../common/errors/domain.error';
import type { MaterialCustodyEvent } from './custody-event.entity';
import { assertNoPersonalData } from './donor-privacy.interceptor';
import type { CreateAliquotsDto } from './dto/create-aliquots.dto';
import type { CreateBacterialCultureDto } from './dto/create-bacterial-culture.dto';
import type { CreateDonorDto } from './dto/create-donor.dto';
import type { CreateFecalSampleDto } from './dto/create-fecal-sample.dto';
import { auditView } from './material-audit';
import type {
  BacterialCultureAttributes,
  DonorAttributes,
  FecalAliquotAttributes,
  FecalSampleAttributes,
} from './material-attributes';
import type { MaterialKindName } from './material-kinds';
import { MaterialWriter } from './material-writer.service';
import { Material } from './material.entity';
import { AuditService } from '../audit/audit.service';

export interface AliquotingResult {
  parent: Material;
  aliquots: Material[];
  event: MaterialCustodyEvent;
}

/** Registers the fecal co-culture materials: donors, fecal samples, aliquots, cultures. */
@Injectable()
export class SamplesService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly writer: MaterialWriter,
    private readonly audit: AuditService,
  ) {}

  /** A donor, by pseudonymous code (its name), unique among donors. */
  createDonor(actor: Actor, dto: CreateDonorDto): Promise<Material> {
    // Checked again here (the interceptor checks the raw body) for callers other than HTTP.
    assertNoPersonalData(dto);
    return this.uow.run(async (m) => {
      const code = dto.code.trim();
      if (await m.getRepository(Material).existsBy({ kind: 'donor', name: code })) {
        throw new DomainError('DONOR_CODE_TAKEN', 'a donor with that code exists', [
          { field: 'code', code: 'DONOR_CODE_TAKEN', message: 'a donor with that code exists' },
        ]);
      }
      await this.writer.assertBarcodesFree(m, [{ barcode: dto.barcode, field: 'barcode' }]);
      const attributes: DonorAttributes = {
        condition: dto.condition,
        responderStatus: dto.responderStatus,
        samplingTimepoint: dto.samplingTimepoint,
        consentReference: dto.consentReference,
        tpmtGenotype: dto.tpmtGenotype ?? null,
        nudt15Genotype: dto.nudt15Genotype ?? null,
        tgnPmolPer8e8Rbc: dto.tgnPmolPer8e8Rbc ?? null,
        mmpPmolPer8e8Rbc: dto.mmpPmolPer8e8Rbc ?? null,
        notes: dto.notes ?? null,
      };
      return this.writer.insert(
        m,
        actor,
        {
          kind: 'donor',
          name: code,
          barcode: dto.barcode ?? null,
          parentId: null,
          location: null,
          frozen: null,
          freezeThawCount: null,
          attributes,
        },
        { occurredAt: new Date() },
      );
    });
  }

  /** A fecal sample of a donor; named `<code>-F<n>` unless a name is given. */
  createFecalSample(actor: Actor, dto: CreateFecalSampleDto): Promise<Material> {
    return this.uow.run(async (m) => {
      const donor = (await this.writer.loadParent(m, 'fecal-sample', dto.parentId)) as Material;
      const collectedAt = this.writer.instant(dto.collectedAt, 'collectedAt');
      await this.writer.assertBarcodesFree(m, [{ barcode: dto.barcode, field: 'barcode' }]);
      const n = await childCount(m, donor.id, 'fecal-sample');
      const attributes: FecalSampleAttributes = {
        collectedAt: collectedAt.toISOString(),
        massGrams: dto.massGrams ?? null,
        notes: dto.notes ?? null,
      };
      return this.writer.insert(
        m,
        actor,
        {
          kind: 'fecal-sample',
          name: dto.name ?? `${donor.name}-F${n + 1}`,
          barcode: dto.barcode ?? null,
          parentId: donor.id,
          location: dto.location,
          frozen: dto.frozen ?? true,
          freezeThawCount: dto.freezeThawCount ?? 0,
          attributes,
        },
        { occurredAt: new Date() },
      );
    });
  }

  /**
   * Splits a fecal sample into aliquots (named `<sample>-A<nn>` unless named). Each aliquot
   * inherits the sample's freeze–thaw count and, unless given, its location. The sample gets an
   * `aliquoted` custody event listing the aliquots, and a `consumed` one with consumeParent.
   */
  createAliquots(
    actor: Actor,
    parentId: string,
    dto: CreateAliquotsDto,
  ): Promise<AliquotingResult> {
    return this.uow.run(async (m) => {
      const parent = await this.writer.loadForUpdate(m, parentId);
      this.writer.assertParentKind('fecal-aliquot', parent, 'id');
      if (parent.status !== 'available') {
        throw new DomainError('MATERIAL_NOT_AVAILABLE', `the sample is ${parent.status}`, [
          {
            field: 'id',
            code: 'MATERIAL_NOT_AVAILABLE',
            message: `the sample is ${parent.status}`,
          },
        ]);
      }
      const last = await this.writer.lastEvent(m, parent.id);
      const occurredAt = this.writer.instant(dto.occurredAt, 'occurredAt', last?.occurredAt);
      await this.writer.assertBarcodesFree(
        m,
        dto.aliquots.map((a, i) => ({ barcode: a.barcode, field: `aliquots[${i}].barcode` })),
      );
      const before = auditView(parent);
      const n0 = await childCount(m, parent.id, 'fecal-aliquot');
      const aliquots: Material[] = [];
      for (const [i, item] of dto.aliquots.entries()) {
        const attributes: FecalAliquotAttributes = {
          volumeMicrolitres: item.volumeMicrolitres,
          notes: dto.notes ?? null,
        };
        const name = item.name ?? `${parent.name}-A${String(n0 + i + 1).padStart(2, '0')}`;
        aliquots.push(
          await this.writer.insert(
            m,
            actor,
            {
              kind: 'fecal-aliquot',
              name,
              barcode: item.barcode ?? null,
              parentId: parent.id,
              location: item.location ?? parent.location,
              frozen: dto.frozen ?? true,
              freezeThawCount: parent.freezeThawCount ?? 0,
              attributes,
            },
            { occurredAt, field: `aliquots[${i}].barcode` },
          ),
        );
      }
      const event = await this.writer.recordEvent(m, actor, parent, {
        type: 'aliquoted',
        occurredAt,
        fromLocation: parent.location,
        toLocation: parent.location,
        notes: dto.notes ?? null,
        details: { aliquotIds: aliquots.map((a) => a.id), count: aliquots.length },
      });
      if (dto.consumeParent) {
        parent.status = 'consumed';
        await m.getRepository(Material).save(parent);
        await this.writer.recordEvent(m, actor, parent, { type: 'consumed', occurredAt });
      }
      await this.audit.record(m, {
        actor,
        action: 'custody:aliquoted',
        entity: 'material',
        id: parent.id,
        before,
        after: { ...auditView(parent), aliquotIds: event.details?.aliquotIds },
        reason: dto.notes ?? null,
      });
      return { parent, aliquots, event };
    });
  }

  /** A culture inoculated from a fecal sample or aliquot, or subcultured from a culture. */
  createBacterialCulture(actor: Actor, dto: CreateBacterialCultureDto): Promise<Material> {
    return this.uow.run(async (m) => {
      const parent = (await this.writer.loadParent(
        m,
        'bacterial-culture',
        dto.parentId,
      )) as Material;
      const startedAt = this.writer.instant(dto.startedAt, 'startedAt');
      await this.writer.assertBarcodesFree(m, [{ barcode: dto.barcode, field: 'barcode' }]);
      const attributes: BacterialCultureAttributes = {
        medium: dto.medium,
        atmosphere: dto.atmosphere,
        chamberO2Ppm: dto.chamberO2Ppm ?? null,
        temperatureCelsius: dto.temperatureCelsius ?? 37,
        inoculum: dto.inoculum ?? null,
        treatment: dto.treatment ?? 'live',
        startedAt: startedAt.toISOString(),
        notes: dto.notes ?? null,
      };
      return this.writer.insert(
        m,
        actor,
        {
          kind: 'bacterial-culture',
          name: dto.name,
          barcode: dto.barcode ?? null,
          parentId: parent.id,
          location: dto.location ?? null,
          frozen: null,
          freezeThawCount: null,
          attributes,
        },
        { occurredAt: new Date() },
      );
    });
  }
}

function childCount(m: EntityManager, parentId: string, kind: MaterialKindName): Promise<number> {
  return m.getRepository(Material).countBy({ parentId, kind });
}
