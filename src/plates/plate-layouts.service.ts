import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../common/auth/roles';
import { newId } from '../common/base.entity';
import { UnitOfWork } from '../common/database/unit-of-work.service';
import { isUuid } from '../common/uuid';
import {
  DomainError,
  NotFoundError,
  ProblemItem,
  ValidationFailedError,
} from '../common/errors/domain.error';
import type { PlateSize } from '../analysis/plate/well-position';
import { Material } from '../materials/material.entity';
import type {
  CreatePlateLayoutDto,
  ImportPlateLayoutDto,
  PlateLayoutDto,
  UpdatedPlateLayoutDto,
} from './dto/plate-layout.dto';
import { LayoutWell } from './layout-well.entity';
import {
  normalizeLayoutWells,
  type LayoutWellSpec,
  type NamedLayoutWellSpec,
  type NormalizedLayoutWell,
} from './layout-wells';
import { PlateLayout } from './plate-layout.entity';
import { PlatesRepository } from './plates.repository';
import { layoutReadSettings, type LayoutRead, type LayoutReadInput } from './required-wavelengths';
import { toLayoutDto, toLayoutSummaryDto } from './plate.mapper';

// Locked layouts never change, so the import path may keep them in memory.
const LOCKED_CACHE_SIZE = 256;

export interface LayoutWithWells {
  layout: PlateLayout;
  wells: LayoutWell[];
}

interface LayoutHeader extends LayoutReadInput {
  name: string;
  description?: string | null;
}

/** A layout's read settings with their defaults, or 400 naming what contradicts itself. */
function readSettings(header: LayoutReadInput): Required<LayoutRead> {
  const checked = layoutReadSettings(header);
  if (!checked.ok) throw new ValidationFailedError(checked.problems);
  return checked.settings;
}

function auditView(l: PlateLayout, wells: readonly NormalizedLayoutWell[] | LayoutWell[]) {
  return {
    name: l.name,
    description: l.description,
    plateSize: l.plateSize,
    measurementWavelengthNm: l.measurementWavelengthNm,
    referenceWavelengthNm: l.referenceWavelengthNm,
    readMode: l.readMode,
    excitationWavelengthNm: l.excitationWavelengthNm,
    emissionWavelengthNm: l.emissionWavelengthNm,
    readGain: l.readGain,
    copiedFromId: l.copiedFromId,
    wellCount: wells.length,
  };
}

