import { Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import { User } from '../auth/user.entity';
import { newId } from '../common/base.entity';
import { NotFoundError, ProblemItem, ValidationFailedError } from '../common/errors/domain.error';
import { MaterialsService } from '../materials/materials.service';
import type { ProtocolDefinition } from '../protocols/definition/protocol-definition';
import { ProtocolVersion } from '../protocols/protocol-version.entity';
import {
  validateParameters,
  type ResolvedParameter,
} from '../protocols/settings/validate-parameters';
import type { RunMaterialInputDto } from './dto/create-run.dto';
import type { UpdateRunDto } from './dto/update-run.dto';
import { escalationSettingsFromParameters } from './resistance/dose-escalation';
import { RunMaterial } from './run-material.entity';
import { Run } from './run.entity';
import {
  isDoseEscalationProtocol,
  runPlanView,
  toUtc,
  type PlannedChange,
  type PlannedMaterial,
} from './run-plan';

/**
 * Validation shared by run creation, PATCH and amendments: parameters against the protocol
 * version's settings, materials against its material slots, the operator, and date order. Every
 * problem names its field and rule; nothing here writes, except {@link saveMaterials}.
 */
@Injectable()
export class RunPlanService {
  constructor(private readonly materials: MaterialsService) {}

  /** Validates parameters and fills defaults; 400 naming `parameters.<key>` and the rule. */
  resolveParameters(
    definition: ProtocolDefinition,
    input: unknown,
  ): Record<string, ResolvedParameter> {
    const result = validateParameters(definition, input);
    const problems: ProblemItem[] = result.problems.map((p) => ({
      field: p.field ? `parameters.${p.field}` : 'parameters',
      code: p.code,
      message: p.message,
    }));
    if (problems.length === 0 && isDoseEscalationProtocol(definition)) {
      const escalation = escalationSettingsFromParameters(result.values);
      if (!escalation.ok) {
        problems.push(
          ...escalation.problems.map((p) => ({
            field: `parameters.${p.field}`,
            code: p.code,
            message: p.message,
          })),
        );
      }
    }
    if (problems.length > 0) throw new ValidationFailedError(problems);
    return result.values;
  }

  /**
   * Checks a run's materials against the version's slots: each material exists and is
   * available, fills a tracked slot of its kind, at most one per single slot, every required
   * slot filled, no duplicates. Fields are `materials[i]`, `materials[i].role` or `materials`.
   */
  async resolveMaterials(
    manager: EntityManager,
    definition: ProtocolDefinition,
    input: RunMaterialInputDto[],
  ): Promise<PlannedMaterial[]> {
    const found = await this.materials.requireMaterials(
      manager,
      input.map((m) => m.materialId),
      'materials',
      { available: true },
    );
    const slots = new Map(definition.materials.map((s) => [s.id, s]));
    const problems: ProblemItem[] = [];
    const seen = new Set<string>();
    const perSlot = new Map<string, number>();
    input.forEach((m, i) => {
      const slot = slots.get(m.role);
      if (!slot) {
        problems.push({
          field: `materials[${i}].role`,
          code: 'UNKNOWN_MATERIAL_ROLE',
          message: `'${m.role}' is not a material of this protocol; expected one of ${definition.materials.map((s) => s.id).join(', ')}`,
        });
        return;
      }
      if (found[i].kind !== slot.kind) {
        problems.push({
          field: `materials[${i}].materialId`,
          code: 'MATERIAL_KIND_NOT_ALLOWED',
          message: `'${m.role}' takes a ${slot.kind}, and ${found[i].name} is a ${found[i].kind}`,
        });
      }
      const key = `${m.role}\u0000${m.materialId}`;
      if (seen.has(key)) {
        problems.push({
          field: `materials[${i}]`,
          code: 'DUPLICATE_MATERIAL',
          message: `${found[i].name} is named twice as '${m.role}'`,
        });
      }
      seen.add(key);
      perSlot.set(m.role, (perSlot.get(m.role) ?? 0) + 1);
    });
    for (const slot of definition.materials) {
      const n = perSlot.get(slot.id) ?? 0;
      // Reagents are described by the SOP, not tracked, so they are never required here.
      if (n === 0 && slot.required !== false && slot.kind !== 'reagent') {
        problems.push({
          field: 'materials',
          code: 'MISSING_REQUIRED_MATERIAL',
          message: `the protocol needs a ${slot.kind} as '${slot.id}' (${slot.title})`,
        });
      }
      if (n > 1 && !slot.multiple) {
        problems.push({
          field: 'materials',
          code: 'TOO_MANY_MATERIALS',
          message: `'${slot.id}' takes one material, got ${n}`,
        });
      }
    }
    if (problems.length > 0) throw new ValidationFailedError(problems);
    return input.map((m) => ({ materialId: m.materialId, role: m.role }));
  }

  /** The operator must be an active user; 400 naming `field` otherwise. */
  async requireOperator(manager: EntityManager, userId: string, field = 'operatorId') {
    const user = await manager.getRepository(User).findOneBy({ id: userId });
    if (!user || !user.active) {
      throw new ValidationFailedError([
        {
          field,
          code: user ? 'USER_INACTIVE' : 'UNKNOWN_USER',
          message: user ? `user ${user.username} is deactivated` : `no user has id ${userId}`,
        },
      ]);
    }
    return user;
  }

  /** Planned ends may not precede starts, nor actual ends actual starts. */
  checkDates(
    run: Pick<Run, 'plannedStartAt' | 'plannedEndAt' | 'actualStartAt' | 'actualEndAt'>,
  ): void {
    const problems: ProblemItem[] = [];
    const pairs = [
      ['plannedStartAt', 'plannedEndAt'],
      ['actualStartAt', 'actualEndAt'],
    ] as const;
    for (const [start, end] of pairs) {
      const s = run[start];
      const e = run[end];
      if (s && e && e < s) {
        problems.push({
          field: end,
          code: 'END_BEFORE_START',
          message: `${end} ${e} is before ${start} ${s}`,
        });
      }
    }
    if (problems.length > 0) throw new ValidationFailedError(problems);
  }

  /** The protocol definition a run follows (its pinned version, whatever its state now). */
  async definitionOf(manager: EntityManager, run: Run): Promise<ProtocolDefinition> {
    const version = await manager
      .getRepository(ProtocolVersion)
      .findOneBy({ id: run.protocolVersionId });
    if (!version) throw new NotFoundError('Protocol version', run.protocolVersionId);
    return version.definition;
  }

  async materialsOf(manager: EntityManager, runId: string): Promise<PlannedMaterial[]> {
    const rows = await manager.getRepository(RunMaterial).find({
      where: { runId },
      order: { role: 'ASC', materialId: 'ASC' },
    });
    return rows.map((r) => ({ materialId: r.materialId, role: r.role }));
  }

  /**
   * Validates `changes` and applies them to `run` in memory. Returns the changed fields before
   * and after, and the new material set when it changed. Writes nothing.
   */
  async applyChanges(
    manager: EntityManager,
    run: Run,
    current: PlannedMaterial[],
    changes: UpdateRunDto,
  ): Promise<PlannedChange> {
    const beforeView = runPlanView(run, current);
    let materials: PlannedMaterial[] | null = null;
    if (changes.parameters !== undefined || changes.materials !== undefined) {
      const definition = await this.definitionOf(manager, run);
      if (changes.parameters !== undefined) {
        run.parameters = this.resolveParameters(definition, changes.parameters);
      }
      if (changes.materials !== undefined) {
        materials = await this.resolveMaterials(manager, definition, changes.materials);
      }
    }
    if (changes.operatorId !== undefined) {
      await this.requireOperator(manager, changes.operatorId);
      run.operatorId = changes.operatorId;
    }
    if (changes.title !== undefined) run.title = changes.title;
    if (changes.notes !== undefined) run.notes = changes.notes;
    for (const key of ['plannedStartAt', 'plannedEndAt', 'actualStartAt', 'actualEndAt'] as const) {
      const value = changes[key];
      if (value !== undefined) run[key] = value === null ? null : toUtc(value);
    }
    this.checkDates(run);
    const afterView = runPlanView(run, materials ?? current);
    const before: Record<string, unknown> = {};
    const after: Record<string, unknown> = {};
    for (const key of Object.keys(afterView)) {
      if (JSON.stringify(beforeView[key]) !== JSON.stringify(afterView[key])) {
        before[key] = beforeView[key];
        after[key] = afterView[key];
      }
    }
    return { before, after, materials };
  }

  /** Replaces a run's material set. */
  async saveMaterials(
    manager: EntityManager,
    runId: string,
    materials: PlannedMaterial[],
  ): Promise<void> {
    const repo = manager.getRepository(RunMaterial);
    const existing = await repo.findBy({ runId });
    if (existing.length > 0) await repo.delete({ id: In(existing.map((e) => e.id)) });
    if (materials.length > 0) {
      await repo.insert(
        materials.map((m) => ({ id: newId(), runId, materialId: m.materialId, role: m.role })),
      );
    }
  }
}
