import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Worker } from 'node:worker_threads';
import type { EnvironmentVariables } from '../../config/env.validation';

// The checkpointer's own thread: a second connection to the same file that copies the WAL
// back into the database (PASSIVE: it never blocks the writer) every `intervalMs`.
const CHECKPOINTER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.path, { fileMustExist: true });
db.pragma('busy_timeout = ' + workerData.busyTimeoutMs);
const tick = () => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch (e) {
    parentPort.postMessage({ error: String(e && e.message ? e.message : e) });
  }
};
const timer = setInterval(tick, workerData.intervalMs);
parentPort.on('message', () => {
  clearInterval(timer);
  tick();
  db.close();
  parentPort.close();
});
`;

/**
 * Moves SQLite's WAL checkpoints off the request thread. By default SQLite checkpoints inside
 * the COMMIT that crosses 1,000 WAL pages: copying those pages into the database file and
 * syncing it stalls every request for milliseconds, several times a second under a plate
 * feed. Here a worker thread with its own connection checkpoints every
 * SQLITE_CHECKPOINT_INTERVAL_MS, and the request thread's automatic checkpoint is kept only
 * as a backstop for a WAL that grows past 10,000 pages (should the worker fall behind or
 * stop). 0 disables the worker and restores SQLite's default.
 */
@Injectable()
export class SqliteCheckpointer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(SqliteCheckpointer.name);
  private worker: Worker | null = null;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: ConfigService<EnvironmentVariables, true>,
  ) {}

  onApplicationBootstrap(): void {
    const intervalMs = this.config.get('SQLITE_CHECKPOINT_INTERVAL_MS', { infer: true });
    const path = this.dataSource.options.database;
    if (
      this.dataSource.options.type !== 'better-sqlite3' ||
      typeof path !== 'string' ||
      path === ':memory:' ||
      !intervalMs
    ) {
      return;
    }
    const db = (this.dataSource.driver as unknown as { databaseConnection: SqlitePragma })
      .databaseConnection;
    db.pragma('wal_autocheckpoint = 10000');
    this.worker = new Worker(CHECKPOINTER, {
      eval: true,
      workerData: {
        driver: require.resolve('better-sqlite3'),
        path,
        intervalMs,
        busyTimeoutMs: this.config.get('SQLITE_BUSY_TIMEOUT_MS', { infer: true }),
      },
    });
    this.worker.unref();
    this.worker.on('message', (m: { error?: string }) => {
      if (m.error) this.logger.warn(`WAL checkpoint failed: ${m.error}`);
    });
    const worker = this.worker;
    this.worker.on('error', (e) => this.logger.error(`WAL checkpointer failed: ${e.message}`));
    this.worker.on('exit', (code) => {
      if (this.worker !== worker) return; // stopped at shutdown
      // Died on its own: SQLite's automatic checkpoint takes over again.
      this.logger.error(`WAL checkpointer stopped (exit code ${code}); SQLite checkpoints again`);
      this.worker = null;
      try {
        db.pragma('wal_autocheckpoint = 1000');
      } catch {
        // The connection is closed already: nothing left to checkpoint for.
      }
    });
  }

  async onApplicationShutdown(): Promise<void> {
    const worker = this.worker;
    if (!worker) return;
    this.worker = null;
    // A last checkpoint and a clean close. Referenced again so the process waits for it, but
    // not for more than two seconds.
    worker.ref();
    const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
    worker.postMessage('stop');
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, 2000)));
    await Promise.race([exited, timeout]);
    clearTimeout(timer);
    await worker.terminate();
  }
}

interface SqlitePragma {
  pragma(source: string): unknown;
}
