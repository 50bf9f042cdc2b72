import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { BaseEntity } from '../common/base.entity';
import { Run } from './run.entity';

export const DEVIATION_SEVERITIES = ['minor', 'major', 'critical'] as const;
export type DeviationSeverity = (typeof DEVIATION_SEVERITIES)[number];

/** `manual`: logged by a person; `dose-override`: a passage dose other than the suggestion. */
export const DEVIATION_KINDS = ['manual', 'dose-override'] as const;
export type DeviationKind = (typeof DEVIATION_KINDS)[number];

/** A departure from the protocol, with its reason. Append-only. */
@Entity({ name: 'run_deviations' })
@Index('ix_run_deviations_run', ['runId', 'createdAt'])
export class RunDeviation extends BaseEntity {
  @Column({ name: 'run_id', type: 'varchar', length: 36 })
  runId!: string;

  @ManyToOne(() => Run, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'run_id' })
  run?: Run;

  @Column({ type: 'varchar', length: 16 })
  kind!: DeviationKind;

  /** What deviated from the protocol. */
  @Column({ type: 'text' })
  description!: string;

  @Column({ type: 'text' })
  reason!: string;

  @Column({ type: 'varchar', length: 16 })
  severity!: DeviationSeverity;

  /** The passage whose dose overrode the suggestion, for `dose-override`. */
  @Column({ name: 'passage_id', type: 'varchar', length: 36, nullable: true })
  passageId!: string | null;

  @Column({ name: 'recorded_by_id', type: 'varchar', length: 36 })
  recordedById!: string;
}
