// The generic long CSV: `well, sample, target, cq, [task], [quantity], [dye]`, one row per
// reaction. Task is unknown | standard | ntc (blank = unknown); quantity only for standards.
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
  cq: ['cq', 'ct'],
  task: ['task'],
  quantity: ['quantity'],
  dye: ['dye'],
};

/** True when the first line names well, sample, target and cq. */
export function looksLikeLongCsv(text: string): boolean {
  const keys = firstLineKeys(text);
  return (
    keys.includes('well') &&
    keys.includes('sample') &&
    keys.includes('target') &&
    (keys.includes('cq') || keys.includes('ct'))
  );
}

/**
 * Reads the generic long CSV. Each row has exactly the header's cells; a decimal comma in a
 * comma-delimited file shows up as a wrong cell count and is refused, never truncated.
 */
export function parseQpcrLongCsv(text: string): QpcrParseResult {
  const delimiter = sniffDelimiter(text);
  const table = tokenize(text, delimiter);
  const unclosed = unclosedQuoteRefusal('long-csv', table.unclosedQuoteLine);
  if (unclosed) return unclosed;
  const problems: QpcrParseProblem[] = [];
  const options: ReactionTableOptions = {
    columns: COLUMNS,
    required: ['well', 'sample', 'target', 'cq'],
    blankTaskIsUnknown: true,
    where: (line) => `line ${line}`,
    stopAtBlankWell: false,
    decimalCommaPossible: delimiter !== ',',
  };
  if (table.rows.length === 0 || text.replace(/^\uFEFF/, '').trim() === '') {
    return {
      ok: false,
      format: 'long-csv',
      problems: [{ where: 'file', message: EMPTY_QPCR_FILE }],
    };
  }
  const { index, missing } = indexColumns(table.rows[0], options);
  if (missing.length > 0) {
    return {
      ok: false,
      format: 'long-csv',
      problems: [
        {
          where: 'line 1',
          message: `the header lacks ${missing.join(', ')}; expected well, sample, target, cq, [task], [quantity], [dye]`,
        },
      ],
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
  for (const r of reactions) {
    if (r.task === 'standard' && r.quantity === null) {
      problems.push({
        where: r.source,
        field: 'quantity',
        message: `well ${r.well}: a standard needs its quantity`,
      });
    }
  }
  if (problems.length > 0) return { ok: false, format: 'long-csv', problems };
  if (reactions.length === 0) {
    return {
      ok: false,
      format: 'long-csv',
      problems: [{ where: 'file', message: 'the file has no wells' }],
    };
  }
  const value: ParsedQpcrExport = {
    format: 'long-csv',
    metadata: {},
    runs: [{ name: null, plateSize: plateSizeOfWells(reactions.map((r) => r.well)), reactions }],
    targets: [],
  };
  return { ok: true, value };
}
