import { existsSync, statSync } from 'node:fs';
import type { EntityManager } from 'typeorm';
import { chainHash, GENESIS_HASH } from '../src/audit/audit-chain';
import { AuditService } from '../src/audit/audit.service';
import type { AuditedEntity } from '../src/audit/audited-entities';
import { ApiKeysService } from '../src/auth/api-keys.service';
import { SqliteCheckpointer } from '../src/common/database/sqlite-checkpointer.service';
import {
  MAX_UNITS_PER_COMMIT,
  UnitOfWork,
  unitContextOf,
} from '../src/common/database/unit-of-work.service';
import { createTestApp, createUserWithKey, TestApp } from './support/test-app';

const SYSTEM = { system: 'test' };

/** How many audit events carry this entity id. */
async function eventsFor(id: string): Promise<number> {
  const rows = (await t.dataSource.query(
    t.engine === 'postgres'
      ? 'SELECT COUNT(*) AS n FROM audit_events WHERE entity_id = $1'
      : 'SELECT COUNT(*) AS n FROM audit_events WHERE entity_id = ?',
    [id],
  )) as { n: number | string }[];
  return Number(rows[0].n);
}

// SQLite-only behaviour (group commit, the WAL checkpointer) is skipped on PostgreSQL.
const itOnSqlite = process.env.DATABASE_URL ? it.skip : it;

