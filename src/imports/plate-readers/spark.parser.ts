import { addMatrix, isMatrixHeader, readMatrix } from './grid-block';
import { at, PlateBuilder, fileResult, type ChannelSpec, type Locator } from './plate-builder';
import { ProblemList, firstNumberIn, isBlankRow, lastNonBlank, toIsoLocal } from './parse-support';
import { readModeOf } from './physical-limits';
import type { ReadMode } from '../../analysis/plate/plate-reading';
import type {
  ParsedPlate,
  ParseFileResult,
  PlateReaderParseOptions,
  PlateReadingMetadata,
} from '../../analysis/plate/plate-reading';
import type { Sheet } from './workbook';
import { parseWellName, type PlateSize } from '../../analysis/plate/well-position';

// Tecan Spark (SparkControl) and Infinite (i-control) exports, Excel or CSV, following real
// exports (ucl-cssb/flopr examples/plate_reader/DATA/191219_calibration_membrane.csv, read by its
// R/tecanSparkFunctions.R): a header (Application, Device, Serial number, Date, Time, Plate, …),
// then one block per measurement: `Mode, Absorbance`, `Name, OD600` (i-control: `Label: Label1`),
// settings (`Measurement wavelength, …, 600, nm`, `Excitation wavelength`, `Emission wavelength`,
// `Gain, …, 40, Manual`), `Start Time`, `Temperature`, then the values either as a plate
// (`<>, 1, 2, …`) or as a list (`<>, Value, Time [ms]` and one row per well), then `End Time`.
// Kinetic blocks (`Cycle Nr.`) are refused.

/** Reads `key … value [unit]`: the key in the first cell, the first non-empty value after it. */
function keyValue(cells: readonly string[]): { key: string; value: string; unit: string } {
  const key = (cells[0] ?? '').trim().replace(/:$/, '');
  const rest = cells
    .slice(1)
    .map((c) => c.trim())
    .filter((c) => c !== '');
  return { key, value: rest[0] ?? '', unit: rest[1] ?? '' };
}

/**
 * Parses a Spark or Infinite export (its first sheet, or the CSV text split into rows). Each
 * measurement block is a channel: absorbance at its wavelength, fluorescence with excitation,
 * emission and gain, luminescence.
 */
