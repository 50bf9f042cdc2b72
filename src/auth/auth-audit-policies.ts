import { In } from 'typeorm';
import { provideAuditReadPolicies } from '../audit/audit-read-policies';
import { REQUIRED_ROLES } from '../common/auth/auth.decorators';
import type { Actor, Role } from '../common/auth/roles';
import { ApiKey } from './api-key.entity';
import { UsersController } from './auth.controller';

/** The roles that may list users: whatever GET /users declares, so the two never disagree. */
function userListRoles(): readonly Role[] {
  return (
    (Reflect.getMetadata(REQUIRED_ROLES, UsersController.prototype.list) as Role[] | undefined) ??
    (Reflect.getMetadata(REQUIRED_ROLES, UsersController) as Role[] | undefined) ??
    []
  );
}

const canListUsers = (reader: Actor) =>
  reader.roles.includes('admin') || userListRoles().some((r) => reader.roles.includes(r));

/**
 * Audit reads of users and API keys follow their read paths: a user's history is shown to those
 * who may list users (and to the user), an API key's to its owner and admins (another member's
 * key answers 404).
 */
export const AUTH_AUDIT_READ_POLICIES = provideAuditReadPolicies({
  user: {
    visibleIds: (reader, ids) =>
      new Set(canListUsers(reader) ? ids : ids.filter((id) => id === reader.userId)),
  },
  api_key: {
    async visibleIds(reader, ids, manager) {
      if (reader.roles.includes('admin')) return new Set(ids);
      const keys = await manager
        .getRepository(ApiKey)
        .find({ select: { id: true, userId: true }, where: { id: In([...ids]) } });
      return new Set(keys.filter((k) => k.userId === reader.userId).map((k) => k.id));
    },
  },
});
