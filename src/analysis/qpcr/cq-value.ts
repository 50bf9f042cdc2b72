// A quantification cycle as read from an instrument export: a number, or "undetermined" when
// the well never crossed the threshold. An undetermined Cq is never turned into a number
// (not 0, not 40): analyses exclude it and say so.
import { AnalysisError, describeValue } from '../common/analysis-error';

/** A Cq (cycles) or the explicit marker of a well that did not amplify. */
export type CqValue = number | 'undetermined';

/** Spellings of "no Cq" in instrument exports (QuantStudio, CFX, LightCycler, Rotor-Gene). */
const UNDETERMINED_WORDS = new Set(['undetermined', 'n/a', 'na', 'no ct', 'no cq', 'nocq', 'neg']);

/** Upper bound of a plausible Cq: no cycler runs more than 100 cycles. */
const MAX_CQ_CYCLES = 100;

// One describer for error messages across the analysis core (never calls the value's toString).
export { describeValue };

/** True when `cq` is a number (the well amplified). */
export function isDetermined(cq: CqValue): cq is number {
  return typeof cq === 'number';
}

/**
 * Reads a Cq from an export cell: a finite number in (0, 100] cycles, a numeric string, or one
 * of the "no amplification" words (Undetermined, N/A, No Ct, No Cq; case-insensitive) which
 * give `'undetermined'`. Reference: MIQE (Bustin et al. 2009, Clin Chem 55:611) on reporting
 * non-detects.
 * @throws AnalysisError for anything else: empty cells, NaN, ±Infinity, negative numbers,
 *   unknown words. A missing measurement is not the same as "did not amplify".
 */
export function parseCq(raw: unknown, field = 'cq'): CqValue {
  let value: number;
  if (typeof raw === 'number') {
    value = raw;
  } else if (typeof raw === 'string') {
    const text = raw.trim();
    if (UNDETERMINED_WORDS.has(text.toLowerCase())) return 'undetermined';
    value = text === '' ? NaN : Number(text);
  } else {
    throw new AnalysisError('BAD_CQ', `${field}: expected a Cq number or "Undetermined"`, field);
  }
  if (!Number.isFinite(value) || !(value > 0) || value > MAX_CQ_CYCLES) {
    throw new AnalysisError(
      'BAD_CQ',
      `${field}: ${describeValue(raw)} is not a Cq (a number in (0, ${MAX_CQ_CYCLES}] or "Undetermined")`,
      field,
    );
  }
  return value;
}

/** Validates an array of already-typed Cq values (numbers in (0, 100] or 'undetermined'). */
export function checkCqArray(values: unknown, field: string): asserts values is CqValue[] {
  if (!Array.isArray(values)) {
    throw new AnalysisError('NOT_AN_ARRAY', `${field} must be an array of Cq values`, field);
  }
  for (let i = 0; i < values.length; i++) {
    const v: unknown = values[i];
    if (v === 'undetermined') continue;
    if (typeof v !== 'number' || !Number.isFinite(v) || !(v > 0) || v > MAX_CQ_CYCLES) {
      throw new AnalysisError(
        'BAD_CQ',
        `${field}[${i}]: ${describeValue(v)} is not a Cq (a number in (0, ${MAX_CQ_CYCLES}] or 'undetermined')`,
        `${field}[${i}]`,
      );
    }
  }
}
