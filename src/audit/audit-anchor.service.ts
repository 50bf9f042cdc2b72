import { appendFileSync, mkdirSync, renameSync, statSync } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import {
  BeforeApplicationShutdown,
  Injectable,
  Logger,
  OnApplicationBootstrap,
} from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { EnvironmentVariables } from '../config/env.validation';
import { AuditEventsRepository, type ChainHead } from './audit-events.repository';
import {
  type AuditCheckpoint,
  checkpointSigned,
  makeCheckpoint,
  parseCheckpoint,
  readLastAnchorLine,
} from './audit-anchor';

/** An anchor file past this size is moved to `<file>.1` and started again. */
const ROTATE_BYTES = 16 * 1024 * 1024;

/** Where the anchor file lives when AUDIT_ANCHOR_FILE is not set; null: in memory only. */
export function defaultAnchorFile(env: {
  DATABASE_URL?: string;
  SQLITE_PATH: string;
}): string | null {
  if (env.DATABASE_URL) {
    const db = new URL(env.DATABASE_URL).pathname.replace(/^\//, '') || 'postgres';
    return resolve('data', `audit-anchor.${db.replace(/[^\w.-]/g, '_')}.jsonl`);
  }
  if (env.SQLITE_PATH === ':memory:') return null;
  const path = resolve(env.SQLITE_PATH);
  return join(dirname(path), `${basename(path, extname(path))}.audit-anchor.jsonl`);
}

/**
 * Keeps the audit chain's head anchored outside the database. After each commit that appended
 * events, this node remembers the new head; at most every AUDIT_ANCHOR_INTERVAL_MS (and before
 * a verification, and at shutdown) it appends a checkpoint of it to the anchor file, signed with
 * AUDIT_ANCHOR_KEY when set. A checkpoint is only written after its events committed, so the
 * anchor is never ahead of the chain; and only when the chain still holds the previously
 * anchored head, so new events appended after a truncation never paper over it.
 */
@Injectable()
export class AuditAnchor implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('AuditAnchor');
  readonly file: string | null;
  readonly key: string | null;
  private readonly intervalMs: number;
  /** The newest checkpoint written (or found in the file at start). */
  private anchored: AuditCheckpoint | null = null;
  /** The newest head this node committed that is not anchored yet. */
  private pending: { seq: number; hash: string } | null = null;
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> = Promise.resolve();
  private conflictLogged = false;

  constructor(
    config: ConfigService<EnvironmentVariables, true>,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly events: AuditEventsRepository,
  ) {
    this.file =
      config.get('AUDIT_ANCHOR_FILE', { infer: true }) ||
      defaultAnchorFile({
        DATABASE_URL: config.get('DATABASE_URL', { infer: true }),
        SQLITE_PATH: config.get('SQLITE_PATH', { infer: true }),
      });
    if (this.file) this.file = resolve(this.file);
    this.key = config.get('AUDIT_ANCHOR_KEY', { infer: true }) || null;
    this.intervalMs = config.get('AUDIT_ANCHOR_INTERVAL_MS', { infer: true });
  }

  /** The checkpoint the anchor holds now (the last line of the file), as text and parsed. */
  lastCheckpoint(): { line: string | null; checkpoint: AuditCheckpoint | null } {
    if (!this.file) return { line: null, checkpoint: this.anchored };
    const line = readLastAnchorLine(this.file);
    return { line, checkpoint: line === null ? null : parseCheckpoint(line) };
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.key && process.env.NODE_ENV === 'production') {
      this.logger.warn(
        'AUDIT_ANCHOR_KEY is not set: audit anchor checkpoints are not signed (see README, "Reliability and security")',
      );
    }
    const { line, checkpoint } = this.lastCheckpoint();
    if (line !== null) {
      this.anchored = checkpoint;
      if (!checkpoint)
        this.logger.error(`the audit anchor ${this.file} ends in a line that is not a checkpoint`);
      return;
    }
    // No anchor yet: a new database, or a trail that predates the anchor. Anchor today's head.
    const head = await this.head();
    if (!head) return;
    this.logger.warn(
      `no audit anchor at ${this.file ?? '(memory)'}: anchoring the current head (seq ${head.seq}); ` +
        'keep a copy of the anchor off this machine',
    );
    this.pending = head;
    await this.flush();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.flush();
  }

  /** A commit stored events up to this head; it is anchored within AUDIT_ANCHOR_INTERVAL_MS. */
  advance(seq: number, hash: string): void {
    if (this.pending && this.pending.seq >= seq) return;
    this.pending = { seq, hash };
    if (this.intervalMs === 0) {
      void this.flush();
    } else if (!this.timer) {
      this.timer = setTimeout(() => void this.flush(), this.intervalMs);
      this.timer.unref();
    }
  }

  /** Writes the pending head now (one flush at a time); verification calls this first. */
  flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    this.flushing = this.flushing
      .then(() => this.writePending())
      .catch((e: unknown) => {
        this.logger.error(`could not write the audit anchor ${this.file}: ${String(e)}`);
      });
    return this.flushing;
  }

  private async writePending(): Promise<void> {
    const head = this.pending;
    if (!head) return;
    const anchored = this.anchored;
    if (anchored && head.seq <= anchored.seq) {
      this.pending = null;
      return;
    }
    if (anchored && !(await this.chainHolds(anchored))) {
      // The chain lost or changed the anchored head behind the server: do not move the anchor
      // past it, so that verification keeps reporting it.
      if (!this.conflictLogged) {
        this.logger.error(
          `the audit chain no longer holds the anchored head (seq ${anchored.seq}): events were ` +
            'deleted or rewritten behind the server; run GET /api/v1/audit/verify',
        );
        this.conflictLogged = true;
      }
      return;
    }
    this.conflictLogged = false;
    const checkpoint = makeCheckpoint(head, new Date(), this.key);
    if (this.file) this.append(this.file, `${JSON.stringify(checkpoint)}\n`);
    this.anchored = checkpoint;
    if (this.pending === head) this.pending = null;
  }

  private append(file: string, line: string): void {
    mkdirSync(dirname(file), { recursive: true });
    try {
      if (statSync(file).size > ROTATE_BYTES) renameSync(file, `${file}.1`);
    } catch {
      // No file yet.
    }
    appendFileSync(file, line, { mode: 0o600 });
  }

  /** Whether the chain still holds this checkpoint's seq with its hash. */
  private async chainHolds(c: AuditCheckpoint): Promise<boolean> {
    return (await this.events.hashAt(this.dataSource.manager, c.seq)) === c.hash;
  }

  private head(): Promise<ChainHead | null> {
    return this.events.head(this.dataSource.manager);
  }

  /** Whether a checkpoint is acceptable as to its signature: signed with the key, when one is set. */
  signatureOk(c: AuditCheckpoint): boolean {
    return this.key === null || checkpointSigned(c, this.key);
  }
}
