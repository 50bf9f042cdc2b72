import type { EntityManager } from 'typeorm';
import { DomainError } from '../common/errors/domain.error';
import { ApiKey } from './api-key.entity';

const ADMIN_CREDENTIALS_LOCK_KEY = 7_284_613;

/**
 * Lockout guard (issue 13, item 10): revoking a key, deactivating a user or taking the admin
 * role away must leave at least one active admin credential (an unrevoked, unexpired key of an
 * active user with role admin). Call {@link lockAdminCredentials} before the change and
 * {@link assertAdminCredentialRemains} after it, in the same transaction: on PostgreSQL the lock
 * stops two admins from revoking each other's last keys at once; SQLite runs writers one at a
 * time. If every admin key expires anyway, `npm run admin:recover` on the server issues one.
 */
export async function lockAdminCredentials(manager: EntityManager): Promise<void> {
  if (manager.connection.options.type === 'postgres') {
    await manager.query('SELECT pg_advisory_xact_lock($1)', [ADMIN_CREDENTIALS_LOCK_KEY]);
  }
}

/** The number of usable admin keys, as this transaction sees them. */
export async function activeAdminCredentials(manager: EntityManager): Promise<number> {
  const keys = await manager
    .getRepository(ApiKey)
    .createQueryBuilder('k')
    .innerJoinAndSelect('k.user', 'u')
    .where('k.revokedAt IS NULL')
    .andWhere('u.active = :active', { active: true })
    .getMany();
  const now = Date.now();
  return keys.filter(
    (k) =>
      k.user?.roles.includes('admin') &&
      (k.expiresAt === null || new Date(k.expiresAt).getTime() > now),
  ).length;
}

/** 409 LAST_ADMIN_CREDENTIAL when the change made in this transaction left no admin key. */
export async function assertAdminCredentialRemains(
  manager: EntityManager,
  what: string,
): Promise<void> {
  if ((await activeAdminCredentials(manager)) > 0) return;
  const message =
    `${what} would leave no active admin credential, and nobody could administer the server; ` +
    'first create another admin key (POST /api/v1/api-keys, for a user with role admin), ' +
    'then do this. A server already locked out is recovered with `npm run admin:recover` ' +
    'on the server machine (README, "Recovering admin access").';
  throw new DomainError('LAST_ADMIN_CREDENTIAL', message, [
    { field: 'id', code: 'LAST_ADMIN_CREDENTIAL', message },
  ]);
}
