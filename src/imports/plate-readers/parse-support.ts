import Papa from 'papaparse';

import { MAX_PROBLEMS, type ImportProblem } from '../../analysis/plate/plate-reading';

// Internal helpers shared by the parsers. Not part of the public API (see index.ts).

/** Rows of cells plus the 1-based file line each row starts on. */
export interface Table {
  rows: string[][];
  lines: number[];
  /**
   * The line where a quote (`"`) opens a field that never closes (Papaparse's MissingQuotes):
   * everything after it was read as that one field. Every importer refuses such a file with
   * {@link unclosedQuoteProblem}; only format detection, which reads a prefix, ignores it.
   */
  unclosedQuoteLine?: number;
}

export type Delimiter = ',' | ';' | '\t';

/** Removes a byte-order mark; exports saved by Windows tools often start with one. */
export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/**
 * Tokenizes delimited text with papaparse. Line endings are normalised first so that files
 * mixing CRLF and LF still split into one row per line; line numbers stay exact even when a
 * quoted field spans several lines. The text must not start with a byte-order mark (the
 * parsers strip it first).
 *
 * It calls `Papa.Parser`, papaparse's tokenizer, on the whole text. `Papa.parse` wraps that same
 * parser in a string streamer and a parser handle that do nothing more for this configuration
 * (one chunk; no header, typing, transform or empty-line skipping), and in the server those
 * wrappers left each file's rows reachable past a young-generation GC, so they were promoted to
 * the old generation; with `Papa.Parser` directly they are not (docs/performance.md).
 */
export function tokenize(text: string, delimiter: Delimiter): Table {
  const normalised = text.indexOf('\r') === -1 ? text : text.replace(/\r\n?/g, '\n');
  const parser = new Papa.Parser({
    delimiter,
    newline: '\n',
    quoteChar: '"',
    // Papaparse's character scanner beat its split-based "fast mode" on plate-sized inputs
    // (docs/performance.md), and it handles quotes either way.
    fastMode: false,
  });
  const parsed = parser.parse(normalised, 0, false) as Papa.ParseResult<string[]>;
  const rows = parsed.data;
  // A trailing newline yields one empty row: drop it so that it does not count as a line.
  if (rows.length > 0) {
    const last = rows[rows.length - 1];
    if (last.length === 1 && last[0] === '') rows.pop();
  }
  const lines = new Array<number>(rows.length);
  let unclosedQuoteLine: number | undefined;
  if (normalised.indexOf('"') === -1) {
    for (let i = 0; i < rows.length; i++) lines[i] = i + 1;
  } else {
    // Quoted fields may contain newlines: advance by the newlines each row swallowed.
    let line = 1;
    for (let i = 0; i < rows.length; i++) {
      lines[i] = line;
      let extra = 0;
      for (const cell of rows[i]) {
        for (let k = cell.indexOf('\n'); k !== -1; k = cell.indexOf('\n', k + 1)) extra++;
      }
      line += 1 + extra;
    }
    const missing = parsed.errors.find((e) => e.code === 'MissingQuotes');
    if (missing) {
      // Papaparse reports the offset just past the opening quote: its line is 1 + the newlines
      // before it.
      unclosedQuoteLine = 1;
      const end = Math.min(missing.index ?? 0, normalised.length);
      for (
        let k = normalised.indexOf('\n');
        k !== -1 && k < end;
        k = normalised.indexOf('\n', k + 1)
      ) {
        unclosedQuoteLine++;
      }
    }
  }
  return unclosedQuoteLine === undefined ? { rows, lines } : { rows, lines, unclosedQuoteLine };
}

/** What to do about a quote that opens a field on `line` and never closes it. */
export function unclosedQuoteMessage(line: number): string {
  return `Line ${line}: a quote (") opens a field that is never closed, so every line after it would be read as part of that one field; close the quote or remove it, then import again.`;
}

/** The `UNCLOSED_QUOTE` refusal of a table whose text leaves a quote open, or null. */
export function unclosedQuoteProblem(table: Table): ImportProblem | null {
  const line = table.unclosedQuoteLine;
  return line === undefined
    ? null
    : { code: 'UNCLOSED_QUOTE', line, message: unclosedQuoteMessage(line) };
}

const DELIMITERS: readonly Delimiter[] = ['\t', ';', ','];

/**
 * Picks the delimiter of a CSV-like text from its first lines. When only one of tab, `;` and `,`
 * occurs, that one. Otherwise each candidate splits the sample and scores one point per cell that
 * reads as a number (a decimal comma counts with `;` and tab, never with `,`) and one per line
 * whose field count is the most common one (≥ 2): the delimiter that splits the file into
 * regular rows of numbers wins, so neither decimal commas nor commas in free text sway it. Ties
 * go to tab, then `;`, then `,`.
 */
