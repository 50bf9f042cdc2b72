import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../common/auth/roles';
import { newId } from '../common/base.entity';
import { UnitOfWork } from '../common/database/unit-of-work.service';
import { assertMayDecide, recordContribution } from '../common/duties/separation-of-duties';
import { DomainError, NotFoundError, ValidationFailedError } from '../common/errors/domain.error';
import type { SignDto } from '../signatures/signature.dto';
import { SignaturesService } from '../signatures/signatures.service';
import type { AmendmentDto, CreateAmendmentDto } from './dto/amendment.dto';
import type { UpdateRunDto } from './dto/update-run.dto';
import { RunAmendment } from './run-amendment.entity';
import { lockRun } from './run-loader';
import { RunPlanService } from './run-plan.service';
import { toAmendmentDto } from './run.mapper';
import { Run } from './run.entity';

/**
 * Amendments: the only way an approved (locked) run changes. A request records the changes, the
 * reason and the run's values before and after; a manager other than the requester approves it
 * with an e-signature, which applies the change and audits the run's before/after values.
 */
@Injectable()
export class AmendmentsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly audit: AuditService,
    private readonly signatures: SignaturesService,
    private readonly plan: RunPlanService,
  ) {}

  request(actor: Actor, runId: string, dto: CreateAmendmentDto): Promise<AmendmentDto> {
    return this.uow.run(async (m) => {
      const run = await lockRun(m, runId);
      if (run.status !== 'approved') {
        throw new DomainError('RUN_NOT_APPROVED', `run ${runId} is ${run.status}`, [
          {
            field: 'status',
            code: 'RUN_NOT_APPROVED',
            message: `amendments are for approved runs; a ${run.status} run is edited by PATCH or reopened`,
          },
        ]);
      }
      const pending = await m.getRepository(RunAmendment).findOneBy({ runId, status: 'pending' });
      if (pending) {
        throw new DomainError('AMENDMENT_PENDING', `amendment ${pending.id} awaits a decision`, [
          {
            field: 'runId',
            code: 'AMENDMENT_PENDING',
            message: `approve or reject amendment ${pending.id} first`,
          },
        ]);
      }
      const changes = plainChanges(dto.changes);
      const { before, after } = await this.plan.applyChanges(
        m,
        run,
        await this.plan.materialsOf(m, runId),
        dto.changes,
      );
      if (Object.keys(after).length === 0) {
        throw new ValidationFailedError([
          { field: 'changes', code: 'NO_CHANGE', message: 'the changes leave the run as it is' },
        ]);
      }
      const amendment = m.getRepository(RunAmendment).create({
        id: newId(),
        runId,
        status: 'pending',
        changes,
        before,
        after,
        reason: dto.reason,
        requestedById: actor.userId,
        decidedById: null,
        decidedAt: null,
        decisionReason: null,
        signatureId: null,
      });
      // save, not insert: TypeORM's insert typing refuses JSON columns of unknown values.
      await m.getRepository(RunAmendment).save(amendment);
      await recordContribution(m, actor, { entity: 'run', id: runId }, 'amended');
      await recordContribution(m, actor, { entity: 'run_amendment', id: amendment.id }, 'authored');
      await this.audit.record(m, {
        actor,
        action: 'request',
        entity: 'run_amendment',
        id: amendment.id,
        after: { runId, changes, before, after },
        reason: dto.reason,
      });
      return toAmendmentDto(
        await m.getRepository(RunAmendment).findOneByOrFail({ id: amendment.id }),
      );
    });
  }

  /** Approval: a manager other than the requester signs; the change is applied and audited. */
  approve(actor: Actor, id: string, sign: SignDto): Promise<AmendmentDto> {
    return this.decide(actor, id, sign, 'approved');
  }

  /** Rejection: a manager other than the requester signs; the run stays as it is. */
  reject(actor: Actor, id: string, sign: SignDto): Promise<AmendmentDto> {
    return this.decide(actor, id, sign, 'rejected');
  }

  async list(runId: string): Promise<AmendmentDto[]> {
    if (!(await this.dataSource.getRepository(Run).existsBy({ id: runId }))) {
      throw new NotFoundError('Run', runId);
    }
    const rows = await this.dataSource
      .getRepository(RunAmendment)
      .find({ where: { runId }, order: { createdAt: 'ASC', id: 'ASC' } });
    return rows.map(toAmendmentDto);
  }

  async get(id: string): Promise<AmendmentDto> {
    const row = await this.dataSource.getRepository(RunAmendment).findOneBy({ id });
    if (!row) throw new NotFoundError('Amendment', id);
    return toAmendmentDto(row);
  }

  private decide(
    actor: Actor,
    id: string,
    sign: SignDto,
    decision: 'approved' | 'rejected',
  ): Promise<AmendmentDto> {
    return this.uow.run(async (m) => {
      const pending = await this.loadPending(m, id);
      // Lock the run first (FOR UPDATE on PostgreSQL), then read the amendment again: of two
      // managers deciding at once, the second sees the first decision (409), not a stale pending.
      const run = await lockRun(m, pending.runId);
      const amendment = await this.loadPending(m, id);
      // As for run approval, separation of duties: a manager, and not an admin by default.
      if (!actor.roles.includes('manager')) {
        throw new DomainError('FORBIDDEN_ROLE', 'only a manager decides amendments', [
          {
            field: 'roles',
            code: 'ROLE_NOT_ALLOWED',
            message: 'deciding an amendment needs role manager',
          },
        ]);
      }
      await assertMayDecide(
        m,
        actor,
        { entity: 'run_amendment', id },
        decision === 'approved' ? 'approve' : 'reject',
      );
      // Amendments requested before contributions were recorded.
      if (amendment.requestedById === actor.userId) {
        throw new DomainError(
          'SELF_APPROVAL_FORBIDDEN',
          'the requester of an amendment cannot decide it',
          [
            {
              field: 'actor',
              code: 'SELF_APPROVAL_FORBIDDEN',
              message: 'another manager must approve or reject this amendment',
            },
          ],
        );
      }
      let applied: { before: Record<string, unknown>; after: Record<string, unknown> } | null =
        null;
      if (decision === 'approved') {
        // Validated again: a material may have been discarded since the request.
        const change = await this.plan.applyChanges(
          m,
          run,
          await this.plan.materialsOf(m, run.id),
          amendment.changes as UpdateRunDto,
        );
        applied = { before: change.before, after: change.after };
        await m.getRepository(Run).save(run);
        if (change.materials) await this.plan.saveMaterials(m, run.id, change.materials);
      }
      const signature = await this.signatures.sign(m, actor, {
        password: sign.password,
        meaning: decision === 'approved' ? 'amendment-approved' : 'rejected',
        reason: sign.reason,
        entity: 'run_amendment',
        entityId: id,
        content: {
          amendmentId: id,
          runId: run.id,
          changes: amendment.changes,
          before: amendment.before,
          after: amendment.after,
        },
      });
      const before = { status: amendment.status };
      amendment.status = decision;
      amendment.decidedById = actor.userId;
      amendment.decidedAt = new Date().toISOString();
      amendment.decisionReason = sign.reason;
      amendment.signatureId = signature.id;
      await m.getRepository(RunAmendment).save(amendment);
      await this.audit.record(m, {
        actor,
        action: decision === 'approved' ? 'approve' : 'reject',
        entity: 'run_amendment',
        id,
        before,
        after: { status: decision, signatureId: signature.id },
        reason: sign.reason,
      });
      if (applied) {
        // The run's own trail shows what the amendment changed, and why.
        await this.audit.record(m, {
          actor,
          action: 'amend',
          entity: 'run',
          id: run.id,
          before: { amendmentId: id, ...applied.before },
          after: { amendmentId: id, ...applied.after },
          reason: amendment.reason,
        });
      }
      return toAmendmentDto(amendment);
    });
  }

  private async loadPending(manager: EntityManager, id: string): Promise<RunAmendment> {
    const amendment = await manager.getRepository(RunAmendment).findOneBy({ id });
    if (!amendment) throw new NotFoundError('Amendment', id);
    if (amendment.status !== 'pending') {
      throw new DomainError('AMENDMENT_NOT_PENDING', `amendment ${id} is ${amendment.status}`, [
        {
          field: 'status',
          code: 'AMENDMENT_NOT_PENDING',
          message: `amendment ${id} was already ${amendment.status}`,
        },
      ]);
    }
    return amendment;
  }
}

/** The DTO as plain JSON (what was sent), without absent fields. */
function plainChanges(changes: UpdateRunDto): Record<string, unknown> {
  return JSON.parse(JSON.stringify(changes)) as Record<string, unknown>;
}
