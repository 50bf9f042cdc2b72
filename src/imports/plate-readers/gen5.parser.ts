import {
  ReadingAccumulator,
  columnNumberRun,
  decimalCommaHint,
  emptyFileResult,
  firstNumberIn,
  isBlankRow,
  lastNonBlank,
  stripBom,
  toIsoLocal,
  tokenize,
  type Delimiter,
} from './parse-support';
import type { ParseResult, PlateReaderParseOptions, PlateReadingMetadata } from './plate-reading';
import { plateDimensions, plateSizeForColumns, rowIndex, rowLetter, type PlateSize } from './wells';

// BioTek/Agilent Gen5 text export. The layout follows real Gen5 2.x/3.x exports, e.g. those in
// Benchling-Open-Source/allotropy tests/parsers/agilent_gen5/testdata/ (header block, then
// "Procedure Details", then per-read matrices or a "Results" matrix whose rows end with the
// measurement label such as `570`, `abs570:570` or `Read 1:570`).

/** Gen5 export file names start `yyMMdd_HHmmss_<plate barcode>_…` (Gen5 default naming). */
const FILENAME_BARCODE_RE = /^\d{6}_\d{6}_([^_]+)_.*\.txt$/i;
/** Data-reduction steps whose labels look like `<name>:<nm>` but are not raw reads. */
const DERIVED_PREFIX_RE = /^(?:blank|corrected|delta|ratio|normali[sz]ed|mean|average)\b/i;
const READ_MODE_RE = /^(Absorbance|Fluorescence|Luminescence|Alpha\w*)\b\s*(.*)$/i;

function delimiterOf(text: string): Delimiter {
  const m = /^[ \t]*Software Version([\t,])/m.exec(text);
  if (m) return m[1] === ',' ? ',' : '\t';
  return text.indexOf('\t') !== -1 ? '\t' : ',';
}

function basename(path: string): string {
  const k = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  return k === -1 ? path : path.slice(k + 1);
}

/**
 * Parses a BioTek/Agilent Gen5 plate export (tab- or comma-delimited text). Reads the header
 * (software version, experiment and protocol paths, plate number, date and time, reader type
 * and serial number, reading type), the procedure (plate type, read steps, `Wavelengths: 570,
 * 650`), `Actual Temperature`, and every raw read matrix: a block per measurement titled e.g.
 * `570`, or a `Results` block with one line per measurement under each row letter. Layout and
 * data-reduction blocks (`Blank 570`, `Conc`, `[Concentration]`…) are skipped. Overflow marks
 * (`OVRFLW`) and other non-numbers are problems; blank cells are wells not read.
 *
 * Only endpoint reads are supported; a kinetic, spectrum or scan procedure is a problem.
 * Gen5 writes dates in the Windows locale; `M/D/YYYY` is assumed (see `readTimeRaw`).
 */
