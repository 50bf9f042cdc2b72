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
