import { Injectable } from '@nestjs/common';
import { toMolar } from '../../common/units';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { effluxReversal, type Ic50Ratio } from '../../analysis/dose-response';
import { AuditService } from '../../audit/audit.service';
import type { Actor } from '../../common/auth/roles';
import { newId } from '../../common/base.entity';
import { UnitOfWork } from '../../common/database/unit-of-work.service';
import { DomainError, NotFoundError } from '../../common/errors/domain.error';
import { Material } from '../../materials/material.entity';
import { Plate } from '../../plates/plate.entity';
import { Run } from '../../runs/run.entity';
import type { DoseResponseFitRecord } from '../viability/dose-response-fit.entity';
import { readDayOf, type SelectedFit, selectFit } from '../viability/fit-selection';
import { displayRatio, fitSummary, ic50EstimateOf, pairWarnings } from '../viability/ic50-pairs';
import { PlateQcResult } from '../viability/plate-qc-result.entity';
import { viabilitySettingsFrom } from '../viability/viability-settings';
import type {
  CreateEffluxExperimentDto,
  EffluxExperimentDto,
  EffluxResultDto,
  EffluxReversalQueryDto,
  RatioDto,
} from './dto/efflux.dto';
import { EffluxExperiment } from './efflux-experiment.entity';

interface EffluxDefinition {
  resistantMaterialId: string;
  parentalMaterialId: string;
  inhibitorName: string;
  inhibitorConcentrationMolar: number | null;
  plateIds: string[];
}

function ratioDto(r: Ic50Ratio): RatioDto {
  return {
    definition: r.definition,
    status: r.status,
    reason: r.reason,
    bound: r.bound,
    ratio: r.ratio,
    lnRatio: r.lnRatio,
    seLnRatio: r.seLnRatio,
    df: r.df,
    tQuantile: r.tQuantile,
    ci95: r.ci95,
    ci95LogscaleZ: r.ci95LogscaleZ,
    display: displayRatio(r),
  };
}

function toExperimentDto(e: EffluxExperiment): EffluxExperimentDto {
  return {
    id: e.id,
    name: e.name,
    resistantMaterialId: e.resistantMaterialId,
    parentalMaterialId: e.parentalMaterialId,
    inhibitorName: e.inhibitorName,
    inhibitorConcentrationMolar: e.inhibitorConcentrationMolar,
    plateIds: e.plateIds,
    notes: e.notes,
    createdById: e.createdById,
    createdAt: e.createdAt instanceof Date ? e.createdAt.toISOString() : String(e.createdAt),
  };
}

/**
 * Efflux-inhibitor experiments (SCIENCE.md §4): reversal fold IC50(−inh)/IC50(+inh) with CI,
 * fold-resistance with the inhibitor IC50(R + inh)/IC50(P) with CI, % restoration, the
 * inhibitor-only toxicity check and the verdict with the CI that decided it (analysis core
 * `effluxReversal`). Computed from the current fits each time, so a refit shows at once.
 */
