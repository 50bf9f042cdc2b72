import { Column, Entity, Index } from 'typeorm';
import { BaseEntity } from '../../common/base.entity';

/**
 * One reaction (well × target) of an imported qPCR export, as the file wrote it (sample,
 * target, Cq text, quantity text) beside what it maps to (material, gene) and the parsed Cq.
 * An undetermined Cq stays null with status `undetermined`, never a number.
 */
@Entity({ name: 'qpcr_reactions' })
@Index('ix_qpcr_reactions_import', ['importId'])
@Index('ix_qpcr_reactions_run', ['runId'])
export class QpcrReaction extends BaseEntity {
  @Column({ name: 'run_id', type: 'varchar', length: 36 })
  runId!: string;

  @Column({ name: 'import_id', type: 'varchar', length: 36 })
  importId!: string;

  /** The plate run in the file (RDML may hold several); '' when the file names none. */
  @Column({ type: 'varchar', length: 200 })
  plate!: string;

  @Column({ type: 'varchar', length: 8 })
  well!: string;

  @Column({ name: 'sample_raw', type: 'varchar', length: 200 })
  sampleRaw!: string;

  @Column({ name: 'target_raw', type: 'varchar', length: 200 })
  targetRaw!: string;

  /** The mapped biological sample (file name, for unknowns); null for standards and NTCs. */
  @Column({ type: 'varchar', length: 200, nullable: true })
  sample!: string | null;

  @Column({ name: 'material_id', type: 'varchar', length: 36, nullable: true })
  materialId!: string | null;

  @Column({ name: 'sample_group', type: 'varchar', length: 64, nullable: true })
  group!: string | null;

  @Column({ type: 'varchar', length: 64 })
  gene!: string;

  @Column({ type: 'varchar', length: 16 })
  task!: string;

  @Column({ type: 'double precision', nullable: true })
  cq!: number | null;

  @Column({ name: 'cq_status', type: 'varchar', length: 16 })
  cqStatus!: string;

  @Column({ name: 'cq_raw', type: 'varchar', length: 64 })
  cqRaw!: string;

  @Column({ type: 'double precision', nullable: true })
  quantity!: number | null;

  @Column({ name: 'quantity_raw', type: 'varchar', length: 64, nullable: true })
  quantityRaw!: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  dye!: string | null;

  @Column({ type: 'boolean' })
  omitted!: boolean;

  /** Where in the file: `line 12`, `reaction 37`. */
  @Column({ type: 'varchar', length: 100 })
  source!: string;
}
