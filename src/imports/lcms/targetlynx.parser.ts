// Waters TargetLynx (MassLynx) "Quantify Compound Summary Report": one tab table per compound.
import { EMPTY_FILE_MESSAGE, stripBom } from '../plate-readers/parse-support';
import { LcmsProblems, checkArea, finish, headerKey, numberOrProblem } from './lcms-cells';
import type { LcmsParseResult, LcmsPeak } from './lcms-export';

const COMPOUND_LINE = /^\s*Compound\s+\d+\s*:\s*(.*?)\s*$/i;

/** True when the text is a TargetLynx compound summary (its title or a `Compound n:` line). */
export function looksLikeTargetlynx(text: string): boolean {
  const head = stripBom(text).slice(0, 4096);
  return /Quantify Compound Summary Report/i.test(head) || /^\s*Compound\s+\d+\s*:/im.test(head);
}

/**
 * Parses the report: after each `Compound n:  NAME` line comes a tab-separated header (its first
 * cell blank: the row number) and one row per injection (`#`, Name, …, RT, Area, Type, Conc.,
 * Std. Conc, …). Columns are found by name; `Std. Conc` is the nominal concentration; an
 * `IS Area` column gives the internal standard's area. Blank areas (no peak) stay missing.
 */
export function parseTargetlynx(text: string): LcmsParseResult {
  const src = stripBom(text);
  const problems = new LcmsProblems();
  if (src.trim() === '')
    return {
      ok: false,
      format: 'targetlynx',
      problems: [{ code: 'EMPTY_FILE', message: EMPTY_FILE_MESSAGE }],
    };
  const lines = src.split(/\r\n|\n|\r/);
  const peaks: LcmsPeak[] = [];
  let compound: string | null = null;
  let header: { cells: string[]; keys: string[]; line: number } | null = null;
  let col = { name: -1, area: -1, rt: -1, type: -1, nominal: -1, isArea: -1 };
  for (let i = 0; i < lines.length; i++) {
    const line = i + 1;
    const raw = lines[i];
    if (raw.trim() === '') continue;
    const m = COMPOUND_LINE.exec(raw);
    if (m) {
      compound = m[1];
      header = null;
      continue;
    }
    if (compound === null) continue; // the report title and printing date
    const cells = raw.split('\t');
    if (header === null) {
      const keys = cells.map(headerKey);
      if (!keys.includes('name')) continue;
      header = { cells, keys, line };
      const at = (...ks: string[]) => keys.findIndex((k) => ks.includes(k));
      col = {
        name: at('name'),
        area: at('area'),
        rt: at('rt'),
        type: at('type'),
        nominal: at('stdconc'),
        isArea: at('isarea'),
      };
      if (col.area === -1) {
        problems.add({
          code: 'MISSING_COLUMN',
          line,
          column: 'Area',
          compound,
          message: `Line ${line}: the table of ${compound} has no Area column.`,
        });
      }
      continue;
    }
    if (col.area === -1) continue;
    if (cells.length !== header.cells.length) {
      problems.add({
        code: 'RAGGED_ROW',
        line,
        compound,
        message: `Line ${line}: ${cells.length} fields where the header of ${compound} (line ${header.line}) has ${header.cells.length}.`,
      });
      continue;
    }
    const name = (cells[col.name] ?? '').trim();
    if (name === '') {
      problems.add({
        code: 'MISSING_NAME',
        line,
        compound,
        message: `Line ${line}: no sample Name.`,
      });
      continue;
    }
    const area = numberOrProblem(problems, cells[col.area], line, `${compound} Area`);
    checkArea(problems, area, line, `${compound} Area`);
    const isArea =
      col.isArea >= 0
        ? numberOrProblem(problems, cells[col.isArea], line, `${compound} IS Area`)
        : null;
    const rt =
      col.rt >= 0 ? numberOrProblem(problems, cells[col.rt], line, `${compound} RT`) : null;
    const nominal =
      col.nominal >= 0
        ? numberOrProblem(problems, cells[col.nominal], line, `${compound} Std. Conc`)
        : null;
    if (!area) continue;
    peaks.push({
      line,
      injection: name,
      dataFile: null,
      sampleType: col.type >= 0 ? (cells[col.type] ?? '').trim() || null : null,
      level: null,
      compound,
      internalStandard: null,
      nominal: nominal && nominal.value !== null ? nominal : null,
      area,
      isArea,
      retentionTime: rt,
    });
  }
  if (peaks.length === 0 && problems.length === 0 && compound === null) {
    problems.add({
      code: 'UNKNOWN_FORMAT',
      message: 'No "Compound n: NAME" section: this is not a TargetLynx compound summary report.',
    });
  }
  return finish('targetlynx', peaks, problems);
}
