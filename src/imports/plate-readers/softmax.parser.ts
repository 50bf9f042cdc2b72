import {
  ReadingAccumulator,
  columnNumberRun,
  emptyFileResult,
  firstNumberIn,
  isBlankRow,
  lastNonBlank,
  stripBom,
  tokenize,
} from './parse-support';
import type { ParseResult, PlateReaderParseOptions, PlateReadingMetadata } from './plate-reading';
import { plateSizeForGrid, type PlateSize } from './wells';

// Molecular Devices SoftMax Pro "plate format" text export. The field positions of the
// `Plate:` line follow real exports and their reader in Benchling-Open-Source/allotropy
// (src/allotropy/parsers/moldev_softmax_pro/softmax_pro_structure.py, AbsorbancePlateBlock):
//   0 `Plate:`  1 name  2 export version  3 export format  4 read type  5 read mode
//   6 data type  7 pre-read  8 kinetic points  9–13 read time/interval, start/end/step
//   wavelength  14 number of wavelengths  15 wavelengths (`570 650`)  16 first column
//   17 number of columns  18 number of wells  19 first row  20 number of rows

const BLOCKS_RE = /^##BLOCKS=\s*(\d+)/;
const TRAILER_RE = /^Original Filename:\s*(.*?)\s*;?\s*Date Last Saved:\s*(.*)$/;

/**
 * Parses a SoftMax Pro plate-format export: `##BLOCKS= n`, then blocks each closed by `~End`
 * (`Note:`, `Group:` and `Plate:` blocks; only the plate block is read), then the
 * `Original Filename: …; Date Last Saved: …` trailer. In the plate block, the `Plate:` line
 * gives the wavelengths and plate geometry, the next line the `Temperature(°C)` header and the
 * column numbers once per wavelength, and each data row the temperature (first row only) and
 * one group of column values per wavelength, groups separated by an empty cell.
 *
 * Supported: absorbance, endpoint, raw data, one plate per file. Decimal commas (European
 * locale exports) are accepted. SoftMax's plate format carries no read time; `Date Last
 * Saved` is kept in `metadata.extra`.
 */
