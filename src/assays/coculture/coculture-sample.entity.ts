import { Column, Entity, Index } from 'typeorm';
import { BaseEntity } from '../../common/base.entity';

/**
 * One timepoint × replicate of a culture: the tube sampled, its barcode (what the LC-MS/MS
 * injection list names as an unknown), the time since dosing and the chamber O₂ at sampling.
 */
@Entity({ name: 'coculture_samples' })
@Index('uq_coculture_samples_slot', ['cultureId', 'timeHours', 'replicate'], { unique: true })
@Index('ix_coculture_samples_run', ['runId', 'createdAt'])
export class CocultureSample extends BaseEntity {
  @Index('uq_coculture_samples_barcode', { unique: true })
  @Column({ type: 'varchar', length: 64 })
  barcode!: string;

  @Column({ name: 'culture_id', type: 'varchar', length: 36 })
  cultureId!: string;

  @Column({ name: 'run_id', type: 'varchar', length: 36 })
  runId!: string;

  @Column({ name: 'time_hours', type: 'double precision' })
  timeHours!: number;

  @Column({ type: 'integer' })
  replicate!: number;

  /** Chamber O₂ at this sampling, ppm, as read. */
  @Column({ name: 'chamber_o2_ppm', type: 'double precision' })
  chamberO2Ppm!: number;

  /** UTC ISO timestamp of the sampling. */
  @Column({ name: 'sampled_at', type: 'varchar', length: 30 })
  sampledAt!: string;

  @Column({ name: 'created_by_id', type: 'varchar', length: 36 })
  createdById!: string;
}
