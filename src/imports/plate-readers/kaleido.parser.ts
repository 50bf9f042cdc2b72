import { addMatrix, isMatrixHeader, readMatrix, type MatrixResult } from './grid-block';
import { at, PlateBuilder, fileResult, type ChannelSpec } from './plate-builder';
import {
  ProblemList,
  emptyFileResult,
  firstNumberIn,
  isBlankRow,
  lastNonBlank,
  sniffDelimiter,
  stripBom,
  tokenize,
  unclosedQuoteResult,
} from './parse-support';
import { readModeOf } from './physical-limits';
import type {
  ParsedPlate,
  ParseFileResult,
  PlateReaderParseOptions,
  PlateReadingMetadata,
  SkippedBlock,
} from '../../analysis/plate/plate-reading';
import type { PlateSize } from '../../analysis/plate/well-position';

// Revvity (PerkinElmer) Kaleido CSV export, as in Benchling-Open-Source/allotropy
// tests/parsers/revvity_kaleido/testdata: blocks `Results for <technology>` each with a
// `Barcode: …, PlateRepeat: n, WellRepeat: n` line and a plate matrix, then "Analysis Result"
// blocks, "Measurement Basic Information" (software, start time, barcode, serial number), plate
// type, platemap, and "Measurements:" with the settings of each technology (wavelengths).

const RESULTS_RE = /^Results for\s+(.+)$/i;

interface ResultBlock {
  tech: string;
  line: number;
  barcode: string;
  repeat: string;
  matrix: MatrixResult;
}

function norm(s: string): string {
  return s.replace(/\u00a0/g, ' ').trim();
}

/**
 * Parses a Kaleido CSV export. Each `Results for <tech>` matrix is a channel whose settings come
 * from the "Measurements:" table (excitation wavelength for absorbance; excitation and emission
 * for fluorescence); matrices of the same barcode make one plate, other barcodes other plates.
 * "Analysis Result" blocks are listed as skipped; more than one plate repeat is a kinetic read and
 * is refused.
 */
