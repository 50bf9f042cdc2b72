import { Column, Entity, Index } from 'typeorm';
import { BaseEntity } from '../../common/base.entity';

/**
 * One accepted export file of a batch: its content hash (the same content for the same batch
 * is a duplicate and creates nothing), layout, encoding and name. A later file for the batch
 * supersedes this one (`current` false) and its peak areas.
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
}
