import type { ElectronicSignature } from '../signatures/electronic-signature.entity';
import type { SignatureDto } from '../signatures/signature.dto';
import type { AmendmentDto } from './dto/amendment.dto';
import type { DeviationDto } from './dto/deviation.dto';
import type { RunDto, RunMaterialDto } from './dto/run.dto';
import type { RunAmendment } from './run-amendment.entity';
import type { RunDeviation } from './run-deviation.entity';
import { isRunLocked, runActionsFor, type RunCaller } from './run.lifecycle';
import type { Run } from './run.entity';

/** A run as the API shows it to `caller` (its allowedActions are the caller's). */
export function toRunDto(run: Run, materials: RunMaterialDto[], caller: RunCaller): RunDto {
  return {
    id: run.id,
    title: run.title,
    protocolId: run.protocolId,
    protocolKey: run.protocolKey,
    protocolVersionId: run.protocolVersionId,
    protocolVersion: run.protocolVersionNumber,
    status: run.status,
    locked: isRunLocked(run.status),
    allowedActions: runActionsFor(run.status, run.operatorId, caller),
    operatorId: run.operatorId,
    createdById: run.createdById,
    parameters: run.parameters,
    materials,
    plannedStartAt: run.plannedStartAt,
    plannedEndAt: run.plannedEndAt,
    actualStartAt: run.actualStartAt,
    actualEndAt: run.actualEndAt,
    notes: run.notes,
    submittedAt: run.submittedAt,
    reviewComments: run.reviewComments,
    approvedAt: run.approvedAt,
    approvedById: run.approvedById,
    cancelReason: run.cancelReason,
    createdAt: run.createdAt,
    updatedAt: run.updatedAt,
  };
}

export function toSignatureDto(s: ElectronicSignature): SignatureDto {
  return {
    id: s.id,
    entity: s.entity,
    entityId: s.entityId,
    signerId: s.signerId,
    signerName: s.signerName,
    meaning: s.meaning,
    reason: s.reason,
    contentHash: s.contentHash,
    signedAt: s.signedAt,
  };
}

export function toAmendmentDto(a: RunAmendment): AmendmentDto {
  return {
    id: a.id,
    runId: a.runId,
    status: a.status,
    changes: a.changes,
    before: a.before,
    after: a.after,
    reason: a.reason,
    requestedById: a.requestedById,
    decidedById: a.decidedById,
    decidedAt: a.decidedAt,
    decisionReason: a.decisionReason,
    signatureId: a.signatureId,
    createdAt: a.createdAt,
  };
}

export function toDeviationDto(d: RunDeviation): DeviationDto {
  return {
    id: d.id,
    runId: d.runId,
    kind: d.kind,
    description: d.description,
    reason: d.reason,
    severity: d.severity,
    passageId: d.passageId,
    recordedById: d.recordedById,
    createdAt: d.createdAt,
  };
}
