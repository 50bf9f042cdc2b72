import { at, PlateBuilder, fileResult, type ChannelSpec } from './plate-builder';
import {
  ProblemList,
  columnNumberRun,
  emptyFileResult,
  firstNumberIn,
  isBlankRow,
  lastNonBlank,
  stripBom,
  tokenize,
  unclosedQuoteResult,
} from './parse-support';
import type { ReadMode } from '../../analysis/plate/plate-reading';
import type {
  ParsedPlate,
  ParseFileResult,
  PlateReaderParseOptions,
  PlateReadingMetadata,
  ReadChannel,
  SkippedBlock,
} from '../../analysis/plate/plate-reading';
import { parseWellName, plateSizeForGrid } from '../../analysis/plate/well-position';

// Molecular Devices SoftMax Pro text export (export version 1.3), PlateFormat and TimeFormat. The
// field positions of the `Plate:` line follow real exports and their reader in
// Benchling-Open-Source/allotropy (src/allotropy/parsers/moldev_softmax_pro/softmax_pro_structure.py):
// fluorescence lines carry a scan-position field after the read mode, shifting what follows,
// and name excitation wavelengths and the PMT gain; luminescence lines name the PMT gain.

const BLOCKS_RE = /^##BLOCKS=\s*(\d+)/;
const TRAILER_RE = /^Original Filename:\s*(.*?)\s*;?\s*Date Last Saved:\s*(.*)$/;

/** Field positions of a `Plate:` line, by read mode. */
interface Fields {
  dataType: number;
  kineticPoints: number;
  nWavelengths: number;
  wavelengths: number;
  nColumns: number;
  nWells: number;
  nRows: number;
  excitation?: number;
  gain?: number;
}

const FIELDS: Record<ReadMode, Fields> = {
  absorbance: {
    dataType: 6,
    kineticPoints: 8,
    nWavelengths: 14,
    wavelengths: 15,
    nColumns: 17,
    nWells: 18,
    nRows: 20,
  },
  fluorescence: {
    dataType: 7,
    kineticPoints: 9,
    nWavelengths: 15,
    wavelengths: 16,
    nColumns: 18,
    nWells: 19,
    nRows: 30,
    excitation: 20,
    gain: 26,
  },
  luminescence: {
    dataType: 6,
    kineticPoints: 8,
    nWavelengths: 14,
    wavelengths: 15,
    nColumns: 17,
    nWells: 18,
    nRows: 29,
    gain: 25,
  },
};

/**
 * Parses a SoftMax Pro text export: `##BLOCKS= n`, then blocks each closed by `~End` (`Note:`,
 * `Group:` and `Plate:` blocks), then the `Original Filename: …; Date Last Saved: …` trailer.
 * Every `Plate:` block is a plate: absorbance, fluorescence (excitation/emission, PMT gain) or
 * luminescence, endpoint, in PlateFormat (one matrix per wavelength, side by side) or TimeFormat
 * (one column per well). "Raw" data keeps one channel per wavelength; "Reduced" data with two
 * wavelengths is stored as already reference-subtracted (A(λ1) − A(λ2)). The reduced section a
 * Raw block repeats, and group tables, are listed as skipped. Kinetic, spectrum and well-scan
 * reads are refused with what to export instead; two plate blocks with the same name are refused.
 */
