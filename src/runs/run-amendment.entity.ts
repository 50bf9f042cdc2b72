import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { BaseEntity } from '../common/base.entity';
import { Run } from './run.entity';

export const AMENDMENT_STATUSES = ['pending', 'approved', 'rejected'] as const;
export type AmendmentStatus = (typeof AMENDMENT_STATUSES)[number];

/**
 * A requested change to an approved (locked) run: the changes, the reason, the run's values
 * before and after, and its own decision by a manager other than the requester (e-signature).
 */
@Entity({ name: 'run_amendments' })
@Index('ix_run_amendments_run', ['runId', 'createdAt'])
@Index('ix_run_amendments_status', ['status'])
export class RunAmendment extends BaseEntity {
  @Column({ name: 'run_id', type: 'varchar', length: 36 })
  runId!: string;

  @ManyToOne(() => Run, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'run_id' })
  run?: Run;

  @Column({ type: 'varchar', length: 16 })
  status!: AmendmentStatus;

  /** The requested changes, as sent (the fields of PATCH /runs/:id). */
  @Column({ type: 'simple-json' })
  changes!: Record<string, unknown>;

  /** The changed fields of the run before the amendment. */
  @Column({ type: 'simple-json' })
  before!: Record<string, unknown>;

  /** The same fields after the amendment. */
  @Column({ type: 'simple-json' })
  after!: Record<string, unknown>;

  @Column({ type: 'text' })
  reason!: string;

  @Column({ name: 'requested_by_id', type: 'varchar', length: 36 })
  requestedById!: string;

  @Column({ name: 'decided_by_id', type: 'varchar', length: 36, nullable: true })
  decidedById!: string | null;

  @Column({ name: 'decided_at', type: 'varchar', length: 30, nullable: true })
  decidedAt!: string | null;

  @Column({ name: 'decision_reason', type: 'text', nullable: true })
  decisionReason!: string | null;

  @Column({ name: 'signature_id', type: 'varchar', length: 36, nullable: true })
  signatureId!: string | null;
}
