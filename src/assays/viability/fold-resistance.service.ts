import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import {
  displayIc50Ratio,
  foldResistance,
  type Ic50Estimate,
  type Ic50Ratio,
} from '../../analysis/dose-response';
import { AuditService } from '../../audit/audit.service';
import type { Actor } from '../../common/auth/roles';
import { newId } from '../../common/base.entity';
import { UnitOfWork } from '../../common/database/unit-of-work.service';
import { DomainError, NotFoundError } from '../../common/errors/domain.error';
import { Material } from '../../materials/material.entity';
import { PlateReading } from '../../plates/plate-reading.entity';
import type { DoseResponseFitRecord } from './dose-response-fit.entity';
import type {
  FitSummaryDto,
  FoldResistanceDto,
  FoldResistanceQueryDto,
  RecordedFoldResistanceDto,
  RecordFoldResistanceDto,
  WarningDto,
} from './dto/fold-resistance.dto';
import { FitSelection, FoldResistanceResult } from './fold-resistance-result.entity';
import { insertMany } from '../../common/database/bulk-insert';
import { type SelectedFit, selectFit } from './fit-selection';
import { PlateQcResult } from './plate-qc-result.entity';

/** Two fits of the comparison and what is known about them. */
export interface RatioPair {
  resistant: SelectedFit & { material: Material; readDay: string | null };
  parental: SelectedFit & { material: Material; readDay: string | null };
}

/** "9.923 (95 % CI 7.809–12.61)". */
export function displayRatio(r: Pick<Ic50Ratio, 'ratio' | 'ci95' | 'reason' | 'bound'>): string {
  return displayIc50Ratio(r);
}

/** What a ratio needs from a stored fit: the IC50, or its bound ("> top tested dose"). */
export function ic50EstimateOf(f: DoseResponseFitRecord): Ic50Estimate {
  return {
    ic50: f.ic50,
    seLnIc50: f.seLnIc50,
    df: f.df,
    ic50Display: f.ic50Display,
    ic50Bound:
      f.ic50 === null && f.ic50BoundRelation !== null && f.ic50BoundConcentration !== null
        ? {
            relation: f.ic50BoundRelation as '>' | '<',
            concentration: f.ic50BoundConcentration,
          }
        : null,
  };
}

/** The day a plate was read: the reader's own timestamp when the file had one, else receipt. */
export async function readDayOf(
  m: EntityManager,
  fit: DoseResponseFitRecord,
): Promise<string | null> {
  const qc = await m.findOne(PlateQcResult, {
    where: { id: fit.analysisId },
    select: { id: true, readingId: true },
  });
  if (!qc) return null;
  const reading = await m.findOne(PlateReading, {
    where: { id: qc.readingId },
    select: { id: true, metadata: true, receivedAt: true },
  });
  const t = reading?.metadata?.readTime ?? reading?.receivedAt ?? null;
  return t ? t.slice(0, 10) : null;
}

export function fitSummary(s: SelectedFit & { readDay: string | null }): FitSummaryDto {
  const f = s.fit;
  return {
    id: f.id,
    plateId: f.plateId,
    runId: f.runId,
    runApproved: s.runApproved,
    source: s.source,
    status: f.status,
    model: f.model,
    ic50: f.ic50,
    ic50Ci95:
      f.ic50Ci95Low !== null && f.ic50Ci95High !== null ? [f.ic50Ci95Low, f.ic50Ci95High] : null,
    seLnIc50: f.seLnIc50,
    df: f.df,
    concentrationUnit: f.concentrationUnit,
    ic50Display: f.ic50Display,
    flags: f.flags,
    readDay: s.readDay,
  };
}

/** Warnings about comparing two fits: plates, days, models, approval, flags, units. */
export function pairWarnings(
  a: SelectedFit & { readDay: string | null; label: string },
  b: SelectedFit & { readDay: string | null; label: string },
): WarningDto[] {
  const w: WarningDto[] = [];
  for (const s of [a, b]) {
    if (s.source === 'latest-current') {
      w.push({
        code: 'fit-not-from-approved-run',
        message: `${s.label}: no current fit from an approved run; the latest current fit (run ${s.fit.runId ?? 'none'}) was used`,
      });
    }
    if (s.fit.status === 'superseded') {
      w.push({
        code: 'superseded-fit',
        message: `${s.label}: fit ${s.fit.id} was superseded by ${s.fit.supersededById ?? 'a refit'}`,
      });
    }
    if (s.fit.flags.length > 0) {
      w.push({
        code: 'fit-flagged',
        message: `${s.label}: fit flags ${s.fit.flags.join(', ')}`,
      });
    }
  }
  if (a.fit.plateId !== b.fit.plateId) {
    w.push({
      code: 'different-plates',
      message: `the two fits come from different plates (${a.fit.plateId}, ${b.fit.plateId})`,
    });
  }
  if (a.readDay === null || b.readDay === null) {
    w.push({ code: 'read-day-unknown', message: 'the read day of a plate is unknown' });
  } else if (a.readDay !== b.readDay) {
    w.push({
      code: 'different-days',
      message: `the plates were read on different days (${a.readDay}, ${b.readDay})`,
    });
  }
  if (a.fit.model !== b.fit.model) {
    w.push({
      code: 'different-models',
      message: `the fits use different models (${a.fit.model}, ${b.fit.model})`,
    });
  }
  if (a.fit.concentrationUnit !== b.fit.concentrationUnit) {
    w.push({
      code: 'different-units',
      message: `the fits are in different units (${a.fit.concentrationUnit}, ${b.fit.concentrationUnit}): no ratio`,
    });
  }
  return w;
}

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
    const rMat = await material(q.resistant, 'resistant');
    const pMat = await material(q.parental, 'parental');
    const r = await selectFit(m, {
      materialId: rMat.id,
      inhibitor: null,
      fitId: q.resistantFit,
      role: 'resistant',
    });
    const p = await selectFit(m, {
      materialId: pMat.id,
      inhibitor: null,
      fitId: q.parentalFit,
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
      await insertMany(m, FoldResistanceResult, [row]);
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

function recordedPart(row: FoldResistanceResult) {
  return {
    id: row.id,
    recordedAt: row.createdAt instanceof Date ? row.createdAt.toISOString() : String(row.createdAt),
    recordedById: row.recordedById,
    note: row.note,
  };
}

export function toRecordedDto(r: FoldResistanceResult): RecordedFoldResistanceDto {
  return {
    id: r.id,
    resistantMaterialId: r.resistantMaterialId,
    parentalMaterialId: r.parentalMaterialId,
    resistantFitId: r.resistantFitId,
    parentalFitId: r.parentalFitId,
    selection: r.selection,
    status: r.status,
    statusReason: r.statusReason,
    bound:
      r.boundRelation !== null && r.boundValue !== null
        ? { relation: r.boundRelation as '>' | '<', value: r.boundValue }
        : null,
    ratio: r.ratio,
    ci95: r.ci95Low !== null && r.ci95High !== null ? [r.ci95Low, r.ci95High] : null,
    seLnRatio: r.seLnRatio,
    df: r.df,
    definition: r.definition,
    warnings: r.warnings,
    provenance: {
      method: r.method,
      methodVersion: r.methodVersion,
      options: r.options,
      inputHash: r.inputHash,
    },
    recordedAt: r.createdAt instanceof Date ? r.createdAt.toISOString() : String(r.createdAt),
    recordedById: r.recordedById,
    note: r.note,
  };
}
