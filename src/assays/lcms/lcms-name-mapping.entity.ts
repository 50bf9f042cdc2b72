import { Column, Entity, Index } from 'typeorm';
import { BaseEntity } from '../../common/base.entity';

/**
 * How an export names the method's compounds, confirmed once per method (protocol version):
 * a file name maps to an analyte, to the internal standard, or to nothing (ignored, e.g. a
 * qualifier transition). The import applies it to every batch of runs on that version.
 */
@Entity({ name: 'lcms_name_mappings' })
@Index('uq_lcms_name_mappings', ['protocolVersionId', 'fileName'], { unique: true })
export class LcmsNameMapping extends BaseEntity {
  @Column({ name: 'protocol_version_id', type: 'varchar', length: 36 })
  protocolVersionId!: string;

  @Column({ name: 'file_name', type: 'varchar', length: 200 })
  fileName!: string;

  /** The analyte or internal standard; null = ignore this compound. */
  @Column({ type: 'varchar', length: 64, nullable: true })
  target!: string | null;

  @Column({ name: 'confirmed_by_id', type: 'varchar', length: 36 })
  confirmedById!: string;
}
