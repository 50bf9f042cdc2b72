// Sciex MultiQuant / Analyst / SCIEX OS results table: tab-, comma- or semicolon-separated, one
// row per sample × component.
import {
  EMPTY_FILE_MESSAGE,
  decimalCommaHint,
  isBlankRow,
  lastNonBlank,
  stripBom,
  tokenize,
  type Delimiter,
  type Table,
} from '../plate-readers/parse-support';
import { LcmsProblems, checkArea, finish, headerKey, numberOrProblem } from './lcms-cells';
import type { LcmsParseResult, LcmsPeak } from './lcms-export';
import { findColumns, textAt, type ColumnSpec, unclosedQuoteRefusal } from './lcms-table';

const COLUMNS = {
  sample: { name: 'Sample Name', keys: ['samplename'], required: true },
  // Analyst writes "Analyte Peak Name"; its short column names say "Peak Name".
  component: {
    name: 'Component Name',
    keys: ['componentname', 'analytepeakname', 'peakname'],
    required: true,
  },
  area: {
    name: 'Area',
    keys: ['area', 'analytepeakarea', 'analytepeakareacounts'],
    required: true,
  },
  sampleType: { name: 'Sample Type', keys: ['sampletype'], required: false },
  dataFile: { name: 'Data File', keys: ['datafile', 'datafilename', 'filename'], required: false },
  isFlag: { name: 'IS', keys: ['is'], required: false },
  isArea: { name: 'IS Area', keys: ['isarea', 'ispeakarea', 'ispeakareacounts'], required: false },
  nominal: {
    name: 'Actual Concentration',
    keys: ['actualconcentration', 'analyteconcentration', 'expectedconcentration'],
    required: false,
  },
  rt: {
    name: 'Retention Time',
    keys: ['retentiontime', 'analyteretentiontime', 'rt'],
    required: false,
  },
} satisfies Record<string, ColumnSpec>;

/**
 * A header cell without the unit Analyst and SCIEX OS append in parentheses ("Analyte
 * Concentration (ng/mL)", "Analyte Retention Time (min)"), so that the column is found
 * whatever the unit; the unit does not change what the column holds.
 */
function withoutUnit(cell: string): string {
  return cell.replace(/\s*\([^()]*\)\s*$/, '');
}

/** True when a row's header keys name a Sample Name and a component column. */
function isHeaderKeys(keys: readonly string[]): boolean {
  return (
    COLUMNS.sample.keys.some((k) => keys.includes(k)) &&
    COLUMNS.component.keys.some((k) => keys.includes(k))
  );
}

/**
 * The row that heads the results table: the first with a Sample Name and a component column.
 * Analyst and SCIEX OS write a section per peak ("Peak Name: …", "Internal Standard: …",
 * "Q1/Q3 Masses: …") and per calibration ("Fit … Weighting …") before it, four to six lines
 * each, so the whole file is searched, not a fixed number of lines. -1 when there is none.
 */
function headerRowOf(table: { rows: string[][] }): number {
  for (let i = 0; i < table.rows.length; i++) {
    if (isHeaderKeys(table.rows[i].map((c) => headerKey(withoutUnit(c))))) return i;
  }
  return -1;
}

/** The delimiters a results table is exported with: tab (Analyst, MultiQuant), comma, semicolon. */
const RESULTS_DELIMITERS: readonly Delimiter[] = ['\t', ',', ';'];

/**
 * The delimiter of a results table: the one that splits its header line (the first line, in
 * file order, holding Sample Name and a component column) into those columns. Found on the
 * header itself, not by counting delimiters over the file: Analyst's peak sections before the
 * table hold commas and colons ("Fit: Linear, Weighting: 1 / x"), and a comma file's quoted
 * names may hold tabs or semicolons. Header cells are unquoted as the tokenizer would. Null when
 * no line heads a results table with any of them.
 */
export function resultsTableDelimiter(text: string): Delimiter | null {
  for (let start = 0; start < text.length;) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    const line = text.slice(start, end);
    for (const d of RESULTS_DELIMITERS) {
      if (line.indexOf(d) === -1) continue;
      const keys = line
        .split(d)
        .map((c) => headerKey(withoutUnit(c.trim().replace(/^"([\s\S]*)"$/, '$1'))));
      if (isHeaderKeys(keys)) return d;
    }
    start = end + 1;
  }
  return null;
}

/** True when a line of the text heads a results table (Sample Name and component columns). */
export function looksLikeMultiquant(text: string): boolean {
  return resultsTableDelimiter(text) !== null;
}

/**
 * The width that counts: empty cells after the last named column are nothing (Analyst ends
 * its header and rows with a tab; a spreadsheet may pad rows), so they are dropped, and only
 * they: a row with a value past the header's last column is still refused.
 */
function trimmedWidth(cells: readonly string[], floor: number): number {
  return Math.max(lastNonBlank(cells) + 1, Math.min(cells.length, floor));
}

