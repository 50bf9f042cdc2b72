import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * The values one analysis derived from one well, next to pointers to the raw values they came
 * from (`well_readings`): A = A_measurement − A_reference, A′ = A − mean(blank), and viability
 * % = 100·A′/mean(A′ vehicle). The well's role, material and concentration are the plate
 * layout's (layout_wells, read-only once a plate uses it); the method, version and input hash
 * are the analysis row's. Written by multi-row INSERTs, hence no BaseEntity.
 */
@Entity({ name: 'derived_well_values' })
@Index('ix_derived_well_values_analysis', ['analysisId', 'well'])
export class DerivedWellValue {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  /** The analysis (plate_qc_results row) that derived it. */
  @Column({ name: 'analysis_id', type: 'varchar', length: 36 })
  analysisId!: string;

  @Column({ name: 'plate_id', type: 'varchar', length: 36 })
  plateId!: string;

  @Column({ type: 'varchar', length: 4 })
  well!: string;

  /** Raw value at the measurement wavelength (well_readings.id). */
  @Column({ name: 'measurement_reading_id', type: 'varchar', length: 36 })
  measurementReadingId!: string;

  /** Raw value at the reference wavelength, when one was subtracted. */
  @Column({ name: 'reference_reading_id', type: 'varchar', length: 36, nullable: true })
  referenceReadingId!: string | null;

  /** A = A_measurement − A_reference (absorbance units). */
  @Column({ name: 'signal_au', type: 'double precision' })
  signalAu!: number;

  /** A′ = A − mean(A of the plate's blank wells). */
  @Column({ name: 'blank_corrected_au', type: 'double precision' })
  blankCorrectedAu!: number;

  @Column({ name: 'viability_pct', type: 'double precision', nullable: true })
  viabilityPct!: number | null;

  @Column({ name: 'negative_signal', type: 'boolean' })
  negativeSignal!: boolean;
}
