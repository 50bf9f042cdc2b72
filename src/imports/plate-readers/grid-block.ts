import { at, type PlateBuilder } from './plate-builder';
import {
  columnNumberRun,
  decimalCommaHint,
  isBlankRow,
  isNumberCell,
  lastNonBlank,
  type Delimiter,
} from './parse-support';
import type { ReadChannel } from '../../analysis/plate/plate-reading';
import {
  plateDimensions,
  plateSizeForColumns,
  rowIndex,
  rowLetter,
  type PlateSize,
} from '../../analysis/plate/well-position';

// Internal: reads one plate matrix (a row of column numbers, then rows A, B, …), the shape most
// readers use for a plate. Shared by the grid, BMG MARS, Kaleido, SkanIt and Spark parsers.

/** Corner cells a matrix header may carry before its column numbers. */
const CORNERS = new Set(['', '<>', 'well', 'row', 'rows', 'abs', 'od', 'rfu', 'rlu', 'value']);

/** True for the column-number row that opens a matrix: `,1,2,…,12` (or `<>,1,…`, `Abs,1,…`). */
export function isMatrixHeader(cells: readonly string[], corners = CORNERS): boolean {
  return (
    cells.length > 2 && corners.has(cells[0].trim().toLowerCase()) && columnNumberRun(cells, 1) >= 2
  );
}

/** A matrix header with any short corner text (`Abs`, `Blank subtracted`, `Signal`…). */
export function isAnyMatrixHeader(cells: readonly string[]): boolean {
  return cells.length > 2 && (cells[0] ?? '').trim().length <= 24 && columnNumberRun(cells, 1) >= 2;
}

export interface MatrixResult {
  /** Index of the first row after the matrix. */
  end: number;
  /** The plate size of the matrix, or null when its columns fit no plate (reported). */
  size: PlateSize | null;
  /** The cells of each row, added later (when the channel is known) by {@link addMatrix}. */
  cells: { row: number; column: number; raw: string; line: number }[];
}

/**
 * Reads the matrix whose header is `rows[start]` (column numbers from index 1). Rows are labelled
 * with one letter; a block ends at a blank row or the first row without one. Reports ragged rows
 * (with the decimal-comma hint), rows outside the plate and missing rows; `size` fixes the plate
 * size when an earlier block already did.
 */
export function readMatrix(
  b: PlateBuilder,
  rows: string[][],
  lines: number[],
  start: number,
  delimiter: Delimiter,
  expected: PlateSize | null,
  what = 'block',
  /**
   * Read a row with fewer cells than the header as ending in unread wells (BMG MARS 3.40 omits
   * the separators of empty cells at the end of a row); by default such a row is refused.
   */
  shortRowsEndUnread = false,
): MatrixResult {
  const header = rows[start];
  const headerLine = lines[start];
  const nColumns = columnNumberRun(header, 1);
  const size = plateSizeForColumns(nColumns);
  const cells: MatrixResult['cells'] = [];
  let j = start + 1;
  const decimalComma = delimiter !== ',';
  if (size === null) {
    b.problem({
      code: 'WRONG_PLATE_SIZE',
      line: headerLine,
      message: `${at(headerLine, b.loc)}: the ${what} has ${nColumns} columns; a 96-well plate has 12 and a 384-well plate 24. Export the whole plate.`,
    });
  } else if (expected !== null && size !== expected) {
    b.problem({
      code: 'WRONG_PLATE_SIZE',
      line: headerLine,
      message: `${at(headerLine, b.loc)}: this ${what} is a ${size}-well plate but an earlier one is ${expected}-well; export one plate size per file.`,
    });
  }
  const nRows = size === null ? 0 : plateDimensions(size).rows;
  const rowsSeen = new Uint8Array(Math.max(nRows, 1));
  for (; j < rows.length; j++) {
    const row = rows[j];
    const label = (row[0] ?? '').trim();
    if (label.length !== 1 || isBlankRow(row)) break;
    const r = rowIndex(label);
    if (r < 0) break;
    if (size === null) continue;
    const line = lines[j];
    const letter = label.toUpperCase();
    if (r < nRows) rowsSeen[r] = 1;
    const last = lastNonBlank(row);
    const valueCount = row.length - 1;
    // One trailing text cell (a label, as some readers add) is allowed; more values are not.
    let extra = 0;
    for (let k = nColumns + 1; k <= last; k++) {
      if (k > nColumns + 1 || isNumberCell(row[k], decimalComma)) extra++;
    }
    if ((valueCount < nColumns && !shortRowsEndUnread) || extra > 0) {
      const n = valueCount < nColumns ? valueCount : last;
      b.problem({
        code: 'RAGGED_ROW',
        line,
        message: `${at(line, b.loc)}: row ${letter} has ${n} values; the header has ${nColumns} columns.${extra > 0 ? decimalCommaHint(row, delimiter) || ' Correct the row (a value split in two cells, or a stray value) or export the file again.' : ' Every row needs one cell per column, empty when the well was not read.'}`,
      });
      continue;
    }
    const present = Math.min(nColumns, valueCount);
    if (r >= nRows) {
      for (let k = 0; k < present; k++) {
        if (row[k + 1].trim() !== '') b.outside(`${letter}${k + 1}`, line, size);
      }
      continue;
    }
    for (let k = 0; k < present; k++) cells.push({ row: r, column: k, raw: row[k + 1], line });
  }
  if (size !== null) {
    const missing: string[] = [];
    for (let r = 0; r < nRows; r++) if (rowsSeen[r] === 0) missing.push(rowLetter(r));
    if (missing.length > 0) {
      b.problem({
        code: 'RAGGED_BLOCK',
        line: headerLine,
        message: `${at(headerLine, b.loc)}: the ${what} has no row ${missing.join(', ')}; a ${size}-well plate has rows A–${rowLetter(nRows - 1)}. Export the whole plate.`,
      });
    }
  }
  return { end: j, size, cells };
}

/** Adds a matrix's cells to the plate under one channel. */
export function addMatrix(b: PlateBuilder, m: MatrixResult, channel: ReadChannel): void {
  for (const c of m.cells) b.add(c.row, c.column, channel, c.raw, c.line);
}
