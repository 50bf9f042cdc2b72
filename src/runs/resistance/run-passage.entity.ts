import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { BaseEntity } from '../../common/base.entity';
import { Material } from '../../materials/material.entity';
import { Run } from '../run.entity';
import type { EscalationRule } from './dose-escalation';

/**
 * One passage of a resistance-induction log (SCIENCE.md §1): the 6-TG dose as entered (value
 * and unit, with its molar value for computation), counts, viability, confluence, split, and
 * the dose the escalation rule suggested before it, so every override stays visible.
 */
@Entity({ name: 'run_passages' })
@Index('uq_run_passages_run_number', ['runId', 'passageNumber'], { unique: true })
@Index('ix_run_passages_material', ['materialId', 'passageDate'])
export class RunPassage extends BaseEntity {
  @Column({ name: 'run_id', type: 'varchar', length: 36 })
  runId!: string;

  @ManyToOne(() => Run, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'run_id' })
  run?: Run;

  /** The derived population passaged. */
  @Column({ name: 'material_id', type: 'varchar', length: 36 })
  materialId!: string;

  @ManyToOne(() => Material, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'material_id' })
  material?: Material;

  @Column({ name: 'passage_number', type: 'integer' })
  passageNumber!: number;

  /** ISO 8601 date (or UTC date-time) of the passage. */
  @Column({ name: 'passage_date', type: 'varchar', length: 30 })
  passageDate!: string;

  @Column({ name: 'dose_value', type: 'double precision' })
  doseValue!: number;

  /** Canonical spelling of the molar unit entered (µM, nM…). */
  @Column({ name: 'dose_unit', type: 'varchar', length: 8 })
  doseUnit!: string;

  @Column({ name: 'dose_molar', type: 'double precision' })
  doseMolar!: number;

  @Column({ name: 'viable_count', type: 'double precision', nullable: true })
  viableCount!: number | null;

  @Column({ name: 'viability_percent', type: 'double precision' })
  viabilityPercent!: number;

  @Column({ name: 'confluence_percent', type: 'double precision', nullable: true })
  confluencePercent!: number | null;

  @Column({ name: 'split_ratio', type: 'varchar', length: 16, nullable: true })
  splitRatio!: string | null;

  @Column({ type: 'text', nullable: true })
  notes!: string | null;

  @Column({ name: 'suggested_dose_value', type: 'double precision' })
  suggestedDoseValue!: number;

  @Column({ name: 'suggested_dose_unit', type: 'varchar', length: 8 })
  suggestedDoseUnit!: string;

  @Column({ name: 'suggested_rule', type: 'varchar', length: 16 })
  suggestedRule!: EscalationRule;

  /** The dose differs from the suggestion beyond the run's tolerance: a deviation was logged. */
  @Column({ type: 'boolean' })
  deviation!: boolean;

  @Column({ name: 'deviation_id', type: 'varchar', length: 36, nullable: true })
  deviationId!: string | null;

  @Column({ name: 'recorded_by_id', type: 'varchar', length: 36 })
  recordedById!: string;
}