export function parseKaleido(text: string, options: PlateReaderParseOptions = {}): ParseFileResult {
  const src = stripBom(text);
  if (src.trim() === '') return emptyFileResult();
  const delimiter = sniffDelimiter(src);
  const table = tokenize(src, delimiter);
  const unclosed = unclosedQuoteResult(table);
  if (unclosed) return unclosed;
  const { rows, lines } = table;
  const problems = new ProblemList();
  const scratch = new PlateBuilder(problems, delimiter !== ',');
  const meta: Omit<PlateReadingMetadata, 'wavelengthsNm'> = { extra: {}, software: 'Kaleido' };
  const results: ResultBlock[] = [];
  const skipped: SkippedBlock[] = [];
  /** Settings per technology, from the "Measurements:" table (key → value per column). */
  const settings = new Map<string, Map<string, string>>();
  let techColumns: string[] = [];
  let section = '';
  let pending: { tech: string; line: number; barcode: string; repeat: string } | undefined;
  let plateSize: PlateSize | null = null;

  for (let i = 0; i < rows.length;) {
    const cells = rows[i].map(norm);
    if (isBlankRow(cells)) {
      i++;
      continue;
    }
    const line = lines[i];
    const first = cells[0];
    if (isMatrixHeader(cells)) {
      if (pending && section === 'results') {
        const m = readMatrix(scratch, rows, lines, i, delimiter, plateSize, 'matrix');
        plateSize ??= m.size;
        results.push({ ...pending, matrix: m });
        pending = undefined;
        i = m.end;
        continue;
      }
      // A platemap or an analysis matrix: not raw data.
      let j = i + 1;
      while (j < rows.length && !isBlankRow(rows[j])) j++;
      i = j;
      continue;
    }
    let m: RegExpExecArray | null;
    if ((m = RESULTS_RE.exec(first))) {
      section = 'results';
      pending = { tech: m[1].trim(), line, barcode: '', repeat: '1' };
    } else if (/^Analysis Result/i.test(first)) {
      section = 'analysis';
      skipped.push({
        name: first,
        line,
        reason: 'calculated by Kaleido; ThioLab stores the raw reads',
      });
    } else if (section === 'results' && pending && /^Barcode:/i.test(first)) {
      for (const cell of cells) {
        const kv = /^([\w ]+):\s*(.*)$/.exec(cell);
        if (!kv) continue;
        if (/^barcode$/i.test(kv[1])) pending.barcode = kv[2].trim();
        if (/^plate ?repeat$/i.test(kv[1])) pending.repeat = kv[2].trim();
      }
    } else if (/^Measurements:$/i.test(first)) {
      section = 'measurements';
    } else if (section === 'measurements' && /^(Analysis|Comments|Operations):?$/i.test(first)) {
      section = 'after';
    } else if (section === 'measurements') {
      const values = cells.slice(4);
      if (/^Tech$/i.test(first)) {
        techColumns = values;
        for (const t of values) if (t !== '' && !settings.has(t)) settings.set(t, new Map());
      } else if (techColumns.length > 0) {
        values.forEach((v, k) => {
          const tech = techColumns[k];
          if (tech && v !== '') settings.get(tech)!.set(first.toLowerCase(), v);
        });
      }
    } else {
      const last = lastNonBlank(cells);
      const value = cells
        .slice(1, last + 1)
        .filter((c) => c !== '')
        .join(' ');
      const key = first.replace(/:$/, '').trim();
      if (value !== '') {
        if (/^Software version$/i.test(key)) meta.software = value;
        else if (/^Measurement Started$/i.test(key)) {
          meta.readTimeRaw = value;
          const iso = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)/.exec(value);
          if (iso) meta.readTime = iso[1];
        } else if (/^Instrument Serial Number$/i.test(key)) meta.instrumentSerial = value;
        else if (/^Plate Type Name$/i.test(key)) meta.extra['Plate Type'] = value;
        else if (/temperature/i.test(key) && meta.temperatureCelsius === undefined) {
          const t = firstNumberIn(value);
          if (t !== undefined) meta.temperatureCelsius = t;
        } else if (!(key in meta.extra) && key.length < 60) meta.extra[key] = value;
      }
    }
    i++;
  }

  // Plates by barcode, in order of appearance.
  const byBarcode = new Map<string, ResultBlock[]>();
  for (const r of results) byBarcode.set(r.barcode, [...(byBarcode.get(r.barcode) ?? []), r]);
  const multi = byBarcode.size > 1;
  const plates: (ParsedPlate | null)[] = [];
  for (const [barcode, blocks] of byBarcode) {
    const b = new PlateBuilder(problems, delimiter !== ',', multi ? { plate: barcode } : {});
    const repeats = new Set(blocks.map((r) => r.repeat));
    if (repeats.size > 1) {
      b.problem({
        code: 'UNSUPPORTED_READ_TYPE',
        line: blocks[1].line,
        field: 'PlateRepeat',
        message: `${at(blocks[1].line, b.loc)}: this file holds ${repeats.size} repeats of the plate (a kinetic read); ThioLab imports endpoint reads: export one repeat, or a reduced value per well.`,
      });
      plates.push(null);
      continue;
    }
    for (const r of blocks) {
      const spec = channelOf(r.tech, settings.get(r.tech));
      if (spec === null) {
        b.problem({
          code: 'UNSUPPORTED_READ_MODE',
          line: r.line,
          field: 'technology',
          message: `${at(r.line, b.loc)}: Kaleido technology "${r.tech}" names no read ThioLab can tell (absorbance with its wavelength, fluorescence, luminescence); export the "Measurements:" settings with the results.`,
        });
        continue;
      }
      addMatrix(b, r.matrix, b.channel(spec));
    }
    plates.push(
      b.finish(
        'kaleido',
        plateSize,
        { name: barcode || 'Plate 1', line: blocks[0].line },
        { ...meta, extra: { ...meta.extra }, ...(barcode ? { barcode } : {}) },
        options,
      ),
    );
  }
  if (results.length === 0) {
    problems.add({
      code: 'NO_DATA',
      message: 'The file holds no "Results for …" matrix; export the plate results from Kaleido.',
    });
  }
  return fileResult('kaleido', problems, plates, skipped);
}

function channelOf(tech: string, s: Map<string, string> | undefined): ChannelSpec | null {
  const num = (...keys: string[]): number | undefined => {
    for (const k of keys) {
      const v = s?.get(k);
      const n = v === undefined ? undefined : firstNumberIn(v);
      if (n !== undefined && n >= 200 && n <= 1100) return n;
    }
    return undefined;
  };
  const mode = readModeOf(tech) ?? (/^abs/i.test(tech) ? 'absorbance' : undefined);
  if (mode === 'absorbance') {
    const nm = num('excitation wavelength [nm]', 'wavelength [nm]', 'measurement wavelength [nm]');
    return nm === undefined ? null : { mode, wavelengthNm: nm, label: tech };
  }
  if (mode === 'fluorescence' || /^(fl|fi)\b/i.test(tech)) {
    const ex = num('excitation wavelength [nm]', 'exc. filter [nm]');
    const em = num('emission wavelength [nm]', 'ems. filter [nm]');
    const gain = s?.get('gain') ?? s?.get('pmt gain');
    return {
      mode: 'fluorescence',
      wavelengthNm: em ?? null,
      ...(ex !== undefined ? { excitationNm: ex } : {}),
      ...(em !== undefined ? { emissionNm: em } : {}),
      ...(gain ? { gain } : {}),
      label: tech,
    };
  }
  if (mode === 'luminescence') return { mode, wavelengthNm: null, label: tech };
  return null;
}
