import { Column, Entity, Index } from 'typeorm';
import { BaseEntity } from '../../common/base.entity';
import type { DoseResponseModel } from '../../analysis/dose-response/log-logistic';

/** A fit is `current` until a refit of the same plate replaces it; it is never deleted. */
export type FitRecordStatus = 'current' | 'superseded';
export const FIT_RECORD_STATUSES: readonly FitRecordStatus[] = ['current', 'superseded'];

/**
 * Outcome of the fit: `fitted` (converged; see flags), `inactive` (no effect, no IC50),
 * `not-converged`, or `not-fitted` (too few usable points: nothing was fitted).
 */
export type FitOutcome = 'fitted' | 'inactive' | 'not-converged' | 'not-fitted';

/**
 * One point of the fit: a treated well, its concentration and % viability. The fit's analysis
 * (`analysisId`) and the point's `well` identify its derived value (analysis_derived_values),
 * which points back to the raw values. Points stored before that table existed also
 * carry a `derivedValueId`; the API does not show it.
 */
export interface FitPoint {
  well: string;
  /** Concentration in the fit's `concentrationUnit`. */
  x: number;
  /** Viability, % of vehicle. */
  y: number;
}

/**
 * One dose-response fit: one material (± one inhibitor) on one plate, from one analysis of that
 * plate (`analysisId` → plate_qc_results). Every parameter with its SE, the IC50 (relative and
 * absolute) with its CI, goodness of fit, quality flags and provenance (method, version, options,
 * input hash). Concentration-valued columns (e, IC50, CI, tested range) are in
 * `concentration_unit` (µM for molar layouts).
 */
@Entity({ name: 'dose_response_fits' })
@Index('ix_dose_response_fits_plate', ['plateId', 'status'])
@Index('ix_dose_response_fits_material', ['materialId', 'status', 'createdAt'])
// A material's fits of every status, newest first (GET /fits by material): see docs/performance.md.
@Index('ix_dose_response_fits_material_created', ['materialId', 'createdAt'])
@Index('ix_dose_response_fits_run', ['runId', 'status'])
@Index('ix_dose_response_fits_status', ['status', 'createdAt'])
@Index('ix_dose_response_fits_analysis', ['analysisId'])
export class DoseResponseFitRecord extends BaseEntity {
  @Column({ name: 'plate_id', type: 'varchar', length: 36 })
  plateId!: string;

  /** The plate's run when the fit was made (null for a plate outside any run). */
  @Column({ name: 'run_id', type: 'varchar', length: 36, nullable: true })
  runId!: string | null;

  /** The analysis of the plate that produced this fit (a plate_qc_results row). */
  @Column({ name: 'analysis_id', type: 'varchar', length: 36 })
  analysisId!: string;

  @Column({ name: 'material_id', type: 'varchar', length: 36, nullable: true })
  materialId!: string | null;

  /** The material's name when fitted (kept for exports and plots). */
  @Column({ name: 'material_name', type: 'varchar', length: 200, nullable: true })
  materialName!: string | null;

  @Column({ name: 'inhibitor_name', type: 'varchar', length: 100, nullable: true })
  inhibitorName!: string | null;

  /** Inhibitor concentration in mol/L (null without inhibitor or for a mass unit). */
  @Column({ name: 'inhibitor_concentration_molar', type: 'double precision', nullable: true })
  inhibitorConcentrationMolar!: number | null;

  /** Inhibitor as entered, e.g. `MK571 25 µM`. */
  @Column({ name: 'inhibitor_label', type: 'varchar', length: 140, nullable: true })
  inhibitorLabel!: string | null;

  /** Unit of every concentration-valued column of this row. */
  @Column({ name: 'concentration_unit', type: 'varchar', length: 8 })
  concentrationUnit!: string;

  @Column({ type: 'varchar', length: 16 })
  model!: DoseResponseModel;

  @Column({ type: 'varchar', length: 16 })
  status!: FitRecordStatus;

  @Column({ name: 'superseded_by_id', type: 'varchar', length: 36, nullable: true })
  supersededById!: string | null;

  @Column({ name: 'superseded_at', type: 'varchar', length: 30, nullable: true })
  supersededAt!: string | null;

  @Column({ name: 'fit_status', type: 'varchar', length: 16 })
  fitStatus!: FitOutcome;

  @Column({ type: 'boolean' })
  converged!: boolean;

  /** The solver's stopping reason. */
  @Column({ type: 'varchar', length: 32, nullable: true })
  convergence!: string | null;

  @Column({ type: 'integer' })
  iterations!: number;

  @Column({ type: 'integer' })
  n!: number;

  @Column({ name: 'n_params', type: 'integer' })
  nParams!: number;

  /** Residual degrees of freedom n − nParams. */
  @Column({ type: 'integer' })
  df!: number;

  /** Parameters held fixed by the model (`c` for LL3, `d` for fixed-top, `f` for LL.4 family). */
  @Column({ name: 'fixed_parameters', type: 'simple-json' })
  fixedParameters!: string[];

  /** Slope (drc b; b > 0 = decreasing curve). */
  @Column({ type: 'double precision', nullable: true })
  b!: number | null;

