import { at, PlateBuilder, fileResult, type ChannelSpec } from './plate-builder';
import { ProblemList, firstNumberIn, isBlankRow, toIsoLocal } from './parse-support';
import { readModeOf } from './physical-limits';
import type {
  ParsedPlate,
  ParseFileResult,
  PlateReaderParseOptions,
  PlateReadingMetadata,
} from '../../analysis/plate/plate-reading';
import type { Sheet } from './workbook';
import { parseWellName, type PlateSize } from '../../analysis/plate/well-position';

// Tecan Magellan Excel export, as in Benchling-Open-Source/allotropy
// tests/parsers/tecan_magellan/testdata (SLA01P01_OD.xlsx) and its reader: a table with one
// column per measurement label ("Raw data", …), a "Well positions" column and an optional "Plate"
// column, then metadata lines from "Date of measurement: …/Time of measurement: …": method and
// workspace files, user, instrument, serial number, then per measurement "Measurement mode",
// "Measurement wavelength" (or excitation/emission), "Number of flashes", "Unit", and
// "Meas. temperature: <label>: 23.4 °C" lines that tie each settings group to its label.

interface Settings {
  mode?: string;
  wavelengthNm?: number;
  excitationNm?: number;
  emissionNm?: number;
  gain?: string;
  unit?: string;
}

/**
 * Parses a Magellan workbook (first sheet with a "Well positions" column). Each measurement label
 * column is a channel; the plate barcode is the "Plate" column's one value. Kinetic exports
 * (cycles) are refused.
 */
