import { addMatrix, isMatrixHeader, readMatrix } from './grid-block';
import { at, PlateBuilder, fileResult, type ChannelSpec } from './plate-builder';
import {
  ProblemList,
  emptyFileResult,
  isBlankRow,
  lastNonBlank,
  sniffDelimiter,
  stripBom,
  toIsoLocal,
  tokenize,
  unclosedQuoteResult,
} from './parse-support';
import { readModeOf } from './physical-limits';
import type { ReadMode } from '../../analysis/plate/plate-reading';
import type {
  ParseFileResult,
  PlateReaderParseOptions,
  PlateReadingMetadata,
  SkippedBlock,
} from '../../analysis/plate/plate-reading';
import {
  parseWellName,
  plateDimensions,
  rowIndex,
  rowLetter,
  type PlateSize,
} from '../../analysis/plate/well-position';

// BMG Labtech MARS (CLARIOstar, PHERAstar, FLUOstar, SPECTROstar) CSV export, as in
// Benchling-Open-Source/allotropy tests/parsers/bmg_mars/testdata: `Key: value` cells in the
// first lines (User, Path, Test run no., Test name, Date, Time, ID1–ID3), a line naming the read
// mode (`Absorbance`, `Fluorescence (FI)`, `Luminescence`), then one matrix per data set titled
// `Raw Data (450)`, `Raw Data (450 1)` (wavelength, chromatic), `Raw Data (485/520)` (excitation
// / emission) or `Raw Data (No filter)`.
// MARS 3.40 leaves out the separators of empty cells at the end of a row (allotropy
// "MARS V3.40 V2 Output Missing line end separators.csv"): a short row ends in wells not read.

