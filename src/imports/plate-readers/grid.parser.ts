import { KeyValueMetadata } from './key-value-metadata';
import {
  ReadingAccumulator,
  WAVELENGTH_SPELLINGS,
  columnNumberRun,
  decimalCommaHint,
  emptyFileResult,
  isBlankRow,
  isNumberCell,
  lastNonBlank,
  looksLikeWavelength,
  parseWavelengthLabel,
  sniffDelimiter,
  stripBom,
  tokenize,
} from './parse-support';
import { readModeOf } from './physical-limits';
import type { ParseResult, PlateReaderParseOptions } from './plate-reading';
import { plateDimensions, plateSizeForColumns, rowIndex, rowLetter, type PlateSize } from './wells';

interface PendingCell {
  row: number;
  column: number;
  raw: string;
  line: number;
}

interface Block {
  headerLine: number;
  wavelengthNm: number | null;
  cells: PendingCell[];
}

/** Corner cells a grid header may carry before its column numbers. */
const CORNERS = new Set(['', '<>', 'well', 'row', 'rows']);

/** True for the column-number row that opens a block: `,1,2,…,12`. */
export function isGridHeaderRow(cells: readonly string[]): boolean {
  return (
    cells.length > 2 && CORNERS.has(cells[0].trim().toLowerCase()) && columnNumberRun(cells, 1) >= 2
  );
}

/**
 * Parses a plain plate grid: optional `key,value` metadata lines (barcode, wavelength, read
 * time, plate format, temperature, …) above one or more blocks, each a header row of column
 * numbers (`,1,…,12` or `,1,…,24`) followed by rows labelled A–H or A–P. Each block takes the
 * wavelength named above it (`Wavelength (nm),570`, or a title line `570 nm`); a file with
 * several blocks needs one per block. Comma, semicolon and tab delimiters are recognised;
 * with semicolons or tabs a decimal comma is accepted.
 *
 * Blank cells are wells that were not read. Every problem is collected: values that are not
 * numbers, rows outside the plate, ragged rows, missing rows, blocks of the wrong size,
 * duplicate wells, missing required wavelengths.
 */
