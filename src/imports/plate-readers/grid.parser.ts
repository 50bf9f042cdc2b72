import { addMatrix, isMatrixHeader, readMatrix, type MatrixResult } from './grid-block';
import { KeyValueMetadata } from './key-value-metadata';
import {
  ProblemList,
  WAVELENGTH_SPELLINGS,
  emptyFileResult,
  isBlankRow,
  isNumberCell,
  lastNonBlank,
  looksLikeWavelength,
  parseWavelengthLabel,
  sniffDelimiter,
  stripBom,
  tokenize,
  unclosedQuoteResult,
} from './parse-support';
import { PlateBuilder, fileResult } from './plate-builder';
import { readModeOf } from './physical-limits';
import type { ParseFileResult, PlateReaderParseOptions } from '../../analysis/plate/plate-reading';
import type { PlateSize } from '../../analysis/plate/well-position';

interface Block {
  headerLine: number;
  /** null: no wavelength named above the block. */
  wavelengthNm: number | null;
  matrix: MatrixResult;
}

/** True for the column-number row that opens a block: `,1,2,…,12`. */
export function isGridHeaderRow(cells: readonly string[]): boolean {
  return isMatrixHeader(cells);
}

/**
 * Parses a plain plate grid: optional `key,value` metadata lines (barcode, wavelength, read
 * mode, read time, plate format, temperature, …) above one or more blocks, each a header row of
 * column numbers (`,1,…,12` or `,1,…,24`) followed by rows labelled A–H or A–P. Each block takes
 * the wavelength named above it (`Wavelength (nm),570`, or a title line `570 nm`); a file with
 * several blocks needs one per block. A bare grid that names none takes
 * `options.defaultWavelengthNm` (the plate's layout or run, when it names exactly one).
 * Comma, semicolon and tab delimiters are recognised; with semicolons or tabs a decimal comma
 * is accepted.
 *
 * Blank cells are wells that were not read; reader marks (`OVRFLW`, `OVER`, …) are kept with
 * their status. Every problem is collected.
 */
export function parseGrid(text: string, options: PlateReaderParseOptions = {}): ParseFileResult {
  const src = stripBom(text);
  if (src.trim() === '') return emptyFileResult();
  const delimiter = sniffDelimiter(src);
  const table = tokenize(src, delimiter);
  const unclosed = unclosedQuoteResult(table);
  if (unclosed) return unclosed;
  const { rows, lines } = table;
  const problems = new ProblemList();
  const b = new PlateBuilder(problems, delimiter !== ',');
  const meta = new KeyValueMetadata();
  const blocks: Block[] = [];
  let plateSize: PlateSize | null = null;
  // Wavelength named since the previous block; applies to the next block only.
  let pendingWavelength: number | null = null;

  let i = 0;
  while (i < rows.length) {
    const cells = rows[i];
    if (isBlankRow(cells)) {
      i++;
      continue;
    }
    if (isGridHeaderRow(cells)) {
      const m = readMatrix(b, rows, lines, i, delimiter, plateSize);
      if (m.size !== null) {
        plateSize ??= m.size;
        const declared = meta.metadata.declaredPlateSize;
        if (declared !== undefined && declared !== m.size) {
          b.problem({
            code: 'WRONG_PLATE_SIZE',
            line: lines[i],
            message: `Line ${lines[i]}: the block is a ${m.size}-well plate but the header declares ${declared} wells; correct the plate format line.`,
          });
        }
      }
      blocks.push({ headerLine: lines[i], wavelengthNm: pendingWavelength, matrix: m });
      pendingWavelength = null;
      i = m.end;
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
        b.problem({
          code: 'INVALID_WAVELENGTH',
          line,
          field: first,
          message: `Line ${line}: "${first}" is not a wavelength ThioLab reads; ${WAVELENGTH_SPELLINGS}.`,
        });
      }
    } else if (first === '' || numbers >= 3) {
      b.problem({
        code: 'UNRECOGNIZED_LINE',
        line,
        message: `Line ${line}: values outside a plate block (a block starts with a row of column numbers, then rows A, B, …); remove the line or add the block's header.`,
      });
    } else {
      const value = cells
        .slice(1, last + 1)
        .map((c) => c.trim())
        .filter((c) => c !== '')
        .join(' ');
      const effect = meta.apply(first, value, line, problems);
      if (effect.wavelengthNm !== undefined) pendingWavelength = effect.wavelengthNm;
    }
    i++;
  }

  if (blocks.length === 0) {
    b.problem({
      code: 'NO_DATA',
      message:
        'No plate block found: expected a row of column numbers (,1,2,…,12 or …,24) followed by rows A, B, ….',
    });
  }
  const mode =
    readModeOf(meta.metadata.readMode) ?? readModeOf(meta.metadata.units) ?? 'absorbance';
  for (const block of blocks) {
    if (blocks.length > 1 && block.wavelengthNm === null && mode === 'absorbance') {
      b.problem({
        code: 'MISSING_WAVELENGTH',
        line: block.headerLine,
        field: 'wavelength',
        message: `Line ${block.headerLine}: this block names no wavelength; a file with several blocks needs one above each ("Wavelength (nm),570").`,
      });
      continue;
    }
    const nm =
      mode === 'absorbance' ? (block.wavelengthNm ?? options.defaultWavelengthNm ?? null) : null;
    const channel = b.channel({ mode, wavelengthNm: nm });
    addMatrix(b, block.matrix, channel);
  }
  const metadata = meta.finish();
  const plate = b.finish(
    'grid',
    plateSize,
    { name: metadata.plateName ?? metadata.barcode ?? 'Plate 1', line: blocks[0]?.headerLine ?? 1 },
    metadata,
    options,
  );
  return fileResult('grid', problems, [plate]);
}
