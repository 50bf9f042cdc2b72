import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { BaseEntity } from '../common/base.entity';
import { utcTimestampType } from '../common/database/column-types';
import type { CustodyEventType } from './custody-rules';
import { Material } from './material.entity';

/**
 * One chain-of-custody event of a material: where it went, when (UTC), who did it. Appended,
 * never edited; the material's location, frozen state, freeze–thaw count and status follow.
 */
@Entity({ name: 'material_custody_events' })
// The chain of one material, in order; unique so that two concurrent writers cannot interleave.
@Index('uq_material_custody_events_sequence', ['materialId', 'sequence'], { unique: true })
export class MaterialCustodyEvent extends BaseEntity {
  @Column({ name: 'material_id', type: 'varchar', length: 36 })
  materialId!: string;

  @ManyToOne(() => Material, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'material_id' })
  material?: Material;

  /** 1, 2, 3 … within the material: the order of its chain. */
  @Column({ type: 'integer' })
  sequence!: number;

  @Column({ name: 'event_type', type: 'varchar', length: 16 })
  type!: CustodyEventType;

  @Column({ name: 'occurred_at', type: utcTimestampType() })
  occurredAt!: Date;

  @Column({ name: 'from_location', type: 'varchar', length: 200, nullable: true })
  fromLocation!: string | null;

  @Column({ name: 'to_location', type: 'varchar', length: 200, nullable: true })
  toLocation!: string | null;

  /** The material's freeze–thaw count after this event (freezable kinds), else null. */
  @Column({ name: 'freeze_thaw_count_after', type: 'integer', nullable: true })
  freezeThawCountAfter!: number | null;

  @Column({ type: 'text', nullable: true })
  notes!: string | null;

  /** Extra facts, e.g. the ids of the aliquots an `aliquoted` event made. */
  @Column({ type: 'simple-json', nullable: true })
  details!: Record<string, unknown> | null;

  @Column({ name: 'actor_id', type: 'varchar', length: 36 })
  actorId!: string;

  @Column({ name: 'actor_name', type: 'varchar', length: 200 })
  actorName!: string;
}
