import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { canonicalJson } from '../analysis/common/provenance';
import type { Actor } from '../common/auth/roles';
import { insertMany } from '../common/database/bulk-insert';
import { pgTransactionClient } from '../common/database/pg-transaction-client';
import { UnitContext, unitContextOf } from '../common/database/unit-of-work.service';
import type { AnchorReport, AuditCheckpoint } from './audit-anchor';
import { AuditAnchor } from './audit-anchor.service';
import { AuditEvent } from './audit-event.entity';
import { AuditEventView, AuditReadPolicies } from './audit-read-policies';
import type { AuditedEntity } from './audited-entities';
import {
  CHAIN_START,
  chainHash,
  chainPrefix,
  ChainVerdict,
  GENESIS_HASH,
  verifyChain,
} from './audit-chain';

/** Who acted: a user, or the system itself (bootstrap, protocol loading at start). */
export type AuditActor = Pick<Actor, 'userId' | 'displayName'> | { system: string };

export interface AuditEntry {
  actor: AuditActor;
  action: string;
  entity: AuditedEntity;
  id: string;
  before?: unknown;
  after?: unknown;
  reason?: string | null;
}

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

// Key of the PostgreSQL advisory lock that orders appends across API nodes.
const CHAIN_LOCK_KEY = 7_284_611;

