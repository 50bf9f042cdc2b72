// Sciex MultiQuant / Analyst / SCIEX OS results table: tab-separated, one row per sample × component.
import {
  EMPTY_FILE_MESSAGE,
  isBlankRow,
  lastNonBlank,
  stripBom,
  tokenize,
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

/**
 * The row that heads the results table: the first with a Sample Name and a component column.
 * Analyst and SCIEX OS write a section per peak ("Peak Name: …", "Internal Standard: …",
 * "Q1/Q3 Masses: …") and per calibration ("Fit … Weighting …") before it, four to six lines
 * each, so the whole file is searched, not a fixed number of lines. -1 when there is none.
 */
function headerRowOf(table: { rows: string[][] }): number {
  for (let i = 0; i < table.rows.length; i++) {
    const keys = table.rows[i].map((c) => headerKey(withoutUnit(c)));
    if (
      COLUMNS.sample.keys.some((k) => keys.includes(k)) &&
      COLUMNS.component.keys.some((k) => keys.includes(k))
    ) {
      return i;
    }
  }
  return -1;
}

/** True when a row of the (tab) text heads a results table (Sample Name and component columns). */
export function looksLikeMultiquant(table: { rows: string[][]; lines: number[] }): boolean {
  return headerRowOf(table) !== -1;
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
 * Parses a MultiQuant, Analyst or SCIEX OS results table (tab-separated). Anything before the
 * header row is skipped: Analyst's and SCIEX OS's peak and calibration sections. Columns are
 * found by name, with or without a unit in parentheses (`Analyte Peak Area (counts)`), in any
 * order, extra columns ignored. `N/A` and Analyst's `No Peak` in Area are no peak: kept as
 * missing, never 0. A decimal comma is read (tab is the delimiter, so it is unambiguous). An
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
  const table = tokenize(src, '\t');
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
  for (const { cells, line } of rowsAfter(table, headerIndex, width, problems)) {
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
    const area = numberOrProblem(problems, cells[col.area], line, areaName, true);
    checkArea(problems, area, line, areaName);
    const isArea =
      col.isArea >= 0
        ? numberOrProblem(problems, cells[col.isArea], line, header[col.isArea], true)
        : null;
    if (col.isArea >= 0) checkArea(problems, isArea, line, header[col.isArea]);
    const nominal =
      col.nominal >= 0
        ? numberOrProblem(problems, cells[col.nominal], line, header[col.nominal], true)
        : null;
    const rt =
      col.rt >= 0 ? numberOrProblem(problems, cells[col.rt], line, header[col.rt], true) : null;
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
  return finish('multiquant', peaks, problems);
}

/**
 * The data rows after the header: blank rows skipped; empty cells past the header's last
 * column dropped; a row with another number of fields is a RAGGED_ROW problem, never cut.
 */
function* rowsAfter(
  table: Table,
  headerIndex: number,
  width: number,
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
        message: `Line ${line}: ${n} fields where the header (line ${headerLine}) has ${width}; every row needs one field per column: export the results table again rather than editing it.`,
      });
      continue;
    }
    yield { cells: raw.slice(0, width), line };
  }
}
