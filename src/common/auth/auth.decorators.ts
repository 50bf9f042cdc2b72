import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Actor, Role } from './roles';

export const IS_PUBLIC = 'thiolab:isPublic';
export const REQUIRED_ROLES = 'thiolab:roles';
export const BROWSER_READABLE = 'thiolab:browserReadable';

/** The route needs no API key (health, docs). */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC, true);

/**
 * The roles allowed on a route or controller. Every non-public route must name its roles:
 * a route with none is refused (deny by default). `admin` passes every role check.
 */
export const Roles = (...roles: Role[]): MethodDecorator & ClassDecorator =>
  SetMetadata(REQUIRED_ROLES, roles);

/**
 * A GET route a signed-in browser of the web UI may read with its session cookie instead of a
 * Bearer key (plots shown on pages and opened by link). The route's @Roles still apply; only
 * GET, so the cookie never authorises a change (no CSRF exposure).
 */
export const BrowserReadable = (): MethodDecorator => SetMetadata(BROWSER_READABLE, true);

/** Injects the authenticated Actor. */
export const CurrentActor = createParamDecorator((_: unknown, ctx: ExecutionContext): Actor => {
  const req = ctx.switchToHttp().getRequest<{ actor?: Actor }>();
  if (!req.actor) throw new Error('CurrentActor used on a public route');
  return req.actor;
});
