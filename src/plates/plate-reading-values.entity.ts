import { Column, Entity, JoinColumn, OneToOne, PrimaryColumn } from 'typeorm';
import type {
  ValueStatus,
  WellReading as ParsedWellReading,
} from '../analysis/plate/plate-reading';
import { plainChannelKey } from '../analysis/plate/read-channels';
import { PlateReading } from './plate-reading.entity';

/**
 * One raw value read from one well at one wavelength, exactly as read: the parser's reading
 * (`raw` is the file's own text, `value` its number) with its line as `sourceLine`. `id` names
 * the value within its reading: derived values point back to it (an analysis names its
 * reading, the reading its values). Values stored by an import have the id `A1@570`
 * (well@wavelength), or `A1` when the file names no wavelength; values stored before raw values
 * were kept per reading keep the UUID they had.
 */
export interface WellReading extends Omit<ParsedWellReading, 'line' | 'value'> {
  id: string;
  readingId: string;
  /** 1-based line of the file the value came from. */
  sourceLine: number;
  /** The number; null when the reader wrote a mark without one (overflow, missing). */
  value: number | null;
  /** Key of the reading's channel (`570`, `ex485/em528`, `lum`, `450-650`). */
  channel: string;
  /** `ok`, or the reader's mark: `overflow`, `flagged`, `missing` (left out of analyses). */
  status: ValueStatus;
}

/**
 * A reading's raw values as stored: one array per member, entry i of every array is value i, in
 * (wavelength, row, column) order (a null wavelength first).
 */
export interface StoredReadingValues {
  ids: string[];
  wells: string[];
  rows: number[];
  columns: number[];
  wavelengthsNm: (number | null)[];
  values: (number | null)[];
  raw: string[];
  lines: number[];
  /** Each value's channel key; absent when every value is a plain absorbance read (`570`). */
  channels?: string[];
  /** Each value's status; absent when every value is `ok`. */
  statuses?: ValueStatus[];
}

/**
 * The id an import gives a raw value: unique within its reading, as (well, channel) is. A plain
 * absorbance read is `A1@570` (`A1` without wavelength); another channel `A1@ex485/em528`.
 */
export function rawValueId(well: string, wavelengthNm: number | null, channel?: string): string {
  if (channel !== undefined && channel !== plainChannelKey(wavelengthNm))
    return `${well}@${channel}`;
  return wavelengthNm === null ? well : `${well}@${wavelengthNm}`;
}

/**
 * Every raw value of one plate reading, as one row. A reading's values are written once, by its
 * import, and read whole (plate wells, analysis wells, a re-analysis), never one by one: one row
 * of arrays instead of one row per value makes an import's biggest write one INSERT of one row
 * (a 384-well plate read at two wavelengths had 768 rows). Written by the import's bulk insert
 * (no timestamps: the reading has them), hence no BaseEntity.
 */
@Entity({ name: 'plate_reading_values' })
export class PlateReadingValues {
  @PrimaryColumn({ name: 'reading_id', type: 'varchar', length: 36 })
  readingId!: string;

  @OneToOne(() => PlateReading, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'reading_id' })
  reading?: PlateReading;

  @Column({ name: 'raw_values', type: 'simple-json' })
  rawValues!: StoredReadingValues;
}

/** The stored form of a reading's values (`values` already in stored order). */
export function toStoredReadingValues(values: readonly WellReading[]): StoredReadingValues {
  const n = values.length;
  const out: StoredReadingValues = {
    ids: new Array<string>(n),
    wells: new Array<string>(n),
    rows: new Array<number>(n),
    columns: new Array<number>(n),
    wavelengthsNm: new Array<number | null>(n),
    values: new Array<number>(n),
    raw: new Array<string>(n),
    lines: new Array<number>(n),
  };
  let plainChannels = true;
  let allOk = true;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (plainChannels && v.channel !== plainChannelKey(v.wavelengthNm)) plainChannels = false;
    if (allOk && v.status !== 'ok') allOk = false;
    out.ids[i] = v.id;
    out.wells[i] = v.well;
    out.rows[i] = v.row;
    out.columns[i] = v.column;
    out.wavelengthsNm[i] = v.wavelengthNm;
    out.values[i] = v.value;
    out.raw[i] = v.raw;
    out.lines[i] = v.sourceLine;
  }
  if (!plainChannels) out.channels = values.map((v) => v.channel);
  if (!allOk) out.statuses = values.map((v) => v.status);
  return out;
}

/** A reading's values, one object each, in stored order. */
export function fromStoredReadingValues(
  readingId: string,
  stored: StoredReadingValues,
): WellReading[] {
  const out = new Array<WellReading>(stored.ids.length);
  for (let i = 0; i < out.length; i++) {
    out[i] = {
      id: stored.ids[i],
      readingId,
      well: stored.wells[i],
      row: stored.rows[i],
      column: stored.columns[i],
      wavelengthNm: stored.wavelengthsNm[i],
      value: stored.values[i],
      raw: stored.raw[i],
      sourceLine: stored.lines[i],
      channel: stored.channels?.[i] ?? plainChannelKey(stored.wavelengthsNm[i]),
      status: stored.statuses?.[i] ?? 'ok',
    };
  }
  return out;
}