/**
 * Parses a MultiQuant, Analyst or SCIEX OS results table, tab-separated as they export it, or
 * comma- or semicolon-separated (re-saved from a spreadsheet, or SCIEX OS's CSV export): the
 * delimiter is the one that splits the header line into its columns; quoted fields may hold the
 * delimiter, quotes and line breaks. Anything before the
 * header row is skipped: Analyst's and SCIEX OS's peak and calibration sections. Columns are
 * found by name, with or without a unit in parentheses (`Analyte Peak Area (counts)`), in any
 * order, extra columns ignored. `N/A` and Analyst's `No Peak` in Area are no peak: kept as
 * missing, never 0. A decimal comma is read where the delimiter is a tab or ';' (then it is
 * unambiguous), and refused in a comma file. An
 * `IS` column of TRUE/FALSE marks internal standards; an `IS Area` column gives each row its
 * internal standard's area.
 */
export function parseMultiquant(text: string): LcmsParseResult {
  const src = stripBom(text);
  const problems = new LcmsProblems();
  if (src.trim() === '')
    return {
      ok: false,
      format: 'multiquant',
      problems: [{ code: 'EMPTY_FILE', message: EMPTY_FILE_MESSAGE }],
    };
  const delimiter = resultsTableDelimiter(src) ?? '\t';
  const decimalComma = delimiter !== ',';
  const table = tokenize(src, delimiter);
  const unclosed = unclosedQuoteRefusal('multiquant', table);
  if (unclosed) return unclosed;
  const h = headerRowOf(table);
  if (h === -1 && table.rows[0].filter((c) => c.trim() !== '').length < 3) {
    // Not even a table on line 1: Analyst's peak sections alone, or some other text.
    return {
      ok: false,
      format: 'multiquant',
      problems: [
        {
          code: 'MISSING_COLUMN',
          column: COLUMNS.sample.name,
          message:
            'No results-table header in the file (a line with Sample Name and Component Name, or Analyte Peak Name, columns): export the results table itself, with its column headers.',
        },
      ],
    };
  }
  const headerIndex = h === -1 ? 0 : h;
  const headerLine = table.lines[headerIndex];
  const rawHeader = table.rows[headerIndex];
  const width = trimmedWidth(rawHeader, 0);
  const header = rawHeader.slice(0, width);
  const headerProblems = new LcmsProblems();
  const col = findColumns(header.map(withoutUnit), COLUMNS, headerLine, headerProblems);
  for (const p of headerProblems.toArray()) {
    problems.add({
      ...p,
      message: `${p.message} Export the results table with its ${p.column ?? ''} column.`,
    });
  }
  if (problems.length > 0) return { ok: false, format: 'multiquant', problems: problems.toArray() };
  const peaks: LcmsPeak[] = [];
  for (const { cells, line } of rowsAfter(table, headerIndex, width, delimiter, problems)) {
    const sample = textAt(cells, col.sample);
    const component = textAt(cells, col.component);
    if (!sample || !component) {
      problems.add({
        code: 'MISSING_NAME',
        line,
        message: `Line ${line}: ${header[col.sample]} and ${header[col.component]} must both be given; every row is one sample's component.`,
      });
      continue;
    }
    const areaName = header[col.area];
    const area = numberOrProblem(problems, cells[col.area], line, areaName, decimalComma);
    checkArea(problems, area, line, areaName);
    const isArea =
      col.isArea >= 0
        ? numberOrProblem(problems, cells[col.isArea], line, header[col.isArea], decimalComma)
        : null;
    if (col.isArea >= 0) checkArea(problems, isArea, line, header[col.isArea]);
    const nominal =
      col.nominal >= 0
        ? numberOrProblem(problems, cells[col.nominal], line, header[col.nominal], decimalComma)
        : null;
    const rt =
      col.rt >= 0
        ? numberOrProblem(problems, cells[col.rt], line, header[col.rt], decimalComma)
        : null;
    const flag = textAt(cells, col.isFlag)?.toLowerCase();
    if (!area) continue;
    peaks.push({
      line,
      injection: sample,
      dataFile: textAt(cells, col.dataFile),
      sampleType: textAt(cells, col.sampleType),
      level: null,
      compound: component,
      internalStandard: flag === 'true' ? true : flag === 'false' ? false : null,
      nominal: nominal && nominal.value !== null ? nominal : null,
      area,
      isArea,
      retentionTime: rt,
    });
  }
  return finish('multiquant', peaks, problems, 'always');
}

/**
 * The data rows after the header: blank rows skipped; empty cells past the header's last
 * column dropped; a row with another number of fields is a RAGGED_ROW problem, never cut.
 */
function* rowsAfter(
  table: Table,
  headerIndex: number,
  width: number,
  delimiter: Delimiter,
  problems: LcmsProblems,
): Generator<{ cells: string[]; line: number }> {
  const headerLine = table.lines[headerIndex];
  for (let i = headerIndex + 1; i < table.rows.length; i++) {
    const raw = table.rows[i];
    const line = table.lines[i];
    if (isBlankRow(raw)) continue;
    const n = trimmedWidth(raw, width);
    if (n !== width) {
      problems.add({
        code: 'RAGGED_ROW',
        line,
        message: `Line ${line}: ${n} fields where the header (line ${headerLine}) has ${width}; every row needs one field per column: export the results table again rather than editing it (text holding the delimiter must be quoted).${decimalCommaHint(raw, delimiter)}`,
      });
      continue;
    }
    yield { cells: raw.slice(0, width), line };
  }
}
