import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { DataSourceOptions } from 'typeorm';
import { POSTGRES_MIGRATIONS } from '../../migrations/postgres';
import { SQLITE_MIGRATIONS } from '../../migrations/sqlite';
import { ENTITIES } from './entities';

export type DatabaseEngine = 'sqlite' | 'postgres';

export interface DatabaseSettings {
  DATABASE_URL?: string;
  SQLITE_PATH: string;
  SQLITE_BUSY_TIMEOUT_MS: number;
  /** Page cache of the SQLite connection, MiB (default 64; docs/performance.md, "SQLite page cache"). */
  SQLITE_CACHE_MB?: number;
  PG_LOCK_TIMEOUT_MS: number;
  PG_IDLE_IN_TRANSACTION_TIMEOUT_MS: number;
}

export function engineOf(settings: Pick<DatabaseSettings, 'DATABASE_URL'>): DatabaseEngine {
  return settings.DATABASE_URL ? 'postgres' : 'sqlite';
}

/**
 * TypeORM options for the configured engine. Migrations, never `synchronize`, shape the
 * schema; each engine has its own generated set.
 */
export function databaseOptions(settings: DatabaseSettings): DataSourceOptions {
  const common = {
    entities: ENTITIES,
    synchronize: false,
    migrationsRun: false,
    migrationsTableName: 'schema_migrations',
    logging: false,
  } as const;
  if (settings.DATABASE_URL) {
    return {
      ...common,
      type: 'postgres',
      url: settings.DATABASE_URL,
      migrations: POSTGRES_MIGRATIONS,
      // Named in pg_stat_activity, so that a wait can be traced to the server's connections.
      applicationName: 'thiolab',
      // One pool per API node; several nodes share the database. A connection that cannot be
      // had within 5 s answers 503 instead of hanging; keep-alive notices a vanished server.
      // No wait on the server is endless either: a lock not granted in time fails the statement
      // (503, see connection-loss.ts), and a transaction left idle by a stuck request is ended
      // by the server, which releases its locks for every other request (session settings;
      // pg sends none for 0).
      extra: {
        max: 10,
        connectionTimeoutMillis: 5000,
        keepAlive: true,
        lock_timeout: settings.PG_LOCK_TIMEOUT_MS,
        idle_in_transaction_session_timeout: settings.PG_IDLE_IN_TRANSACTION_TIMEOUT_MS,
      },
    };
  }
  const path = settings.SQLITE_PATH === ':memory:' ? ':memory:' : resolve(settings.SQLITE_PATH);
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  return {
    ...common,
    type: 'better-sqlite3',
    database: path,
    migrations: SQLITE_MIGRATIONS,
    enableWAL: path !== ':memory:',
    timeout: settings.SQLITE_BUSY_TIMEOUT_MS,
    prepareDatabase: (db: { pragma: (s: string) => unknown }) => {
      db.pragma('foreign_keys = ON');
      db.pragma(`busy_timeout = ${settings.SQLITE_BUSY_TIMEOUT_MS}`);
      db.pragma('synchronous = NORMAL');
      // Negative: KiB rather than pages.
      db.pragma(`cache_size = -${(settings.SQLITE_CACHE_MB ?? 64) * 1024}`);
      // Temporary files in memory: a savepoint's journal past 64 KiB (every unit of work runs in
      // a savepoint) and temporary B-trees (IN lists, DISTINCT, ORDER BY without an index) were
      // files created and unlinked under /var/tmp, one each time (docs/performance.md, "SQLite
      // temporary storage in memory").
      db.pragma('temp_store = MEMORY');
    },
  };
}
