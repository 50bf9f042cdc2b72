import type { FlagSeverity } from '../common/flag-severity';
import type { BiologicalReplicateSummary, GroupComparisonResult } from './biological-replicates';
import type { DeltaCqFlag } from './delta-cq';
import type { GenormResult } from './genorm';
import type { LivakFlag } from './livak';
import type { NtcCheck, ReplicateFlag } from './replicate-summary';
import type { StandardCurveFlag } from './standard-curve-efficiency';

/** Every flag an expression analysis can carry (run-level ones name their gene after a colon). */
export type QpcrFlag =
  | ReplicateFlag
  | DeltaCqFlag
  | LivakFlag
  | StandardCurveFlag
  | NtcCheck['flags'][number]
  | GenormResult['flags'][number]
  | BiologicalReplicateSummary['flags'][number]
  | Exclude<GroupComparisonResult['status'], 'ok'>
  | 'reference-ntc-contamination'
  | 'efficiency-not-stated'
  | 'no-standard-curve'
  | 'standard-curve-unusable'
  | 'livak-efficiency-not-near-100'
  | 'reference-not-measured'
  | 'reference-unstable'
  | 'no-calibrator-samples'
  | 'reference-undetermined'
  | 'target-undetermined'
  | 'no-result'
  | 'single-calibrator-sample';

/**
 * What each flag of an expression analysis means and how much it matters (SCIENCE.md §2's
 * severities). None blocks approval: qPCR has no approval check. A `warning` asks the reviewer to
 * look at the result; `info` says what the analysis did.
 */
export const QPCR_FLAGS: Readonly<Record<QpcrFlag, { severity: FlagSeverity; meaning: string }>> =
  Object.freeze({
    'ntc-contamination': {
      severity: 'warning',
      meaning: 'a no-template control amplified early: every result of this gene is suspect',
    },
    'reference-ntc-contamination': {
      severity: 'warning',
      meaning: 'a reference gene’s no-template control amplified early',
    },
    'ntc-missing': { severity: 'warning', meaning: 'no no-template control for this gene' },
    'ntc-late-amplification': {
      severity: 'info',
      meaning: 'a no-template control amplified late (after the contamination threshold)',
    },
    'efficiency-out-of-range': {
      severity: 'warning',
      meaning: 'the amplification efficiency is outside the accepted range',
    },
    'low-r-squared': {
      severity: 'warning',
      meaning: 'the standard curve’s R² is below the minimum',
    },
    'non-negative-slope': {
      severity: 'warning',
      meaning: 'the standard curve does not fall with template amount: no efficiency from it',
    },
    'efficiency-not-near-100': {
      severity: 'warning',
      meaning: 'Livak assumes efficiencies near 100 %; these are not',
    },
    'efficiency-not-verified': {
      severity: 'warning',
      meaning: 'Livak assumes efficiencies near 100 %; no standard curve verified it',
    },
    'livak-efficiency-not-near-100': {
      severity: 'warning',
      meaning: 'Livak was forced although the efficiencies are not near 100 %',
    },
    'no-standard-curve': {
      severity: 'info',
      meaning: 'no standard curve: the efficiency is stated or assumed',
    },
    'standard-curve-unusable': {
      severity: 'warning',
      meaning: 'the standard curve could not be used: the efficiency fell back',
    },
    'efficiency-not-stated': { severity: 'info', meaning: 'no stated efficiency: 100 % assumed' },
    'high-replicate-sd': {
      severity: 'warning',
      meaning: 'technical replicates disagree (SD of Cq above the limit)',
    },
    'late-cq': { severity: 'warning', meaning: 'mean Cq after the late-Cq limit' },
    'all-undetermined': { severity: 'warning', meaning: 'no replicate amplified' },
    'reference-undetermined': {
      severity: 'warning',
      meaning: 'a reference gene did not amplify in this sample',
    },
    'reference-not-measured': {
      severity: 'warning',
      meaning: 'a reference gene of the panel is not in the data',
    },
    'target-undetermined': { severity: 'warning', meaning: 'the target did not amplify' },
    'no-result': { severity: 'warning', meaning: 'no fold change could be computed' },
    'unstable-genes': {
      severity: 'warning',
      meaning: 'a reference gene is unstable (geNorm M above the limit)',
    },
    'reference-unstable': {
      severity: 'warning',
      meaning: 'this reference gene is unstable (geNorm M above the limit)',
    },
    'undetermined-excluded': {
      severity: 'info',
      meaning: 'undetermined replicates were left out (never counted as a number)',
    },
    'single-replicate': { severity: 'info', meaning: 'one replicate only: no SD' },
    'single-calibrator-sample': {
      severity: 'info',
      meaning: 'one calibrator sample: the CI is the replicates’ t interval',
    },
    'no-sd': { severity: 'info', meaning: 'no SD could be computed' },
    'zero-variance': {
      severity: 'warning',
      meaning: 'the groups’ values do not vary: no t-test, no CI',
    },
    'insufficient-replicates': {
      severity: 'info',
      meaning: 'a group has fewer than 2 samples: no t-test',
    },
    'numeric-overflow': { severity: 'warning', meaning: 'the statistic overflowed: no result' },
    'no-calibrator-samples': {
      severity: 'warning',
      meaning: 'no sample of the calibrator group: no fold change',
    },
    'insufficient-data': { severity: 'info', meaning: 'too few samples for this statistic' },
  });

/**
 * A flag of an expression analysis as written in its result (`code`, or `code:gene` for a
 * run-level flag), with its severity and meaning; an unknown flag is a warning.
 */
export function qpcrFlagDetail(raw: string): {
  code: string;
  gene: string | null;
  severity: FlagSeverity;
  meaning: string;
} {
  const at = raw.indexOf(':');
  const code = at < 0 ? raw : raw.slice(0, at);
  const known = (
    QPCR_FLAGS as Readonly<Record<string, { severity: FlagSeverity; meaning: string }>>
  )[code];
  return {
    code,
    gene: at < 0 ? null : raw.slice(at + 1),
    severity: known?.severity ?? 'warning',
    meaning: known?.meaning ?? 'see the analysis',
  };
}
