import { Column, Entity, Index } from 'typeorm';
import { BaseEntity } from '../../common/base.entity';
import type { InjectionType } from '../../imports/lcms/sample-type';

/**
 * One injection of a batch, in acquisition order: a calibrator (nominal per analyte), a QC
 * (level and nominal per analyte), a blank (or zero: blank + IS), or an unknown (the co-culture
 * sample it measures, by barcode).
 */
@Entity({ name: 'lcms_injections' })
@Index('uq_lcms_injections_name', ['batchId', 'name'], { unique: true })
@Index('ix_lcms_injections_sample', ['sampleId'])
export class LcmsInjection extends BaseEntity {
  @Column({ name: 'batch_id', type: 'varchar', length: 36 })
  batchId!: string;

  /** 1-based acquisition order (carry-over is judged on the blank after the top calibrator). */
  @Column({ type: 'integer' })
  position!: number;

  /** The sample name the export file uses for this injection. */
  @Column({ type: 'varchar', length: 200 })
  name!: string;

  @Column({ type: 'varchar', length: 16 })
  type!: InjectionType;

  /** Nominal concentration per analyte (calibrators and QCs), in the batch unit. */
  @Column({ type: 'simple-json', nullable: true })
  nominals!: Record<string, number> | null;

  @Column({ name: 'qc_level', type: 'varchar', length: 32, nullable: true })
  qcLevel!: string | null;

  /** The co-culture sample an unknown measures. */
  @Column({ name: 'sample_id', type: 'varchar', length: 36, nullable: true })
  sampleId!: string | null;

  @Column({ name: 'sample_barcode', type: 'varchar', length: 64, nullable: true })
  sampleBarcode!: string | null;

  @Column({ name: 'dilution_factor', type: 'double precision', default: 1 })
  dilutionFactor!: number;
}
