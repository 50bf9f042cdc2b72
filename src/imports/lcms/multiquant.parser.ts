// Sciex MultiQuant / Analyst results table: tab-separated, one row per sample × component.
import { EMPTY_FILE_MESSAGE, stripBom, tokenize } from '../plate-readers/parse-support';
import { LcmsProblems, checkArea, finish, numberOrProblem } from './lcms-cells';
import type { LcmsParseResult, LcmsPeak } from './lcms-export';
import {
  dataRows,
  findColumns,
  findHeaderRow,
  textAt,
  type ColumnSpec,
  unclosedQuoteRefusal,
} from './lcms-table';

const COLUMNS = {
  sample: { name: 'Sample Name', keys: ['samplename'], required: true },
  component: { name: 'Component Name', keys: ['componentname', 'analytepeakname'], required: true },
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

/** True when a header row of the (tab) text has the Sample Name and Component Name columns. */
export function looksLikeMultiquant(table: { rows: string[][]; lines: number[] }): boolean {
  return findHeaderRow(table, [COLUMNS.sample.keys, COLUMNS.component.keys]) !== -1;
}

/**
 * Parses a MultiQuant or Analyst results table (tab-separated; a preamble before the header
 * row is skipped). `N/A` in Area is no peak: kept as missing, never 0. A decimal comma is read
 * (tab is the delimiter, so it is unambiguous). An `IS` column of TRUE/FALSE marks internal
 * standards; an `IS Area` column gives each row its internal standard's area.
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
  const h = findHeaderRow(table, [COLUMNS.sample.keys, COLUMNS.component.keys]);
  const headerIndex = h === -1 ? 0 : h;
  const col = findColumns(table.rows[headerIndex], COLUMNS, table.lines[headerIndex], problems);
  if (problems.length > 0) return { ok: false, format: 'multiquant', problems: problems.toArray() };
  const peaks: LcmsPeak[] = [];
  for (const { cells, line } of dataRows(table, headerIndex, '\t', problems)) {
    const sample = textAt(cells, col.sample);
    const component = textAt(cells, col.component);
    if (!sample || !component) {
      problems.add({
        code: 'MISSING_NAME',
        line,
        message: `Line ${line}: Sample Name and Component Name must both be given.`,
      });
      continue;
    }
    const area = numberOrProblem(problems, cells[col.area], line, COLUMNS.area.name, true);
    checkArea(problems, area, line, COLUMNS.area.name);
    const isArea =
      col.isArea >= 0
        ? numberOrProblem(problems, cells[col.isArea], line, COLUMNS.isArea.name, true)
        : null;
    checkArea(problems, isArea, line, COLUMNS.isArea.name);
    const nominal =
      col.nominal >= 0
        ? numberOrProblem(problems, cells[col.nominal], line, COLUMNS.nominal.name, true)
        : null;
    const rt =
      col.rt >= 0 ? numberOrProblem(problems, cells[col.rt], line, COLUMNS.rt.name, true) : null;
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
