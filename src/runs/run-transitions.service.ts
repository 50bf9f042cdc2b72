import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../common/auth/roles';
import { UnitOfWork } from '../common/database/unit-of-work.service';
import {
  assertMayDecide,
  ownerRefusal,
  recordContribution,
  type ContributionAction,
} from '../common/duties/separation-of-duties';
import { RunApprovalChecks } from './run-approval-check';
import { RunSubmissionChecks } from './run-submission-check';
import { TransitionRefusedError } from '../common/lifecycle/transition-refused.error';
import type { SignDto } from '../signatures/signature.dto';
import { SignaturesService } from '../signatures/signatures.service';
import type { RunDetailDto } from './dto/run.dto';
import { RunPassage } from './resistance/run-passage.entity';
import { RunDeviation } from './run-deviation.entity';
import { lockRun } from './run-loader';
import { runAuditView, toUtc } from './run-plan';
import { RunPlanService } from './run-plan.service';
import { authorizeRunTransition, runLifecycle, type RunAction } from './run.lifecycle';
import { Run } from './run.entity';
import { RunsService } from './runs.service';

/** What a transition request carries besides the action. */
export interface RunTransitionInput {
  reason?: string;
  /** For approve and return: the e-signature (password typed again, reason). */
  signature?: SignDto;
  actualStartAt?: string;
  actualEndAt?: string;
}

/**
 * Moves runs through their lifecycle (run.lifecycle.ts): the table decides what is allowed, who
 * may do it and whether it needs a reason or an e-signature; this service records the effects.
 */
@Injectable()
export class RunTransitionsService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly audit: AuditService,
    private readonly signatures: SignaturesService,
    private readonly plan: RunPlanService,
    private readonly runs: RunsService,
    private readonly approvalChecks: RunApprovalChecks,
    private readonly submissionChecks: RunSubmissionChecks,
  ) {}

  transition(
    actor: Actor,
    id: string,
    action: RunAction,
    input: RunTransitionInput = {},
  ): Promise<RunDetailDto> {
    return this.uow.run(async (m) => {
      const run = await lockRun(m, id);
      const reason = input.signature?.reason ?? input.reason ?? null;
      const meaning = action === 'approve' ? 'approved' : action === 'return' ? 'reviewed' : null;
      const verdict = authorizeRunTransition(run.status, action, {
        actorId: actor.userId,
        actorRoles: actor.roles,
        ownerId: run.operatorId,
        reason,
        signatureMeaning: input.signature && meaning ? meaning : null,
      });
      // Separation of duties: not only the operator, anyone who worked on the run (the refusal
      // names the earliest thing the actor did on it).
      const decides = action === 'approve' || action === 'return';
      if (decides && (verdict.ok || verdict.code === 'SELF_APPROVAL_FORBIDDEN')) {
        const facts = {
          entity: 'run',
          action,
          from: run.status,
          to: verdict.to ?? null,
          allowedActions: runLifecycle.allowedActions(run.status),
        };
        await assertMayDecide(m, actor, { entity: 'run', id }, action, facts);
        if (!verdict.ok) throw ownerRefusal({ entity: 'run', id }, 'operator', action, facts);
      }
      if (!verdict.ok) throw new TransitionRefusedError('run', verdict);
      // The plate-QC gate: a plate of the run whose Z′ is below the protocol minimum needs a
      // manager's override (POST /plates/:id/qc-override) before the run can be approved.
      if (action === 'approve') await this.approvalChecks.assertRunApprovable(m, id);
      // Assay checks on submission (qPCR: the MIQE fields its protocol requires).
      if (action === 'submit') await this.submissionChecks.assertRunSubmittable(m, id);

      const materials = await this.plan.materialsOf(m, id);
      const before = runAuditView(run, materials);
      const now = new Date().toISOString();
      let signedAt: string | null = null;
      if (input.signature && meaning) {
        // The signature covers the run exactly as reviewed: record, passages and deviations.
        ({ signedAt } = await this.signatures.sign(m, actor, {
          password: input.signature.password,
          meaning,
          reason: input.signature.reason,
          entity: 'run',
          entityId: id,
          content: await signedContent(m, run, before),
        }));
      }
      run.status = verdict.to;
      switch (action) {
        case 'start':
          run.actualStartAt = input.actualStartAt ? toUtc(input.actualStartAt) : now;
          break;
        case 'complete':
          // From returned with nothing to change, the bench work ended when it first did.
          if (input.actualEndAt) run.actualEndAt = toUtc(input.actualEndAt);
          else if (verdict.from !== 'returned' || !run.actualEndAt) run.actualEndAt = now;
          break;
        case 'submit':
          run.submittedAt = now;
          break;
        case 'return':
          run.reviewComments = reason;
          break;
        case 'approve':
          // Approved when signed: approvedAt is the signature's signedAt, never before it.
          run.approvedAt = signedAt ?? now;
          run.approvedById = actor.userId;
          break;
        case 'cancel':
          run.cancelReason = reason;
          break;
        case 'reopen':
          break;
      }
      this.plan.checkDates(run);
      await m.getRepository(Run).save(run);
      const contribution = CONTRIBUTIONS[action];
      if (contribution) await recordContribution(m, actor, { entity: 'run', id }, contribution);
      await this.audit.record(m, {
        actor,
        action,
        entity: 'run',
        id,
        before,
        after: runAuditView(run, materials),
        reason,
      });
      return this.runs.detail(m, id, actor);
    });
  }
}

/** The transitions that disqualify their actor from reviewing or approving the run. */
const CONTRIBUTIONS: Record<RunAction, ContributionAction | null> = {
  start: 'started',
  complete: 'completed',
  submit: 'submitted',
  reopen: null,
  cancel: null,
  approve: null,
  return: null,
};

/** The content an approval or review signature covers. */
async function signedContent(
  manager: EntityManager,
  run: Run,
  view: Record<string, unknown>,
): Promise<unknown> {
  const passages = await manager
    .getRepository(RunPassage)
    .find({ where: { runId: run.id }, order: { passageNumber: 'ASC' } });
  const deviations = await manager
    .getRepository(RunDeviation)
    .find({ where: { runId: run.id }, order: { createdAt: 'ASC', id: 'ASC' } });
  return {
    run: { id: run.id, ...view },
    passages: passages.map((p) => ({
      id: p.id,
      passageNumber: p.passageNumber,
      date: p.passageDate,
      dose: { value: p.doseValue, unit: p.doseUnit },
      viableCount: p.viableCount,
      viabilityPercent: p.viabilityPercent,
      confluencePercent: p.confluencePercent,
      splitRatio: p.splitRatio,
      notes: p.notes,
    })),
    deviations: deviations.map((d) => ({
      id: d.id,
      kind: d.kind,
      description: d.description,
      reason: d.reason,
      severity: d.severity,
    })),
  };
}
