import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Brackets, DataSource, EntityManager, In } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../common/auth/roles';
import { UnitOfWork } from '../common/database/unit-of-work.service';
import {
  DomainError,
  NotFoundError,
  ProblemItem,
  ValidationFailedError,
} from '../common/errors/domain.error';
import type { CellLineAttributes } from './material-attributes';
import { auditView } from './material-audit';
import type { MaterialKindName } from './material-kinds';
import { MaterialWriter } from './material-writer.service';
import { Material } from './material.entity';
import { sameDose, toStoredDose } from './stored-dose';

export interface RequireMaterialsOptions {
  /** Refuse consumed and discarded materials (MATERIAL_NOT_AVAILABLE). */
  available?: boolean;
  /** Refuse materials of other kinds (VALIDATION_FAILED, MATERIAL_KIND_NOT_ALLOWED). */
  kinds?: readonly MaterialKindName[];
}

export interface MaterialListFilter {
  kind?: MaterialKindName;
  status?: string;
  parentId?: string;
  barcode?: string;
  createdFrom?: Date;
  createdTo?: Date;
  search?: string;
  limit: number;
  offset: number;
}

export interface DoseChange {
  value: number;
  unit: string;
  /** Passage at which the population moves to this dose, when known. */
  passageNumber?: number | null;
  /** Where the change comes from, e.g. `run:<id>`. */
  source: string;
  reason?: string | null;
}

/**
 * Reads materials and offers the lookups other modules build on (runs name materials; the
 * resistance log moves a derived population's dose). Registration, custody and lineage live in
 * their own services.
 */
