import type { EntityManager } from 'typeorm';
import { NotFoundError } from '../common/errors/domain.error';
import { Run } from './run.entity';

/**
 * Loads a run to change it inside a transaction. On PostgreSQL the row is locked (FOR UPDATE)
 * so two nodes cannot, say, approve and amend it at once; SQLite's UnitOfWork already runs
 * writers one at a time and has no row locks.
 */
export async function lockRun(manager: EntityManager, id: string): Promise<Run> {
  const qb = manager.getRepository(Run).createQueryBuilder('r').where('r.id = :id', { id });
  if (manager.connection.options.type === 'postgres') qb.setLock('pessimistic_write');
  const run = await qb.getOne();
  if (!run) throw new NotFoundError('Run', id);
  return run;
}