export function parseGen5(text: string, options: PlateReaderParseOptions = {}): ParseResult {
  const src = stripBom(text);
  if (src.trim() === '') return emptyFileResult();
  const delimiter = delimiterOf(src);
  const { rows, lines } = tokenize(src, delimiter);
  const acc = new ReadingAccumulator(delimiter !== ',');
  const meta: Omit<PlateReadingMetadata, 'wavelengthsNm'> = { extra: {} };
  const readNames = new Set<string>();
  const declared: number[] = [];
  // The first block to supply a measurement label wins: "all data" exports repeat it.
  const labelBlock = new Map<string, number>();
  let plateSize: PlateSize | null = null;
  let date: string | undefined;
  let time: string | undefined;
  let plateNumberLine = 0;
  let inProcedure = false;
  let title = '';
  let sawMatrix = false;

  const declareWavelengths = (list: string): void => {
    for (const part of list.split(/[,;\s]+/)) {
      const nm = Number(part);
      if (
        part !== '' &&
        Number.isInteger(nm) &&
        nm >= 200 &&
        nm <= 1100 &&
        !declared.includes(nm)
      ) {
        declared.push(nm);
      }
    }
  };

  const procedureDetail = (detail: string, line: number): void => {
    let m: RegExpExecArray | null;
    if (
      (m = /^Wavelengths?:\s*(.+)$/i.exec(detail)) ||
      (m = /^Read:\s*([\d,;\s]+)$/i.exec(detail))
    ) {
      declareWavelengths(m[1]);
    } else if ((m = READ_MODE_RE.exec(detail))) {
      meta.readMode ??= m[1];
      const type = m[2].trim();
      if (type !== '' && !/^endpoint\b/i.test(type)) {
        acc.problems.add({
          code: 'UNSUPPORTED_READ_TYPE',
          line,
          field: 'Read',
          message: `Line ${line}: "${detail}" is not an endpoint read; only endpoint reads can be imported.`,
        });
      }
    }
  };

  /** Wavelength of a raw read label, or null for layout and data-reduction rows. */
  const rawWavelength = (label: string): number | null => {
    if (/^\d{3,4}$/.test(label)) return Number(label);
    const m = /^(.*\S)\s*:\s*(\d{3,4})$/.exec(label);
    if (!m) return null;
    const prefix = m[1];
    if (readNames.has(prefix) || /^Read \d+$/i.test(prefix)) return Number(m[2]);
    if (readNames.size === 0 && !DERIVED_PREFIX_RE.test(prefix)) return Number(m[2]);
    return null;
  };

  const parseMatrix = (start: number, blockTitle: string): number => {
    const headerLine = lines[start];
    const nColumns = columnNumberRun(rows[start], 1);
    const size = plateSizeForColumns(nColumns);
    let j = start + 1;
    const skipRest = (): number => {
      while (j < rows.length && !isBlankRow(rows[j])) j++;
      return j;
    };
    if (/^(layout|well ids?)$/i.test(blockTitle)) return skipRest();
    sawMatrix = true;
    if (size === null) {
      acc.problems.add({
        code: 'WRONG_PLATE_SIZE',
        line: headerLine,
        message: `Line ${headerLine}: the matrix has ${nColumns} columns; a 96-well plate has 12 and a 384-well plate 24.`,
      });
      return skipRest();
    }
    if (plateSize !== null && plateSize !== size) {
      acc.problems.add({
        code: 'WRONG_PLATE_SIZE',
        line: headerLine,
        message: `Line ${headerLine}: this matrix is a ${size}-well plate but an earlier one is ${plateSize}-well.`,
      });
      return skipRest();
    }
    plateSize = size;
    if (meta.declaredPlateSize !== undefined && meta.declaredPlateSize !== size) {
      acc.problems.add({
        code: 'WRONG_PLATE_SIZE',
        line: headerLine,
        field: 'Plate Type',
        message: `Line ${headerLine}: the matrix is a ${size}-well plate but Plate Type declares ${meta.declaredPlateSize} wells.`,
      });
    }
    const nRows = plateDimensions(size).rows;
    const rowsSeen = new Uint8Array(nRows);
    const supplied = new Set<string>();
    // A single-wavelength "Results" block may come without labels.
    const fallbackLabel =
      /^results$/i.test(blockTitle) && declared.length === 1 ? String(declared[0]) : blockTitle;
    let labelled: boolean | undefined;
    let row = -1;
    let letter = '';
    for (; j < rows.length; j++) {
      const cells = rows[j];
      if (isBlankRow(cells)) break;
      const first = cells[0].trim();
      if (first.length === 1 && rowIndex(first) >= 0) {
        row = rowIndex(first);
        letter = first.toUpperCase();
      } else if (first !== '' || row < 0) {
        break;
      }
      const line = lines[j];
      // A ragged row is still present: report it once, not also as a missing row.
      if (row < nRows) rowsSeen[row] = 1;
      const last = lastNonBlank(cells);
      // Whether rows end with a measurement label is fixed by the block's first row.
      labelled ??= last === nColumns + 1;
      const labelCell = labelled ? (cells[nColumns + 1] ?? '').trim() : '';
      const tooLong = last > (labelled ? nColumns + 1 : nColumns);
      if (cells.length < nColumns + 1 || tooLong || (labelled && labelCell === '')) {
        acc.problems.add({
          code: 'RAGGED_ROW',
          line,
          message: `Line ${line}: row ${letter} does not have ${nColumns} values${labelled ? ' followed by its measurement label' : ''}.${tooLong ? decimalCommaHint(cells, delimiter) : ''}`,
        });
        continue;
      }
      const label = labelled ? labelCell : fallbackLabel;
      const nm = rawWavelength(label);
      if (nm === null) continue;
      const owner = labelBlock.get(label);
      if (owner !== undefined && owner !== start) continue;
      supplied.add(label);
      if (row >= nRows) {
        for (let k = 1; k <= nColumns; k++) {
          if (cells[k].trim() !== '') acc.outside(`${letter}${k}`, line, size);
        }
        continue;
      }
      for (let k = 0; k < nColumns; k++) acc.add(row, k, nm, cells[k + 1], line);
    }
    for (const label of supplied) labelBlock.set(label, start);
    if (supplied.size > 0) {
      const missing: string[] = [];
      for (let r = 0; r < nRows; r++) if (rowsSeen[r] === 0) missing.push(rowLetter(r));
      if (missing.length > 0) {
        acc.problems.add({
          code: 'RAGGED_BLOCK',
          line: headerLine,
          message: `Line ${headerLine}: the matrix has no row ${missing.join(', ')}; a ${size}-well plate has rows A–${rowLetter(nRows - 1)}.`,
        });
      }
    }
    return j;
  };

  let i = 0;
  while (i < rows.length) {
    const cells = rows[i];
    if (isBlankRow(cells)) {
      i++;
      continue;
    }
    const line = lines[i];
    const first = cells[0].trim();
    if (first === '' && columnNumberRun(cells, 1) >= 2) {
      i = parseMatrix(i, title);
      title = '';
      inProcedure = false;
      continue;
    }
    const last = lastNonBlank(cells);
    const key = first.replace(/:\s*$/, '').trim();
    const value = cells
      .slice(1, last + 1)
      .map((c) => c.trim())
      .filter((c) => c !== '')
      .join(' ');
    title = last === 0 ? first : '';
    if (first === '') {
      if (inProcedure) procedureDetail(value, line);
    } else if (/^Procedure (Details|Summary)$/i.test(key)) {
      inProcedure = true;
    } else if (inProcedure && key === 'Read') {
      if (READ_MODE_RE.test(value) || /^Read:/i.test(value)) procedureDetail(value, line);
      else if (value !== '') readNames.add(value);
    } else if (/^Start Kinetic$|^Kinetic$/i.test(key)) {
      acc.problems.add({
        code: 'UNSUPPORTED_READ_TYPE',
        line,
        field: key,
        message: `Line ${line}: the procedure is kinetic; only endpoint reads can be imported.`,
      });
    } else {
      switch (key) {
        case 'Software Version':
          meta.software ??= `Gen5 ${value}`.trim();
          break;
        case 'Plate Number':
          if (plateNumberLine !== 0) {
            acc.problems.add({
              code: 'MULTIPLE_PLATES',
              line,
              field: key,
              message: `Line ${line}: a second plate (${value}) starts here; export one plate per file.`,
            });
          } else {
            plateNumberLine = line;
            meta.plateName = value;
          }
          break;
        case 'Date':
          date ??= value;
          break;
        case 'Time':
          time ??= value;
          break;
        case 'Reader Type':
          meta.instrument ??= value;
          break;
        case 'Reader Serial Number':
          meta.instrumentSerial ??= value;
          break;
        case 'Actual Temperature':
        case 'Temperature': {
          const t = firstNumberIn(value);
          if (t !== undefined) meta.temperatureCelsius ??= t;
          break;
        }
        case 'Barcode':
        case 'Plate Barcode':
        case 'Plate ID':
          if (value !== '') meta.barcode ??= value;
          break;
        case 'Plate Type': {
          meta.extra[key] ??= value;
          const m = /(\d+)\s*WELL/i.exec(value);
          const n = m ? Number(m[1]) : NaN;
          if (n === 96 || n === 384) meta.declaredPlateSize ??= n;
          else if (m) {
            acc.problems.add({
              code: 'WRONG_PLATE_SIZE',
              line,
              field: key,
              message: `Line ${line}: plate type "${value}" is not a 96- or 384-well plate.`,
            });
          }
          break;
        }
        default:
          if (value !== '' && !(key in meta.extra)) meta.extra[key] = value;
      }
    }
    i++;
  }

  if (date !== undefined || time !== undefined) {
    meta.readTimeRaw = [date, time].filter((s) => s).join(' ');
    const iso = date ? toIsoLocal(date, time) : undefined;
    if (iso) meta.readTime = iso;
  }
  if (meta.barcode === undefined && options.filename) {
    const m = FILENAME_BARCODE_RE.exec(basename(options.filename));
    if (m) meta.barcode = m[1];
  }
  if (!sawMatrix) {
    acc.problems.add({
      code: 'NO_DATA',
      message:
        'No read matrix found: expected a row of column numbers (1…12 or 1…24) followed by rows A, B, ….',
    });
  }
  return acc.finish('gen5', plateSize, meta, options, declared);
}
