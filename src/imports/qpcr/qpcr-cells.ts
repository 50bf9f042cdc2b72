// Reading single cells of qPCR exports: Cq, quantity, task and well names. A cell that is not
// clearly one thing is refused with the reason; nothing is guessed or truncated.
import type { QpcrTask } from './qpcr-export';

/** Spellings of "no Cq" in qPCR exports; blank cells mean the same. */
const NO_CQ_WORDS = new Set([
  'undetermined',
  'n/a',
  'na',
  'nan',
  'no cq',
  'no ct',
  'nocq',
  'noct',
  '-',
]);

const PLAIN_NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
/** `1,250.000`: QuantStudio writes quantities with thousands separators and a decimal point. */
const GROUPED_NUMBER = /^\d{1,3}(,\d{3})+\.\d+$/;
/** `24,517` or `1,5E+04`: a number written with a decimal comma (European locales). */
const DECIMAL_COMMA_NUMBER = /^[+-]?\d+,\d+([eE][+-]?\d+)?$/;

/**
 * Whether a `;`- or tab-delimited table writes its numbers with a decimal comma: true when one
 * of its Cq cells is such a number. A Cq is at most 100 cycles, so `24,517` cannot be a
 * thousands grouping; the file's quantities are then read with the same decimal mark. A
 * comma-delimited file never has decimal commas (the comma would split the cell).
 */
export function writesDecimalComma(cqCells: Iterable<string | undefined>): boolean {
  for (const raw of cqCells)
    if (raw !== undefined && DECIMAL_COMMA_NUMBER.test(raw.trim())) return true;
  return false;
}

/** The number a decimal-comma cell means (`24,517` → 24.517), or NaN. */
function decimalCommaValue(text: string): number {
  return DECIMAL_COMMA_NUMBER.test(text) ? Number(text.replace(',', '.')) : NaN;
}

/** No cycler runs more than 100 cycles. */
const MAX_CQ = 100;

export type CqCell =
  | { ok: true; cq: number | null; status: 'determined' | 'undetermined'; raw: string }
  | { ok: false; message: string };

/**
 * A Cq cell: a plain number in (0, 100] cycles, or one of the no-Cq words (Undetermined, N/A,
 * NaN, No Cq, No Ct, blank), which give `undetermined`, never a number. `negativeIsNoCq` is for
 * RDML, where −1 marks a reaction without a Cq. `decimalComma` (a `;`- or tab-delimited file
 * that writes decimal commas) reads `24,517` as 24.517; otherwise a decimal comma is refused,
 * as are a unit or any other text. The raw text is kept as written either way.
 */
export function readCqCell(
  raw: string | undefined,
  negativeIsNoCq = false,
  decimalComma = false,
): CqCell {
  const text = (raw ?? '').trim();
  if (text === '' || NO_CQ_WORDS.has(text.toLowerCase())) {
    return { ok: true, cq: null, status: 'undetermined', raw: raw ?? '' };
  }
  let value: number;
  if (PLAIN_NUMBER.test(text)) value = Number(text);
  else if (decimalComma && DECIMAL_COMMA_NUMBER.test(text)) value = decimalCommaValue(text);
  else {
    return {
      ok: false,
      message: /^\d+,\d+$/.test(text)
        ? `Cq "${text}" has a decimal comma in a comma-delimited file; export with a decimal point, or with ";" or tab between fields`
        : `Cq "${text}" is neither a number nor a no-Cq word (Undetermined, N/A, NaN, No Cq, blank)`,
    };
  }
  if (value < 0 && negativeIsNoCq) {
    return { ok: true, cq: null, status: 'undetermined', raw: raw ?? '' };
  }
  if (!Number.isFinite(value) || !(value > 0) || value > MAX_CQ) {
    return { ok: false, message: `Cq ${text} is outside (0, ${MAX_CQ}] cycles` };
  }
  return { ok: true, cq: value, status: 'determined', raw: raw ?? '' };
}

export type QuantityCell = { ok: true; quantity: number | null } | { ok: false; message: string };

/**
 * A standard's quantity: blank/NaN/N/A → none; a positive number (thousands grouping allowed,
 * or, in a file that writes decimal commas, `12,5` as 12.5).
 */
