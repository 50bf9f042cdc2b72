import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, QueryRunner } from 'typeorm';
import { DatabaseUnavailableError, isConnectionLoss } from './connection-loss';

/**
 * What a running unit of work offers the services it calls: work to do just before it commits
 * (the audit trail appends its events there, so its chain lock is held for the shortest time),
 * work to do once it has committed, and work that must commit even if the unit rolls back (the
 * audit event of a refused signature).
 */
export class UnitContext {
  private readonly hooks = new Map<object, () => Promise<void>>();
  private readonly committed = new Map<object, () => void>();
  private readonly survivors: ((manager: EntityManager) => Promise<void>)[] = [];

  /** Runs `flush` once, just before this unit commits; `owner` (a service) registers once. */
  beforeCommit(owner: object, flush: () => Promise<void>): void {
    if (!this.hooks.has(owner)) this.hooks.set(owner, flush);
  }

  has(owner: object): boolean {
    return this.hooks.has(owner);
  }

  async runHooks(): Promise<void> {
    for (const flush of this.hooks.values()) await flush();
  }

  /** Runs `done` once the COMMIT that covers this unit has succeeded (synchronous, never throws). */
  afterCommit(owner: object, done: () => void): void {
    if (!this.committed.has(owner)) this.committed.set(owner, done);
  }

  runAfterCommit(): void {
    for (const done of this.committed.values()) {
      try {
        done();
      } catch {
        // After the commit nothing may turn a stored unit into a failed request.
      }
    }
  }

  /**
   * Work that is stored whatever happens to this unit: in the unit's transaction when it
   * commits, in a transaction of its own (before the unit's failure is reported) when it rolls
   * back.
   */
  evenIfRolledBack(work: (manager: EntityManager) => Promise<void>): void {
    this.survivors.push(work);
  }

  takeSurvivors(): ((manager: EntityManager) => Promise<void>)[] {
    return this.survivors.splice(0);
  }
}

const CONTEXTS = new WeakMap<EntityManager, UnitContext>();

/** The unit of work that `manager` belongs to, or undefined outside one. */
export function unitContextOf(manager: EntityManager): UnitContext | undefined {
  return CONTEXTS.get(manager);
}

interface QueuedUnit {
  work: (manager: EntityManager) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (reason: unknown) => void;
}

/**
 * Most units one SQLite COMMIT covers, and how long a batch may keep taking new ones: long
 * enough for one batch to take a unit from each of ten concurrent feeds of 384-well plates
 * (docs/performance.md, "SQLite group commit").
 */
export const MAX_UNITS_PER_COMMIT = 16;
export const MAX_BATCH_MS = 50;

/** Pause before a unit whose connection died is run again on a new one. */
export const RETRY_PAUSE_MS = 150;

/** The connection died after the COMMIT was sent: the unit may have been stored. */
class CommitOutcomeUnknown extends Error {
  constructor(readonly lost: unknown) {
    super('the connection was lost after COMMIT was sent');
  }
}

/**
 * Resolves once the event loop has run its poll phase, where sockets are read: an immediate
 * queued from an I/O callback runs before the next poll, one queued from an immediate after it.
 */
async function pollTurn(): Promise<void> {
  await new Promise((r) => setImmediate(r));
  await new Promise((r) => setImmediate(r));
}

/**
 * Runs a unit of work in one database transaction: all of it commits, or none of it.
 *
 * PostgreSQL: each unit has its own pooled connection and transaction; units run concurrently.
 * A unit whose connection dies before its COMMIT is sent runs once more (see runAlone).
 *
 * SQLite: TypeORM's better-sqlite3 driver has a single connection and query runner, so two
 * concurrent transactions would nest as savepoints of one another. Units are therefore queued
 * and run one at a time (SQLite serialises writers anyway), with group commit: the units
 * waiting when a transaction opens, and those that arrive while it runs (up to
 * MAX_UNITS_PER_COMMIT, for MAX_BATCH_MS), run in it one after another, each inside its own
 * savepoint, and one COMMIT makes them all durable. A unit that fails is rolled back to its
 * savepoint alone and rejected; the others go on. A unit's promise settles only after the
 * COMMIT that covers it, so nobody is told "stored" before it is. If SQLite itself aborts the
 * transaction (I/O error, full disk) or the COMMIT fails, every unit of the batch is rejected
 * with that error. One COMMIT per batch instead of one per unit is what lets concurrent
 * instrument feeds reach hundreds of plates a second.
 */
