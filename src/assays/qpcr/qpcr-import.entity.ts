import { Column, Entity, Index } from 'typeorm';
import { BaseEntity } from '../../common/base.entity';

/**
 * One accepted qPCR export of a run: its content hash (the same content for the same run is a
 * duplicate and creates nothing), format, encoding and name. A later file for the run
 * supersedes this one (`current` false) and its reactions stay as they were.
 */
@Entity({ name: 'qpcr_imports' })
@Index('ix_qpcr_imports_run_hash', ['runId', 'contentHash'])
export class QpcrImport extends BaseEntity {
  @Column({ name: 'run_id', type: 'varchar', length: 36 })
  runId!: string;

  @Column({ name: 'content_hash', type: 'varchar', length: 64 })
  contentHash!: string;

  @Column({ type: 'varchar', length: 32 })
  format!: string;

  @Column({ type: 'varchar', length: 255, nullable: true })
  filename!: string | null;

  @Column({ name: 'reaction_count', type: 'integer' })
  reactionCount!: number;

  /** The file's own metadata (instrument, experiment…), as written. */
  @Column({ type: 'simple-json' })
  metadata!: Record<string, string>;

  @Column({ type: 'boolean' })
  current!: boolean;

  @Column({ name: 'created_by_id', type: 'varchar', length: 36 })
  createdById!: string;
}
