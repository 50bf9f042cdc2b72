import { Column, Entity, Index } from 'typeorm';
import { BaseEntity } from '../common/base.entity';

/**
 * One accepted plate-reader file (one request): its content hash, its Idempotency-Key, the
 * plates it was stored for and the answer it was given, in full (analysis included). A repeat
 * of the same content for the same plates, or of the same key, answers this result again and
 * stores nothing. Its readings (`plate_readings.import_id`) are one per plate of the file.
 */
@Entity({ name: 'plate_imports' })
@Index('ix_plate_imports_content_hash', ['contentHash'])
export class PlateImport extends BaseEntity {
  /** sha256 (hex) of the file's bytes as received. */
  @Column({ name: 'content_hash', type: 'varchar', length: 64 })
  contentHash!: string;

  @Index('uq_plate_imports_idempotency_key', { unique: true })
  @Column({ name: 'idempotency_key', type: 'varchar', length: 200, nullable: true })
  idempotencyKey!: string | null;

  @Column({ type: 'varchar', length: 16 })
  format!: string;

  /** How the bytes were read: `utf-8`, `utf-16le`, `utf-16be`, `windows-1252` or `xlsx`. */
  @Column({ type: 'varchar', length: 16, nullable: true })
  encoding!: string | null;

  @Column({ name: 'source_filename', type: 'varchar', length: 255, nullable: true })
  sourceFilename!: string | null;

  @Column({ name: 'instrument_id', type: 'varchar', length: 36, nullable: true })
  instrumentId!: string | null;

  @Column({ name: 'uploaded_by_id', type: 'varchar', length: 36 })
  uploadedById!: string;

  /** ISO 8601 UTC time the file was received. */
  @Column({ name: 'received_at', type: 'varchar', length: 30 })
  receivedAt!: string;

  /** The plates the file was stored for, in the file's order. */
  @Column({ name: 'plate_ids', type: 'simple-json' })
  plateIds!: string[];

  /** The answer the import gave (201), repeated for a duplicate. */
  @Column({ type: 'simple-json' })
  result!: Record<string, unknown>;
}