@Injectable()
export class UnitOfWork {
  private readonly serialise: boolean;
  private readonly queue: QueuedUnit[] = [];
  private draining = false;

  constructor(@InjectDataSource() readonly dataSource: DataSource) {
    this.serialise = dataSource.options.type === 'better-sqlite3';
  }

  get engine(): 'sqlite' | 'postgres' {
    return this.serialise ? 'sqlite' : 'postgres';
  }

  run<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    if (!this.serialise) return this.runAlone(work);
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ work, resolve: resolve as (value: unknown) => void, reject });
      if (!this.draining) {
        this.draining = true;
        void this.drain();
      }
    });
  }

  /**
   * PostgreSQL: one unit on its own pooled connection. When the connection dies (or cannot be
   * had) before the COMMIT was sent, the server has rolled the transaction back, so the unit is
   * run once more on a new connection after a short pause; a unit must therefore start from its
   * inputs and change nothing outside its transaction before it commits. Once the COMMIT was
   * sent it is never run again: if the connection dies then, the outcome is unknown and the
   * caller gets 503 saying so. A unit that still cannot reach the database gets 503.
   */
  private async runAlone<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    try {
      return await this.attempt(work);
    } catch (e) {
      if (e instanceof CommitOutcomeUnknown) throw new DatabaseUnavailableError('unknown', e.lost);
      if (!isConnectionLoss(e)) throw e;
    }
    await new Promise((r) => setTimeout(r, RETRY_PAUSE_MS));
    try {
      return await this.attempt(work);
    } catch (e) {
      if (e instanceof CommitOutcomeUnknown) throw new DatabaseUnavailableError('unknown', e.lost);
      if (isConnectionLoss(e)) throw new DatabaseUnavailableError('not-stored', e);
      throw e;
    }
  }

  private async attempt<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    const qr = this.dataSource.createQueryRunner();
    const context = new UnitContext();
    let commitSent = false;
    try {
      await qr.connect();
      await qr.startTransaction();
      CONTEXTS.set(qr.manager, context);
      const value = await work(qr.manager);
      for (const survivor of context.takeSurvivors()) await survivor(qr.manager);
      await context.runHooks();
      commitSent = true;
      await qr.commitTransaction();
      context.runAfterCommit();
      return value;
    } catch (e) {
      const lost = isConnectionLoss(e);
      if (lost) {
        // Never hand a dead connection back to the pool.
        (qr as unknown as { releasePostgresConnection?: (err: unknown) => Promise<void> })
          .releasePostgresConnection?.(e)
          .catch(() => undefined);
      } else if (qr.isTransactionActive) {
        await qr.rollbackTransaction().catch(() => undefined);
      }
      // What must be stored despite a failure; not after a lost connection, where the unit is
      // run again (and records it again) or the database is out of reach anyway.
      const survivors = context.takeSurvivors();
      if (survivors.length > 0 && !lost) {
        await this.attempt(async (m) => {
          for (const survivor of survivors) await survivor(m);
        }).catch(() => undefined);
      }
      if (lost && commitSent) throw new CommitOutcomeUnknown(e);
      throw e;
    } finally {
      CONTEXTS.delete(qr.manager);
      await qr.release().catch(() => undefined);
    }
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length > 0) await this.runBatch();
    } finally {
      this.draining = false;
    }
  }

  /** One transaction over the queued units; never throws (each unit's promise carries its outcome). */
  private async runBatch(): Promise<void> {
    const qr = this.dataSource.createQueryRunner();
    const started = Date.now();
    try {
      await qr.startTransaction();
    } catch (e) {
      // Cannot even begin: fail the first unit so the queue still moves.
      this.resetRunner(qr);
      this.queue.shift()?.reject(e);
      return;
    }
    const done: { unit: QueuedUnit; value: unknown; context: UnitContext }[] = [];
    // Units that failed but left work that must be stored: answered after the COMMIT.
    const failed: { unit: QueuedUnit; error: unknown; kept?: UnitContext }[] = [];
    let taken = 0;
    const open = () => taken < MAX_UNITS_PER_COMMIT && Date.now() - started < MAX_BATCH_MS;
    while (this.queue.length > 0 && (taken === 0 || open())) {
      const unit = this.queue.shift() as QueuedUnit;
      taken++;
      const context = new UnitContext();
      CONTEXTS.set(qr.manager, context);
      let inSavepoint = false;
      try {
        await qr.startTransaction(); // a savepoint inside the batch's transaction
        inSavepoint = true;
        const value = await unit.work(qr.manager);
        for (const survivor of context.takeSurvivors()) await survivor(qr.manager);
        await context.runHooks();
        await qr.commitTransaction(); // releases the savepoint
        inSavepoint = false;
        done.push({ unit, value, context });
      } catch (e) {
        if (inSavepoint && this.sqliteInTransaction()) {
          // Undo this unit alone (ROLLBACK TO its savepoint); the batch goes on.
          await qr.rollbackTransaction().catch(() => undefined);
          const survivors = context.takeSurvivors();
          if (survivors.length === 0) {
            unit.reject(e);
            continue;
          }
          // What must be stored despite the failure goes in a savepoint of its own, and the
          // unit's failure is reported once the batch's COMMIT has stored it.
          failed.push({ unit, error: e, kept: await this.runSurvivors(qr, survivors) });
          continue;
        }
        // SQLite ended the transaction itself, or the savepoint could not be opened: nothing
        // of this batch may be reported stored.
        if (this.sqliteInTransaction()) await qr.query('ROLLBACK').catch(() => undefined);
        this.resetRunner(qr);
        unit.reject(e);
        for (const d of done) d.unit.reject(e);
        for (const f of failed) f.unit.reject(f.error);
        return;
      } finally {
        CONTEXTS.delete(qr.manager);
      }
      // better-sqlite3 answers synchronously, so a unit never yields to I/O. After each unit,
      // requests that arrived meanwhile are read and parsed, and join this commit instead of
      // waiting for it and then for a commit of their own. (Reads outside a unit of work that
      // run in these turns see the batch's rows before its COMMIT, as SQLite's one connection
      // shows them.)
      if (open()) await pollTurn();
    }
    try {
      await qr.commitTransaction();
    } catch (e) {
      if (this.sqliteInTransaction()) await qr.rollbackTransaction().catch(() => undefined);
      this.resetRunner(qr);
      for (const d of done) d.unit.reject(e);
      for (const f of failed) f.unit.reject(f.error);
      return;
    }
    for (const d of done) {
      d.context.runAfterCommit();
      d.unit.resolve(d.value);
    }
    for (const f of failed) {
      f.kept?.runAfterCommit();
      f.unit.reject(f.error);
    }
  }

  /**
   * Runs a failed unit's surviving work in a savepoint of its own inside the batch; returns its
   * context (whose after-commit hooks must run) or undefined when it failed too.
   */
  private async runSurvivors(
    qr: QueryRunner,
    survivors: ((manager: EntityManager) => Promise<void>)[],
  ): Promise<UnitContext | undefined> {
    const context = new UnitContext();
    CONTEXTS.set(qr.manager, context);
    let inSavepoint = false;
    try {
      await qr.startTransaction();
      inSavepoint = true;
      for (const survivor of survivors) await survivor(qr.manager);
      await context.runHooks();
      await qr.commitTransaction();
      return context;
    } catch {
      if (inSavepoint && this.sqliteInTransaction()) {
        await qr.rollbackTransaction().catch(() => undefined);
      }
      return undefined;
    } finally {
      CONTEXTS.delete(qr.manager);
    }
  }

  private sqliteInTransaction(): boolean {
    const db = (
      this.dataSource.driver as unknown as { databaseConnection?: { inTransaction?: boolean } }
    ).databaseConnection;
    return db?.inTransaction === true;
  }

  /** After SQLite ended the transaction by itself, TypeORM's runner still counts it open. */
  private resetRunner(qr: QueryRunner): void {
    if (this.sqliteInTransaction()) return;
    const runner = qr as unknown as { isTransactionActive: boolean; transactionDepth: number };
    runner.isTransactionActive = false;
    runner.transactionDepth = 0;
  }
}
