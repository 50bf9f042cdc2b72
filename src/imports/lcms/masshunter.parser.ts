// Agilent MassHunter Quantitative Analysis CSV: two header rows (group titles, then column names),
// either one row per injection ("Sample" group, then per compound "<compound> Results") or, in
// the compound-table form, one row per compound ("Compound Method", then one group per sample).
import {
  EMPTY_FILE_MESSAGE,
  isBlankRow,
  sniffDelimiter,
  stripBom,
  tokenize,
  type Delimiter,
  type Table,
} from '../plate-readers/parse-support';
import {
  LcmsProblems,
  checkArea,
  finish,
  headerKey,
  numberOrProblem,
  readNumberCell,
} from './lcms-cells';
import type { LcmsParseResult, LcmsPeak, NumberText } from './lcms-export';
import { raggedRow, textAt, unclosedQuoteRefusal } from './lcms-table';

const RESULTS_SUFFIX = /\s+Results$/i;
const METHOD_SUFFIX = /\s+Method$/i;
/** A qualifier ion's group: `Qualifier (408.3 -> 113.0) Results` (wide), `Qualifier 1 Results` (compound table). */
const QUALIFIER = /^Qualifier\b/i;
/** How MassHunter users mark an internal standard in the compound name: `(IS)`, `(ISTD)`, `[ISTD]`, `ISTD`. */
const IS_MARK = /\((IS|ISTD)\)|\[(IS|ISTD)\]|\bISTD\b/i;
/** Blank lines MassHunter (or a re-save) may leave above the group titles. */
const MAX_LEADING_BLANK_ROWS = 10;

type Form = 'wide' | 'compound';

/** The row of the group titles and the form it announces, or null. */
function groupsRow(table: Table): { index: number; form: Form } | null {
  const n = Math.min(table.rows.length - 1, MAX_LEADING_BLANK_ROWS + 1);
  for (let i = 0; i < n; i++) {
    const row = table.rows[i];
    if (isBlankRow(row)) continue;
    const first = row.find((c) => c.trim() !== '') ?? '';
    if (headerKey(first) === 'compoundmethod') return { index: i, form: 'compound' };
    if (row.some((c) => RESULTS_SUFFIX.test(c.trim()))) return { index: i, form: 'wide' };
    return null;
  }
  return null;
}

/**
 * True when the first non-blank row names "… Results" groups and the next has Name or Data File,
 * or starts with "Compound Method" and the next has Name and an Area (or Resp) column.
 */
export function looksLikeMasshunter(table: Table): boolean {
  const g = groupsRow(table);
  if (!g) return false;
  const next = table.rows[g.index + 1].map(headerKey);
  if (g.form === 'wide') return next.includes('name') || next.includes('datafile');
  return next.includes('name') && (next.includes('area') || next.includes('resp'));
}

/** The title of the group each column belongs to (the title at or before it). */
function groupTitles(groups: readonly string[], width: number): string[] {
  const out: string[] = [];
  let current = '';
  for (let i = 0; i < width; i++) {
    const title = (groups[i] ?? '').trim();
    if (title !== '') current = title;
    out.push(current);
  }
  return out;
}

/** Each group that starts at a title: its title and the columns it spans. */
function groupSpans(groups: readonly string[], width: number) {
  const spans: { title: string; start: number; end: number }[] = [];
  for (let i = 0; i < width; i++) {
    const title = (groups[i] ?? '').trim();
    if (title === '') continue;
    let end = i;
    while (end + 1 < width && (groups[end + 1] ?? '').trim() === '') end++;
    spans.push({ title, start: i, end });
  }
  return spans;
}

/** The first column in [start, end] whose key is one of `keys` (in the order given), or -1. */
function findIn(keys: readonly string[], start: number, end: number, ...wanted: string[]): number {
  for (const k of wanted) {
    for (let j = start; j <= end; j++) if (keys[j] === k) return j;
  }
  return -1;
}

/**
 * A retention time as written. MassHunter on a decimal-comma system writes `"9,754"` (quoted) in
 * its comma-separated export: the retention time is only kept as text, so such a cell keeps its
 * text and no number (it is never read as 9754 or 9.754). Any other text is a problem. Areas get
 * no such leniency: a decimal comma in an area is refused.
 */
function retentionTime(
  problems: LcmsProblems,
  raw: string | undefined,
  line: number,
  column: string,
  decimalComma: boolean,
): NumberText | null {
  const r = readNumberCell(raw, line, column, decimalComma);
  if (r.ok) return r.cell;
  if (r.problem.code === 'DECIMAL_COMMA') return { raw: raw ?? '', value: null };
  problems.add(r.problem);
  return null;
}

