import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { PlateReading } from './plate-reading.entity';

/**
 * One raw value read from one well at one wavelength, stored exactly as read: `raw` is the
 * file's own text, `value` its number. Derived values point back here by id (within their
 * analysis's reading). Rows are written by multi-row INSERTs (no timestamps, no per-row hooks),
 * hence no BaseEntity.
 *
 * The key is (reading_id, id), clustered on SQLite (WITHOUT ROWID): every read selects one
 * reading's values, and one B-tree instead of three (rowid table, id index, reading index) makes
 * the ≈ 192 rows of a 96-well plate cheaper to write (≈ 0.2–0.3 ms per plate less in a
 * better-sqlite3 micro-benchmark). `id` is a time-ordered UUID made for each value
 * (timeOrderedId; unique by construction, no longer by a constraint of its own). Imports make the
 * ids in (wavelength, row, column) order, older readings did not: readers that need that order
 * ask for it.
 */
@Entity({ name: 'well_readings', withoutRowid: true })
export class WellReading {
  @PrimaryColumn({ name: 'reading_id', type: 'varchar', length: 36 })
  readingId!: string;

  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @ManyToOne(() => PlateReading, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'reading_id' })
  reading?: PlateReading;

  /** Canonical well name, `A1`. */
  @Column({ type: 'varchar', length: 4 })
  well!: string;

  /** 0-based row (A = 0). */
  @Column({ name: 'row_index', type: 'integer' })
  row!: number;

  /** 0-based column (column 1 = 0). */
  @Column({ name: 'column_index', type: 'integer' })
  column!: number;

  /** Null when the file names no wavelength (a bare grid or long table). */
  @Column({ name: 'wavelength_nm', type: 'integer', nullable: true })
  wavelengthNm!: number | null;

  @Column({ type: 'double precision' })
  value!: number;

  /** The cell exactly as written in the file. */
  @Column({ type: 'text' })
  raw!: string;

  /** 1-based line of the file the value came from. */
  @Column({ name: 'source_line', type: 'integer' })
  sourceLine!: number;
}
