import { Column, Entity, Index } from 'typeorm';
import { BaseEntity } from '../common/base.entity';

/**
 * One of the lab's SOP templates (e.g. `mtt-viability`). Its content lives in its versions;
 * the protocol itself only names them.
 */
@Entity({ name: 'protocols' })
export class Protocol extends BaseEntity {
  /** kebab-case key, the same as the `key` of every version's definition. */
  @Index('uq_protocols_key', { unique: true })
  @Column({ type: 'varchar', length: 100 })
  key!: string;

  /** Title of the latest version created (kept in step for lists). */
  @Column({ type: 'varchar', length: 300 })
  title!: string;

  /** Who created it; null when the system loaded it from `protocols/`. */
  @Column({ name: 'created_by_id', type: 'varchar', length: 36, nullable: true })
  createdById!: string | null;
}
