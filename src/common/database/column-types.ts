import type { ColumnType } from 'typeorm';

/**
 * A UTC timestamp column type for the engine in use: `timestamptz` on PostgreSQL (so that
 * nodes in any time zone agree) and `datetime` on SQLite. Read when the entity classes load;
 * the engine is fixed per process by DATABASE_URL.
 */
export function utcTimestampType(): ColumnType {
  return process.env.DATABASE_URL ? 'timestamptz' : 'datetime';
}