const RAW_TITLE_RE = /^Raw Data\s*\((.*)\)\s*$/i;
const KEY_VALUE_RE = /^([A-Za-z][\w .#/-]*?):\s*(.*)$/;

/**
 * Parses a BMG MARS CSV export. The barcode is `ID1`, the plate name `ID2`. Every `Raw Data (…)`
 * matrix is a channel; other titled matrices (blank-corrected, calculated) are listed as skipped.
 * Kinetic exports (cycles, times) are refused with what to export instead.
 */
export function parseBmgMars(text: string, options: PlateReaderParseOptions = {}): ParseFileResult {
  const src = stripBom(text);
  if (src.trim() === '') return emptyFileResult();
  const delimiter = sniffDelimiter(src);
  const table = tokenize(src, delimiter);
  const unclosed = unclosedQuoteResult(table);
  if (unclosed) return unclosed;
  const { rows, lines } = table;
  const problems = new ProblemList();
  const b = new PlateBuilder(problems, delimiter !== ',');
  const meta: Omit<PlateReadingMetadata, 'wavelengthsNm'> = { extra: {}, software: 'BMG MARS' };
  const fields: Record<string, string> = {};
  const skipped: SkippedBlock[] = [];
  let mode: ReadMode | undefined;
  let title: { text: string; line: number } | undefined;
  let plateSize: PlateSize | null = null;
  let refused = false;
  let firstBlock = 0;

  for (let i = 0; i < rows.length;) {
    const cells = rows[i];
    if (isBlankRow(cells)) {
      i++;
      continue;
    }
    const line = lines[i];
    if (isMatrixHeader(cells)) {
      const m = readMatrix(b, rows, lines, i, delimiter, plateSize, 'matrix', true);
      plateSize ??= m.size;
      firstBlock ||= line;
      const t = title?.text ?? '';
      const raw = RAW_TITLE_RE.exec(t);
      if (!raw) {
        skipped.push({
          name: t || `matrix on line ${line}`,
          line,
          reason: 'not a raw data matrix (calculated by MARS); ThioLab stores the raw reads',
        });
      } else {
        const spec = channelOf(raw[1].trim(), mode);
        if (spec === null) {
          b.problem({
            code: 'INVALID_WAVELENGTH',
            line: title!.line,
            field: 'Raw Data',
            message: `${at(title!.line, b.loc)}: "${t}" names no wavelength, filter pair or luminescence read ThioLab can tell; export with the wavelength in the title (Raw Data (450)).`,
          });
        } else addMatrix(b, m, b.channel(spec));
      }
      title = undefined;
      i = m.end;
      continue;
    }
    const first = cells[0].trim();
    const last = lastNonBlank(cells);
    if (isTableHeader(cells)) {
      // MARS "table view": one line per well, a column per data set.
      const t = readTable(b, rows, lines, i, plateSize, mode, skipped);
      if (t.kinetic && !refused) refused = true;
      plateSize ??= t.size;
      firstBlock ||= line;
      title = undefined;
      i = t.end;
      continue;
    }
    if (/^(cycle|time\s*\[s\]|time)\b/i.test(first) && last > 2 && !refused) {
      refused = true;
      b.problem({
        code: 'UNSUPPORTED_READ_TYPE',
        line,
        field: first,
        message: `${at(line, b.loc)}: this file holds a kinetic read (one value per well per ${/time/i.test(first) ? 'time point' : 'cycle'}); ThioLab imports endpoint reads: export the endpoint, or a reduced value per well (MARS: "Blank corrected, end point" or a single cycle).`,
      });
    }
    let keyValues = 0;
    for (const cell of cells) {
      const kv = KEY_VALUE_RE.exec(cell.trim());
      if (kv) {
        keyValues++;
        fields[kv[1].trim().toUpperCase()] ??= kv[2].trim();
      }
    }
    if (keyValues === 0 && last === 0) {
      const m = readModeOf(first);
      if (
        !RAW_TITLE_RE.test(first) &&
        m &&
        !/^(blank|calc|ratio)/i.test(first) &&
        mode === undefined
      ) {
        mode = m;
        meta.readMode = first;
      } else {
        title = { text: first, line };
      }
    }
    i++;
  }

  const id1 = fields.ID1;
  if (id1) meta.barcode = id1;
  if (fields.ID2) meta.plateName = fields.ID2;
  if (fields.ID3) meta.extra.ID3 = fields.ID3;
  if (fields['TEST NAME']) meta.extra['Test name'] = fields['TEST NAME'];
  if (fields['TEST RUN NO.']) meta.extra['Test run no.'] = fields['TEST RUN NO.'];
  if (fields.USER) meta.extra.User = fields.USER;
  if (fields.PATH) meta.extra.Path = fields.PATH;
  if (fields.DATE || fields.TIME) {
    meta.readTimeRaw = [fields.DATE, fields.TIME].filter((s) => s).join(' ');
    const iso = fields.DATE ? toIsoLocal(fields.DATE, fields.TIME) : undefined;
    if (iso) meta.readTime = iso;
  }
  if (refused) return fileResult('bmg-mars', problems, [null], skipped);
  const plate = b.finish(
    'bmg-mars',
    plateSize,
    { name: meta.plateName ?? id1 ?? 'Plate 1', line: firstBlock || 1 },
    meta,
    options,
  );
  return fileResult('bmg-mars', problems, [plate], skipped);
}

/** `Well[,Content],…` or `Well Row,Well Col[,Content],…`: the header of MARS's table view. */
function isTableHeader(cells: readonly string[]): boolean {
  const a = (cells[0] ?? '').trim();
  const b = (cells[1] ?? '').trim();
  if (/^well$/i.test(a)) return cells.some((c) => RAW_TITLE_RE.test(c.trim()));
  return (
    /^well row$/i.test(a) &&
    /^well col(umn)?$/i.test(b) &&
    cells.some((c) => RAW_TITLE_RE.test(c.trim()))
  );
}

/**
 * Reads a MARS table view (as openreadout/openreadout docs/formats/plate-readers.md describes it):
 * a header `Well` (`A01`) or `Well Row`, `Well Col`, an optional `Content` column, then one
 * column per data set titled like the plate view's matrices (`Raw Data (570)`; other titles are
 * calculated by MARS and listed as skipped). A second header line (`Time [s]`, cycles,
 * `Wavelength [nm]`) makes it a kinetic or spectral read, refused.
 */
function readTable(
  b: PlateBuilder,
  rows: string[][],
  lines: number[],
  start: number,
  expected: PlateSize | null,
  mode: ReadMode | undefined,
  skipped: SkippedBlock[],
): { end: number; size: PlateSize | null; kinetic: boolean } {
  const header = rows[start];
  const headerLine = lines[start];
  const rowCol = /^well row$/i.test(header[0].trim());
  let next = rowCol ? 2 : 1;
  if (/^content$/i.test((header[next] ?? '').trim())) next++;
  const columns: { index: number; spec: ChannelSpec }[] = [];
  for (let k = next; k <= lastNonBlank(header); k++) {
    const t = header[k].trim();
    if (t === '') continue;
    const raw = RAW_TITLE_RE.exec(t);
    const spec = raw ? channelOf(raw[1].trim(), mode) : null;
    if (raw && spec === null) {
      b.problem({
        code: 'INVALID_WAVELENGTH',
        line: headerLine,
        field: 'Raw Data',
        message: `${at(headerLine, b.loc)}: column "${t}" names no wavelength, filter pair or luminescence read ThioLab can tell; export with the wavelength in the title (Raw Data (450)).`,
      });
    } else if (spec) columns.push({ index: k, spec });
    else {
      skipped.push({
        name: t,
        line: headerLine,
        reason: 'not a raw data column (calculated by MARS); ThioLab stores the raw reads',
      });
    }
  }
  const wellOf = (cells: readonly string[]): { row: number; column: number } | null => {
    if (!rowCol) return parseWellName(cells[0] ?? '');
    const r = rowIndex((cells[0] ?? '').trim());
    const c = (cells[1] ?? '').trim();
    return r >= 0 && /^\d{1,2}$/.test(c) && Number(c) >= 1
      ? { row: r, column: Number(c) - 1 }
      : null;
  };
  let j = start + 1;
  if (j < rows.length && !isBlankRow(rows[j]) && wellOf(rows[j]) === null) {
    const axis = rows[j].find((c) => /^(time|cycle|wavelength)/i.test(c.trim()));
    if (axis !== undefined) {
      const line = lines[j];
      const what = /^wavelength/i.test(axis.trim()) ? 'a spectrum' : 'a kinetic read';
      b.problem({
        code: 'UNSUPPORTED_READ_TYPE',
        line,
        field: axis.trim(),
        message: `${at(line, b.loc)}: this table holds ${what} (a column per ${/^wavelength/i.test(axis.trim()) ? 'wavelength' : /^cycle/i.test(axis.trim()) ? 'cycle' : 'time point'}, "${axis.trim()}"); ThioLab imports endpoint reads: export the endpoint, or a reduced value per well (MARS: "Blank corrected, end point" or a single cycle).`,
      });
      while (j < rows.length && !isBlankRow(rows[j])) j++;
      return { end: j, size: null, kinetic: true };
    }
  }
  const pending: { row: number; column: number; line: number; cells: string[] }[] = [];
  let maxRow = -1;
  let maxCol = -1;
  for (; j < rows.length && !isBlankRow(rows[j]); j++) {
    const pos = wellOf(rows[j]);
    if (pos === null) break;
    maxRow = Math.max(maxRow, pos.row);
    maxCol = Math.max(maxCol, pos.column);
    pending.push({ ...pos, line: lines[j], cells: rows[j] });
  }
  const size: PlateSize = expected ?? (maxRow >= 8 || maxCol >= 12 ? 384 : 96);
  const dims = plateDimensions(size);
  for (const c of columns) {
    const channel = b.channel(c.spec);
    for (const p of pending) {
      if (p.row >= dims.rows || p.column >= dims.columns) {
        b.outside(`${rowLetter(p.row)}${p.column + 1}`, p.line, size);
      } else b.add(p.row, p.column, channel, p.cells[c.index] ?? '', p.line);
    }
  }
  return { end: j, size, kinetic: false };
}

/** The channel a `Raw Data (…)` title names, given the file's read mode. */
function channelOf(inner: string, mode: ReadMode | undefined): ChannelSpec | null {
  let m: RegExpExecArray | null;
  if ((m = /^(\d{3,4})(?:\s*-\s*\d+)?\s*\/\s*(\d{3,4})(?:\s*-\s*\d+)?(?:\s+\d+)?$/.exec(inner))) {
    const ex = Number(m[1]);
    const em = Number(m[2]);
    return {
      mode: 'fluorescence',
      wavelengthNm: em,
      excitationNm: ex,
      emissionNm: em,
      label: `Raw Data (${inner})`,
    };
  }
  if (/^(no filter|lum\w*|)$/i.test(inner) || mode === 'luminescence') {
    const em = /^(\d{3,4})/.exec(inner);
    return {
      mode: 'luminescence',
      wavelengthNm: null,
      ...(em ? { emissionNm: Number(em[1]) } : {}),
      label: `Raw Data (${inner})`,
    };
  }
  if ((m = /^(\d{3,4})(?:\s+\d+)?$/.exec(inner))) {
    const nm = Number(m[1]);
    if (nm < 200 || nm > 1100) return null;
    return {
      mode: mode === 'fluorescence' ? 'fluorescence' : 'absorbance',
      wavelengthNm: nm,
      label: `Raw Data (${inner})`,
    };
  }
  return null;
}
