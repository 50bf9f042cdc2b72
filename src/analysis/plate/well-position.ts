import { AnalysisError } from '../common/analysis-error';

/**
 * The plate vocabulary, defined once: plate sizes, well names and positions. Rows are letters
 * (A–H on a 96-well plate, A–P on a 384-well plate), columns are 1-based numbers; positions are
 * 0-based. Parsers, layouts, storage and the analysis core all use these.
 */

/** Microplate sizes: 96 = 8 rows × 12 columns (A1–H12), 384 = 16 × 24 (A1–P24). */
export type PlateSize = 96 | 384;

export const PLATE_SIZES: readonly PlateSize[] = [96, 384];

export interface PlateDimensions {
  rows: number;
  columns: number;
}

export const PLATE_DIMENSIONS: Record<PlateSize, PlateDimensions> = {
  96: { rows: 8, columns: 12 },
  384: { rows: 16, columns: 24 },
};

/** Rows and columns of a plate: 8 × 12 for 96 wells, 16 × 24 for 384. */
export function plateDimensions(size: PlateSize): PlateDimensions {
  return PLATE_DIMENSIONS[size];
}

/** The plate size whose grid is `rows` × `columns`, or null when no supported plate has it. */
export function plateSizeForGrid(rows: number, columns: number): PlateSize | null {
  if (rows === 8 && columns === 12) return 96;
  if (rows === 16 && columns === 24) return 384;
  return null;
}

/** The plate size with `columns` columns (12 or 24), or null. */
export function plateSizeForColumns(columns: number): PlateSize | null {
  if (columns === 12) return 96;
  if (columns === 24) return 384;
  return null;
}

/** True when `n` is a supported plate size (96 or 384). */
export function isPlateSize(n: unknown): n is PlateSize {
  return n === 96 || n === 384;
}

/** Zero-based position of a well on the plate. */
export interface WellPosition {
  row: number;
  column: number;
}

const WELL_RE = /^([A-Pa-p])0*([1-9][0-9]?)$/;

/**
 * Parses a well name such as "A1", "h12" or "P24" (leading zeros allowed: "A01") into a
 * zero-based row and column. Throws AnalysisError for a malformed name or one outside the
 * given plate size.
 */
export function parseWell(name: string, size: PlateSize = 384): WellPosition {
  const m = typeof name === 'string' ? WELL_RE.exec(name.trim()) : null;
  if (!m) throw new AnalysisError('BAD_WELL', `malformed well name ${String(name)}`, String(name));
  const row = m[1].toUpperCase().charCodeAt(0) - 65;
  const column = Number(m[2]) - 1;
  const dims = PLATE_DIMENSIONS[size];
  if (row >= dims.rows || column >= dims.columns) {
    throw new AnalysisError(
      'WELL_OUTSIDE_PLATE',
      `well ${name} is not on a ${size}-well plate`,
      name,
    );
  }
  return { row, column };
}

const A = 'A'.charCodeAt(0);

/** Row letter(s) for a 0-based row: 0 → A, 15 → P, 26 → AA (1536-well style). */
export function rowLetter(row: number): string {
  if (row < 26) return String.fromCharCode(A + row);
  return String.fromCharCode(A + Math.floor(row / 26) - 1) + String.fromCharCode(A + (row % 26));
}

/** 0-based row index of a row label (`A`, `p`, `AA`), or -1 when the label is not letters. */
export function rowIndex(label: string): number {
  const s = label.trim().toUpperCase();
  if (!/^[A-Z]{1,2}$/.test(s)) return -1;
  if (s.length === 1) return s.charCodeAt(0) - A;
  return (s.charCodeAt(0) - A + 1) * 26 + (s.charCodeAt(1) - A);
}

// Precomputed names: formatting is on the hot path of every parser.
const NAME_CACHE: string[][] = Array.from({ length: 32 }, (_, r) =>
  Array.from({ length: 48 }, (_, c) => rowLetter(r) + String(c + 1)),
);

/** Canonical well name, e.g. (0, 0) → `A1`, (15, 23) → `P24`. No zero padding. */
export function formatWellName(row: number, column: number): string {
  return NAME_CACHE[row]?.[column] ?? rowLetter(row) + String(column + 1);
}

function isSpace(code: number): boolean {
  return code === 32 || code === 9;
}

/**
 * Parses a well name syntactically: `A1`, `a01`, `P24`, ` B 3 `. It does not check a plate:
 * `Q1` parses (row 16) and {@link isWellInPlate} rejects it. Returns null for anything that is
 * not one or two letters followed by a column number ≥ 1 (at most three digits after leading
 * zeros). Hand-scanned: it runs once per row of a long table.
 */
