import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { EventEmitter } from 'node:events';
import { DataSource } from 'typeorm';

interface PgPool extends EventEmitter {
  _clients?: EventEmitter[];
}

/**
 * Every PostgreSQL connection always has an 'error' listener. TypeORM listens on a connection
 * only while a query runner holds it, and removes its listener when it releases a connection
 * that failed; a killed backend then emits a second error on that connection ("Connection
 * terminated unexpectedly") that nobody handles, and an unhandled 'error' event ends the
 * process. The listener only logs: the pool discards broken connections, and the request that
 * used one gets 503 (see connection-loss.ts).
 */
@Injectable()
export class PgConnectionGuard implements OnModuleInit {
  private readonly logger = new Logger('Database');

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  onModuleInit(): void {
    if (this.dataSource.options.type !== 'postgres') return;
    const pool = (this.dataSource.driver as unknown as { master?: PgPool }).master;
    if (!pool) return;
    const guard = (client: EventEmitter) => {
      client.on('error', (e: Error) =>
        this.logger.warn(`PostgreSQL connection error: ${e.message}`),
      );
    };
    for (const client of pool._clients ?? []) guard(client);
    pool.on('connect', guard);
  }
}
