import type { EntityManager } from 'typeorm';

/**
 * The node-postgres client of the manager's open PostgreSQL transaction, if it has one: for the
 * few hot-path statements that need what TypeORM's query() does not offer (a named prepared
 * statement, a simple query of several statements). Typed by the caller, as the part of the
 * client it uses.
 */
export function pgTransactionClient<Client>(manager: EntityManager): Client | undefined {
  if (manager.connection.options.type !== 'postgres') return undefined;
  const runner = manager.queryRunner as
    { isTransactionActive: boolean; databaseConnection?: Client } | undefined;
  return runner?.isTransactionActive ? runner.databaseConnection : undefined;
}
