import { KeyValueMetadata } from './key-value-metadata';
import {
  ProblemList,
  WAVELENGTH_SPELLINGS,
  decimalCommaHint,
  emptyFileResult,
  isBlankRow,
  isNaNNumber,
  lastNonBlank,
  looksLikeWavelength,
  normaliseKey,
  parseWavelengthLabel,
  sniffDelimiter,
  stripBom,
  tokenize,
  unclosedQuoteResult,
} from './parse-support';
import { PlateBuilder, fileResult } from './plate-builder';
import { readModeOf } from './physical-limits';
import type { ParseFileResult, PlateReaderParseOptions } from '../../analysis/plate/plate-reading';
import { formatWellName, parseWellName, type PlateSize } from '../../analysis/plate/well-position';

const WELL_HEADERS = new Set(['well', 'wellid', 'wellname', 'wellposition', 'position']);
const VALUE_HEADERS = new Set([
  'value',
  'od',
  'absorbance',
  'abs',
  'signal',
  'reading',
  'rawvalue',
]);

function isWavelengthHeader(key: string): boolean {
  return key.startsWith('wavelength') || key === 'nm' || key === 'lambda';
}

/** True when the row holds a `well` column header (case-insensitive). */
export function isLongHeaderRow(cells: readonly string[]): boolean {
  return cells.some((c) => WELL_HEADERS.has(normaliseKey(c)));
}

interface Columns {
  well: number;
  value: number;
  wavelength: number;
  perWavelength: { index: number; nm: number }[];
  /** Headers that look like a wavelength but are not spelled as one. */
  unreadable: number[];
}

function findColumns(header: readonly string[]): Columns {
  const cols: Columns = {
    well: -1,
    value: -1,
    wavelength: -1,
    perWavelength: [],
    unreadable: [],
  };
  header.forEach((cell, index) => {
    const key = normaliseKey(cell);
    if (cols.well < 0 && WELL_HEADERS.has(key)) cols.well = index;
    else if (cols.value < 0 && VALUE_HEADERS.has(key)) cols.value = index;
    else if (cols.wavelength < 0 && isWavelengthHeader(key)) cols.wavelength = index;
    else {
      // One column per wavelength: `a570`, `A650`, `OD_570`, `abs 650 nm`, `630 nm`.
      const nm = parseWavelengthLabel(cell);
      if (nm !== null) cols.perWavelength.push({ index, nm });
      else if (looksLikeWavelength(cell)) cols.unreadable.push(index);
    }
  });
  return cols;
}

/**
 * Parses a long table, one well per row: `well,value[,wavelength]`, or one column per
 * wavelength (`well,a570,a650`, as exported next to a plate map). Headers are
 * case-insensitive; other columns (role, line, concentration…) are ignored. Optional
 * `key,value` metadata lines may precede the header; a `Wavelength` line there applies to rows
 * without a wavelength of their own.
 *
 * The plate size is, in order: the file's own `Plate format` line, the caller's `plateSize`,
 * or inferred from the wells (384 as soon as one well lies beyond H12). Blank values are wells
 * that were not read.
 */
