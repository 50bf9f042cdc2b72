import { at, PlateBuilder, fileResult, type ChannelSpec } from './plate-builder';
import {
  ProblemList,
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
import {
  parseWellName,
  plateDimensions,
  plateSizeForColumns,
  rowIndex,
  rowLetter,
  type PlateSize,
} from '../../analysis/plate/well-position';

// BioTek/Agilent Gen5 text export (tab- or comma-delimited), following real Gen5 2.x/3.x exports
// such as those in Benchling-Open-Source/allotropy tests/parsers/agilent_gen5/testdata/: a header
// (software version, experiment and protocol paths, plate number, date, time, reader), then
// "Procedure Details" (plate type and every Read step with its mode, wavelengths, filter sets and
// gains), then the data: a "Results" matrix whose rows end with the data set's label
// (`abs450:450`, `DAPI/GFP:360/40,460/40`, `LUM:Lum`, `Blank 630nmAbsRead:630`), or one matrix
// per data set titled by its label ("all data" exports), or a well-wise table. A multi-plate
// export repeats header, procedure and data for each plate.

/** Gen5 export file names start `yyMMdd_HHmmss_<plate barcode>_…` (Gen5 default naming). */
const FILENAME_BARCODE_RE = /^\d{6}_\d{6}_([^_]+)_.*\.txt$/i;
const READ_MODE_RE = /^(Absorbance|Fluorescence|Luminescence|Alpha\w*)\s+(\w[\w ]*)$/i;
const FILTER_PAIR_RE =
  /^(\d{3,4})(?:\s*\/\s*(\d{1,3}))?\s*,\s*(\d{3,4})(?:\s*\/\s*(\d{1,3}))?(?:\s*\[.*\])?$/;
/** Step names Gen5 writes for data-reduction results (blanking, corrections, `[Concentration]`). */
const DATA_REDUCTION_LABEL_RE = /^(?:blank\b|corrected\b|delta\b|ratio\b|mean\b)|[[\]]/i;
const SKIPPED_REASON =
  'calculated by Gen5 (data reduction); ThioLab stores the raw reads and computes its own';

interface FilterSet {
  excitationNm?: number;
  excitationBandwidthNm?: number;
  emissionNm?: number;
  emissionBandwidthNm?: number;
  gain?: string;
}

interface ReadStep {
  name: string;
  line: number;
  mode?: ReadMode;
  type?: string;
  wavelengthsNm: number[];
  filterSets: FilterSet[];
  /** Pathlength correction: the test and reference wavelengths whose raw reads Gen5 exports. */
  pathlength?: { testNm: number; referenceNm: number };
}

interface Section {
  start: number;
  end: number;
}

/**
 * The delimiter: the one after "Software Version" (tab, comma, or the semicolon of a Gen5 CSV
 * re-saved by a spreadsheet in a decimal-comma locale); else, without the file header, tab when
 * the file has one, semicolon when a matrix header reads `;1;2;…`, else comma.
 */
function delimiterOf(text: string): Delimiter {
  const m = /^[ \t]*Software Version([\t,;])/m.exec(text);
  if (m) return m[1] === '\t' ? '\t' : (m[1] as Delimiter);
  if (text.indexOf('\t') !== -1) return '\t';
  return /^;1;2;3/m.test(text) ? ';' : ',';
}

function basename(path: string): string {
  const k = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  return k === -1 ? path : path.slice(k + 1);
}

function joinValue(cells: readonly string[]): string {
  const last = lastNonBlank(cells);
  return cells
    .slice(1, last + 1)
    .map((c) => c.trim())
    .filter((c) => c !== '')
    .join(' ');
}

/** Splits the file into one section per plate: at each repeated "Software Version", else at each "Plate Number". */
function sections(rows: string[][]): Section[] {
  const marks = (key: RegExp): number[] =>
    rows.flatMap((r, i) => (key.test((r[0] ?? '').trim()) ? [i] : []));
  let starts = marks(/^Software Version$/);
  if (starts.length < 2) {
    const plates = marks(/^Plate Number$/);
    starts = plates.length >= 2 ? [0, ...plates.slice(1)] : [0];
  } else {
    starts[0] = 0;
  }
  return starts.map((start, k) => ({ start, end: starts[k + 1] ?? rows.length }));
}

/**
 * Parses a BioTek/Agilent Gen5 plate export. Every raw read is imported as its own channel:
 * absorbance at each wavelength (and the pathlength-correction test/reference reads),
 * fluorescence per filter set with excitation, emission and gain, luminescence. Data-reduction
 * results (`Blank …`, `Corrected […]`, concentrations, ratios, normalisations) are listed in
 * `skipped`, not stored. Several plates in one file become several plates. Kinetic, spectrum and
 * scan reads are refused with what to export instead. `OVRFLW`, `MISSED`, `*0.356*` are kept with
 * their status.
 */
export function parseGen5(text: string, options: PlateReaderParseOptions = {}): ParseFileResult {
  const src = stripBom(text);
  if (src.trim() === '') return emptyFileResult();
  const delimiter = delimiterOf(src);
  const table = tokenize(src, delimiter);
  const unclosed = unclosedQuoteResult(table);
  if (unclosed) return unclosed;
  const { rows, lines } = table;
  const problems = new ProblemList();
  const parts = sections(rows);
  const multi = parts.length > 1;
  const plates: (ParsedPlate | null)[] = [];
  const skipped: SkippedBlock[] = [];
  const names = new Set<string>();
  for (const part of parts) {
    const plate = parsePlateSection(
      rows,
      lines,
      part,
      delimiter,
      problems,
      options,
      multi,
      skipped,
    );
    if (plate && !multi && plate.metadata.barcode === undefined && options.filename) {
      const m = FILENAME_BARCODE_RE.exec(basename(options.filename));
      if (m) plate.metadata.barcode = m[1];
    }
    if (plate) names.add(plate.block.name);
    plates.push(plate);
  }
  return fileResult('gen5', problems, plates, skipped);
}

function parsePlateSection(
  rows: string[][],
  lines: number[],
  part: Section,
  delimiter: Delimiter,
  problems: ProblemList,
  options: PlateReaderParseOptions,
  multi: boolean,
  skipped: SkippedBlock[],
): ParsedPlate | null {
  // The plate's name is known only once its "Plate Number" line is read: find it first.
  let plateName = '';
  for (let i = part.start; i < part.end; i++) {
    if ((rows[i][0] ?? '').trim() === 'Plate Number') {
      plateName = joinValue(rows[i]);
      break;
    }
  }
  const b = new PlateBuilder(
    problems,
    delimiter !== ',',
    multi ? { plate: plateName || `plate starting on line ${lines[part.start]}` } : {},
  );
  const meta: Omit<PlateReadingMetadata, 'wavelengthsNm'> = { extra: {} };
  if (plateName) meta.plateName = plateName;
  const steps: ReadStep[] = [];
  let current: ReadStep | undefined;
  let currentFilter: FilterSet | undefined;
  let inProcedure = false;
  let kinetic: { line: number; detail: string } | undefined;
  let plateSize: PlateSize | null = null;
  let date: string | undefined;
  let time: string | undefined;
  let title = '';
  let sawData = false;
  let refused = false;
  const skippedHere = new Set<string>();
  const skip = (name: string, line: number): void => {
    if (skippedHere.has(name)) return;
    skippedHere.add(name);
    skipped.push({
      name: multi && plateName ? `${plateName}: ${name}` : name,
      line,
      reason: SKIPPED_REASON,
    });
  };

  const stepByName = (name: string): ReadStep | undefined => steps.find((s) => s.name === name);
  /** The channel of each data-set label seen (null: data reduction). */
  const labelChannels = new Map<string, ReadChannel | null>();

  /** Records one indented procedure line of the current Read step. */
  const procedureDetail = (detail: string, line: number): void => {
    if (!current) {
      current = { name: '', line, wavelengthsNm: [], filterSets: [] };
      steps.push(current);
    }
    let m: RegExpExecArray | null;
    if ((m = READ_MODE_RE.exec(detail))) {
      current.mode = m[1].toLowerCase().startsWith('alpha')
        ? 'luminescence'
        : (m[1].toLowerCase() as ReadMode);
      current.type = m[2].trim();
      meta.readMode ??= m[1];
      if (!/^endpoint$/i.test(current.type)) {
        refused = true;
        const what = /spectrum/i.test(current.type)
          ? 'a spectrum read'
          : /scan/i.test(current.type)
            ? `a ${current.type.toLowerCase()}`
            : `a ${current.type.toLowerCase()} read`;
        b.problem({
          code: 'UNSUPPORTED_READ_TYPE',
          line,
          field: 'Read',
          message: `${at(line, b.loc)}: read step "${current.name || m[1]}" is ${what} (${detail}); ThioLab imports endpoint reads: export an endpoint read at the wavelengths the assay needs.`,
        });
      }
    } else if ((m = /^Wavelengths?:\s*(.+)$/i.exec(detail))) {
      for (const part of m[1].split(/[,;\s]+/)) {
        const nm = Number(part);
        if (part !== '' && Number.isInteger(nm) && nm >= 200 && nm <= 1100) {
          if (!current.wavelengthsNm.includes(nm)) current.wavelengthsNm.push(nm);
        }
      }
    } else if ((m = /^Pathlength Correction:\s*(\d{3,4})\s*\/\s*(\d{3,4})/i.exec(detail))) {
      current.pathlength = { testNm: Number(m[1]), referenceNm: Number(m[2]) };
    } else if (/^Filter Set \d+/i.test(detail)) {
      currentFilter = {};
      current.filterSets.push(currentFilter);
    } else if (
      (m = /Excitation:\s*([\d/]+|[^,]+?)\s*,\s*Emission:\s*([\d/]+|[^,]+)$/i.exec(detail))
    ) {
      currentFilter ??=
        (current.filterSets.push({}), current.filterSets[current.filterSets.length - 1]);
      const ex = /^(\d{3,4})(?:\/(\d{1,3}))?$/.exec(m[1].trim());
      const em = /^(\d{3,4})(?:\/(\d{1,3}))?$/.exec(m[2].trim());
      if (ex) {
        currentFilter.excitationNm = Number(ex[1]);
        if (ex[2]) currentFilter.excitationBandwidthNm = Number(ex[2]);
      }
      if (em) {
        currentFilter.emissionNm = Number(em[1]);
        if (em[2]) currentFilter.emissionBandwidthNm = Number(em[2]);
      }
    } else if ((m = /^Emission:\s*(.+)$/i.exec(detail))) {
      currentFilter ??=
        (current.filterSets.push({}), current.filterSets[current.filterSets.length - 1]);
      const em = /^(\d{3,4})(?:\/(\d{1,3}))?$/.exec(m[1].trim());
      if (em) {
        currentFilter.emissionNm = Number(em[1]);
        if (em[2]) currentFilter.emissionBandwidthNm = Number(em[2]);
      }
    }
    if ((m = /Gain:\s*([^,]+)/i.exec(detail))) {
      const target =
        currentFilter ??
        (current.filterSets.push({}), current.filterSets[current.filterSets.length - 1]);
      target.gain = m[1].trim();
    }
  };

  /** The channel of a data set's label, or null for a data-reduction result. */
  const channelOf = (label: string, defaultStep?: ReadStep): ChannelSpec | null => {
    let stepName = '';
    let suffix = label;
    const colon = label.lastIndexOf(':');
    if (colon > 0) {
      stepName = label.slice(0, colon).trim();
      suffix = label.slice(colon + 1).trim();
    }
    let step: ReadStep | undefined;
    if (stepName !== '') {
      step = stepByName(stepName);
      if (!step && /^Read \d+$/i.test(stepName)) step = steps[Number(stepName.slice(5)) - 1];
      if (!step && steps.length > 0) return null; // `Blank 630nmAbsRead:630`, `Corrected [Blank…]`
      // Without the procedure (an export without its header) no read step can be checked: the
      // labels Gen5 gives its data reduction (`Blank MTT:570`, `Corrected [MTT:570]`) are
      // results, never raw reads.
      if (!step && DATA_REDUCTION_LABEL_RE.test(stepName)) return null;
    } else {
      step = defaultStep ?? (steps.length === 1 ? steps[0] : undefined);
    }
    const stepLabel = stepName || step?.name || undefined;
    const withLabel = (spec: ChannelSpec): ChannelSpec =>
      stepLabel ? { ...spec, label: stepLabel } : spec;
    let m: RegExpExecArray | null;
    if ((m = /^(\d{3,4})(?:\s*\[(Test|Ref)\])?$/i.exec(suffix))) {
      const nm = Number(m[1]);
      if (step?.mode && step.mode !== 'absorbance') return null;
      return withLabel({ mode: 'absorbance', wavelengthNm: nm });
    }
    if ((m = FILTER_PAIR_RE.exec(suffix))) {
      const ex = Number(m[1]);
      const em = Number(m[3]);
      const set = step?.filterSets.find((f) => f.excitationNm === ex && f.emissionNm === em);
      const spec: ChannelSpec = {
        mode: 'fluorescence',
        wavelengthNm: em,
        excitationNm: ex,
        emissionNm: em,
      };
      if (m[2]) spec.excitationBandwidthNm = Number(m[2]);
      else if (set?.excitationBandwidthNm !== undefined)
        spec.excitationBandwidthNm = set.excitationBandwidthNm;
      if (m[4]) spec.emissionBandwidthNm = Number(m[4]);
      else if (set?.emissionBandwidthNm !== undefined)
        spec.emissionBandwidthNm = set.emissionBandwidthNm;
      if (set?.gain !== undefined) spec.gain = set.gain;
      return withLabel(spec);
    }
    if (
      /^(lum|luminescence|full light)$/i.test(suffix) ||
      (step?.mode === 'luminescence' && stepName !== '' && !/pathlength/i.test(suffix))
    ) {
      const set = step?.filterSets[0];
      const spec: ChannelSpec = { mode: 'luminescence', wavelengthNm: null };
      if (set?.emissionNm !== undefined) spec.emissionNm = set.emissionNm;
      if (set?.gain !== undefined) spec.gain = set.gain;
      return withLabel(spec);
    }
    return null;
  };

  /** Reads a matrix; `label` names its data set when its rows carry none. */
  const parseMatrix = (start: number, blockTitle: string): number => {
    const headerLine = lines[start];
    const nColumns = columnNumberRun(rows[start], 1);
    const size = plateSizeForColumns(nColumns);
    let j = start + 1;
    const skipRest = (): number => {
      while (j < part.end && !isBlankRow(rows[j])) j++;
      return j;
    };
    if (/^(layout|well ids?)$/i.test(blockTitle)) return skipRest();
    if (size === null) {
      b.problem({
        code: 'WRONG_PLATE_SIZE',
        line: headerLine,
        message: `${at(headerLine, b.loc)}: the matrix has ${nColumns} columns; a 96-well plate has 12 and a 384-well plate 24. Export the full plate.`,
      });
      return skipRest();
    }
    if (plateSize !== null && plateSize !== size) {
      b.problem({
        code: 'WRONG_PLATE_SIZE',
        line: headerLine,
        message: `${at(headerLine, b.loc)}: this matrix is a ${size}-well plate but an earlier one is ${plateSize}-well.`,
      });
      return skipRest();
    }
    plateSize = size;
    if (meta.declaredPlateSize !== undefined && meta.declaredPlateSize !== size) {
      b.problem({
        code: 'WRONG_PLATE_SIZE',
        line: headerLine,
        field: 'Plate Type',
        message: `${at(headerLine, b.loc)}: the matrix is a ${size}-well plate but Plate Type declares ${meta.declaredPlateSize} wells; set the Plate Type of the Gen5 procedure to the plate that was read, or export the whole plate.`,
      });
    }
    const nRows = plateDimensions(size).rows;
    const rowsSeen = new Uint8Array(nRows);
    let supplied = false;
    // A single-step "Results" block may come without labels.
    const fallbackLabel =
      /^results$/i.test(blockTitle) && steps.length === 1 && steps[0].wavelengthsNm.length === 1
        ? String(steps[0].wavelengthsNm[0])
        : blockTitle;
    let labelled: boolean | undefined;
    let row = -1;
    let letter = '';
    for (; j < part.end; j++) {
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
      if (row < nRows) rowsSeen[row] = 1;
      const last = lastNonBlank(cells);
      // Whether rows end with a data set label is fixed by the block's first row.
      labelled ??= last === nColumns + 1;
      const labelCell = labelled ? (cells[nColumns + 1] ?? '').trim() : '';
      const tooLong = last > (labelled ? nColumns + 1 : nColumns);
      if (cells.length < nColumns + 1 || tooLong || (labelled && labelCell === '')) {
        b.problem({
          code: 'RAGGED_ROW',
          line,
          message: `${at(line, b.loc)}: row ${letter} does not have ${nColumns} values${labelled ? ' followed by its data set label' : ''}.${tooLong ? decimalCommaHint(cells, delimiter) || ` It has ${last - (labelled ? 1 : 0)} fields where the plate has ${nColumns} columns: correct the row (a value split in two fields, or a field added) or export the file again from Gen5.` : ' Export the full plate.'}`,
        });
        continue;
      }
      const label = labelled ? labelCell : fallbackLabel;
      let channel = labelChannels.get(label);
      if (channel === undefined) {
        const spec = channelOf(label);
        channel = spec === null ? null : b.channel(spec);
        labelChannels.set(label, channel);
      }
      if (channel === null) {
        if (label !== '') skip(label, line);
        continue;
      }
      supplied = true;
      if (row >= nRows) {
        for (let k = 1; k <= nColumns; k++) {
          if (cells[k].trim() !== '') b.outside(`${letter}${k}`, line, size);
        }
        continue;
      }
      for (let k = 0; k < nColumns; k++) b.add(row, k, channel, cells[k + 1], line);
    }
    if (supplied) {
      sawData = true;
      const missing: string[] = [];
      for (let r = 0; r < nRows; r++) if (rowsSeen[r] === 0) missing.push(rowLetter(r));
      if (missing.length > 0) {
        b.problem({
          code: 'RAGGED_BLOCK',
          line: headerLine,
          message: `${at(headerLine, b.loc)}: the matrix has no row ${missing.join(', ')}; a ${size}-well plate has rows A–${rowLetter(nRows - 1)}. Export the full plate.`,
        });
      }
    }
    return j;
  };

  /** A well-wise table: a header `Well, …labels` and one row per well. */
  const parseWellTable = (start: number): number => {
    const header = rows[start];
    const headerLine = lines[start];
    const columns: { index: number; spec: ChannelSpec | null; label: string }[] = [];
    for (let k = 1; k < header.length; k++) {
      const label = header[k].trim();
      if (label === '' || /^(well id|conc\/dil|name|sample|type|group)$/i.test(label)) continue;
      columns.push({ index: k, spec: channelOf(label), label });
    }
    let j = start + 1;
    let maxRow = -1;
    let maxCol = -1;
    const pending: { row: number; column: number; line: number; cells: string[] }[] = [];
    for (; j < part.end; j++) {
      const cells = rows[j];
      if (isBlankRow(cells)) break;
      const pos = parseWellName(cells[0] ?? '');
      if (pos === null) break;
      maxRow = Math.max(maxRow, pos.row);
      maxCol = Math.max(maxCol, pos.column);
      pending.push({ row: pos.row, column: pos.column, line: lines[j], cells });
    }
    const size: PlateSize = maxRow >= 8 || maxCol >= 12 ? 384 : (meta.declaredPlateSize ?? 96);
    plateSize ??= size;
    for (const c of columns) {
      if (c.spec === null) {
        skip(c.label, headerLine);
        continue;
      }
      sawData = true;
      const channel = b.channel(c.spec);
      for (const p of pending) {
        if (
          p.row >= plateDimensions(plateSize).rows ||
          p.column >= plateDimensions(plateSize).columns
        ) {
          b.outside(`${rowLetter(p.row)}${p.column + 1}`, p.line, plateSize);
        } else b.add(p.row, p.column, channel, p.cells[c.index] ?? '', p.line);
      }
    }
    return j;
  };

  let i = part.start;
  while (i < part.end) {
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
    if (/^well$/i.test(first) && cells.length > 1 && !inProcedure) {
      i = parseWellTable(i);
      title = '';
      continue;
    }
    if (/^(time|wavelength)$/i.test(first) && parseWellName(cells[2] ?? cells[1] ?? '') !== null) {
      // A column table over time or wavelength: kinetic or spectrum data.
      if (!refused) {
        refused = true;
        b.problem({
          code: 'UNSUPPORTED_READ_TYPE',
          line,
          field: first,
          message: `${at(line, b.loc)}: this file holds a ${first.toLowerCase() === 'time' ? 'kinetic' : 'spectrum'} read (one column per well over ${first.toLowerCase()}); ThioLab imports endpoint reads: export the endpoint, or a reduced value per well.`,
        });
      }
      while (i < part.end && !isBlankRow(rows[i])) i++;
      continue;
    }
    const key = first.replace(/:\s*$/, '').trim();
    const value = joinValue(cells);
    title = lastNonBlank(cells) === 0 ? first : '';
    if (first === '') {
      if (inProcedure) procedureDetail(value, line);
    } else if (/^Procedure (Details|Summary)$/i.test(key)) {
      inProcedure = true;
    } else if (inProcedure && key === 'Read') {
      current = { name: value, line, wavelengthsNm: [], filterSets: [] };
      currentFilter = undefined;
      steps.push(current);
      if (READ_MODE_RE.test(value)) {
        current.name = '';
        procedureDetail(value, line);
      }
    } else if (/^Start Kinetic$/i.test(key)) {
      kinetic = { line, detail: value };
      refused = true;
    } else if (/^End Kinetic$/i.test(key)) {
      // closes the kinetic loop
    } else {
      switch (key) {
        case 'Software Version':
          meta.software ??= `Gen5 ${value}`.trim();
          break;
        case 'Plate Number':
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
          const m = /(\d+)\s*(?:WELL|UV|\b)/i.exec(value);
          const n = m ? Number(m[1]) : NaN;
          if (n === 96 || n === 384) meta.declaredPlateSize ??= n;
          else if (/\d+\s*WELL/i.test(value)) {
            b.problem({
              code: 'WRONG_PLATE_SIZE',
              line,
              field: key,
              message: `${at(line, b.loc)}: plate type "${value}" is not a 96- or 384-well plate.`,
            });
          }
          break;
        }
        default:
          if (title === '' && value !== '' && !(key in meta.extra)) meta.extra[key] = value;
      }
    }
    i++;
  }

  if (kinetic) {
    const reads = /(\d+)\s+Reads?/i.exec(kinetic.detail);
    const nm = steps.flatMap((s) => s.wavelengthsNm);
    b.problem({
      code: 'UNSUPPORTED_READ_TYPE',
      line: kinetic.line,
      field: 'Start Kinetic',
      message: `${at(kinetic.line, b.loc)}: this file holds a kinetic read${reads ? ` of ${reads[1]} time points` : ''}${nm.length ? ` at ${nm.join(', ')} nm` : ''} (${kinetic.detail}); ThioLab imports endpoint reads: export the endpoint, or a reduced value per well (Gen5's Max V, or the last read).`,
    });
    refused = true;
  }
  if (date !== undefined || time !== undefined) {
    meta.readTimeRaw = [date, time].filter((s) => s).join(' ');
    const iso = date ? toIsoLocal(date, time) : undefined;
    if (iso) meta.readTime = iso;
  }
  if (!sawData && !refused) {
    b.problem({
      code: 'NO_DATA',
      message: `${multi ? `${plateName}: ` : ''}No read matrix found: export the plate's raw data (a "Results" matrix or one matrix per read).`,
    });
  }
  // Wavelengths the procedure declares must come with their reads (pathlength reads are extra).
  const declared = steps
    .filter((s) => !s.mode || s.mode === 'absorbance')
    .flatMap((s) => s.wavelengthsNm);
  if (refused) return null;
  if (steps.length === 0) {
    meta.extra['Read steps'] =
      'not in the export (Gen5 export without its procedure): reads named by their data set labels';
  }
  return b.finish(
    'gen5',
    plateSize,
    { name: plateName || 'Plate 1', line: lines[part.start] ?? 1 },
    meta,
    options,
    declared,
  );
}
