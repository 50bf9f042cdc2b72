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
  /** A reviewer's approve or reject: see {@link returnedToDraft}. */
  decision = false,
): Promise<ProtocolVersion> {
  const repo = manager.getRepository(ProtocolVersion);
  const version = await repo.findOne({
    where: { id },
    ...(lock && manager.connection.options.type === 'postgres'
      ? { lock: { mode: 'pessimistic_write' as const } }
      : {}),
  });
  const visible =
    version !== null &&
    (canSeeVersion(actor, version) ||
      (decision && actor.roles.includes('manager') && returnedToDraft(version)));
  if (!visible) throw new NotFoundError('Protocol version', id);
  return version;
}

/**
 * A draft with review comments was rejected: a moment ago it was in review and visible to every
 * lab member. A second manager approving or rejecting it at the same time gets the lifecycle's
 * 409 (it is a draft now), not a 404 that would say it never existed. Its content stays hidden.
 */
export function returnedToDraft(
  version: Pick<ProtocolVersion, 'status' | 'reviewComments'>,
): boolean {
  return version.status === 'draft' && version.reviewComments !== null;
}
