import { appendFileSync, readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { chainHash } from '../src/audit/audit-chain';
import { AuditAnchor } from '../src/audit/audit-anchor.service';
import { createTestApp, createUserWithKey, TestApp } from './support/test-app';

type Row = Record<string, unknown> & { seq: number | string; hash: string; prev_hash: string };

const COLUMNS = [
  'seq',
  'occurred_at',
  'actor_id',
  'actor_name',
  'action',
  'entity',
  'entity_id',
  'before',
  'after',
  'reason',
  'prev_hash',
  'hash',
];

/**
 * An attacker with database access: lifts the append-only triggers, changes the audit table and
 * puts the triggers back, all behind the server. /audit/verify must notice every such change.
 */
describe('audit tampering behind the server is detected by /audit/verify', () => {
  let t: TestApp;
  let anchorFile: string;
  const admin = () => ({ Authorization: `Bearer ${t.adminKey}` });
  const key = createHash('sha256').update('anchor key of this test').digest('hex');

  const verify = async () =>
    (await t.http().get('/api/v1/audit/verify').set(admin()).expect(200)).body as {
      ok: boolean;
      events: number;
      firstBrokenId: number | null;
      reason: string | null;
      anchor: { status: string; checkpoint: { seq: number } | null; source: string };
    };
  const p = (i: number) => (t.engine === 'postgres' ? `$${i}` : '?');

  async function behindTheServer(work: () => Promise<void>): Promise<void> {
    if (t.engine === 'postgres') {
      await t.dataSource.query('ALTER TABLE audit_events DISABLE TRIGGER USER');
      try {
        await work();
      } finally {
        await t.dataSource.query('ALTER TABLE audit_events ENABLE TRIGGER USER');
      }
      return;
    }
    await t.dataSource.query('DROP TRIGGER audit_events_no_update');
    await t.dataSource.query('DROP TRIGGER audit_events_no_delete');
    try {
      await work();
    } finally {
      await t.dataSource.query(
        `CREATE TRIGGER "audit_events_no_update" BEFORE UPDATE ON "audit_events" BEGIN SELECT RAISE(ABORT, 'audit_events is append-only: UPDATE refused'); END`,
      );
      await t.dataSource.query(
        `CREATE TRIGGER "audit_events_no_delete" BEFORE DELETE ON "audit_events" BEGIN SELECT RAISE(ABORT, 'audit_events is append-only: DELETE refused'); END`,
      );
    }
  }

  const rows = async (): Promise<Row[]> =>
    (await t.dataSource.query('SELECT * FROM audit_events ORDER BY seq')) as Row[];

  /** Puts the table back as it was (the tests share one trail). */
  async function restore(saved: Row[]): Promise<void> {
    await restoreRows(saved);
    expect((await verify()).ok).toBe(true);
  }

  async function restoreRows(saved: Row[]): Promise<void> {
    await behindTheServer(async () => {
      await t.dataSource.query('DELETE FROM audit_events');
      for (const r of saved) {
        await t.dataSource.query(
          `INSERT INTO audit_events (${COLUMNS.join(', ')}) VALUES (${COLUMNS.map((_, i) => p(i + 1)).join(', ')})`,
          COLUMNS.map((c) => r[c]),
        );
      }
    });
  }

  let saved: Row[];

  beforeAll(async () => {
    process.env.AUDIT_ANCHOR_KEY = key;
    t = await createTestApp();
    delete process.env.AUDIT_ANCHOR_KEY;
    anchorFile = t.app.get(AuditAnchor).file as string;
    for (let i = 0; i < 4; i++) await createUserWithKey(t, `user${i}`, ['scientist']);
    saved = await rows();
  });
  afterAll(() => t.close());

  it('verifies an untouched trail against the anchor file, which holds a signed head', async () => {
    const verdict = await verify();
    expect(verdict).toMatchObject({ ok: true, firstBrokenId: null, events: saved.length });
    expect(verdict.anchor).toMatchObject({ status: 'matches', source: 'file', signed: true });
    expect(verdict.anchor.checkpoint?.seq).toBe(saved.length);
    const last = JSON.parse(readFileSync(anchorFile, 'utf8').trim().split('\n').pop()!);
    expect(last).toMatchObject({ seq: saved.length, hash: saved[saved.length - 1].hash });
    expect(last.mac).toMatch(/^[0-9a-f]{64}$/);
  });

  it('detects an edited event', async () => {
    const victim = Number(saved[3].seq);
    await behindTheServer(() =>
      t.dataSource.query(`UPDATE audit_events SET actor_name = 'Mallory' WHERE seq = ${p(1)}`, [
        victim,
      ]),
    );
    expect(await verify()).toMatchObject({ ok: false, firstBrokenId: victim });
    await restore(saved);
  });

  it('detects an event deleted from the middle', async () => {
    const victim = Number(saved[4].seq);
    await behindTheServer(() =>
      t.dataSource.query(`DELETE FROM audit_events WHERE seq = ${p(1)}`, [victim]),
    );
    const verdict = await verify();
    expect(verdict).toMatchObject({ ok: false, firstBrokenId: victim + 1 });
    expect(verdict.reason).toMatch(/missing/);
    await restore(saved);
  });

  it('detects events deleted from the end, which the chain alone cannot', async () => {
    const head = saved.length;
    await behindTheServer(() =>
      t.dataSource.query(`DELETE FROM audit_events WHERE seq > ${p(1)}`, [head - 3]),
    );
    const verdict = await verify();
    expect(verdict).toMatchObject({ ok: false, firstBrokenId: head - 2, events: head - 3 });
    expect(verdict.anchor.status).toBe('events-missing');
    expect(verdict.reason).toMatch(new RegExp(`chain ends at seq ${head - 3}`));
    await restore(saved);
  });

  it('detects the deletion of every event', async () => {
    await behindTheServer(() => t.dataSource.query('DELETE FROM audit_events'));
    const verdict = await verify();
    expect(verdict).toMatchObject({ ok: false, events: 0, firstBrokenId: 1 });
    expect(verdict.anchor.status).toBe('events-missing');
    expect(verdict.reason).toMatch(/all were deleted/);
    await restore(saved);
  });

  it('detects a trail rewritten with recomputed hashes after a deletion', async () => {
    const victim = Number(saved[2].seq);
    await behindTheServer(async () => {
      await t.dataSource.query(`DELETE FROM audit_events WHERE seq >= ${p(1)}`, [victim]);
      // Re-insert the later events one seq lower, each rehashed: a chain that verifies alone.
      let prev = saved[victim - 2].hash;
      for (const r of saved.slice(victim)) {
        const seq = Number(r.seq) - 1;
        const hash = chainHash(prev, {
          seq,
          occurredAt: r.occurred_at as string,
          actorId: r.actor_id as string | null,
          actorName: r.actor_name as string,
          action: r.action as string,
          entity: r.entity as string,
          entityId: r.entity_id as string,
          before: r.before as string | null,
          after: r.after as string | null,
          reason: r.reason as string | null,
        });
        const values = COLUMNS.map((c) =>
          c === 'seq' ? seq : c === 'prev_hash' ? prev : c === 'hash' ? hash : r[c],
        );
        await t.dataSource.query(
          `INSERT INTO audit_events (${COLUMNS.join(', ')}) VALUES (${COLUMNS.map((_, i) => p(i + 1)).join(', ')})`,
          values,
        );
        prev = hash;
      }
    });
    const verdict = await verify();
    expect(verdict.ok).toBe(false);
    expect(verdict.anchor.status).toBe('events-missing');
    await restore(saved);
  });

  it('checks a checkpoint copied off the machine, and refuses an anchor line forged without the key', async () => {
    const copied = JSON.parse(readFileSync(anchorFile, 'utf8').trim().split('\n').pop()!);
    const head = saved.length;
    await behindTheServer(() =>
      t.dataSource.query(`DELETE FROM audit_events WHERE seq > ${p(1)}`, [head - 2]),
    );
    // The attacker also writes an anchor line for the shortened chain, but has no key.
    appendFileSync(
      anchorFile,
      `${JSON.stringify({ seq: head - 2, hash: saved[head - 3].hash, at: new Date().toISOString() })}\n`,
    );
    const local = await verify();
    expect(local).toMatchObject({ ok: false });
    expect(local.anchor.status).toBe('signature-invalid');
    const offMachine = await t
      .http()
      .post('/api/v1/audit/verify')
      .set(admin())
      .send(copied)
      .expect(200);
    expect(offMachine.body).toMatchObject({ ok: false, firstBrokenId: head - 1 });
    expect(offMachine.body.anchor).toMatchObject({ status: 'events-missing', source: 'request' });
    // Once the rows are back, the operator restores the anchor file from its copy too.
    await restoreRows(saved);
    appendFileSync(anchorFile, `${JSON.stringify(copied)}\n`);
    expect((await verify()).ok).toBe(true);
  });

  it('never lets new events paper over a truncation', async () => {
    const head = saved.length;
    await behindTheServer(() =>
      t.dataSource.query(`DELETE FROM audit_events WHERE seq > ${p(1)}`, [head - 2]),
    );
    // The server goes on appending: seq head-1, head, head+1 … with other content.
    for (let i = 0; i < 3; i++) await createUserWithKey(t, `later${i}`, ['scientist']);
    const verdict = await verify();
    expect(verdict.ok).toBe(false);
    expect(verdict.anchor.status).toBe('hash-differs');
    expect(verdict.anchor.checkpoint?.seq).toBe(head);
  });
});
