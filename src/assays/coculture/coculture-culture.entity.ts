import { Column, Entity, Index } from 'typeorm';
import { BaseEntity } from '../../common/base.entity';

/** The conditions of an anaerobic co-culture run (SCIENCE.md §5). */
export const CULTURE_CONDITIONS = ['culture', 'abiotic', 'heat-killed', 'no-drug'] as const;
export type CultureCondition = (typeof CULTURE_CONDITIONS)[number];

/** Units a drug starting concentration may be written in. */
export const DRUG_CONCENTRATION_UNITS = ['µM', 'nM', 'mM', 'ng/mL', 'µg/mL'] as const;
export type DrugConcentrationUnit = (typeof DRUG_CONCENTRATION_UNITS)[number];

/**
 * One culture tube series of an `anaerobic-coculture` run: a donor's fecal aliquot in medium
 * under a gas mix, dosed with the drug (or a control: abiotic medium + drug, heat-killed
 * bacteria + drug, bacteria without drug). Its samples are the timepoints × replicates.
 * `anaerobic` turns false, for good, when any sampling's chamber O₂ exceeds the run's limit.
 */
@Entity({ name: 'coculture_cultures' })
@Index('ix_coculture_cultures_run', ['runId', 'createdAt'])
@Index('ix_coculture_cultures_donor', ['donorId', 'createdAt'])
export class CocultureCulture extends BaseEntity {
  @Column({ name: 'run_id', type: 'varchar', length: 36 })
  runId!: string;

  @Column({ type: 'varchar', length: 200 })
  name!: string;

  @Column({ type: 'varchar', length: 16 })
  condition!: CultureCondition;

  /** The donor (material) whose bacteria are cultured; null for the abiotic control. */
  @Column({ name: 'donor_id', type: 'varchar', length: 36, nullable: true })
  donorId!: string | null;

  /** The fecal aliquot (material) used as inoculum; null for the abiotic control. */
  @Column({ name: 'aliquot_id', type: 'varchar', length: 36, nullable: true })
  aliquotId!: string | null;

  /** The abiotic control this culture's biotic rate is computed against. */
  @Column({ name: 'abiotic_control_id', type: 'varchar', length: 36, nullable: true })
  abioticControlId!: string | null;

  @Column({ type: 'varchar', length: 64 })
  medium!: string;

  @Column({ type: 'varchar', length: 64 })
  atmosphere!: string;

  @Column({ name: 'temperature_celsius', type: 'double precision' })
  temperatureCelsius!: number;

  @Column({ type: 'varchar', length: 200, nullable: true })
  inoculum!: string | null;

  /** The parent drug; null for the no-drug control. */
  @Column({ type: 'varchar', length: 64, nullable: true })
  drug!: string | null;

  /** Starting concentration as entered (text) beside its value and unit. */
  @Column({ name: 'drug_start_concentration_raw', type: 'varchar', length: 40, nullable: true })
  drugStartConcentrationRaw!: string | null;

  @Column({ name: 'drug_start_concentration', type: 'double precision', nullable: true })
  drugStartConcentration!: number | null;

  @Column({ name: 'drug_concentration_unit', type: 'varchar', length: 8, nullable: true })
  drugConcentrationUnit!: DrugConcentrationUnit | null;

  /** The run's O₂ limit (ppm) when the culture was recorded. */
  @Column({ name: 'o2_limit_ppm', type: 'double precision' })
  o2LimitPpm!: number;

  /** Highest chamber O₂ logged at a sampling, ppm; null before the first. */
  @Column({ name: 'max_o2_ppm', type: 'double precision', nullable: true })
  maxO2Ppm!: number | null;

  @Column({ type: 'boolean', default: true })
  anaerobic!: boolean;

  @Column({ type: 'text', nullable: true })
  notes!: string | null;

  @Column({ name: 'created_by_id', type: 'varchar', length: 36 })
  createdById!: string;
}
