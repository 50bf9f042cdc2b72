/**
 * Severity of a quality flag (SCIENCE.md §2):
 * - `info`: a fact about the result that needs no action (an IC50 reported as a bound);
 * - `warning`: the result stands but a reviewer should look (low R², edge effect);
 * - `blocks-approval`: the plate's QC fails, so its run cannot be approved until a manager
 *   overrides it with a reason (the plate-QC gate), as for a Z′ below the protocol minimum.
 */
export type FlagSeverity = 'info' | 'warning' | 'blocks-approval';

export const FLAG_SEVERITIES: readonly FlagSeverity[] = ['info', 'warning', 'blocks-approval'];

/** A flag with its severity and, where the rule locates something, a sentence saying where. */
export interface FlagDetail {
  flag: string;
  severity: FlagSeverity;
  message: string;
}

/** The more severe of two severities. */
export function maxSeverity(a: FlagSeverity, b: FlagSeverity): FlagSeverity {
  return FLAG_SEVERITIES.indexOf(a) >= FLAG_SEVERITIES.indexOf(b) ? a : b;
}