export function parseGrid(text: string, options: PlateReaderParseOptions = {}): ParseResult {
  const src = stripBom(text);
  if (src.trim() === '') return emptyFileResult();
  const delimiter = sniffDelimiter(src);
  const { rows, lines } = tokenize(src, delimiter);
  const acc = new ReadingAccumulator(delimiter !== ',');
  const meta = new KeyValueMetadata();
  const blocks: Block[] = [];
  let plateSize: PlateSize | null = null;
  // Wavelength named since the previous block; applies to the next block only.
  let pendingWavelength: number | null = null;

  const parseBlock = (start: number): number => {
    const header = rows[start];
    const headerLine = lines[start];
    const nColumns = columnNumberRun(header, 1);
    const size = plateSizeForColumns(nColumns);
    const block: Block = { headerLine, wavelengthNm: pendingWavelength, cells: [] };
    pendingWavelength = null;
    if (size === null) {
      acc.problems.add({
        code: 'WRONG_PLATE_SIZE',
        line: headerLine,
        message: `Line ${headerLine}: the block has ${nColumns} columns; a 96-well plate has 12 and a 384-well plate 24.`,
      });
    } else if (plateSize !== null && size !== plateSize) {
      acc.problems.add({
        code: 'WRONG_PLATE_SIZE',
        line: headerLine,
        message: `Line ${headerLine}: this block is a ${size}-well plate but an earlier block is ${plateSize}-well.`,
      });
    } else {
      plateSize = size;
      const declared = meta.metadata.declaredPlateSize;
      if (declared !== undefined && declared !== size) {
        acc.problems.add({
          code: 'WRONG_PLATE_SIZE',
          line: headerLine,
          message: `Line ${headerLine}: the block is a ${size}-well plate but the header declares ${declared} wells.`,
        });
      }
    }
    const nRows = size === null ? 0 : plateDimensions(size).rows;
    const rowsSeen = new Uint8Array(Math.max(nRows, 1));
    let j = start + 1;
    for (; j < rows.length; j++) {
      const cells = rows[j];
      const label = cells[0].trim();
      // A block ends at a blank line or at the first line without a single row letter.
      if (label.length !== 1 || isBlankRow(cells)) break;
      const row = rowIndex(label);
      if (row < 0) break;
      if (size === null) continue;
      const line = lines[j];
      const letter = label.toUpperCase();
      // A ragged row is still present: report it once, not also as a missing row.
      if (row < nRows) rowsSeen[row] = 1;
      const last = lastNonBlank(cells);
      const valueCount = cells.length - 1;
      // One trailing text cell (a label, as some readers add) is allowed; more values are not.
      let extraValues = 0;
      for (let k = nColumns + 1; k <= last; k++) {
        if (k > nColumns + 1 || isNumberCell(cells[k], delimiter !== ',')) extraValues++;
      }
      if (valueCount < nColumns || extraValues > 0) {
        const n = valueCount < nColumns ? valueCount : last;
        acc.problems.add({
          code: 'RAGGED_ROW',
          line,
          message: `Line ${line}: row ${letter} has ${n} values; the header has ${nColumns} columns.${extraValues > 0 ? decimalCommaHint(cells, delimiter) : ''}`,
        });
        continue;
      }
      if (row >= nRows) {
        for (let k = 0; k < nColumns; k++) {
          if (cells[k + 1].trim() !== '') acc.outside(`${letter}${k + 1}`, line, size);
        }
        continue;
      }
      for (let k = 0; k < nColumns; k++)
        block.cells.push({ row, column: k, raw: cells[k + 1], line });
    }
    if (size !== null) {
      const missing: string[] = [];
      for (let r = 0; r < nRows; r++) if (rowsSeen[r] === 0) missing.push(rowLetter(r));
      if (missing.length > 0) {
        acc.problems.add({
          code: 'RAGGED_BLOCK',
          line: headerLine,
          message: `Line ${headerLine}: the block has no row ${missing.join(', ')}; a ${size}-well plate has rows A–${rowLetter(nRows - 1)}.`,
        });
      }
    }
    blocks.push(block);
    return j;
  };

  let i = 0;
  while (i < rows.length) {
    const cells = rows[i];
    if (isBlankRow(cells)) {
      i++;
      continue;
    }
    if (isGridHeaderRow(cells)) {
      i = parseBlock(i);
      continue;
    }
    const line = lines[i];
    const first = cells[0].trim();
    const last = lastNonBlank(cells);
    let numbers = 0;
    for (let k = 1; k <= last; k++) if (isNumberCell(cells[k], delimiter !== ',')) numbers++;
    if (last === 0) {
      // A lone cell is a title; `570 nm` titles the next block.
      const nm = parseWavelengthLabel(first);
      if (nm !== null) pendingWavelength = nm;
      else if (/[a-zλ]/i.test(first) && looksLikeWavelength(first)) {
        acc.problems.add({
          code: 'INVALID_WAVELENGTH',
          line,
          field: first,
          message: `Line ${line}: "${first}" is not a wavelength ThioLab reads; ${WAVELENGTH_SPELLINGS}.`,
        });
      }
    } else if (first === '' || numbers >= 3) {
      acc.problems.add({
        code: 'UNRECOGNIZED_LINE',
        line,
        message: `Line ${line}: values outside a plate block (a block starts with a row of column numbers, then rows A, B, …).`,
      });
    } else {
      const value = cells
        .slice(1, last + 1)
        .map((c) => c.trim())
        .filter((c) => c !== '')
        .join(' ');
      const effect = meta.apply(first, value, line, acc.problems);
      if (effect.wavelengthNm !== undefined) pendingWavelength = effect.wavelengthNm;
    }
    i++;
  }

  if (blocks.length === 0) {
    acc.problems.add({
      code: 'NO_DATA',
      message:
        'No plate block found: expected a row of column numbers (,1,2,…,12 or …,24) followed by rows A, B, ….',
    });
  }
  acc.readMode =
    readModeOf(meta.metadata.readMode) ?? readModeOf(meta.metadata.units) ?? 'absorbance';
  for (const block of blocks) {
    if (blocks.length > 1 && block.wavelengthNm === null) {
      acc.problems.add({
        code: 'MISSING_WAVELENGTH',
        line: block.headerLine,
        field: 'wavelength',
        message: `Line ${block.headerLine}: this block names no wavelength; a file with several blocks needs one above each ("Wavelength (nm),570").`,
      });
      continue;
    }
    for (const c of block.cells) acc.add(c.row, c.column, block.wavelengthNm, c.raw, c.line);
  }
  return acc.finish('grid', plateSize, meta.finish(), options);
}
