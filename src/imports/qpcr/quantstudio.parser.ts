// Applied Biosystems QuantStudio / ViiA 7 / 7500 / StepOne exports: the text export (`* key =
// value` header, then [Sample Setup], [Results], … sections; tab-delimited, or comma/`;` when
// StepOne and 7500 software export CSV; wells under Well Position, or under Well on 7500 and
// StepOne), the Design & Analysis 2 Results text/CSV (`# Key: Value` header, then the table) and
// the Design & Analysis Excel export (a "Results" sheet with metadata rows above the table). The
// Results table is enough for Cq; the header's instrument and chemistry go to the run's MIQE
// metadata.
import { tokenize } from '../plate-readers/parse-support';
import type { Sheet } from '../plate-readers/workbook';
import {
  unclosedQuoteRefusal,
  type ParsedQpcrExport,
  type QpcrParseProblem,
  type QpcrParseResult,
} from './qpcr-export';
import { headerKey, plateSizeOfWells } from './qpcr-cells';
import {
  indexColumns,
  readReactionRows,
  type ReactionColumns,
  type ReactionTableOptions,
} from './reaction-table';

const COLUMNS: ReactionColumns = {
  // QuantStudio numbers its wells under Well and names them under Well Position; the 7500 and
  // StepOne software name them under Well (A1), with no Well Position column.
  well: ['well position', 'well'],
  sample: ['sample name', 'sample'],
  target: ['target name', 'target', 'detector name', 'detector'],
  cq: ['ct', 'cт', 'cq', 'crt', 'c t'],
  task: ['task'],
  quantity: ['quantity'],
  dye: ['reporter', 'reporter dye'],
  omit: ['omit'],
};

function options(
  where: (line: number) => string,
  decimalCommaPossible: boolean,
): ReactionTableOptions {
  return {
    columns: COLUMNS,
    required: ['well', 'sample', 'target', 'cq', 'task'],
    blankTaskIsUnknown: false,
    where,
    stopAtBlankWell: true,
    // True for tab-delimited text and workbook cells, where a comma is never a delimiter.
    decimalCommaPossible,
  };
}

/** Metadata keys worth keeping for MIQE (the rest of the header is calibration dates). */
function plateSizeFromBlock(block: string | undefined): number | null {
  if (!block) return null;
  const m = /(96|384)/.exec(block);
  return m ? Number(m[1]) : null;
}

/** True when the text looks like a QuantStudio/ViiA 7/7500 text export. */
export function looksLikeQuantStudioText(text: string): boolean {
  const head = text.slice(0, 20000);
  return (
    (/^\[Results\][,;\t]*\s*$/m.test(text) &&
      /^\* (Instrument Type|Block Type|Experiment Name)/m.test(head)) ||
    designAnalysisHeader(text.split(/\r\n|\n|\r/, 400)) !== null
  );
}

/** The delimiter a table's header line uses most: tab, comma or semicolon (tab on a tie). */
function headerDelimiter(line: string): '\t' | ',' | ';' {
  const count = (d: string) => line.split(d).length - 1;
  return (['\t', ',', ';'] as const).reduce((a, b) => (count(b) > count(a) ? b : a));
}

/** A `# Key: Value` line of the Design & Analysis export header. */
const DA_META = /^#\s*([^:]*?)\s*:\s*(.*)$/;

/**
 * Where the table of a Design & Analysis (2.x) Results export starts: the first line after its
 * `# Key: Value` header that is not blank, when it names a Well Position column; null otherwise.
 * Its delimiter is the one the header line uses most (tab in .txt, comma or `;` in .csv).
 */
