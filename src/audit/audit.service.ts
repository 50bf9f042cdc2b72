import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { canonicalJson } from '../analysis/common/provenance';
import type { Actor } from '../common/auth/roles';
import { UnitContext, unitContextOf } from '../common/database/unit-of-work.service';
import type { AnchorReport, AuditCheckpoint } from './audit-anchor';
import { AuditAnchor } from './audit-anchor.service';
import { AuditEvent } from './audit-event.entity';
import { AuditEventsRepository } from './audit-events.repository';
import { AuditEventView, AuditReadPolicies } from './audit-read-policies';
import type { AuditedEntity } from './audited-entities';
import { CHAIN_START, ChainVerdict, verifyChain } from './audit-chain';

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

@Injectable()
export class AuditService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly readPolicies: AuditReadPolicies,
    private readonly anchor: AuditAnchor,
    private readonly events: AuditEventsRepository,
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
    if (!unit) return this.events.append(manager, [event]);
    let events = this.pending.get(unit);
    if (!events) {
      const list: AuditEvent[] = [];
      this.pending.set(unit, list);
      unit.beforeCommit(this, () => this.events.append(manager, list));
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
