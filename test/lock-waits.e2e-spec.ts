// A request whose write waits for a lock held elsewhere answers 503 within the configured bound,
// with nothing stored, instead of hanging; once the lock is gone the same request succeeds. On
// PostgreSQL the lock is the audit chain's advisory lock (every audited write takes it before
// its COMMIT), bounded by PG_LOCK_TIMEOUT_MS; and a transaction stuck idle in the server (its
// request awaiting something that never comes) is ended after PG_IDLE_IN_TRANSACTION_TIMEOUT_MS,
// which releases its locks for everyone else. On SQLite the lock is the database's write lock,
// held by another connection, bounded by SQLITE_BUSY_TIMEOUT_MS.
import Database from 'better-sqlite3';
import { Client } from 'pg';
import { CHAIN_LOCK_KEY } from '../src/audit/audit-events.repository';
import { UnitOfWork } from '../src/common/database/unit-of-work.service';
import { createTestApp, TestApp } from './support/test-app';

// Short bounds for this file's app only (restored afterwards): the defaults are 30 s and 60 s.
const BOUNDS = {
  PG_LOCK_TIMEOUT_MS: '1000',
  PG_IDLE_IN_TRANSACTION_TIMEOUT_MS: '4000',
  SQLITE_BUSY_TIMEOUT_MS: '500',
};
// Without a bound the request would wait forever: give up well before Jest's timeout.
const REQUEST_DEADLINE_MS = 15_000;

/** Holds the lock an audited write needs, from a connection of its own, until released. */
interface LockHolder {
  take(): Promise<void>;
  release(): Promise<void>;
  close(): Promise<void>;
}

function pgLockHolder(url: string): LockHolder {
  const c = new Client({ connectionString: url });
  let connected = false;
  return {
    async take() {
      if (!connected) await c.connect();
      connected = true;
      await c.query('BEGIN');
      await c.query('SELECT pg_advisory_xact_lock($1)', [CHAIN_LOCK_KEY]);
    },
    release: async () => void (await c.query('ROLLBACK')),
    close: async () => {
      if (connected) await c.end();
    },
  };
}

function sqliteLockHolder(path: string): LockHolder {
  const db = new Database(path);
  return {
    take: () => Promise.resolve(void db.exec('BEGIN IMMEDIATE')),
    release: () => Promise.resolve(void db.exec('ROLLBACK')),
    close: () => Promise.resolve(void db.close()),
  };
}

describe('a write that waits for a lock fails with 503 in bounded time instead of hanging', () => {
  let t: TestApp;
  let holder: LockHolder;
  const auth = () => ({ Authorization: `Bearer ${t.adminKey}` });

  beforeAll(async () => {
    Object.assign(process.env, BOUNDS);
    try {
      t = await createTestApp();
    } finally {
      for (const k of Object.keys(BOUNDS)) delete process.env[k];
    }
    const options = t.dataSource.options as { url?: string; database?: string };
    holder =
      t.engine === 'postgres'
        ? pgLockHolder(options.url as string)
        : sqliteLockHolder(options.database as string);
  });
  afterAll(async () => {
    await holder.close();
    await t.close();
    for (const k of Object.keys(BOUNDS)) delete process.env[k];
  });

  const createLine = (name: string) =>
    t
      .http()
      .post('/api/v1/materials/cell-lines')
      .set(auth())
      .timeout(REQUEST_DEADLINE_MS)
      .send({ name, species: 'Oryctolagus cuniculus', tissue: 'synovium', passageNumber: 4 });

  const linesNamed = async (name: string): Promise<number> =>
    (
      await t.http().get('/api/v1/materials').query({ search: name }).set(auth()).expect(200)
    ).body.items.filter((m: { name: string }) => m.name === name).length;

  it('answers 503 SERVICE_UNAVAILABLE with Retry-After while the lock is held, then succeeds', async () => {
    // Authenticate once first, so the key's last-used write is not what meets the lock.
    expect(await linesNamed('warm-up')).toBe(0);
    await holder.take();
    let res;
    const started = Date.now();
    try {
      res = await createLine('HIG-82 behind a lock');
    } finally {
      await holder.release();
    }
    expect(Date.now() - started).toBeLessThan(REQUEST_DEADLINE_MS);
    expect(res.status).toBe(503);
    expect(res.headers['retry-after']).toMatch(/^\d+$/);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body.code).toBe('SERVICE_UNAVAILABLE');
    expect(res.body.detail).toMatch(/nothing was stored/);
    expect(await linesNamed('HIG-82 behind a lock')).toBe(0);

    expect((await createLine('HIG-82 behind a lock')).status).toBe(201);
    expect(await linesNamed('HIG-82 behind a lock')).toBe(1);
  });

  (process.env.DATABASE_URL ? it : it.skip)(
    'PostgreSQL: a unit stuck idle while holding a lock is ended by the server, and writes go on',
    async () => {
      const uow = t.app.get(UnitOfWork);
      let unblock!: () => void;
      const gate = new Promise<void>((resolve) => (unblock = resolve));
      let attempts = 0;
      // A unit that takes the audit chain's lock and then awaits something that does not come.
      const stuck = uow
        .run(async (m) => {
          attempts++;
          await m.query('SELECT pg_advisory_xact_lock($1)', [CHAIN_LOCK_KEY]);
          if (attempts === 1) await gate;
          await m.query('SELECT 1');
        })
        .then(
          () => 'committed',
          (e: unknown) => e,
        );
      try {
        const admin = new Client({ connectionString: process.env.DATABASE_URL });
        await admin.connect();
        const database = (t.dataSource.options as { url: string }).url.split('/').pop();
        const idleInTransaction = async (): Promise<number> =>
          Number(
            (
              await admin.query(
                "SELECT COUNT(*) AS n FROM pg_stat_activity WHERE datname = $1 AND state = 'idle in transaction'",
                [database],
              )
            ).rows[0].n,
          );
        try {
          // The stuck unit holds the lock idle in its transaction...
          const deadline = Date.now() + 2000;
          while ((await idleInTransaction()) === 0 && Date.now() < deadline) {
            await new Promise((r) => setTimeout(r, 50));
          }
          expect(await idleInTransaction()).toBe(1);
          // ...until the server ends its session and so releases the lock.
          const ended = Date.now() + REQUEST_DEADLINE_MS;
          while ((await idleInTransaction()) > 0 && Date.now() < ended) {
            await new Promise((r) => setTimeout(r, 200));
          }
          expect(await idleInTransaction()).toBe(0);
        } finally {
          await admin.end();
        }
        expect((await createLine('HIG-82 after a stuck unit')).status).toBe(201);
      } finally {
        unblock();
      }
      // The stuck unit's transaction is gone: run again on a new connection, it commits.
      expect(await stuck).toBe('committed');
      expect(attempts).toBe(2);
    },
  );
});
