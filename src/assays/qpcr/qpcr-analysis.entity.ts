import { Column, Entity, Index } from 'typeorm';
import { BaseEntity } from '../../common/base.entity';

/**
 * One expression analysis of a run's current import: efficiencies, replicate summaries, QC
 * flags, reference stability, per-sample and per-group fold changes, with provenance (method,
 * version, options, input hash). A recomputation stores a new current row and supersedes this
 * one, never deleting it.
 */
@Entity({ name: 'qpcr_analyses' })
@Index('ix_qpcr_analyses_run', ['runId', 'current'])
export class QpcrAnalysis extends BaseEntity {
  @Column({ name: 'run_id', type: 'varchar', length: 36 })
  runId!: string;

  @Column({ name: 'import_id', type: 'varchar', length: 36 })
  importId!: string;

  @Column({ type: 'boolean' })
  current!: boolean;

  /** `livak` or `pfaffl-multi-reference`, as applied. */
  @Column({ name: 'quantification_method', type: 'varchar', length: 32 })
  quantificationMethod!: string;

  @Column({ type: 'varchar', length: 64 })
  method!: string;

  @Column({ name: 'method_version', type: 'varchar', length: 16 })
  methodVersion!: string;

  @Column({ type: 'simple-json' })
  options!: Record<string, unknown>;

  @Column({ name: 'input_hash', type: 'varchar', length: 64 })
  inputHash!: string;

  @Column({ type: 'simple-json' })
  flags!: string[];

  /** The whole answer (efficiencies, replicates, NTC, geNorm, samples, groups). */
  @Column({ type: 'simple-json' })
  result!: Record<string, unknown>;

  @Column({ name: 'created_by_id', type: 'varchar', length: 36 })
  createdById!: string;

  @Column({ name: 'superseded_at', type: 'varchar', length: 30, nullable: true })
  supersededAt!: string | null;
}
