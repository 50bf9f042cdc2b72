import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { BROWSER_READABLE, IS_PUBLIC, REQUIRED_ROLES } from '../common/auth/auth.decorators';
import type { Actor, Role } from '../common/auth/roles';
import { DomainError } from '../common/errors/domain.error';
import { ApiKeysService } from './api-keys.service';
import { WEB_SESSION_COOKIE, WebSessionsService } from './web-sessions.service';

/**
 * Global guard: authenticates `Authorization: Bearer <key>` on every route not marked
 * @Public, then checks the route's @Roles. A route that names no roles is refused: access is
 * denied by default. `admin` passes every role check.
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly apiKeys: ApiKeysService,
    private readonly webSessions: WebSessionsService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const req = context.switchToHttp().getRequest<{
      method: string;
      headers: Record<string, string | undefined>;
      cookies?: Record<string, string | undefined>;
      actor?: Actor;
    }>();
    const header = req.headers['authorization'];
    let actor: Actor | null;
    if (!header) {
      actor = await this.browserSession(req, targets);
      if (!actor)
        throw new DomainError(
          'UNAUTHENTICATED',
          'send an API key as "Authorization: Bearer <key>"',
        );
    } else {
      const match = /^Bearer\s+(\S+)$/i.exec(header);
      actor = match ? await this.apiKeys.authenticate(match[1]) : null;
      if (!actor)
        throw new DomainError('INVALID_API_KEY', 'the API key is unknown, revoked or expired');
    }
    req.actor = actor;
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(REQUIRED_ROLES, targets);
    if (!roles || roles.length === 0) {
      throw new DomainError(
        'FORBIDDEN_ROLE',
        'this route declares no roles, so nobody may call it',
      );
    }
    if (!actor.roles.includes('admin') && !roles.some((r) => actor.roles.includes(r))) {
      throw new DomainError('FORBIDDEN_ROLE', `this needs one of the roles: ${roles.join(', ')}`);
    }
    return true;
  }

  /** A web UI session on a @BrowserReadable GET route (plots opened from a page), else null. */
  private async browserSession(
    req: { method: string; cookies?: Record<string, string | undefined> },
    targets: (
      ReturnType<ExecutionContext['getHandler']> | ReturnType<ExecutionContext['getClass']>
    )[],
  ): Promise<Actor | null> {
    if (req.method !== 'GET' && req.method !== 'HEAD') return null;
    if (!this.reflector.getAllAndOverride<boolean>(BROWSER_READABLE, targets)) return null;
    const session = await this.webSessions.authenticate(req.cookies?.[WEB_SESSION_COOKIE]);
    return session?.actor ?? null;
  }
}
