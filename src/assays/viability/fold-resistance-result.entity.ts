import { Column, Entity, Index } from 'typeorm';
import { BaseEntity } from '../../common/base.entity';

/** How the two fits were chosen. */
export type FitSelection = 'chosen' | 'approved-runs' | 'latest-current';

/**
 * A recorded fold-resistance FR = IC50(resistant)/IC50(parental) from two separate fits, with
 * its log-scale t CI, the method, the warnings at the time, and provenance. The resistant
 * population's record lists it (GET /materials/:id/fold-resistance).
 */
@Entity({ name: 'fold_resistance_results' })
@Index('ix_fold_resistance_results_resistant', ['resistantMaterialId', 'createdAt'])
@Index('ix_fold_resistance_results_parental', ['parentalMaterialId', 'createdAt'])
export class FoldResistanceResult extends BaseEntity {
  @Column({ name: 'resistant_material_id', type: 'varchar', length: 36 })
  resistantMaterialId!: string;

  @Column({ name: 'parental_material_id', type: 'varchar', length: 36 })
  parentalMaterialId!: string;

  @Column({ name: 'resistant_fit_id', type: 'varchar', length: 36 })
  resistantFitId!: string;

  @Column({ name: 'parental_fit_id', type: 'varchar', length: 36 })
  parentalFitId!: string;

  @Column({ type: 'varchar', length: 16 })
  selection!: FitSelection;

  /** `determined` or `not-determinable` (a fit without a reportable IC50). */
  @Column({ type: 'varchar', length: 20 })
  status!: string;

  @Column({ type: 'double precision', nullable: true })
  ratio!: number | null;

  /** '>' or '<' when the ratio is only a bound (an IC50 is "> top tested dose"). */
  @Column({ name: 'bound_relation', type: 'varchar', length: 1, nullable: true })
  boundRelation!: string | null;

  /** The bound's value ("> 90.9-fold"), from the tested dose. */
  @Column({ name: 'bound_value', type: 'double precision', nullable: true })
  boundValue!: number | null;

  @Column({ name: 'ln_ratio', type: 'double precision', nullable: true })
  lnRatio!: number | null;

  @Column({ name: 'se_ln_ratio', type: 'double precision', nullable: true })
  seLnRatio!: number | null;

  /** df_R + df_P. */
  @Column({ type: 'integer', nullable: true })
  df!: number | null;

  @Column({ name: 't_quantile', type: 'double precision', nullable: true })
  tQuantile!: number | null;

  @Column({ name: 'ci95_low', type: 'double precision', nullable: true })
  ci95Low!: number | null;

  @Column({ name: 'ci95_high', type: 'double precision', nullable: true })
  ci95High!: number | null;

  @Column({ name: 'ci95_z_low', type: 'double precision', nullable: true })
  ci95ZLow!: number | null;

  @Column({ name: 'ci95_z_high', type: 'double precision', nullable: true })
  ci95ZHigh!: number | null;

  @Column({ type: 'text' })
  definition!: string;

  /** Why it is not determinable. */
  @Column({ name: 'status_reason', type: 'text', nullable: true })
  statusReason!: string | null;

  @Column({ type: 'simple-json' })
  warnings!: { code: string; message: string }[];

  @Column({ type: 'varchar', length: 100 })
  method!: string;

  @Column({ name: 'method_version', type: 'varchar', length: 20 })
  methodVersion!: string;

  @Column({ type: 'simple-json' })
  options!: Record<string, unknown>;

  @Column({ name: 'input_hash', type: 'varchar', length: 64 })
  inputHash!: string;

  @Column({ name: 'recorded_by_id', type: 'varchar', length: 36 })
  recordedById!: string;

  @Column({ type: 'text', nullable: true })
  note!: string | null;
}
