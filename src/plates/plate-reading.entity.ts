import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { BaseEntity } from '../common/base.entity';
import type { PlateReaderFormat, PlateReadingMetadata } from '../analysis/plate/plate-reading';
import { Plate } from './plate.entity';

/**
 * One plate of a plate-reader export, stored for a planned plate: where it came from and what
 * its header said. Its values are its `plate_reading_values` row. Idempotency is per plate: the
 * same content (sha256 of the file's bytes) is stored once for a plate (unique with the plate),
 * and the import that stored it (`plate_imports`, which holds the Idempotency-Key and the
 * answer) groups the readings of a file with several plates.
 */
@Entity({ name: 'plate_readings' })
@Index('ix_plate_readings_plate', ['plateId', 'receivedAt'])
@Index('uq_plate_readings_content_plate', ['contentHash', 'plateId'], { unique: true })
@Index('ix_plate_readings_instrument', ['instrumentId', 'receivedAt'])
export class PlateReading extends BaseEntity {
  @Column({ name: 'plate_id', type: 'varchar', length: 36 })
  plateId!: string;

  @ManyToOne(() => Plate, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'plate_id' })
  plate?: Plate;

  @Column({ type: 'varchar', length: 16 })
  format!: PlateReaderFormat;

  /** sha256 (hex) of the file's bytes as received (every plate of one file shares it). */
  @Column({ name: 'content_hash', type: 'varchar', length: 64 })
  contentHash!: string;

  /** The import's Idempotency-Key (unique on `plate_imports`; shared by a file's plates). */
  @Column({ name: 'idempotency_key', type: 'varchar', length: 200, nullable: true })
  idempotencyKey!: string | null;

  /** The import (one file, one request) that stored it; null for readings stored before imports were kept. */
  @Index('ix_plate_readings_import')
  @Column({ name: 'import_id', type: 'varchar', length: 36, nullable: true })
  importId!: string | null;

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
