import { Column, Entity, Index } from 'typeorm';
import { BaseEntity } from '../../common/base.entity';

/**
 * A peak area of one analyte (or the internal standard) in one injection, exactly as the file
 * wrote it (`*_raw`) beside the parsed number; a missing area (blank, N/A, N/F) has a null
 * value and its mark kept, never 0.
 */
@Entity({ name: 'lcms_peak_areas' })
@Index('ix_lcms_peak_areas_import', ['importId', 'injectionId'])
export class LcmsPeakArea extends BaseEntity {
  @Column({ name: 'batch_id', type: 'varchar', length: 36 })
  batchId!: string;

  @Column({ name: 'import_id', type: 'varchar', length: 36 })
  importId!: string;

  @Column({ name: 'injection_id', type: 'varchar', length: 36 })
  injectionId!: string;

  /** The batch analyte, or the batch's internal standard. */
  @Column({ type: 'varchar', length: 64 })
  analyte!: string;

  @Column({ name: 'internal_standard', type: 'boolean' })
  internalStandard!: boolean;

  /** The compound as the file names it. */
  @Column({ name: 'file_compound', type: 'varchar', length: 200 })
  fileCompound!: string;

  @Column({ name: 'area_raw', type: 'varchar', length: 64 })
  areaRaw!: string;

  @Column({ type: 'double precision', nullable: true })
  area!: number | null;

  /** The IS area written on the same row (long layout), raw and parsed. */
  @Column({ name: 'is_area_raw', type: 'varchar', length: 64, nullable: true })
  isAreaRaw!: string | null;

  @Column({ name: 'is_area', type: 'double precision', nullable: true })
  isArea!: number | null;

  @Column({ name: 'retention_time_raw', type: 'varchar', length: 64, nullable: true })
  retentionTimeRaw!: string | null;

  @Column({ name: 'line', type: 'integer' })
  line!: number;
}
