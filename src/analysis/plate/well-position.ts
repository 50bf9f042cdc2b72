import { AnalysisError } from '../common/analysis-error';

/** Microplate formats: 96 = 8 rows × 12 columns (A1–H12), 384 = 16 × 24 (A1–P24). */
export type PlateFormat = 96 | 384;

export const PLATE_DIMENSIONS: Record<PlateFormat, { rows: number; columns: number }> = {
  96: { rows: 8, columns: 12 },
  384: { rows: 16, columns: 24 },
};

/** Zero-based position of a well on the plate. */
export interface WellPosition {
  row: number;
  column: number;
}

const WELL_RE = /^([A-Pa-p])0*([1-9][0-9]?)$/;

/**
 * Parses a well name such as "A1", "h12" or "P24" (leading zeros allowed: "A01") into a
 * zero-based row and column. Throws AnalysisError for a malformed name or one outside the
 * given plate format.
 */
export function parseWell(name: string, format: PlateFormat = 384): WellPosition {
  const m = typeof name === 'string' ? WELL_RE.exec(name.trim()) : null;
  if (!m) throw new AnalysisError('BAD_WELL', `malformed well name ${String(name)}`, String(name));
  const row = m[1].toUpperCase().charCodeAt(0) - 65;
  const column = Number(m[2]) - 1;
  const dims = PLATE_DIMENSIONS[format];
  if (row >= dims.rows || column >= dims.columns) {
    throw new AnalysisError(
      'WELL_OUTSIDE_PLATE',
      `well ${name} is not on a ${format}-well plate`,
      name,
    );
  }
  return { row, column };
}

/**
 * Index of a well on the largest grid (16 × 24): row·24 + column. Plate code that walks every
 * well keeps this number instead of a position object or a name string.
 */
export type GridIndex = number;

const GRID_COLUMNS = 24;

/** Canonical names by {@link GridIndex}, built once: "A1" … "P24". */
const WELL_NAMES: readonly string[] = Array.from(
  { length: 16 * GRID_COLUMNS },
  (_, i) => `${String.fromCharCode(65 + Math.floor(i / GRID_COLUMNS))}${(i % GRID_COLUMNS) + 1}`,
);

/**
 * {@link parseWell} as a {@link GridIndex}. Canonical names ("A1", "P24") are read without a
 * regular expression or an allocation; anything else goes through parseWell, so the result and
 * the errors are parseWell's.
 */
export function gridIndex(name: unknown, format: PlateFormat): GridIndex {
  if (typeof name === 'string' && (name.length === 2 || name.length === 3)) {
    const row = name.charCodeAt(0) - 65; // 'A'
    const d1 = name.charCodeAt(1) - 48; // '0'
    const d2 = name.length === 3 ? name.charCodeAt(2) - 48 : 0;
    const column = name.length === 3 ? d1 * 10 + d2 - 1 : d1 - 1;
    const dims = PLATE_DIMENSIONS[format] as (typeof PLATE_DIMENSIONS)[PlateFormat] | undefined;
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
  const p = parseWell(name as string, format);
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

/** Canonical well name ("A1") of a zero-based position. */
export function wellName(position: WellPosition): string {
  return `${String.fromCharCode(65 + position.row)}${position.column + 1}`;
}

/** The smallest standard format that holds every well (96 unless a well lies beyond H12). */
export function inferPlateFormat(wells: readonly string[]): PlateFormat {
  for (const w of wells) {
    const p = parseWell(w, 384);
    if (p.row >= 8 || p.column >= 12) return 384;
  }
  return 96;
}

/** True for wells on the outer ring (first/last row or column), prone to evaporation. */
export function isEdgeWell(position: WellPosition, format: PlateFormat): boolean {
  const { rows, columns } = PLATE_DIMENSIONS[format];
  return (
    position.row === 0 ||
    position.column === 0 ||
    position.row === rows - 1 ||
    position.column === columns - 1
  );
}
