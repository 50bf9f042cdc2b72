import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../common/auth/roles';
import { UnitOfWork } from '../common/database/unit-of-work.service';
import { DomainError, NotFoundError } from '../common/errors/domain.error';
import { MaterialCustodyEvent } from './custody-event.entity';
import { assertNoPersonalData } from './donor-privacy.interceptor';
import { applyCustodyEvent, type CustodyRefusal } from './custody-rules';
import type { CreateCustodyEventDto } from './dto/custody-event.dto';
import { auditView } from './material-audit';
import { MaterialWriter } from './material-writer.service';
import { Material } from './material.entity';

/** Records and lists a material's chain of custody. */
@Injectable()
export class CustodyService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly writer: MaterialWriter,
    private readonly audit: AuditService,
  ) {}

  /**
   * Applies one custody event (moved, frozen, thawed, consumed, discarded): the material's
   * location, frozen state, freeze–thaw count or status change with it, the event is appended
   * to its chain and the change is audited.
   */
  record(
    actor: Actor,
    materialId: string,
    dto: CreateCustodyEventDto,
  ): Promise<{ event: MaterialCustodyEvent; material: Material }> {
    return this.uow.run(async (m) => {
      const material = await this.writer.loadForUpdate(m, materialId);
      // A donor's custody notes are kept with its record and its audit trail: no personal data.
      if (material.kind === 'donor') {
        assertNoPersonalData({
          notes: dto.notes,
          fromLocation: dto.fromLocation,
          toLocation: dto.toLocation,
        });
      }
      const last = await this.writer.lastEvent(m, material.id);
      const occurredAt = this.writer.instant(dto.occurredAt, 'occurredAt', last?.occurredAt);
      const outcome = applyCustodyEvent(material, dto);
      if (!outcome.ok) throw refusalError(outcome.refusal);
      const before = auditView(material);
      Object.assign(material, {
        status: outcome.state.status,
        location: outcome.state.location,
        frozen: outcome.state.frozen,
        freezeThawCount: outcome.state.freezeThawCount,
      });
      await m.getRepository(Material).save(material);
      const event = await this.writer.recordEvent(m, actor, material, {
        type: dto.type,
        occurredAt,
        fromLocation: outcome.fromLocation,
        toLocation: outcome.toLocation,
        notes: dto.notes ?? null,
      });
      await this.audit.record(m, {
        actor,
        action: `custody:${dto.type}`,
        entity: 'material',
        id: material.id,
        before,
        after: auditView(material),
        reason: dto.notes ?? null,
      });
      return { event, material };
    });
  }

  /** The chain of custody of a material, oldest first. */
  async list(materialId: string): Promise<MaterialCustodyEvent[]> {
    if (!(await this.dataSource.getRepository(Material).existsBy({ id: materialId }))) {
      throw new NotFoundError('Material', materialId);
    }
    return this.dataSource
      .getRepository(MaterialCustodyEvent)
      .find({ where: { materialId }, order: { sequence: 'ASC' } });
  }
}

function refusalError(r: CustodyRefusal): DomainError {
  const item = { field: r.field, code: r.code, message: r.message };
  switch (r.code) {
    case 'MATERIAL_NOT_AVAILABLE':
      return new DomainError('MATERIAL_NOT_AVAILABLE', r.message, [item]);
    case 'LOCATION_REQUIRED':
      return new DomainError('VALIDATION_FAILED', r.message, [item]);
    case 'NOT_FREEZABLE':
    case 'ALREADY_FROZEN':
    case 'NOT_FROZEN':
    case 'LOCATION_MISMATCH':
    case 'SAME_LOCATION':
      return new DomainError('CUSTODY_EVENT_NOT_ALLOWED', r.message, [item]);
  }
}
