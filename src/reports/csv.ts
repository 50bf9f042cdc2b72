/**
 * The one CSV writer of every export (RFC 4180: CRLF line ends, fields quoted when they hold a
 * comma, a quote or a line break).
 *
 * Spreadsheets run a cell as a formula when its text begins with `=`, `+`, `-` or `@` (and some
 * after a leading tab, CR or other whitespace), so an exported name such as `=cmd|' /C calc'!A0`
 * would run when the file is opened. Every text cell whose first non-blank character is one of
 * those, or that begins with a tab or CR, is written with a leading `'`, newlines or not.
 * Numbers are data, not formulas: a cell given as a finite number is written from the number
 * (shortest round-trip form, so `-0.5` stays `-0.5`), never neutralised. A number held as text
 * (for example an instrument's raw `-0.05`) is text and is neutralised; give numbers as numbers.
 */

/** What a column may yield: text, a number, a boolean, or nothing (an empty cell). */
export type CsvValue = string | number | boolean | bigint | null | undefined;

export interface CsvColumn<R> {
  header: string;
  value: (row: R) => CsvValue;
}

/** A text cell a spreadsheet would run as a formula. */
const FORMULA_START = /^(?:[\t\r]|\s*[=+\-@])/;
const NEEDS_QUOTES = /[",\r\n]/;

/** Text as a cell: neutralised when it would start a formula, quoted when it must be. */
export function csvText(text: string): string {
  const safe = FORMULA_START.test(text) ? `'${text}` : text;
  return NEEDS_QUOTES.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/**
 * One cell. Finite numbers (and bigints) are written as numbers; NaN and ±Infinity, which no
 * spreadsheet reads as a number, are written as (neutralised) text; booleans as true/false.
 */
export function csvCell(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number')
    return Number.isFinite(value) ? String(value) : csvText(String(value));
  if (typeof value === 'bigint') return String(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return csvText(value);
}

/** A whole CSV document: the header line, then one line per row, CRLF-separated. */
export function toCsv<R>(columns: readonly CsvColumn<R>[], rows: Iterable<R>): string {
  const lines = [columns.map((c) => csvText(c.header)).join(',')];
  for (const row of rows) lines.push(columns.map((c) => csvCell(c.value(row))).join(','));
  return lines.join('\r\n');
}
