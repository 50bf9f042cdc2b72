import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { canonicalJson } from '../analysis/common/provenance';
import type { Actor } from '../common/auth/roles';
import { insertMany } from '../common/database/bulk-insert';
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

// Key of the PostgreSQL advisory lock that orders appends across API nodes.
const CHAIN_LOCK_KEY = 7_284_611;

@Injectable()
export class AuditService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Appends one event to the chain inside the caller's transaction, so the change and its
   * audit entry commit or roll back together. On PostgreSQL a transaction-scoped advisory
   * lock serialises appends from every node; on SQLite the UnitOfWork queue already does.
   */
  async record(manager: EntityManager, entry: AuditEntry): Promise<AuditEvent> {
    if (manager.connection.options.type === 'postgres') {
      await manager.query('SELECT pg_advisory_xact_lock($1)', [CHAIN_LOCK_KEY]);
    }
    // Plain SQL and a prepared multi-row insert: every import appends two events, and the
    // query builder cost more than the statements themselves.
    const rows = (await manager.query(
      'SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1',
    )) as { seq: number | string; hash: string }[];
    const last = rows[0] ? { seq: Number(rows[0].seq), hash: rows[0].hash } : null;
    const event = new AuditEvent();
    event.seq = (last?.seq ?? 0) + 1;
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
    event.prevHash = last?.hash ?? GENESIS_HASH;
    event.hash = chainHash(event.prevHash, event);
    await insertMany(manager, AuditEvent, [event]);
    return event;
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
