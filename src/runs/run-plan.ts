import type { ProtocolDefinition } from '../protocols/definition/protocol-definition';
import type { Run } from './run.entity';

/** A run's material as planned: which material fills which protocol slot. */
export interface PlannedMaterial {
  materialId: string;
  role: string;
}

/** The protocol material slot a resistance-induction log passages. */
export const DERIVED_POPULATION_ROLE = 'derived-population';

/** Whether a protocol version defines the dose-escalation settings (passage log, next dose). */
export function isDoseEscalationProtocol(definition: Pick<ProtocolDefinition, 'settings'>) {
  return (
    'startDoseMicromolar' in definition.settings && 'targetDoseMicromolar' in definition.settings
  );
}

/** The fields of a run that PATCH and amendments change, as the audit trail shows them. */
export function runPlanView(run: Run, materials: PlannedMaterial[]): Record<string, unknown> {
  return {
    title: run.title,
    operatorId: run.operatorId,
    parameters: run.parameters,
    materials: [...materials].sort(byRoleThenId),
    plannedStartAt: run.plannedStartAt,
    plannedEndAt: run.plannedEndAt,
    actualStartAt: run.actualStartAt,
    actualEndAt: run.actualEndAt,
    notes: run.notes,
  };
}

/** The whole run as the audit trail and signatures see it. */
export function runAuditView(run: Run, materials: PlannedMaterial[]): Record<string, unknown> {
  return {
    ...runPlanView(run, materials),
    status: run.status,
    protocolId: run.protocolId,
    protocolKey: run.protocolKey,
    protocolVersionId: run.protocolVersionId,
    protocolVersion: run.protocolVersionNumber,
    submittedAt: run.submittedAt,
    reviewComments: run.reviewComments,
    approvedAt: run.approvedAt,
    approvedById: run.approvedById,
    cancelReason: run.cancelReason,
  };
}

function byRoleThenId(a: PlannedMaterial, b: PlannedMaterial): number {
  return a.role.localeCompare(b.role) || a.materialId.localeCompare(b.materialId);
}

/** The result of applying changes to a run (not yet written). */
export interface PlannedChange {
  /** Changed fields only, before and after, in the shape of {@link runPlanView}. */
  before: Record<string, unknown>;
  after: Record<string, unknown>;
  /** The new material set, when it changed. */
  materials: PlannedMaterial[] | null;
}

/** ISO 8601 in, UTC `toISOString()` out (already validated by the DTO). */
export function toUtc(iso: string): string {
  return new Date(iso).toISOString();
}
