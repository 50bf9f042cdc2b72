import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/**
 * A check that can veto a run's approval, provided by an assay module (the plate-QC gate of
 * the viability assay). The runs module owns the contract and the registry, so the dependency
 * stays assays → runs: runs never imports an assay.
 */
export interface RunApprovalCheck {
  /** Throws a DomainError when the run must not be approved yet. */
  assertRunApprovable(manager: EntityManager, runId: string): Promise<void>;
}

/**
 * The run-approval checks the assay modules registered (src/assays/provide-assay.ts). Every
 * approval runs all of them, in registration order, inside the approval's transaction.
 */
@Injectable()
export class RunApprovalChecks {
  private readonly checks: { assay: string; check: RunApprovalCheck }[] = [];

  register(assay: string, check: RunApprovalCheck): void {
    this.checks.push({ assay, check });
  }

  /** The assays whose checks are registered, for the boot report and tests. */
  assays(): string[] {
    return this.checks.map((c) => c.assay);
  }

  async assertRunApprovable(manager: EntityManager, runId: string): Promise<void> {
    for (const { check } of this.checks) await check.assertRunApprovable(manager, runId);
  }
}
