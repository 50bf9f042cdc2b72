import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { canonicalJson } from '../analysis/common/provenance';
import type { Actor } from '../common/auth/roles';
import { insertMany } from '../common/database/bulk-insert';
import { UnitContext, unitContextOf } from '../common/database/unit-of-work.service';
import { AuditEvent } from './audit-event.entity';
import { CHAIN_START, chainHash, ChainVerdict, GENESIS_HASH, verifyChain } from './audit-chain';

/** Who acted: a user, or the system itself (bootstrap, protocol loading at start). */
export type AuditActor = Pick<Actor, 'userId' | 'displayName'> | { system: string };

export interface AuditEntry {
  actor: AuditActor;
  action: string;
  entity: string;
  id: string;
  before?: unknown;
  after?: unknown;
  reason?: string | null;
}

/** The part of a node-postgres client used here: a simple query of several statements. */
interface PgClient {
  query(text: string): Promise<{ rows: unknown[] }[]>;
}

// Key of the PostgreSQL advisory lock that orders appends across API nodes.
const CHAIN_LOCK_KEY = 7_284_611;

@Injectable()
export class AuditService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Events recorded in a unit of work, appended just before it commits. */
  private readonly pending = new WeakMap<UnitContext, AuditEvent[]>();

  /**
   * Records one event inside the caller's transaction, so the change and its audit entry
   * commit or roll back together. Inside a unit of work the event is appended to the chain
   * just before the unit commits, with the unit's other events: on PostgreSQL the
   * transaction-scoped advisory lock that orders appends from every node is then held for two
   * round trips and the COMMIT, not for the whole unit (on SQLite the UnitOfWork queue orders
   * them). Outside a unit (start-up work) it is appended at once.
   */
  async record(manager: EntityManager, entry: AuditEntry): Promise<void> {
    const event = new AuditEvent();
    event.occurredAt = new Date().toISOString();
    if ('system' in entry.actor) {
      event.actorId = null;
      event.actorName = `system:${entry.actor.system}`;
    } else {
      event.actorId = entry.actor.userId;
      event.actorName = entry.actor.displayName;
    }
    event.action = entry.action;
    event.entity = entry.entity;
    event.entityId = entry.id;
    event.before =
      entry.before === undefined || entry.before === null ? null : canonicalJson(entry.before);
    event.after =
      entry.after === undefined || entry.after === null ? null : canonicalJson(entry.after);
    event.reason = entry.reason ?? null;
    const unit = unitContextOf(manager);
    if (!unit) return this.append(manager, [event]);
    let events = this.pending.get(unit);
    if (!events) {
      const list: AuditEvent[] = [];
      this.pending.set(unit, list);
      unit.beforeCommit(this, () => this.append(manager, list));
      events = list;
    }
    events.push(event);
  }

  /** Chains the events after the current head, in order, and inserts them in one statement. */
  private async append(manager: EntityManager, events: AuditEvent[]): Promise<void> {
    if (events.length === 0) return;
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
   * The chain's last event, read once no other transaction can append: on PostgreSQL under the
   * transaction-scoped advisory lock that orders appends from every node (on SQLite the
   * UnitOfWork queue orders them). Inside a transaction the lock and the read go to the server
   * as one message of two statements, one round trip: each statement takes its own snapshot
   * (READ COMMITTED), so the read sees every append committed before the lock was granted.
   */
  private async lockedHead(
    manager: EntityManager,
  ): Promise<{ seq: number | string; hash: string }[]> {
    const head = 'SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1';
    if (manager.connection.options.type !== 'postgres') {
      return (await manager.query(head)) as { seq: number; hash: string }[];
    }
    const runner = manager.queryRunner as
      { isTransactionActive: boolean; databaseConnection?: PgClient } | undefined;
    const client = runner?.isTransactionActive ? runner.databaseConnection : undefined;
    if (client) {
      const [, last] = await client.query(
        `SELECT pg_advisory_xact_lock(${CHAIN_LOCK_KEY}); ${head}`,
      );
      return last.rows as { seq: string; hash: string }[];
    }
    await manager.query('SELECT pg_advisory_xact_lock($1)', [CHAIN_LOCK_KEY]);
    return (await manager.query(head)) as { seq: string; hash: string }[];
  }

  async list(filter: {
    entity?: string;
    id?: string;
    limit: number;
    afterSeq?: number;
  }): Promise<AuditEvent[]> {
    const qb = this.dataSource
      .getRepository(AuditEvent)
      .createQueryBuilder('e')
      .orderBy('e.seq', 'ASC')
      .limit(filter.limit);
    if (filter.entity) qb.andWhere('e.entity = :entity', { entity: filter.entity });
    if (filter.id) qb.andWhere('e.entityId = :id', { id: filter.id });
    if (filter.afterSeq !== undefined)
      qb.andWhere('e.seq > :afterSeq', { afterSeq: filter.afterSeq });
    return qb.getMany();
  }

  /** Walks the whole chain in pages, so memory stays flat however long the trail grows. */
  async verify(): Promise<ChainVerdict> {
    const repo = this.dataSource.getRepository(AuditEvent);
    const pageSize = 5000;
    let cursor = CHAIN_START;
    let total = 0;
    for (;;) {
      const page = await repo
        .createQueryBuilder('e')
        .where('e.seq >= :from', { from: cursor.nextSeq })
        .orderBy('e.seq', 'ASC')
        .limit(pageSize)
        .getMany();
      const verdict = verifyChain(page, cursor);
      if (!verdict.ok)
        return {
          ok: false,
          events: total + verdict.events,
          firstBrokenId: verdict.firstBrokenId,
          reason: verdict.reason,
        };
      total += verdict.events;
      cursor = verdict.cursor;
      if (page.length < pageSize)
        return { ok: true, events: total, firstBrokenId: null, reason: null };
    }
  }
}
