import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../common/auth/roles';
import { newId } from '../common/base.entity';
import { UnitOfWork } from '../common/database/unit-of-work.service';
import { RecordContribution } from '../common/duties/record-contribution.entity';
import { recordContribution } from '../common/duties/separation-of-duties';
import {
  DomainError,
  NotFoundError,
  ProblemItem,
  ValidationFailedError,
} from '../common/errors/domain.error';
import { Material } from '../materials/material.entity';
import { Protocol } from '../protocols/protocol.entity';
import { ProtocolVersionsReader } from '../protocols/protocol-versions.reader';
import { ElectronicSignature } from '../signatures/electronic-signature.entity';
import type { CreateRunDto } from './dto/create-run.dto';
import type { ListRunsQueryDto } from './dto/list-runs.query';
import type { RunDetailDto, RunMaterialDto, RunPageDto } from './dto/run.dto';
import type { UpdateRunDto } from './dto/update-run.dto';
import { lockRun } from './run-loader';
import { RunMaterial } from './run-material.entity';
import { runAuditView, toUtc } from './run-plan';
import { RunPlanService } from './run-plan.service';
import { toRunDto, toSignatureDto } from './run.mapper';
import { isRunLocked } from './run.lifecycle';
import { Run } from './run.entity';
import { RunsRepository } from './runs.repository';

/** Creating, listing, reading and editing runs. Transitions, amendments and logs are elsewhere. */
@Injectable()
export class RunsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly audit: AuditService,
    private readonly plan: RunPlanService,
    private readonly protocolVersions: ProtocolVersionsReader,
    private readonly runsRepository: RunsRepository,
  ) {}

  create(actor: Actor, dto: CreateRunDto): Promise<RunDetailDto> {
    return this.uow.run(async (m) => {
      const version = await this.protocolVersions.getApprovedVersion(m, dto.protocolVersionId);
      const protocol = await m.getRepository(Protocol).findOneByOrFail({ id: version.protocolId });
      const operatorId = dto.operatorId ?? actor.userId;
      const dates = {
        plannedStartAt: dto.plannedStartAt ? toUtc(dto.plannedStartAt) : null,
        plannedEndAt: dto.plannedEndAt ? toUtc(dto.plannedEndAt) : null,
        actualStartAt: null,
        actualEndAt: null,
      };
      // Report every bad field at once: parameters, materials, operator and dates.
      const [parameters, materials] = await collectProblems(
        () => this.plan.resolveParameters(version.definition, dto.parameters),
        () => this.plan.resolveMaterials(m, version.definition, dto.materials),
        () => this.plan.requireOperator(m, operatorId),
        () => this.plan.checkDates(dates),
      );
      const run = m.getRepository(Run).create({
        id: newId(),
        title: dto.title,
        protocolId: protocol.id,
        protocolKey: protocol.key,
        protocolVersionId: version.id,
        protocolVersionNumber: version.version,
        status: 'planned',
        operatorId,
        createdById: actor.userId,
        parameters,
        ...dates,
        notes: dto.notes ?? null,
        submittedAt: null,
        reviewComments: null,
        approvedAt: null,
        approvedById: null,
        cancelReason: null,
      });
      // Set here, not by the column default: SQLite's datetime('now') has whole seconds only,
      // and lists sort newest first.
      run.createdAt = new Date();
      await m.getRepository(Run).insert(run);
      await this.plan.saveMaterials(m, run.id, materials);
      await recordContribution(m, actor, { entity: 'run', id: run.id }, 'created');
      await this.audit.record(m, {
        actor,
        action: 'create',
        entity: 'run',
        id: run.id,
        after: runAuditView(run, materials),
      });
      return this.detail(m, run.id, actor);
    });
  }

  async list(actor: Actor, q: ListRunsQueryDto): Promise<RunPageDto> {
    const utc = (v: string | undefined) => (v ? toUtc(v) : undefined);
    const [runs, total] = await this.runsRepository.page(
      this.dataSource.manager,
      {
        ...q,
        plannedFrom: utc(q.plannedFrom),
        plannedTo: utc(q.plannedTo),
        startedFrom: utc(q.startedFrom),
        startedTo: utc(q.startedTo),
      },
      q,
    );
    const ids = runs.map((r) => r.id);
    const materials = await this.materialViews(this.dataSource.manager, ids);
    const worked = await this.runsWorkedOn(this.dataSource.manager, actor, ids);
    return {
      items: runs.map((r) =>
        toRunDto(r, materials.get(r.id) ?? [], { ...actor, contributed: worked.has(r.id) }),
      ),
      total,
      limit: q.limit,
      offset: q.offset,
    };
  }

  get(actor: Actor, id: string): Promise<RunDetailDto> {
    return this.detail(this.dataSource.manager, id, actor);
  }

  /** PATCH: only while planned or in progress; an approved run changes by amendment only. */
  update(actor: Actor, id: string, dto: UpdateRunDto): Promise<RunDetailDto> {
    return this.uow.run(async (m) => {
      const run = await lockRun(m, id);
      assertEditable(run);
      const current = await this.plan.materialsOf(m, id);
      const change = await this.plan.applyChanges(m, run, current, dto);
      if (Object.keys(change.after).length === 0) return this.detail(m, id, actor);
      await m.getRepository(Run).save(run);
      if (change.materials) await this.plan.saveMaterials(m, id, change.materials);
      await recordContribution(m, actor, { entity: 'run', id }, 'edited');
      await this.audit.record(m, {
        actor,
        action: 'update',
        entity: 'run',
        id,
        before: change.before,
        after: change.after,
      });
      return this.detail(m, id, actor);
    });
  }

  /** A run with its materials and signatures, read inside `manager`'s transaction, for `actor`. */
  async detail(manager: EntityManager, id: string, actor: Actor): Promise<RunDetailDto> {
    const run = await manager.getRepository(Run).findOneBy({ id });
    if (!run) throw new NotFoundError('Run', id);
    const materials = await this.materialViews(manager, [id]);
    // Read in the caller's transaction: a signature made in it is not committed yet.
    const signatures = await manager
      .getRepository(ElectronicSignature)
      .find({ where: { entity: 'run', entityId: id }, order: { signedAt: 'ASC' } });
    return {
      ...toRunDto(run, materials.get(id) ?? [], {
        ...actor,
        contributed: (await this.runsWorkedOn(manager, actor, [id])).has(id),
      }),
      signatures: signatures.map(toSignatureDto),
    };
  }

  /** Which of the runs the actor worked on (separation of duties: no approve/return for them). */
  private async runsWorkedOn(
    manager: EntityManager,
    actor: Actor,
    runIds: string[],
  ): Promise<Set<string>> {
    if (runIds.length === 0) return new Set();
    const rows = await manager.getRepository(RecordContribution).find({
      select: { entityId: true },
      where: { entity: 'run', userId: actor.userId, entityId: In(runIds) },
    });
    return new Set(rows.map((r) => r.entityId));
  }

  /** The run's materials with what the list shows of each, by run id. */
  private async materialViews(
    manager: EntityManager,
    runIds: string[],
  ): Promise<Map<string, RunMaterialDto[]>> {
    const out = new Map<string, RunMaterialDto[]>();
    if (runIds.length === 0) return out;
    const rows = await manager
      .getRepository(RunMaterial)
      .createQueryBuilder('rm')
      .innerJoin(Material, 'm', 'm.id = rm.materialId')
      .select(['rm.runId AS run_id', 'rm.materialId AS material_id', 'rm.role AS role'])
      .addSelect(['m.kind AS kind', 'm.name AS name', 'm.barcode AS barcode'])
      .where({ runId: In(runIds) })
      .orderBy('rm.role', 'ASC')
      .addOrderBy('m.name', 'ASC')
      .getRawMany<{
        run_id: string;
        material_id: string;
        role: string;
        kind: string;
        name: string;
        barcode: string | null;
      }>();
    for (const r of rows) {
      const list = out.get(r.run_id) ?? [];
      list.push({
        materialId: r.material_id,
        role: r.role,
        kind: r.kind,
        name: r.name,
        barcode: r.barcode,
      });
      out.set(r.run_id, list);
    }
    return out;
  }
}

