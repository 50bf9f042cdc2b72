// What an LC-MS/MS quantitation export holds once parsed: one peak row per injection × compound.

/** The export layouts the LC-MS/MS import reads. */
export const LCMS_FORMATS = ['long', 'skyline', 'masshunter', 'multiquant', 'targetlynx'] as const;
export type LcmsFormat = (typeof LCMS_FORMATS)[number];

/**
 * A number kept as the file wrote it. `value` is null when the cell is missing (blank, `N/A`,
 * `N/F`…): a missing peak area stays missing, never 0. `missing` names the mark as written.
 */
export interface NumberText {
  raw: string;
  value: number | null;
  /** Set when the cell holds no number: '' for a blank cell, else the mark (`N/A`, `N/F`). */
  missing?: string;
}

/** One peak of one compound in one injection, as the file states it. */
export interface LcmsPeak {
  /** 1-based line of the file. */
  line: number;
  /** Sample (injection) name as written: `Sample Name`, `Replicate Name`, `Name`, `sample`. */
  injection: string;
  /** The acquisition file (`05_TQC.d`, `…raw`), when the export names it. */
  dataFile: string | null;
  /** Sample type as written (`Standard`, `QC`, `Unknown`, `Blank`, `calibrator`…), or null. */
  sampleType: string | null;
  /** Calibration or QC level as written, when the export has one. */
  level: string | null;
  /**
   * Compound as written. Skyline rows add the isotope label (`alanine [heavyD5]`) and, for a
   * fragment other than the precursor, its product m/z (`alanine 148.0762`), so that each
   * compound is one row per injection.
   */
  compound: string;
  /** What the file says about the compound: internal standard (true), analyte (false), or null. */
  internalStandard: boolean | null;
  /** Nominal (expected) concentration as written, when the export has one. */
  nominal: NumberText | null;
  area: NumberText;
  /** The internal standard's area on the same row (the long CSV layout only). */
  isArea: NumberText | null;
  /** Retention time, minutes, when the export has it. */
  retentionTime: NumberText | null;
  /**
   * Which injection of its name (and data file) the peak belongs to, 1-based in file order: 1
   * unless the name comes back (a QC injected twice under one name). Set by the parse.
   */
  occurrence?: number;
}

export type LcmsProblemCode =
  | 'EMPTY_FILE'
  | 'BINARY_FILE'
  | 'UNKNOWN_FORMAT'
  | 'MISSING_COLUMN'
  | 'RAGGED_ROW'
  | 'NOT_A_NUMBER'
  | 'DECIMAL_COMMA'
  | 'NEGATIVE_AREA'
  | 'UNKNOWN_SAMPLE_TYPE'
  | 'MISSING_NAME'
  | 'DUPLICATE_PEAK'
  | 'NO_DATA'
  | 'UNCLOSED_QUOTE'
  | 'TOO_MANY_PROBLEMS';

/** One thing wrong with an export, located by line (and column or compound when known). */
export interface LcmsProblem {
  code: LcmsProblemCode;
  message: string;
  line?: number;
  column?: string;
  injection?: string;
  compound?: string;
}

export interface ParsedLcmsExport {
  format: LcmsFormat;
  /** The text encoding the bytes were read in, when parsed from bytes. */
  encoding?: string;
  peaks: LcmsPeak[];
  /**
   * Injections in file order, each once: told apart by name and data file, and by their order
   * where a name (with its data file) repeats.
   */
  injections: LcmsInjection[];
  /** Compound names in file order, each once. */
  compounds: string[];
}

export interface LcmsInjection {
  name: string;
  dataFile: string | null;
  sampleType: string | null;
  level: string | null;
  /** Line of its first peak. */
  line: number;
  /** Its place among the injections of the same name (and data file), 1-based in file order. */
  occurrence: number;
  /** How many injections of the file have that name (and data file): 1 unless it repeats. */
  repeats: number;
}

export type LcmsParseResult =
  | { ok: true; export: ParsedLcmsExport }
  | { ok: false; format?: LcmsFormat; problems: LcmsProblem[] };

export const MAX_LCMS_PROBLEMS = 100;
