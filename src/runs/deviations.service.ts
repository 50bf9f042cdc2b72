import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../common/auth/roles';
import { newId } from '../common/base.entity';
import { UnitOfWork } from '../common/database/unit-of-work.service';
import { NotFoundError } from '../common/errors/domain.error';
import type { CreateDeviationDto, DeviationDto } from './dto/deviation.dto';
import { RunDeviation, type DeviationKind } from './run-deviation.entity';
import { lockRun } from './run-loader';
import { toDeviationDto } from './run.mapper';
import { checkRunDataWritable } from './run-data-lock';
import { recordContribution } from '../common/duties/separation-of-duties';
import { Run } from './run.entity';

export interface NewDeviation {
  kind: DeviationKind;
  description: string;
  reason: string;
  severity: RunDeviation['severity'];
  passageId?: string | null;
}

/** Deviations from the protocol, each with its reason: logged by hand or by a dose override. */
@Injectable()
export class DeviationsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly audit: AuditService,
  ) {}

  create(actor: Actor, runId: string, dto: CreateDeviationDto): Promise<DeviationDto> {
    return this.uow.run(async (m) => {
      const run = await lockRun(m, runId);
      // A locked run's record is signed; a late finding goes in an amendment's reason.
      checkRunDataWritable(run, { what: 'log a deviation' });
      const deviation = await this.record(m, actor, run, { kind: 'manual', ...dto });
      return toDeviationDto(deviation);
    });
  }

  /** Appends a deviation inside the caller's transaction and audits it. */
  async record(
    manager: EntityManager,
    actor: Actor,
    run: Run,
    d: NewDeviation,
  ): Promise<RunDeviation> {
    const repo = manager.getRepository(RunDeviation);
    const deviation = repo.create({
      id: newId(),
      runId: run.id,
      kind: d.kind,
      description: d.description,
      reason: d.reason,
      severity: d.severity,
      passageId: d.passageId ?? null,
      recordedById: actor.userId,
    });
    await repo.insert(deviation);
    await recordContribution(
      manager,
      actor,
      { entity: 'run', id: run.id },
      'recorded-data',
      `logged a deviation`,
    );
    await this.audit.record(manager, {
      actor,
      action: 'create',
      entity: 'run_deviation',
      id: deviation.id,
      after: {
        runId: run.id,
        kind: d.kind,
        description: d.description,
        severity: d.severity,
        passageId: deviation.passageId,
      },
      reason: d.reason,
    });
    return repo.findOneByOrFail({ id: deviation.id });
  }

  async list(runId: string): Promise<DeviationDto[]> {
    if (!(await this.dataSource.getRepository(Run).existsBy({ id: runId }))) {
      throw new NotFoundError('Run', runId);
    }
    const rows = await this.dataSource
      .getRepository(RunDeviation)
      .find({ where: { runId }, order: { createdAt: 'ASC', id: 'ASC' } });
    return rows.map(toDeviationDto);
  }
}
