import { Column, Entity, Index } from 'typeorm';
import { BaseEntity } from '../../common/base.entity';

/**
 * The degradation kinetics of one analyte in one culture (the parent drug: SFO and log-linear
 * k, t½, DT90, % remaining with SE and CI, biotic rate against its abiotic control; a
 * metabolite: initial formation rate, Cmax, Tmax), computed from the concentrations of
 * accepted LC-MS/MS batches. `current` until a recomputation supersedes it. Provenance: method,
 * version, options, input hash.
 */
@Entity({ name: 'coculture_kinetics_results' })
@Index('ix_coculture_kinetics_culture', ['cultureId', 'analyte', 'current'])
@Index('ix_coculture_kinetics_run', ['runId', 'current'])
export class KineticsResult extends BaseEntity {
  @Column({ name: 'culture_id', type: 'varchar', length: 36 })
  cultureId!: string;

  @Column({ name: 'run_id', type: 'varchar', length: 36 })
  runId!: string;

  @Column({ type: 'varchar', length: 64 })
  analyte!: string;

  /** 'parent' (degradation) or 'metabolite' (formation). */
  @Column({ type: 'varchar', length: 16 })
  role!: 'parent' | 'metabolite';

  @Column({ type: 'boolean' })
  current!: boolean;

  /** SFO k, per hour (parent), for listing and comparison; null when not fitted. */
  @Column({ name: 'rate_constant_per_hour', type: 'double precision', nullable: true })
  rateConstantPerHour!: number | null;

  @Column({ name: 'half_life_hours', type: 'double precision', nullable: true })
  halfLifeHours!: number | null;

  @Column({ type: 'simple-json' })
  flags!: string[];

  /** The whole answer (fits, biotic rate, metabolite figures, the points used). */
  @Column({ type: 'simple-json' })
  result!: Record<string, unknown>;

  @Column({ type: 'varchar', length: 64 })
  method!: string;

  @Column({ name: 'method_version', type: 'varchar', length: 16 })
  methodVersion!: string;

  @Column({ type: 'simple-json' })
  options!: Record<string, unknown>;

  @Column({ name: 'input_hash', type: 'varchar', length: 64 })
  inputHash!: string;

  @Column({ name: 'created_by_id', type: 'varchar', length: 36 })
  createdById!: string;
}