export function sniffDelimiter(text: string): Delimiter {
  const sample = text.slice(0, 8192).split(/\r\n|\n|\r/, 40);
  const present: Delimiter[] = [];
  for (const d of DELIMITERS) if (sample.some((line) => line.indexOf(d) !== -1)) present.push(d);
  if (present.length === 0) return ',';
  if (present.length === 1) return present[0];
  let best: Delimiter = present[0];
  let bestScore = -1;
  for (const d of present) {
    const counts = new Map<number, number>();
    let numbers = 0;
    for (const line of sample) {
      if (line.trim() === '') continue;
      const cells = line.split(d);
      counts.set(cells.length, (counts.get(cells.length) ?? 0) + 1);
      for (const cell of cells) {
        const c = cell.replace(/^\s*"|"\s*$/g, '');
        if (!isNaNNumber(scanNumber(c, d !== ','))) numbers++;
      }
    }
    let regular = 0;
    for (const [fields, lines] of counts) if (fields >= 2 && lines > regular) regular = lines;
    const score = numbers + regular;
    if (score > bestScore) {
      best = d;
      bestScore = score;
    }
  }
  return best;
}

/**
 * Why a row may hold more fields than its header, for error messages: in a comma-delimited file a
 * decimal comma splits `0,0883` into two fields (`0` and `0883`). Returns a sentence to append, or
 * an empty string when the row does not look like that.
 */
export function decimalCommaHint(cells: readonly string[], delimiter: Delimiter): string {
  if (delimiter !== ',') return '';
  for (let k = 0; k + 1 < cells.length; k++) {
    if (/^\s*[+-]?\d+\s*$/.test(cells[k]) && /^\d+(?:[eE][+-]?\d+)?\s*$/.test(cells[k + 1])) {
      return ` "${cells[k].trim()},${cells[k + 1].trim()}" looks like a number written with a decimal comma in a comma-delimited file: export with "." as the decimal mark, or with ";" or tab between fields.`;
    }
  }
  return '';
}

/**
 * NaN test without a global lookup. Hot loops avoid globals (`Number.isNaN`, `Math`…): in
 * Jest's VM context every global access goes through a slow interceptor.
 */
export function isNaNNumber(x: number): boolean {
  return x !== x;
}

