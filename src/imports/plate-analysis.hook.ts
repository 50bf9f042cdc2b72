import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Actor } from '../common/auth/roles';
import type { PlateForAnalysis } from '../plates/plate-for-analysis';

/**
 * What a scientist must see about an import without reading nested JSON: an analysis that
 * could not run, a plate that fails QC, a flag of severity warning or blocks-approval.
 */
export interface ImportWarning {
  code: string;
  severity: 'info' | 'warning' | 'blocks-approval';
  message: string;
}

/** The hook's answer: the analysis, and the warnings the import lifts to its top level. */
export interface PlateAnalysisOutcome {
  /** `analysed`, or `not-analysable` with a reason. */
  status: string;
  warnings: ImportWarning[];
}

/**
 * The step after storing a reading: the assay analysis (viability: signal, blank correction,
 * % vehicle, fits, plate QC). It runs inside the import's transaction, so an import ends with
 * its fits or not at all (import → validate → store → fit → audit).
 */
export interface PlateAnalysisHook {
  /**
   * `plate` is what the import has just written (plate, layout and its wells, the reading and
   * its raw values), in the shape `PlatesService.getPlateForAnalysis` reads back.
   */
  analysePlate(
    manager: EntityManager,
    actor: Actor,
    plate: PlateForAnalysis,
  ): Promise<PlateAnalysisOutcome>;
}

/**
 * The analysis of plate-reader readings, registered by the assay module that provides it (the
 * viability module, through `provideAssay` in src/assays/provide-assay.ts). Exactly one: the
 * server refuses to start without it, since imports would store readings with no fits.
 */
@Injectable()
export class PlateAnalyses implements OnApplicationBootstrap {
  private registered: { assay: string; hook: PlateAnalysisHook } | null = null;

  register(assay: string, hook: PlateAnalysisHook): void {
    if (this.registered) {
      throw new Error(
        `plate-reader readings are already analysed by the ${this.registered.assay} assay; ` +
          `the ${assay} assay cannot register a second plate analysis`,
      );
    }
    this.registered = { assay, hook };
  }

  /** The assay that analyses plate readings, or null while none registered. */
  assay(): string | null {
    return this.registered?.assay ?? null;
  }

  /** Analyses a plate whose reading was just stored, in the caller's transaction. */
  async analyse(
    manager: EntityManager,
    actor: Actor,
    plate: PlateForAnalysis,
  ): Promise<PlateAnalysisOutcome> {
    if (!this.registered) throw new Error(NO_PLATE_ANALYSIS);
    return this.registered.hook.analysePlate(manager, actor, plate);
  }

  onApplicationBootstrap(): void {
    if (!this.registered) throw new Error(NO_PLATE_ANALYSIS);
  }
}

const NO_PLATE_ANALYSIS =
  'no assay module registered the analysis of plate-reader readings: imports would store ' +
  'readings with no fits and run approval would skip the plate-QC gate. Import ViabilityModule ' +
  '(its provideAssay registers it) in AppModule.';
