// Column lookup and row reading shared by the tabular LC-MS/MS layouts (long, Skyline, MultiQuant).
import {
  decimalCommaHint,
  isBlankRow,
  unclosedQuoteProblem,
  type Delimiter,
  type Table,
} from '../plate-readers/parse-support';
import { LcmsProblems, headerKey } from './lcms-cells';
import type { LcmsFormat, LcmsParseResult, LcmsProblem } from './lcms-export';

/**
 * The refusal of a table whose text leaves a quote open, or null: every line after the quote
 * would be one field, so peaks would go missing without a word.
 */
export function unclosedQuoteRefusal(format: LcmsFormat, table: Table): LcmsParseResult | null {
  const problem = unclosedQuoteProblem(table);
  return problem ? { ok: false, format, problems: [{ ...problem, code: 'UNCLOSED_QUOTE' }] } : null;
}

/** A column the layout knows: its name for messages and the header spellings that mean it. */
export interface ColumnSpec {
  name: string;
  keys: readonly string[];
  required: boolean;
}

export type ColumnIndex<K extends string> = Record<K, number>;

/**
 * Finds each column of `spec` in the header row (case, spaces and punctuation ignored); a
 * required column that is absent is a MISSING_COLUMN problem naming the spellings accepted.
 */
export function findColumns<K extends string>(
  header: readonly string[],
  spec: Record<K, ColumnSpec>,
  line: number,
  problems: LcmsProblems,
): ColumnIndex<K> {
  const keys = header.map(headerKey);
  const out = {} as ColumnIndex<K>;
  for (const name of Object.keys(spec) as K[]) {
    const s = spec[name];
    out[name] = keys.findIndex((k) => s.keys.includes(k));
    if (out[name] === -1 && s.required) {
      problems.add({
        code: 'MISSING_COLUMN',
        line,
        column: s.name,
        message: `Line ${line}: no "${s.name}" column in the header (found: ${header.filter((h) => h.trim() !== '').join(', ')}).`,
      });
    }
  }
  return out;
}

/** The index of the first row (within the first 50) whose header keys include all of `keys`. */
export function findHeaderRow(table: Table, keys: readonly (readonly string[])[]): number {
  const n = Math.min(table.rows.length, 50);
  for (let i = 0; i < n; i++) {
    const row = table.rows[i].map(headerKey);
    if (keys.every((alternatives) => alternatives.some((k) => row.includes(k)))) return i;
  }
  return -1;
}

/** The RAGGED_ROW problem of a row whose field count is not the header's `width`. */
export function raggedRow(
  line: number,
  cells: readonly string[],
  width: number,
  delimiter: Delimiter,
): LcmsProblem {
  return {
    code: 'RAGGED_ROW',
    line,
    message: `Line ${line}: ${cells.length} fields where the header has ${width}; each row needs one field per column, so export the table again rather than editing it (text holding the delimiter must be quoted).${decimalCommaHint(cells, delimiter)}`,
  };
}

/**
 * The data rows after the header: blank rows are skipped; a row whose field count differs from
 * the header's is a RAGGED_ROW problem (with the decimal-comma hint in a comma file).
 */
export function dataRows(
  table: Table,
  headerRow: number,
  delimiter: Delimiter,
  problems: LcmsProblems,
): { cells: string[]; line: number }[] {
  const width = table.rows[headerRow].length;
  const out: { cells: string[]; line: number }[] = [];
  for (let i = headerRow + 1; i < table.rows.length; i++) {
    const cells = table.rows[i];
    const line = table.lines[i];
    if (isBlankRow(cells)) continue;
    if (cells.length !== width) {
      problems.add(raggedRow(line, cells, width, delimiter));
      continue;
    }
    out.push({ cells, line });
  }
  return out;
}

/** The trimmed cell at `index`, or null when the column is absent or the cell blank. */
export function textAt(cells: readonly string[], index: number): string | null {
  if (index < 0) return null;
  const t = (cells[index] ?? '').trim();
  return t === '' ? null : t;
}