export function parseWellName(text: string): WellPosition | null {
  let i = 0;
  let end = text.length;
  while (i < end && isSpace(text.charCodeAt(i))) i++;
  while (end > i && isSpace(text.charCodeAt(end - 1))) end--;
  let row = -1;
  let letters = 0;
  while (i < end && letters < 3) {
    const c = text.charCodeAt(i) | 32; // lower case
    if (c < 97 || c > 122) break;
    row = letters === 0 ? c - 97 : (row + 1) * 26 + (c - 97);
    letters++;
    i++;
  }
  if (letters === 0 || letters > 2) return null;
  while (i < end && isSpace(text.charCodeAt(i))) i++;
  while (i < end - 1 && text.charCodeAt(i) === 48) i++; // leading zeros
  let column = 0;
  let digits = 0;
  for (; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57 || digits === 3) return null;
    column = column * 10 + (c - 48);
    digits++;
  }
  if (digits === 0 || column === 0) return null;
  return { row, column: column - 1 };
}

/** True when the 0-based position lies on a plate of the given size. */
export function isWellInPlate(position: WellPosition, size: PlateSize): boolean {
  const { rows, columns } = PLATE_DIMENSIONS[size];
  return (
    position.row >= 0 && position.row < rows && position.column >= 0 && position.column < columns
  );
}

/** Row-major index of a well on the plate (A1 = 0, A2 = 1, …), for dense per-well arrays. */
export function wellIndex(position: WellPosition, size: PlateSize): number {
  return position.row * PLATE_DIMENSIONS[size].columns + position.column;
}

/** All well names of a plate in row-major order (A1, A2, …, H12). */
export function allWellNames(size: PlateSize): string[] {
  const d = PLATE_DIMENSIONS[size];
  const out: string[] = [];
  for (let r = 0; r < d.rows; r++)
    for (let c = 0; c < d.columns; c++) out.push(formatWellName(r, c));
  return out;
}

/** Human range of a plate for messages: `A1–H12` or `A1–P24`. */
export function plateRange(size: PlateSize): string {
  const d = PLATE_DIMENSIONS[size];
  return `A1–${formatWellName(d.rows - 1, d.columns - 1)}`;
}

/**
 * Index of a well on the largest grid (16 × 24): row·24 + column. Plate code that walks every
 * well keeps this number instead of a position object or a name string.
 */
export type GridIndex = number;

const GRID_COLUMNS = 24;

/** Canonical names by {@link GridIndex}, built once: "A1" … "P24". */
const WELL_NAMES: readonly string[] = Array.from({ length: 16 * GRID_COLUMNS }, (_, i) =>
  formatWellName(Math.floor(i / GRID_COLUMNS), i % GRID_COLUMNS),
);

/**
 * {@link parseWell} as a {@link GridIndex}. Canonical names ("A1", "P24") are read without a
 * regular expression or an allocation; anything else goes through parseWell, so the result and
 * the errors are parseWell's.
 */
export function gridIndex(name: unknown, size: PlateSize): GridIndex {
  if (typeof name === 'string' && (name.length === 2 || name.length === 3)) {
    const row = name.charCodeAt(0) - 65; // 'A'
    const d1 = name.charCodeAt(1) - 48; // '0'
    const d2 = name.length === 3 ? name.charCodeAt(2) - 48 : 0;
    const column = name.length === 3 ? d1 * 10 + d2 - 1 : d1 - 1;
    const dims = PLATE_DIMENSIONS[size] as (typeof PLATE_DIMENSIONS)[PlateSize] | undefined;
    if (
      dims !== undefined &&
      row >= 0 &&
      row < dims.rows &&
      d1 >= 1 &&
      d1 <= 9 &&
      d2 >= 0 &&
      d2 <= 9 &&
      column < dims.columns
    ) {
      return row * GRID_COLUMNS + column;
    }
  }
  const p = parseWell(name as string, size);
  return p.row * GRID_COLUMNS + p.column;
}

/** The canonical name ("A1") of a {@link GridIndex}. */
export function wellNameAt(index: GridIndex): string {
  return WELL_NAMES[index];
}

/** The zero-based position of a {@link GridIndex}. */
export function wellPositionAt(index: GridIndex): WellPosition {
  return { row: Math.floor(index / GRID_COLUMNS), column: index % GRID_COLUMNS };
}

/** The smallest standard size that holds every well (96 unless a well lies beyond H12). */
export function inferPlateSize(wells: readonly string[]): PlateSize {
  for (const w of wells) {
    const p = parseWell(w, 384);
    if (p.row >= 8 || p.column >= 12) return 384;
  }
  return 96;
}

/** True for wells on the outer ring (first/last row or column), prone to evaporation. */
export function isEdgeWell(position: WellPosition, size: PlateSize): boolean {
  const { rows, columns } = PLATE_DIMENSIONS[size];
  return (
    position.row === 0 ||
    position.column === 0 ||
    position.row === rows - 1 ||
    position.column === columns - 1
  );
}
