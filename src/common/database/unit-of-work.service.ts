import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

/**
 * Runs a unit of work in one database transaction.
 *
 * Why not `dataSource.transaction` directly: TypeORM's better-sqlite3 driver has a single
 * connection and query runner, so two concurrent transactions would nest as savepoints of
 * one another and a rollback of one could undo the other. On SQLite the units are therefore
 * queued, one at a time (SQLite serialises writers anyway). PostgreSQL runs them
 * concurrently on pooled connections.
 */
@Injectable()
export class UnitOfWork {
  private tail: Promise<unknown> = Promise.resolve();
  private readonly serialise: boolean;

  constructor(@InjectDataSource() readonly dataSource: DataSource) {
    this.serialise = dataSource.options.type === 'better-sqlite3';
  }

  get engine(): 'sqlite' | 'postgres' {
    return this.serialise ? 'sqlite' : 'postgres';
  }

  run<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    if (!this.serialise) return this.dataSource.transaction(work);
    const result = this.tail.then(() => this.dataSource.transaction(work));
    // Keep the queue going whatever this unit's outcome.
    this.tail = result.catch(() => undefined);
    return result;
  }
}
