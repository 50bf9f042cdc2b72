import type { DataSource } from 'typeorm';
import { DatabaseUnavailableError, isConnectionLoss, isLockTimeout } from './connection-loss';
import { UnitOfWork } from './unit-of-work.service';

const lost = () =>
  Object.assign(new Error('terminating connection due to administrator command'), {
    code: '57P01',
  });

/** A PostgreSQL data source whose runners fail where the test says. */
function fakePostgres(plan: { connect?: unknown[]; commit?: unknown[] }) {
  const log: string[] = [];
  let runners = 0;
  const dataSource = {
    options: { type: 'postgres' },
    createQueryRunner() {
      const n = ++runners;
      const runner = {
        manager: { n },
        isTransactionActive: false,
        async connect() {
          log.push(`connect ${n}`);
          const e = plan.connect?.shift();
          if (e) throw e;
        },
        async startTransaction() {
          runner.isTransactionActive = true;
        },
        async commitTransaction() {
          log.push(`commit ${n}`);
          const e = plan.commit?.shift();
          if (e) throw e;
          runner.isTransactionActive = false;
        },
        async rollbackTransaction() {
          log.push(`rollback ${n}`);
          runner.isTransactionActive = false;
        },
        async release() {},
        async releasePostgresConnection() {
          log.push(`destroy ${n}`);
        },
      };
      return runner;
    },
  };
  return { uow: new UnitOfWork(dataSource as unknown as DataSource), log };
}

describe('UnitOfWork on PostgreSQL: a lost connection', () => {
  it('runs a unit again, once, when its connection dies before COMMIT', async () => {
    const { uow, log } = fakePostgres({});
    let calls = 0;
    const value = await uow.run(async () => {
      if (++calls === 1) throw lost();
      return 'stored';
    });
    expect(value).toBe('stored');
    expect(calls).toBe(2);
    expect(log).toEqual(['connect 1', 'destroy 1', 'connect 2', 'commit 2']);
  });

  it('answers 503 (nothing stored) when the second connection dies too or cannot be had', async () => {
    const twice = fakePostgres({});
    let calls = 0;
    await expect(
      twice.uow.run(async () => {
        calls++;
        throw lost();
      }),
    ).rejects.toMatchObject({ code: 'SERVICE_UNAVAILABLE', outcome: 'not-stored' });
    expect(calls).toBe(2);

    const unreachable = fakePostgres({
      connect: [
        Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }),
        new Error('database "x" is not currently accepting connections'),
      ],
    });
    const error = await unreachable.uow.run(async () => 1).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DatabaseUnavailableError);
  });

  it('never runs a unit again once its COMMIT was sent: the outcome is unknown', async () => {
    const { uow, log } = fakePostgres({
      commit: [Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' })],
    });
    let calls = 0;
    await expect(
      uow.run(async () => {
        calls++;
        return 1;
      }),
    ).rejects.toMatchObject({ code: 'SERVICE_UNAVAILABLE', outcome: 'unknown' });
    expect(calls).toBe(1);
    expect(log.filter((l) => l.startsWith('commit'))).toEqual(['commit 1']);
  });

  it('does not retry other failures', async () => {
    const { uow } = fakePostgres({});
    let calls = 0;
    await expect(
      uow.run(async () => {
        calls++;
        throw Object.assign(new Error('duplicate key value'), { code: '23505' });
      }),
    ).rejects.toThrow('duplicate key value');
    expect(calls).toBe(1);
  });
});

describe('isConnectionLoss', () => {
  it('recognises lost and unreachable databases, wrapped or not, and nothing else', () => {
    expect(isConnectionLoss(lost())).toBe(true);
    expect(isConnectionLoss({ name: 'QueryFailedError', driverError: lost() })).toBe(true);
    expect(isConnectionLoss(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isConnectionLoss(new Error('timeout exceeded when trying to connect'))).toBe(true);
    expect(isConnectionLoss({ code: 'SQLITE_BUSY' })).toBe(true);
    // The server ended a session left idle in its transaction (PG_IDLE_IN_TRANSACTION_TIMEOUT_MS).
    expect(isConnectionLoss({ code: '25P03' })).toBe(true);
    // A lock not granted in time is no lost connection: the unit is not run again.
    expect(isConnectionLoss({ code: '55P03' })).toBe(false);
    expect(isConnectionLoss(Object.assign(new Error('x'), { code: '23505' }))).toBe(false);
    expect(isConnectionLoss(new Error('relation "x" does not exist'))).toBe(false);
    expect(isConnectionLoss(undefined)).toBe(false);
  });
});

describe('isLockTimeout', () => {
  it('recognises a statement cancelled by lock_timeout, wrapped or not, and nothing else', () => {
    const timeout = () =>
      Object.assign(new Error('canceling statement due to lock timeout'), { code: '55P03' });
    expect(isLockTimeout(timeout())).toBe(true);
    expect(isLockTimeout({ name: 'QueryFailedError', driverError: timeout() })).toBe(true);
    expect(isLockTimeout(lost())).toBe(false);
    expect(isLockTimeout({ code: '23505' })).toBe(false);
    expect(isLockTimeout(undefined)).toBe(false);
  });
});
