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
import type { PlateSize } from '../../analysis/plate/well-position';

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
