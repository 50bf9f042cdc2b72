import type { INestApplicationContext } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { UnitOfWork } from '../common/database/unit-of-work.service';
import { DomainError } from '../common/errors/domain.error';
import { ApiKeysService } from './api-keys.service';
import type { CreatedApiKeyDto } from './dto/auth.dto';
import { User } from './user.entity';
import { UsersService } from './users.service';

/** What `npm run admin:recover` did, for its printout and its test. */
export interface AdminRecovery {
  username: string;
  userId: string;
  /** Whether the user was created, reactivated or given the admin role back. */
  changes: string[];
  key: CreatedApiKeyDto;
}

const RECOVERY_ACTOR = { system: 'admin-recover' };

/**
 * Local recovery from an admin lockout (every admin key revoked, expired or its user
 * deactivated): run on the server machine, with the server's database settings, it makes sure
 * the named user (default `admin`) exists, is active and holds role admin, and issues a new key
 * for it. Everything it does is audited as `system:admin-recover`, in one transaction. Whoever
 * can run it already has the database, so it adds no new way in; it is the documented one.
 */
export async function recoverAdminAccess(
  app: INestApplicationContext,
  username = 'admin',
): Promise<AdminRecovery> {
  const uow = app.get(UnitOfWork);
  const users = app.get(UsersService);
  const apiKeys = app.get(ApiKeysService);
  const audit = app.get(AuditService);
  if (!/^[a-z0-9][a-z0-9._-]{1,63}$/i.test(username)) {
    throw new DomainError('VALIDATION_FAILED', `'${username}' is not a username`);
  }
  const recovery = await uow.run(async (m) => {
    const changes: string[] = [];
    let user = await m.getRepository(User).findOneBy({ username });
    if (!user) {
      user = await users.createIn(m, RECOVERY_ACTOR, {
        username,
        displayName: 'Administrator (recovered)',
        roles: ['admin'],
      });
      changes.push('created the user with role admin');
    } else if (!user.active || !user.roles.includes('admin')) {
      const before = { active: user.active, roles: [...user.roles] };
      if (!user.active) changes.push('reactivated the user');
      if (!user.roles.includes('admin')) changes.push('gave the user role admin');
      user.active = true;
      user.roles = user.roles.includes('admin') ? user.roles : [...user.roles, 'admin'];
      await m.getRepository(User).save(user);
      await audit.record(m, {
        actor: RECOVERY_ACTOR,
        action: 'recover-admin',
        entity: 'user',
        id: user.id,
        before,
        after: { active: user.active, roles: user.roles },
        reason: 'npm run admin:recover on the server',
      });
    }
    const key = await apiKeys.issue(m, RECOVERY_ACTOR, {
      userId: user.id,
      name: `recovery ${new Date().toISOString()}`,
      expiresAt: null,
      rotatedFromId: null,
    });
    return { username, userId: user.id, changes, key };
  });
  apiKeys.forgetCachedKeys();
  return recovery;
}
