import type { EntityManager } from 'typeorm';
import { DomainError, NotFoundError } from '../common/errors/domain.error';
import type { ErrorCode } from '../common/errors/error-codes';
import { Run } from './run.entity';
import type { RunState } from './run.lifecycle';

/**
 * "Locked means locked" (DESIGN.md, Trust rules): the one check every service that writes data
 * belonging to a run calls inside its transaction, before it writes: plates planned on the run,
 * readings (instrument feeds and uploads), well exclusions, refits, QC overrides, passages,
 * deviations, and the qPCR and LC-MS/MS modules' data on their runs.
 *
 * - approved → 409 RUN_LOCKED: an approved run changes only through an approved amendment
 *   (an approved amendment changes the run record; new data go into a new run);
 * - cancelled → 409 RUN_NOT_EDITABLE;
 * - with `inProgressOnly` (data recorded at the bench: passages, exclusions, refits) anything but
 *   in_progress → 409 RUN_NOT_IN_PROGRESS (reopen it first).
 */
export interface RunDataWrite {
  /** What the caller is about to do, for the message: `plan a plate`, `import a reading`. */
  what: string;
  /** Only while the run is in progress (default: any state but approved and cancelled). */
  inProgressOnly?: boolean;
  /** The field the problem names (default `status`: the run's state refuses the write). */
  field?: string;
}

/** The columns of a run the check reads (and returns, so callers need not read it again). */
export type RunForDataWrite = Pick<Run, 'id' | 'title' | 'status' | 'parameters'>;

/**
 * Reads the run and refuses the write when its state forbids it (see {@link RunDataWrite}).
 * `columns` are further columns of the run the caller needs (its protocol, operator…), read in
 * the same query, so that it need not read the run again.
 * On PostgreSQL the row is read `FOR KEY SHARE`: an approval (which locks the run `FOR UPDATE`)
 * waits for this write to commit, and a write that comes after the approval sees it, so data
 * never lands behind an approval signature. Concurrent writers do not block each other. SQLite's
 * UnitOfWork runs writers one at a time.
 */
export async function assertRunDataWritable<K extends keyof Run = never>(
  manager: EntityManager,
  runId: string,
  write: RunDataWrite,
  columns: readonly K[] = [],
): Promise<RunForDataWrite & Pick<Run, K>> {
  const run = await readRunForDataWrite(manager, runId, columns);
  if (!run) throw new NotFoundError('Run', runId);
  checkRunDataWritable(run, write);
  return run;
}

/**
 * The run as {@link assertRunDataWritable} reads it (same columns, same lock), without the
 * check: for a caller that decides itself what a refusal means ({@link runDataRefusal}), such
 * as a recomputation that skips a locked run and says so. Null when there is no such run.
 */
export async function readRunForDataWrite<K extends keyof Run = never>(
  manager: EntityManager,
  runId: string,
  columns: readonly K[] = [],
): Promise<(RunForDataWrite & Pick<Run, K>) | null> {
  const qb = manager
    .getRepository(Run)
    .createQueryBuilder('r')
    .select(['r.id', 'r.title', 'r.status', 'r.parameters', ...columns.map((c) => `r.${c}`)])
    .where('r.id = :runId', { runId });
  if (manager.connection.options.type === 'postgres') qb.setLock('for_key_share');
  return qb.getOne();
}

/** {@link assertRunDataWritable} for a run the caller has already loaded (and locked). */
export function checkRunDataWritable(
  run: Pick<Run, 'id' | 'status'> & { title?: string },
  write: RunDataWrite,
): void {
  const refusal = runDataRefusal(run.status, write);
  if (!refusal) return;
  const name = run.title ? `run ${run.id} ('${run.title}')` : `run ${run.id}`;
  const message = `${name} is ${run.status.replace('_', ' ')}: cannot ${write.what}; ${refusal.advice}`;
  throw new DomainError(
    refusal.code,
    message,
    [{ field: write.field ?? 'status', code: refusal.code, message }],
    { runId: run.id, runStatus: run.status },
  );
}

/** Why a run in `state` refuses the write, or null when it accepts it. Pure. */
export function runDataRefusal(
  state: RunState,
  write: Pick<RunDataWrite, 'inProgressOnly'>,
): { code: ErrorCode; advice: string } | null {
  if (state === 'approved') {
    return {
      code: 'RUN_LOCKED',
      advice:
        'an approved run is locked: its plates, readings, exclusions, refits, passages and ' +
        'deviations stay as they were signed. An amendment (POST /api/v1/runs/:id/amendments, ' +
        'approved by another manager) changes the run record; new data belong in a new run',
    };
  }
  if (state === 'cancelled') {
    return { code: 'RUN_NOT_EDITABLE', advice: 'a cancelled run takes no more data' };
  }
  if (write.inProgressOnly && state !== 'in_progress') {
    return {
      code: 'RUN_NOT_IN_PROGRESS',
      advice:
        state === 'planned'
          ? 'start the run first'
          : state === 'in_review'
            ? 'a manager returns it, then it is reopened'
            : 'reopen it first (POST /api/v1/runs/:id/reopen)',
    };
  }
  return null;
}

/**
 * Serialises the computations that replace a run's derived results (the co-culture kinetics)
 * across transactions: two imports measuring one run would otherwise each read the
 * concentrations without the other's (not yet committed), and both store their results as
 * current. On PostgreSQL the run's row is locked `FOR NO KEY UPDATE` until the transaction ends:
 * a second computation waits, then reads what the first committed and supersedes its results;
 * data writers (`FOR KEY SHARE`) do not wait for it, an approval (`FOR UPDATE`) does. SQLite's
 * UnitOfWork runs writers one at a time already.
 */
export async function lockRunForDerivedResults(
  manager: EntityManager,
  runId: string,
): Promise<void> {
  if (manager.connection.options.type !== 'postgres') return;
  await manager.query('SELECT 1 FROM runs WHERE id = $1 FOR NO KEY UPDATE', [runId]);
}
