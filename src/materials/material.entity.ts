import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { BaseEntity } from '../common/base.entity';
import type { MaterialKindName, MaterialStatus } from './material-kinds';

export type { MaterialKindName, MaterialStatus } from './material-kinds';

/**
 * One tracked material of any kind (cell line, cryo-stock, donor, fecal sample or aliquot,
 * bacterial culture). The columns every kind shares are real columns, indexed for the list
 * filters and the lineage walk; what differs by kind lives in `attributes`, validated per kind
 * by the services (see material-attributes.ts).
 */
@Entity({ name: 'materials' })
@Index('ix_materials_kind_created', ['kind', 'createdAt'])
@Index('ix_materials_status_created', ['status', 'createdAt'])
@Index('ix_materials_created', ['createdAt'])
// A donor's pseudonymous code is its name, and it is unique among donors.
@Index('uq_materials_donor_code', ['name'], { unique: true, where: `kind = 'donor'` })
export class Material extends BaseEntity {
  @Column({ type: 'varchar', length: 32 })
  kind!: MaterialKindName;

  /** Unique when set (several materials may have none). */
  @Index('uq_materials_barcode', { unique: true })
  @Column({ type: 'varchar', length: 64, nullable: true })
  barcode!: string | null;

  /** Display name; for a donor, its pseudonymous code. */
  @Index('ix_materials_name')
  @Column({ type: 'varchar', length: 200 })
  name!: string;

  /** The material this one came from (lineage); null for roots (parental lines, donors). */
  @Index('ix_materials_parent')
  @Column({ name: 'parent_id', type: 'varchar', length: 36, nullable: true })
  parentId!: string | null;

  @ManyToOne(() => Material, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'parent_id' })
  parent?: Material | null;

  /** available, consumed or discarded; consumed and discarded materials cannot be used. */
  @Column({ type: 'varchar', length: 16, default: 'available' })
  status!: MaterialStatus;

  /** Storage location (freezer, rack, box, position), changed by `moved` custody events. */
  @Column({ type: 'varchar', length: 200, nullable: true })
  location!: string | null;

  /** For kinds that are stored frozen: whether it is frozen now. Null for other kinds. */
  @Column({ type: 'boolean', nullable: true })
  frozen!: boolean | null;

  /** For kinds that are stored frozen: how often it was thawed. Null for other kinds. */
  @Column({ name: 'freeze_thaw_count', type: 'integer', nullable: true })
  freezeThawCount!: number | null;

  /** Kind-specific attributes (JSON), validated per kind by the services. */
  @Column({ type: 'simple-json' })
  attributes!: Record<string, unknown>;

  @Column({ name: 'created_by', type: 'varchar', length: 36 })
  createdBy!: string;
}
