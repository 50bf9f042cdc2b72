import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { BaseEntity } from '../common/base.entity';
import { Material } from '../materials/material.entity';
import { Run } from './run.entity';

/** A material a run works on, in one of the protocol's material slots (its `role`). */
@Entity({ name: 'run_materials' })
@Index('uq_run_materials_run_role_material', ['runId', 'role', 'materialId'], { unique: true })
@Index('ix_run_materials_material', ['materialId'])
export class RunMaterial extends BaseEntity {
  @Column({ name: 'run_id', type: 'varchar', length: 36 })
  runId!: string;

  @ManyToOne(() => Run, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'run_id' })
  run?: Run;

  @Column({ name: 'material_id', type: 'varchar', length: 36 })
  materialId!: string;

  @ManyToOne(() => Material, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'material_id' })
  material?: Material;

  /** The protocol material id (slot), e.g. `parental-line`, `derived-population`. */
  @Column({ type: 'varchar', length: 64 })
  role!: string;
}
