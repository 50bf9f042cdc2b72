import type { Request } from 'express';
import { type AuthenticatedWebSession, WEB_SESSION_COOKIE } from '../auth/web-sessions.service';
import type { Actor } from '../common/auth/roles';

/** The session cookie: a random secret, HttpOnly, Secure, SameSite=Lax, path /. */
export const SESSION_COOKIE = WEB_SESSION_COOKIE;
/** Before sign-in there is no session: the sign-in form's CSRF token is double-submitted. */
export const SIGN_IN_CSRF_COOKIE = 'thiolab_signin_csrf';
/** Form field and header that carry the CSRF token. */
export const CSRF_FIELD = '_csrf';
export const CSRF_HEADER = 'x-csrf-token';

/** A request to a page of the UI, after the session guard. */
export interface WebRequest extends Request {
  cookies: Record<string, string | undefined>;
  actor?: Actor;
  webSession?: AuthenticatedWebSession;
}

/** Only same-site paths of the UI are followed after sign-in (no open redirect). */
export function safeNext(next: unknown): string {
  return typeof next === 'string' && /^\/ui(\/[\w\-./?=&%]*)?$/.test(next) && !next.includes('//')
    ? next
    : '/ui';
}