function refuse(problems: LcmsProblems): LcmsParseResult {
  return { ok: false, format: 'masshunter', problems: problems.toArray() };
}

/**
 * Parses a MassHunter Quant CSV export (see {@link parseWide} and {@link parseCompoundTable}).
 * Blank lines above the group titles are skipped; line numbers stay those of the file.
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
  const table = tokenize(src, delimiter);
  const unclosed = unclosedQuoteRefusal('masshunter', table);
  if (unclosed) return unclosed;
  const g = groupsRow(table);
  if (!g) {
    const first = table.rows.findIndex((r) => !isBlankRow(r));
    const line = table.lines[Math.max(first, 0)];
    problems.add({
      code: 'MISSING_COLUMN',
      line,
      message: `Line ${line}: a MassHunter table starts with a row of group titles ("Sample", then "<compound> Results"; or "Compound Method", then one group per sample) and a row of column names; export the batch table as CSV with its group headers.`,
    });
    return refuse(problems);
  }
  return g.form === 'wide'
    ? parseWide(table, g.index, delimiter, problems)
    : parseCompoundTable(table, g.index, delimiter, problems);
}

interface CompoundColumns {
  compound: string;
  area: number;
  rt: number;
  nominal: number;
}

/**
 * The wide table: one row per injection. The "Sample" group holds `Name`, `Data File`, `Type`,
 * `Level`, …; each `<compound> Results` group its `Area` (or `Resp`), `RT`, `Exp. Conc.`, ….
 * `… Method` groups, "Outlier Summary" and similar groups are not read. A qualifier's group
 * (`Qualifier (408.3 -> 113.0) Results`) belongs to the compound before it and is named after it
 * (`S1P d16:1 Qualifier (408.3 -> 113.0)`), so that each compound is one column per injection.
 * Every injection × compound becomes one peak; blank areas stay missing. A compound named with
 * `(IS)`, `(ISTD)` or `[ISTD]` is an internal standard. Several injections may share a name
 * (`QC`); their data files tell them apart.
 */
