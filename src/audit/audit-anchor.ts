import { createHmac, timingSafeEqual } from 'node:crypto';
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

/**
 * A checkpoint of the audit chain's head, kept outside the database: the seq and hash of the
 * newest event a node had committed at `at`, signed with an HMAC when a key is configured. The
 * chain is hash-linked from its first event, so a chain that still holds this seq with this hash
 * holds every earlier event unchanged; one that ends before it has lost its newest events.
 */
export interface AuditCheckpoint {
  seq: number;
  hash: string;
  /** When the checkpoint was written, UTC ISO 8601. */
  at: string;
  /** hex HMAC-SHA256 of `thiolab-audit-anchor:v1:<seq>:<hash>:<at>` under AUDIT_ANCHOR_KEY. */
  mac?: string;
}

function macInput(c: Pick<AuditCheckpoint, 'seq' | 'hash' | 'at'>): string {
  return `thiolab-audit-anchor:v1:${c.seq}:${c.hash}:${c.at}`;
}

/** The checkpoint, signed when a key is given. */
export function makeCheckpoint(
  head: { seq: number; hash: string },
  at: Date,
  key: string | null,
): AuditCheckpoint {
  const c: AuditCheckpoint = { seq: head.seq, hash: head.hash, at: at.toISOString() };
  if (key) c.mac = createHmac('sha256', key).update(macInput(c)).digest('hex');
  return c;
}

/** Whether the checkpoint carries a valid signature under `key`. */
export function checkpointSigned(c: AuditCheckpoint, key: string): boolean {
  if (typeof c.mac !== 'string' || !/^[0-9a-f]{64}$/.test(c.mac)) return false;
  const expected = createHmac('sha256', key).update(macInput(c)).digest();
  return timingSafeEqual(expected, Buffer.from(c.mac, 'hex'));
}

/** Parses one anchor line; null when it is not a checkpoint. */
export function parseCheckpoint(line: string): AuditCheckpoint | null {
  let v: unknown;
  try {
    v = JSON.parse(line);
  } catch {
    return null;
  }
  if (typeof v !== 'object' || v === null) return null;
  const c = v as Record<string, unknown>;
  if (!Number.isSafeInteger(c.seq) || (c.seq as number) < 1) return null;
  if (typeof c.hash !== 'string' || !/^[0-9a-f]{64}$/.test(c.hash)) return null;
  if (typeof c.at !== 'string' || Number.isNaN(Date.parse(c.at))) return null;
  if (c.mac !== undefined && typeof c.mac !== 'string') return null;
  return {
    seq: c.seq as number,
    hash: c.hash,
    at: c.at,
    ...(c.mac !== undefined ? { mac: c.mac as string } : {}),
  };
}

/**
 * The last line of an anchor file (reading only its tail), or null when the file does not exist
 * or is empty. A last line that is not a checkpoint is returned as text for the report.
 */
export function readLastAnchorLine(path: string): string | null {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
  try {
    const size = fstatSync(fd).size;
    const length = Math.min(size, 8192);
    const buf = Buffer.alloc(length);
    readSync(fd, buf, 0, length, size - length);
    const lines = buf
      .toString('utf8')
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l !== '');
    return lines.length > 0 ? lines[lines.length - 1] : null;
  } finally {
    closeSync(fd);
  }
}

/** What verification concludes about the anchor. */
export type AnchorStatus =
  /** The chain holds the checkpoint's seq with its hash. */
  | 'matches'
  /** No checkpoint yet (an empty chain) or the anchor is kept in memory only. */
  | 'none'
  /** The chain ends before the checkpoint's seq: its newest events were deleted. */
  | 'events-missing'
  /** The chain's event at the checkpoint's seq has another hash: the trail was rewritten. */
  | 'hash-differs'
  /** A key is configured and the checkpoint is not signed with it (forged, or another key). */
  | 'signature-invalid'
  /** The anchor file's last line is not a checkpoint. */
  | 'unreadable';

export interface AnchorReport {
  status: AnchorStatus;
  /** Where the checkpoint came from: the configured file, or the request body. */
  source: 'file' | 'request' | 'memory';
  file: string | null;
  checkpoint: AuditCheckpoint | null;
  /** Whether checkpoints are signed (AUDIT_ANCHOR_KEY is set). */
  signed: boolean;
  detail: string;
}
