import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { foldResistance, type Ic50Ratio } from '../../analysis/dose-response';
import { AuditService } from '../../audit/audit.service';
import type { Actor } from '../../common/auth/roles';
import { newId } from '../../common/base.entity';
import { UnitOfWork } from '../../common/database/unit-of-work.service';
import { DomainError, NotFoundError } from '../../common/errors/domain.error';
import { Material } from '../../materials/material.entity';
import type {
  FoldResistanceDto,
  FoldResistanceQueryDto,
  RecordedFoldResistanceDto,
  RecordFoldResistanceDto,
} from './dto/fold-resistance.dto';
import { FitSelection, FoldResistanceResult } from './fold-resistance-result.entity';
import { readDayOf, selectFit } from './fit-selection';
import { recordedPart, toRecordedDto } from './fold-resistance.mapper';
import {
  displayRatio,
  fitSummary,
  ic50EstimateOf,
  pairWarnings,
  type RatioPair,
} from './ic50-pairs';

/**
 * Fold-resistance (SCIENCE.md §2): FR = IC50(resistant)/IC50(parental) from separate fits, with
 * the log-scale t CI on df_R + df_P (analysis core `foldResistance`). Fits are the ones named,
 * else each line's latest current fit (no inhibitor) from an approved run, else — with a
 * warning — its latest current fit. Recording it links it to the resistant population.
 */
