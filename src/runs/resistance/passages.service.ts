import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../../audit/audit.service';
import type { Actor } from '../../common/auth/roles';
import { newId } from '../../common/base.entity';
import { UnitOfWork } from '../../common/database/unit-of-work.service';
import {
  DomainError,
  NotFoundError,
  ProblemItem,
  ValidationFailedError,
} from '../../common/errors/domain.error';
import { parseMolarUnit, toMolar } from '../../common/units/concentration';
import { MaterialsService } from '../../materials/materials.service';
import { DeviationsService } from '../deviations.service';
import { lockRun } from '../run-loader';
import { DERIVED_POPULATION_ROLE, isDoseEscalationProtocol } from '../run-plan';
import { RunPlanService } from '../run-plan.service';
import { checkRunDataWritable } from '../run-data-lock';
import { recordContribution } from '../../common/duties/separation-of-duties';
import { Run } from '../run.entity';
import {
  escalationSettingsFromParameters,
  isDeviation,
  replayEscalation,
  suggestNextDose,
  validatePassage,
  type EscalationSettings,
  type PassageRecord,
} from './dose-escalation';
import type { CreatePassageDto, NextDoseDto, PassageDto } from './dto/passage.dto';
import { RunPassage } from './run-passage.entity';

/**
 * The resistance-induction passage log (SCIENCE.md §1). Each passage is checked, compared with
 * the dose the escalation rule suggests from the passages before it, and, when its dose
 * overrides the suggestion, logged with a deviation that carries the reason. The derived
 * population's current dose and selection history follow the log (MaterialsService).
 */
