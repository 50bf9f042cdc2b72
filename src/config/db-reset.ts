import { existsSync, rmSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import { defaultAnchorFile } from '../audit/audit-anchor.service';
import type { EnvironmentVariables } from './env.validation';
import { sqliteFiles, sqliteInUse } from './sqlite-files';

export interface ResetOutcome {
  /** 0 done, 1 refused (no --yes, or the database is in use), 2 not possible here (PostgreSQL). */
  status: 0 | 1 | 2;
  message: string;
  removed: string[];
}

type ResetEnv = Pick<EnvironmentVariables, 'DATABASE_URL' | 'SQLITE_PATH' | 'AUDIT_ANCHOR_FILE'>;

/** A path as the user would type it: relative to the working directory when inside it. */
function shown(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
}

/**
 * `npm run db:reset -- --yes`: deletes the SQLite database of the configuration (its WAL and
 * shared-memory files with it) and its audit anchor file, so that the next start begins with an
 * empty database and a new bootstrap key. Refuses without `--yes` and while a server has the
 * database open; on PostgreSQL it says what to do instead and deletes nothing.
 */
export function resetDatabase(env: ResetEnv, args: string[]): ResetOutcome {
  const anchor = env.AUDIT_ANCHOR_FILE ? resolve(env.AUDIT_ANCHOR_FILE) : defaultAnchorFile(env);
  if (env.DATABASE_URL) {
    const db = new URL(env.DATABASE_URL).pathname.replace(/^\//, '') || 'postgres';
    return {
      status: 2,
      removed: [],
      message: [
        `db:reset works on the SQLite database only; DATABASE_URL points at PostgreSQL (database "${db}").`,
        'To start again there, stop every API node, then as the database owner:',
        `  dropdb ${db} && createdb ${db}`,
        `and move the audit anchor file aside (keep it): ${anchor ? shown(anchor) : '(none)'}.`,
        'The next start migrates the empty database and prints a new bootstrap key.',
      ].join('\n'),
    };
  }
  if (env.SQLITE_PATH === ':memory:') {
    return { status: 0, removed: [], message: 'SQLITE_PATH is :memory:: nothing to remove.' };
  }
  const path = resolve(env.SQLITE_PATH);
  const files = [...sqliteFiles(path), ...(anchor ? [anchor, `${anchor}.1`] : [])].filter((f) =>
    existsSync(f),
  );
  if (!existsSync(path)) {
    return {
      status: 0,
      removed: [],
      message: `No SQLite database at ${shown(path)}: nothing to remove.`,
    };
  }
  if (!args.includes('--yes')) {
    return {
      status: 1,
      removed: [],
      message: [
        `This deletes the SQLite database ${shown(path)} and everything in it:`,
        ...files.map((f) => `  ${shown(f)}`),
        'Run again with --yes to do it: npm run db:reset -- --yes',
      ].join('\n'),
    };
  }
  if (sqliteInUse(path)) {
    return {
      status: 1,
      removed: [],
      message: `The SQLite database ${shown(path)} is open in another process (a running server?). Stop it first (Ctrl-C), then run db:reset again.`,
    };
  }
  for (const f of files) rmSync(f, { force: true });
  return {
    status: 0,
    removed: files,
    message: [
      `Removed the SQLite database ${shown(path)}:`,
      ...files.map((f) => `  ${shown(f)}`),
      'The next npm start creates an empty database and prints a new bootstrap key.',
    ].join('\n'),
  };
}
