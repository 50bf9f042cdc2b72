import { randomBytes } from 'node:crypto';
import { Body, Controller, Get, Header, Post, Query, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { WebSessionsService } from '../auth/web-sessions.service';
import { hashesEqual } from '../auth/secrets';
import { DomainError } from '../common/errors/domain.error';
import { WebPages } from './web-page.decorator';
import {
  CSRF_FIELD,
  safeNext,
  SESSION_COOKIE,
  SIGN_IN_CSRF_COOKIE,
  type WebRequest,
} from './web-request';
import { WebViews } from './web-views.service';

interface SignInForm {
  [CSRF_FIELD]?: string;
  method?: string;
  username?: string;
  password?: string;
  apiKey?: string;
  next?: string;
}

const COOKIE_BASE = { httpOnly: true, secure: true, sameSite: 'lax', path: '/' } as const;

/**
 * Sign-in (password or pasted API key) and sign-out. The session lives server-side
 * (`web_sessions`); the cookie holds its random secret: HttpOnly, Secure, SameSite=Lax. The
 * sign-in form has no session yet, so its CSRF token is double-submitted (a cookie and the form
 * must agree); every later form carries the session's token.
 */
@WebPages({ signedIn: false })
@Controller('ui')
export class WebAuthController {
  constructor(
    private readonly sessions: WebSessionsService,
    private readonly views: WebViews,
  ) {}

  @Get('sign-in')
  @Header('Cache-Control', 'no-store')
  async signInPage(
    @Req() req: WebRequest,
    @Res() res: Response,
    @Query('next') next?: string,
    @Query('signedOut') signedOut?: string,
  ): Promise<void> {
    // Already signed in: go on.
    if (await this.sessions.authenticate(req.cookies?.[SESSION_COOKIE])) {
      res.redirect(303, safeNext(next));
      return;
    }
    this.renderSignIn(res, 200, {
      next: safeNext(next),
      notice: signedOut ? 'You are signed out.' : next ? 'Sign in to see that page.' : undefined,
    });
  }

  @Post('sign-in')
  @Header('Cache-Control', 'no-store')
  async signIn(@Req() req: WebRequest, @Res() res: Response, @Body() form: SignInForm) {
    const next = safeNext(form.next);
    const expected = req.cookies?.[SIGN_IN_CSRF_COOKIE];
    const given = form[CSRF_FIELD];
    if (
      !expected ||
      typeof given !== 'string' ||
      !/^[0-9a-f]{64}$/.test(given) ||
      !/^[0-9a-f]{64}$/.test(expected) ||
      !hashesEqual(expected, given)
    ) {
      this.renderSignIn(res, 403, {
        next,
        error: 'The sign-in form was stale or did not come from this site: try again.',
      });
      return;
    }
    try {
      const opened =
        form.method === 'api-key'
          ? await this.sessions.signInWithApiKey(String(form.apiKey ?? ''))
          : await this.sessions.signInWithPassword(
              String(form.username ?? ''),
              String(form.password ?? ''),
            );
      res.clearCookie(SIGN_IN_CSRF_COOKIE, { path: '/' });
      res.cookie(SESSION_COOKIE, opened.token, COOKIE_BASE);
      res.redirect(303, next);
    } catch (e) {
      if (!(e instanceof DomainError) || e.code !== 'SIGN_IN_FAILED') throw e;
      this.renderSignIn(res, 401, {
        next,
        error: `Sign-in refused: ${e.detail}.`,
        username: form.method === 'api-key' ? undefined : form.username,
      });
    }
  }

  @Post('sign-out')
  async signOut(@Req() req: WebRequest, @Res() res: Response, @Body() form: SignInForm) {
    const session = await this.sessions.authenticate(req.cookies?.[SESSION_COOKIE]);
    if (session) {
      if (!WebSessionsService.csrfMatches(session, form[CSRF_FIELD])) {
        throw new DomainError('CSRF_REFUSED', 'the sign-out form was stale: reload and try again');
      }
      await this.sessions.signOut(session.sessionId, session.actor);
    }
    res.clearCookie(SESSION_COOKIE, { path: '/' });
    res.redirect(303, '/ui/sign-in?signedOut=1');
  }

  private renderSignIn(
    res: Response,
    status: number,
    data: { next: string; error?: string; notice?: string; username?: string },
  ): void {
    const signInCsrf = randomBytes(32).toString('hex');
    res.cookie(SIGN_IN_CSRF_COOKIE, signInCsrf, { ...COOKIE_BASE, maxAge: 60 * 60 * 1000 });
    this.views.send(res, status, null, 'sign-in', { title: 'Sign in' }, { ...data, signInCsrf });
  }
}
