// The SQLite connection's pragmas as databaseOptions sets them, on a real in-memory database.
import Database from 'better-sqlite3';
import { databaseOptions, type DatabaseSettings } from './database.config';

const BASE: DatabaseSettings = {
  SQLITE_PATH: ':memory:',
  SQLITE_BUSY_TIMEOUT_MS: 5000,
  PG_LOCK_TIMEOUT_MS: 0,
  PG_IDLE_IN_TRANSACTION_TIMEOUT_MS: 0,
};

function prepared(settings: DatabaseSettings): Database.Database {
  const options = databaseOptions(settings) as { prepareDatabase?: (db: unknown) => void };
  const db = new Database(':memory:');
  options.prepareDatabase!(db);
  return db;
}

describe('databaseOptions on SQLite', () => {
  it('sets foreign keys, NORMAL sync, a 64 MiB page cache and in-memory temporary storage by default', () => {
    const db = prepared(BASE);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('synchronous', { simple: true })).toBe(1); // NORMAL
    // Negative cache_size: KiB. SQLite's own default is -2000.
    expect(db.pragma('cache_size', { simple: true })).toBe(-64 * 1024);
    // 2 = MEMORY: no temporary files (better-sqlite3 is built with TEMP_STORE=1, files).
    expect(db.pragma('temp_store', { simple: true })).toBe(2);
    db.close();
  });

  it('takes the page cache from SQLITE_CACHE_MB', () => {
    const db = prepared({ ...BASE, SQLITE_CACHE_MB: 16 });
    expect(db.pragma('cache_size', { simple: true })).toBe(-16 * 1024);
    db.close();
  });
});
