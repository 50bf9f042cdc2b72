import { KNOWN_MARKS, readCell } from './cell-status';
import { isBlankCell, parseNumberCell, ProblemList } from './parse-support';
import { PHYSICAL_LIMITS } from './physical-limits';
import type { ReadMode } from '../../analysis/plate/plate-reading';
import type {
  ImportProblem,
  ParsedPlate,
  ParseFileResult,
  PlateBlockRef,
  PlateReaderFormat,
  PlateReaderParseOptions,
  PlateReadingMetadata,
  PlateValue,
  ReadChannel,
  SkippedBlock,
  ValueStatus,
} from '../../analysis/plate/plate-reading';
import { formatWellName, plateRange, type PlateSize } from '../../analysis/plate/well-position';

// Internal: builds the plates of one file and collects its problems. Not part of the public API.

/** Where a value sits, for messages: a text line, or a row of a workbook sheet; maybe a plate. */
export interface Locator {
  sheet?: string;
  /** Set when the file holds several plates, so every message names the plate. */
  plate?: string;
}

/** `Line 12`, `Line 12 (Plate 2)`, `Sheet "Absorbance 1_01" row 11`. */
export function at(line: number | undefined, loc: Locator): string {
  const where = loc.sheet
    ? `Sheet "${loc.sheet}"${line === undefined ? '' : ` row ${line}`}`
    : line === undefined
      ? ''
      : `Line ${line}`;
  if (!loc.plate) return where;
  return where === '' ? loc.plate : `${where} (${loc.plate})`;
}

function located(loc: Locator): Pick<ImportProblem, 'plate' | 'sheet'> {
  return {
    ...(loc.plate ? { plate: loc.plate } : {}),
    ...(loc.sheet ? { sheet: loc.sheet } : {}),
  };
}

// Duplicate detection works on a fixed 32 × 48 grid so it needs no plate size up front.
const GRID_COLUMNS = 48;
const GRID_CELLS = 32 * GRID_COLUMNS;

/** What a channel is measured as, without its key (the builder assigns a unique one). */
export type ChannelSpec = Omit<ReadChannel, 'key'> & { key?: string };

function baseKey(spec: ChannelSpec): string {
  if (spec.key) return spec.key;
  switch (spec.mode) {
    case 'absorbance':
      if (spec.wavelengthNm === null) return spec.label ?? 'absorbance';
      return spec.referenceNm === undefined
        ? String(spec.wavelengthNm)
        : `${spec.wavelengthNm}-${spec.referenceNm}`;
    case 'fluorescence':
      if (spec.excitationNm !== undefined && spec.emissionNm !== undefined) {
        return `ex${spec.excitationNm}/em${spec.emissionNm}`;
      }
      return spec.label ? `fl:${spec.label}` : 'fluorescence';
    case 'luminescence':
      return spec.emissionNm !== undefined ? `lum:${spec.emissionNm}` : 'lum';
  }
}

/**
 * The values of one plate: checks each cell (a number or a known mark, physically possible for
 * its read mode, not a duplicate) and turns the plate into a {@link ParsedPlate}.
 */
export class PlateBuilder {
  readonly values: PlateValue[] = [];
  readonly channels: ReadChannel[] = [];
  private readonly seen = new Map<string, Int32Array>();
  private lastChannel: ReadChannel | undefined;
  private lastSeen: Int32Array | undefined;
  /** Values that are not numbers, per channel key, for the "missing wavelength" check. */
  private readonly failed = new Set<string>();
  /** Channels that have at least one value. */
  private readonly used = new Set<string>();

  constructor(
    readonly problems: ProblemList,
    private readonly decimalComma: boolean,
    readonly loc: Locator = {},
  ) {}

  /**
   * The channel with these settings: the same object for the same settings and step name; a new
   * one (its key suffixed with the step name) when another step reads the same wavelength.
   */
  channel(spec: ChannelSpec): ReadChannel {
    const key = baseKey(spec);
    let existing = this.channels.find((c) => c.key === key);
    if (existing && (existing.label ?? '') === (spec.label ?? '')) return existing;
    let unique = key;
    if (existing) {
      unique = `${key}|${spec.label ?? this.channels.length + 1}`;
      existing = this.channels.find((c) => c.key === unique);
      if (existing) return existing;
    }
    const channel: ReadChannel = { ...spec, key: unique };
    if (channel.label === undefined) delete channel.label;
    this.channels.push(channel);
    return channel;
  }

