import type { ValueTransformer } from 'typeorm';
import type { LcmsStoredPeak } from './lcms-import.entity';

/**
 * The stored form of an import's peak areas (`lcms_imports.peaks`), version 2: one row of
 * values per peak, with the injection ids and the names each written once. A peak as objects
 * repeats ten keys and a 36-character injection id (≈ 230 bytes); as a row it is ≈ 50, so an
 * import of 96 injections × 6 compounds stores ≈ 25 KB instead of ≈ 110 KB, and a MultiQuant
 * batch of 13,664 peaks ≈ 0.7 MB instead of ≈ 3 MB (docs/performance.md, "LC-MS/MS peak areas
 * stored as rows"). Every value is kept as it was: the area as the file wrote it (`areaRaw`)
 * beside its number, missing areas null.
 */
export interface StoredPeakRows {
  v: 2;
  /** The injection ids the rows point to, in order of first use. */
  injections: string[];
  /** Analyte, internal-standard and file-compound names the rows point to. */
  names: string[];
  /**
   * Per peak: injection index, analyte name index, internal standard (1/0), file compound name
   * index, areaRaw, area, isAreaRaw, isArea, retentionTimeRaw, line.
   */
  rows: [
    number,
    number,
    0 | 1,
    number,
    string,
    number | null,
    string | null,
    number | null,
    string | null,
    number,
  ][];
}

/** The peaks as rows (version 2). */
export function encodePeaks(peaks: readonly LcmsStoredPeak[]): StoredPeakRows {
  const injections: string[] = [];
  const injectionIndex = new Map<string, number>();
  const names: string[] = [];
  const nameIndex = new Map<string, number>();
  const indexOf = (map: Map<string, number>, list: string[], key: string): number => {
    let i = map.get(key);
    if (i === undefined) {
      i = list.length;
      list.push(key);
      map.set(key, i);
    }
    return i;
  };
  const rows: StoredPeakRows['rows'] = new Array(peaks.length);
  for (let k = 0; k < peaks.length; k++) {
    const p = peaks[k];
    rows[k] = [
      indexOf(injectionIndex, injections, p.injectionId),
      indexOf(nameIndex, names, p.analyte),
      p.internalStandard ? 1 : 0,
      indexOf(nameIndex, names, p.fileCompound),
      p.areaRaw,
      p.area,
      p.isAreaRaw,
      p.isArea,
      p.retentionTimeRaw,
      p.line,
    ];
  }
  return { v: 2, injections, names, rows };
}

function isRows(stored: unknown): stored is StoredPeakRows {
  return (
    typeof stored === 'object' &&
    stored !== null &&
    !Array.isArray(stored) &&
    (stored as { v?: unknown }).v === 2
  );
}

/**
 * The peaks of a stored document: version 2 rows, or the objects imports wrote before it (kept
 * as they are: no migration rewrites them).
 */
export function decodePeaks(stored: unknown): LcmsStoredPeak[] {
  if (Array.isArray(stored)) return stored as LcmsStoredPeak[];
  if (!isRows(stored)) throw new Error('lcms_imports.peaks holds neither peak rows nor peaks');
  const { injections, names, rows } = stored;
  const out: LcmsStoredPeak[] = new Array(rows.length);
  for (let k = 0; k < rows.length; k++) {
    const r = rows[k];
    out[k] = {
      injectionId: injections[r[0]],
      analyte: names[r[1]],
      internalStandard: r[2] === 1,
      fileCompound: names[r[3]],
      areaRaw: r[4],
      area: r[5],
      isAreaRaw: r[6],
      isArea: r[7],
      retentionTimeRaw: r[8],
      line: r[9],
    };
  }
  return out;
}

/** The `peaks` column's transformer: rows in the database, objects in the entity. */
export const PEAKS_TRANSFORMER: ValueTransformer = {
  to: (peaks: LcmsStoredPeak[] | null | undefined) =>
    peaks === null || peaks === undefined ? peaks : encodePeaks(peaks),
  from: (stored: unknown) =>
    stored === null || stored === undefined ? stored : decodePeaks(stored),
};
