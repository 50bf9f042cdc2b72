import type { EntityManager } from 'typeorm';
import type { Actor } from '../common/auth/roles';
import type { PlateForAnalysis } from '../plates/plate-for-analysis';

/**
 * The step after storing a reading: the assay analysis (viability: signal, blank correction,
 * % vehicle, fits, plate QC). It runs inside the import's transaction, so an import ends with
 * its fits or not at all (import → validate → store → fit → audit).
 *
 * Provided by `ViabilityAnalysisService.analysePlate` (src/assays/viability/) under this token;
 * while nothing provides it, imports store readings without analysis (`analysis: null`).
 */
export const PLATE_ANALYSIS_HOOK = Symbol('PLATE_ANALYSIS_HOOK');

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

export interface PlateAnalysisHook {
  /**
   * `loaded` is what the import has just written (plate, layout and its wells, the reading and
   * its raw values, exactly as `PlatesService.getPlateForAnalysis` would read them back), so the
   * analysis need not read them again; an implementation may ignore it and read.
   */
  analysePlate(
    manager: EntityManager,
    actor: Actor,
    plateId: string,
    loaded?: PlateForAnalysis,
  ): Promise<PlateAnalysisOutcome>;
}
