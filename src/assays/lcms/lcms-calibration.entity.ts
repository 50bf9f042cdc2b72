import { Column, Entity, Index } from 'typeorm';
import { BaseEntity } from '../../common/base.entity';

/**
 * The calibration and ICH M10 decision of one analyte in one batch: the weighted line, every
 * calibrator's and QC's back-calculated accuracy, carry-over, the decision and every failed
 * rule. An exclusion (the most deviant failing calibrator, with a reason) makes a new current
 * row and supersedes this one: the rows of a batch × analyte are its history.
 */
@Entity({ name: 'lcms_calibrations' })
@Index('ix_lcms_calibrations_batch', ['batchId', 'analyte', 'current'])
export class LcmsCalibration extends BaseEntity {
  @Column({ name: 'batch_id', type: 'varchar', length: 36 })
  batchId!: string;

  @Column({ name: 'import_id', type: 'varchar', length: 36 })
  importId!: string;

  @Column({ type: 'varchar', length: 64 })
  analyte!: string;

  @Column({ type: 'boolean' })
  current!: boolean;

  @Column({ type: 'boolean' })
  accepted!: boolean;

  @Column({ name: 'failed_rules', type: 'simple-json' })
  failedRules!: { code: string; message: string; level?: string }[];

  @Column({ type: 'double precision', nullable: true })
  slope!: number | null;

  @Column({ type: 'double precision', nullable: true })
  intercept!: number | null;

  /** Injections excluded from the fit, each with its reason, who and when. */
  @Column({ type: 'simple-json' })
  exclusions!: {
    injectionId: string;
    injection: string;
    reason: string;
    byId: string;
    at: string;
  }[];

  @Column({ type: 'simple-json' })
  flags!: string[];

  /** The whole answer: line, calibrators, QCs, levels, carry-over (the unknowns are lcms_concentrations rows). */
  @Column({ type: 'simple-json' })
  result!: Record<string, unknown>;

  @Column({ type: 'varchar', length: 64 })
  method!: string;

  @Column({ name: 'method_version', type: 'varchar', length: 16 })
  methodVersion!: string;

  @Column({ type: 'simple-json' })
  options!: Record<string, unknown>;

  @Column({ name: 'input_hash', type: 'varchar', length: 64 })
  inputHash!: string;

  @Column({ name: 'superseded_at', type: 'varchar', length: 30, nullable: true })
  supersededAt!: string | null;

  @Column({ name: 'created_by_id', type: 'varchar', length: 36 })
  createdById!: string;
}
