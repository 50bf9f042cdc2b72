/**
 * Well names and positions for SBS microplates. Rows are letters (A–H on a 96-well plate,
 * A–P on a 384-well plate), columns are 1-based numbers; positions are 0-based.
 */

import {
  isEdgeWell,
  PLATE_DIMENSIONS,
  type PlateFormat,
  type WellPosition,
} from '../../analysis/plate/well-position';

export type { WellPosition };

/** The plate formats the readers know: the analysis core's {@link PlateFormat}. */
export type PlateSize = PlateFormat;

export const PLATE_SIZES: readonly PlateSize[] = [96, 384];

export interface PlateDimensions {
  rows: number;
  columns: number;
}

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

/**
 * True for an outer (edge) well: first or last row or column. Edge wells evaporate faster and
 * are often left empty or flagged in plate QC. The analysis core's {@link isEdgeWell}.
 */
export const isOuterWell: (position: WellPosition, size: PlateSize) => boolean = isEdgeWell;

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