/** PATCH is for planned and in-progress runs; say why otherwise. */
export function assertEditable(run: Run): void {
  if (isRunLocked(run.status)) {
    throw new DomainError('RUN_LOCKED', `run ${run.id} is approved and locked`, [
      {
        field: 'status',
        code: 'RUN_LOCKED',
        message: 'an approved run changes only through an amendment (POST /runs/:id/amendments)',
      },
    ]);
  }
  if (run.status !== 'planned' && run.status !== 'in_progress') {
    throw new DomainError('RUN_NOT_EDITABLE', `run ${run.id} is ${run.status}`, [
      {
        field: 'status',
        code: 'RUN_NOT_EDITABLE',
        message: `a ${run.status} run is not edited directly; ${run.status === 'cancelled' ? 'it is cancelled' : 'reopen it first'}`,
      },
    ]);
  }
}

type Results<T extends readonly (() => unknown)[]> = {
  [K in keyof T]: Awaited<ReturnType<T[K]>>;
};

/**
 * Runs independent validations one after another and, when several fail with located
 * validation problems, throws them together so the caller sees every bad field at once.
 * Other errors (unknown materials, …) are thrown as they come.
 */
export async function collectProblems<T extends readonly (() => unknown)[]>(
  ...checks: T
): Promise<Results<T>> {
  const results: unknown[] = [];
  const problems: ProblemItem[] = [];
  for (const check of checks) {
    try {
      results.push(await check());
    } catch (err) {
      if (!(err instanceof ValidationFailedError)) throw err;
      problems.push(...err.errors);
      results.push(undefined);
    }
  }
  if (problems.length > 0) throw new ValidationFailedError(problems);
  return results as Results<T>;
}
