import { Column, Entity, Index } from 'typeorm';
import { BaseEntity } from '../../common/base.entity';
import { PEAKS_TRANSFORMER } from './lcms-peaks-codec';

/**
 * A peak area of one analyte (or the internal standard) in one injection, exactly as the file
 * wrote it (`*Raw`) beside the parsed number; a missing area (blank, N/A, N/F) has a null
 * value and its mark kept, never 0. `line` is the file's 1-based line.
 */
export interface LcmsStoredPeak {
  injectionId: string;
  /** The batch analyte, or the batch's internal standard. */
  analyte: string;
  internalStandard: boolean;
  /** The compound as the file names it. */
  fileCompound: string;
  areaRaw: string;
  area: number | null;
  /** The IS area written on the same row (long layout), raw and parsed. */
  isAreaRaw: string | null;
  isArea: number | null;
  retentionTimeRaw: string | null;
  line: number;
}

/**
 * One accepted export file of a batch: its content hash (the same content for the same batch
 * is a duplicate and creates nothing), layout, encoding and name, and its peak areas. A later
 * file for the batch supersedes this one (`current` false) and its peak areas.
 */
@Entity({ name: 'lcms_imports' })
@Index('ix_lcms_imports_batch_hash', ['batchId', 'contentHash'])
export class LcmsImport extends BaseEntity {
  @Column({ name: 'batch_id', type: 'varchar', length: 36 })
  batchId!: string;

  @Column({ name: 'content_hash', type: 'varchar', length: 64 })
  contentHash!: string;

  @Column({ type: 'varchar', length: 16 })
  format!: string;

  @Column({ type: 'varchar', length: 16, nullable: true })
  encoding!: string | null;

  @Column({ type: 'varchar', length: 255, nullable: true })
  filename!: string | null;

  @Column({ name: 'peak_count', type: 'integer' })
  peakCount!: number;

  @Column({ type: 'boolean' })
  current!: boolean;

  @Column({ name: 'created_by_id', type: 'varchar', length: 36 })
  createdById!: string;

  /**
   * The file's peak areas in file order, one document per import: written once by the import
   * and read whole (the peak-area list, a calibrator's exclusion), never one by one; see
   * docs/performance.md, "LC-MS/MS peak areas as one document per import". Not read unless a
   * query selects it (`select: false`): the duplicate check and the batch's answer need only
   * the import's other columns. Stored as rows (`lcms-peaks-codec.ts`: each id and name once);
   * read back as these objects, whichever form the import was stored in.
   */
  @Column({ type: 'simple-json', select: false, transformer: PEAKS_TRANSFORMER })
  peaks?: LcmsStoredPeak[];
}