/** Plate layouts (templates): create from JSON or a CSV plate map, read, and copy-on-edit. */
@Injectable()
export class PlateLayoutsService {
  private readonly locked = new Map<string, LayoutWithWells>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly audit: AuditService,
    private readonly repository: PlatesRepository,
  ) {}

  create(actor: Actor, dto: CreatePlateLayoutDto): Promise<PlateLayoutDto> {
    readSettings(dto);
    const wells = this.validate(dto.wells, dto.plateSize);
    return this.uow.run(async (m) => {
      await this.requireMaterials(m, wells, (i) => ({ field: `wells[${i}].materialId` }));
      const layout = await this.insertLayout(m, actor, dto, dto.plateSize, wells, null);
      return toLayoutDto(layout, await this.loadWells(m, layout.id));
    });
  }

  /**
   * Creates a layout from the wells of a parsed plate map (the imports module parses the CSV).
   * Material names are resolved through `dto.materials` (name → id or barcode); an unmapped or
   * unknown name is a problem on its line.
   */
  createFromPlateMap(
    actor: Actor,
    dto: ImportPlateLayoutDto,
    plateSize: PlateSize,
    mapWells: readonly NamedLayoutWellSpec[],
  ): Promise<PlateLayoutDto> {
    readSettings(dto);
    return this.uow.run(async (m) => {
      const resolved = await this.resolveMaterialNames(m, dto.materials ?? {});
      const problems: ProblemItem[] = [];
      const specs: LayoutWellSpec[] = mapWells.map(({ material, ...w }) => {
        let materialId: string | null = null;
        if (material !== undefined) {
          const r = resolved.get(material);
          if (r === undefined) {
            problems.push({
              line: w.line,
              well: w.well,
              field: 'material',
              code: 'UNMAPPED_MATERIAL',
              message: `Line ${w.line}, well ${w.well}: material '${material}' is not in the materials mapping.`,
            });
          } else if (r === null) {
            problems.push({
              line: w.line,
              well: w.well,
              field: `materials.${material}`,
              code: 'UNKNOWN_MATERIAL',
              message: `Line ${w.line}, well ${w.well}: material '${material}' maps to '${dto.materials[material]}', which is no material id or barcode.`,
            });
          } else materialId = r;
        }
        return { ...w, materialId };
      });
      const checked = normalizeLayoutWells(specs, plateSize, 'wells');
      if (!checked.ok) {
        // An unmapped material already names its row; do not report it twice.
        const flagged = new Set(problems.map((p) => p.well));
        for (const p of checked.problems) {
          if (!(p.code === 'MISSING_MATERIAL' && flagged.has(p.well))) problems.push(p);
        }
      }
      if (problems.length || !checked.ok) {
        problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
        throw new DomainError(
          'IMPORT_REJECTED',
          `the plate map has ${problems.length} problem(s); no layout was created`,
          problems,
        );
      }
      const layout = await this.insertLayout(m, actor, dto, plateSize, checked.wells, null);
      return toLayoutDto(layout, await this.loadWells(m, layout.id));
    });
  }

  async list(q: {
    search?: string;
    plateSize?: PlateSize;
    limit: number;
    offset: number;
  }): Promise<{ items: ReturnType<typeof toLayoutSummaryDto>[]; total: number }> {
    const qb = this.dataSource
      .getRepository(PlateLayout)
      .createQueryBuilder('l')
      .orderBy('l.createdAt', 'DESC')
      .addOrderBy('l.id', 'ASC')
      .take(q.limit)
      .skip(q.offset);
    if (q.plateSize) qb.andWhere('l.plateSize = :size', { size: q.plateSize });
    if (q.search) {
      qb.andWhere('LOWER(l.name) LIKE :s', { s: `%${q.search.toLowerCase()}%` });
    }
    const [rows, total] = await qb.getManyAndCount();
    return { items: rows.map(toLayoutSummaryDto), total };
  }

  async get(id: string): Promise<PlateLayoutDto> {
    const m = this.dataSource.manager;
    const layout = await this.load(m, id);
    return toLayoutDto(layout, await this.loadWells(m, id));
  }

  /**
   * Replaces a layout's header and wells. A layout that a stored plate uses is never edited:
   * the edit becomes a new layout (`copiedFromId` = the original), and the answer says so.
   */
  update(actor: Actor, id: string, dto: CreatePlateLayoutDto): Promise<UpdatedPlateLayoutDto> {
    const read = readSettings(dto);
    const wells = this.validate(dto.wells, dto.plateSize);
    return this.uow.run(async (m) => {
      const original = await this.load(m, id);
      await this.requireMaterials(m, wells, (i) => ({ field: `wells[${i}].materialId` }));
      // Edit in place only while unlocked; the condition makes a concurrent lock win.
      const changed = original.lockedAt
        ? 0
        : ((
            await m
              .createQueryBuilder()
              .update(PlateLayout)
              .set({
                name: dto.name,
                description: dto.description ?? null,
                plateSize: dto.plateSize,
                ...read,
              })
              .where('id = :id AND locked_at IS NULL', { id })
              .execute()
          ).affected ?? 0);
      if (changed === 0) {
        const copy = await this.insertLayout(m, actor, dto, dto.plateSize, wells, original.id);
        return {
          ...toLayoutDto(copy, await this.loadWells(m, copy.id)),
          copied: true,
          message:
            `Layout ${original.id} is used by a stored plate and was not changed; ` +
            `the edit was saved as a new layout ${copy.id}.`,
        };
      }
      const before = auditView(original, await this.loadWells(m, id));
      await m.delete(LayoutWell, { layoutId: id });
      await this.insertWells(m, id, wells);
      const updated = await this.load(m, id);
      await this.audit.record(m, {
        actor,
        action: 'plate-layout.updated',
        entity: 'plate_layout',
        id,
        before,
        after: auditView(updated, wells),
      });
      return {
        ...toLayoutDto(updated, await this.loadWells(m, id)),
        copied: false,
        message: `Layout ${id} was updated.`,
      };
    });
  }

  /**
   * Marks a layout as used by a stored plate, once. From then on it is read-only.
   * Call inside the transaction that stores the plate.
   */
  async lock(manager: EntityManager, layoutId: string, at: string): Promise<void> {
    await manager
      .createQueryBuilder()
      .update(PlateLayout)
      .set({ lockedAt: at })
      .where('id = :id AND locked_at IS NULL', { id: layoutId })
      .execute();
  }

  /**
   * A layout and its wells for an import. Locked layouts are immutable, so they are served
   * from memory after the first read.
   */
  async getForImport(manager: EntityManager, layoutId: string): Promise<LayoutWithWells> {
    const cached = this.locked.get(layoutId);
    if (cached) return cached;
    const layout = await this.load(manager, layoutId);
    const entry = { layout, wells: await this.loadWells(manager, layoutId) };
    if (layout.lockedAt) {
      if (this.locked.size >= LOCKED_CACHE_SIZE) {
        this.locked.delete(this.locked.keys().next().value as string);
      }
      this.locked.set(layoutId, entry);
    }
    return entry;
  }

  async load(m: EntityManager, id: string): Promise<PlateLayout> {
    const layout = await m.findOneBy(PlateLayout, { id });
    if (!layout) throw new NotFoundError('plate layout', id);
    return layout;
  }

  loadWells(m: EntityManager, layoutId: string): Promise<LayoutWell[]> {
    return m.find(LayoutWell, { where: { layoutId }, order: { row: 'ASC', column: 'ASC' } });
  }

  private validate(specs: LayoutWellSpec[], plateSize: PlateSize): NormalizedLayoutWell[] {
    const checked = normalizeLayoutWells(specs, plateSize);
    if (!checked.ok) throw new ValidationFailedError(checked.problems);
    return checked.wells;
  }

  private async insertLayout(
    m: EntityManager,
    actor: Actor,
    header: LayoutHeader,
    plateSize: PlateSize,
    wells: NormalizedLayoutWell[],
    copiedFromId: string | null,
  ): Promise<PlateLayout> {
    const layout = m.create(PlateLayout, {
      id: newId(),
      name: header.name,
      description: header.description ?? null,
      plateSize,
      ...readSettings(header),
      lockedAt: null,
      copiedFromId,
      createdById: actor.userId,
    });
    await m.insert(PlateLayout, layout);
    await this.insertWells(m, layout.id, wells);
    await this.audit.record(m, {
      actor,
      action: copiedFromId ? 'plate-layout.copied-on-edit' : 'plate-layout.created',
      entity: 'plate_layout',
      id: layout.id,
      after: auditView(layout, wells),
    });
    return this.load(m, layout.id);
  }

  private async insertWells(
    m: EntityManager,
    layoutId: string,
    wells: NormalizedLayoutWell[],
  ): Promise<void> {
    await this.repository.insertLayoutWells(
      m,
      wells.map((w) => ({ id: newId(), layoutId, ...w })),
    );
  }

  private async requireMaterials(
    m: EntityManager,
    wells: NormalizedLayoutWell[],
    locate: (i: number) => Pick<ProblemItem, 'field' | 'line'>,
  ): Promise<void> {
    const ids = [...new Set(wells.map((w) => w.materialId).filter((x): x is string => !!x))];
    if (ids.length === 0) return;
    const found = new Set(
      (await m.find(Material, { where: { id: In(ids) }, select: { id: true } })).map((x) => x.id),
    );
    const problems: ProblemItem[] = [];
    wells.forEach((w, i) => {
      if (w.materialId && !found.has(w.materialId)) {
        problems.push({
          ...locate(i),
          well: w.well,
          code: 'UNKNOWN_MATERIAL',
          message: `${w.well}: no material has id ${w.materialId}`,
        });
      }
    });
    if (problems.length) {
      throw new DomainError('UNKNOWN_MATERIAL', `${problems.length} unknown material(s)`, problems);
    }
  }

  /** name → material id, or null when the mapped id or barcode names no material. */
  private async resolveMaterialNames(
    m: EntityManager,
    mapping: Record<string, string>,
  ): Promise<Map<string, string | null>> {
    const entries = Object.entries(mapping).filter(([, v]) => typeof v === 'string');
    const ids = entries.map(([, v]) => v).filter((v) => isUuid(v));
    const barcodes = entries.map(([, v]) => v).filter((v) => !isUuid(v));
    const byId = ids.length
      ? await m.find(Material, { where: { id: In(ids) }, select: { id: true } })
      : [];
    const byBarcode = barcodes.length
      ? await m.find(Material, {
          where: { barcode: In(barcodes) },
          select: { id: true, barcode: true },
        })
      : [];
    const idSet = new Set(byId.map((x) => x.id));
    const barcodeMap = new Map(byBarcode.map((x) => [x.barcode as string, x.id]));
    const out = new Map<string, string | null>();
    for (const [name, v] of entries) {
      out.set(name, isUuid(v) ? (idSet.has(v) ? v : null) : (barcodeMap.get(v) ?? null));
    }
    return out;
  }
}
