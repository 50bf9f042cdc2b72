import { Column, Entity, Index } from 'typeorm';
import { BaseEntity } from '../../common/base.entity';

/**
 * A group's fold change of one gene against the calibrator group, from one analysis: the
 * material compared, fold with its CI, the Welch test on the log scale, flags and the method.
 * Rows of a superseded analysis stay (current false); the evidence page reads current ones.
 */
@Entity({ name: 'qpcr_fold_changes' })
@Index('ix_qpcr_fold_changes_analysis', ['analysisId'])
@Index('ix_qpcr_fold_changes_material', ['materialId', 'current'])
export class QpcrFoldChange extends BaseEntity {
  @Column({ name: 'analysis_id', type: 'varchar', length: 36 })
  analysisId!: string;

  @Column({ name: 'run_id', type: 'varchar', length: 36 })
  runId!: string;

  @Column({ type: 'boolean' })
  current!: boolean;

  @Column({ type: 'varchar', length: 64 })
  gene!: string;

  @Column({ name: 'sample_group', type: 'varchar', length: 64 })
  group!: string;

  @Column({ name: 'calibrator_group', type: 'varchar', length: 64 })
  calibratorGroup!: string;

  /** The group's material (its one material), and the calibrator group's. */
  @Column({ name: 'material_id', type: 'varchar', length: 36, nullable: true })
  materialId!: string | null;

  @Column({ name: 'calibrator_material_id', type: 'varchar', length: 36, nullable: true })
  calibratorMaterialId!: string | null;

  @Column({ name: 'quantification_method', type: 'varchar', length: 32 })
  quantificationMethod!: string;

  @Column({ name: 'fold_change', type: 'double precision', nullable: true })
  foldChange!: number | null;

  @Column({ name: 'log2_fold', type: 'double precision', nullable: true })
  log2Fold!: number | null;

  @Column({ name: 'ci_lower', type: 'double precision', nullable: true })
  ciLower!: number | null;

  @Column({ name: 'ci_upper', type: 'double precision', nullable: true })
  ciUpper!: number | null;

  @Column({ name: 'p_value', type: 'double precision', nullable: true })
  pValue!: number | null;

  @Column({ name: 'n_samples', type: 'integer' })
  nSamples!: number;

  @Column({ name: 'n_calibrator_samples', type: 'integer' })
  nCalibratorSamples!: number;

  @Column({ type: 'simple-json' })
  flags!: string[];
}
