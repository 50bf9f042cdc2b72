import { unclosedQuoteMessage } from '../plate-readers/parse-support';
// What a qPCR instrument export holds, once read: runs of reactions (well × sample × target)
// with their Cq as written. Shared by every qPCR parser; pure (no framework, no I/O).

/** The qPCR export shapes ThioLab reads (one pure parser each). */
export type QpcrExportFormat =
  'rdml' | 'quantstudio-text' | 'quantstudio-xlsx' | 'cfx-csv' | 'long-csv';

export const QPCR_EXPORT_FORMATS: readonly QpcrExportFormat[] = [
  'rdml',
  'quantstudio-text',
  'quantstudio-xlsx',
  'cfx-csv',
  'long-csv',
];

/**
 * Role of a reaction (MIQE / RDML sample types): `unknown` (a sample), `standard` (a dilution
 * of known quantity), `ntc` (no-template control), `no-rt` (no reverse transcription),
 * `positive-control`. Only the first three enter the analysis; the others are stored.
 */
export type QpcrTask = 'unknown' | 'standard' | 'ntc' | 'no-rt' | 'positive-control';

export const QPCR_TASKS: readonly QpcrTask[] = [
  'unknown',
  'standard',
  'ntc',
  'no-rt',
  'positive-control',
];

/** One reaction (one well, one target) as the file writes it. */
export interface QpcrReaction {
  /** Canonical well name, `A1`. */
  well: string;
  /** Sample name as written; '' when the file names none (NTC and standard wells often). */
  sample: string;
  /** Target (gene/assay) name as written; '' when the file names none. */
  target: string;
  task: QpcrTask;
  /** The Cq in cycles, or null when the well did not amplify (`undetermined`). */
  cq: number | null;
  cqStatus: 'determined' | 'undetermined';
  /** The Cq cell exactly as written ('' for a blank cell). */
  cqRaw: string;
  /** Template quantity of a standard, as a number; null when the file gives none. */
  quantity: number | null;
  /** The quantity cell as written (null when the format has no such cell). */
  quantityRaw: string | null;
  dye: string | null;
  /** The instrument software left this well out (QuantStudio Omit, RDML excl). */
  omitted: boolean;
  /** Where the reaction came from: the 1-based file/sheet line, or the RDML reaction id. */
  source: string;
}

/** One plate run in the export (RDML files may hold several). */
export interface QpcrRunExport {
  /** The run's name in the file (RDML run id, QuantStudio experiment name); null if none. */
  name: string | null;
  /** 96 or 384 when the file says or the wells show it; null otherwise. */
  plateSize: number | null;
  reactions: QpcrReaction[];
}

/** A target as the file describes it (RDML and QuantStudio carry some MIQE information). */
export interface QpcrTargetInfo {
  name: string;
  /** RDML: toi (target of interest) or ref (reference gene). */
  type: 'target' | 'reference' | null;
  /** Amplification factor E (2 = 100 %) as stated by the file, with its source. */
  amplificationFactor: number | null;
  forwardPrimer: string | null;
  reversePrimer: string | null;
  amplicon: string | null;
  dye: string | null;
}

export interface ParsedQpcrExport {
  format: QpcrExportFormat;
  /** File-level key/value metadata (instrument, chemistry, experiment name…), as written. */
  metadata: Record<string, string>;
  runs: QpcrRunExport[];
  targets: QpcrTargetInfo[];
}

/** A reason a file cannot be read, naming where (line, reaction, sheet) and what to do. */
export interface QpcrParseProblem {
  /** `line 12`, `reaction 37 of run "Plate 1"`, `sheet "Results" row 40`, or `file`. */
  where: string;
  field?: string;
  message: string;
}

export type QpcrParseResult =
  | { ok: true; value: ParsedQpcrExport }
  | { ok: false; format: QpcrExportFormat | null; problems: QpcrParseProblem[] };

/**
 * The refusal of a text whose table leaves a quote open on `line` (file line), or null: every
 * line after the quote would be one field, so wells would go missing without a word.
 */
export function unclosedQuoteRefusal(
  format: QpcrExportFormat,
  line: number | undefined,
): QpcrParseResult | null {
  if (line === undefined) return null;
  return {
    ok: false,
    format,
    problems: [{ where: `line ${line}`, message: unclosedQuoteMessage(line) }],
  };
}

/** What an upload without a single line of content is told. */
export const EMPTY_QPCR_FILE =
  'the file is empty: export the results from the cycler software again (with the Cq results) and send that file';

/** Parsers stop collecting after this many problems (the report says so). */
export const MAX_QPCR_PROBLEMS = 50;
