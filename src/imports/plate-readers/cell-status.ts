import { parseNumberCell } from './parse-support';
import type { ValueStatus } from '../../analysis/plate/plate-reading';

/** A cell read as a value: the number (null when the cell holds none) and its status. */
export interface CellReading {
  value: number | null;
  status: ValueStatus;
}

// The marks plate-reader software writes instead of a number. Each is stored as written with its
// status; anything else that is not a number is refused.
//  - overflow: Gen5 `OVRFLW`, Tecan `OVER`, `Sat`/`Saturated`, SoftMax `Range?`, BMG `overflow`.
//  - missing: Gen5 `MISSED` (well skipped), `?????` (not computable), `N/A`, `#N/A`, `NaN`.
//  - flagged: Gen5 `*0.356*` (outside the standard curve), `<0.010` / `>3.500` (beyond a range).
const OVERFLOW_RE = /^(?:ovrflw|over|overflow|ovfl|sat|saturated|#sat|range\?|>>+)$/i;
const MISSING_RE = /^(?:missed|missing|n\/a|#n\/a|na|nan|\?{3,}|not read|no read|empty)$/i;
const FLAGGED_STAR_RE = /^\*(.+)\*$/;
const FLAGGED_BOUND_RE = /^[<>](.+)$/;

/** The marks the readers' software writes, for messages. */
export const KNOWN_MARKS = 'OVRFLW, OVER, Sat, Range?, MISSED, N/A, ?????, *0.356*, <0.010, >3.500';

/**
 * Reads one non-blank cell: a number (`ok`), a known mark (`overflow`, `missing`, or `flagged`
 * with its number), or null when it is neither (the caller refuses the file).
 */
export function readCell(raw: string, decimalComma: boolean): CellReading | null {
  const value = parseNumberCell(raw, decimalComma);
  if (value === value) return { value, status: 'ok' };
  const t = raw.trim();
  if (OVERFLOW_RE.test(t)) return { value: null, status: 'overflow' };
  if (MISSING_RE.test(t)) return { value: null, status: 'missing' };
  const m = FLAGGED_STAR_RE.exec(t) ?? FLAGGED_BOUND_RE.exec(t);
  if (m) {
    const inner = parseNumberCell(m[1], decimalComma);
    if (inner === inner) return { value: inner, status: 'flagged' };
  }
  return null;
}

export { statusReason } from '../../analysis/plate/value-status';