export function parseSoftmax(text: string, options: PlateReaderParseOptions = {}): ParseFileResult {
  const src = stripBom(text);
  if (src.trim() === '') return emptyFileResult();
  const table = tokenize(src, '\t');
  const unclosed = unclosedQuoteResult(table);
  if (unclosed) return unclosed;
  const { rows, lines } = table;
  const problems = new ProblemList();
  const skipped: SkippedBlock[] = [];
  const plates: (ParsedPlate | null)[] = [];
  const fileExtra: Record<string, string> = {};
  const plateHeaders: { start: number; end: number; name: string }[] = [];

  let i = 0;
  while (i < rows.length && isBlankRow(rows[i])) i++;
  const blocksLine = i < rows.length ? lines[i] : 1;
  if (i < rows.length && BLOCKS_RE.test(rows[i][0].trim())) {
    i++;
  } else {
    problems.add({
      code: 'MALFORMED_HEADER',
      line: blocksLine,
      field: '##BLOCKS',
      message: `Line ${blocksLine}: a SoftMax Pro export starts with "##BLOCKS= n"; export the file again from SoftMax Pro (File › Export, .txt).`,
    });
  }

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
      fileExtra['Original Filename'] = trailer[1];
      fileExtra['Date Last Saved'] = trailer[2];
      i++;
      continue;
    }
    let end = i + 1;
    while (end < rows.length && rows[end][0].trim() !== '~End') end++;
    if (end === rows.length) {
      problems.add({
        code: 'MALFORMED_HEADER',
        line: lines[i],
        field: '~End',
        message: `Line ${lines[i]}: the block starting here is not closed by "~End"; the file looks truncated: export it again.`,
      });
    }
    if (first === 'Plate:') {
      plateHeaders.push({ start: i, end, name: (cells[1] ?? '').trim() });
    } else if (/^Group:/.test(first)) {
      const name = (first.replace(/^Group:\s*/, '') || (cells[1] ?? '')).trim();
      skipped.push({
        name: `Group: ${name}`,
        line: lines[i],
        reason:
          'a SoftMax Pro group table (values calculated from the plate); ThioLab stores the raw reads',
      });
    }
    i = end + 1;
  }

  const multi = plateHeaders.length > 1;
  for (const h of plateHeaders) {
    plates.push(
      parsePlateBlock(rows, lines, h.start, h.end, problems, options, multi, skipped, fileExtra),
    );
  }
  if (plateHeaders.length === 0) {
    problems.add({
      code: 'NO_DATA',
      message: 'The file holds no "Plate:" block; export the plate data, not only group tables.',
    });
  }
  skipped.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  return fileResult('softmax', problems, plates, skipped);
}