export function parseSpark(
  sheets: Sheet[],
  options: PlateReaderParseOptions = {},
): ParseFileResult {
  const problems = new ProblemList();
  const sheet =
    sheets.find((s) => s.rows.some((r) => /^(Mode|Label:)/i.test((r[0] ?? '').trim()))) ??
    sheets[0];
  const loc: Locator = sheet?.name ? { sheet: sheet.name } : {};
  const b = new PlateBuilder(problems, false, loc);
  const meta: Omit<PlateReadingMetadata, 'wavelengthsNm'> = { extra: {} };
  if (!sheet) return fileResult('spark', problems, [null]);
  const { rows, lines } = sheet;
  let plateSize: PlateSize | null = null;
  let mode: ReadMode | undefined;
  let label = '';
  let settings: Record<string, { value: string; unit: string }> = {};
  let refused = false;
  let firstData = 0;
  let date = '';
  let time = '';

  const channelSpec = (line: number): ChannelSpec | null => {
    const num = (k: string): number | undefined => {
      const v = settings[k]?.value;
      const n = v === undefined ? undefined : firstNumberIn(v);
      return n !== undefined && n >= 200 && n <= 1100 ? n : undefined;
    };
    const m = mode ?? 'absorbance';
    if (m === 'absorbance') {
      const nm = num('measurement wavelength') ?? firstNumberIn(/(\d{3,4})/.exec(label)?.[1] ?? '');
      if (nm === undefined) {
        b.problem({
          code: 'MISSING_WAVELENGTH',
          line,
          field: 'Measurement wavelength',
          message: `${at(line, loc)}: measurement "${label}" names no wavelength; export the block with its settings.`,
        });
        return null;
      }
      return { mode: m, wavelengthNm: nm, ...(label ? { label } : {}) };
    }
    if (m === 'fluorescence') {
      const ex = num('excitation wavelength');
      const em = num('emission wavelength');
      const gain = settings.gain
        ? `${settings.gain.value}${settings.gain.unit ? ` ${settings.gain.unit}` : ''}`
        : undefined;
      const spec: ChannelSpec = { mode: m, wavelengthNm: em ?? null, ...(label ? { label } : {}) };
      if (ex !== undefined) spec.excitationNm = ex;
      if (em !== undefined) spec.emissionNm = em;
      const exBw = firstNumberIn(settings['excitation bandwidth']?.value ?? '');
      const emBw = firstNumberIn(settings['emission bandwidth']?.value ?? '');
      if (exBw !== undefined) spec.excitationBandwidthNm = exBw;
      if (emBw !== undefined) spec.emissionBandwidthNm = emBw;
      if (gain) spec.gain = gain;
      return spec;
    }
    return { mode: m, wavelengthNm: null, ...(label ? { label } : {}) };
  };

  for (let i = 0; i < rows.length;) {
    const cells = rows[i];
    const line = lines[i];
    if (isBlankRow(cells)) {
      i++;
      continue;
    }
    const first = (cells[0] ?? '').trim();
    const kv = keyValue(cells);
    if (/^Cycle Nr\.?$/i.test(first) || /^Kinetic Measurement/i.test(first)) {
      if (!refused) {
        refused = true;
        b.problem({
          code: 'UNSUPPORTED_READ_TYPE',
          line,
          field: first,
          message: `${at(line, loc)}: measurement "${label || 'kinetic'}" is a kinetic read (one value per well per cycle); ThioLab imports endpoint reads: export the endpoint, or a reduced value per well.`,
        });
      }
      i++;
      continue;
    }
    if (/^Mode$/i.test(kv.key)) {
      const m = readModeOf(kv.value);
      if (m === undefined) {
        b.problem({
          code: 'UNSUPPORTED_READ_MODE',
          line,
          field: 'Mode',
          message: `${at(line, loc)}: mode "${kv.value}" is not read by ThioLab (absorbance, fluorescence and luminescence are).`,
        });
      }
      mode = m;
      meta.readMode ??= kv.value;
      settings = {};
      i++;
      continue;
    }
    if (/^(Name|Label)$/i.test(kv.key) && kv.value !== '' && mode !== undefined) {
      label = kv.value;
    } else if (/^Label$/i.test(kv.key) && kv.value !== '') {
      // i-control: `Label: Label1` opens a block before its Mode line.
      label = kv.value;
      settings = {};
    }
    if (isMatrixHeader(cells)) {
      const m = readMatrix(b, rows, lines, i, ',', plateSize, 'plate');
      plateSize ??= m.size;
      firstData ||= line;
      const spec = channelSpec(line);
      if (spec) addMatrix(b, m, b.channel(spec));
      i = m.end;
      continue;
    }
    if (first === '<>' && /^Value$/i.test((cells[1] ?? '').trim())) {
      // A list: one row per well.
      const spec = channelSpec(line);
      const channel = spec ? b.channel(spec) : null;
      firstData ||= line;
      let j = i + 1;
      let maxRow = -1;
      let maxCol = -1;
      const pending: { row: number; column: number; raw: string; line: number }[] = [];
      for (; j < rows.length; j++) {
        const row = rows[j];
        const pos = parseWellName(row[0] ?? '');
        if (isBlankRow(row) || pos === null) break;
        maxRow = Math.max(maxRow, pos.row);
        maxCol = Math.max(maxCol, pos.column);
        pending.push({ row: pos.row, column: pos.column, raw: row[1] ?? '', line: lines[j] });
      }
      const size: PlateSize = maxRow >= 8 || maxCol >= 12 ? 384 : 96;
      plateSize ??= size;
      if (channel) {
        for (const p of pending) {
          if (p.row >= (plateSize === 96 ? 8 : 16) || p.column >= (plateSize === 96 ? 12 : 24)) {
            b.outside(`${String.fromCharCode(65 + p.row)}${p.column + 1}`, p.line, plateSize);
          } else b.add(p.row, p.column, channel, p.raw, p.line);
        }
      }
      i = j;
      continue;
    }
    const key = kv.key.toLowerCase();
    if (kv.value !== '') {
      settings[key] = { value: kv.value, unit: kv.unit };
      if (key === 'device') meta.instrument ??= kv.value;
      else if (key === 'application') meta.software ??= kv.value;
      else if (key === 'serial number') meta.instrumentSerial ??= kv.value;
      else if (key === 'date') date ||= kv.value;
      else if (key === 'time') time ||= kv.value;
      else if (key === 'temperature') {
        const t = firstNumberIn(kv.value);
        if (t !== undefined) meta.temperatureCelsius ??= t;
      } else if (/^(plate-id|plate id|barcode|plate barcode)/.test(key)) meta.barcode ??= kv.value;
      else if (key === 'plate') meta.extra.Plate ??= kv.value;
      else if (/^device:\s*/i.test(first)) {
        meta.instrument ??= first.replace(/^device:\s*/i, '').trim();
        const serial = cells.map((c) => c.trim()).find((c) => /^Serial number:/i.test(c));
        if (serial) meta.instrumentSerial ??= serial.replace(/^Serial number:\s*/i, '');
      }
    } else if (/^Device:\s*(.+)$/i.test(first)) {
      meta.instrument ??= first.replace(/^Device:\s*/i, '');
      const serial = cells.map((c) => c.trim()).find((c) => /^Serial number:/i.test(c));
      if (serial) meta.instrumentSerial ??= serial.replace(/^Serial number:\s*/i, '');
    } else if (/^Application:\s*(.+)$/i.test(first)) {
      meta.software ??= first.replace(/^Application:\s*/i, '');
    } else if (lastNonBlank(cells) === 0 && /^Date:/i.test(first)) {
      date ||= first.replace(/^Date:\s*/i, '');
    }
    i++;
  }
  if (date) {
    meta.readTimeRaw = [date, time].filter((s) => s).join(' ');
    const iso = toIsoLocal(date, time || undefined);
    if (iso) meta.readTime = iso;
  }
  if (refused) return fileResult('spark', problems, [null]);
  const plate: ParsedPlate | null = b.finish(
    'spark',
    plateSize,
    {
      name: meta.barcode ?? 'Plate 1',
      line: firstData || 1,
      ...(sheet.name ? { sheet: sheet.name } : {}),
    },
    meta,
    options,
  );
  return fileResult('spark', problems, [plate]);
}
