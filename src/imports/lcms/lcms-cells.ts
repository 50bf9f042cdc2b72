// Cell reading shared by the LC-MS/MS parsers: numbers as written, missing marks, problems.
import { isBlankCell, parseNumberCell } from '../plate-readers/parse-support';
import {
  MAX_LCMS_PROBLEMS,
  type LcmsPeak,
  type LcmsProblem,
  type NumberText,
  type ParsedLcmsExport,
  type LcmsFormat,
  type LcmsInjection,
} from './lcms-export';

/** Marks quantitation software writes for "no peak" (compared case-insensitively; Analyst: No Peak). */
export const MISSING_MARKS = [
  'N/A',
  '#N/A',
  'N/F',
  'NF',
  'NA',
  'ND',
  'n.d.',
  'not found',
  'No Peak',
];
const MISSING = new Set(MISSING_MARKS.map((m) => m.toLowerCase()));

export type CellOutcome = { ok: true; cell: NumberText } | { ok: false; problem: LcmsProblem };

/**
 * Reads a numeric cell strictly (plain decimal or scientific notation, '.' as the decimal
 * mark). Blank and the missing marks give value null with the mark kept; a decimal comma or any
 * other text is a problem naming the line and column: never truncated, never guessed.
 */
export function readNumberCell(
  raw: string | undefined,
  line: number,
  column: string,
  decimalComma = false,
): CellOutcome {
  const text = raw ?? '';
  const cell = numberCell(text, decimalComma);
  return cell ? { ok: true, cell } : notANumber(text, line, column);
}

/** The cell as a number `{ raw, value }`, or null when it is blank or does not read as one. */
function numberCell(text: string, decimalComma: boolean): NumberText | null {
  if (isBlankCell(text)) return null;
  // A number first: no missing mark reads as one (each holds a letter or '/').
  const value = parseNumberCell(text, decimalComma);
  return value === value ? { raw: text, value } : null;
}

