/**
 * The contract of a parsed plate-reader file: what every parser in src/imports/plate-readers/
 * yields, what src/plates/ stores and what the analysis reads. Pure types and constants.
 */
import type { PlateSize } from './well-position';

/** How a plate reader measured: the physical quantity of its values. */
export type ReadMode = 'absorbance' | 'fluorescence' | 'luminescence';

export const READ_MODES: readonly ReadMode[] = ['absorbance', 'fluorescence', 'luminescence'];

/** The plate-reader export shapes ThioLab reads (one pure parser each). */
export type PlateReaderFormat =
  | 'grid'
  | 'long'
  | 'gen5'
  | 'softmax'
  | 'bmg-mars'
  | 'envision'
  | 'kaleido'
  | 'skanit'
  | 'magellan'
  | 'spark';

export const PLATE_READER_FORMATS: readonly PlateReaderFormat[] = [
  'grid',
  'long',
  'gen5',
  'softmax',
  'bmg-mars',
  'envision',
  'kaleido',
  'skanit',
  'magellan',
  'spark',
];

/**
 * One thing a plate was read for: a wavelength (absorbance), a filter or monochromator pair with
 * its gain (fluorescence), or the light the wells emit (luminescence).
 */
export interface ReadChannel {
  /**
   * Unique within the plate, and stable: `570` (absorbance at 570 nm), `570-650` (the reader's
   * own 570 − 650 nm difference), `ex485/em528` (fluorescence), `lum` (luminescence). A second
   * read step with the same settings gets its step name appended (`450|Read 2`).
   */
  key: string;
  mode: ReadMode;
  /** Absorbance: the measurement wavelength. Fluorescence: the emission wavelength. */
  wavelengthNm: number | null;
  excitationNm?: number;
  emissionNm?: number;
  excitationBandwidthNm?: number;
  emissionBandwidthNm?: number;
  /** Detector gain as the file writes it (`35`, `extended`, `135`). */
  gain?: string;
  /** The read step as the file names it (`abs450`, `DAPI/GFP`, `Raw data`). */
  label?: string;
  /**
   * Set when the reader software already subtracted a reference read: the values are
   * A(wavelengthNm) − A(referenceNm) (SoftMax Pro "Reduced" data). The analysis then does not
   * subtract again.
   */
  referenceNm?: number;
}

/**
 * What a cell held: a number (`ok`), or a reader's mark stored as written and left out of the
 * analysis with that reason: `overflow` (`OVRFLW`, `OVER`, `Sat`: the detector saturated),
 * `flagged` (`*0.356*`, `<0.010`: the software marks the number as outside its valid range; the
 * number is kept) or `missing` (`MISSED`, `N/A`, `?????`: the well was not measured).
 */
export type ValueStatus = 'ok' | 'overflow' | 'flagged' | 'missing';

export const VALUE_STATUSES: readonly ValueStatus[] = ['ok', 'overflow', 'flagged', 'missing'];

/** One cell read from one well for one channel. */
export interface PlateValue {
  /** Canonical name, `A1`. */
  well: string;
  /** 0-based row (A = 0). */
  row: number;
  /** 0-based column (1 = 0). */
  column: number;
  /** Key of the {@link ReadChannel} of the plate. */
  channel: string;
  /** The channel's absorbance wavelength (null for other modes or when the file names none). */
  wavelengthNm: number | null;
  /** The number; null for `overflow` and `missing`. */
  value: number | null;
  status: ValueStatus;
  /** The cell exactly as read. */
  raw: string;
  /** 1-based line (text) or row (workbook sheet) the value came from. */
  line: number;
}

/** Where a plate's block sits in the file, so that problems and matches can name it. */
export interface PlateBlockRef {
  /** The plate's name or number as the file writes it (`Plate 2`, `Plate01`, `1`). */
  name: string;
  /** 1-based line (or sheet row) where the block starts. */
  line: number;
  /** Workbook sheet, for Excel exports. */
  sheet?: string;
}

/** One plate of an export: its channels and values. */
export interface ParsedPlate {
  format: PlateReaderFormat;
  plateSize: PlateSize;
  block: PlateBlockRef;
  metadata: PlateReadingMetadata;
  channels: ReadChannel[];
  /** Ordered by channel, then row-major. */
  values: PlateValue[];
}

/** A part of the file that is deliberately not imported, and why (so nothing goes silently). */
export interface SkippedBlock {
  name: string;
  line?: number;
  sheet?: string;
  reason: string;
}

/** Every plate of an export, with what was left out. */
export interface ParsedPlateFile {
  format: PlateReaderFormat;
  plates: ParsedPlate[];
  skipped: SkippedBlock[];
  /** How the bytes were decoded (`utf-8`, `utf-16le`, `windows-1252`, `xlsx`). */
  encoding?: string;
}

/** The plates of a file, or every problem found. */
export type ParseFileResult =
  | { ok: true; file: ParsedPlateFile }
  | { ok: false; problems: ImportProblem[]; format?: PlateReaderFormat };