@Injectable()
export class MaterialsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly audit: AuditService,
    private readonly writer: MaterialWriter,
  ) {}

  /**
   * Loads materials by id inside the caller's transaction, in the order given. Unknown ids are
   * refused with UNKNOWN_MATERIAL naming each as `<field>[i]`; with `available`, consumed or
   * discarded ones with MATERIAL_NOT_AVAILABLE; with `kinds`, others with VALIDATION_FAILED.
   */
  async requireMaterials(
    manager: EntityManager,
    ids: string[],
    field = 'materialIds',
    options: RequireMaterialsOptions = {},
  ): Promise<Material[]> {
    const unique = [...new Set(ids)];
    const found = unique.length
      ? await manager.getRepository(Material).findBy({ id: In(unique) })
      : [];
    const byId = new Map(found.map((m) => [m.id, m]));
    const unknown: ProblemItem[] = [];
    ids.forEach((id, i) => {
      if (!byId.has(id)) {
        unknown.push({
          field: `${field}[${i}]`,
          code: 'UNKNOWN_MATERIAL',
          message: `no material has id ${id}`,
        });
      }
    });
    if (unknown.length) {
      throw new DomainError(
        'UNKNOWN_MATERIAL',
        `${unknown.length} unknown material${unknown.length === 1 ? '' : 's'}`,
        unknown,
      );
    }
    const materials = ids.map((id) => byId.get(id) as Material);
    if (options.kinds) {
      const kinds = options.kinds;
      const wrong = materials.flatMap((m, i) =>
        kinds.includes(m.kind)
          ? []
          : [
              {
                field: `${field}[${i}]`,
                code: 'MATERIAL_KIND_NOT_ALLOWED',
                message: `must be a ${kinds.join(' or ')}, not a ${m.kind}`,
              },
            ],
      );
      if (wrong.length) throw new ValidationFailedError(wrong);
    }
    if (options.available) {
      const unusable = materials.flatMap((m, i) =>
        m.status === 'available'
          ? []
          : [
              {
                field: `${field}[${i}]`,
                code: 'MATERIAL_NOT_AVAILABLE',
                message: `material ${m.name} is ${m.status}`,
              },
            ],
      );
      if (unusable.length) {
        throw new DomainError('MATERIAL_NOT_AVAILABLE', 'a material cannot be used', unusable);
      }
    }
    return materials;
  }

  /** Loads one material for update inside a transaction, or 404. */
  async load(manager: EntityManager, id: string): Promise<Material> {
    const material = await manager.getRepository(Material).findOneBy({ id });
    if (!material) throw new NotFoundError('Material', id);
    return material;
  }

  async get(id: string): Promise<Material> {
    return this.load(this.dataSource.manager, id);
  }

  async getByBarcode(barcode: string): Promise<Material> {
    const material = await this.dataSource.getRepository(Material).findOneBy({ barcode });
    if (!material) throw new NotFoundError('Material with barcode', barcode);
    return material;
  }

  /** Filtered page, newest first, with the total count of the filter. */
  async list(f: MaterialListFilter): Promise<{ items: Material[]; total: number }> {
    const qb = this.dataSource.getRepository(Material).createQueryBuilder('m');
    if (f.kind) qb.andWhere('m.kind = :kind', { kind: f.kind });
    if (f.status) qb.andWhere('m.status = :status', { status: f.status });
    if (f.parentId) qb.andWhere('m.parentId = :parentId', { parentId: f.parentId });
    if (f.barcode) qb.andWhere('m.barcode = :barcode', { barcode: f.barcode });
    if (f.createdFrom) qb.andWhere('m.createdAt >= :from', { from: f.createdFrom });
    if (f.createdTo) qb.andWhere('m.createdAt < :to', { to: f.createdTo });
    if (f.search) {
      const pattern = `%${f.search.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      qb.andWhere(
        new Brackets((w) =>
          w
            .where(`LOWER(m.name) LIKE :pattern ESCAPE '\\'`, { pattern })
            .orWhere(`LOWER(m.barcode) LIKE :pattern ESCAPE '\\'`, { pattern }),
        ),
      );
    }
    const [items, total] = await qb
      .orderBy('m.createdAt', 'DESC')
      .addOrderBy('m.id', 'ASC')
      .take(f.limit)
      .skip(f.offset)
      .getManyAndCount();
    return { items, total };
  }

  /**
   * Moves a derived population to a new selection dose inside the caller's transaction: the
   * current dose changes, a selection-history entry is appended and the change is audited
   * (`update-dose`). A later passage number advances the population's passage (never back); with
   * the same dose (in any unit) only that is written (`update-passage`), and nothing at all when
   * neither changes. Refuses a material that is not a derived cell line (VALIDATION_FAILED), is
   * consumed or discarded (MATERIAL_NOT_AVAILABLE), and a dose in a non-molar unit; errors name
   * `field`.
   */
  async updateCurrentDose(
    manager: EntityManager,
    actor: Actor,
    materialId: string,
    change: DoseChange,
    field = 'materialId',
  ): Promise<Material> {
    await this.requireMaterials(manager, [materialId], field, {
      available: true,
      kinds: ['cell-line'],
    });
    const material = await this.writer.loadForUpdate(manager, materialId);
    const attrs = material.attributes as unknown as CellLineAttributes;
    if (attrs.lineType !== 'derived') {
      throw new ValidationFailedError([
        {
          field,
          code: 'NOT_A_DERIVED_POPULATION',
          message: 'only a derived population has a selection dose',
        },
      ]);
    }
    const parsed = toStoredDose(change, 'dose');
    if (!parsed.ok) throw new ValidationFailedError([parsed.problem]);
    const doseChanged = !sameDose(attrs.currentDose, parsed.dose);
    const passageNumber = Math.max(attrs.passageNumber, change.passageNumber ?? 0);
    if (!doseChanged && passageNumber === attrs.passageNumber) return material;
    const before = auditView(material);
    const next: CellLineAttributes = { ...attrs, passageNumber };
    if (doseChanged) {
      next.currentDose = parsed.dose;
      next.selectionHistory = [
        ...attrs.selectionHistory,
        {
          at: new Date().toISOString(),
          dose: parsed.dose,
          passageNumber: change.passageNumber ?? null,
          source: change.source,
          reason: change.reason ?? null,
          actorId: actor.userId,
        },
      ];
    }
    material.attributes = next as unknown as Record<string, unknown>;
    await manager.getRepository(Material).save(material);
    await this.audit.record(manager, {
      actor,
      action: doseChanged ? 'update-dose' : 'update-passage',
      entity: 'material',
      id: material.id,
      before,
      after: auditView(material),
      reason: change.reason ?? null,
    });
    return material;
  }

  /** Same as {@link updateCurrentDose} in a transaction of its own. */
  changeCurrentDose(actor: Actor, materialId: string, change: DoseChange): Promise<Material> {
    return this.uow.run((m) => this.updateCurrentDose(m, actor, materialId, change));
  }
}