export function parseMagellan(
  sheets: Sheet[],
  options: PlateReaderParseOptions = {},
): ParseFileResult {
  const problems = new ProblemList();
  const sheet = sheets.find((s) =>
    s.rows.some((r) => r.some((c) => /^Well positions$/i.test(c.trim()))),
  );
  if (!sheet) {
    problems.add({
      code: 'MISSING_COLUMN',
      field: 'Well positions',
      message:
        'The workbook has no "Well positions" column; export the Magellan results with well positions.',
    });
    return fileResult('magellan', problems, [null]);
  }
  const loc = { sheet: sheet.name ?? 'Sheet 1' };
  const b = new PlateBuilder(problems, false, loc);
  const h = sheet.rows.findIndex((r) => r.some((c) => /^Well positions$/i.test(c.trim())));
  const header = sheet.rows[h].map((c) => c.trim());
  const wellCol = header.findIndex((c) => /^Well positions$/i.test(c));
  const plateCol = header.findIndex((c) => /^Plate$/i.test(c));
  const labels = header
    .map((label, index) => ({ label, index }))
    .filter((c) => c.index !== wellCol && c.index !== plateCol && c.label !== '');

  // Data rows until the metadata starts.
  let i = h + 1;
  const data: { cells: string[]; line: number }[] = [];
  for (; i < sheet.rows.length; i++) {
    const cells = sheet.rows[i];
    if (/^Date of measurement/i.test((cells[0] ?? '').trim())) break;
    if (isBlankRow(cells)) continue;
    data.push({ cells, line: sheet.lines[i] });
  }
  // Metadata: settings groups in order, tied to labels by the temperature lines.
  const meta: Omit<PlateReadingMetadata, 'wavelengthsNm'> = { extra: {}, software: 'Magellan' };
  const groups: Settings[] = [];
  const tempLabels: { label: string; celsius: number }[] = [];
  let current: Settings | undefined;
  let kineticLine: number | undefined;
  for (; i < sheet.rows.length; i++) {
    const text = (sheet.rows[i][0] ?? '').trim();
    const line = sheet.lines[i];
    if (text === '') continue;
    let m: RegExpExecArray | null;
    if (
      (m = /^Date of measurement:\s*([\d-]+)\s*\/\s*Time of measurement:\s*([\d:]+)/i.exec(text))
    ) {
      meta.readTimeRaw = `${m[1]} ${m[2]}`;
      const iso = toIsoLocal(m[1], m[2]);
      if (iso) meta.readTime = iso;
    } else if ((m = /^Instrument serial number:\s*(.+)$/i.exec(text)))
      meta.instrumentSerial = m[1].trim();
    else if ((m = /^Measurement mode:\s*(.+)$/i.exec(text))) {
      current = { mode: m[1].trim() };
      groups.push(current);
    } else if ((m = /^Measurement wavelength:\s*(\d{3,4})/i.exec(text))) {
      if (current) current.wavelengthNm = Number(m[1]);
    } else if ((m = /^Excitation wavelength:\s*(\d{3,4})/i.exec(text))) {
      if (current) current.excitationNm = Number(m[1]);
    } else if ((m = /^Emission wavelength:\s*(\d{3,4})/i.exec(text))) {
      if (current) current.emissionNm = Number(m[1]);
    } else if ((m = /^Gain:\s*(.+)$/i.exec(text))) {
      if (current) current.gain = m[1].trim();
    } else if ((m = /^Unit:\s*(.+)$/i.exec(text))) {
      if (current) current.unit = m[1].trim();
    } else if ((m = /^Meas\. temperature:\s*(.+):\s*([\d.]+)\s*°?C/i.exec(text))) {
      tempLabels.push({ label: m[1].trim(), celsius: Number(m[2]) });
    } else if (/^(Number of cycles|Kinetic|Cycle)/i.test(text) && (firstNumberIn(text) ?? 1) > 1) {
      kineticLine ??= line;
    } else if ((m = /^([\w .]+\.(?:mth|wsp))$/i.exec(text))) {
      meta.extra[/\.mth$/i.test(m[1]) ? 'Method' : 'Workspace'] ??= m[1];
    }
  }
  if (kineticLine !== undefined) {
    b.problem({
      code: 'UNSUPPORTED_READ_TYPE',
      line: kineticLine,
      field: 'cycles',
      message: `${at(kineticLine, loc)}: this workbook holds a kinetic read (several cycles); ThioLab imports endpoint reads: export the endpoint, or a reduced value per well.`,
    });
    return fileResult('magellan', problems, [null]);
  }
  if (tempLabels.length > 0) meta.temperatureCelsius = tempLabels[0].celsius;
  const settingsOf = (label: string, k: number): Settings | undefined => {
    const t = tempLabels.findIndex((x) => x.label === label);
    return groups[t >= 0 ? t : k] ?? (groups.length === 1 ? groups[0] : undefined);
  };

  // The plate: the "Plate" column's value (Magellan fills it on the first rows only).
  const plateIds = new Set(
    plateCol < 0 ? [] : data.map((d) => (d.cells[plateCol] ?? '').trim()).filter((v) => v !== ''),
  );
  if (plateIds.size > 1) {
    b.problem({
      code: 'MULTIPLE_PLATES',
      field: 'Plate',
      message: `${at(undefined, loc)}: the "Plate" column names ${[...plateIds].join(', ')}; export one plate per workbook.`,
    });
  }
  const barcode = [...plateIds][0];
  if (barcode) meta.barcode = barcode;

  let maxRow = -1;
  let maxCol = -1;
  const positions = data.map((d) => {
    const pos = parseWellName(d.cells[wellCol] ?? '');
    if (pos) {
      maxRow = Math.max(maxRow, pos.row);
      maxCol = Math.max(maxCol, pos.column);
    }
    return pos;
  });
  const size: PlateSize = maxRow >= 8 || maxCol >= 12 ? 384 : 96;
  labels.forEach(({ label, index }, k) => {
    const s = settingsOf(label, k);
    const mode = readModeOf(s?.mode) ?? 'absorbance';
    let spec: ChannelSpec;
    if (mode === 'absorbance') {
      const nm = s?.wavelengthNm;
      if (nm === undefined) {
        b.problem({
          code: 'MISSING_WAVELENGTH',
          line: sheet.lines[h],
          field: label,
          message: `${at(sheet.lines[h], loc)}: column "${label}" has no measurement wavelength in the settings below the table; export the workbook with its measurement parameters.`,
        });
        return;
      }
      spec = { mode, wavelengthNm: nm, label };
    } else if (mode === 'fluorescence') {
      spec = {
        mode,
        wavelengthNm: s?.emissionNm ?? null,
        ...(s?.excitationNm !== undefined ? { excitationNm: s.excitationNm } : {}),
        ...(s?.emissionNm !== undefined ? { emissionNm: s.emissionNm } : {}),
        ...(s?.gain ? { gain: s.gain } : {}),
        label,
      };
    } else spec = { mode, wavelengthNm: null, label };
    const channel = b.channel(spec);
    data.forEach((d, r) => {
      const pos = positions[r];
      if (!pos) {
        b.problem({
          code: 'INVALID_WELL',
          line: d.line,
          well: (d.cells[wellCol] ?? '').trim(),
          field: 'Well positions',
          message: `${at(d.line, loc)}: "${(d.cells[wellCol] ?? '').trim()}" is not a well name; write the well as a row letter and a column number (A1 … P24).`,
        });
        return;
      }
      b.add(pos.row, pos.column, channel, d.cells[index] ?? '', d.line);
    });
  });
  const plate: ParsedPlate | null = b.finish(
    'magellan',
    size,
    {
      name: barcode ?? 'Plate 1',
      line: sheet.lines[h],
      ...(sheet.name ? { sheet: sheet.name } : {}),
    },
    meta,
    options,
  );
  return fileResult('magellan', problems, [plate]);
}
