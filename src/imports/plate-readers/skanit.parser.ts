import { addMatrix, isAnyMatrixHeader, readMatrix } from './grid-block';
import { at, PlateBuilder, fileResult, type ChannelSpec } from './plate-builder';
import {
  ProblemList,
  emptyFileResult,
  firstNumberIn,
  isBlankRow,
  lastNonBlank,
  stripBom,
  toIsoLocal,
  tokenize,
  unclosedQuoteResult,
} from './parse-support';
import type { ReadMode } from '../../analysis/plate/plate-reading';
import type {
  ParsedPlate,
  ParseFileResult,
  PlateReaderParseOptions,
  PlateReadingMetadata,
  SkippedBlock,
} from '../../analysis/plate/plate-reading';
import type { Sheet } from './workbook';
import { plateSizeForGrid, type PlateSize } from '../../analysis/plate/well-position';

// Thermo Fisher SkanIt (Varioskan, Multiskan) exports.
//  - Excel (.xlsx), as in Benchling-Open-Source/allotropy tests/parsers/thermo_skanit/testdata:
//    one sheet per step ("Absorbance 1_01", "Fluorescence 1_02", "Blank Subtraction 1_02", …),
//    each titled with the step, `Wavelength: 450 nm`, `Plate 1`, then the plate matrix (corner
//    `Abs`, `RFU`, `RLU`) and a `Sample` layout matrix; "Protocol parameters", "Instrument
//    information" and "Session information" sheets.
//  - Text, as written by Multiskan/SkanIt (haeussma/MTPHandler docs/examples/data): `Results of
//    <step>`, `Plate:1 - Wavelength:340`, optional `Iteration: n` (kinetic loops), then the plate
//    rows without row or column labels.

const MEASUREMENT_STEP_RE = /^(Absorbance|Fluorescence|Luminescence)\b(?:\s+\d+)?$/i;
const INFO_SHEETS =
  /^(Session information|Instrument information|Protocol parameters|Run log|Layout definitions|General information)$/i;
const SKIPPED_REASON = 'calculated by SkanIt from the measurement; ThioLab stores the raw reads';

function modeOf(step: string): ReadMode | undefined {
  const m = MEASUREMENT_STEP_RE.exec(step.trim());
  return m ? (m[1].toLowerCase() as ReadMode) : undefined;
}

/** Settings per step from the "Protocol parameters" sheet: step → key → value. */
function protocolParameters(sheet: Sheet | undefined): Map<string, Map<string, string>> {
  const out = new Map<string, Map<string, string>>();
  if (!sheet) return out;
  let current: Map<string, string> | undefined;
  for (const cells of sheet.rows) {
    const first = (cells[0] ?? '').trim();
    if (first !== '' && modeOf(first)) {
      current = new Map();
      out.set(first, current);
      continue;
    }
    if (!current) continue;
    const key = cells
      .slice(1, 4)
      .map((c) => c.trim())
      .find((c) => c !== '');
    const value = (cells[lastNonBlank(cells)] ?? '').trim();
    if (key && value && key !== value) current.set(key.toLowerCase(), value);
  }
  return out;
}

/** `Name` → value pairs of an information sheet (label in columns 2–4, value in the last). */
function infoPairs(sheet: Sheet | undefined): Map<string, string> {
  const out = new Map<string, string>();
  for (const cells of sheet?.rows ?? []) {
    const key = cells
      .slice(0, 4)
      .map((c) => c.trim())
      .find((c) => c !== '');
    const last = lastNonBlank(cells);
    if (key && last > 0) out.set(key.toLowerCase(), cells[last].trim());
  }
  return out;
}

/**
 * Parses a SkanIt Excel workbook. Each measurement step's sheet gives one channel per wavelength
 * (fluorescence wavelengths and gain from "Protocol parameters" when the sheet has none), each
 * `Plate n` a plate. Sheets of calculated steps (blank subtraction, standard curves) are listed
 * as skipped. A step read several times (kinetic loop) is refused.
 */
