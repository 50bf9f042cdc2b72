import { Column, Entity, Index } from 'typeorm';
import { BaseEntity } from '../common/base.entity';
import type { ReadMode } from '../analysis/plate/plate-reading';
import type { PlateSize } from '../analysis/plate/well-position';

/**
 * A reusable plate layout (template): which role, material and concentration each well holds.
 * Its wells are `layout_wells`. Once a stored plate uses it, `lockedAt` is set and the layout is
 * never edited again: an edit makes a copy (`copiedFromId` names the original).
 */
@Entity({ name: 'plate_layouts' })
@Index('ix_plate_layouts_created', ['createdAt'])
@Index('ix_plate_layouts_name', ['name'])
export class PlateLayout extends BaseEntity {
  @Column({ type: 'varchar', length: 200 })
  name!: string;

  @Column({ type: 'text', nullable: true })
  description!: string | null;

  /** 96 (8 × 12, A1–H12) or 384 (16 × 24, A1–P24). */
  @Column({ name: 'plate_size', type: 'integer' })
  plateSize!: PlateSize;

  /** Measurement wavelength of the assay (570 nm for MTT). */
  @Column({ name: 'measurement_wavelength_nm', type: 'integer', default: 570 })
  measurementWavelengthNm!: number;

  /** Reference wavelength subtracted from the measurement (630 or 650 nm), or null for none. */
  @Column({ name: 'reference_wavelength_nm', type: 'integer', nullable: true })
  referenceWavelengthNm!: number | null;

  /**
   * The read the assay analyses when the run's protocol does not name one: absorbance (at the
   * wavelengths above), fluorescence or luminescence.
   */
  @Column({ name: 'read_mode', type: 'varchar', length: 16, default: 'absorbance' })
  readMode!: ReadMode;

  /** Fluorescence: the excitation wavelength of the analysed channel, or null for any. */
  @Column({ name: 'excitation_wavelength_nm', type: 'integer', nullable: true })
  excitationWavelengthNm!: number | null;

  /** Fluorescence: the emission wavelength of the analysed channel, or null for any. */
  @Column({ name: 'emission_wavelength_nm', type: 'integer', nullable: true })
  emissionWavelengthNm!: number | null;

  /**
   * Fluorescence or luminescence: the detector gain of the analysed channel as the reader
   * writes it (`35`, `extended`), for a file that holds the same read at several gains.
   */
  @Column({ name: 'read_gain', type: 'varchar', length: 32, nullable: true })
  readGain!: string | null;

  /** ISO 8601 UTC time a stored plate first used the layout; from then on it is read-only. */
  @Column({ name: 'locked_at', type: 'varchar', length: 30, nullable: true })
  lockedAt!: string | null;

  /** The layout this one was copied from when a locked layout was edited. */
  @Index('ix_plate_layouts_copied_from')
  @Column({ name: 'copied_from_id', type: 'varchar', length: 36, nullable: true })
  copiedFromId!: string | null;

  @Column({ name: 'created_by_id', type: 'varchar', length: 36 })
  createdById!: string;
}
