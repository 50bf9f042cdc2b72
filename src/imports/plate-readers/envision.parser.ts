import { at, PlateBuilder, fileResult, type ChannelSpec } from './plate-builder';
import {
  ProblemList,
  emptyFileResult,
  firstNumberIn,
  isBlankRow,
  lastNonBlank,
  sniffDelimiter,
  stripBom,
  toIsoLocal,
  tokenize,
  type Delimiter,
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
import { plateSizeForGrid, rowIndex, type PlateSize } from '../../analysis/plate/well-position';

// PerkinElmer (Revvity) EnVision CSV export, following real exports and their reader in
// Benchling-Open-Source/allotropy (src/allotropy/parsers/perkin_elmer_envision/
// perkin_elmer_envision_structure.py): per plate and measurement, "Plate information" (a header
// line and a values line: Plate, Repeat, Barcode `="…"`, temperatures, Label or Formula,
// MeasInfo), optional "Background information", then the plate's values as a matrix without row
// and column labels (or with them); after all plates, assay, protocol, plate type, platemap,
// calculations, labels (filters, wavelengths) and instrument sections.

interface DataBlock {
  plateNumber: string;
  repeat: string;
  barcode: string;
  /** The measurement label (`BCA Absorbance @ 562`), or null for a calculated block. */
  label: string | null;
  formula: string | null;
  /** The `Kinetics` column: a kinetic measurement when not 0. */
  kinetics: string;
  /** The `Measinfo` column (`De=Abs Ex=N/A Em=450 nm Wdw=N/A`): the detector and filters used. */
  measInfo: string;
  line: number;
  temperature?: number;
  measuredAt?: string;
  /** The values, one row per plate row, with their lines. */
  rows: string[][];
  lines: number[];
}

function stripExcelText(v: string): string {
  // EnVision writes text it wants Excel to keep as text as ="…".
  const m = /^="(.*)"$/.exec(v.trim());
  return (m ? m[1] : v).trim();
}

/**
 * Parses an EnVision CSV export. Each plate number (with its barcode) is a plate; each measured
 * label is a channel whose mode and wavelengths come from the label's name (`… Absorbance @ 562`)
 * or its settings in the "Labels:" section (excitation/emission filters; AlphaScreen labels,
 * which carry excitation and emission times, are luminescence). Calculated blocks (a Formula
 * instead of a Label) are listed as skipped; plate repeats (kinetics) are refused.
 */
export function parseEnvision(
  text: string,
  options: PlateReaderParseOptions = {},
): ParseFileResult {
  const src = stripBom(text);
  if (src.trim() === '') return emptyFileResult();
  const delimiter = sniffDelimiter(src);
  const table = tokenize(src, delimiter);
  const unclosed = unclosedQuoteResult(table);
  if (unclosed) return unclosed;
  const { rows, lines } = table;
  const problems = new ProblemList();
  const skipped: SkippedBlock[] = [];
  const blocks: DataBlock[] = [];
  const labelSettings = new Map<string, Map<string, string>>();
  const filters = new Map<string, string>();
  const meta: Omit<PlateReadingMetadata, 'wavelengthsNm'> = { extra: {}, software: 'EnVision' };
  let wells: number | undefined;

  let i = 0;
  while (i < rows.length) {
    const first = (rows[i][0] ?? '').trim();
    if (/^Plate information$/i.test(first)) {
      i = readPlateBlock(rows, lines, i, blocks, delimiter);
      continue;
    }
    if (/^Labels:$/i.test(first)) {
      i = readSettings(
        rows,
        i + 1,
        labelSettings,
        /^(Filters:|Mirror modules:|Instrument:|Aperture:)/i,
      );
      continue;
    }
    if (/^Filters:$/i.test(first)) {
      const f = new Map<string, Map<string, string>>();
      i = readSettings(rows, i + 1, f, /^(Mirror modules:|Instrument:|Aperture:)/i);
      for (const [name, s] of f) filters.set(name, s.get('description') ?? '');
      continue;
    }
    const value = rows[i]
      .slice(1)
      .map((c) => c.trim())
      .filter((c) => c !== '')
      .join(' ');
    const key = first.replace(/:\s*$/, '');
    if (/^Number of the wells in the plate$/i.test(key)) wells = Number(value);
    else if (/^Exported with/i.test(first)) meta.software = first.replace(/^Exported with\s*/i, '');
    else if (/^(Serial#|Serial number)$/i.test(key) && value)
      meta.instrumentSerial ??= stripExcelText(value);
    else if (/^Nickname$/i.test(key) && value) meta.instrument ??= value;
    else if (/^(Assay ID|Protocol Name|Protocol ID|Assay Started)$/i.test(key) && value) {
      meta.extra[key] ??= value;
    }
    i++;
  }

  // Plates by number, in order of appearance.
  const byPlate = new Map<string, DataBlock[]>();
  for (const block of blocks) {
    byPlate.set(block.plateNumber, [...(byPlate.get(block.plateNumber) ?? []), block]);
  }
  const multi = byPlate.size > 1;
  const plates: (ParsedPlate | null)[] = [];
  for (const [number, list] of byPlate) {
    const barcode = list.find((x) => x.barcode !== '')?.barcode ?? '';
    const name = `Plate ${number}`;
    const b = new PlateBuilder(
      problems,
      delimiter !== ',',
      multi ? { plate: barcode || name } : {},
    );
    const repeats = new Set(list.map((x) => x.repeat));
    const kinetic = list.find((x) => x.kinetics !== '' && x.kinetics !== '0');
    if (kinetic) {
      b.problem({
        code: 'UNSUPPORTED_READ_TYPE',
        line: kinetic.line,
        field: 'Kinetics',
        message: `${at(kinetic.line, b.loc)}: label "${kinetic.label ?? kinetic.formula}" of plate ${number} is a kinetic measurement (Kinetics ${kinetic.kinetics}); ThioLab imports endpoint reads: export the endpoint, or a reduced value per well.`,
      });
      plates.push(null);
      continue;
    }
    if (repeats.size > 1) {
      b.problem({
        code: 'UNSUPPORTED_READ_TYPE',
        line: list[1].line,
        field: 'Repeat',
        message: `${at(list[1].line, b.loc)}: this file holds ${repeats.size} repeats of plate ${number} (a kinetic read); ThioLab imports endpoint reads: export one repeat, or a reduced value per well.`,
      });
      plates.push(null);
      continue;
    }
    let size: PlateSize | null = null;
    for (const block of list) {
      if (block.label === null) {
        skipped.push({
          name: `${name}: ${block.formula ?? 'calculated results'}`,
          line: block.line,
          reason: 'calculated by EnVision from the measured labels; ThioLab stores the raw reads',
        });
        continue;
      }
      const blockSize = matrixSize(block, wells);
      if (blockSize === null) {
        b.problem({
          code: 'WRONG_PLATE_SIZE',
          line: block.lines[0] ?? block.line,
          message: `${at(block.lines[0] ?? block.line, b.loc)}: the values of label "${block.label}" form ${block.rows.length} rows of ${valuesIn(block.rows[0] ?? [])} values; ThioLab reads 96- (8 × 12) and 384-well (16 × 24) plates: export the whole plate.`,
        });
        continue;
      }
      size ??= blockSize;
      const spec = channelOf(block.label, labelSettings.get(block.label), filters, block.measInfo);
      if (spec === null) {
        b.problem({
          code: 'UNSUPPORTED_READ_MODE',
          line: block.line,
          field: 'Label',
          message: `${at(block.line, b.loc)}: ThioLab cannot tell the read mode of EnVision label "${block.label}" (its name, its MeasInfo and its "Labels:" settings name no absorbance wavelength, filters or luminescence); export the protocol information with the results.`,
        });
        continue;
      }
      const measured = measInfoAbsorbanceNm(block.measInfo);
      if (
        spec.mode === 'absorbance' &&
        measured !== undefined &&
        spec.wavelengthNm !== null &&
        spec.wavelengthNm !== measured
      ) {
        b.problem({
          code: 'INVALID_WAVELENGTH',
          line: block.line,
          field: 'Label',
          wavelengthNm: spec.wavelengthNm,
          message: `${at(block.line, b.loc)}: label "${block.label}" names ${spec.wavelengthNm} nm but its MeasInfo ("${block.measInfo}") says the plate was read at ${measured} nm; rename the label in EnVision to the filter it uses, or check which filter was read, and export again.`,
        });
        continue;
      }
      const channel = b.channel(spec);
      const labelled = rowIndex((block.rows[0]?.[0] ?? '').trim()) === 0;
      block.rows.forEach((cells, r) => {
        const values = labelled ? cells.slice(1) : cells;
        for (let c = 0; c < values.length; c++) {
          b.add(r, c, channel, values[c], block.lines[r]);
        }
      });
      if (block.temperature !== undefined) meta.temperatureCelsius ??= block.temperature;
    }
    const first = list[0];
    const plateMeta = {
      ...meta,
      extra: { ...meta.extra },
      plateName: name,
      ...(barcode ? { barcode } : {}),
      ...(first.measuredAt ? { readTimeRaw: first.measuredAt } : {}),
    };
    const iso = first.measuredAt ? toIsoLocal(first.measuredAt) : undefined;
    if (iso) plateMeta.readTime = iso;
    plates.push(
      b.finish('envision', size, { name: barcode || name, line: first.line }, plateMeta, options),
    );
  }
  if (blocks.length === 0) {
    problems.add({
      code: 'NO_DATA',
      message:
        'The file holds no "Plate information" block with values; export the plate results from EnVision.',
    });
  }
  return fileResult('envision', problems, plates, skipped);
}

function valuesIn(cells: readonly string[]): number {
  return lastNonBlank(cells) + 1;
}

/** The plate size of a block's matrix (labelled or not), checked against the declared wells. */
function matrixSize(block: DataBlock, wells: number | undefined): PlateSize | null {
  const labelled = rowIndex((block.rows[0]?.[0] ?? '').trim()) === 0;
  const columns = Math.max(...block.rows.map((r) => valuesIn(r) - (labelled ? 1 : 0)));
  const size = plateSizeForGrid(block.rows.length, columns);
  if (size === null || (wells !== undefined && wells !== size)) return null;
  return size;
}

/** Reads "Plate information", "Background information" and the values after them. */
function readPlateBlock(
  rows: string[][],
  lines: number[],
  start: number,
  blocks: DataBlock[],
  _delimiter: Delimiter,
): number {
  const header = rows[start + 1] ?? [];
  const values = rows[start + 2] ?? [];
  const get = (name: string): string => {
    const k = header.findIndex((h) => h.trim().toLowerCase() === name.toLowerCase());
    return k < 0 ? '' : stripExcelText(values[k] ?? '');
  };
  const labelRaw = get('Label');
  const block: DataBlock = {
    plateNumber: get('Plate') || '1',
    repeat: get('Repeat') || '1',
    barcode: get('Barcode'),
    label: labelRaw ? labelRaw.replace(/\(\d+\)$/, '').trim() : null,
    formula: get('Formula') || null,
    kinetics: get('Kinetics'),
    measInfo: get('Measinfo'),
    line: lines[start],
    rows: [],
    lines: [],
  };
  const t = firstNumberIn(get('Chamber temperature at start'));
  if (t !== undefined) block.temperature = t;
  const when =
    get('Measurement date') ||
    values.map((v) => v.trim()).find((v) => /^\d{1,2}\/\d{1,2}\/\d{4} /.test(v));
  if (when) block.measuredAt = when;
  let i = start + 3;
  // Optional "Background information" (and other titled tables) before the values.
  for (;;) {
    while (i < rows.length && isBlankRow(rows[i])) i++;
    const first = (rows[i]?.[0] ?? '').trim();
    if (/^(Background information|Results|Calculated results)$/i.test(first)) {
      i++;
      if (/^Background information$/i.test(first)) {
        while (i < rows.length && !isBlankRow(rows[i])) i++;
      }
      continue;
    }
    break;
  }
  while (i < rows.length && !isBlankRow(rows[i])) {
    const first = (rows[i][0] ?? '').trim();
    if (/^Plate information$/i.test(first)) break;
    // A labelled matrix repeats its column numbers on the first line: skip it.
    if (first === '' && /^0?1$/.test((rows[i][1] ?? '').trim())) {
      i++;
      continue;
    }
    block.rows.push(rows[i]);
    block.lines.push(lines[i]);
    i++;
  }
  blocks.push(block);
  return i;
}

/** Reads `name,,,,value` settings groups: a group starts with its name and a value (an id). */
function readSettings(
  rows: string[][],
  start: number,
  out: Map<string, Map<string, string>>,
  stop: RegExp,
): number {
  let i = start;
  let current: Map<string, string> | undefined;
  for (; i < rows.length; i++) {
    const cells = rows[i];
    const first = (cells[0] ?? '').trim();
    if (stop.test(first)) break;
    if (isBlankRow(cells)) {
      current = undefined;
      continue;
    }
    const value = cells
      .slice(1)
      .map((c) => c.trim())
      .filter((c) => c !== '')
      .join(' ');
    if (!current) {
      current = new Map();
      out.set(first, current);
      continue;
    }
    current.set(first.toLowerCase(), value);
  }
  return i;
}

/**
 * The absorbance wavelength an EnVision `Measinfo` names (`De=Abs Ex=N/A Em=450 nm Wdw=N/A`, as
 * in allotropy perkin_elmer_envision/testdata/PE_Envision_absorbance_OD450_384_calc_no_name.csv,
 * whose label "Copy of OD450 Abs 384" names none).
 */
function measInfoAbsorbanceNm(measInfo: string): number | undefined {
  if (!/\bDe=Abs\b/i.test(measInfo)) return undefined;
  const m = /\bEm=(\d{3,4})\s*nm\b/i.exec(measInfo);
  const n = m ? Number(m[1]) : undefined;
  return n !== undefined && n >= 200 && n <= 1100 ? n : undefined;
}

function channelOf(
  label: string,
  settings: Map<string, string> | undefined,
  filters: Map<string, string>,
  measInfo = '',
): ChannelSpec | null {
  const nmOf = (text: string | undefined): number | undefined => {
    if (!text) return undefined;
    const cwl = /CWL=(\d{3,4})/i.exec(text) ?? /(\d{3,4})\s*nm/i.exec(text);
    const n = cwl ? Number(cwl[1]) : undefined;
    return n !== undefined && n >= 200 && n <= 1100 ? n : undefined;
  };
  const filterNm = (key: string): number | undefined => {
    const name = settings?.get(key);
    return name ? nmOf(filters.get(name)) : undefined;
  };
  let mode = readModeOf(label);
  if (!mode && /\bDe=Abs\b/i.test(measInfo)) mode = 'absorbance';
  if (!mode && settings?.has('excitation time') && settings.has('emission time'))
    mode = 'luminescence';
  if (!mode && (settings?.has('ems. filter') || settings?.has('exc. filter'))) {
    mode = settings.has('excitation wavelength') ? 'absorbance' : 'fluorescence';
  }
  if (mode === 'absorbance') {
    const at = /@\s*(\d{3,4})/.exec(label);
    const nm = at
      ? Number(at[1])
      : (nmOf(settings?.get('excitation wavelength')) ?? measInfoAbsorbanceNm(measInfo));
    return nm === undefined ? null : { mode, wavelengthNm: nm, label };
  }
  if (mode === 'fluorescence') {
    const ex = filterNm('exc. filter') ?? nmOf(settings?.get('excitation wavelength'));
    const em = filterNm('ems. filter') ?? nmOf(settings?.get('emission wavelength'));
    const gain = settings?.get('pmt gain') ?? settings?.get('reference ad gain');
    return {
      mode,
      wavelengthNm: em ?? null,
      ...(ex !== undefined ? { excitationNm: ex } : {}),
      ...(em !== undefined ? { emissionNm: em } : {}),
      ...(gain ? { gain } : {}),
      label,
    };
  }
  if (mode === 'luminescence') {
    const em = filterNm('ems. filter');
    return { mode, wavelengthNm: null, ...(em !== undefined ? { emissionNm: em } : {}), label };
  }
  return null;
}