  /** Adds one cell. Blank cells are wells that were not read. The position must be on the plate. */
  add(row: number, column: number, channel: ReadChannel, raw: string, line: number): void {
    // Hot path (once per well and channel): a number is scanned once and nothing else allocated
    // but the value itself; marks, messages and labels only when a cell is not a plain number.
    let value: number | null = parseNumberCell(raw, this.decimalComma);
    let status: ValueStatus = 'ok';
    if (value !== value) {
      if (isBlankCell(raw)) return;
      const cell = readCell(raw, this.decimalComma);
      if (cell === null) {
        this.failed.add(channel.key);
        const well = formatWellName(row, column);
        this.problems.add({
          code: 'NOT_A_NUMBER',
          line,
          well,
          ...this.channelFields(channel),
          ...located(this.loc),
          message: `${at(line, this.loc)}, well ${well}${channelLabel(channel)}: "${raw.trim()}" is neither a number nor a mark a reader writes (${KNOWN_MARKS}); correct the cell or export the raw data again.`,
        });
        return;
      }
      value = cell.value;
      status = cell.status;
    }
    if (value !== null) {
      const limits = PHYSICAL_LIMITS[channel.mode];
      if (value < limits.min || value > limits.max) {
        this.failed.add(channel.key);
        const well = formatWellName(row, column);
        this.problems.add({
          code: 'IMPOSSIBLE_VALUE',
          line,
          well,
          ...this.channelFields(channel),
          ...located(this.loc),
          message: `${at(line, this.loc)}, well ${well}${channelLabel(channel)}: ${raw.trim()} is not a possible ${channel.mode} value (a reader reports ${limits.min} to ${limits.max} ${limits.unit}); check that the column holds the reads and that the decimal mark is right.`,
        });
        return;
      }
    }
    let seen = channel === this.lastChannel ? this.lastSeen : this.seen.get(channel.key);
    if (!seen) {
      seen = new Int32Array(GRID_CELLS);
      this.seen.set(channel.key, seen);
      this.used.add(channel.key);
    }
    this.lastChannel = channel;
    this.lastSeen = seen;
    const idx = row * GRID_COLUMNS + column;
    const well = formatWellName(row, column);
    if (seen[idx] !== 0) {
      this.problems.add({
        code: 'DUPLICATE_WELL',
        line,
        well,
        ...this.channelFields(channel),
        ...located(this.loc),
        message: `${at(line, this.loc)}: well ${well}${channelLabel(channel)} was already read on line ${seen[idx]}; keep one value per well.`,
      });
      return;
    }
    seen[idx] = line;
    this.values.push({
      well,
      row,
      column,
      channel: channel.key,
      wavelengthNm: channel.mode === 'absorbance' ? channel.wavelengthNm : null,
      value,
      status,
      raw,
      line,
    });
  }

  /** Reports a well that lies outside the plate. */
  outside(wellText: string, line: number, size: PlateSize): void {
    this.problems.add({
      code: 'WELL_OUTSIDE_PLATE',
      line,
      well: wellText,
      ...located(this.loc),
      message: `${at(line, this.loc)}: well ${wellText} is outside a ${size}-well plate (${plateRange(size)}); check the plate size the file declares.`,
    });
  }

  /** Adds a problem located in this plate (its plate and sheet are filled in). */
  problem(p: ImportProblem): void {
    this.problems.add({ ...p, ...located(this.loc) });
  }

  private channelFields(channel: ReadChannel): Pick<ImportProblem, 'wavelengthNm' | 'channel'> {
    if (channel.mode === 'absorbance' && channel.wavelengthNm !== null) {
      return channel.key === String(channel.wavelengthNm)
        ? { wavelengthNm: channel.wavelengthNm }
        : { wavelengthNm: channel.wavelengthNm, channel: channel.key };
    }
    return { channel: channel.key };
  }

