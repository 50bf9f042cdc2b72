import { DomainError } from '../errors/domain.error';

/**
 * Whether an error means the database could not be reached or its connection died, rather than
 * that the statement was wrong: such a request is answered 503 with Retry-After, and a unit of
 * work whose connection died before its COMMIT was sent is run once more on a new connection.
 */

// SQLSTATEs: admin_shutdown (pg_terminate_backend), crash_shutdown, cannot_connect_now, the
// connection exception class, too_many_connections, and the session the server ended after it
// sat idle in a transaction past PG_IDLE_IN_TRANSACTION_TIMEOUT_MS.
const PG_CODES = new Set([
  '25P03',
  '57P01',
  '57P02',
  '57P03',
  '08000',
  '08001',
  '08003',
  '08004',
  '08006',
  '08007',
  '53300',
]);
const NODE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);
// SQLite: another process holds the file's lock past the busy timeout.
const SQLITE_CODES = new Set(['SQLITE_BUSY', 'SQLITE_LOCKED']);
const MESSAGES = [
  /connection terminated/i,
  /client has encountered a connection error and is not queryable/i,
  /timeout exceeded when trying to connect/i,
  /connection (?:was )?(?:closed|ended)/i,
  /is not currently accepting connections/i,
  /the database system is (?:starting up|shutting down|in recovery mode)/i,
];

/** An error or one of the errors it wraps, as TypeORM and pg nest them. */
interface ErrorLike {
  code?: unknown;
  message?: unknown;
  name?: unknown;
  driverError?: unknown;
  cause?: unknown;
}

/** Whether `test` holds for the error or one it wraps (driverError, cause; four levels). */
function someInChain(error: unknown, test: (x: ErrorLike) => boolean): boolean {
  for (let e: unknown = error, depth = 0; e && depth < 4; depth++) {
    if (typeof e !== 'object') return false;
    const x = e as ErrorLike;
    if (test(x)) return true;
    e = x.driverError ?? x.cause;
  }
  return false;
}

export function isConnectionLoss(error: unknown): boolean {
  return someInChain(
    error,
    (x) =>
      (typeof x.code === 'string' &&
        (PG_CODES.has(x.code) || NODE_CODES.has(x.code) || SQLITE_CODES.has(x.code))) ||
      // TypeORM refuses a runner that the driver already released after its connection died.
      x.name === 'QueryRunnerAlreadyReleasedError' ||
      x.name === 'QueryRunnerProviderAlreadyReleasedError' ||
      (typeof x.message === 'string' && MESSAGES.some((m) => m.test(x.message as string))),
  );
}

/** Seconds a client should wait before trying again after a 503 from a lost database. */
export const RETRY_AFTER_SECONDS = 2;

// SQLSTATE lock_not_available: PostgreSQL gave up waiting for a lock (PG_LOCK_TIMEOUT_MS).
const LOCK_NOT_AVAILABLE = '55P03';

/** Whether PostgreSQL cancelled a statement that waited for a lock past its lock_timeout. */
export function isLockTimeout(error: unknown): boolean {
  return someInChain(error, (x) => x.code === LOCK_NOT_AVAILABLE);
}

/**
 * 503 SERVICE_UNAVAILABLE for a statement that waited too long for a lock another transaction
 * holds: the transaction was rolled back, so nothing was stored. The problem filter adds
 * Retry-After.
 */
export class DatabaseBusyError extends DomainError {
  constructor(readonly causeError?: unknown) {
    super(
      'SERVICE_UNAVAILABLE',
      `the database is busy: a lock this change needs was not granted in time; nothing was stored; try again in ${RETRY_AFTER_SECONDS} s`,
      [],
      { retryAfterSeconds: RETRY_AFTER_SECONDS },
    );
  }
}

/**
 * 503 SERVICE_UNAVAILABLE for a lost database; the problem filter adds Retry-After. `outcome`
 * says whether the change was certainly not stored, or may have been (the connection died after
 * its COMMIT was sent).
 */
export class DatabaseUnavailableError extends DomainError {
  constructor(
    readonly outcome: 'not-stored' | 'unknown',
    readonly causeError?: unknown,
  ) {
    super(
      'SERVICE_UNAVAILABLE',
      outcome === 'unknown'
        ? 'the database connection was lost while the change was being committed: it may or may not have been stored; check before repeating it (a feed with an Idempotency-Key may simply be repeated)'
        : `the database cannot be reached; nothing was stored; try again in ${RETRY_AFTER_SECONDS} s`,
      [],
      { retryAfterSeconds: RETRY_AFTER_SECONDS },
    );
  }
}
