import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { insertMany, selectRows } from '../common/database/bulk-insert';
import { pgTransactionClient } from '../common/database/pg-transaction-client';
import { chainHash, chainHashSql, chainPrefix, GENESIS_HASH } from './audit-chain';
import { AuditEvent } from './audit-event.entity';

/** The part of a node-postgres client used here: a simple query of several statements. */
interface PgClient {
  query(text: string): Promise<{ rows: unknown[] }[]>;
  escapeLiteral(text: string): string;
}

// An event's own columns, as the one-round-trip append lists them (seq and hashes aside).
const EVENT_COLUMNS = [
  'occurred_at',
  'actor_id',
  'actor_name',
  'action',
  'entity',
  'entity_id',
  'before',
  'after',
  'reason',
] as const;

// The chain's last event: its head.
const HEAD_SQL = 'SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1';

/** The chain's head: its last event's seq and hash. */
export interface ChainHead {
  seq: number;
  hash: string;
}

// Key of the PostgreSQL advisory lock that orders appends across API nodes.
export const CHAIN_LOCK_KEY = 7_284_611;

/**
 * The audit chain's hand-written SQL (the only place): appending events after the chain's head
 * under its lock, and the two reads of the anchor (the head, the hash at a seq). Tested on both
 * engines by test/medium/audit-chain.medium-spec.ts.
 */
@Injectable()
export class AuditEventsRepository {
  /**
   * Chains `events` after the current head, in order, and inserts them in one statement; sets
   * each event's seq, prevHash and hash.
   */
  async append(manager: EntityManager, events: AuditEvent[]): Promise<void> {
    if (events.length === 0) return;
    const client = pgTransactionClient<PgClient>(manager);
    if (client) return this.appendInOneRoundTrip(client, events);
    const rows = await this.lockedHead(manager);
    let seq = rows[0] ? Number(rows[0].seq) : 0;
    let prevHash = rows[0]?.hash ?? GENESIS_HASH;
    for (const event of events) {
      event.seq = ++seq;
      event.prevHash = prevHash;
      event.hash = chainHash(prevHash, event);
      prevHash = event.hash;
    }
    await insertMany(manager, AuditEvent, events);
  }

  /**
   * The chain's head as committed now (no lock: the anchor reads it after its events
   * committed), or null while the chain is empty.
   */
  async head(manager: EntityManager): Promise<ChainHead | null> {
    const [row] = await selectRows<{ seq: number | string; hash: string }>(manager, HEAD_SQL, []);
    // PostgreSQL's bigint arrives as text.
    return row ? { seq: Number(row.seq), hash: row.hash } : null;
  }

  /** The hash of the event at `seq` (one indexed read), or null when the chain holds none there. */
  async hashAt(manager: EntityManager, seq: number): Promise<string | null> {
    const [row] = await selectRows<{ hash: string }>(
      manager,
      'SELECT hash FROM audit_events WHERE seq = ?',
      [seq],
    );
    return row?.hash ?? null;
  }

  /**
   * PostgreSQL, inside a transaction: one message of two statements. The first takes the
   * transaction-scoped advisory lock that orders appends from every node; the second, whose READ
   * COMMITTED snapshot is taken once the lock is held (so it sees every append committed
   * before), reads the head, chains the events after it and inserts them, the server computing
   * each hash with chainHashSql. The lock is then held for this round trip and the COMMIT only.
   * Each round trip under the lock waits for this node's event loop, so the lock's hold time
   * bounds how many imports a second all nodes together can commit. A simple query binds no
   * parameters: values go as quoted literals (node-postgres's escapeLiteral).
   */
  private async appendInOneRoundTrip(client: PgClient, events: AuditEvent[]): Promise<void> {
    const lit = (v: string | null): string => (v === null ? 'NULL' : client.escapeLiteral(v));
    const input = events.map(
      (e, i) =>
        `(${i + 1}, ${lit(e.occurredAt)}, ${lit(e.actorId)}, ${lit(e.actorName)}, ${lit(e.action)}, ` +
        `${lit(e.entity)}, ${lit(e.entityId)}, ${lit(e.before)}, ${lit(e.after)}, ${lit(e.reason)}, ` +
        `${lit(chainPrefix(e))})`,
    );
    const columns = EVENT_COLUMNS.map((c) => `"${c}"`).join(', ');
    const fromInput = EVENT_COLUMNS.map((c) => `x."${c}"`).join(', ');
    const [, inserted] = await client.query(
      `SELECT pg_advisory_xact_lock(${CHAIN_LOCK_KEY});
      WITH RECURSIVE input ("i", ${columns}, "prefix") AS (VALUES ${input.join(', ')}),
      head AS (SELECT "seq", "hash" FROM "audit_events" ORDER BY "seq" DESC LIMIT 1),
      chain ("i", "seq", "prev_hash", "hash") AS (
        SELECT 0, COALESCE((SELECT "seq" FROM head), 0), NULL::varchar,
               COALESCE((SELECT "hash" FROM head), '${GENESIS_HASH}')::varchar
        UNION ALL
        SELECT c."i" + 1, c."seq" + 1, c."hash",
               ${chainHashSql('c."hash"', 'x."prefix"', 'c."seq" + 1')}::varchar
          FROM chain c JOIN input x ON x."i" = c."i" + 1)
      INSERT INTO "audit_events" ("seq", ${columns}, "prev_hash", "hash")
      SELECT c."seq", ${fromInput}, c."prev_hash", c."hash"
        FROM chain c JOIN input x ON x."i" = c."i" ORDER BY c."i"
      RETURNING "seq", "prev_hash", "hash"`,
    );
    const bySeq = (inserted.rows as { seq: number; prev_hash: string; hash: string }[]).sort(
      (a, b) => a.seq - b.seq,
    );
    events.forEach((event, i) => {
      event.seq = bySeq[i].seq;
      event.prevHash = bySeq[i].prev_hash;
      event.hash = bySeq[i].hash;
    });
  }

  /**
   * The chain's last event, read once no other transaction can append: on PostgreSQL (outside a
   * transaction: start-up work) after taking the advisory lock that orders appends from every
   * node; on SQLite the UnitOfWork queue orders them.
   */
  private async lockedHead(
    manager: EntityManager,
  ): Promise<{ seq: number | string; hash: string }[]> {
    if (manager.connection.options.type === 'postgres') {
      await manager.query('SELECT pg_advisory_xact_lock($1)', [CHAIN_LOCK_KEY]);
    }
    return (await manager.query(HEAD_SQL)) as { seq: number | string; hash: string }[];
  }
}
