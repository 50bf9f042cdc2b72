import type { FlagSeverity } from '../common/flag-severity';
import { PLATE_QC_FLAG_SEVERITY } from './plate-qc';

/**
 * Severity of every flag a plate analysis can carry (SCIENCE.md §2): the plate-QC flags and
 * the analysis's own. `blocks-approval` means the plate fails QC: its run cannot be approved
 * until a manager overrides the plate with a reason.
 */
export const PLATE_ANALYSIS_FLAG_SEVERITY: Readonly<Record<string, FlagSeverity>> = Object.freeze({
  ...PLATE_QC_FLAG_SEVERITY,
  /** The gating Z′ is below the protocol minimum. */
  'zprime-below-minimum': 'blocks-approval',
  /** A dose group of a fit is below 0 % beyond its noise (see the fit). */
  'negative-signal': 'warning',
  /** The vehicle wells do not read above the blanks: % viability is meaningless. */
  'vehicle-not-above-zero': 'blocks-approval',
  /** The protocol names a reference wavelength the reading lacks. */
  'reference-wavelength-not-read': 'warning',
  /** Wells whose read the reader marked (overflow, flagged, missing): left out of the analysis. */
  'reader-marked-wells': 'warning',
  /** The reading could not be analysed at all. */
  'not-analysable': 'blocks-approval',
  /** A control-only plate (no blank wells, no dose series): QC only, by design. */
  'viability-not-computed': 'info',
  /** Treated wells but no blank wells: the dose series could not be normalised or fitted. */
  'dose-series-not-fitted': 'blocks-approval',
  /** A fit of the plate carries a blocks-approval flag (no convergence, not fitted, …). */
  'fit-failed': 'blocks-approval',
});

/** The severity of a plate-analysis flag; an unknown flag is a warning. */
export function plateAnalysisFlagSeverity(flag: string): FlagSeverity {
  return PLATE_ANALYSIS_FLAG_SEVERITY[flag] ?? 'warning';
}
