import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * One disqualifying action of a user on a record (separation of duties, DESIGN.md "Trust
 * rules"): a user who created, edited, started, completed, submitted, recorded data on or
 * amended a run, authored or edited a protocol version, or requested an amendment may not
 * review or approve it. Written in the transaction of the action itself; the first occurrence
 * of each action per user and record is kept (later ones are ignored by the unique index).
 */
@Entity({ name: 'record_contributions' })
@Index('ux_record_contributions', ['entity', 'entityId', 'userId', 'action'], { unique: true })
export class RecordContribution {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  /** The record's kind, as in the audit trail: `run`, `protocol_version`, `run_amendment`. */
  @Column({ type: 'varchar', length: 40 })
  entity!: string;

  @Column({ name: 'entity_id', type: 'varchar', length: 36 })
  entityId!: string;

  @Column({ name: 'user_id', type: 'varchar', length: 36 })
  userId!: string;

  /** What the user did: `created`, `started`, `recorded-data`, … (see ContributionAction). */
  @Column({ type: 'varchar', length: 40 })
  action!: string;

  /** For data: what was recorded (`import a reading of plate P-001`). */
  @Column({ type: 'varchar', length: 300, nullable: true })
  detail!: string | null;

  /** When, ISO 8601 UTC with milliseconds. */
  @Column({ type: 'varchar', length: 30 })
  at!: string;
}
