import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/**
 * A check that can refuse a run's submission for review, provided by an assay module (the
 * qPCR module's MIQE check: the fields its protocol requires must be recorded). The runs
 * module owns the contract and the registry, so the dependency stays assays → runs.
 */
export interface RunSubmissionCheck {
  /** Throws a DomainError, naming every missing field, when the run must not be submitted yet. */
  assertRunSubmittable(manager: EntityManager, runId: string): Promise<void>;
}

/**
 * The run-submission checks the assay modules registered (src/assays/provide-assay.ts). Every
 * submission runs all of them, in registration order, inside the submission's transaction.
 */
@Injectable()
export class RunSubmissionChecks {
  private readonly checks: { assay: string; check: RunSubmissionCheck }[] = [];

  register(assay: string, check: RunSubmissionCheck): void {
    this.checks.push({ assay, check });
  }

  /** The assays whose checks are registered, for the boot report and tests. */
  assays(): string[] {
    return this.checks.map((c) => c.assay);
  }

  async assertRunSubmittable(manager: EntityManager, runId: string): Promise<void> {
    for (const { check } of this.checks) await check.assertRunSubmittable(manager, runId);
  }
}
