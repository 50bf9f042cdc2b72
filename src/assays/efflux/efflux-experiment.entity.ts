import { Column, Entity, Index } from 'typeorm';
import { BaseEntity } from '../../common/base.entity';

/**
 * An efflux-inhibitor experiment (SCIENCE.md §4): a resistant and a parental line, each fitted
 * with and without one inhibitor, on the named plates. Its result is computed from the current
 * fits of those plates each time it is read, so a refit shows at once (the fit ids used and the
 * provenance are part of the answer).
 */
@Entity({ name: 'efflux_experiments' })
@Index('ix_efflux_experiments_resistant', ['resistantMaterialId', 'createdAt'])
@Index('ix_efflux_experiments_created', ['createdAt'])
export class EffluxExperiment extends BaseEntity {
  @Column({ type: 'varchar', length: 200 })
  name!: string;

  @Column({ name: 'resistant_material_id', type: 'varchar', length: 36 })
  resistantMaterialId!: string;

  @Column({ name: 'parental_material_id', type: 'varchar', length: 36 })
  parentalMaterialId!: string;

  @Column({ name: 'inhibitor_name', type: 'varchar', length: 100 })
  inhibitorName!: string;

  /** Inhibitor concentration in mol/L; null = any concentration of that inhibitor. */
  @Column({ name: 'inhibitor_concentration_molar', type: 'double precision', nullable: true })
  inhibitorConcentrationMolar!: number | null;

  /** Plates whose fits make up the experiment; empty = the latest current fits anywhere. */
  @Column({ name: 'plate_ids', type: 'simple-json' })
  plateIds!: string[];

  @Column({ name: 'created_by_id', type: 'varchar', length: 36 })
  createdById!: string;

  @Column({ type: 'text', nullable: true })
  notes!: string | null;
}
