// SQLite migrations: every file of this folder, in timestamp order.
import { loadMigrations } from '../load-migrations';

export const SQLITE_MIGRATIONS = loadMigrations(__dirname);