function designAnalysisHeader(
  lines: readonly string[],
): { at: number; delimiter: '\t' | ',' | ';' } | null {
  let metaLines = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = i === 0 ? lines[i].replace(/^\uFEFF/, '') : lines[i];
    if (line.startsWith('#')) {
      metaLines++;
      continue;
    }
    if (line.trim() === '') continue;
    if (metaLines === 0) return null;
    const delimiter = headerDelimiter(line);
    const keys = line.split(delimiter).map((c) => headerKey(c.trim().replace(/^"(.*)"$/, '$1')));
    return keys.includes('well position') ? { at: i, delimiter } : null;
  }
  return null;
}

/**
 * Reads the QuantStudio Design & Analysis (2.x) Results export as text or CSV: `# Key: Value`
 * header lines (their values without the trailing delimiters a spreadsheet adds), then the
 * table (`Well Position`, `Sample`, `Target`, `Task`, `Cq`, `Amp Status`…). `UNDETERMINED` Cq
 * stays undetermined.
 */
function parseDesignAnalysisText(text: string): QpcrParseResult | null {
  const lines = text.split(/\r\n|\n|\r/);
  const header = designAnalysisHeader(lines);
  if (header === null) return null;
  const metadata: Record<string, string> = {};
  for (let i = 0; i < header.at; i++) {
    const meta = DA_META.exec(i === 0 ? lines[i].replace(/^\uFEFF/, '') : lines[i]);
    if (meta && meta[1] !== '') metadata[meta[1]] = meta[2].replace(/[\t,;\s]+$/, '');
  }
  return readResultsTable(lines.slice(header.at), header.delimiter, header.at, metadata);
}

/**
 * The Results table of a text export: `tableLines` split on `delimiter`, its lines numbered as
 * in the file (`offset` lines above it), read into reactions. A decimal comma is read only when
 * the table is not comma-delimited.
 */
function readResultsTable(
  tableLines: readonly string[],
  delimiter: '\t' | ',' | ';',
  offset: number,
  metadata: Record<string, string>,
): QpcrParseResult {
  const table = tokenize(tableLines.join('\n'), delimiter);
  const unclosed = unclosedQuoteRefusal(
    'quantstudio-text',
    table.unclosedQuoteLine === undefined ? undefined : table.unclosedQuoteLine + offset,
  );
  if (unclosed) return unclosed;
  return readTable(
    table.rows,
    table.lines.map((l) => l + offset),
    metadata,
    'quantstudio-text',
    (line) => `line ${line}`,
    plateSizeFromBlock(metadata['Block Type']),
    metadata['Experiment Name'] ?? null,
    delimiter !== ',',
  );
}

/**
 * Reads the QuantStudio text export: header `* Key = Value` lines become metadata, and the
 * [Results] section (one row per well × target, split on the delimiter of its header line)
 * becomes the reactions. Without a [Results] section, a Design & Analysis export is read.
 * "Undetermined" is kept as undetermined; a quantity such as `1,250.000` is read with its
 * thousands separators.
 */
export function parseQuantStudioText(text: string): QpcrParseResult {
  const lines = text.split(/\r\n|\n|\r/);
  const metadata: Record<string, string> = {};
  let resultsAt = -1;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const meta = /^\*\s*(.+?)\s*=\s*(.*?)\s*$/.exec(line);
    if (meta && resultsAt === -1) {
      metadata[meta[1]] = meta[2];
      continue;
    }
    // A spreadsheet that saved the export as CSV pads the line with delimiters.
    if (/^\[Results\][,;\t]*\s*$/.test(line)) {
      resultsAt = i;
      break;
    }
  }
  if (resultsAt === -1) {
    const designAnalysis = parseDesignAnalysisText(text);
    if (designAnalysis !== null) return designAnalysis;
    return {
      ok: false,
      format: 'quantstudio-text',
      problems: [
        {
          where: 'file',
          message:
            'no [Results] section: export the results (File › Export, include Results) and send that file',
        },
      ],
    };
  }
  let end = resultsAt + 1;
  while (end < lines.length && !/^\[[^\]]+\][,;\t]*\s*$/.test(lines[end])) end++;
  const firstLine = resultsAt + 2; // 1-based line of the header
  // The text export is tab-delimited; StepOne and 7500 software also export it as CSV.
  const delimiter = headerDelimiter(lines[resultsAt + 1] ?? '');
  if (delimiter !== '\t') {
    for (const k of Object.keys(metadata)) metadata[k] = metadata[k].replace(/[,;]+$/, '').trim();
  }
  return readResultsTable(lines.slice(resultsAt + 1, end), delimiter, firstLine - 1, metadata);
}

