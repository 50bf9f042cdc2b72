// `npm run seed:demo`: loads the demo dataset (seed/demo-seed.ts) into the configured database
// through the same services the API uses, and prints the demo users' keys once. Idempotent: a
// second run adds nothing. Refuses to run in production.
//
// All or nothing on SQLite: the seed runs on a copy of the database (and of its audit anchor)
// and the copy replaces the database only when every step has committed; until then nothing is
// printed, so a failure leaves the database as it was and shows no key. That needs the server
// stopped (it refuses while the database is open elsewhere). On PostgreSQL each step commits on
// its own: a failure keeps the steps before it, issues no key, and a second run completes it.
import 'reflect-metadata';
import { copyFileSync, existsSync, renameSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import Database from 'better-sqlite3';
import { NestFactory } from '@nestjs/core';
import { defaultAnchorFile } from '../src/audit/audit-anchor.service';
import { validateEnv } from '../src/config/env.validation';
import { sqliteFiles, sqliteInUse } from '../src/config/sqlite-files';
import { formatReport, seedDemo, type SeedReport } from './demo-seed';

const say = (line: string) => process.stdout.write(`${line}\n`);

/** Seeds the database the environment names; the app modules load only now, after it is set. */
async function seedIn(env: Record<string, string>): Promise<SeedReport> {
  Object.assign(process.env, env);
  const { AppModule } = await import('../src/app.module');
  const app = await NestFactory.createApplicationContext(AppModule, { logger: ['error', 'warn'] });
  try {
    return await seedDemo(app);
  } finally {
    await app.close();
  }
}

/** Runs `work` with everything it writes to stdout held back; returns the text held. */
async function holdingOutput<T>(work: () => Promise<T>): Promise<{ value: T; held: string }> {
  const held: string[] = [];
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = ((chunk: string | Uint8Array) => {
    held.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    return true;
  }) as typeof process.stdout.write;
  try {
    const value = await work();
    return { value, held: held.join('') };
  } finally {
    process.stdout.write = write;
  }
}

async function seedPostgres(url: string): Promise<void> {
  const { hostname, pathname } = new URL(url);
  say(`seed:demo writes the PostgreSQL database "${pathname.slice(1)}" on ${hostname}.`);
  try {
    process.stdout.write(formatReport(await seedIn({})));
  } catch (e) {
    throw new Error(
      `${e instanceof Error ? e.message : String(e)}\n` +
        'On PostgreSQL the steps before the failure stay stored (each commits on its own) and no ' +
        'demo key was issued. Run seed:demo again once the cause is fixed: it completes the demo ' +
        'and prints the keys then.',
    );
  }
}

async function seedSqlite(sqlitePath: string, anchorSetting: string | undefined): Promise<void> {
  if (sqlitePath === ':memory:') {
    throw new Error('SQLITE_PATH is :memory:: the demo would vanish when seed:demo exits.');
  }
  const target = resolve(sqlitePath);
  const anchor = anchorSetting
    ? resolve(anchorSetting)
    : defaultAnchorFile({ SQLITE_PATH: sqlitePath });
  say(`seed:demo writes the SQLite database ${target}`);
  const inUse = () =>
    new Error(
      `${target} is open in another process (a running server?). seed:demo builds the demo on a ` +
        'copy and puts it in place at the end, which needs the server stopped: stop it (Ctrl-C), ' +
        'run seed:demo, then start the server again.',
    );
  const work = `${target}.seed-demo-${process.pid}`;
  const workAnchor = anchor ? `${anchor}.seed-demo-${process.pid}` : null;
  try {
    if (sqliteInUse(target)) throw inUse();
    if (existsSync(target)) {
      const source = new Database(target, { fileMustExist: true });
      try {
        await source.backup(work); // WAL content included
      } finally {
        source.close();
      }
    }
    if (anchor && workAnchor && existsSync(anchor)) copyFileSync(anchor, workAnchor);
    const env: Record<string, string> = { SQLITE_PATH: work };
    if (workAnchor) env.AUDIT_ANCHOR_FILE = workAnchor;
    const { value: report, held } = await holdingOutput(() => seedIn(env));
    // One self-contained file: the WAL folded in, so the rename below moves everything.
    const copy = new Database(work, { fileMustExist: true });
    try {
      copy.pragma('wal_checkpoint(TRUNCATE)');
      copy.pragma('journal_mode = DELETE');
    } finally {
      copy.close();
    }
    if (sqliteInUse(target)) throw inUse();
    for (const stale of sqliteFiles(target).slice(1)) rmSync(stale, { force: true });
    renameSync(work, target);
    // After the database: an anchor older than its chain still verifies, a newer one would not.
    if (anchor && workAnchor && existsSync(workAnchor)) renameSync(workAnchor, anchor);
    process.stdout.write(held + formatReport(report));
    say(`Done: ${target} now holds the demo.`);
  } catch (e) {
    throw new Error(
      `${e instanceof Error ? e.message : String(e)}\n` +
        `Nothing was written: ${target} is as it was, and no demo key was issued.`,
    );
  } finally {
    for (const f of [...sqliteFiles(work), ...(workAnchor ? [workAnchor] : [])]) {
      rmSync(f, { force: true });
    }
  }
}

async function main(): Promise<void> {
  if (process.env.NODE_ENV === 'production') {
    throw new Error('seed:demo refuses to run with NODE_ENV=production');
  }
  const env = validateEnv(process.env);
  if (env.DATABASE_URL) await seedPostgres(env.DATABASE_URL);
  else await seedSqlite(env.SQLITE_PATH, env.AUDIT_ANCHOR_FILE);
}

main().catch((err: unknown) => {
  process.stderr.write(`seed:demo failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
