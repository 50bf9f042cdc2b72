import { Injectable } from '@nestjs/common';
import { EntityManager, In, QueryFailedError, type QueryDeepPartialEntity } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../common/auth/roles';
import { newId } from '../common/base.entity';
import { DomainError, NotFoundError, ProblemItem } from '../common/errors/domain.error';
import { MaterialCustodyEvent } from './custody-event.entity';
import type { CustodyEventType } from './custody-rules';
import { auditView } from './material-audit';
import { checkParentKind, type MaterialKindName } from './material-kinds';
import { Material } from './material.entity';

export type MaterialDraft = Pick<
  Material,
  'kind' | 'name' | 'barcode' | 'parentId' | 'location' | 'frozen' | 'freezeThawCount'
> & { attributes: object };

export interface EventDraft {
  type: CustodyEventType;
  occurredAt: Date;
  fromLocation?: string | null;
  toLocation?: string | null;
  notes?: string | null;
  details?: Record<string, unknown> | null;
}

// Clocks of instruments and PCs drift; a few minutes ahead is still "now".
const FUTURE_TOLERANCE_MS = 5 * 60_000;

/**
 * The write side shared by the material services: parent checks, barcode uniqueness, inserts
 * with their `registered` custody event and audit entry, row locks and custody events. Every
 * method runs inside the caller's transaction.
 */
@Injectable()
export class MaterialWriter {
  constructor(private readonly audit: AuditService) {}

  /** Loads a material to change it, locking its row on PostgreSQL; 404 when unknown. */
  async loadForUpdate(manager: EntityManager, id: string): Promise<Material> {
    const qb = manager.getRepository(Material).createQueryBuilder('m').where('m.id = :id', { id });
    if (manager.connection.options.type === 'postgres') qb.setLock('pessimistic_write');
    const material = await qb.getOne();
    if (!material) throw new NotFoundError('Material', id);
    return material;
  }

  /**
   * Loads and checks the parent of a new material of `kind`: it must exist (UNKNOWN_MATERIAL),
   * be of an allowed kind (PARENT_KIND_NOT_ALLOWED) and be available (MATERIAL_NOT_AVAILABLE).
   * Each error names `field`.
   */
  async loadParent(
    manager: EntityManager,
    kind: MaterialKindName,
    parentId: string | null | undefined,
    field = 'parentId',
  ): Promise<Material | null> {
    let parent: Material | null = null;
    if (parentId) {
      parent = await manager.getRepository(Material).findOneBy({ id: parentId });
      if (!parent) {
        throw new DomainError(
          'UNKNOWN_MATERIAL',
          `the parent material ${parentId} does not exist`,
          [{ field, code: 'UNKNOWN_MATERIAL', message: `no material has id ${parentId}` }],
        );
      }
    }
    this.assertParentKind(kind, parent, field);
    if (parent && parent.status !== 'available') {
      throw new DomainError('MATERIAL_NOT_AVAILABLE', `the parent is ${parent.status}`, [
        {
          field,
          code: 'MATERIAL_NOT_AVAILABLE',
          message: `${parent.name} is ${parent.status} and cannot be used`,
        },
      ]);
    }
    return parent;
  }

  assertParentKind(kind: MaterialKindName, parent: Material | null, field: string): void {
    const problem = checkParentKind(kind, parent?.kind ?? null);
    if (problem) {
      throw new DomainError('PARENT_KIND_NOT_ALLOWED', problem.message, [
        { field, code: problem.code, message: problem.message },
      ]);
    }
  }

  /** Refuses barcodes already used by another material, or repeated within the request. */
  async assertBarcodesFree(
    manager: EntityManager,
    entries: { barcode: string | null | undefined; field: string }[],
    exceptId?: string,
  ): Promise<void> {
    const given = entries.filter((e): e is { barcode: string; field: string } => !!e.barcode);
    if (given.length === 0) return;
    const taken = await manager.getRepository(Material).find({
      select: { id: true, barcode: true },
      where: { barcode: In(given.map((e) => e.barcode)) },
    });
    const takenBy = new Map(taken.filter((m) => m.id !== exceptId).map((m) => [m.barcode, m.id]));
    const seen = new Set<string>();
    const problems: ProblemItem[] = [];
    for (const { barcode, field } of given) {
      if (takenBy.has(barcode)) {
        problems.push({
          field,
          code: 'BARCODE_TAKEN',
          message: 'another material has this barcode',
        });
      } else if (seen.has(barcode)) {
        problems.push({ field, code: 'BARCODE_TAKEN', message: 'the barcode is repeated' });
      }
      seen.add(barcode);
    }
    if (problems.length) {
      throw new DomainError('BARCODE_TAKEN', 'barcodes must be unique', problems);
    }
  }

