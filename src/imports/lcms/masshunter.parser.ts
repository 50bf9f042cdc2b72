// Agilent MassHunter Quantitative Analysis CSV, wide table: two header rows, one row per injection.
import {
  EMPTY_FILE_MESSAGE,
  decimalCommaHint,
  isBlankRow,
  sniffDelimiter,
  stripBom,
  tokenize,
  type Table,
} from '../plate-readers/parse-support';
import { LcmsProblems, checkArea, finish, headerKey, numberOrProblem } from './lcms-cells';
import type { LcmsParseResult, LcmsPeak } from './lcms-export';
import { textAt, unclosedQuoteRefusal } from './lcms-table';

const RESULTS_SUFFIX = /\s+Results$/i;
const IS_MARK = /\((IS|ISTD)\)/i;

/** True when the first row names "… Results" groups and the second has Name or Data File. */
export function looksLikeMasshunter(table: Table): boolean {
  if (table.rows.length < 2) return false;
  const groups = table.rows[0].filter((c) => RESULTS_SUFFIX.test(c.trim()));
  const second = table.rows[1].map(headerKey);
  return groups.length > 0 && (second.includes('name') || second.includes('datafile'));
}

interface CompoundColumns {
  compound: string;
  area: number;
  rt: number;
  nominal: number;
}

/**
 * Parses the wide table: row 1 holds the group titles (`Sample`, then `<compound> Results`,
 * each spanning its columns), row 2 the column names (`Name`, `Data File`, `Type`, `Level`, …,
 * then per compound `Area`, `RT`, `Exp. Conc.`, …). Every injection × compound becomes one
 * peak; blank areas stay missing. A compound named with `(IS)` or `(ISTD)` is an internal
 * standard. Several injections may share a name (`QC`); their data files tell them apart.
 */
export function parseMasshunter(text: string): LcmsParseResult {
  const src = stripBom(text);
  const problems = new LcmsProblems();
  if (src.trim() === '')
    return {
      ok: false,
      format: 'masshunter',
      problems: [{ code: 'EMPTY_FILE', message: EMPTY_FILE_MESSAGE }],
    };
  const delimiter = sniffDelimiter(src);
  const decimalComma = delimiter !== ',';
  const table = tokenize(src, delimiter);
  const unclosed = unclosedQuoteRefusal('masshunter', table);
  if (unclosed) return unclosed;
  if (table.rows.length < 2) {
    return {
      ok: false,
      format: 'masshunter',
      problems: [
        {
          code: 'MISSING_COLUMN',
          line: 1,
          message: 'Line 1: a MassHunter wide table has two header rows (groups, then columns).',
        },
      ],
    };
  }
  const groupsRow = table.rows[0];
  const header = table.rows[1];
  const width = header.length;
  // Each column belongs to the group titled at or before it.
  const groupOf: string[] = [];
  let current = '';
  for (let i = 0; i < width; i++) {
    const title = (groupsRow[i] ?? '').trim();
    if (title !== '') current = title;
    groupOf.push(current);
  }
  const keys = header.map(headerKey);
  const sampleCol = (k: string) =>
    keys.findIndex((key, i) => key === k && !RESULTS_SUFFIX.test(groupOf[i]));
  const nameCol = sampleCol('name');
  const dataFileCol = sampleCol('datafile');
  const typeCol = sampleCol('type');
  const levelCol = sampleCol('level');
  if (nameCol === -1 && dataFileCol === -1) {
    problems.add({
      code: 'MISSING_COLUMN',
      line: table.lines[1],
      column: 'Name',
      message: `Line ${table.lines[1]}: no Name or Data File column in the Sample group.`,
    });
  }
  const compounds: CompoundColumns[] = [];
  for (let i = 0; i < width; i++) {
    const title = (groupsRow[i] ?? '').trim();
    if (!RESULTS_SUFFIX.test(title)) continue;
    let end = i;
    while (end + 1 < width && (groupsRow[end + 1] ?? '').trim() === '') end++;
    const find = (...ks: string[]) => {
      for (const k of ks) {
        for (let j = i; j <= end; j++) if (keys[j] === k) return j;
      }
      return -1;
    };
    const c = {
      compound: title.replace(RESULTS_SUFFIX, '').trim(),
      area: find('area', 'resp'),
      rt: find('rt'),
      nominal: find('expconc'),
    };
    if (c.area === -1) {
      problems.add({
        code: 'MISSING_COLUMN',
        line: table.lines[1],
        column: `${c.compound} Area`,
        compound: c.compound,
        message: `Line ${table.lines[1]}: the group "${title}" has no Area column.`,
      });
    }
    compounds.push(c);
  }
  if (compounds.length === 0) {
    problems.add({
      code: 'MISSING_COLUMN',
      line: 1,
      message: 'Line 1: no "<compound> Results" group in the first header row.',
    });
  }
  if (problems.length > 0) return { ok: false, format: 'masshunter', problems: problems.toArray() };
  const peaks: LcmsPeak[] = [];
  for (let r = 2; r < table.rows.length; r++) {
    const cells = table.rows[r];
    const line = table.lines[r];
    if (isBlankRow(cells)) continue;
    if (cells.length !== width) {
      problems.add({
        code: 'RAGGED_ROW',
        line,
        message: `Line ${line}: ${cells.length} fields where the header has ${width}.${decimalCommaHint(cells, delimiter)}`,
      });
      continue;
    }
    const name = textAt(cells, nameCol) ?? textAt(cells, dataFileCol);
    if (!name) {
      problems.add({
        code: 'MISSING_NAME',
        line,
        message: `Line ${line}: the injection has neither a Name nor a Data File.`,
      });
      continue;
    }
    for (const c of compounds) {
      const column = `${c.compound} ${header[c.area].trim()}`;
      const area = numberOrProblem(problems, cells[c.area], line, column, decimalComma);
      checkArea(problems, area, line, column);
      const rt =
        c.rt >= 0
          ? numberOrProblem(problems, cells[c.rt], line, `${c.compound} RT`, decimalComma)
          : null;
      const nominal =
        c.nominal >= 0
          ? numberOrProblem(
              problems,
              cells[c.nominal],
              line,
              `${c.compound} Exp. Conc.`,
              decimalComma,
            )
          : null;
      if (!area) continue;
      peaks.push({
        line,
        injection: name,
        dataFile: textAt(cells, dataFileCol),
        sampleType: textAt(cells, typeCol),
        level: textAt(cells, levelCol),
        compound: c.compound,
        internalStandard: IS_MARK.test(c.compound) ? true : null,
        nominal: nominal && nominal.value !== null ? nominal : null,
        area,
        isArea: null,
        retentionTime: rt,
      });
    }
  }
  return finish('masshunter', peaks, problems);
}
