import { existsSync } from 'node:fs';
import Database from 'better-sqlite3';

/** The files of a SQLite database: the file itself and its WAL, shared-memory and journal files. */
export function sqliteFiles(path: string): string[] {
  return [path, `${path}-wal`, `${path}-shm`, `${path}-journal`];
}

/**
 * Is the SQLite database at `path` open in another connection (a running server, another
 * seed)? Tries to take it exclusively without waiting; a server holds a shared lock for as long
 * as it runs, so this says busy. False when the file does not exist.
 */
export function sqliteInUse(path: string): boolean {
  if (!existsSync(path)) return false;
  const db = new Database(path, { timeout: 0, fileMustExist: true });
  try {
    db.pragma('locking_mode = EXCLUSIVE');
    db.exec('BEGIN EXCLUSIVE');
    db.exec('COMMIT');
    return false;
  } catch (e) {
    if ((e as { code?: string }).code === 'SQLITE_BUSY') return true;
    throw e;
  } finally {
    db.close();
  }
}