// One app (and database) for the file, as every e2e file does.
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('unit of work: atomic units, group commit on SQLite, audit appended at commit', () => {
  let uow: UnitOfWork;
  let audit: AuditService;

  beforeAll(() => {
    uow = t.app.get(UnitOfWork);
    audit = t.app.get(AuditService);
  });

  const record = (m: EntityManager, id: string) =>
    audit.record(m, { actor: SYSTEM, action: 'probe', entity: 'probe' as AuditedEntity, id });

  it('keeps concurrent units apart: a failing unit stores nothing, the others commit', async () => {
    const outcomes = await Promise.allSettled(
      Array.from({ length: 12 }, (_, i) =>
        uow.run(async (m) => {
          await record(m, `unit-${i}`);
          if (i % 4 === 1) throw new Error(`unit ${i} fails after writing`);
          return i;
        }),
      ),
    );
    for (let i = 0; i < 12; i++) {
      const failed = i % 4 === 1;
      expect(outcomes[i].status).toBe(failed ? 'rejected' : 'fulfilled');
      expect(await eventsFor(`unit-${i}`)).toBe(failed ? 0 : 1);
    }
    const verdict = await audit.verify();
    expect(verdict).toMatchObject({ ok: true, firstBrokenId: null });
  });

  itOnSqlite('commits units that wait together with one COMMIT (SQLite group commit)', async () => {
    const runner = t.dataSource.createQueryRunner(); // the single shared runner on SQLite
    const spy = jest.spyOn(runner, 'query');
    // The batch's time cap (MAX_BATCH_MS) is wall-clock: on a loaded machine ten units can pass
    // it and split the batch. Hold the clock still so this checks grouping, not the machine.
    const now = Date.now();
    const clock = jest.spyOn(Date, 'now').mockReturnValue(now);
    try {
      await Promise.all(
        Array.from({ length: 10 }, (_, i) => uow.run((m) => record(m, `grouped-${i}`))),
      );
      const commits = spy.mock.calls.filter(([sql]) => sql === 'COMMIT').length;
      expect(commits).toBe(1);
    } finally {
      clock.mockRestore();
      spy.mockRestore();
    }
    for (let i = 0; i < 10; i++) expect(await eventsFor(`grouped-${i}`)).toBe(1);
  });

  it('settles a unit only after its commit: what it wrote is visible to a fresh read', async () => {
    const ids = Array.from({ length: MAX_UNITS_PER_COMMIT + 4 }, (_, i) => `visible-${i}`);
    await Promise.all(
      ids.map((id) =>
        uow.run(async (m) => {
          await record(m, id);
        }),
      ),
    );
    for (const id of ids) expect(await eventsFor(id)).toBe(1);
    if (t.engine === 'sqlite') {
      const db = (
        t.dataSource.driver as unknown as { databaseConnection: { inTransaction: boolean } }
      ).databaseConnection;
      expect(db.inTransaction).toBe(false);
    }
  });

  it('appends a unit’s audit events in order, just before it commits', async () => {
    let pendingInside = -1;
    await uow.run(async (m) => {
      await record(m, 'ordered-a');
      await record(m, 'ordered-b');
      // Not yet in the table: the events are appended by the unit's before-commit hook.
      pendingInside = (await eventsFor('ordered-a')) + (await eventsFor('ordered-b'));
      expect(unitContextOf(m)?.has(audit)).toBe(true);
    });
    expect(pendingInside).toBe(0);
    const rows = (await t.dataSource.query(
      "SELECT entity_id FROM audit_events WHERE entity_id LIKE 'ordered-%' ORDER BY seq",
    )) as { entity_id: string }[];
    expect(rows.map((r) => r.entity_id)).toEqual(['ordered-a', 'ordered-b']);
  });

  it('chains concurrent units’ events, awkward text included, as chainHash would', async () => {
    const awkward = `it's "quoted" \\ back\\slash, 6-TG 10 µM, Z′ < 0.5,\nnew line, 😀, $1 ?`;
    await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        uow.run(async (m) => {
          await audit.record(m, {
            actor: { userId: '00000000-0000-4000-8000-00000000000' + i, displayName: awkward },
            action: 'probe',
            entity: 'probe' as AuditedEntity,
            id: `chained-${i}`,
            before: { text: awkward, n: i },
            after: { list: [awkward, null, 1.5e-7] },
            reason: i % 2 ? awkward : null,
          });
          await record(m, `chained-${i}-second`);
        }),
      ),
    );
    const rows = (await t.dataSource.query('SELECT * FROM audit_events ORDER BY seq')) as (Record<
      string,
      unknown
    > & { seq: number | string })[];
    let prev = GENESIS_HASH;
    rows.forEach((r, i) => {
      const event = {
        seq: Number(r.seq),
        occurredAt: r.occurred_at as string,
        actorId: r.actor_id as string | null,
        actorName: r.actor_name as string,
        action: r.action as string,
        entity: r.entity as string,
        entityId: r.entity_id as string,
        before: r.before as string | null,
        after: r.after as string | null,
        reason: r.reason as string | null,
      };
      expect(event.seq).toBe(i + 1);
      expect(r.prev_hash).toBe(prev);
      expect(r.hash).toBe(chainHash(prev, event));
      prev = r.hash as string;
    });
    expect(rows.filter((r) => String(r.entity_id).startsWith('chained-'))).toHaveLength(16);
    // Each unit's two events stay together, in the order recorded.
    for (let i = 0; i < 8; i++) {
      const at = rows.findIndex((r) => r.entity_id === `chained-${i}`);
      expect(rows[at + 1].entity_id).toBe(`chained-${i}-second`);
      expect(rows[at].actor_name).toBe(awkward);
    }
    expect(await audit.verify()).toMatchObject({ ok: true });
  });

  it('appends at once outside a unit of work (start-up work)', async () => {
    await record(t.dataSource.manager, 'outside-unit');
    expect(await eventsFor('outside-unit')).toBe(1);
  });

  it('drops the audit events of a unit that fails in its last step', async () => {
    await expect(
      uow.run(async (m) => {
        await record(m, 'late-failure');
        await m.query('SELECT no_such_column FROM audit_events');
      }),
    ).rejects.toThrow();
    expect(await eventsFor('late-failure')).toBe(0);
    // The queue goes on.
    await uow.run((m) => record(m, 'after-late-failure'));
    expect(await eventsFor('after-late-failure')).toBe(1);
  });
});

