// A table of reactions with named columns (QuantStudio Results, CFX Cq Results, generic long
// CSV): every row checked, every problem named by its line and column.
import {
  MAX_QPCR_PROBLEMS,
  type QpcrParseProblem,
  type QpcrReaction,
  type QpcrTask,
} from './qpcr-export';
import {
  canonicalWell,
  headerKey,
  readCqCell,
  readQuantityCell,
  readTaskCell,
  writesDecimalComma,
} from './qpcr-cells';

/** Which header names (lower-case) each field may have; the first found wins. */
export interface ReactionColumns {
  well: string[];
  sample: string[];
  target: string[];
  cq: string[];
  task?: string[];
  quantity?: string[];
  dye?: string[];
  omit?: string[];
}

export interface ReactionTableOptions {
  columns: ReactionColumns;
  /** Fields that must have a column (well and cq always do). */
  required: Array<keyof ReactionColumns>;
  /** A blank task cell means `unknown` (the generic CSV) rather than an error. */
  blankTaskIsUnknown: boolean;
  /** How a line is named in problems: `line 12` or `sheet "Results" row 12`. */
  where: (line: number) => string;
  /** Rows whose well cell is blank end the table (QuantStudio writes blank rows after it). */
  stopAtBlankWell: boolean;
  /**
   * True when a comma cannot separate cells (a `;`- or tab-delimited file, a workbook): a table
   * whose Cq cells then write decimal commas has all its numbers read that way
   * ({@link writesDecimalComma}). False for comma-delimited files.
   */
  decimalCommaPossible: boolean;
}

export type ColumnIndex = Partial<Record<keyof ReactionColumns, number>>;

/** Finds each field's column in a header row; lists what is missing. */
export function indexColumns(
  header: readonly string[],
  options: ReactionTableOptions,
): { index: ColumnIndex; missing: string[] } {
  const keys = header.map(headerKey);
  const index: ColumnIndex = {};
  for (const [field, names] of Object.entries(options.columns) as [
    keyof ReactionColumns,
    string[],
  ][]) {
    for (const name of names) {
      const k = keys.indexOf(name);
      if (k !== -1) {
        index[field] = k;
        break;
      }
    }
  }
  const missing = options.required
    .filter((f) => index[f] === undefined)
    .map((f) => `${f} (${options.columns[f]?.join(' | ')})`);
  return { index, missing };
}

/**
 * Reads the rows under a header into reactions. A row with a different number of cells than
 * the header, an unknown task, an unreadable Cq or quantity, a bad or repeated well (for the same
 * target) is a problem; reading goes on to report every problem (up to the cap).
 */
export function readReactionRows(
  rows: readonly string[][],
  lines: readonly number[],
  headerCells: number,
  index: ColumnIndex,
  options: ReactionTableOptions,
  problems: QpcrParseProblem[],
  trailingCellsMayBeOmitted = false,
): QpcrReaction[] {
  const reactions: QpcrReaction[] = [];
  const seen = new Set<string>();
  const cell = (row: readonly string[], k: number | undefined) =>
    k === undefined ? undefined : (row[k] ?? '');
  const decimalComma =
    options.decimalCommaPossible && writesDecimalComma(rows.map((row) => cell(row, index.cq)));
  for (let i = 0; i < rows.length && problems.length < MAX_QPCR_PROBLEMS; i++) {
    const row = rows[i];
    const line = lines[i];
    const where = options.where(line);
    if (row.every((c) => c.trim() === '')) {
      if (options.stopAtBlankWell) break;
      continue;
    }
    const wellText = cell(row, index.well) ?? '';
    if (wellText.trim() === '' && options.stopAtBlankWell) break;
    if (row.length > headerCells || (!trailingCellsMayBeOmitted && row.length !== headerCells)) {
      problems.push({
        where,
        message: `the row has ${row.length} cells, the header ${headerCells}; fix the row (a stray delimiter or a missing cell) and export again`,
      });
      continue;
    }
    const well = canonicalWell(wellText);
    if (well === null) {
      problems.push({
        where,
        field: 'well',
        message: `"${wellText}" is not a well name (A1…P24)`,
      });
      continue;
    }
    const cq = readCqCell(cell(row, index.cq), false, decimalComma);
    if (!cq.ok) {
      problems.push({ where, field: 'cq', message: `well ${well}: ${cq.message}` });
      continue;
    }
    let task: QpcrTask = 'unknown';
    if (index.task !== undefined) {
      const t = readTaskCell(cell(row, index.task), options.blankTaskIsUnknown);
      if (!t.ok) {
        problems.push({ where, field: 'task', message: `well ${well}: ${t.message}` });
        continue;
      }
      task = t.task;
    }
    let quantity: number | null = null;
    const quantityRaw = cell(row, index.quantity) ?? null;
    if (index.quantity !== undefined) {
      const q = readQuantityCell(quantityRaw ?? '', decimalComma);
      if (!q.ok) {
        problems.push({ where, field: 'quantity', message: `well ${well}: ${q.message}` });
        continue;
      }
      quantity = q.quantity;
    }
    const omitText = (cell(row, index.omit) ?? '').trim().toLowerCase();
    const target = (cell(row, index.target) ?? '').trim();
    const dye = (cell(row, index.dye) ?? '').trim();
    // Multiplexed wells without target names (CFX) are told apart by their dye.
    const key = `${well}\u0000${target}\u0000${target === '' ? dye : ''}`;
    if (seen.has(key)) {
      problems.push({
        where,
        field: 'well',
        message: `well ${well} appears twice for target "${target || dye}"; each well and target once`,
      });
      continue;
    }
    seen.add(key);
    reactions.push({
      well,
      sample: (cell(row, index.sample) ?? '').trim(),
      target,
      task,
      cq: cq.cq,
      cqStatus: cq.status,
      cqRaw: cq.raw,
      quantity: task === 'standard' ? quantity : null,
      quantityRaw,
      dye: dye === '' ? null : dye,
      omitted: omitText === 'true' || omitText === 'yes',
      source: where,
    });
  }
  return reactions;
}
