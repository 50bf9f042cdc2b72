// Waters TargetLynx (MassLynx) quantify summary reports as text: one table per compound
// ("Quantify Compound Summary Report") or per sample ("Quantify Sample Summary Report").
import {
  EMPTY_FILE_MESSAGE,
  isBlankRow,
  lastNonBlank,
  sniffDelimiter,
  stripBom,
  tokenize,
  type Delimiter,
} from '../plate-readers/parse-support';
import { LcmsProblems, checkArea, finish, headerKey, numberOrProblem } from './lcms-cells';
import type { LcmsParseResult, LcmsPeak } from './lcms-export';
import { unclosedQuoteRefusal } from './lcms-table';

const COMPOUND_HEADING = /^\s*Compound\s+\d+\s*:\s*(.*?)\s*$/i;
// "Sample Name: 070120_CQA_250µgmL   Sample ID:  " (the ID may be blank or absent).
const SAMPLE_HEADING = /^\s*Sample\s+Name\s*:\s*(.*?)\s*(?:\s\s+Sample\s+ID\s*:.*)?$/i;
// Report furniture that may stand between tables: the title, the printing date, page numbers and
// the dataset's path, repeated when several reports are exported into one file.
const FURNITURE = [
  /^\s*Quantify\s+(?:Compound|Sample)\s+Summary\s+Report\b/i,
  /^\s*Printed\b/i,
  /^\s*Page\s+\d+(?:\s+of\s+\d+)?\s*$/i,
  /^\s*Dataset\s*:/i,
];

/**
 * True when the text is a TargetLynx compound or sample summary: its title, a `Compound n:`
 * heading or a `Sample Name: … Sample ID:` heading near its start.
 */
export function looksLikeTargetlynx(text: string): boolean {
  const head = stripBom(text).slice(0, 4096);
  return (
    /Quantify\s+(?:Compound|Sample)\s+Summary\s+Report/i.test(head) ||
    /^\s*"?Compound\s+\d+\s*:/im.test(head) ||
    /^\s*"?Sample\s+Name\s*:.*Sample\s+ID\s*:/im.test(head)
  );
}

type Section = { kind: 'compound' | 'sample'; title: string; line: number };

interface Header {
  line: number;
  width: number;
  name: number;
  area: number;
  rt: number;
  type: number;
  nominal: number;
  isArea: number;
}

/**
 * The report's rows with their lines. TargetLynx writes tab-separated text, read as written
 * (quotes are text there). Re-saved from a spreadsheet as CSV, it is comma- or
 * semicolon-separated with quoted fields (`"070120_CQA_22,18µgmL"`).
 */
function rowsOf(
  src: string,
):
  | { ok: true; delimiter: Delimiter; rows: { cells: string[]; line: number }[] }
  | { ok: false; result: LcmsParseResult } {
  if (src.includes('\t')) {
    const rows = src.split(/\r\n|\n|\r/).map((raw, i) => ({ cells: raw.split('\t'), line: i + 1 }));
    return { ok: true, delimiter: '\t', rows };
  }
  const delimiter = sniffDelimiter(src);
  const table = tokenize(src, delimiter);
  const unclosed = unclosedQuoteRefusal('targetlynx', table);
  if (unclosed) return { ok: false, result: unclosed };
  return {
    ok: true,
    delimiter,
    rows: table.rows.map((cells, i) => ({ cells, line: table.lines[i] })),
  };
}

/** Fields that count: empty ones past the last named column are nothing (a spreadsheet pads rows). */
function widthOf(cells: readonly string[], floor: number): number {
  return Math.max(lastNonBlank(cells) + 1, Math.min(cells.length, floor));
}