/** What the file says about the read. Only `wavelengthsNm` is always present. */
export interface PlateReadingMetadata {
  /** Plate barcode, from the file or (Gen5) from the export file name. */
  barcode?: string;
  /** Plate name or number as the software labels it (`Plate 1`, `Plate1`). */
  plateName?: string;
  /**
   * Read date and time as ISO 8601 local time without zone (`2024-06-11T14:02:37`), when the
   * file's date parses unambiguously; the text as written is in `readTimeRaw`.
   */
  readTime?: string;
  readTimeRaw?: string;
  /** Temperature of the read chamber, °C (first reported value). */
  temperatureCelsius?: number;
  /** Wavelengths that carry readings, in the order they first appear. */
  wavelengthsNm: number[];
  /** Reader model (`Synergy H1`, `SpectraMax Plus 384`). */
  instrument?: string;
  instrumentSerial?: string;
  /** Acquisition software and version (`Gen5 3.12.08`, `SoftMax Pro (export 1.3)`). */
  software?: string;
  /** `Absorbance`, `Fluorescence`, … */
  readMode?: string;
  /** Units of the values (`OD`). */
  units?: string;
  /** Plate size the file declares, when it declares one. */
  declaredPlateSize?: PlateSize;
  /** Every other key/value line of the header, as written. */
  extra: Record<string, string>;
  /**
   * Every read of the plate (absorbance wavelengths, fluorescence filter pairs with their gain,
   * luminescence), as stored with a reading; absent on readings stored before channels were kept
   * (their values are plain absorbance reads at `wavelengthsNm`).
   */
  channels?: ReadChannel[];
  /** The plate's block in a file with several plates (name and line), as stored. */
  block?: PlateBlockRef;
}

/** One value read from one well at one wavelength. */
export interface WellReading {
  /** Canonical name, `A1`. */
  well: string;
  /** 0-based row (A = 0). */
  row: number;
  /** 0-based column (1 = 0). */
  column: number;
  /** null when the file does not say (a grid without wavelength, a long table without one). */
  wavelengthNm: number | null;
  value: number;
  /** The cell exactly as read, so the stored raw value is the file's own text. */
  raw: string;
  /** 1-based line of the file the value came from. */
  line: number;
}

export interface ParsedPlateReading {
  format: PlateReaderFormat;
  plateSize: PlateSize;
  metadata: PlateReadingMetadata;
  /** Ordered by wavelength block, then row-major. */
  readings: WellReading[];
}

/** Every problem code a plate-reader or plate-map parser can return. */
export type ImportProblemCode =
  | 'EMPTY_FILE'
  | 'UNKNOWN_FORMAT'
  | 'NO_DATA'
  | 'NOT_A_NUMBER'
  | 'IMPOSSIBLE_VALUE'
  | 'BINARY_FILE'
  | 'UNSUPPORTED_ENCODING'
  | 'DUPLICATE_PLATE'
  | 'UNSUPPORTED_READ_MODE'
  | 'INVALID_WELL'
  | 'WELL_OUTSIDE_PLATE'
  | 'DUPLICATE_WELL'
  | 'WRONG_PLATE_SIZE'
  | 'RAGGED_ROW'
  | 'RAGGED_BLOCK'
  | 'UNRECOGNIZED_LINE'
  | 'MISSING_WAVELENGTH'
  | 'INVALID_WAVELENGTH'
  | 'MISSING_COLUMN'
  | 'MALFORMED_HEADER'
  | 'UNSUPPORTED_READ_TYPE'
  | 'MULTIPLE_PLATES'
  | 'TOO_MANY_PROBLEMS'
  // plate maps
  | 'UNKNOWN_ROLE'
  | 'MISSING_CONCENTRATION'
  | 'INVALID_CONCENTRATION'
  | 'INVALID_UNIT'
  | 'MISSING_MATERIAL'
  | 'UNCLOSED_QUOTE'
  | 'VALUE_TOO_LONG'
  // plate maps drawn as grids
  | 'MISSING_GRID'
  | 'GRID_SIZE'
  | 'GRID_SIZE_MISMATCH'
  | 'GRID_ROW_OUT_OF_ORDER';

/** One thing wrong with an import, located as precisely as the file allows. */
export interface ImportProblem {
  code: ImportProblemCode;
  /** Sentence for a person; names the line and the well when known. */
  message: string;
  /** 1-based line of the file (or row of a workbook sheet). */
  line?: number;
  /** The plate block, in a file with several plates. */
  plate?: string;
  /** The workbook sheet, for Excel exports. */
  sheet?: string;
  /** The channel (`ex485/em528`), when not an absorbance wavelength. */
  channel?: string;
  /** Canonical well name (`B7`), or the text as written when it is not a valid well. */
  well?: string;
  /** Column, header key or setting concerned. */
  field?: string;
  wavelengthNm?: number;
}

/** A reading, or every problem found. `format` on failure says which parser judged the file. */
export type ParseResult =
  | { ok: true; reading: ParsedPlateReading }
  | { ok: false; problems: ImportProblem[]; format?: PlateReaderFormat };

export interface PlateReaderParseOptions {
  /**
   * Plate size the caller expects (the planned plate). A file of another size is a
   * `WRONG_PLATE_SIZE` problem. Long tables otherwise infer it from the wells.
   */
  plateSize?: PlateSize;
  /** Wavelengths that must carry readings (e.g. [570, 650]); each absent one is a problem. */
  requiredWavelengthsNm?: readonly number[];
  /** Original file name; Gen5 export names carry the plate barcode (`240411_172731_BARCODE_….txt`). */
  filename?: string;
  /**
   * The wavelength of a bare grid or long table that names none, when the plate's layout or run
   * names exactly one (the caller decides; the parser only applies it).
   */
  defaultWavelengthNm?: number;
}

/** Stop collecting after this many problems: a wrong file must not produce a megabyte report. */
export const MAX_PROBLEMS = 500;