function parsePlateBlock(
  rows: string[][],
  lines: number[],
  start: number,
  end: number,
  problems: ProblemList,
  options: PlateReaderParseOptions,
  multi: boolean,
  skipped: SkippedBlock[],
  fileExtra: Record<string, string>,
): ParsedPlate | null {
  const h = rows[start];
  const hl = lines[start];
  const get = (k: number | undefined): string => (k === undefined ? '' : (h[k] ?? '').trim());
  const name = get(1);
  const b = new PlateBuilder(problems, true, multi ? { plate: name || `plate on line ${hl}` } : {});
  const bad = (field: string, message: string, line = hl): null => {
    b.problem({ code: 'MALFORMED_HEADER', line, field, message: `${at(line, b.loc)}: ${message}` });
    return null;
  };
  const modeText = get(5);
  const mode: ReadMode | undefined =
    modeText === 'Absorbance'
      ? 'absorbance'
      : modeText === 'Fluorescence'
        ? 'fluorescence'
        : modeText === 'Luminescence'
          ? 'luminescence'
          : undefined;
  if (!mode) {
    b.problem({
      code: 'UNSUPPORTED_READ_MODE',
      line: hl,
      field: 'read mode',
      message: `${at(hl, b.loc)}: read mode "${modeText}" is not read by ThioLab (absorbance, fluorescence and luminescence are); export one of those.`,
    });
    return null;
  }
  const f = FIELDS[mode];
  const format = get(3);
  const readType = get(4);
  const dataType = get(f.dataType);
  const meta: Omit<PlateReadingMetadata, 'wavelengthsNm'> = {
    extra: {
      ...fileExtra,
      'Export version': get(2),
      'Export format': format,
      'Read type': readType,
      'Data type': dataType,
    },
    software: 'SoftMax Pro',
    plateName: name,
    readMode: modeText,
  };
  const listed = get(f.wavelengths)
    .split(/\s+/)
    .filter((s) => s !== '');
  const wavelengths = listed.map(Number);
  const nWavelengths = Number(get(f.nWavelengths) || String(Math.max(listed.length, 1)));
  const kineticPoints = get(f.kineticPoints);
  if (readType !== 'Endpoint') {
    const what =
      readType === 'Kinetic'
        ? `a kinetic read${kineticPoints ? ` of ${kineticPoints} time point${kineticPoints === '1' ? '' : 's'}` : ''}`
        : readType === 'Spectrum'
          ? 'a spectrum read'
          : `a "${readType}" read`;
    b.problem({
      code: 'UNSUPPORTED_READ_TYPE',
      line: hl,
      field: 'read type',
      message: `${at(hl, b.loc)}: this plate holds ${what}${listed.length ? ` at ${listed.join(', ')} nm` : ''}; ThioLab imports endpoint reads: export the endpoint, or a reduced value per well (SoftMax Pro's Vmax or end-point reduction as Reduced data).`,
    });
    return null;
  }
  if (kineticPoints !== '' && kineticPoints !== '1') {
    b.problem({
      code: 'UNSUPPORTED_READ_TYPE',
      line: hl,
      field: 'kinetic points',
      message: `${at(hl, b.loc)}: ${kineticPoints} reads per well; ThioLab imports single endpoint reads: export one read, or a reduced value per well.`,
    });
    return null;
  }
  if (format !== 'PlateFormat' && format !== 'TimeFormat') {
    b.problem({
      code: 'UNSUPPORTED_READ_TYPE',
      line: hl,
      field: 'export format',
      message: `${at(hl, b.loc)}: export format "${format}" is not read; export as PlateFormat or TimeFormat (Plate or Time format in SoftMax Pro's export dialog).`,
    });
    return null;
  }
  if (dataType !== 'Raw' && dataType !== 'Reduced') {
    b.problem({
      code: 'UNSUPPORTED_READ_TYPE',
      line: hl,
      field: 'data type',
      message: `${at(hl, b.loc)}: data type "${dataType}" is not read; export Raw or Reduced data.`,
    });
    return null;
  }
  const wavelengthsOk =
    mode === 'luminescence'
      ? listed.length === 0 || wavelengths.every((nm) => Number.isFinite(nm))
      : listed.length === nWavelengths &&
        wavelengths.every((nm) => Number.isInteger(nm) && nm >= 200 && nm <= 1100);
  if (!Number.isInteger(nWavelengths) || nWavelengths < 1 || !wavelengthsOk) {
    return bad(
      'wavelengths',
      `the Plate: line lists wavelengths "${get(f.wavelengths)}" for ${get(f.nWavelengths) || '?'} wavelength(s); export the file again.`,
    );
  }
  const excitation = get(f.excitation)
    .split(/\s+/)
    .filter((s) => s !== '')
    .map(Number);
  if (mode === 'fluorescence' && excitation.length !== nWavelengths) {
    return bad(
      'excitation wavelengths',
      `the Plate: line lists ${excitation.length} excitation wavelength(s) for ${nWavelengths} emission wavelength(s).`,
    );
  }
  const nColumns = Number(get(f.nColumns));
  const nWells = Number(get(f.nWells));
  const nRows = get(f.nRows) !== '' ? Number(get(f.nRows)) : nWells / nColumns;
  const size = plateSizeForGrid(nRows, nColumns);
  if (size === null) {
    b.problem({
      code: 'WRONG_PLATE_SIZE',
      line: hl,
      field: 'plate format',
      message: `${at(hl, b.loc)}: the Plate: line describes ${nRows || '?'} rows × ${nColumns || '?'} columns (${get(f.nWells) || '?'} wells); ThioLab reads 96- (8 × 12) and 384-well (16 × 24) plates: export the whole plate in PlateFormat.`,
    });
    return null;
  }
  if (nWells !== size) {
    return bad(
      'number of wells',
      `the Plate: line says ${get(f.nWells)} wells for ${nRows} × ${nColumns}.`,
    );
  }
  const gain = get(f.gain);

  // The channels the data groups hold.
  const reduced = dataType === 'Reduced';
  let channels: ReadChannel[];
  if (reduced) {
    if (mode !== 'absorbance' || nWavelengths > 2) {
      b.problem({
        code: 'UNSUPPORTED_READ_TYPE',
        line: hl,
        field: 'data type',
        message: `${at(hl, b.loc)}: Reduced ${mode} data over ${nWavelengths} wavelength(s): ThioLab cannot tell which reduction it holds; export the Raw data.`,
      });
      return null;
    }
    channels = [
      b.channel(
        nWavelengths === 2
          ? { mode, wavelengthNm: wavelengths[0], referenceNm: wavelengths[1], label: 'Reduced' }
          : { mode, wavelengthNm: wavelengths[0], label: 'Reduced' },
      ),
    ];
  } else {
    channels = [];
    const n = mode === 'luminescence' ? Math.max(nWavelengths, 1) : nWavelengths;
    for (let w = 0; w < n; w++) {
      const spec: ChannelSpec =
        mode === 'absorbance'
          ? { mode, wavelengthNm: wavelengths[w] }
          : mode === 'fluorescence'
            ? {
                mode,
                wavelengthNm: wavelengths[w],
                excitationNm: excitation[w],
                emissionNm: wavelengths[w],
              }
            : {
                mode,
                wavelengthNm: null,
                ...(Number.isFinite(wavelengths[w]) ? { emissionNm: wavelengths[w] } : {}),
              };
      if (gain !== '' && mode !== 'absorbance') spec.gain = gain;
      channels.push(b.channel(spec));
    }
  }
  const groups = channels.length;

  let j = start + 1;
  const header = rows[j];
  const headerLine = lines[j] ?? hl;
  if (j >= end || !header)
    return bad('column header', 'the plate block holds no data; export it again.');
  const hasTemperature = (header[1] ?? '').trim().startsWith('Temperature');

  if (format === 'PlateFormat') {
    const firstColumn = 2;
    const stride = nColumns + 1;
    for (let w = 0; w < groups; w++) {
      if (columnNumberRun(header, firstColumn + w * stride) !== nColumns) {
        return bad(
          'column header',
          `the column header does not list columns 1–${nColumns} for each of the ${groups} data group(s); export the file again.`,
          headerLine,
        );
      }
    }
    const lastValue = firstColumn + groups * stride - 2;
    let count = 0;
    for (j = start + 2; j < end; j++) {
      const cells = rows[j];
      if (isBlankRow(cells)) break;
      const line = lines[j];
      if (count === 0 && hasTemperature) meta.temperatureCelsius = firstNumberIn(cells[1] ?? '');
      if (count >= nRows) {
        count++;
        continue;
      }
      let ragged = cells.length <= lastValue || lastNonBlank(cells) > lastValue;
      for (let w = 0; w < groups - 1 && !ragged; w++) {
        if ((cells[firstColumn + w * stride + nColumns] ?? '').trim() !== '') ragged = true;
      }
      if (ragged) {
        b.problem({
          code: 'RAGGED_ROW',
          line,
          message: `${at(line, b.loc)}: data row ${count + 1} does not hold ${groups} group(s) of ${nColumns} values separated by an empty cell; export the file again.`,
        });
      } else {
        for (let w = 0; w < groups; w++) {
          const base = firstColumn + w * stride;
          for (let k = 0; k < nColumns; k++) b.add(count, k, channels[w], cells[base + k], line);
        }
      }
      count++;
    }
    if (count !== nRows) {
      b.problem({
        code: 'RAGGED_BLOCK',
        line: hl,
        message: `${at(hl, b.loc)}: the plate block has ${count} data rows; a ${size}-well plate has ${nRows}. Export the full plate.`,
      });
    }
    skipReducedSection(rows, lines, j, end, name, multi, reduced, skipped);
  } else {
    // TimeFormat: a header of well names, then one row per wavelength (each its own group).
    const wells: ({ row: number; column: number } | null)[] = [];
    for (let k = 2; k < header.length; k++) {
      const text = header[k].trim();
      if (text === '') {
        wells.push(null);
        continue;
      }
      const pos = parseWellName(text);
      if (pos === null || pos.row >= nRows || pos.column >= nColumns) {
        return bad(
          'column header',
          `"${text}" in the column header is not a well of the plate; export the file again.`,
          headerLine,
        );
      }
      wells.push(pos);
    }
    let g = 0;
    for (j = start + 2; j < end && g < groups; j++) {
      const cells = rows[j];
      if (isBlankRow(cells)) continue;
      if ((cells[2] ?? '').trim() !== '' && parseWellName(cells[2]) !== null) break; // the reduced section
      const line = lines[j];
      if (g === 0 && hasTemperature) meta.temperatureCelsius = firstNumberIn(cells[1] ?? '');
      if (lastNonBlank(cells) > wells.length + 1) {
        b.problem({
          code: 'RAGGED_ROW',
          line,
          message: `${at(line, b.loc)}: the data row has more values than the header has wells; export the file again.`,
        });
      }
      for (let k = 0; k < wells.length; k++) {
        const pos = wells[k];
        if (pos) b.add(pos.row, pos.column, channels[g], cells[k + 2] ?? '', line);
      }
      g++;
    }
    if (g < groups) {
      b.problem({
        code: 'RAGGED_BLOCK',
        line: hl,
        message: `${at(hl, b.loc)}: the plate block holds ${g} data row(s) for ${groups} wavelength(s); export the file again.`,
      });
    }
    skipReducedSection(rows, lines, j, end, name, multi, reduced, skipped);
  }
  return b.finish(
    'softmax',
    size,
    { name: name || 'Plate 1', line: hl },
    meta,
    options,
    reduced || mode !== 'absorbance' ? [] : wavelengths,
  );
}

/** A Raw plate block repeats its values as "reduced" data after a blank line: listed, not stored. */
function skipReducedSection(
  rows: string[][],
  lines: number[],
  from: number,
  end: number,
  name: string,
  multi: boolean,
  reduced: boolean,
  skipped: SkippedBlock[],
): void {
  if (reduced) return;
  for (let j = from; j < end; j++) {
    if (!isBlankRow(rows[j])) {
      skipped.push({
        name: `${multi ? `${name}: ` : ''}reduced data`,
        line: lines[j],
        reason:
          'the reduced values SoftMax Pro computes from the raw reads; ThioLab stores the raw reads',
      });
      return;
    }
  }
}
