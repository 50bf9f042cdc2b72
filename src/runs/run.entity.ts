import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { BaseEntity } from '../common/base.entity';
import type { ResolvedParameter } from '../protocols/settings/validate-parameters';
import { ProtocolVersion } from '../protocols/protocol-version.entity';
import type { RunState } from './run.lifecycle';

/**
 * One execution of an approved protocol version on named materials (run_materials), with its
 * validated parameters, operator and dates. Dates are ISO 8601 UTC strings (`toISOString()`),
 * which sort and compare as text the same way on both engines.
 */
@Entity({ name: 'runs' })
@Index('ix_runs_protocol', ['protocolId', 'createdAt'])
@Index('ix_runs_protocol_version', ['protocolVersionId', 'createdAt'])
@Index('ix_runs_status', ['status', 'createdAt'])
@Index('ix_runs_operator', ['operatorId', 'createdAt'])
@Index('ix_runs_planned_start', ['plannedStartAt'])
@Index('ix_runs_actual_start', ['actualStartAt'])
@Index('ix_runs_created', ['createdAt'])
export class Run extends BaseEntity {
  @Column({ type: 'varchar', length: 300 })
  title!: string;

  @Column({ name: 'protocol_id', type: 'varchar', length: 36 })
  protocolId!: string;

  /** The protocol's key, copied at creation (keys never change) for lists and filters. */
  @Column({ name: 'protocol_key', type: 'varchar', length: 100 })
  protocolKey!: string;

  @Column({ name: 'protocol_version_id', type: 'varchar', length: 36 })
  protocolVersionId!: string;

  @ManyToOne(() => ProtocolVersion, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'protocol_version_id' })
  protocolVersion?: ProtocolVersion;

  /** The version number, copied at creation (approved versions are immutable). */
  @Column({ name: 'protocol_version_number', type: 'integer' })
  protocolVersionNumber!: number;

  @Column({ type: 'varchar', length: 16 })
  status!: RunState;

  /** The user who does the bench work; approval must come from someone else. */
  @Column({ name: 'operator_id', type: 'varchar', length: 36 })
  operatorId!: string;

  @Column({ name: 'created_by_id', type: 'varchar', length: 36 })
  createdById!: string;

  /** Validated parameters: every setting of the version, defaults filled, in the setting's unit. */
  @Column({ type: 'simple-json' })
  parameters!: Record<string, ResolvedParameter>;

  @Column({ name: 'planned_start_at', type: 'varchar', length: 30, nullable: true })
  plannedStartAt!: string | null;

  @Column({ name: 'planned_end_at', type: 'varchar', length: 30, nullable: true })
  plannedEndAt!: string | null;

  @Column({ name: 'actual_start_at', type: 'varchar', length: 30, nullable: true })
  actualStartAt!: string | null;

  @Column({ name: 'actual_end_at', type: 'varchar', length: 30, nullable: true })
  actualEndAt!: string | null;

  @Column({ type: 'text', nullable: true })
  notes!: string | null;

  @Column({ name: 'submitted_at', type: 'varchar', length: 30, nullable: true })
  submittedAt!: string | null;

  /** The reviewer's comments when the run was last returned. */
  @Column({ name: 'review_comments', type: 'text', nullable: true })
  reviewComments!: string | null;

  @Column({ name: 'approved_at', type: 'varchar', length: 30, nullable: true })
  approvedAt!: string | null;

  @Column({ name: 'approved_by_id', type: 'varchar', length: 36, nullable: true })
  approvedById!: string | null;

  @Column({ name: 'cancel_reason', type: 'text', nullable: true })
  cancelReason!: string | null;
}