/**
 * Parses a TargetLynx Compound Summary Report (a `Compound n:  NAME` heading above each table;
 * its rows are the injections, named in the Name column) or Sample Summary Report (a
 * `Sample Name: NAME   Sample ID: …` heading above each table; its rows are the compounds,
 * named in the Name column). Each table has its own header (first cell blank or `#`); columns are
 * found by name in any order among any others (`1º Area`, `IS RT`, `Pred.RT` are not Area and
 * RT): Area, RT, Type, `Std. Conc` (the nominal concentration), `IS Area`. Blank areas (no peak)
 * stay missing. Tab-separated as TargetLynx writes it, or comma/semicolon CSV re-saved from a
 * spreadsheet (a decimal comma is read only with `;`). The title, `Printed …`, `Page n` and
 * `Dataset:` lines are skipped wherever they stand.
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
  const read = rowsOf(src);
  if (!read.ok) return read.result;
  const decimalComma = read.delimiter === ';';
  const peaks: LcmsPeak[] = [];
  let section: Section | null = null;
  let header: Header | null = null;
  // Set when the section's table could not be read: its rows are skipped until the next heading.
  let skipping = false;
  for (const { cells, line } of read.rows) {
    if (isBlankRow(cells)) continue;
    const filled = cells.filter((c) => c.trim() !== '');
    const only = filled.length === 1 ? filled[0].trim() : null;
    if (only !== null) {
      const c = COMPOUND_HEADING.exec(only);
      const s = c ? null : SAMPLE_HEADING.exec(only);
      if (c || s) {
        section = { kind: c ? 'compound' : 'sample', title: (c ?? s)![1].trim(), line };
        header = null;
        skipping = false;
        if (section.title === '') {
          problems.add({
            code: 'MISSING_NAME',
            line,
            message: `Line ${line}: the heading "${only}" names no ${section.kind}; name it in TargetLynx and export again.`,
          });
          skipping = true;
        }
        continue;
      }
      if (FURNITURE.some((re) => re.test(only))) continue;
    }
    if (section === null || skipping) continue; // the report's title block
    const where =
      section.kind === 'compound'
        ? `the table of ${section.title}`
        : `the table of sample ${section.title}`;
    // The problem names the section's compound (compound summary) or injection (sample summary).
    const about =
      section.kind === 'compound' ? { compound: section.title } : { injection: section.title };
    if (header === null) {
      const keys = cells.map(headerKey);
      const at = (k: string) => keys.indexOf(k);
      if (at('name') === -1) {
        problems.add({
          code: 'MISSING_COLUMN',
          line,
          column: 'Name',
          ...about,
          message: `Line ${line}: ${where} (heading on line ${section.line}) has no Name column where its header should be: add Name to the report's columns and export again.`,
        });
        skipping = true;
        continue;
      }
      header = {
        line,
        width: lastNonBlank(cells) + 1,
        name: at('name'),
        area: at('area'),
        rt: at('rt'),
        type: at('type'),
        nominal: at('stdconc'),
        isArea: at('isarea'),
      };
      if (header.area === -1) {
        problems.add({
          code: 'MISSING_COLUMN',
          line,
          column: 'Area',
          ...about,
          message: `Line ${line}: ${where} has no Area column: add Area to the report's columns and export again.`,
        });
        skipping = true;
      }
      continue;
    }
    const n = widthOf(cells, header.width);
    if (n !== header.width) {
      problems.add({
        code: 'RAGGED_ROW',
        line,
        ...about,
        message: `Line ${line}: ${n} fields where the header of ${where} (line ${header.line}) has ${header.width}; every row needs one field per column: export the report again rather than editing it.`,
      });
      continue;
    }
    const name = (cells[header.name] ?? '').trim();
    if (name === '') {
      problems.add({
        code: 'MISSING_NAME',
        line,
        ...about,
        message:
          section.kind === 'compound'
            ? `Line ${line}: no Name: every row of ${where} needs the injection's name.`
            : `Line ${line}: no Name: every row of ${where} needs the compound's name.`,
      });
      continue;
    }
    const compound = section.kind === 'compound' ? section.title : name;
    const injection = section.kind === 'compound' ? name : section.title;
    const area = numberOrProblem(
      problems,
      cells[header.area],
      line,
      `${compound} Area`,
      decimalComma,
    );
    checkArea(problems, area, line, `${compound} Area`);
    const isArea =
      header.isArea >= 0
        ? numberOrProblem(problems, cells[header.isArea], line, `${compound} IS Area`, decimalComma)
        : null;
    if (header.isArea >= 0) checkArea(problems, isArea, line, `${compound} IS Area`);
    const rt =
      header.rt >= 0
        ? numberOrProblem(problems, cells[header.rt], line, `${compound} RT`, decimalComma)
        : null;
    const nominal =
      header.nominal >= 0
        ? numberOrProblem(
            problems,
            cells[header.nominal],
            line,
            `${compound} Std. Conc`,
            decimalComma,
          )
        : null;
    if (!area) continue;
    peaks.push({
      line,
      injection,
      dataFile: null,
      sampleType: header.type >= 0 ? (cells[header.type] ?? '').trim() || null : null,
      level: null,
      compound,
      internalStandard: null,
      nominal: nominal && nominal.value !== null ? nominal : null,
      area,
      isArea,
      retentionTime: rt,
    });
  }
  if (peaks.length === 0 && problems.length === 0 && section === null) {
    problems.add({
      code: 'UNKNOWN_FORMAT',
      message:
        'No "Compound n: NAME" or "Sample Name: NAME" heading: this is not a TargetLynx Compound or Sample Summary Report; export the summary from TargetLynx as text (File > Export).',
    });
  }
  return finish('targetlynx', peaks, problems, 'always');
}