function parseWide(
  table: Table,
  groupIndex: number,
  delimiter: Delimiter,
  problems: LcmsProblems,
): LcmsParseResult {
  const decimalComma = delimiter !== ',';
  const groupsLine = table.lines[groupIndex];
  const headerLine = table.lines[groupIndex + 1];
  const groups = table.rows[groupIndex];
  const header = table.rows[groupIndex + 1];
  const width = header.length;
  const groupOf = groupTitles(groups, width);
  const keys = header.map(headerKey);
  // Sample columns: in the "Sample" group (or before any title), never in a compound's groups.
  const sampleCol = (k: string) =>
    keys.findIndex(
      (key, i) => key === k && (groupOf[i] === '' || headerKey(groupOf[i]) === 'sample'),
    );
  const nameCol = sampleCol('name');
  const dataFileCol = sampleCol('datafile');
  const typeCol = sampleCol('type');
  const levelCol = sampleCol('level');
  const messageCol = sampleCol('quantitationmessage');
  if (nameCol === -1 && dataFileCol === -1) {
    problems.add({
      code: 'MISSING_COLUMN',
      line: headerLine,
      column: 'Name',
      message: `Line ${headerLine}: no Name or Data File column in the Sample group; export the batch table with the sample Name or Data File.`,
    });
  }
  const compounds: CompoundColumns[] = [];
  let quantifier = '';
  for (const span of groupSpans(groups, width)) {
    const isResults = RESULTS_SUFFIX.test(span.title);
    const base = span.title.replace(RESULTS_SUFFIX, '').replace(METHOD_SUFFIX, '').trim();
    const qualifier = QUALIFIER.test(base);
    if (!qualifier && (isResults || METHOD_SUFFIX.test(span.title))) quantifier = base;
    if (!isResults) continue;
    const compound = qualifier && quantifier !== '' ? `${quantifier} ${base}` : base;
    const c = {
      compound,
      area: findIn(keys, span.start, span.end, 'area', 'resp'),
      rt: findIn(keys, span.start, span.end, 'rt'),
      nominal: findIn(keys, span.start, span.end, 'expconc'),
    };
    if (c.area === -1) {
      problems.add({
        code: 'MISSING_COLUMN',
        line: headerLine,
        column: `${compound} Area`,
        compound,
        message: `Line ${headerLine}: the group "${span.title}" has no Area column; add Area (or Resp) to the exported results columns.`,
      });
    }
    compounds.push(c);
  }
  if (compounds.length === 0) {
    problems.add({
      code: 'MISSING_COLUMN',
      line: groupsLine,
      message: `Line ${groupsLine}: no "<compound> Results" group in the group titles; export the results columns with the batch table.`,
    });
  }
  if (problems.length > 0) return refuse(problems);
  const peaks: LcmsPeak[] = [];
  for (const { cells, line } of rowsOf(
    table,
    groupIndex + 2,
    width,
    messageCol,
    delimiter,
    problems,
  )) {
    const name = textAt(cells, nameCol) ?? textAt(cells, dataFileCol);
    if (!name) {
      problems.add({
        code: 'MISSING_NAME',
        line,
        message: `Line ${line}: the injection has neither a Name nor a Data File; fill in the sample name in MassHunter and export again.`,
      });
      continue;
    }
    for (const c of compounds) {
      const column = `${c.compound} ${header[c.area].trim()}`;
      const area = numberOrProblem(problems, cells[c.area], line, column, decimalComma);
      checkArea(problems, area, line, column);
      const rt =
        c.rt >= 0
          ? retentionTime(problems, cells[c.rt], line, `${c.compound} RT`, decimalComma)
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
  return finish('masshunter', peaks, problems, 'without-data-file');
}

/**
 * The data rows from `from` on, blank rows skipped. A row whose field count differs from the
 * header's is a RAGGED_ROW problem, with one exception: MassHunter writes a Quantitation Message
 * that spans lines without quotes, so a row that ends inside that column is joined with the
 * lines that continue it when together they have exactly the header's fields (the message keeps
 * its line breaks; no number is touched).
 */
function rowsOf(
  table: Table,
  from: number,
  width: number,
  messageCol: number,
  delimiter: Delimiter,
  problems: LcmsProblems,
): { cells: string[]; line: number }[] {
  const out: { cells: string[]; line: number }[] = [];
  for (let r = from; r < table.rows.length; r++) {
    let cells = table.rows[r];
    const line = table.lines[r];
    if (isBlankRow(cells)) continue;
    if (cells.length < width && messageCol >= 0 && cells.length - 1 === messageCol) {
      let joined = cells;
      let k = r;
      while (
        joined.length < width &&
        joined.length - 1 === messageCol &&
        k + 1 < table.rows.length
      ) {
        k++;
        const next = table.rows[k];
        joined = [
          ...joined.slice(0, -1),
          `${joined[joined.length - 1]}\n${next[0]}`,
          ...next.slice(1),
        ];
      }
      if (joined.length === width) {
        cells = joined;
        r = k;
      }
    }
    if (cells.length !== width) {
      problems.add(raggedRow(line, cells, width, delimiter));
      continue;
    }
    out.push({ cells, line });
  }
  return out;
}

interface SampleGroup {
  title: string;
  start: number;
  end: number;
  area: number;
  name: number;
  dataFile: number;
  type: number;
  level: number;
  rt: number;
  nominal: number;
  /** The qualifier groups that follow this sample's group: transition and area columns. */
  qualifiers: { label: string; transition: number; area: number }[];
}

function sampleGroup(
  keys: readonly string[],
  title: string,
  start: number,
  end: number,
): SampleGroup {
  return {
    title,
    start,
    end,
    area: findIn(keys, start, end, 'area', 'resp'),
    name: findIn(keys, start, end, 'name'),
    dataFile: findIn(keys, start, end, 'datafile'),
    type: findIn(keys, start, end, 'type'),
    level: findIn(keys, start, end, 'level'),
    rt: findIn(keys, start, end, 'rt'),
    nominal: findIn(keys, start, end, 'expconc'),
    qualifiers: [],
  };
}

/**
 * The compound table: one row per compound. The "Compound Method" group holds the compound
 * `Name` (and `Transition`, …); then one group per injection, titled with its name, holding
 * `Area` (or `Resp`), `RT` and, in some exports, the sample's `Name`, `Data File`, `Type`.
 * The injection is the group's `Name` cell, else its title. "Qualifier N Method/Results" groups
 * after an injection's group hold that injection's qualifier ions: each becomes the compound
 * `<compound> Qualifier (<transition>)`; a qualifier with neither transition nor area is absent.
 */
function parseCompoundTable(
  table: Table,
  groupIndex: number,
  delimiter: Delimiter,
  problems: LcmsProblems,
): LcmsParseResult {
  const decimalComma = delimiter !== ',';
  const headerLine = table.lines[groupIndex + 1];
  const groups = table.rows[groupIndex];
  const header = table.rows[groupIndex + 1];
  const width = header.length;
  const keys = header.map(headerKey);
  const spans = groupSpans(groups, width);
  const method = spans[0];
  const compoundCol = findIn(keys, method.start, method.end, 'name');
  if (compoundCol === -1) {
    problems.add({
      code: 'MISSING_COLUMN',
      line: headerLine,
      column: 'Name',
      message: `Line ${headerLine}: no compound Name column in the Compound Method group; add Name to the exported compound columns.`,
    });
  }
  const samples: SampleGroup[] = [];
  let pendingTransition = -1;
  for (const span of spans.slice(1)) {
    if (QUALIFIER.test(span.title)) {
      const last = samples[samples.length - 1];
      if (METHOD_SUFFIX.test(span.title)) {
        pendingTransition = findIn(keys, span.start, span.end, 'transition');
      } else if (last && RESULTS_SUFFIX.test(span.title)) {
        const area = findIn(keys, span.start, span.end, 'area', 'resp');
        if (area >= 0) {
          last.qualifiers.push({
            label: span.title.replace(RESULTS_SUFFIX, '').trim(),
            transition: pendingTransition,
            area,
          });
        }
        pendingTransition = -1;
      }
      continue;
    }
    pendingTransition = -1;
    // MassHunter may title an injection's sample columns and its results columns as two groups
    // of the same name, side by side: they are one injection until it has its Area.
    const last = samples[samples.length - 1];
    const joins =
      last !== undefined &&
      last.title === span.title &&
      last.end + 1 === span.start &&
      last.area === -1 &&
      last.qualifiers.length === 0;
    samples[joins ? samples.length - 1 : samples.length] = sampleGroup(
      keys,
      span.title,
      joins ? last.start : span.start,
      span.end,
    );
  }
  for (const s of samples) {
    if (s.area === -1) {
      problems.add({
        code: 'MISSING_COLUMN',
        line: headerLine,
        column: `${s.title} Area`,
        message: `Line ${headerLine}: the sample group "${s.title}" has no Area column; add Area (or Resp) to the exported results columns.`,
      });
    }
  }
  if (samples.length === 0) {
    problems.add({
      code: 'MISSING_COLUMN',
      line: table.lines[groupIndex],
      message: `Line ${table.lines[groupIndex]}: no sample group after "Compound Method"; export the compound table with its results columns.`,
    });
  }
  if (problems.length > 0) return refuse(problems);
  const peaks: LcmsPeak[] = [];
  for (const { cells, line } of rowsOf(table, groupIndex + 2, width, -1, delimiter, problems)) {
    const compound = textAt(cells, compoundCol);
    if (!compound) {
      problems.add({
        code: 'MISSING_NAME',
        line,
        message: `Line ${line}: the compound has no Name; name it in the MassHunter method and export again.`,
      });
      continue;
    }
    for (const s of samples) {
      const injection = textAt(cells, s.name) ?? s.title;
      const base = {
        line,
        injection,
        dataFile: textAt(cells, s.dataFile),
        sampleType: textAt(cells, s.type),
        level: textAt(cells, s.level),
        isArea: null,
      };
      const column = `${injection} ${header[s.area].trim()}`;
      const area = numberOrProblem(problems, cells[s.area], line, column, decimalComma);
      checkArea(problems, area, line, column);
      const rt =
        s.rt >= 0
          ? retentionTime(problems, cells[s.rt], line, `${injection} RT`, decimalComma)
          : null;
      const nominal =
        s.nominal >= 0
          ? numberOrProblem(
              problems,
              cells[s.nominal],
              line,
              `${injection} Exp. Conc.`,
              decimalComma,
            )
          : null;
      if (area) {
        peaks.push({
          ...base,
          compound,
          internalStandard: IS_MARK.test(compound) ? true : null,
          nominal: nominal && nominal.value !== null ? nominal : null,
          area,
          retentionTime: rt,
        });
      }
      for (const q of s.qualifiers) {
        const transition = textAt(cells, q.transition);
        const qArea = cells[q.area] ?? '';
        if (transition === null && qArea.trim() === '') continue;
        const name =
          transition !== null ? `${compound} Qualifier (${transition})` : `${compound} ${q.label}`;
        const qColumn = `${injection} ${q.label} ${header[q.area].trim()}`;
        const cell = numberOrProblem(problems, qArea, line, qColumn, decimalComma);
        checkArea(problems, cell, line, qColumn);
        if (!cell) continue;
        peaks.push({
          ...base,
          compound: name,
          internalStandard: IS_MARK.test(compound) ? true : null,
          nominal: null,
          area: cell,
          retentionTime: null,
        });
      }
    }
  }
  return finish('masshunter', peaks, problems, 'without-data-file');
}