export function parseSkanitWorkbook(
  sheets: Sheet[],
  options: PlateReaderParseOptions = {},
): ParseFileResult {
  const problems = new ProblemList();
  const skipped: SkippedBlock[] = [];
  const params = protocolParameters(
    sheets.find((s) => /^Protocol parameters$/i.test(s.name ?? '')),
  );
  const instrument = infoPairs(sheets.find((s) => /^Instrument information$/i.test(s.name ?? '')));
  const session = infoPairs(sheets.find((s) => /^Session information$/i.test(s.name ?? '')));
  const meta: Omit<PlateReadingMetadata, 'wavelengthsNm'> = { extra: {}, software: 'SkanIt' };
  if (session.get('executed with')) meta.software = session.get('executed with');
  if (instrument.get('name')) meta.instrument = instrument.get('name');
  if (instrument.get('serial number')) meta.instrumentSerial = instrument.get('serial number');
  const when = session.get('execution time');
  if (when) {
    meta.readTimeRaw = when;
    const iso = toIsoLocal(when);
    if (iso) meta.readTime = iso;
  }
  if (session.get('session name')) meta.extra['Session name'] = session.get('session name')!;

  interface PlateData {
    name: string;
    line: number;
    sheet: string;
    builder: PlateBuilder;
    size: PlateSize | null;
  }
  const plates = new Map<string, PlateData>();
  const scratch = new PlateBuilder(problems, true);
  let refused = false;
  let anyMeasurement = false;

  for (const sheet of sheets) {
    const name = sheet.name ?? '';
    if (INFO_SHEETS.test(name)) continue;
    const { rows, lines } = sheet;
    const step = rows
      .slice(0, 8)
      .map((r) => (r[0] ?? '').trim())
      .find((t) => modeOf(t) !== undefined);
    const mode = step ? modeOf(step) : undefined;
    if (!mode) {
      if (rows.some((r) => isAnyMatrixHeader(r))) {
        skipped.push({ name, sheet: name, reason: SKIPPED_REASON });
      }
      continue;
    }
    anyMeasurement = true;
    const stepParams = params.get(step!) ?? new Map<string, string>();
    let exNm: number | undefined;
    let emNm: number | undefined;
    let nm: number | undefined;
    let plateName = 'Plate 1';
    const seen = new Set<string>();
    for (let i = 0; i < rows.length;) {
      const cells = rows[i];
      const first = (cells[0] ?? '').trim();
      const line = lines[i];
      let m: RegExpExecArray | null;
      if ((m = /^Wavelength:\s*(\d{3,4})(?:\s*\/\s*(\d{3,4}))?\s*nm/i.exec(first))) {
        if (m[2]) {
          exNm = Number(m[1]);
          emNm = Number(m[2]);
        } else nm = Number(m[1]);
      } else if ((m = /^Excitation[^:]*:\s*(\d{3,4})/i.exec(first))) {
        exNm = Number(m[1]);
        const em = /Emission[^:]*:\s*(\d{3,4})/i.exec(first);
        if (em) emNm = Number(em[1]);
      } else if ((m = /^Emission[^:]*:\s*(\d{3,4})/i.exec(first))) {
        emNm = Number(m[1]);
      } else if (/^Plate\s+\S+$/i.test(first) && lastNonBlank(cells) === 0) {
        plateName = first;
      } else if (/^(Reading|Kinetic|Time|Cycle)\b/i.test(first) && !refused) {
        refused = true;
        scratch.problem({
          code: 'UNSUPPORTED_READ_TYPE',
          line,
          field: first,
          sheet: name,
          message: `${at(line, { sheet: name })}: step "${step}" is read repeatedly (a kinetic loop); ThioLab imports endpoint reads: export the endpoint, or a reduced value per well.`,
        });
      } else if (isAnyMatrixHeader(cells) && !/^(sample|conc|layout|group)/i.test(first)) {
        let p = plates.get(plateName);
        if (!p) {
          p = {
            name: plateName,
            line,
            sheet: name,
            builder: new PlateBuilder(problems, true, { sheet: name }),
            size: null,
          };
          plates.set(plateName, p);
        }
        const matrix = readMatrix(p.builder, rows, lines, i, '\t', p.size, 'matrix');
        p.size ??= matrix.size;
        const key = `${plateName}|${nm ?? ''}|${exNm ?? ''}|${emNm ?? ''}`;
        if (seen.has(key) && !refused) {
          refused = true;
          p.builder.problem({
            code: 'UNSUPPORTED_READ_TYPE',
            line,
            field: step,
            message: `${at(line, { sheet: name })}: step "${step}" holds several reads of ${plateName} (a kinetic loop); ThioLab imports endpoint reads: export the endpoint, or a reduced value per well.`,
          });
        }
        seen.add(key);
        const gain = stepParams.get('gain') ?? stepParams.get('dynamic range');
        let spec: ChannelSpec;
        if (mode === 'absorbance') {
          const w = nm ?? firstNumberIn(stepParams.get('wavelength [nm]') ?? '');
          if (w === undefined) {
            p.builder.problem({
              code: 'MISSING_WAVELENGTH',
              line,
              field: 'Wavelength',
              message: `${at(line, { sheet: name })}: step "${step}" names no wavelength; export the workbook with the measurement settings.`,
            });
            i = matrix.end;
            continue;
          }
          spec = { mode, wavelengthNm: w, label: step! };
        } else if (mode === 'fluorescence') {
          const ex = exNm ?? firstNumberIn(stepParams.get('excitation wavelength [nm]') ?? '');
          const em = emNm ?? nm ?? firstNumberIn(stepParams.get('emission wavelength [nm]') ?? '');
          spec = {
            mode,
            wavelengthNm: em ?? null,
            ...(ex !== undefined ? { excitationNm: ex } : {}),
            ...(em !== undefined ? { emissionNm: em } : {}),
            ...(gain ? { gain } : {}),
            label: step!,
          };
        } else {
          spec = {
            mode: 'luminescence',
            wavelengthNm: null,
            ...(gain ? { gain } : {}),
            label: step!,
          };
        }
        addMatrix(p.builder, matrix, p.builder.channel(spec));
        i = matrix.end;
        continue;
      }
      i++;
    }
  }

  if (!anyMeasurement) {
    problems.add({
      code: 'NO_DATA',
      message: `The workbook holds no measurement sheet (Absorbance, Fluorescence or Luminescence step; its sheets: ${sheets.map((sh) => `"${sh.name ?? '?'}"`).join(', ')}); export the session with its measurement results.`,
    });
  }
  if (refused) return fileResult('skanit', problems, [null], skipped);
  const multi = plates.size > 1;
  const out: (ParsedPlate | null)[] = [];
  for (const p of plates.values()) {
    if (multi) (p.builder.loc as { plate?: string }).plate = p.name;
    out.push(
      p.builder.finish(
        'skanit',
        p.size,
        { name: p.name, line: p.line, sheet: p.sheet },
        { ...meta, extra: { ...meta.extra }, plateName: p.name },
        options,
      ),
    );
  }
  return fileResult('skanit', problems, out, skipped);
}