  @Column({ name: 'b_se', type: 'double precision', nullable: true })
  bSe!: number | null;

  /** Bottom asymptote, % viability. */
  @Column({ type: 'double precision', nullable: true })
  c!: number | null;

  @Column({ name: 'c_se', type: 'double precision', nullable: true })
  cSe!: number | null;

  /** Top asymptote, % viability. */
  @Column({ type: 'double precision', nullable: true })
  d!: number | null;

  @Column({ name: 'd_se', type: 'double precision', nullable: true })
  dSe!: number | null;

  /** Inflection point e (concentration_unit). */
  @Column({ type: 'double precision', nullable: true })
  e!: number | null;

  @Column({ name: 'e_se', type: 'double precision', nullable: true })
  eSe!: number | null;

  /** LL.5 asymmetry (1 for the LL.4 family). */
  @Column({ type: 'double precision', nullable: true })
  f!: number | null;

  @Column({ name: 'f_se', type: 'double precision', nullable: true })
  fSe!: number | null;

  @Column({ name: 'ln_e', type: 'double precision', nullable: true })
  lnE!: number | null;

  @Column({ name: 'se_ln_e', type: 'double precision', nullable: true })
  seLnE!: number | null;

  @Column({ name: 'e_ci95_low', type: 'double precision', nullable: true })
  eCi95Low!: number | null;

  @Column({ name: 'e_ci95_high', type: 'double precision', nullable: true })
  eCi95High!: number | null;

  /** Reportable relative IC50 (null when inactive, not converged or outside the tested range). */
  @Column({ type: 'double precision', nullable: true })
  ic50!: number | null;

  @Column({ name: 'ln_ic50', type: 'double precision', nullable: true })
  lnIc50!: number | null;

  @Column({ name: 'se_ln_ic50', type: 'double precision', nullable: true })
  seLnIc50!: number | null;

  @Column({ name: 'ic50_ci95_low', type: 'double precision', nullable: true })
  ic50Ci95Low!: number | null;

  @Column({ name: 'ic50_ci95_high', type: 'double precision', nullable: true })
  ic50Ci95High!: number | null;

  /** Concentration giving 50 % viability; only when c < 50 < d and inside the tested range. */
  @Column({ name: 'ic50_absolute', type: 'double precision', nullable: true })
  ic50Absolute!: number | null;

  /** `>` or `<` when the IC50 lies outside the tested range (reported as a bound, not a number). */
  @Column({ name: 'ic50_bound_relation', type: 'varchar', length: 1, nullable: true })
  ic50BoundRelation!: '>' | '<' | null;

  @Column({ name: 'ic50_bound_concentration', type: 'double precision', nullable: true })
  ic50BoundConcentration!: number | null;

  @Column({ name: 'ic50_display', type: 'varchar', length: 200 })
  ic50Display!: string;

  @Column({ type: 'double precision', nullable: true })
  rss!: number | null;

  @Column({ name: 'residual_se', type: 'double precision', nullable: true })
  residualSe!: number | null;

  @Column({ name: 'r_squared', type: 'double precision', nullable: true })
  rSquared!: number | null;

  /** t(0.975, df) used for the intervals. */
  @Column({ name: 't_quantile', type: 'double precision', nullable: true })
  tQuantile!: number | null;

  @Column({ name: 'max_replicate_cv_pct', type: 'double precision', nullable: true })
  maxReplicateCvPct!: number | null;

  @Column({ name: 'tested_min', type: 'double precision', nullable: true })
  testedMin!: number | null;

  @Column({ name: 'tested_max', type: 'double precision', nullable: true })
  testedMax!: number | null;

  @Column({ name: 'distinct_concentrations', type: 'integer' })
  distinctConcentrations!: number;

  /** Quality flags (SCIENCE.md §2), e.g. `ic50-above-range`, `low-r-squared`. */
  @Column({ type: 'simple-json' })
  flags!: string[];

  /** F test of the fit against a flat line (drives `inactive`). */
  @Column({ name: 'no_effect_test', type: 'simple-json', nullable: true })
  noEffectTest!: Record<string, unknown> | null;

  /** The points fitted; with `analysisId`, each point's well names its derived value. */
  @Column({ type: 'simple-json' })
  points!: FitPoint[];

  @Column({ type: 'varchar', length: 100 })
  method!: string;

  @Column({ name: 'method_version', type: 'varchar', length: 20 })
  methodVersion!: string;

  /** The resolved fit options (model and every threshold, from the run's protocol settings). */
  @Column({ type: 'simple-json' })
  options!: Record<string, unknown>;

  /** sha256 of the canonical {concentrations, responses} fitted. */
  @Column({ name: 'input_hash', type: 'varchar', length: 64 })
  inputHash!: string;

  @Column({ name: 'created_by_id', type: 'varchar', length: 36, nullable: true })
  createdById!: string | null;

  /** Why this fit was made: import, exclusion of wells, refit (with the scientist's reason). */
  @Column({ type: 'text', nullable: true })
  reason!: string | null;
}