@Injectable()
export class PassagesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly audit: AuditService,
    private readonly plan: RunPlanService,
    private readonly deviations: DeviationsService,
    private readonly materials: MaterialsService,
  ) {}

  record(actor: Actor, runId: string, dto: CreatePassageDto): Promise<PassageDto> {
    return this.uow.run(async (m) => {
      const run = await lockRun(m, runId);
      const settings = await this.escalationOf(m, run);
      // Passages are logged while the run is in progress.
      checkRunDataWritable(run, { what: 'log a passage', inProgressOnly: true });
      await recordContribution(
        m,
        actor,
        { entity: 'run', id: run.id },
        'recorded-data',
        `logged passage ${dto.passageNumber}`,
      );
      const materialId = await this.derivedPopulationOf(m, run);
      const record: PassageRecord = {
        passageNumber: dto.passageNumber,
        date: dto.date,
        dose: { value: dto.dose.value, unit: dto.dose.unit },
        viabilityPercent: dto.viabilityPercent,
        confluencePercent: dto.confluencePercent ?? null,
        viableCount: dto.viableCount ?? null,
        splitRatio: dto.splitRatio ?? null,
        notes: dto.notes ?? null,
      };
      const problems: ProblemItem[] = validatePassage(record);
      if (problems.length > 0) throw new ValidationFailedError(problems);
      const earlier = await this.passagesOf(m, runId);
      const last = earlier[earlier.length - 1];
      if (last && dto.passageNumber <= last.passageNumber) {
        problems.push({
          field: 'passageNumber',
          code: 'PASSAGE_NUMBER_NOT_INCREASING',
          message: `passage ${last.passageNumber} is already logged; the next must be higher`,
        });
      }
      if (last && Date.parse(dto.date) < Date.parse(last.passageDate)) {
        problems.push({
          field: 'date',
          code: 'BEFORE_PREVIOUS_PASSAGE',
          message: `passage ${last.passageNumber} was on ${last.passageDate}`,
        });
      }
      if (problems.length > 0) throw new ValidationFailedError(problems);

      const suggestion = suggestNextDose(settings, earlier.map(toRecord));
      const tolerance = toleranceOf(run);
      const deviation = isDeviation(suggestion.dose, record.dose, tolerance);
      const unit = parseMolarUnit(dto.dose.unit) as string;
      const shown = (d: { value: number; unit: string }) => `${d.value} ${d.unit}`;
      if (deviation && !dto.deviationReason?.trim()) {
        throw new ValidationFailedError([
          {
            field: 'deviationReason',
            code: 'DEVIATION_REASON_REQUIRED',
            message:
              `the dose ${dto.dose.value} ${unit} differs from the suggested ${shown(suggestion.dose)} ` +
              `(rule ${suggestion.rule}: ${suggestion.explanation}); give the reason for the override`,
          },
        ]);
      }
      const repo = m.getRepository(RunPassage);
      const passage = repo.create({
        id: newId(),
        runId,
        materialId,
        passageNumber: dto.passageNumber,
        passageDate: /^\d{4}-\d{2}-\d{2}$/.test(dto.date)
          ? dto.date
          : new Date(dto.date).toISOString(),
        doseValue: dto.dose.value,
        doseUnit: unit,
        doseMolar: toMolar(dto.dose.value, unit),
        viableCount: dto.viableCount ?? null,
        viabilityPercent: dto.viabilityPercent,
        confluencePercent: dto.confluencePercent ?? null,
        splitRatio: dto.splitRatio ?? null,
        notes: dto.notes ?? null,
        suggestedDoseValue: suggestion.dose.value,
        suggestedDoseUnit: suggestion.dose.unit,
        suggestedRule: suggestion.rule,
        deviation,
        deviationId: null,
        recordedById: actor.userId,
      });
      await repo.save(passage);
      if (deviation) {
        const logged = await this.deviations.record(m, actor, run, {
          kind: 'dose-override',
          description:
            `passage ${dto.passageNumber}: 6-TG at ${dto.dose.value} ${unit} instead of the suggested ` +
            `${shown(suggestion.dose)} (rule ${suggestion.rule})`,
          reason: dto.deviationReason as string,
          severity: 'minor',
          passageId: passage.id,
        });
        passage.deviationId = logged.id;
        await repo.update({ id: passage.id }, { deviationId: logged.id });
      }
      await this.audit.record(m, {
        actor,
        action: 'create',
        entity: 'run_passage',
        id: passage.id,
        after: { runId, ...toRecord(passage), suggestion: suggestion.dose, rule: suggestion.rule },
        reason: deviation ? (dto.deviationReason ?? null) : null,
      });
      // The population now lives at this dose: its record keeps the current dose and history.
      await this.materials.updateCurrentDose(
        m,
        actor,
        materialId,
        {
          value: dto.dose.value,
          unit,
          passageNumber: dto.passageNumber,
          source: `run:${runId}`,
          reason: deviation ? (dto.deviationReason ?? null) : `rule ${suggestion.rule}`,
        },
        'materials',
      );
      return toPassageDto(await repo.findOneByOrFail({ id: passage.id }));
    });
  }

  async list(runId: string): Promise<PassageDto[]> {
    const m = this.dataSource.manager;
    if (!(await m.getRepository(Run).existsBy({ id: runId })))
      throw new NotFoundError('Run', runId);
    return (await this.passagesOf(m, runId)).map(toPassageDto);
  }

  /** The suggestion for the next passage, and the replayed history of every passage so far. */
  async nextDose(runId: string): Promise<NextDoseDto> {
    const m = this.dataSource.manager;
    const run = await m.getRepository(Run).findOneBy({ id: runId });
    if (!run) throw new NotFoundError('Run', runId);
    const settings = await this.escalationOf(m, run);
    const passages = await this.passagesOf(m, runId);
    const tolerance = toleranceOf(run);
    const replay = replayEscalation(settings, passages.map(toRecord), tolerance);
    const derived = (await this.plan.materialsOf(m, runId)).find(
      (x) => x.role === DERIVED_POPULATION_ROLE,
    );
    return {
      runId,
      materialId: derived?.materialId ?? null,
      settings: { ...settings },
      deviationTolerancePercent: tolerance,
      suggestion: replay.next,
      history: replay.steps,
    };
  }

  /** The run's escalation settings; 409 for a run of a protocol without them. */
  private async escalationOf(m: EntityManager, run: Run): Promise<EscalationSettings> {
    const definition = await this.plan.definitionOf(m, run);
    if (!isDoseEscalationProtocol(definition)) {
      throw new DomainError(
        'NOT_A_DOSE_ESCALATION_RUN',
        `run ${run.id} follows ${run.protocolKey}, which has no dose-escalation settings`,
        [
          {
            field: 'protocolVersionId',
            code: 'NOT_A_DOSE_ESCALATION_RUN',
            message: 'passage logs and dose suggestions belong to resistance-induction runs',
          },
        ],
      );
    }
    const result = escalationSettingsFromParameters(run.parameters);
    if (!result.ok) {
      // Parameters are validated when set, so this means the stored run predates a rule change.
      throw new ValidationFailedError(
        result.problems.map((p) => ({ ...p, field: `parameters.${p.field}` })),
      );
    }
    return result.settings;
  }

  private async derivedPopulationOf(m: EntityManager, run: Run): Promise<string> {
    const derived = (await this.plan.materialsOf(m, run.id)).find(
      (x) => x.role === DERIVED_POPULATION_ROLE,
    );
    if (!derived) {
      throw new DomainError('NO_DERIVED_POPULATION', `run ${run.id} names no derived population`, [
        {
          field: 'materials',
          code: 'NO_DERIVED_POPULATION',
          message: `add the derived population as '${DERIVED_POPULATION_ROLE}' (PATCH /runs/:id) before logging passages`,
        },
      ]);
    }
    return derived.materialId;
  }

  private passagesOf(m: EntityManager, runId: string): Promise<RunPassage[]> {
    return m.getRepository(RunPassage).find({ where: { runId }, order: { passageNumber: 'ASC' } });
  }
}

function toleranceOf(run: Run): number {
  const t = run.parameters.deviationTolerancePercent?.value;
  return typeof t === 'number' ? t : 1;
}

function toRecord(p: RunPassage): PassageRecord {
  return {
    passageNumber: p.passageNumber,
    date: p.passageDate,
    dose: { value: p.doseValue, unit: p.doseUnit },
    viabilityPercent: p.viabilityPercent,
    confluencePercent: p.confluencePercent,
    viableCount: p.viableCount,
    splitRatio: p.splitRatio,
    notes: p.notes,
  };
}

export function toPassageDto(p: RunPassage): PassageDto {
  return {
    id: p.id,
    runId: p.runId,
    materialId: p.materialId,
    passageNumber: p.passageNumber,
    date: p.passageDate,
    dose: { value: p.doseValue, unit: p.doseUnit },
    doseMolar: p.doseMolar,
    viableCount: p.viableCount,
    viabilityPercent: p.viabilityPercent,
    confluencePercent: p.confluencePercent,
    splitRatio: p.splitRatio,
    notes: p.notes,
    suggestedDose: { value: p.suggestedDoseValue, unit: p.suggestedDoseUnit },
    suggestedRule: p.suggestedRule,
    deviation: p.deviation,
    deviationId: p.deviationId,
    recordedById: p.recordedById,
    createdAt: p.createdAt,
  };
}