export function parseSoftmax(text: string, options: PlateReaderParseOptions = {}): ParseResult {
  const src = stripBom(text);
  if (src.trim() === '') return emptyFileResult();
  const { rows, lines } = tokenize(src, '\t');
  const acc = new ReadingAccumulator(true);
  const meta: Omit<PlateReadingMetadata, 'wavelengthsNm'> = { extra: {}, software: 'SoftMax Pro' };
  let plateSize: PlateSize | null = null;
  let wavelengths: number[] = [];
  let plateBlocks = 0;

  let i = 0;
  while (i < rows.length && isBlankRow(rows[i])) i++;
  const blocksMatch = i < rows.length ? BLOCKS_RE.exec(rows[i][0].trim()) : null;
  const blocksLine = i < rows.length ? lines[i] : 1;
  if (blocksMatch) {
    i++;
  } else {
    acc.problems.add({
      code: 'MALFORMED_HEADER',
      line: blocksLine,
      field: '##BLOCKS',
      message: `Line ${blocksLine}: a SoftMax Pro export starts with "##BLOCKS= n".`,
    });
  }

  const malformed = (line: number, field: string, message: string): void => {
    acc.problems.add({
      code: 'MALFORMED_HEADER',
      line,
      field,
      message: `Line ${line}: ${message}`,
    });
  };

  const parsePlateBlock = (start: number, end: number): void => {
    const h = rows[start];
    const hl = lines[start];
    const get = (k: number): string => (h[k] ?? '').trim();
    if (plateBlocks++ > 0) {
      acc.problems.add({
        code: 'MULTIPLE_PLATES',
        line: hl,
        message: `Line ${hl}: a second plate (${get(1)}) starts here; export one plate per file.`,
      });
      return;
    }
    meta.plateName = get(1);
    meta.readMode = get(5);
    meta.extra['Export version'] = get(2);
    meta.extra['Export format'] = get(3);
    meta.extra['Read type'] = get(4);
    meta.extra['Data type'] = get(6);
    const unsupported: [string, string, string][] = [
      ['export format', get(3), 'PlateFormat'],
      ['read type', get(4), 'Endpoint'],
      ['read mode', get(5), 'Absorbance'],
      ['data type', get(6), 'Raw'],
    ];
    let supported = true;
    for (const [field, value, wanted] of unsupported) {
      if (value !== wanted) {
        supported = false;
        acc.problems.add({
          code: 'UNSUPPORTED_READ_TYPE',
          line: hl,
          field,
          message: `Line ${hl}: ${field} "${value}" is not supported; export ${wanted} data.`,
        });
      }
    }
    if (!supported) return;

    const nWavelengths = Number(get(14) || '1');
    const listed = get(15)
      .split(/\s+/)
      .filter((s) => s !== '');
    wavelengths = listed.map(Number);
    if (
      !Number.isInteger(nWavelengths) ||
      nWavelengths < 1 ||
      listed.length !== nWavelengths ||
      wavelengths.some((nm) => !Number.isInteger(nm) || nm < 200 || nm > 1100)
    ) {
      malformed(
        hl,
        'wavelengths',
        `the Plate: line lists wavelengths "${get(15)}" for ${get(14) || '?'} wavelength(s).`,
      );
      wavelengths = [];
      return;
    }
    if (get(8) !== '' && get(8) !== '1') {
      acc.problems.add({
        code: 'UNSUPPORTED_READ_TYPE',
        line: hl,
        field: 'kinetic points',
        message: `Line ${hl}: ${get(8)} kinetic points; only single endpoint reads can be imported.`,
      });
      return;
    }
    const nColumns = Number(get(17));
    const nWells = Number(get(18));
    const nRows = get(20) !== '' ? Number(get(20)) : nWells / nColumns;
    const size = plateSizeForGrid(nRows, nColumns);
    if (size === null) {
      acc.problems.add({
        code: 'WRONG_PLATE_SIZE',
        line: hl,
        field: 'plate format',
        message: `Line ${hl}: the Plate: line describes ${get(20) || '?'} rows × ${get(17) || '?'} columns (${get(18) || '?'} wells); a plate has 8 × 12 or 16 × 24.`,
      });
      return;
    }
    if (nWells !== size) {
      malformed(
        hl,
        'number of wells',
        `the Plate: line says ${get(18)} wells for ${nRows} × ${nColumns}.`,
      );
      return;
    }
    plateSize = size;

    const ch = start + 1 < end ? rows[start + 1] : undefined;
    const chl = start + 1 < end ? lines[start + 1] : hl;
    if (!ch || !(ch[1] ?? '').trim().startsWith('Temperature')) {
      malformed(
        chl,
        'column header',
        'expected the "Temperature(°C)" column header after the Plate: line.',
      );
      return;
    }
    const stride = nColumns + 1;
    for (let w = 0; w < nWavelengths; w++) {
      if (columnNumberRun(ch, 2 + w * stride) !== nColumns) {
        malformed(
          chl,
          'column header',
          `the column header does not list columns 1–${nColumns} for each of the ${nWavelengths} wavelength(s).`,
        );
        return;
      }
    }

    const lastValue = 2 + nWavelengths * stride - 2;
    let count = 0;
    let extraRows = 0;
    for (let j = start + 2; j < end; j++) {
      const cells = rows[j];
      if (isBlankRow(cells)) break;
      const line = lines[j];
      if (count === 0) meta.temperatureCelsius = firstNumberIn(cells[1] ?? '');
      if (count >= nRows) {
        extraRows++;
        count++;
        continue;
      }
      let ragged = cells.length <= lastValue || lastNonBlank(cells) > lastValue;
      for (let w = 0; w < nWavelengths - 1 && !ragged; w++) {
        if ((cells[2 + w * stride + nColumns] ?? '').trim() !== '') ragged = true;
      }
      if (ragged) {
        acc.problems.add({
          code: 'RAGGED_ROW',
          line,
          message: `Line ${line}: data row ${count + 1} does not hold ${nWavelengths} group(s) of ${nColumns} values separated by an empty cell.`,
        });
      } else {
        for (let w = 0; w < nWavelengths; w++) {
          const base = 2 + w * stride;
          for (let k = 0; k < nColumns; k++)
            acc.add(count, k, wavelengths[w], cells[base + k], line);
        }
      }
      count++;
    }
    if (count !== nRows) {
      acc.problems.add({
        code: 'RAGGED_BLOCK',
        line: hl,
        message: `Line ${hl}: the plate block has ${count} data rows; a ${size}-well plate has ${nRows}${extraRows > 0 ? '' : ' (rows missing)'}.`,
      });
    }
  };

  // The `##BLOCKS=` count is not checked: real exports sometimes declare more blocks than they
  // hold (e.g. KaiAragaki/mop inst/extdata/spectramax.txt says 4 and has 3). A truncated file
  // shows as a block without `~End`.
  while (i < rows.length) {
    const cells = rows[i];
    const first = cells[0].trim();
    if (isBlankRow(cells) || first.startsWith('Copyright')) {
      i++;
      continue;
    }
    const trailer = TRAILER_RE.exec(first);
    if (trailer) {
      meta.extra['Original Filename'] = trailer[1];
      meta.extra['Date Last Saved'] = trailer[2];
      i++;
      continue;
    }
    let end = i + 1;
    while (end < rows.length && rows[end][0].trim() !== '~End') end++;
    if (end === rows.length) {
      malformed(
        lines[i],
        '~End',
        `the block starting here is not closed by "~End" (truncated file?).`,
      );
    }
    if (first === 'Plate:') parsePlateBlock(i, end);
    i = end + 1;
  }

  if (plateBlocks === 0) {
    acc.problems.add({ code: 'NO_DATA', message: 'The file holds no "Plate:" block.' });
  }
  return acc.finish('softmax', plateSize, meta, options, wavelengths);
}
