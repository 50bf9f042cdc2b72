import { Column, Entity, Index } from 'typeorm';
import { BaseEntity } from '../common/base.entity';
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
