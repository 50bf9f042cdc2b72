import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Actor } from '../common/auth/roles';
import { UnitOfWork } from '../common/database/unit-of-work.service';
import { ProblemItem, ValidationFailedError } from '../common/errors/domain.error';
import type { CreateCellLineDto } from './dto/create-cell-line.dto';
import type { CreateCryoStockDto } from './dto/create-cryo-stock.dto';
import type { DoseDto } from './dto/dose.dto';
import type { CellLineAttributes, CryoStockAttributes } from './material-attributes';
import { MaterialWriter } from './material-writer.service';
import { Material } from './material.entity';
import { StoredDose, toStoredDose } from './stored-dose';

/** Registers cell lines (parental and derived populations) and their cryo-stocks. */
@Injectable()
export class CellLinesService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly writer: MaterialWriter,
  ) {}

  /**
   * A parental line (no parent; species required) or a derived population of a line or a
   * revived cryo-stock. A derived population inherits species and tissue, the selection agent
   * (default 6-TG) and, unless given, the dose of its parent line (or the cryo-stock's dose at
   * freezing); its selection history starts with that dose.
   */
  createCellLine(actor: Actor, dto: CreateCellLineDto): Promise<Material> {
    return this.uow.run(async (m) => {
      const parent = await this.writer.loadParent(m, 'cell-line', dto.parentId);
      const derived = parent !== null;
      const problems: ProblemItem[] = [];
      if (!derived) {
        if (!dto.species?.trim()) {
          problems.push(rule('species', 'REQUIRED_FOR_PARENTAL', 'a parental line needs species'));
        }
        if (dto.selectionAgent !== undefined) {
          problems.push(derivedOnly('selectionAgent', 'a selection agent'));
        }
        if (dto.currentDose !== undefined) {
          problems.push(derivedOnly('currentDose', 'a selection dose'));
        }
      }
      const given = dto.currentDose ? storedDose(dto.currentDose, 'currentDose', problems) : null;
      if (problems.length) throw new ValidationFailedError(problems);
      await this.writer.assertBarcodesFree(m, [{ barcode: dto.barcode, field: 'barcode' }]);

      const line = parent ? await lineAttributes(m, parent) : null;
      const inheritedDose =
        parent?.kind === 'cryo-stock'
          ? (parent.attributes as unknown as CryoStockAttributes).doseAtFreezing
          : (line?.currentDose ?? null);
      const dose = derived ? (given ?? inheritedDose) : null;
      const now = new Date();
      const attributes: CellLineAttributes = {
        lineType: derived ? 'derived' : 'parental',
        species: dto.species ?? line?.species ?? null,
        tissue: dto.tissue ?? line?.tissue ?? null,
        source: dto.source ?? null,
        passageNumber: dto.passageNumber,
        selectionAgent: derived ? (dto.selectionAgent ?? line?.selectionAgent ?? '6-TG') : null,
        currentDose: dose,
        selectionHistory: dose
          ? [
              {
                at: now.toISOString(),
                dose,
                passageNumber: dto.passageNumber,
                source: 'registration',
                reason: null,
                actorId: actor.userId,
              },
            ]
          : [],
        notes: dto.notes ?? null,
      };
      return this.writer.insert(
        m,
        actor,
        {
          kind: 'cell-line',
          name: dto.name,
          barcode: dto.barcode ?? null,
          parentId: parent?.id ?? null,
          location: dto.location ?? null,
          frozen: null,
          freezeThawCount: null,
          attributes,
        },
        { occurredAt: now },
      );
    });
  }

  /**
   * Vials of a population frozen at a passage. The dose at freezing defaults to the
   * population's current dose; the stock starts frozen with no freeze–thaw cycle.
   */
  createCryoStock(actor: Actor, dto: CreateCryoStockDto): Promise<Material> {
    return this.uow.run(async (m) => {
      const parent = (await this.writer.loadParent(m, 'cryo-stock', dto.parentId)) as Material;
      const problems: ProblemItem[] = [];
      const given = dto.doseAtFreezing
        ? storedDose(dto.doseAtFreezing, 'doseAtFreezing', problems)
        : null;
      if (problems.length) throw new ValidationFailedError(problems);
      const frozenAt = this.writer.instant(dto.frozenAt, 'frozenAt');
      await this.writer.assertBarcodesFree(m, [{ barcode: dto.barcode, field: 'barcode' }]);
      const line = parent.attributes as unknown as CellLineAttributes;
      const attributes: CryoStockAttributes = {
        passageAtFreezing: dto.passageAtFreezing,
        doseAtFreezing: given ?? line.currentDose ?? null,
        vialCount: dto.vialCount ?? null,
        frozenAt: frozenAt.toISOString(),
        notes: dto.notes ?? null,
      };
      return this.writer.insert(
        m,
        actor,
        {
          kind: 'cryo-stock',
          name: dto.name ?? `${parent.name} P${dto.passageAtFreezing} cryo`,
          barcode: dto.barcode ?? null,
          parentId: parent.id,
          location: dto.location,
          frozen: true,
          freezeThawCount: 0,
          attributes,
        },
        { occurredAt: new Date() },
      );
    });
  }
}

/**
 * The cell-line attributes behind a parent: the line itself, or for a cryo-stock the
 * population it froze.
 */
async function lineAttributes(m: EntityManager, parent: Material): Promise<CellLineAttributes> {
  if (parent.kind === 'cell-line') return parent.attributes as unknown as CellLineAttributes;
  const frozenLine = await m
    .getRepository(Material)
    .findOneByOrFail({ id: parent.parentId as string });
  return frozenLine.attributes as unknown as CellLineAttributes;
}

export function storedDose(
  dose: DoseDto,
  field: string,
  problems: ProblemItem[],
): StoredDose | null {
  const parsed = toStoredDose(dose, field);
  if (parsed.ok) return parsed.dose;
  problems.push(parsed.problem);
  return null;
}

function rule(field: string, code: string, message: string): ProblemItem {
  return { field, code, message };
}

function derivedOnly(field: string, what: string): ProblemItem {
  return rule(field, 'DERIVED_ONLY', `only a derived population (with parentId) has ${what}`);
}