@Injectable()
export class EffluxService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly audit: AuditService,
  ) {}

  create(actor: Actor, dto: CreateEffluxExperimentDto): Promise<EffluxResultDto> {
    return this.uow.run(async (m) => {
      for (const [id, role] of [
        [dto.resistantMaterialId, 'resistant'],
        [dto.parentalMaterialId, 'parental'],
      ] as const) {
        if (!(await m.existsBy(Material, { id }))) {
          throw new DomainError('UNKNOWN_MATERIAL', `${role} material ${id} does not exist`);
        }
      }
      for (const plateId of dto.plateIds ?? []) {
        if (!(await m.existsBy(Plate, { id: plateId }))) {
          throw new DomainError('PLATE_REFERENCE_UNKNOWN', `plate ${plateId} does not exist`);
        }
      }
      const now = new Date();
      const experiment = Object.assign(new EffluxExperiment(), {
        id: newId(),
        name: dto.name,
        resistantMaterialId: dto.resistantMaterialId,
        parentalMaterialId: dto.parentalMaterialId,
        inhibitorName: dto.inhibitor.trim(),
        inhibitorConcentrationMolar:
          dto.inhibitorConcentrationMicromolar !== undefined
            ? toMolar(dto.inhibitorConcentrationMicromolar, 'µM')
            : null,
        plateIds: [...new Set(dto.plateIds ?? [])],
        createdById: actor.userId,
        notes: dto.notes ?? null,
        createdAt: now,
        updatedAt: now,
      });
      // The fits must exist now: an experiment that cannot be computed is refused.
      const result = await this.computeFor(m, experiment);
      await m.getRepository(EffluxExperiment).insert(experiment);
      await this.audit.record(m, {
        actor,
        action: 'create',
        entity: 'efflux-experiment',
        id: experiment.id,
        after: {
          ...toExperimentDto(experiment),
          verdict: result.verdict,
          decidedBy: result.decidedBy,
          fits: Object.values(result.fits).map((f) => f?.id ?? null),
        },
      });
      return { ...result, experiment: toExperimentDto(experiment) };
    });
  }

  async get(id: string): Promise<EffluxResultDto> {
    const m = this.dataSource.manager;
    const experiment = await m.findOneBy(EffluxExperiment, { id });
    if (!experiment) throw new NotFoundError('Efflux experiment', id);
    return { ...(await this.computeFor(m, experiment)), experiment: toExperimentDto(experiment) };
  }

  async list(): Promise<EffluxExperimentDto[]> {
    const rows = await this.dataSource.getRepository(EffluxExperiment).find({
      order: { createdAt: 'DESC' },
      take: 500,
    });
    return rows.map(toExperimentDto);
  }

  reversal(q: EffluxReversalQueryDto): Promise<EffluxResultDto> {
    return this.computeFor(this.dataSource.manager, {
      resistantMaterialId: q.resistantMaterialId,
      parentalMaterialId: q.parentalMaterialId,
      inhibitorName: q.inhibitor.trim(),
      inhibitorConcentrationMolar:
        q.inhibitorConcentrationMicromolar !== undefined
          ? toMolar(q.inhibitorConcentrationMicromolar, 'µM')
          : null,
      plateIds: [],
    });
  }

  /** The fits that make up the experiment, then effluxReversal on them. */
  async computeFor(m: EntityManager, def: EffluxDefinition): Promise<EffluxResultDto> {
    const inhibitor = { name: def.inhibitorName, molar: def.inhibitorConcentrationMolar };
    const select = (materialId: string, withInhibitor: boolean, role: string) =>
      selectFit(m, {
        materialId,
        inhibitor: withInhibitor ? inhibitor : null,
        plateIds: def.plateIds,
        role,
      });
    const r = await select(def.resistantMaterialId, false, 'resistant');
    const ri = await select(def.resistantMaterialId, true, 'resistant + inhibitor');
    const p = await select(def.parentalMaterialId, false, 'parental');
    const pi = await select(def.parentalMaterialId, true, 'parental + inhibitor').catch(
      (e: unknown) => {
        // The parental + inhibitor series is an optional control.
        if (e instanceof DomainError && e.code === 'NO_FIT_AVAILABLE') return null;
        throw e;
      },
    );

    const warnings: EffluxResultDto['warnings'] = [];
    const viability = async (fit: DoseResponseFitRecord | undefined, line: string) => {
      if (!fit) return null;
      const v = await this.inhibitorOnlyViability(m, fit, def);
      if (v === null) {
        warnings.push({
          code: 'no-inhibitor-only-wells',
          message: `${line}: no inhibitor-only wells with ${def.inhibitorName} on plate ${fit.plateId}; toxicity not checked`,
        });
      }
      return v;
    };
    const resistantViability = await viability(ri.fit, 'resistant');
    const parentalViability = await viability(pi?.fit, 'parental');
    const threshold = await this.toxicityThreshold(m, ri.fit);

    const result = effluxReversal(
      {
        resistant: ic50EstimateOf(r.fit),
        resistantWithInhibitor: ic50EstimateOf(ri.fit),
        parental: ic50EstimateOf(p.fit),
        parentalWithInhibitor: pi ? ic50EstimateOf(pi.fit) : undefined,
        inhibitorOnlyViabilityPct: { resistant: resistantViability, parental: parentalViability },
      },
      { inhibitorToxicityThresholdPct: threshold },
    );

    const day = async (s: SelectedFit, label: string) => ({
      ...s,
      label,
      readDay: await readDayOf(m, s.fit),
    });
    const rd = await day(r, 'resistant');
    const rid = await day(ri, 'resistant + inhibitor');
    const pd = await day(p, 'parental');
    const pid = pi ? await day(pi, 'parental + inhibitor') : null;
    for (const w of [...pairWarnings(rd, rid), ...pairWarnings(rd, pd)]) {
      if (!warnings.some((x) => x.code === w.code && x.message === w.message)) warnings.push(w);
    }

    const flags: string[] = [];
    if (!result.inhibitorToxicityPass) flags.push('inhibitor-toxic');
    if (resistantViability === null) flags.push('inhibitor-toxicity-not-checked');
    return {
      experiment: null,
      inhibitor: ri.fit.inhibitorLabel ?? def.inhibitorName,
      fits: {
        resistant: fitSummary(rd),
        resistantWithInhibitor: fitSummary(rid),
        parental: fitSummary(pd),
        parentalWithInhibitor: pid ? fitSummary(pid) : null,
      },
      reversalFoldResistant: ratioDto(result.reversalFoldResistant),
      reversalFoldParental: result.reversalFoldParental
        ? ratioDto(result.reversalFoldParental)
        : null,
      foldResistance: ratioDto(result.foldResistance),
      foldResistanceWithInhibitor: ratioDto(result.foldResistanceWithInhibitor),
      percentRestoration: result.percentRestoration,
      percentRestorationBound: result.percentRestorationBound,
      percentRestorationReason: result.percentRestorationReason,
      inhibitorToxicity: result.inhibitorToxicity,
      valid: result.inhibitorToxicityPass,
      verdict: result.verdict,
      decidedBy: result.decidedBy,
      reason: result.reason,
      flags,
      warnings,
      provenance: {
        method: result.method,
        methodVersion: result.methodVersion,
        options: result.options,
        inputHash: result.inputHash,
      },
    };
  }

  /** Inhibitor-only viability (% of vehicle) of the fit's material, from its plate analysis. */
  private async inhibitorOnlyViability(
    m: EntityManager,
    fit: DoseResponseFitRecord,
    def: EffluxDefinition,
  ): Promise<number | null> {
    const qc = await m.findOne(PlateQcResult, {
      where: { id: fit.analysisId },
      select: { id: true, normalisation: true },
    });
    const match = qc?.normalisation.inhibitorOnly.find(
      (c) =>
        c.materialId === fit.materialId &&
        c.inhibitorName === def.inhibitorName &&
        (fit.inhibitorConcentrationMolar === null ||
          c.inhibitorConcentrationMolar === null ||
          Math.abs(c.inhibitorConcentrationMolar - fit.inhibitorConcentrationMolar) <=
            1e-9 * fit.inhibitorConcentrationMolar),
    );
    return match?.viabilityPctOfVehicle ?? null;
  }

  /** The efflux protocol's inhibitor-only minimum (% of vehicle) of the fit's run; default 80. */
  private async toxicityThreshold(m: EntityManager, fit: DoseResponseFitRecord): Promise<number> {
    const run = fit.runId
      ? await m.findOne(Run, { where: { id: fit.runId }, select: { id: true, parameters: true } })
      : null;
    return viabilitySettingsFrom(run?.parameters).inhibitorOnlyViabilityMinPercent;
  }
}