/**
 * Reads the QuantStudio Design & Analysis Excel export: the "Results" sheet (or the first sheet
 * with a "Well Position" header), metadata rows `Key | Value` above the table.
 */
export function parseQuantStudioWorkbook(sheets: readonly Sheet[]): QpcrParseResult {
  const hasHeader = (s: Sheet) =>
    s.rows.some((r) => r.some((c) => c.trim().toLowerCase() === 'well position'));
  const sheet =
    sheets.find((s) => s.name?.trim().toLowerCase() === 'results' && hasHeader(s)) ??
    sheets.find(hasHeader);
  if (!sheet) {
    return {
      ok: false,
      format: 'quantstudio-xlsx',
      problems: [
        {
          where: 'file',
          message: `no sheet holds a results table with a "Well Position" column (sheets: ${sheets
            .map((s) => `"${s.name ?? ''}"`)
            .join(', ')}); export the Results from Design & Analysis`,
        },
      ],
    };
  }
  const headerAt = sheet.rows.findIndex((r) =>
    r.some((c) => c.trim().toLowerCase() === 'well position'),
  );
  const metadata: Record<string, string> = {};
  for (let i = 0; i < headerAt; i++) {
    const [k, v] = sheet.rows[i];
    if (k && k.trim() !== '' && v !== undefined && v.trim() !== '') metadata[k.trim()] = v.trim();
  }
  const sheetName = sheet.name ?? 'Results';
  return readTable(
    sheet.rows.slice(headerAt),
    sheet.lines.slice(headerAt),
    metadata,
    'quantstudio-xlsx',
    (line) => `sheet "${sheetName}" row ${line}`,
    plateSizeFromBlock(metadata['Block Type']),
    metadata['Experiment Name'] ?? null,
    true,
  );
}

function readTable(
  rows: string[][],
  lines: number[],
  metadata: Record<string, string>,
  format: 'quantstudio-text' | 'quantstudio-xlsx',
  where: (line: number) => string,
  plateSize: number | null,
  name: string | null,
  decimalCommaPossible: boolean,
): QpcrParseResult {
  const problems: QpcrParseProblem[] = [];
  if (rows.length === 0) {
    return {
      ok: false,
      format,
      problems: [
        {
          where: 'file',
          message:
            'the Results table is empty: export again with the Results included (File › Export, Results)',
        },
      ],
    };
  }
  const opts = options(where, decimalCommaPossible);
  const { index, missing } = indexColumns(rows[0], opts);
  if (missing.length > 0) {
    return {
      ok: false,
      format,
      problems: [
        {
          where: where(lines[0]),
          message: `the Results header lacks ${missing.join(', ')}`,
        },
      ],
    };
  }
  // QuantStudio leaves out a row's trailing empty cells (text and Excel alike): a shorter row is
  // read with those cells blank; a longer one is refused.
  const reactions = readReactionRows(
    rows.slice(1),
    lines.slice(1),
    rows[0].length,
    index,
    opts,
    problems,
    true,
  );
  if (problems.length > 0) return { ok: false, format, problems };
  if (reactions.length === 0) {
    return {
      ok: false,
      format,
      problems: [{ where: 'file', message: 'the Results table has no wells' }],
    };
  }
  const value: ParsedQpcrExport = {
    format,
    metadata,
    runs: [
      { name, plateSize: plateSize ?? plateSizeOfWells(reactions.map((r) => r.well)), reactions },
    ],
    targets: [],
  };
  return { ok: true, value };
}
