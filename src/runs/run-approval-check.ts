import type { EntityManager } from 'typeorm';

/**
 * A check that can veto a run's approval, provided by an assay module (the plate-QC gate of
 * the viability assay) under RUN_APPROVAL_CHECK. The runs module owns the contract, so the
 * dependency stays assays → runs: runs never imports an assay.
 */
export interface RunApprovalCheck {
  /** Throws a DomainError when the run must not be approved yet. */
  assertRunApprovable(manager: EntityManager, runId: string): Promise<void>;
}

export const RUN_APPROVAL_CHECK = Symbol('RUN_APPROVAL_CHECK');
