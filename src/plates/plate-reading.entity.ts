import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { BaseEntity } from '../common/base.entity';
import type {
  PlateReaderFormat,
  PlateReadingMetadata,
} from '../imports/plate-readers/plate-reading';
import { Plate } from './plate.entity';

/**
 * One plate-reader export stored for a plate: where it came from and what its header said. Its
 * values are its `plate_reading_values` row. The same content (sha256) or the same
 * Idempotency-Key is stored once: both are unique.
 */
@Entity({ name: 'plate_readings' })
@Index('ix_plate_readings_plate', ['plateId', 'receivedAt'])
@Index('ix_plate_readings_instrument', ['instrumentId', 'receivedAt'])
export class PlateReading extends BaseEntity {
  @Column({ name: 'plate_id', type: 'varchar', length: 36 })
  plateId!: string;

  @ManyToOne(() => Plate, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'plate_id' })
  plate?: Plate;

  @Column({ type: 'varchar', length: 16 })
  format!: PlateReaderFormat;

  /** sha256 (hex) of the file's bytes as received. */
  @Index('uq_plate_readings_content_hash', { unique: true })
  @Column({ name: 'content_hash', type: 'varchar', length: 64 })
  contentHash!: string;

  @Index('uq_plate_readings_idempotency_key', { unique: true })
  @Column({ name: 'idempotency_key', type: 'varchar', length: 200, nullable: true })
  idempotencyKey!: string | null;

  /** The instrument that sent it; null for an upload by a person. */
  @Column({ name: 'instrument_id', type: 'varchar', length: 36, nullable: true })
  instrumentId!: string | null;

  /** The header as parsed: barcode, read time, temperature, wavelengths, reader, … */
  @Column({ type: 'simple-json' })
  metadata!: PlateReadingMetadata;

  @Column({ name: 'source_filename', type: 'varchar', length: 255, nullable: true })
  sourceFilename!: string | null;

  /** ISO 8601 UTC time the file was received. */
  @Column({ name: 'received_at', type: 'varchar', length: 30 })
  receivedAt!: string;

  @Column({ name: 'uploaded_by_id', type: 'varchar', length: 36 })
  uploadedById!: string;

  /** Number of well values stored. */
  @Column({ name: 'value_count', type: 'integer' })
  valueCount!: number;
}
