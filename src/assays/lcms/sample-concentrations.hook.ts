import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Actor } from '../../common/auth/roles';
import type { StoredConcentration } from './lcms-calibration.entity';

/** What changed the current concentrations of a batch's samples. */
export interface ConcentrationsChange {
  batchId: string;
  batchName: string;
  /** For the audit and the contribution: `import of LC-MS/MS batch X`. */
  cause: string;
  /**
   * Calibrations this change has just stored (current, in this transaction), as written: a hook
   * may take their concentrations from here instead of reading the documents back. Any other
   * current calibration is read from the database.
   */
  stored?: readonly StoredCalibration[];
}

/** A calibration as the change stored it: its id and the concentrations of its unknowns. */
export interface StoredCalibration {
  id: string;
  unknowns: readonly StoredConcentration[];
}

/**
 * One set of results recomputed from the new concentrations (today: a co-culture run's
 * kinetics), or why it was not: `not-recomputed` when the run that owns them refuses data
 * (approved, cancelled); its results then stay as they were.
 */
export interface RecomputedResults {
  kind: string;
  runId: string;
  status: 'recomputed' | 'not-recomputed';
  /** Results stored (0 when not recomputed). */
  total: number;
  reason: string | null;
  /** Where the results are read. */
  results: string;
}

/**
 * The step after the current concentrations of a batch changed (an import, a calibrator's
 * exclusion): results derived from them are recomputed in the same transaction, so nothing
 * derived from superseded concentrations stays current (import → calibrate → concentrations →
 * kinetics, or nothing). Registered by the assay module that derives results from
 * concentrations (the co-culture module, through `provideAssay`).
 */
export interface SampleConcentrationsHook {
  concentrationsChanged(
    manager: EntityManager,
    actor: Actor,
    change: ConcentrationsChange,
  ): Promise<RecomputedResults[]>;
}

/** The hooks run after a batch's concentrations change, in registration order. */
@Injectable()
export class SampleConcentrationsHooks {
  private readonly hooks: { assay: string; hook: SampleConcentrationsHook }[] = [];

  register(assay: string, hook: SampleConcentrationsHook): void {
    this.hooks.push({ assay, hook });
  }

  /** Runs every hook in the caller's transaction; what each recomputed, in order. */
  async changed(
    manager: EntityManager,
    actor: Actor,
    change: ConcentrationsChange,
  ): Promise<RecomputedResults[]> {
    const out: RecomputedResults[] = [];
    for (const { hook } of this.hooks)
      out.push(...(await hook.concentrationsChanged(manager, actor, change)));
    return out;
  }
}
