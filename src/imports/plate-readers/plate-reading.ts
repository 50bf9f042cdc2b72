import type { PlateSize } from './wells';

export type { PlateSize } from './wells';

/** The plate-reader export shapes ThioLab reads. */
export type PlateReaderFormat = 'grid' | 'long' | 'gen5' | 'softmax';

export const PLATE_READER_FORMATS: readonly PlateReaderFormat[] = [
  'grid',
  'long',
  'gen5',
  'softmax',
];

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
  | 'MISSING_MATERIAL';

/** One thing wrong with an import, located as precisely as the file allows. */
export interface ImportProblem {
  code: ImportProblemCode;
  /** Sentence for a person; names the line and the well when known. */
  message: string;
  /** 1-based line of the file. */
  line?: number;
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
}

/** Stop collecting after this many problems: a wrong file must not produce a megabyte report. */
export const MAX_PROBLEMS = 500;