export function parseLong(text: string, options: PlateReaderParseOptions = {}): ParseFileResult {
  const src = stripBom(text);
  if (src.trim() === '') return emptyFileResult();
  const delimiter = sniffDelimiter(src);
  const table = tokenize(src, delimiter);
  const unclosed = unclosedQuoteResult(table);
  if (unclosed) return unclosed;
  const { rows, lines } = table;
  const problems = new ProblemList();
  const acc = new PlateBuilder(problems, delimiter !== ',');
  const meta = new KeyValueMetadata();

  // A `Wavelength (nm),570` line above the table applies to rows that name none.
  let defaultWavelength: number | null = null;

  let h = 0;
  const done = (plateSize: PlateSize | null): ParseFileResult => {
    const metadata = meta.finish();
    const block = {
      name: metadata.plateName ?? metadata.barcode ?? 'Plate 1',
      line: lines[h] ?? 1,
    };
    return fileResult('long', problems, [acc.finish('long', plateSize, block, metadata, options)]);
  };
  for (; h < rows.length; h++) {
    const cells = rows[h];
    if (isBlankRow(cells)) continue;
    if (isLongHeaderRow(cells)) break;
    const last = lastNonBlank(cells);
    if (last > 0 && cells[0].trim() !== '') {
      const value = cells
        .slice(1, last + 1)
        .map((c) => c.trim())
        .filter((c) => c !== '')
        .join(' ');
      const effect = meta.apply(cells[0], value, lines[h], problems);
      if (effect.wavelengthNm !== undefined) defaultWavelength = effect.wavelengthNm;
    }
  }
  if (h === rows.length) {
    problems.add({
      code: 'MISSING_COLUMN',
      field: 'well',
      message: 'No header row with a "well" column was found; name the well column "well".',
    });
    return done(null);
  }

  const header = rows[h];
  const headerLine = lines[h];
  const cols = findColumns(header);
  const mode =
    readModeOf(meta.metadata.readMode) ?? readModeOf(meta.metadata.units) ?? 'absorbance';
  for (const index of cols.unreadable) {
    const text = header[index].trim();
    problems.add({
      code: 'INVALID_WAVELENGTH',
      line: headerLine,
      field: text,
      message: `Line ${headerLine}: column "${text}" is not a wavelength ThioLab reads; ${WAVELENGTH_SPELLINGS} (one column per wavelength), or use "value" with a "wavelength" column.`,
    });
  }
  if (cols.unreadable.length > 0) return done(null);
  const useValue = cols.value >= 0;
  if (!useValue && cols.perWavelength.length === 0) {
    problems.add({
      code: 'MISSING_COLUMN',
      line: headerLine,
      field: 'value',
      message: `Line ${headerLine}: no value column; name the column of readings "value" (with an optional "wavelength" column), or give one column per wavelength such as a570, a650.`,
    });
    return done(null);
  }
  const wavelengthField = cols.wavelength >= 0 ? header[cols.wavelength].trim() : 'wavelength';
  // Every row has the header's fields: one more is most often a decimal comma that split a
  // value (`A1,0,0883`), one fewer a lost field. Either way the numbers cannot be trusted.
  const headerFields = lastNonBlank(header) + 1;

  // Pass 1 checks wells and wavelengths and infers the plate size; pass 2 adds the values.
  // Per-row results live in typed arrays: object-per-row allocation dominated the profile.
  const n = rows.length;
  const wellRow = new Int16Array(n).fill(-1);
  const wellColumn = new Int16Array(n);
  const rowWavelength = new Float64Array(n);
  // Few distinct wavelength cells in a file: parse each once.
  const wavelengthCache = new Map<string, number | null>();
  let inferred: PlateSize = 96;
  for (let i = h + 1; i < n; i++) {
    const cells = rows[i];
    if (isBlankRow(cells)) continue;
    const line = lines[i];
    const fields = lastNonBlank(cells) + 1;
    if (fields > headerFields || cells.length < headerFields) {
      const n = fields > headerFields ? fields : cells.length;
      problems.add({
        code: 'RAGGED_ROW',
        line,
        field: 'fields',
        message: `Line ${line}: ${n} field${n === 1 ? '' : 's'}, but the header (line ${headerLine}) has ${headerFields}; every row needs one field per column.${fields > headerFields ? decimalCommaHint(cells, delimiter) : ' Leave a field empty rather than out.'}`,
      });
      continue;
    }
    const text = cells[cols.well] ?? '';
    const position = parseWellName(text);
    if (position === null || position.row < 0) {
      const shown = text.trim();
      problems.add({
        code: 'INVALID_WELL',
        line,
        well: shown,
        field: header[cols.well].trim(),
        message:
          shown === ''
            ? `Line ${line}: the well is missing.`
            : `Line ${line}: "${shown}" is not a well name; write the well as a row letter and a column number (A1 … P24).`,
      });
      continue;
    }
    if (useValue) {
      let wavelengthNm = defaultWavelength;
      const wlText = cols.wavelength >= 0 ? (cells[cols.wavelength] ?? '').trim() : '';
      if (wlText !== '') {
        let cached = wavelengthCache.get(wlText);
        if (cached === undefined) {
          cached = parseWavelengthLabel(wlText);
          wavelengthCache.set(wlText, cached);
        }
        wavelengthNm = cached;
        if (wavelengthNm === null) {
          problems.add({
            code: 'INVALID_WAVELENGTH',
            line,
            well: formatWellName(position.row, position.column),
            field: wavelengthField,
            message: `Line ${line}, well ${text.trim()}: wavelength "${wlText}" is not a wavelength ThioLab reads; ${WAVELENGTH_SPELLINGS}.`,
          });
          continue;
        }
      }
      rowWavelength[i] = wavelengthNm ?? NaN;
    }
    // Wells beyond P24 do not make a plate 384-well; pass 2 reports them.
    const on384 = position.row < 16 && position.column < 24;
    if (on384 && (position.row >= 8 || position.column >= 12)) inferred = 384;
    wellRow[i] = position.row; // ≤ 701 and ≤ 998: both fit in 16 bits
    wellColumn[i] = position.column;
  }

  const plateSize: PlateSize = meta.metadata.declaredPlateSize ?? options.plateSize ?? inferred;
  const maxRows = plateSize === 96 ? 8 : 16;
  const maxColumns = plateSize === 96 ? 12 : 24;
  const perWavelength = cols.perWavelength.map((c) =>
    acc.channel({ mode: 'absorbance', wavelengthNm: c.nm }),
  );
  let channel: ReturnType<typeof acc.channel> | undefined;
  let lastNm: number | null = null;
  for (let i = h + 1; i < n; i++) {
    const row = wellRow[i];
    if (row < 0) continue;
    const column = wellColumn[i];
    const cells = rows[i];
    const line = lines[i];
    if (row >= maxRows || column >= maxColumns) {
      acc.outside(formatWellName(row, column), line, plateSize);
    } else if (useValue) {
      const nm = rowWavelength[i];
      const wl =
        mode !== 'absorbance' ? null : isNaNNumber(nm) ? (options.defaultWavelengthNm ?? null) : nm;
      if (wl !== lastNm || channel === undefined) {
        channel = acc.channel({ mode, wavelengthNm: wl });
        lastNm = wl;
      }
      acc.add(row, column, channel, cells[cols.value] ?? '', line);
    } else {
      for (let k = 0; k < cols.perWavelength.length; k++) {
        acc.add(row, column, perWavelength[k], cells[cols.perWavelength[k].index] ?? '', line);
      }
    }
  }
  return done(plateSize);
}