/**
 * Parses a Multiskan/SkanIt text export: `Plate:n - Wavelength:nm` sections with rows of values
 * (no row or column labels). More than one `Iteration:` per plate and wavelength is a kinetic read
 * and is refused.
 */
export function parseSkanitText(
  text: string,
  options: PlateReaderParseOptions = {},
): ParseFileResult {
  const src = stripBom(text);
  if (src.trim() === '') return emptyFileResult();
  const table = tokenize(src, '\t');
  const unclosed = unclosedQuoteResult(table);
  if (unclosed) return unclosed;
  const { rows, lines } = table;
  const problems = new ProblemList();
  const meta: Omit<PlateReadingMetadata, 'wavelengthsNm'> = { extra: {}, software: 'SkanIt' };
  interface Section {
    plate: string;
    nm: number;
    step: string;
    line: number;
    iterations: number;
    rows: { cells: string[]; line: number }[];
  }
  const sections: Section[] = [];
  let step = '';
  let current: Section | undefined;
  for (let i = 0; i < rows.length; i++) {
    const cells = rows[i];
    const texts = cells.map((c) => c.trim()).filter((c) => c !== '');
    const first = texts[0] ?? '';
    let m: RegExpExecArray | null;
    if ((m = /^Results of\s+(.+)$/i.exec(first))) {
      step = m[1].trim();
      current = undefined;
    } else if ((m = /^Plate:\s*(\S+)\s*-\s*Wavelength:\s*(\d{3,4})/i.exec(first))) {
      const plate = m[1];
      const nm = Number(m[2]);
      current = sections.find((s) => s.plate === plate && s.nm === nm && s.step === step);
      if (!current) {
        current = { plate, nm, step, line: lines[i], iterations: 0, rows: [] };
        sections.push(current);
      }
    } else if (/^Iteration:\s*\d+/i.test(first)) {
      if (current) current.iterations++;
    } else if (
      current &&
      cells.length > 1 &&
      (cells[0] ?? '').trim() === '' &&
      current.iterations <= 1
    ) {
      current.rows.push({ cells: cells.slice(1), line: lines[i] });
    } else if (first !== '' && texts.length === 2 && /:$/.test(first)) {
      meta.extra[first.replace(/:$/, '')] ??= texts[1];
    }
  }
  const plates: (ParsedPlate | null)[] = [];
  const byPlate = new Map<string, Section[]>();
  for (const s of sections) byPlate.set(s.plate, [...(byPlate.get(s.plate) ?? []), s]);
  const multi = byPlate.size > 1;
  for (const [plate, list] of byPlate) {
    const name = `Plate ${plate}`;
    const b = new PlateBuilder(problems, true, multi ? { plate: name } : {});
    const kinetic = list.find((s) => s.iterations > 1);
    if (kinetic) {
      b.problem({
        code: 'UNSUPPORTED_READ_TYPE',
        line: kinetic.line,
        field: 'Iteration',
        message: `${at(kinetic.line, b.loc)}: this file holds a kinetic read of ${kinetic.iterations} iterations at ${kinetic.nm} nm; ThioLab imports endpoint reads: export the endpoint (a single iteration), or a reduced value per well.`,
      });
      plates.push(null);
      continue;
    }
    let size: PlateSize | null = null;
    for (const s of list) {
      // Trailing all-empty rows are unused plate rows.
      const used = s.rows.length;
      const columns = Math.max(0, ...s.rows.map((r) => r.cells.length));
      size = used <= 8 && columns <= 13 ? 96 : used <= 16 && columns <= 25 ? 384 : null;
      if (size === null || plateSizeForGrid(size === 96 ? 8 : 16, size === 96 ? 12 : 24) === null) {
        b.problem({
          code: 'WRONG_PLATE_SIZE',
          line: s.line,
          message: `${at(s.line, b.loc)}: ${used} rows of up to ${columns} values fit no 96- or 384-well plate; export the full plate.`,
        });
        continue;
      }
      const channel = b.channel({
        mode: 'absorbance',
        wavelengthNm: s.nm,
        ...(s.step ? { label: s.step } : {}),
      });
      s.rows.forEach((r, rowIdx) => {
        if (isBlankRow(r.cells)) return;
        const maxColumns = size === 96 ? 12 : 24;
        r.cells.forEach((raw, c) => {
          if (c < maxColumns) b.add(rowIdx, c, channel, raw, r.line);
        });
      });
    }
    plates.push(
      b.finish(
        'skanit',
        size,
        { name, line: list[0].line },
        { ...meta, extra: { ...meta.extra }, plateName: name },
        options,
      ),
    );
  }
  if (sections.length === 0) {
    problems.add({
      code: 'NO_DATA',
      message:
        'The file holds no "Plate:… - Wavelength:…" section; export the measurement results.',
    });
  }
  return fileResult('skanit', problems, plates);
}
