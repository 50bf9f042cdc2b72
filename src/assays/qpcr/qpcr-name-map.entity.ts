import { Column, Entity, Index } from 'typeorm';
import { BaseEntity } from '../../common/base.entity';

/** A file's sample name → one of the run's materials, its group and biological replicate. */
export interface QpcrSampleName {
  name: string;
  materialId: string;
  /** Group compared (the calibrator group is the protocol's calibratorGroup, `parental`). */
  group: string;
}

/** A file's target name → a gene of the run's panel. */
export interface QpcrTargetName {
  name: string;
  gene: string;
}

/**
 * How the names of a run's export files map to the run's materials and the protocol's gene
 * panel (one row per run; changes audited). Names not listed map when they equal a material's
 * name or barcode, or a gene of the panel (case-insensitive).
 */
@Entity({ name: 'qpcr_name_maps' })
@Index('uq_qpcr_name_maps_run', ['runId'], { unique: true })
export class QpcrNameMap extends BaseEntity {
  @Column({ name: 'run_id', type: 'varchar', length: 36 })
  runId!: string;

  @Column({ type: 'simple-json' })
  samples!: QpcrSampleName[];

  @Column({ type: 'simple-json' })
  targets!: QpcrTargetName[];

  @Column({ name: 'updated_by_id', type: 'varchar', length: 36 })
  updatedById!: string;
}