export function readQuantityCell(raw: string | undefined, decimalComma = false): QuantityCell {
  const text = (raw ?? '').trim();
  if (text === '' || ['nan', 'n/a', 'na', '-'].includes(text.toLowerCase())) {
    return { ok: true, quantity: null };
  }
  let value: number;
  if (PLAIN_NUMBER.test(text)) value = Number(text);
  else if (decimalComma && DECIMAL_COMMA_NUMBER.test(text)) value = decimalCommaValue(text);
  else if (!decimalComma && GROUPED_NUMBER.test(text)) value = Number(text.replace(/,/g, ''));
  else if (DECIMAL_COMMA_NUMBER.test(text)) {
    return {
      ok: false,
      message: `quantity "${text}" has a comma, but the file's Cq values do not show a decimal comma (or the file is comma-delimited), so it is not read as one: write the quantity with a decimal point`,
    };
  } else return { ok: false, message: `quantity "${text}" is not a number` };
  if (!Number.isFinite(value) || value < 0) {
    return { ok: false, message: `quantity ${text} is not a positive number` };
  }
  return { ok: true, quantity: value };
}

/** Task words of QuantStudio, CFX (Content) and RDML (sample type), lower-cased. */
const TASK_WORDS: Record<string, QpcrTask> = {
  unknown: 'unknown',
  unkn: 'unknown',
  sample: 'unknown',
  standard: 'standard',
  std: 'standard',
  ntc: 'ntc',
  ntp: 'ntc',
  nac: 'ntc',
  'no template control': 'ntc',
  nrt: 'no-rt',
  'no-rt': 'no-rt',
  'neg ctrl': 'no-rt',
  'negative control': 'no-rt',
  pos: 'positive-control',
  'pos ctrl': 'positive-control',
  'positive control': 'positive-control',
  'positive-control': 'positive-control',
  opt: 'positive-control',
};

/**
 * A task cell: QuantStudio UNKNOWN/STANDARD/NTC, CFX Unkn/Std/NTC/NRT/Pos Ctrl/Neg Ctrl (with
 * a replicate suffix such as `Unkn-01`), RDML unkn/std/ntc/nac/ntp/nrt/pos/opt. Blank is
 * `unknown` only when `blankIsUnknown` (the generic CSV's optional column).
 */
export function readTaskCell(
  raw: string | undefined,
  blankIsUnknown: boolean,
): { ok: true; task: QpcrTask } | { ok: false; message: string } {
  const text = (raw ?? '').trim();
  if (text === '' && blankIsUnknown) return { ok: true, task: 'unknown' };
  const word = text.toLowerCase().replace(/[-\s]*\d+$/, '');
  const task = TASK_WORDS[word];
  if (task === undefined) {
    return {
      ok: false,
      message: `task "${text}" is not one of unknown, standard, ntc (or the instrument's Unkn, Std, NTC, NRT, Pos Ctrl)`,
    };
  }
  return { ok: true, task };
}

/**
 * Canonical well name from `A1`, `a01`, `A001`: rows A–P and columns 1–24 (96- and 384-well
 * plates). Null when the text is no such well.
 */
export function canonicalWell(raw: string): string | null {
  const m = /^([A-Pa-p])0*([1-9]|1\d|2[0-4])$/.exec(raw.trim());
  if (!m) return null;
  return m[1].toUpperCase() + m[2];
}

/** Well name of a 1-based position counted row by row on a plate of `columns` columns. */
export function wellOfPosition(position: number, columns: number): string {
  const row = Math.floor((position - 1) / columns);
  const column = ((position - 1) % columns) + 1;
  return String.fromCharCode(65 + row) + column;
}

/** 96 or 384 from the wells used (a letter beyond H or a column beyond 12 means 384). */
export function plateSizeOfWells(wells: readonly string[]): number | null {
  if (wells.length === 0) return null;
  let maxRow = 0;
  let maxCol = 0;
  for (const w of wells) {
    const m = /^([A-Z])(\d+)$/.exec(w);
    if (!m) continue;
    const row = m[1].charCodeAt(0) - 64;
    maxRow = Math.max(maxRow, row);
    maxCol = Math.max(maxCol, Number(m[2]));
  }
  if (maxRow <= 8 && maxCol <= 12) return 96;
  if (maxRow <= 16 && maxCol <= 24) return 384;
  return null;
}

/** Lower-cased, trimmed header text with runs of spaces collapsed. */
export function headerKey(cell: string): string {
  return cell.trim().toLowerCase().replace(/\s+/g, ' ');
}

/**
 * The header keys of a delimited file's first line, for recognising its format: split on any
 * of `,` `;` tab, each cell unquoted (`"well"` is `well`) and keyed as {@link headerKey}.
 */
export function firstLineKeys(text: string): string[] {
  const first = text.slice(0, 2000).split(/\r\n|\n|\r/, 1)[0] ?? '';
  return first.split(/[,;\t]/).map((c) => headerKey(c.trim().replace(/^"(.*)"$/, '$1')));
}
