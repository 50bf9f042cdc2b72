import { createHash } from 'node:crypto';
import { canonicalJson } from '../analysis/common/provenance';

/** The hash that precedes the first event. */
export const GENESIS_HASH = '0'.repeat(64);

export interface ChainedFields {
  seq: number;
  occurredAt: string;
  actorId: string | null;
  actorName: string;
  action: string;
  entity: string;
  entityId: string;
  before: string | null;
  after: string | null;
  reason: string | null;
}

/**
 * The audit chain's hash, defined once: hash_n = sha256(hash_{n-1} ‖ chainPrefix(event_n) ‖ seq_n
 * ‖ '}'), which is sha256(hash_{n-1} ‖ canonical JSON of event n without its hashes), since `seq`
 * is the canonical JSON's last member. {@link chainHash} computes it here;
 * {@link chainHashSql} is the same formula for PostgreSQL, which computes it once it knows the
 * seq under the chain's lock (AuditEventsRepository). Both engines are tested to agree
 * (test/medium/audit-chain.medium-spec.ts).
 */
export function chainHash(prevHash: string, event: ChainedFields): string {
  return createHash('sha256')
    .update(prevHash)
    .update(chainPrefix(event))
    .update(`${event.seq}}`)
    .digest('hex');
}

/** {@link chainHash} as a PostgreSQL expression of three SQL expressions (text, text, int). */
export function chainHashSql(prevHash: string, prefix: string, seq: string): string {
  return `encode(sha256(convert_to(${prevHash} || ${prefix} || (${seq})::text || '}', 'UTF8')), 'hex')`;
}

/**
 * The canonical JSON of an event up to its seq, which comes last (keys sort, `seq` after
 * `reason`): the part of the hashed text that does not depend on the event's place in the chain.
 */
export function chainPrefix(event: Omit<ChainedFields, 'seq'>): string {
  const canonical = canonicalJson({
    occurredAt: event.occurredAt,
    actorId: event.actorId,
    actorName: event.actorName,
    action: event.action,
    entity: event.entity,
    entityId: event.entityId,
    before: event.before,
    after: event.after,
    reason: event.reason,
    seq: 0,
  });
  if (!canonical.endsWith(',"seq":0}')) throw new Error('seq is not the last canonical member');
  return canonical.slice(0, -2);
}

export interface ChainVerdict {
  ok: boolean;
  events: number;
  /** seq of the first event whose link or hash does not verify; null when the chain is whole. */
  firstBrokenId: number | null;
  reason: string | null;
}

/** Where a walk stands: the hash the next event must link to, and the seq it must have. */
export interface ChainCursor {
  prevHash: string;
  nextSeq: number;
}

export const CHAIN_START: ChainCursor = { prevHash: GENESIS_HASH, nextSeq: 1 };

/**
 * Walks events in seq order from `cursor`, recomputing each link and hash. Returns the
 * verdict and the cursor after the last event, so a long chain can be verified page by page.
 */
export function verifyChain(
  events: Iterable<ChainedFields & { prevHash: string; hash: string }>,
  cursor: ChainCursor = CHAIN_START,
): ChainVerdict & { cursor: ChainCursor } {
  let { prevHash, nextSeq } = cursor;
  let count = 0;
  for (const e of events) {
    count++;
    const broken = (reason: string) => ({
      ok: false,
      events: count,
      firstBrokenId: e.seq,
      reason,
      cursor: { prevHash, nextSeq },
    });
    if (e.seq !== nextSeq)
      return broken(`expected seq ${nextSeq}, found ${e.seq}: an event is missing`);
    if (e.prevHash !== prevHash) return broken('the link to the previous event does not match');
    if (chainHash(prevHash, e) !== e.hash) return broken('the content does not match its hash');
    prevHash = e.hash;
    nextSeq++;
  }
  return {
    ok: true,
    events: count,
    firstBrokenId: null,
    reason: null,
    cursor: { prevHash, nextSeq },
  };
}
