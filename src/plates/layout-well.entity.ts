import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { Material } from '../materials/material.entity';
import { PlateLayout } from './plate-layout.entity';
import type { WellRole } from '../analysis/plate/well-role';

/**
 * One well of a plate layout. Wells a layout does not list are `empty`. Concentrations keep the
 * value and unit as entered beside the canonical molar value used for computation (null for mass
 * units such as µg/mL, which have no molar value without a molar mass).
 */
@Entity({ name: 'layout_wells' })
@Index('uq_layout_wells_layout_well', ['layoutId', 'well'], { unique: true })
@Index('ix_layout_wells_material', ['materialId'])
export class LayoutWell {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ name: 'layout_id', type: 'varchar', length: 36 })
  layoutId!: string;

  @ManyToOne(() => PlateLayout, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'layout_id' })
  layout?: PlateLayout;

  /** Canonical well name, `A1`. */
  @Column({ type: 'varchar', length: 4 })
  well!: string;

  /** 0-based row (A = 0). */
  @Column({ name: 'row_index', type: 'integer' })
  row!: number;

  /** 0-based column (column 1 = 0). */
  @Column({ name: 'column_index', type: 'integer' })
  column!: number;

  @Column({ type: 'varchar', length: 16 })
  role!: WellRole;

  /** The material (cell line, population) seeded in the well. */
  @Column({ name: 'material_id', type: 'varchar', length: 36, nullable: true })
  materialId!: string | null;

  @ManyToOne(() => Material, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'material_id' })
  material?: Material | null;

  /** Drug concentration as entered. */
  @Column({ name: 'concentration_value', type: 'double precision', nullable: true })
  concentrationValue!: number | null;

  /** Unit as entered (`nM`, `µM`, `mM`, `M`, `pM`, or a mass unit). */
  @Column({ name: 'concentration_unit', type: 'varchar', length: 8, nullable: true })
  concentrationUnit!: string | null;

  /** The concentration in mol/L (canonical), null when the unit is not molar. */
  @Column({ name: 'concentration_molar', type: 'double precision', nullable: true })
  concentrationMolar!: number | null;

  @Column({ name: 'replicate_group', type: 'varchar', length: 64, nullable: true })
  replicateGroup!: string | null;

  /** Efflux inhibitor in the well (`MK571`, `Ko143`), when any. */
  @Column({ name: 'inhibitor_name', type: 'varchar', length: 100, nullable: true })
  inhibitorName!: string | null;

  @Column({ name: 'inhibitor_concentration_value', type: 'double precision', nullable: true })
  inhibitorConcentrationValue!: number | null;

  @Column({ name: 'inhibitor_concentration_unit', type: 'varchar', length: 8, nullable: true })
  inhibitorConcentrationUnit!: string | null;

  @Column({ name: 'inhibitor_concentration_molar', type: 'double precision', nullable: true })
  inhibitorConcentrationMolar!: number | null;
}
