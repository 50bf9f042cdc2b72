// The generic long CSV: sample, type, analyte, nominal, area, is_area[, rt][, level].
import {
  EMPTY_FILE_MESSAGE,
  sniffDelimiter,
  stripBom,
  tokenize,
  type Table,
} from '../plate-readers/parse-support';
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

/** The sample types of the long layout, as the file must spell them (case-insensitive). */
export const LONG_SAMPLE_TYPES = ['calibrator', 'qc', 'blank', 'zero', 'unknown'] as const;

const COLUMNS = {
  sample: { name: 'sample', keys: ['sample', 'samplename', 'injection'], required: true },
  type: { name: 'type', keys: ['type', 'sampletype'], required: true },
  analyte: { name: 'analyte', keys: ['analyte', 'compound'], required: true },
  nominal: { name: 'nominal', keys: ['nominal', 'nominalconcentration'], required: false },
  area: { name: 'area', keys: ['area', 'analytearea'], required: true },
  isArea: { name: 'is_area', keys: ['isarea', 'internalstandardarea'], required: true },
  rt: { name: 'rt', keys: ['rt', 'retentiontime'], required: false },
  level: { name: 'level', keys: ['level', 'qclevel'], required: false },
} satisfies Record<string, ColumnSpec>;

/** True when the text's first header row has the long layout's columns. */
export function looksLikeLong(table: { rows: string[][]; lines: number[] }): boolean {
  return (
    findHeaderRow(table, [COLUMNS.sample.keys, COLUMNS.analyte.keys, COLUMNS.isArea.keys]) !== -1
  );
}

/**
 * Parses the long CSV (comma, semicolon or tab; a decimal comma only where ',' is not the
 * delimiter). One row per injection and analyte; `is_area` is the internal standard's area in
 * that injection; `nominal` is required on calibrator and QC rows. `tokenized`: the whole text
 * already tokenized with the delimiter sniffed from it (format detection's table), used as is.
 */
export function parseLongLcms(text: string, tokenized?: Table): LcmsParseResult {
  const src = stripBom(text);
  const problems = new LcmsProblems();
  if (src.trim() === '')
    return {
      ok: false,
      format: 'long',
      problems: [{ code: 'EMPTY_FILE', message: EMPTY_FILE_MESSAGE }],
    };
  const delimiter = sniffDelimiter(src);
  const decimalComma = delimiter !== ',';
  const table = tokenized ?? tokenize(src, delimiter);
  const unclosed = unclosedQuoteRefusal('long', table);
  if (unclosed) return unclosed;
  const h = findHeaderRow(table, [COLUMNS.sample.keys, COLUMNS.analyte.keys]);
  const headerIndex = h === -1 ? 0 : h;
  const col = findColumns(table.rows[headerIndex], COLUMNS, table.lines[headerIndex], problems);
  if (problems.length > 0) return { ok: false, format: 'long', problems: problems.toArray() };
  const peaks: LcmsPeak[] = [];
  for (const { cells, line } of dataRows(table, headerIndex, delimiter, problems)) {
    const sample = textAt(cells, col.sample);
    const analyte = textAt(cells, col.analyte);
    const type = textAt(cells, col.type);
    if (!sample || !analyte || !type) {
      problems.add({
        code: 'MISSING_NAME',
        line,
        message: `Line ${line}: sample, type and analyte must all be given.`,
      });
      continue;
    }
    if (!(LONG_SAMPLE_TYPES as readonly string[]).includes(type.toLowerCase())) {
      problems.add({
        code: 'UNKNOWN_SAMPLE_TYPE',
        line,
        column: 'type',
        injection: sample,
        message: `Line ${line}: type "${type}" is not one of ${LONG_SAMPLE_TYPES.join(', ')}.`,
      });
      continue;
    }
    const nominal =
      col.nominal >= 0
        ? numberOrProblem(problems, cells[col.nominal], line, 'nominal', decimalComma)
        : null;
    const area = numberOrProblem(problems, cells[col.area], line, 'area', decimalComma);
    const isArea = numberOrProblem(problems, cells[col.isArea], line, 'is_area', decimalComma);
    const rt =
      col.rt >= 0 ? numberOrProblem(problems, cells[col.rt], line, 'rt', decimalComma) : null;
    checkArea(problems, area, line, 'area');
    checkArea(problems, isArea, line, 'is_area');
    const lower = type.toLowerCase();
    if (
      (lower === 'calibrator' || lower === 'qc') &&
      (col.nominal < 0 || nominal?.value === null)
    ) {
      problems.add({
        code: 'NOT_A_NUMBER',
        line,
        column: 'nominal',
        injection: sample,
        message: `Line ${line}: a ${lower} needs its nominal concentration.`,
      });
    }
    if (!area || !isArea) continue;
    peaks.push({
      line,
      injection: sample,
      dataFile: null,
      sampleType: type,
      level: textAt(cells, col.level),
      compound: analyte,
      internalStandard: false,
      nominal,
      area,
      isArea,
      retentionTime: rt,
    });
  }
  return finish('long', peaks, problems, 'always');
}
