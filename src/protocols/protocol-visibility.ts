import type { EntityManager } from 'typeorm';
import type { Actor } from '../common/auth/roles';
import { NotFoundError } from '../common/errors/domain.error';
import { ProtocolVersion } from './protocol-version.entity';

/**
 * A draft is private to its author (and admins); a version in review, approved or retired is
 * visible to every lab member. A hidden version answers 404, as if it did not exist.
 */
export function canSeeVersion(
  actor: Pick<Actor, 'userId' | 'roles'>,
  version: Pick<ProtocolVersion, 'status' | 'authorId'>,
): boolean {
  if (version.status !== 'draft') return true;
  return version.authorId === actor.userId || actor.roles.includes('admin');
}

/**
 * Loads a version the actor may see, inside the caller's transaction; with `lock`, the row is
 * locked against concurrent transitions on PostgreSQL (SQLite's queue already serialises).
 */
export async function loadVisibleVersion(
  manager: EntityManager,
  actor: Pick<Actor, 'userId' | 'roles'>,
  id: string,
  lock = false,
): Promise<ProtocolVersion> {
  const repo = manager.getRepository(ProtocolVersion);
  const version = await repo.findOne({
    where: { id },
    ...(lock && manager.connection.options.type === 'postgres'
      ? { lock: { mode: 'pessimistic_write' as const } }
      : {}),
  });
  if (!version || !canSeeVersion(actor, version)) throw new NotFoundError('Protocol version', id);
  return version;
}