@Injectable()
export class FoldResistanceService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly audit: AuditService,
  ) {}

  compute(q: FoldResistanceQueryDto): Promise<FoldResistanceDto> {
    return this.computeWith(this.dataSource.manager, q).then((c) => c.dto);
  }

  /** Loads both fits and computes FR, without writing. */
  async computeWith(
    m: EntityManager,
    q: FoldResistanceQueryDto,
  ): Promise<{ dto: FoldResistanceDto; pair: RatioPair; ratio: Ic50Ratio }> {
    const material = async (id: string, role: string) => {
      const found = await m.findOne(Material, {
        where: { id },
        select: { id: true, name: true, parentId: true },
      });
      if (!found)
        throw new DomainError('UNKNOWN_MATERIAL', `${role} material ${id} does not exist`);
      return found;
    };
    const rMat = await material(q.resistantMaterialId, 'resistant');
    const pMat = await material(q.parentalMaterialId, 'parental');
    const r = await selectFit(m, {
      materialId: rMat.id,
      inhibitor: null,
      fitId: q.resistantFitId,
      role: 'resistant',
    });
    const p = await selectFit(m, {
      materialId: pMat.id,
      inhibitor: null,
      fitId: q.parentalFitId,
      role: 'parental',
    });
    const pair: RatioPair = {
      resistant: { ...r, material: rMat, readDay: await readDayOf(m, r.fit) },
      parental: { ...p, material: pMat, readDay: await readDayOf(m, p.fit) },
    };
    const warnings = pairWarnings(
      { ...pair.resistant, label: `resistant (${rMat.name})` },
      { ...pair.parental, label: `parental (${pMat.name})` },
    );
    for (const s of [r, p]) {
      if (s.fit.inhibitorName !== null) {
        warnings.push({
          code: 'fit-with-inhibitor',
          message: `fit ${s.fit.id} was made with ${s.fit.inhibitorLabel ?? s.fit.inhibitorName}`,
        });
      }
    }
    if (!(await this.descendsFrom(m, rMat, pMat.id))) {
      warnings.push({
        code: 'not-derived-from-parental',
        message: `${rMat.name} is not recorded as derived from ${pMat.name}`,
      });
    }
    const sameUnit = r.fit.concentrationUnit === p.fit.concentrationUnit;
    const ratio = foldResistance(
      sameUnit
        ? ic50EstimateOf(r.fit)
        : {
            ...ic50EstimateOf(r.fit),
            ic50: null,
            ic50Bound: null,
            ic50Display: 'not in the parental fit’s unit',
          },
      ic50EstimateOf(p.fit),
    );
    const selection: FitSelection =
      r.source === 'chosen' || p.source === 'chosen'
        ? 'chosen'
        : r.source === 'approved-run' && p.source === 'approved-run'
          ? 'approved-runs'
          : 'latest-current';
    const dto: FoldResistanceDto = {
      id: null,
      resistant: { materialId: rMat.id, materialName: rMat.name, fit: fitSummary(pair.resistant) },
      parental: { materialId: pMat.id, materialName: pMat.name, fit: fitSummary(pair.parental) },
      selection,
      status: ratio.status,
      statusReason: ratio.reason,
      bound: ratio.bound,
      ratio: ratio.ratio,
      lnRatio: ratio.lnRatio,
      seLnRatio: ratio.seLnRatio,
      df: ratio.df,
      tQuantile: ratio.tQuantile,
      ci95: ratio.ci95,
      ci95LogscaleZ: ratio.ci95LogscaleZ,
      definition: ratio.definition,
      display: displayRatio(ratio),
      warnings,
      provenance: {
        method: ratio.method,
        methodVersion: ratio.methodVersion,
        options: ratio.options,
        inputHash: ratio.inputHash,
      },
      recordedAt: null,
      recordedById: null,
      note: null,
    };
    return { dto, pair, ratio };
  }

  /** Records FR (once per pair of fits: the same pair again returns the first record). */
  record(actor: Actor, dto: RecordFoldResistanceDto): Promise<FoldResistanceDto> {
    return this.uow.run(async (m) => {
      const { dto: result } = await this.computeWith(m, dto);
      const existing = await m.findOne(FoldResistanceResult, {
        where: { resistantFitId: result.resistant.fit.id, parentalFitId: result.parental.fit.id },
      });
      if (existing) return { ...result, ...recordedPart(existing) };
      const now = new Date();
      const row = Object.assign(new FoldResistanceResult(), {
        id: newId(),
        resistantMaterialId: result.resistant.materialId,
        parentalMaterialId: result.parental.materialId,
        resistantFitId: result.resistant.fit.id,
        parentalFitId: result.parental.fit.id,
        selection: result.selection as FitSelection,
        status: result.status,
        boundRelation: result.bound?.relation ?? null,
        boundValue: result.bound?.value ?? null,
        ratio: result.ratio,
        lnRatio: result.lnRatio,
        seLnRatio: result.seLnRatio,
        df: result.df,
        tQuantile: result.tQuantile,
        ci95Low: result.ci95?.[0] ?? null,
        ci95High: result.ci95?.[1] ?? null,
        ci95ZLow: result.ci95LogscaleZ?.[0] ?? null,
        ci95ZHigh: result.ci95LogscaleZ?.[1] ?? null,
        definition: result.definition,
        statusReason: result.statusReason,
        warnings: result.warnings,
        method: result.provenance.method as string,
        methodVersion: result.provenance.methodVersion as string,
        options: result.provenance.options as Record<string, unknown>,
        inputHash: result.provenance.inputHash as string,
        recordedById: actor.userId,
        note: dto.note ?? null,
        createdAt: now,
        updatedAt: now,
      });
      await m.getRepository(FoldResistanceResult).save(row);
      await this.audit.record(m, {
        actor,
        action: 'record-fold-resistance',
        entity: 'material',
        id: row.resistantMaterialId,
        after: {
          foldResistanceId: row.id,
          parentalMaterialId: row.parentalMaterialId,
          fits: [row.resistantFitId, row.parentalFitId],
          ratio: row.ratio,
          ci95: result.ci95,
          warnings: row.warnings.map((w) => w.code),
        },
        reason: dto.note ?? null,
      });
      return { ...result, ...recordedPart(row) };
    });
  }

  /** Fold-resistances recorded for a material (as the resistant or the parental line). */
  async forMaterial(materialId: string): Promise<RecordedFoldResistanceDto[]> {
    const m = this.dataSource.manager;
    if (!(await m.existsBy(Material, { id: materialId }))) {
      throw new NotFoundError('Material', materialId);
    }
    const rows = await m
      .getRepository(FoldResistanceResult)
      .createQueryBuilder('r')
      .where('r.resistantMaterialId = :id OR r.parentalMaterialId = :id', { id: materialId })
      .orderBy('r.createdAt', 'DESC')
      .getMany();
    return rows.map(toRecordedDto);
  }

  private async descendsFrom(m: EntityManager, child: Material, ancestorId: string) {
    let parentId = child.parentId;
    for (let depth = 0; parentId && depth < 50; depth++) {
      if (parentId === ancestorId) return true;
      const parent = await m.findOne(Material, {
        where: { id: parentId },
        select: { id: true, parentId: true },
      });
      parentId = parent?.parentId ?? null;
    }
    return false;
  }
}
