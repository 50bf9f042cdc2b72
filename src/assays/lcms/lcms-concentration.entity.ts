import { Column, Entity, Index } from 'typeorm';
import { BaseEntity } from '../../common/base.entity';

/**
 * What an unknown injection gives for one analyte under one calibration: a concentration only
 * when `quantified`; `BLQ` and `ALQ` (dilute and re-run) are flags without a number;
 * `not-reportable` in a rejected batch; `no-peak` when the file holds no area.
 */
export const CONCENTRATION_STATUSES = [
  'quantified',
  'BLQ',
  'ALQ',
  'not-reportable',
  'no-peak',
] as const;
export type ConcentrationStatus = (typeof CONCENTRATION_STATUSES)[number];

@Entity({ name: 'lcms_concentrations' })
@Index('ix_lcms_concentrations_batch', ['batchId', 'current', 'analyte'])
@Index('ix_lcms_concentrations_sample', ['sampleId', 'current'])
export class LcmsConcentration extends BaseEntity {
  @Column({ name: 'calibration_id', type: 'varchar', length: 36 })
  calibrationId!: string;

  @Column({ name: 'batch_id', type: 'varchar', length: 36 })
  batchId!: string;

  @Column({ name: 'injection_id', type: 'varchar', length: 36 })
  injectionId!: string;

  @Column({ name: 'sample_id', type: 'varchar', length: 36, nullable: true })
  sampleId!: string | null;

  @Column({ type: 'varchar', length: 64 })
  analyte!: string;

  @Column({ type: 'boolean' })
  current!: boolean;

  @Column({ type: 'varchar', length: 16 })
  status!: ConcentrationStatus;

  /** Back-calculated concentration × dilution, batch unit; null unless quantified. */
  @Column({ type: 'double precision', nullable: true })
  concentration!: number | null;

  @Column({ type: 'varchar', length: 8 })
  unit!: string;

  @Column({ type: 'double precision', nullable: true })
  response!: number | null;

  /** 'dilute-and-re-run' for ALQ. */
  @Column({ type: 'varchar', length: 32, nullable: true })
  task!: string | null;
}
