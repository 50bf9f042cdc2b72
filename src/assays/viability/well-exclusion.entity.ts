import { Column, Entity, Index } from 'typeorm';
import { BaseEntity } from '../../common/base.entity';

/**
 * A well a scientist excluded from a plate's analysis, with why, who and when (created_at). The
 * refit it caused is `analysis_id`. Exclusions are kept for good: the raw value stays stored.
 */
@Entity({ name: 'well_exclusions' })
@Index('uq_well_exclusions_plate_well', ['plateId', 'well'], { unique: true })
export class WellExclusion extends BaseEntity {
  @Column({ name: 'plate_id', type: 'varchar', length: 36 })
  plateId!: string;

  @Column({ type: 'varchar', length: 4 })
  well!: string;

  @Column({ type: 'text' })
  reason!: string;

  @Column({ name: 'excluded_by_id', type: 'varchar', length: 36 })
  excludedById!: string;

  @Column({ name: 'excluded_by_name', type: 'varchar', length: 200 })
  excludedByName!: string;

  /** The analysis made after the exclusion. */
  @Column({ name: 'analysis_id', type: 'varchar', length: 36, nullable: true })
  analysisId!: string | null;
}
