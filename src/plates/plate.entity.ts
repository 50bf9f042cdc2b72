import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { BaseEntity } from '../common/base.entity';
import type { PlateSize } from '../analysis/plate/well-position';
import { Run } from '../runs/run.entity';
import { PlateLayout } from './plate-layout.entity';

export type PlateStatus = 'planned' | 'read';

export const PLATE_STATUSES: readonly PlateStatus[] = ['planned', 'read'];

/**
 * A physical plate: planned with a layout (and optionally a run), then `read` once a plate
 * reader's export is stored for it (`plate_readings`).
 */
@Entity({ name: 'plates' })
@Index('ix_plates_status_created', ['status', 'createdAt'])
@Index('ix_plates_run', ['runId', 'createdAt'])
@Index('ix_plates_layout', ['layoutId'])
@Index('ix_plates_created', ['createdAt'])
export class Plate extends BaseEntity {
  /** Unique when set (a plate may have none until labelled). */
  @Index('uq_plates_barcode', { unique: true })
  @Column({ type: 'varchar', length: 64, nullable: true })
  barcode!: string | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  name!: string | null;

  @Column({ name: 'plate_size', type: 'integer' })
  plateSize!: PlateSize;

  @Column({ name: 'layout_id', type: 'varchar', length: 36 })
  layoutId!: string;

  @ManyToOne(() => PlateLayout, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'layout_id' })
  layout?: PlateLayout;

  @Column({ name: 'run_id', type: 'varchar', length: 36, nullable: true })
  runId!: string | null;

  @ManyToOne(() => Run, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'run_id' })
  run?: Run | null;

  @Column({ type: 'varchar', length: 16 })
  status!: PlateStatus;

  /** ISO 8601 UTC time the latest reading was stored. */
  @Column({ name: 'read_at', type: 'varchar', length: 30, nullable: true })
  readAt!: string | null;

  @Column({ name: 'created_by_id', type: 'varchar', length: 36 })
  createdById!: string;
}