describe('SQLite WAL checkpoints run on a background thread', () => {
  itOnSqlite('keeps the write-ahead log from growing while writes go on', async () => {
    const path = t.dataSource.options.database as string;
    const [{ wal_autocheckpoint: auto }] = (await t.dataSource.query(
      'PRAGMA wal_autocheckpoint',
    )) as { wal_autocheckpoint: number }[];
    // The request thread's own checkpoint is only a backstop.
    expect(auto).toBe(10000);
    const uow = t.app.get(UnitOfWork);
    const audit = t.app.get(AuditService);
    const big = 'x'.repeat(4000);
    for (let i = 0; i < 300; i++) {
      await uow.run((m) =>
        audit.record(m, {
          actor: SYSTEM,
          action: 'fill',
          entity: 'probe' as AuditedEntity,
          id: `f${i}`,
          after: { big },
        }),
      );
    }
    // The worker checkpoints every 200 ms: wait for a pass, then the checkpointed frames are
    // reused, so a checkpoint from here finds little or nothing left to copy.
    await new Promise((r) => setTimeout(r, 600));
    const [res] = (await t.dataSource.query('PRAGMA wal_checkpoint(PASSIVE)')) as {
      busy: number;
      log: number;
      checkpointed: number;
    }[];
    expect(res.checkpointed).toBe(res.log);
    expect(existsSync(`${path}-wal`)).toBe(true);
    // 300 events of 4 kB each would be > 1.2 MB of log without checkpoints.
    expect(statSync(`${path}-wal`).size).toBeLessThan(40 * 1024 * 1024);
  });
  itOnSqlite('hands checkpoints back to SQLite when the worker dies', async () => {
    const checkpointer = t.app.get(SqliteCheckpointer);
    const worker = (checkpointer as unknown as { worker: { terminate(): Promise<number> } }).worker;
    await worker.terminate();
    const autocheckpoint = async () =>
      (
        (await t.dataSource.query('PRAGMA wal_autocheckpoint')) as {
          wal_autocheckpoint: number;
        }[]
      )[0].wal_autocheckpoint;
    // The 'exit' event follows the termination within a turn or two of the event loop.
    for (let i = 0; i < 50 && (await autocheckpoint()) !== 1000; i++) {
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(await autocheckpoint()).toBe(1000);
  });
});

describe('API-key authentication cache', () => {
  it('refuses a revoked key at once, and a deactivated user’s key at once', async () => {
    const admin = { Authorization: `Bearer ${t.adminKey}` };
    const user = await createUserWithKey(t, 'cache-probe', ['scientist']);
    const me = () => t.http().get('/api/v1/auth/me').set('Authorization', `Bearer ${user.key}`);
    await me().expect(200);
    await me().expect(200); // served from the cache
    const keys = await t.http().get(`/api/v1/api-keys?userId=${user.id}`).set(admin).expect(200);
    await t
      .http()
      .post(`/api/v1/api-keys/${keys.body.items[0].id}/revoke`)
      .set(admin)
      .send({ reason: 'lost laptop' })
      .expect(200);
    await me().expect(401);

    const other = await createUserWithKey(t, 'cache-probe-2', ['scientist']);
    const me2 = () => t.http().get('/api/v1/auth/me').set('Authorization', `Bearer ${other.key}`);
    await me2().expect(200);
    await t
      .http()
      .post(`/api/v1/users/${other.id}/deactivate`)
      .set(admin)
      .send({ reason: 'left the lab' })
      .expect(200);
    await me2().expect(401);
  });

  it('still checks the secret of a cached key', async () => {
    const user = await createUserWithKey(t, 'cache-secret', ['scientist']);
    await t.http().get('/api/v1/auth/me').set('Authorization', `Bearer ${user.key}`).expect(200);
    const forged = user.key.slice(0, -4) + (user.key.endsWith('AAAA') ? 'BBBB' : 'AAAA');
    await t.http().get('/api/v1/auth/me').set('Authorization', `Bearer ${forged}`).expect(401);
  });

  it('re-reads a key after the cache time, so changes made by another node take effect', async () => {
    const service = t.app.get(ApiKeysService);
    const user = await createUserWithKey(t, 'cache-ttl', ['scientist']);
    expect(await service.authenticate(user.key)).not.toBeNull();
    // Another API node revokes the key: this node sees only the database.
    await t.dataSource.query(
      t.engine === 'postgres'
        ? "UPDATE api_keys SET revoked_at = '2026-01-01T00:00:00.000Z' WHERE user_id = $1"
        : "UPDATE api_keys SET revoked_at = '2026-01-01T00:00:00.000Z' WHERE user_id = ?",
      [user.id],
    );
    expect(await service.authenticate(user.key)).not.toBeNull(); // still cached
    const realNow = Date.now;
    try {
      Date.now = () => realNow() + 5001;
      expect(await service.authenticate(user.key)).toBeNull();
    } finally {
      Date.now = realNow;
    }
  });
});
