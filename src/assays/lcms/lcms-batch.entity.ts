import { Column, Entity, Index } from 'typeorm';
import { BaseEntity } from '../../common/base.entity';

/**
 * An LC-MS/MS batch of an `lcms-quantification` run: the analytes and the internal standard,
 * the instrument and operator, and (in lcms_injections) the injection list the import maps
 * the file's samples to.
 */
@Entity({ name: 'lcms_batches' })
@Index('ix_lcms_batches_run', ['runId', 'createdAt'])
export class LcmsBatch extends BaseEntity {
  @Column({ name: 'run_id', type: 'varchar', length: 36 })
  runId!: string;

  @Column({ type: 'varchar', length: 200 })
  name!: string;

  @Column({ type: 'simple-json' })
  analytes!: string[];

  @Column({ name: 'internal_standard', type: 'varchar', length: 64 })
  internalStandard!: string;

  /** Unit of the nominal and reported concentrations (the run's concentrationUnit). */
  @Column({ name: 'concentration_unit', type: 'varchar', length: 8 })
  concentrationUnit!: string;

  @Column({ type: 'varchar', length: 200 })
  instrument!: string;

  @Column({ name: 'operator_id', type: 'varchar', length: 36 })
  operatorId!: string;

  @Column({ type: 'text', nullable: true })
  notes!: string | null;

  @Column({ name: 'created_by_id', type: 'varchar', length: 36 })
  createdById!: string;
}
