import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { WebSessionsService } from '../auth/web-sessions.service';
import { REQUIRED_ROLES } from '../common/auth/auth.decorators';
import type { Role } from '../common/auth/roles';
import { DomainError } from '../common/errors/domain.error';
import { WebSignInRequired } from './web-errors';
import { CSRF_FIELD, CSRF_HEADER, SESSION_COOKIE, type WebRequest } from './web-request';

/** Routes whose form is multipart: the handler checks the CSRF token once the body is parsed. */
export const CSRF_IN_HANDLER = 'thiolab:web:csrfInHandler';

/**
 * The pages' guard: a signed-in browser session (the cookie), then the route's @Roles exactly
 * as the API's guard reads them (deny by default, admin passes), then the CSRF token on every
 * request that changes something.
 */
@Injectable()
export class WebSessionGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly sessions: WebSessionsService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<WebRequest>();
    const session = await this.sessions.authenticate(req.cookies?.[SESSION_COOKIE]);
    if (!session) {
      throw new WebSignInRequired(req.method === 'GET' ? req.originalUrl : undefined);
    }
    req.actor = session.actor;
    req.webSession = session;
    const targets = [context.getHandler(), context.getClass()];
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(REQUIRED_ROLES, targets);
    if (!roles || roles.length === 0) {
      throw new DomainError('FORBIDDEN_ROLE', 'this page declares no roles, so nobody may open it');
    }
    const actor = session.actor;
    if (!actor.roles.includes('admin') && !roles.some((r) => actor.roles.includes(r))) {
      throw new DomainError(
        'FORBIDDEN_ROLE',
        `this page needs one of the roles: ${roles.join(', ')}`,
      );
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      if (this.reflector.getAllAndOverride<boolean>(CSRF_IN_HANDLER, targets)) return true;
      assertCsrf(req);
    }
    return true;
  }
}

/** CSRF_REFUSED unless the form field or header carries the session's token. */
export function assertCsrf(req: WebRequest): void {
  const body = (req.body ?? {}) as Record<string, unknown>;
  const given = body[CSRF_FIELD] ?? req.headers[CSRF_HEADER];
  if (!req.webSession || !WebSessionsService.csrfMatches(req.webSession, given)) {
    throw new DomainError(
      'CSRF_REFUSED',
      'the form did not carry this session’s token: reload the page and submit it again',
    );
  }
}
