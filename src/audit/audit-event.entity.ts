import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * One append-only, hash-chained audit event. Database triggers refuse UPDATE and DELETE on
 * this table (see the AuditAppendOnly migrations). Times and JSON payloads are stored as the
 * exact text that was hashed, so the chain verifies identically on both engines.
 */
@Entity({ name: 'audit_events' })
@Index('ix_audit_events_entity', ['entity', 'entityId'])
export class AuditEvent {
  /** Position in the chain, 1, 2, 3 … (assigned under the chain lock, not by a sequence). */
  @PrimaryColumn({ type: 'integer' })
  seq!: number;

  @Column({ name: 'occurred_at', type: 'varchar', length: 30 })
  occurredAt!: string;

  @Column({ name: 'actor_id', type: 'varchar', length: 36, nullable: true })
  actorId!: string | null;

  @Column({ name: 'actor_name', type: 'varchar', length: 200 })
  actorName!: string;

  @Column({ type: 'varchar', length: 64 })
  action!: string;

  @Column({ type: 'varchar', length: 64 })
  entity!: string;

  @Column({ name: 'entity_id', type: 'varchar', length: 64 })
  entityId!: string;

  /** Canonical JSON of the record before the change, or null for a creation. */
  @Column({ type: 'text', nullable: true })
  before!: string | null;

  @Column({ type: 'text', nullable: true })
  after!: string | null;

  @Column({ type: 'text', nullable: true })
  reason!: string | null;

  @Column({ name: 'prev_hash', type: 'varchar', length: 64 })
  prevHash!: string;

  @Column({ type: 'varchar', length: 64 })
  hash!: string;
}