function isSpace(code: number): boolean {
  return (
    code === 32 || code === 9 || code === 13 || code === 10 || code === 0xa0 || code === 0xfeff
  );
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

/** True when the cell is empty or whitespace only (no allocation, unlike `trim()`). */
export function isBlankCell(raw: string): boolean {
  for (let i = 0; i < raw.length; i++) if (!isSpace(raw.charCodeAt(i))) return false;
  return true;
}

// Exact powers of ten for the fast path below.
const POW10 = Array.from({ length: 23 }, (_, k) => Number(`1e${k}`));

/**
 * Parses `[+-]digits[.digits][e[+-]digits]` between surrounding whitespace, or returns NaN.
 * Hand-written because it runs once per well, where a regex, `trim()` and `Number()` cost more
 * (docs/performance.md, "The number scanner").
 *
 * Values with at most 15 significant digits and a decimal exponent within ±22 are computed
 * as one IEEE multiplication or division of two exact doubles, which is correctly rounded
 * (Clinger 1990, "How to read floating point numbers accurately", the fast path), so the
 * result equals `Number(text)`. Anything longer falls back to `Number`.
 */
function scanNumber(s: string, decimalComma: boolean): number {
  let i = 0;
  let end = s.length;
  while (i < end && isSpace(s.charCodeAt(i))) i++;
  while (end > i && isSpace(s.charCodeAt(end - 1))) end--;
  if (i === end) return NaN;
  const start = i;
  let negative = false;
  let c = s.charCodeAt(i);
  if (c === 43 || c === 45) {
    negative = c === 45;
    i++;
  }
  let mantissa = 0;
  let significant = 0;
  let scale = 0; // fraction digits folded into the mantissa
  let exact = true; // false once a digit beyond 15 significant ones is non-zero
  let digits = 0;
  while (i < end && isDigit((c = s.charCodeAt(i)))) {
    if (mantissa !== 0 || c !== 48) {
      if (significant < 15) mantissa = mantissa * 10 + (c - 48);
      else {
        scale--; // an integer digit beyond the mantissa: shift instead
        if (c !== 48) exact = false;
      }
      significant++;
    }
    i++;
    digits++;
  }
  let comma = -1;
  if (i < end && (c === 46 || (c === 44 && decimalComma && digits > 0))) {
    if (c === 44) comma = i;
    i++;
    let fraction = 0;
    while (i < end && isDigit((c = s.charCodeAt(i)))) {
      if (mantissa !== 0 || c !== 48) {
        if (significant < 15) {
          mantissa = mantissa * 10 + (c - 48);
          scale++;
        } else if (c !== 48) exact = false;
        significant++;
      } else {
        scale++; // leading zero after the point
      }
      i++;
      fraction++;
    }
    if (comma !== -1 && fraction === 0) return NaN;
    digits += fraction;
  }
  if (digits === 0) return NaN;
  let exponent = 0;
  if (i < end && (s.charCodeAt(i) | 32) === 101) {
    i++; // e E
    let expNegative = false;
    if (i < end && (s.charCodeAt(i) === 43 || s.charCodeAt(i) === 45)) {
      expNegative = s.charCodeAt(i) === 45;
      i++;
    }
    let expDigits = 0;
    while (i < end && isDigit((c = s.charCodeAt(i)))) {
      if (exponent < 100000) exponent = exponent * 10 + (c - 48);
      i++;
      expDigits++;
    }
    if (expDigits === 0) return NaN;
    if (expNegative) exponent = -exponent;
  }
  if (i !== end) return NaN;
  const k = exponent - scale;
  if (exact && k >= -22 && k <= 22) {
    const value = k < 0 ? mantissa / POW10[-k] : mantissa * POW10[k];
    return negative ? -value : value;
  }
  const text = s.slice(start, end);
  const value = Number(comma === -1 ? text : text.replace(',', '.'));
  return Number.isFinite(value) ? value : NaN; // 1e400 overflows: not a usable reading
}

/**
 * Parses one numeric cell strictly: plain decimal or scientific notation, surrounding
 * whitespace allowed. Returns NaN for anything else (`OVRFLW`, `?????`, `<0.000`, `1.2.3`,
 * `Infinity`, `0x10`, blank). With `decimalComma`, a single comma is accepted as the decimal
 * mark (`0,0883`), as in European-locale exports.
 */
export function parseNumberCell(raw: string, decimalComma: boolean): number {
  return scanNumber(raw, decimalComma);
}

/** True when the trimmed cell is a number (see {@link parseNumberCell}). */
export function isNumberCell(raw: string, decimalComma: boolean): boolean {
  return !isNaNNumber(scanNumber(raw, decimalComma));
}

/** True when every cell of the row is blank. */
export function isBlankRow(cells: readonly string[]): boolean {
  for (let i = 0; i < cells.length; i++) if (!isBlankCell(cells[i])) return false;
  return true;
}

/** Index of the last non-blank cell, or -1. */
export function lastNonBlank(cells: readonly string[]): number {
  for (let i = cells.length - 1; i >= 0; i--) if (!isBlankCell(cells[i])) return i;
  return -1;
}

/**
 * Length of the column-number header starting at `from`: cells `1, 2, 3, …` (leading zeros
 * allowed) in order. 0 when the run does not start with 1.
 */
export function columnNumberRun(cells: readonly string[], from: number): number {
  let n = 0;
  for (let i = from; i < cells.length; i++) {
    const s = cells[i].trim();
    if (!/^\d{1,3}$/.test(s) || Number(s) !== n + 1) break;
    n++;
  }
  return n;
}

// The spellings of a wavelength ThioLab reads: `570`, `570nm`, `570 nm`, `A570`, `A 570`,
// `A_570`, `OD570`, `OD_570`, `Abs 570`, `Absorbance 570`, each optionally ending in `nm`. A
// hyphen (`a-570`) is not one of them: it also writes a difference (`A570-650`) or a minus.
const WAVELENGTH_LABEL_RE = /^(?:(?:a|od|abs|absorbance)[ _]?)?(\d{3,4}(?:\.\d+)?)\s*(?:nm)?$/i;
// Anything that looks like it names a wavelength, spelled right or not.
const WAVELENGTH_LIKE_RE =
  /^(?:a|od|abs|absorbance|λ|lambda|wl|wavelength)?\W{0,3}\d{3,4}(?:[.,]\d+)?\W{0,3}(?:nm)?$|\d{3}\s*nm\s*[-−–/]|\d{3}\s*[-−–]\s*(?:a|od)?\s*\d{3}/i;

/** Wavelengths a reader can report, nm. */
export const MIN_READ_WAVELENGTH_NM = 200;
export const MAX_READ_WAVELENGTH_NM = 1100;

/**
 * A wavelength written as `570`, `570nm`, `570 nm`, `A570`, `A 570`, `A_570`, `OD570`, `OD_570`,
 * `Abs 570` or `Absorbance 570 nm`, between 200 and 1100 nm; null for anything else (`a-570`,
 * `A570-650`, `570/650`, `57`).
 */
export function parseWavelengthLabel(text: string): number | null {
  const m = WAVELENGTH_LABEL_RE.exec(text.trim());
  if (!m) return null;
  const nm = Number(m[1]);
  return nm >= MIN_READ_WAVELENGTH_NM && nm <= MAX_READ_WAVELENGTH_NM ? nm : null;
}

/**
 * True when a header or title looks as if it names a wavelength (`a-570`, `A570-650`, `λ570`)
 * but {@link parseWavelengthLabel} does not read it: such a label is refused, never guessed.
 */
export function looksLikeWavelength(text: string): boolean {
  const t = text.trim();
  return t !== '' && WAVELENGTH_LIKE_RE.test(t) && parseWavelengthLabel(t) === null;
}

/** The sentence that says which wavelength spellings are read. */
export const WAVELENGTH_SPELLINGS = 'write it as 570, 570 nm, A570, OD570 or Abs 570';

/** First number in a text such as `25.1`, `25.1 °C`, `25,1`. */
export function firstNumberIn(text: string): number | undefined {
  const m = /[+-]?\d+(?:[.,]\d+)?/.exec(text);
  return m ? Number(m[0].replace(',', '.')) : undefined;
}

/** Lower-case letters and digits only: `Wavelength (nm)` → `wavelengthnm`. */
export function normaliseKey(key: string): string {
  return key.toLowerCase().replace(/[^a-z0-9]/g, '');
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

function validDate(y: number, mo: number, d: number): boolean {
  return mo >= 1 && mo <= 12 && d >= 1 && d <= 31 && y >= 1900 && y <= 2999;
}

/**
 * Combines a date and an optional time as written by plate-reader software into ISO 8601 local
 * time (`2024-06-11T14:02:37`), or undefined when they do not parse. Accepts ISO dates,
 * `M/D/YYYY` (the US default of Gen5 and SoftMax; read as D/M/YYYY only when the first number
 * exceeds 12) and `D.M.YYYY`; times `14:02`, `14:02:37`, `5:27:15 PM`.
 */
export function toIsoLocal(date: string, time?: string): string | undefined {
  let s = date.trim();
  let t = time?.trim() ?? '';
  const split = /^(\S+)[ T]+(.+)$/.exec(s);
  if (split && !t) {
    s = split[1];
    t = split[2];
  }
  let y: number;
  let mo: number;
  let d: number;
  let m: RegExpExecArray | null;
  if ((m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(s))) {
    [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  } else if ((m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(s))) {
    const a = Number(m[1]);
    const b = Number(m[2]);
    y = Number(m[3]);
    [mo, d] = a > 12 ? [b, a] : [a, b];
  } else if ((m = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(s))) {
    [y, mo, d] = [Number(m[3]), Number(m[2]), Number(m[1])];
  } else {
    return undefined;
  }
  if (!validDate(y, mo, d)) return undefined;
  const day = `${y}-${pad2(mo)}-${pad2(d)}`;
  if (!t) return day;
  const tm = /^(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?\s*([AaPp][Mm])?$/.exec(t);
  if (!tm) return undefined;
  let h = Number(tm[1]);
  const ampm = tm[4]?.toUpperCase();
  if (ampm === 'PM' && h < 12) h += 12;
  if (ampm === 'AM' && h === 12) h = 0;
  if (h > 23) return undefined;
  return `${day}T${pad2(h)}:${tm[2]}:${tm[3] ?? '00'}`;
}

/** Collects problems up to {@link MAX_PROBLEMS}, then notes that it stopped. */
export class ProblemList {
  private readonly items: ImportProblem[] = [];
  private truncated = false;

  add(problem: ImportProblem): void {
    if (this.items.length < MAX_PROBLEMS) this.items.push(problem);
    else this.truncated = true;
  }

  get length(): number {
    return this.items.length;
  }

  /** Problems ordered by line (stable), file-level problems last. */
  toArray(): ImportProblem[] {
    const out = this.items
      .map((p, i) => ({ p, i }))
      .sort((a, b) => (a.p.line ?? Infinity) - (b.p.line ?? Infinity) || a.i - b.i)
      .map((x) => x.p);
    if (this.truncated) {
      out.push({
        code: 'TOO_MANY_PROBLEMS',
        message: `Stopped after ${MAX_PROBLEMS} problems; fix these and import again.`,
      });
    }
    return out;
  }
}

/** The refusal of a file whose text leaves a quote open (see {@link unclosedQuoteProblem}), or null. */
export function unclosedQuoteResult(table: Table): { ok: false; problems: ImportProblem[] } | null {
  const problem = unclosedQuoteProblem(table);
  return problem ? { ok: false, problems: [problem] } : null;
}

/** What an empty upload is told. */
export const EMPTY_FILE_MESSAGE =
  'The file is empty (nothing but white space); export the results from the instrument software again and send that file.';

/** The `EMPTY_FILE` failure, for text that holds nothing but whitespace. */
export function emptyFileResult(): { ok: false; problems: ImportProblem[] } {
  return { ok: false, problems: [{ code: 'EMPTY_FILE', message: EMPTY_FILE_MESSAGE }] };
}