  /** Inserts a material, its `registered` custody event and its `create` audit entry. */
  async insert(
    manager: EntityManager,
    actor: Actor,
    draft: MaterialDraft,
    event: { occurredAt: Date; notes?: string | null; field?: string },
  ): Promise<Material> {
    // Set here rather than by the column default: SQLite's datetime('now') keeps whole seconds,
    // too coarse for the created-date filter and the newest-first order.
    const now = new Date();
    const material = manager.getRepository(Material).create({
      ...draft,
      createdAt: now,
      updatedAt: now,
      attributes: draft.attributes as Record<string, unknown>,
      id: newId(),
      status: 'available',
      createdBy: actor.userId,
    });
    try {
      // The JSON attributes defeat TypeORM's deep-partial type; the entity is complete.
      await manager.getRepository(Material).insert(material as QueryDeepPartialEntity<Material>);
    } catch (err) {
      throw uniqueViolation(err, event.field ?? 'barcode') ?? err;
    }
    await this.recordEvent(manager, actor, material, {
      type: 'registered',
      occurredAt: event.occurredAt,
      toLocation: material.location,
      notes: event.notes ?? null,
    });
    await this.audit.record(manager, {
      actor,
      action: 'create',
      entity: 'material',
      id: material.id,
      after: auditView(material),
    });
    return material;
  }

  /** Appends a custody event to a material's chain (numbered 1, 2, 3 … per material). */
  async recordEvent(
    manager: EntityManager,
    actor: Actor,
    material: Material,
    draft: EventDraft,
  ): Promise<MaterialCustodyEvent> {
    const repo = manager.getRepository(MaterialCustodyEvent);
    const last = await this.lastEvent(manager, material.id);
    const event = repo.create({
      id: newId(),
      materialId: material.id,
      sequence: (last?.sequence ?? 0) + 1,
      type: draft.type,
      occurredAt: draft.occurredAt,
      fromLocation: draft.fromLocation ?? null,
      toLocation: draft.toLocation ?? null,
      freezeThawCountAfter: material.freezeThawCount,
      notes: draft.notes ?? null,
      details: draft.details ?? null,
      actorId: actor.userId,
      actorName: actor.displayName,
    });
    await repo.insert(event as QueryDeepPartialEntity<MaterialCustodyEvent>);
    return event;
  }

  lastEvent(manager: EntityManager, materialId: string): Promise<MaterialCustodyEvent | null> {
    return manager
      .getRepository(MaterialCustodyEvent)
      .findOne({ where: { materialId }, order: { sequence: 'DESC' } });
  }

  /**
   * Parses a UTC timestamp given in the request (default now), refusing a time in the future
   * and, with `notBefore`, one earlier than that.
   */
  instant(value: string | undefined, field: string, notBefore?: Date): Date {
    const now = Date.now();
    const at = value === undefined ? new Date(now) : new Date(value);
    const problem = (code: string, message: string) =>
      new DomainError('VALIDATION_FAILED', `${field}: ${message}`, [{ field, code, message }]);
    if (at.getTime() > now + FUTURE_TOLERANCE_MS) {
      throw problem('NOT_IN_FUTURE', `${field} cannot be in the future`);
    }
    if (notBefore && at.getTime() < notBefore.getTime()) {
      throw problem(
        'BEFORE_PREVIOUS_EVENT',
        `${field} cannot be before the previous custody event (${notBefore.toISOString()})`,
      );
    }
    return at;
  }
}

/**
 * Maps a unique-index violation that slipped past the checks (two concurrent requests) to the
 * same 409 the checks give; anything else is not ours to translate.
 */
export function uniqueViolation(err: unknown, field: string): DomainError | undefined {
  if (!(err instanceof QueryFailedError)) return undefined;
  const driver = err.driverError as { code?: string; constraint?: string; message?: string };
  const text = `${driver.constraint ?? ''} ${driver.message ?? err.message}`;
  const unique = driver.code === '23505' || /UNIQUE constraint failed/.test(text);
  if (!unique) return undefined;
  if (/donor_code|materials\.name/.test(text)) {
    return new DomainError('DONOR_CODE_TAKEN', 'a donor with that code exists', [
      { field: 'code', code: 'DONOR_CODE_TAKEN', message: 'a donor with that code exists' },
    ]);
  }
  if (/barcode/.test(text)) {
    return new DomainError('BARCODE_TAKEN', 'barcodes must be unique', [
      { field, code: 'BARCODE_TAKEN', message: 'another material has this barcode' },
    ]);
  }
  return undefined;
}
