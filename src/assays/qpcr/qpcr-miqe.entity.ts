import { Column, Entity, Index } from 'typeorm';
import { BaseEntity } from '../../common/base.entity';

/** Primers, probe and amplicon of one gene, and its efficiency when stated (MIQE). */
export interface QpcrPrimerRecord {
  gene: string;
  forwardPrimer: string | null;
  reversePrimer: string | null;
  probe: string | null;
  ampliconLengthBp: number | null;
  /** Stated amplification efficiency in per cent (a validation experiment), with its source. */
  efficiencyPercent: number | null;
  efficiencyReference: string | null;
}

/** RNA quality of one biological sample (MIQE): integrity and purity ratios. */
export interface QpcrRnaQualityRecord {
  sample: string;
  rin: number | null;
  a260280: number | null;
  a260230: number | null;
}

/**
 * The MIQE metadata of one qPCR run (one row per run; every change is audited): instrument,
 * chemistry, RT kit, how efficiencies were obtained, primers and amplicon per gene, RNA
 * quality per sample. The run's protocol decides which fields a submission needs.
 */
@Entity({ name: 'qpcr_miqe_records' })
@Index('uq_qpcr_miqe_records_run', ['runId'], { unique: true })
export class QpcrMiqeRecord extends BaseEntity {
  @Column({ name: 'run_id', type: 'varchar', length: 36 })
  runId!: string;

  @Column({ type: 'varchar', length: 200, nullable: true })
  instrument!: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  chemistry!: string | null;

  @Column({ name: 'rt_kit', type: 'varchar', length: 200, nullable: true })
  rtKit!: string | null;

  @Column({ name: 'efficiency_source', type: 'varchar', length: 32, nullable: true })
  efficiencySource!: string | null;

  @Column({ type: 'simple-json' })
  primers!: QpcrPrimerRecord[];

  @Column({ name: 'rna_quality', type: 'simple-json' })
  rnaQuality!: QpcrRnaQualityRecord[];

  @Column({ type: 'text', nullable: true })
  notes!: string | null;

  @Column({ name: 'updated_by_id', type: 'varchar', length: 36 })
  updatedById!: string;
}
