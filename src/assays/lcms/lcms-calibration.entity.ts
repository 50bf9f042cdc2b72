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

/**
 * One unknown's concentration under its calibration (an entry of `LcmsCalibration.unknowns`).
 * The batch, analyte, currency and unit are the calibration's.
 */
export interface StoredConcentration {
  /** Stable id of this concentration (time-ordered, as the API gives it). */
  id: string;
  injectionId: string;
  sampleId: string | null;
  status: ConcentrationStatus;
  /** Back-calculated concentration × dilution, in `unit`; null unless quantified. */
  concentration: number | null;
  response: number | null;
  /** 'dilute-and-re-run' for ALQ. */
  task: string | null;
}

/**
 * The calibration and ICH M10 decision of one analyte in one batch: the weighted line, every
 * calibrator's and QC's back-calculated accuracy, carry-over, the decision and every failed
 * rule. An exclusion (the most deviant failing calibrator, with a reason) makes a new current
 * row and supersedes this one: the rows of a batch × analyte are its history. The unknowns'
 * concentrations are stored with the calibration that computed them (`unknowns`), so
 * superseding the calibration supersedes them (docs/performance.md, "LC-MS/MS concentrations
 * stored with their calibration").
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

  /** The whole answer: line, calibrators, QCs, levels, carry-over (the unknowns are `unknowns`). */
  @Column({ type: 'simple-json' })
  result!: Record<string, unknown>;

  /**
   * The unknowns' concentrations, in injection-list order (one entry per unknown injection).
   * Not read unless asked for (`select: false`): most readers of a calibration need only its
   * decision; the concentration list and the kinetics read select it.
   */
  @Column({ type: 'simple-json', select: false })
  unknowns!: StoredConcentration[];

  /** The unit of the unknowns' concentrations: the batch's concentration unit. */
  @Column({ type: 'varchar', length: 8 })
  unit!: string;

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
