import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';

const ROOT = join(__dirname, '..');

/** `npm run db:reset` runs dist/src/config/db-reset.main.js; this runs its source the same way. */
function dbReset(env: NodeJS.ProcessEnv, ...args: string[]) {
  const clean = { ...process.env };
  for (const name of ['DATABASE_URL', 'SQLITE_PATH', 'AUDIT_ANCHOR_FILE']) delete clean[name];
  const out = spawnSync(
    process.execPath,
    ['-r', 'ts-node/register/transpile-only', 'src/config/db-reset.main.ts', ...args],
    { cwd: ROOT, env: { ...clean, ...env }, encoding: 'utf8', timeout: 120_000 },
  );
  return { status: out.status, stdout: out.stdout, stderr: out.stderr };
}

describe('npm run db:reset', () => {
  let dir: string;
  let db: string;
  let anchor: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'thiolab-db-reset-'));
    db = join(dir, 'lab.sqlite');
    anchor = join(dir, 'lab.audit-anchor.jsonl'); // the default anchor beside the database
    const conn = new Database(db);
    conn.pragma('journal_mode = WAL');
    conn.exec('CREATE TABLE t (x INTEGER); INSERT INTO t VALUES (1)');
    conn.close();
    writeFileSync(anchor, '{"seq":1,"hash":"x","at":"2026-12-06T00:00:00.000Z"}\n');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses without --yes, says what it would delete and deletes nothing', () => {
    const r = dbReset({ SQLITE_PATH: db });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`This deletes the SQLite database ${db}`);
    expect(r.stderr).toContain(anchor);
    expect(r.stderr).toContain('npm run db:reset -- --yes');
    expect([existsSync(db), existsSync(anchor)]).toEqual([true, true]);
  });

  it('refuses while another process has the database open', () => {
    const server = new Database(db);
    server.pragma('journal_mode = WAL');
    server.prepare('SELECT count(*) FROM t').get();
    try {
      const r = dbReset({ SQLITE_PATH: db }, '--yes');
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(/is open in another process .*Stop it first/);
      expect([existsSync(db), existsSync(anchor)]).toEqual([true, true]);
    } finally {
      server.close();
    }
  });

  it('with --yes removes the database and its anchor and prints which files', () => {
    const r = dbReset({ SQLITE_PATH: db }, '--yes');
    expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 0, stderr: '' });
    expect(r.stdout).toContain(`Removed the SQLite database ${db}:`);
    expect(r.stdout).toContain(`  ${anchor}`);
    expect([existsSync(db), existsSync(anchor)]).toEqual([false, false]);
    expect(dbReset({ SQLITE_PATH: db }, '--yes').stdout).toContain(
      `No SQLite database at ${db}: nothing to remove.`,
    );
  });

  it('on PostgreSQL deletes nothing and says what to do instead', () => {
    const r = dbReset(
      { DATABASE_URL: 'postgres://thiolab@db.invalid:5432/labdb', SQLITE_PATH: db },
      '--yes',
    );
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('SQLite database only');
    expect(r.stderr).toContain('dropdb labdb && createdb labdb');
    expect(existsSync(db)).toBe(true);
  });
});
