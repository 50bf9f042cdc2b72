// Bio-Rad CFX Manager / CFX Maestro "Quantification Cq Results" CSV: one row per well × fluor,
// `Content` (Unkn, Std, NTC, NRT, Pos Ctrl, Neg Ctrl, with an optional replicate suffix),
// Cq written as a number or NaN, starting quantity (SQ) of standards.
import { sniffDelimiter, tokenize } from '../plate-readers/parse-support';
import {
  EMPTY_QPCR_FILE,
  unclosedQuoteRefusal,
  type ParsedQpcrExport,
  type QpcrParseProblem,
  type QpcrParseResult,
} from './qpcr-export';
import { firstLineKeys, plateSizeOfWells } from './qpcr-cells';
import {
  indexColumns,
  readReactionRows,
  type ReactionColumns,
  type ReactionTableOptions,
} from './reaction-table';

const COLUMNS: ReactionColumns = {
  well: ['well'],
  sample: ['sample'],
  target: ['target'],
  cq: ['cq', 'c(t)'],
  task: ['content'],
  quantity: ['starting quantity (sq)', 'sq'],
  dye: ['fluor'],
};

/** True when the first line is a CFX Cq Results header (Well, Fluor, Content, Cq). */
export function looksLikeCfx(text: string): boolean {
  const keys = firstLineKeys(text);
  return ['well', 'fluor', 'content', 'cq'].every((k) => keys.includes(k));
}

/**
 * Reads a CFX "Quantification Cq Results" CSV. Every row must have as many cells as the header;
 * NaN Cq is undetermined; a blank Target is kept blank (CFX runs without a target set; the
 * import maps it).
 */
export function parseCfxCsv(text: string): QpcrParseResult {
  const delimiter = sniffDelimiter(text);
  const table = tokenize(text, delimiter);
  const unclosed = unclosedQuoteRefusal('cfx-csv', table.unclosedQuoteLine);
  if (unclosed) return unclosed;
  const problems: QpcrParseProblem[] = [];
  const options: ReactionTableOptions = {
    columns: COLUMNS,
    required: ['well', 'sample', 'target', 'cq', 'task'],
    blankTaskIsUnknown: false,
    where: (line) => `line ${line}`,
    stopAtBlankWell: false,
    decimalCommaPossible: delimiter !== ',',
  };
  if (table.rows.length === 0 || text.replace(/^\uFEFF/, '').trim() === '') {
    return {
      ok: false,
      format: 'cfx-csv',
      problems: [{ where: 'file', message: EMPTY_QPCR_FILE }],
    };
  }
  const { index, missing } = indexColumns(table.rows[0], options);
  if (missing.length > 0) {
    return {
      ok: false,
      format: 'cfx-csv',
      problems: [{ where: 'line 1', message: `the header lacks ${missing.join(', ')}` }],
    };
  }
  const reactions = readReactionRows(
    table.rows.slice(1),
    table.lines.slice(1),
    table.rows[0].length,
    index,
    options,
    problems,
  );
  if (problems.length > 0) return { ok: false, format: 'cfx-csv', problems };
  if (reactions.length === 0) {
    return {
      ok: false,
      format: 'cfx-csv',
      problems: [{ where: 'file', message: 'the file has no wells' }],
    };
  }
  const value: ParsedQpcrExport = {
    format: 'cfx-csv',
    metadata: {},
    runs: [{ name: null, plateSize: plateSizeOfWells(reactions.map((r) => r.well)), reactions }],
    targets: [],
  };
  return { ok: true, value };
}
