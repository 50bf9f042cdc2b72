import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * The values one analysis derived from one well, with pointers to the raw values they came from
 * (raw value ids within the analysis's reading, see plate_reading_values):
 * - A = A_measurement − A_reference (absorbance units; A_measurement alone when no reference
 *   wavelength was read),
 * - A′ = A − mean(A of the plate's blank wells),
 * - viability % = 100·A′/mean(A′ of the line's vehicle wells).
 * The well's role, material and concentration are the plate layout's (layout_wells, read-only
 * once a plate uses it); the method, version and input hash are the analysis row's.
 */
export interface DerivedWellValue {
  well: string;
  /** Raw value at the measurement wavelength (a raw value id of the reading). */
  measurementReadingId: string;
  /** Raw value at the reference wavelength, when one was subtracted (a raw value id). */
  referenceReadingId: string | null;
  /** A = A_measurement − A_reference (absorbance units). */
  signalAu: number;
  /** A′ = A − mean(A of the plate's blank wells); null on a plate without blank wells. */
  blankCorrectedAu: number | null;
  /** 100·A′/mean(A′ vehicle); null for blank wells or without a vehicle reference. */
  viabilityPct: number | null;
  /** A′ < 0. */
  negativeSignal: boolean;
}

/**
 * An analysis's derived well values as stored: one array per member, entry i of every array is
 * well i, in the layout's order. One object of arrays instead of an array of objects keeps the
 * row under half the size (no member names repeated per well), which is what an import writes
 * and a checkpoint copies (docs/performance.md, "JSON-array storage").
 */
export interface StoredDerivedValues {
  wells: string[];
  measurementReadingIds: string[];
  referenceReadingIds: (string | null)[];
  signalAu: number[];
  blankCorrectedAu: (number | null)[];
  viabilityPct: (number | null)[];
  negativeSignal: boolean[];
}

/**
 * Every derived well value of one analysis (a plate_qc_results row), as one row: the analysed
 * wells in the layout's order, each pointing back to its raw values. One row per analysis
 * instead of one per well keeps an import's writes small (96 or 384 rows fewer per plate); the
 * values are read per analysis only (GET /plates/:id/analyses/:analysisId/wells). Fit points
 * name their well: the fit's `analysis_id` and a point's `well` find its derived value here.
 * Written by multi-row INSERTs, hence no BaseEntity.
 */
@Entity({ name: 'analysis_derived_values' })
export class AnalysisDerivedValues {
  /** The analysis (plate_qc_results row) that derived the values. */
  @PrimaryColumn({ name: 'analysis_id', type: 'varchar', length: 36 })
  analysisId!: string;

  @Column({ name: 'plate_id', type: 'varchar', length: 36 })
  plateId!: string;

  /** The plate reading analysed: every raw value id below is one of its values. */
  @Column({ name: 'reading_id', type: 'varchar', length: 36 })
  readingId!: string;

  /**
   * One entry per analysed well (empty and excluded wells have none), in the layout's order;
   * {@link fromStoredDerivedValues} gives them back one object a well.
   */
  @Column({ name: 'derived_values', type: 'simple-json' })
  values!: StoredDerivedValues;
}

/** An empty stored form with room for `n` wells, for the analysis to fill entry by entry. */
export function storedDerivedValues(n: number): StoredDerivedValues {
  return {
    wells: new Array<string>(n),
    measurementReadingIds: new Array<string>(n),
    referenceReadingIds: new Array<string | null>(n),
    signalAu: new Array<number>(n),
    blankCorrectedAu: new Array<number | null>(n),
    viabilityPct: new Array<number | null>(n),
    negativeSignal: new Array<boolean>(n),
  };
}

/** Derived well values, one object a well, in stored order. */
export function fromStoredDerivedValues(stored: StoredDerivedValues): DerivedWellValue[] {
  return stored.wells.map((well, i) => ({
    well,
    measurementReadingId: stored.measurementReadingIds[i],
    referenceReadingId: stored.referenceReadingIds[i],
    signalAu: stored.signalAu[i],
    blankCorrectedAu: stored.blankCorrectedAu[i],
    viabilityPct: stored.viabilityPct[i],
    negativeSignal: stored.negativeSignal[i],
  }));
}