/** A cell that is no number (see {@link numberCell}): blank, a missing mark, or a problem. */
function notANumber(text: string, line: number, column: string): CellOutcome {
  if (isBlankCell(text)) return { ok: true, cell: { raw: text, value: null, missing: '' } };
  const trimmed = text.trim();
  if (MISSING.has(trimmed.toLowerCase())) {
    return { ok: true, cell: { raw: text, value: null, missing: trimmed } };
  }
  if (/^[+-]?\d+,\d+$/.test(trimmed) || /^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$/.test(trimmed)) {
    return {
      ok: false,
      problem: {
        code: 'DECIMAL_COMMA',
        line,
        column,
        message: `Line ${line}, ${column}: "${trimmed}" has a comma inside the number (decimal comma or thousands separator); export with "." as the decimal mark and no grouping.`,
      },
    };
  }
  // Digits grouped by '.', a space or an apostrophe (a decimal-comma locale's "1.234,5"): the
  // grouping is not guessed away.
  const grouped = /^[+-]?\d{1,3}([.'\u00a0\u202f ]\d{3})+(,\d+)?$/.test(trimmed);
  return {
    ok: false,
    problem: {
      code: 'NOT_A_NUMBER',
      line,
      column,
      message: grouped
        ? `Line ${line}, ${column}: "${trimmed}" groups its digits (thousands separator); export the numbers without grouping (e.g. 1234,5 in a ';' file, 1234.5 otherwise).`
        : `Line ${line}, ${column}: "${trimmed}" is not a number (a missing value is blank or one of ${MISSING_MARKS.join(', ')}).`,
    },
  };
}

/** Collects problems up to MAX_LCMS_PROBLEMS, then notes that it stopped. */
export class LcmsProblems {
  private readonly items: LcmsProblem[] = [];
  private truncated = false;

  add(problem: LcmsProblem): void {
    if (this.items.length < MAX_LCMS_PROBLEMS) this.items.push(problem);
    else this.truncated = true;
  }

  get length(): number {
    return this.items.length;
  }

  toArray(): LcmsProblem[] {
    const out = [...this.items];
    if (this.truncated) {
      out.push({
        code: 'TOO_MANY_PROBLEMS',
        message: `Stopped after ${MAX_LCMS_PROBLEMS} problems; fix these and import again.`,
      });
    }
    return out;
  }
}

/** Reads a cell into the peak, or records the problem; returns the cell or null. */
export function numberOrProblem(
  problems: LcmsProblems,
  raw: string | undefined,
  line: number,
  column: string,
  decimalComma = false,
): NumberText | null {
  const text = raw ?? '';
  // The usual cell, a number, without the outcome around it.
  const cell = numberCell(text, decimalComma);
  if (cell) return cell;
  const r = notANumber(text, line, column);
  if (r.ok) return r.cell;
  problems.add(r.problem);
  return null;
}

/** Checks an area: not negative (a peak area is ≥ 0). */
export function checkArea(
  problems: LcmsProblems,
  cell: NumberText | null,
  line: number,
  column: string,
): void {
  if (cell && cell.value !== null && cell.value < 0) {
    problems.add({
      code: 'NEGATIVE_AREA',
      line,
      column,
      message: `Line ${line}, ${column}: a peak area cannot be negative ("${cell.raw.trim()}").`,
    });
  }
}

/**
 * Whether an injection name may repeat, told apart by its order in the file: `always` (the
 * layouts whose names repeat in real exports: MultiQuant/Analyst, the long CSV, TargetLynx),
 * `without-data-file` (MassHunter: one data file per injection, so the same name and data file
 * twice is a repeated row), `never` (Skyline: replicate names are unique; a repeat is a row the
 * report's columns do not tell apart).
 */
export type RepeatedNames = 'always' | 'without-data-file' | 'never';

/**
 * Finishes a parse: refuses duplicates (the same compound twice in one injection, naming both
 * lines), an empty result, or any collected problem; else lists injections and compounds in
 * file order.
 *
 * Where `repeated` allows it, a name (with its data file) that comes back is another injection
 * of that name: the k-th row of a compound under that name belongs to its k-th injection, which
 * holds for a table in injection order and in compound order alike. This is unambiguous only
 * when every compound of the name comes back as often: otherwise a row was repeated or one is
 * missing, and the file is refused, naming the rows.
 */
export function finish(
  format: LcmsFormat,
  peaks: LcmsPeak[],
  problems: LcmsProblems,
  repeated: RepeatedNames = 'never',
):
  | { ok: true; export: ParsedLcmsExport }
  | { ok: false; format: LcmsFormat; problems: LcmsProblem[] } {
  // Lines of each name (and data file) × compound, in file order.
  const seen = new Map<string, number[]>();
  const byName = new Map<string, Map<string, number[]>>();
  for (const p of peaks) {
    // Several injections may share a name (MassHunter's repeated "QC"): the data file tells them apart.
    const injectionKey = `${p.injection}\u0000${p.dataFile ?? ''}`;
    const key = `${injectionKey}\u0000${p.compound}`;
    const lines = seen.get(key);
    const byOrder =
      repeated === 'always' || (repeated === 'without-data-file' && p.dataFile === null);
    if (lines !== undefined && !byOrder) {
      problems.add({
        code: 'DUPLICATE_PEAK',
        line: p.line,
        injection: p.injection,
        compound: p.compound,
        message:
          `Line ${p.line}: ${p.compound} in ${p.injection} appears again (first on line ${lines[0]}). ` +
          (p.dataFile === null
            ? `If ${p.injection} was injected more than once, give each injection its own sample name (e.g. ${p.injection}-1, ${p.injection}-2) in the acquisition batch and the injection list, or export the data file column and name those injections in the injection list by their data files; otherwise export one row per injection and compound.`
            : 'Export one row per injection and compound.'),
      });
      continue;
    }
    if (lines === undefined) {
      seen.set(key, [p.line]);
      const compounds = byName.get(injectionKey) ?? new Map<string, number[]>();
      compounds.set(p.compound, seen.get(key)!);
      byName.set(injectionKey, compounds);
    } else lines.push(p.line);
    p.occurrence = lines?.length ?? 1;
  }
  // A repeated name: every compound as often, or the order cannot tell its injections apart.
  const repeats = new Map<string, number>();
  for (const [injectionKey, compounds] of byName) {
    const counts = [...compounds.values()].map((l) => l.length);
    const most = Math.max(...counts);
    repeats.set(injectionKey, most);
    if (counts.every((n) => n === most)) continue;
    const fewest = Math.min(...counts);
    const [name, dataFile] = injectionKey.split('\u0000');
    const [over, overLines] = [...compounds].find(([, l]) => l.length === most)!;
    const [under, underLines] = [...compounds].find(([, l]) => l.length === fewest)!;
    const label = dataFile ? `${name} (${dataFile})` : name;
    problems.add({
      code: 'DUPLICATE_PEAK',
      line: overLines[fewest],
      injection: name,
      compound: over,
      message: `Line ${overLines[fewest]}: ${over} in ${label} appears ${most} times (lines ${overLines.join(', ')}) but ${under} ${fewest === 1 ? 'once' : `${fewest} times`} (line${fewest === 1 ? '' : 's'} ${underLines.join(', ')}): either a row is repeated or an injection of ${label} lacks rows, so its injections cannot be told apart by their order. Export one row per injection and compound; if ${label} was injected more than once, give each injection its own sample name in the acquisition batch, or export the data file column.`,
    });
  }
  if (problems.length === 0 && peaks.length === 0) {
    problems.add({ code: 'NO_DATA', message: 'The file holds no peak rows.' });
  }
  if (problems.length > 0) return { ok: false, format, problems: problems.toArray() };
  const injections = new Map<string, LcmsInjection>();
  for (const p of peaks) {
    const injectionKey = `${p.injection}\u0000${p.dataFile ?? ''}`;
    const key = `${injectionKey}\u0000${p.occurrence}`;
    if (!injections.has(key)) {
      injections.set(key, {
        name: p.injection,
        dataFile: p.dataFile,
        sampleType: p.sampleType,
        level: p.level,
        line: p.line,
        occurrence: p.occurrence!,
        repeats: repeats.get(injectionKey)!,
      });
    }
  }
  const compounds = [...new Set(peaks.map((p) => p.compound))];
  return { ok: true, export: { format, peaks, injections: [...injections.values()], compounds } };
}

/** Lower-case header key without spaces, dots and punctuation (`Std. Conc` → `stdconc`). */
export function headerKey(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9%]/g, '');
}
