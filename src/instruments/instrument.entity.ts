import { Column, Entity, Index } from 'typeorm';
import { BaseEntity } from '../common/base.entity';

/** A plate reader (or other instrument) that feeds ThioLab through a bound API key. */
@Entity({ name: 'instruments' })
@Index('ix_instruments_active_name', ['active', 'name'])
export class Instrument extends BaseEntity {
  @Index('uq_instruments_name', { unique: true })
  @Column({ type: 'varchar', length: 100 })
  name!: string;

  /** Make and model (`BioTek Synergy H1`). */
  @Column({ type: 'varchar', length: 200 })
  model!: string;

  @Column({ type: 'varchar', length: 100, nullable: true })
  serial!: string | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  location!: string | null;

  /** An inactive instrument's feeds are refused. */
  @Column({ type: 'boolean', default: true })
  active!: boolean;

  @Column({ name: 'created_by_id', type: 'varchar', length: 36 })
  createdById!: string;
}