  /**
   * The plate, or null when it has no size (the parser has said why). Adds the plate-level
   * checks: the expected plate size, wavelengths the file declares or the caller requires.
   */
  finish(
    format: PlateReaderFormat,
    plateSize: PlateSize | null,
    block: PlateBlockRef,
    metadata: Omit<PlateReadingMetadata, 'wavelengthsNm'>,
    options: PlateReaderParseOptions,
    declaredWavelengthsNm: readonly number[] = [],
  ): ParsedPlate | null {
    // The plate block and where it starts: `Line 3: plate "Plate 1" `.
    const where = `${at(block.line, { sheet: block.sheet })}: plate "${block.name}" `;
    if (plateSize !== null && options.plateSize !== undefined && options.plateSize !== plateSize) {
      this.problem({
        code: 'WRONG_PLATE_SIZE',
        field: 'plateSize',
        message: `${where}holds a ${plateSize}-well plate; a ${options.plateSize}-well plate was expected.`,
      });
    }
    const wavelengthsNm: number[] = [];
    for (const c of this.channels) {
      if (
        c.mode === 'absorbance' &&
        c.wavelengthNm !== null &&
        !wavelengthsNm.includes(c.wavelengthNm)
      ) {
        if (this.used.has(c.key)) wavelengthsNm.push(c.wavelengthNm);
      }
    }
    if (this.values.length > 0) {
      const failedNm = new Set<number>();
      for (const c of this.channels) {
        if (this.failed.has(c.key) && c.wavelengthNm !== null) failedNm.add(c.wavelengthNm);
      }
      const missing: number[] = [];
      for (const nm of [...declaredWavelengthsNm, ...(options.requiredWavelengthsNm ?? [])]) {
        if (!wavelengthsNm.includes(nm) && !missing.includes(nm) && !failedNm.has(nm)) {
          missing.push(nm);
        }
      }
      for (const nm of missing) {
        this.problem({
          code: 'MISSING_WAVELENGTH',
          field: 'wavelength',
          wavelengthNm: nm,
          message: `${where}has no readings at ${nm} nm, which ${
            declaredWavelengthsNm.includes(nm) ? 'the file declares' : 'this import requires'
          }; export every wavelength of the read.`,
        });
      }
    }
    if (plateSize === null) return null;
    return {
      format,
      plateSize,
      block,
      metadata: { ...metadata, wavelengthsNm },
      channels: this.channels.filter((c) => this.used.has(c.key)),
      values: this.values,
    };
  }
}

/** ` at 570 nm`, ` (ex485/em528)`, `` for an absorbance read without a wavelength. */
export function channelLabel(channel: ReadChannel): string {
  if (channel.mode === 'absorbance') {
    if (channel.wavelengthNm === null) return '';
    return channel.referenceNm === undefined
      ? ` at ${channel.wavelengthNm} nm`
      : ` at ${channel.wavelengthNm} − ${channel.referenceNm} nm`;
  }
  return ` (${channel.mode} ${channel.key})`;
}

/** The result of a file: its plates, or every problem (a plate with none, `NO_DATA`). */
export function fileResult(
  format: PlateReaderFormat,
  problems: ProblemList,
  plates: readonly (ParsedPlate | null)[],
  skipped: SkippedBlock[] = [],
): ParseFileResult {
  const ok = plates.filter((p): p is ParsedPlate => p !== null);
  // Each plate block attaches to the planned plate it names: two blocks naming the same plate
  // cannot both be imported.
  const byName = new Map<string, ParsedPlate[]>();
  for (const p of ok) {
    const id = p.metadata.barcode ?? p.block.name;
    byName.set(id, [...(byName.get(id) ?? []), p]);
  }
  for (const [id, same] of byName) {
    if (same.length < 2) continue;
    const where = same.map(
      (p) => `${p.block.sheet ? `sheet "${p.block.sheet}" row` : 'line'} ${p.block.line}`,
    );
    problems.add({
      code: 'DUPLICATE_PLATE',
      line: same[1].block.line,
      plate: id,
      field: 'plate',
      message: `The plate blocks at ${where.join(' and ')} are all named "${id}", so they cannot be told apart; give each plate its own name or barcode in the reader software, or export them to separate files.`,
    });
  }
  if (problems.length === 0 && ok.every((p) => p.values.length === 0)) {
    problems.add({
      code: 'NO_DATA',
      message:
        ok.length === 0
          ? 'No plate could be read from the file; export the plate data (not only a report or a layout).'
          : 'The file holds no well values; export the plate data (not only a report or a layout).',
    });
  }
  if (problems.length > 0 || ok.length !== plates.length || ok.length === 0) {
    const list = problems.toArray();
    if (list.length === 0) {
      list.push({ code: 'NO_DATA', message: 'No plate could be read from the file.' });
    }
    return { ok: false, problems: list, format };
  }
  return { ok: true, file: { format, plates: ok, skipped } };
}

/** The mode a channel is read in, by the file's words (absorbance when it names none). */
export function modeOrAbsorbance(mode: ReadMode | undefined): ReadMode {
  return mode ?? 'absorbance';
}