@Injectable()
export class AuditService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly readPolicies: AuditReadPolicies,
    private readonly anchor: AuditAnchor,
  ) {}

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
    // Outside a unit (start-up work) the caller's transaction may still roll back: the anchor
    // catches up with the next unit that commits.
    if (!unit) return this.append(manager, [event]);
    let events = this.pending.get(unit);
    if (!events) {
      const list: AuditEvent[] = [];
      this.pending.set(unit, list);
      unit.beforeCommit(this, () => this.append(manager, list));
      unit.afterCommit(this, () => {
        const head = list[list.length - 1];
        this.anchor.advance(head.seq, head.hash);
      });
      events = list;
    }
    events.push(event);
  }

  /**
   * Records an event that must be stored even when the caller's unit of work fails, such as a
   * refused signature: the failure rolls the unit back, and the event commits on its own before
   * the failure is answered. Inside a unit that commits, it is stored with the unit.
   */
  recordEvenIfRolledBack(manager: EntityManager, entry: AuditEntry): Promise<void> {
    const unit = unitContextOf(manager);
    if (!unit) return this.record(manager, entry);
    unit.evenIfRolledBack((m) => this.record(m, entry));
    return Promise.resolve();
  }

  /** Chains the events after the current head, in order, and inserts them in one statement. */
  private async append(manager: EntityManager, events: AuditEvent[]): Promise<void> {
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
   * PostgreSQL, inside a transaction: one message of two statements. The first takes the
   * transaction-scoped advisory lock that orders appends from every node; the second, whose READ
   * COMMITTED snapshot is taken once the lock is held (so it sees every append committed
   * before), reads the head, chains the events after it and inserts them, the server computing
   * each hash as chainHash does: sha256(previous hash + chainPrefix(event) + seq + '}'). The lock
   * is then held for this round trip and the COMMIT only. Each round trip under the lock waits
   * for this node's event loop, so the lock's hold time bounds how many imports a second all
   * nodes together can commit. A simple query binds no parameters: values go as quoted literals
   * (node-postgres's escapeLiteral).
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
               encode(sha256(convert_to(c."hash" || x."prefix" || (c."seq" + 1)::text || '}', 'UTF8')), 'hex')::varchar
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
    const head = 'SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1';
    if (manager.connection.options.type === 'postgres') {
      await manager.query('SELECT pg_advisory_xact_lock($1)', [CHAIN_LOCK_KEY]);
    }
    return (await manager.query(head)) as { seq: number | string; hash: string }[];
  }

  /**
   * Events in chain order that `reader` may see: each record type's read policy decides which
   * records' events are shown (the same rules as the records' own read paths) and how. Hidden
   * events are skipped, not counted: a page is filled from further events, so paging by
   * `afterSeq` (the last seq received) never stops early.
   */
  async list(
    reader: Actor,
    filter: { entity?: string; id?: string; limit: number; afterSeq?: number },
  ): Promise<AuditEventView[]> {
    const out: AuditEventView[] = [];
    let afterSeq = filter.afterSeq;
    for (;;) {
      const qb = this.dataSource
        .getRepository(AuditEvent)
        .createQueryBuilder('e')
        .orderBy('e.seq', 'ASC')
        .limit(filter.limit);
      if (filter.entity) qb.andWhere('e.entity = :entity', { entity: filter.entity });
      if (filter.id) qb.andWhere('e.entityId = :id', { id: filter.id });
      if (afterSeq !== undefined) qb.andWhere('e.seq > :afterSeq', { afterSeq });
      const page = await qb.getMany();
      out.push(...(await this.visibleTo(reader, page)));
      if (out.length >= filter.limit || page.length < filter.limit) break;
      afterSeq = page[page.length - 1].seq;
    }
    return out.slice(0, filter.limit);
  }

  /** The events of `events` that `reader` may see, as their record types' policies present them. */
  private async visibleTo(reader: Actor, events: AuditEvent[]): Promise<AuditEventView[]> {
    const idsByEntity = new Map<string, Set<string>>();
    for (const e of events) {
      const ids = idsByEntity.get(e.entity) ?? new Set<string>();
      ids.add(e.entityId);
      idsByEntity.set(e.entity, ids);
    }
    const visible = new Map<string, ReadonlySet<string>>();
    for (const [entity, ids] of idsByEntity) {
      const policy = this.readPolicies.get(entity);
      // A record type without a policy (an old name) is shown to admins only.
      const seen = policy
        ? await policy.visibleIds(reader, [...ids], this.dataSource.manager)
        : reader.roles.includes('admin')
          ? ids
          : new Set<string>();
      visible.set(entity, seen);
    }
    const out: AuditEventView[] = [];
    for (const e of events) {
      if (!visible.get(e.entity)?.has(e.entityId)) continue;
      const view: AuditEventView = {
        ...e,
        before: e.before === null ? null : JSON.parse(e.before),
        after: e.after === null ? null : JSON.parse(e.after),
      };
      const present = this.readPolicies.get(e.entity)?.present;
      out.push(present ? present(reader, view) : view);
    }
    return out;
  }

  /**
   * Walks the whole chain in pages (memory stays flat however long the trail grows),
   * recomputing every link and hash, and checks it against the anchor: the chain must still hold
   * the anchored head's seq with its hash. The checkpoint is the anchor file's newest (this
   * node's pending head is written first), or `external`, a checkpoint copied off the machine.
   */
  async verify(external?: AuditCheckpoint): Promise<ChainVerdict & { anchor: AnchorReport }> {
    await this.anchor.flush();
    const { report, checkpoint } = this.anchorToCheck(external);
    const repo = this.dataSource.getRepository(AuditEvent);
    const pageSize = 5000;
    let cursor = CHAIN_START;
    let total = 0;
    let anchoredHash: string | null = null;
    for (;;) {
      const page = await repo
        .createQueryBuilder('e')
        .where('e.seq >= :from', { from: cursor.nextSeq })
        .orderBy('e.seq', 'ASC')
        .limit(pageSize)
        .getMany();
      const verdict = verifyChain(page, cursor);
      if (checkpoint) {
        const at = page.find((e) => e.seq === checkpoint.seq);
        if (at) anchoredHash = at.hash;
      }
      if (!verdict.ok) {
        return {
          ok: false,
          events: total + verdict.events,
          firstBrokenId: verdict.firstBrokenId,
          reason: verdict.reason,
          anchor:
            report.status === 'none' || !checkpoint
              ? report
              : this.compare(report, checkpoint, anchoredHash, verdict.cursor.nextSeq - 1),
        };
      }
      total += verdict.events;
      cursor = verdict.cursor;
      if (page.length < pageSize) break;
    }
    const lastSeq = cursor.nextSeq - 1;
    const anchor = checkpoint ? this.compare(report, checkpoint, anchoredHash, lastSeq) : report;
    if (anchor.status === 'matches' || anchor.status === 'none') {
      return { ok: true, events: total, firstBrokenId: null, reason: null, anchor };
    }
    return {
      ok: false,
      events: total,
      firstBrokenId: anchor.status === 'events-missing' ? lastSeq + 1 : (checkpoint?.seq ?? null),
      reason: anchor.detail,
      anchor,
    };
  }

  /** The checkpoint to verify against, and the report before comparing it with the chain. */
  private anchorToCheck(external?: AuditCheckpoint): {
    report: AnchorReport;
    checkpoint: AuditCheckpoint | null;
  } {
    const signed = this.anchor.key !== null;
    const file = this.anchor.file;
    const base = { file, signed };
    let checkpoint: AuditCheckpoint | null;
    let source: AnchorReport['source'];
    if (external) {
      checkpoint = external;
      source = 'request';
    } else {
      const last = this.anchor.lastCheckpoint();
      source = file ? 'file' : 'memory';
      if (last.line !== null && !last.checkpoint) {
        return {
          report: {
            ...base,
            source,
            status: 'unreadable',
            checkpoint: null,
            detail: `the anchor file ${file} ends in a line that is not a checkpoint: restore it from its off-machine copy`,
          },
          checkpoint: null,
        };
      }
      checkpoint = last.checkpoint;
    }
    if (!checkpoint) {
      return {
        report: { ...base, source, status: 'none', checkpoint: null, detail: 'no checkpoint yet' },
        checkpoint: null,
      };
    }
    if (!this.anchor.signatureOk(checkpoint)) {
      return {
        report: {
          ...base,
          source,
          status: 'signature-invalid',
          checkpoint,
          detail: `the anchor checkpoint (seq ${checkpoint.seq}, written ${checkpoint.at}) is not signed with AUDIT_ANCHOR_KEY: it was forged or written with another key`,
        },
        checkpoint: null,
      };
    }
    return {
      report: { ...base, source, status: 'matches', checkpoint, detail: '' },
      checkpoint,
    };
  }

  private compare(
    report: AnchorReport,
    checkpoint: AuditCheckpoint,
    hashAtSeq: string | null,
    lastSeq: number,
  ): AnchorReport {
    const where = `the anchor (seq ${checkpoint.seq}, hash ${checkpoint.hash.slice(0, 12)}…, written ${checkpoint.at})`;
    if (report.status === 'signature-invalid' || report.status === 'unreadable') return report;
    if (lastSeq < checkpoint.seq && hashAtSeq === null) {
      return {
        ...report,
        status: 'events-missing',
        detail:
          lastSeq === 0
            ? `the chain is empty but ${where} records ${checkpoint.seq} events: all were deleted`
            : `the chain ends at seq ${lastSeq} but ${where} records more: events ${lastSeq + 1}–${checkpoint.seq} (at least) were deleted`,
      };
    }
    if (hashAtSeq !== checkpoint.hash) {
      return {
        ...report,
        status: 'hash-differs',
        detail: `the event at seq ${checkpoint.seq} does not match ${where}: the trail up to it was rewritten`,
      };
    }
    return { ...report, status: 'matches', detail: `the chain holds ${where}` };
  }
}
