import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, IsNull } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../common/auth/roles';
import { newId } from '../common/base.entity';
import { UnitOfWork } from '../common/database/unit-of-work.service';
import { DomainError } from '../common/errors/domain.error';
import type { EnvironmentVariables } from '../config/env.validation';
import { ApiKey } from './api-key.entity';
import { ApiKeysService } from './api-keys.service';
import { hashesEqual, hashPassword, sha256Hex, verifyPassword } from './secrets';
import { User } from './user.entity';
import { WebSession, type WebSignInMethod } from './web-session.entity';

/** The browser session's cookie (set by the web UI's sign-in, src/web). */
export const WEB_SESSION_COOKIE = 'thiolab_session';

/** A session that authenticated: who, and the session's CSRF token for the page's forms. */
export interface AuthenticatedWebSession {
  sessionId: string;
  actor: Actor;
  csrfToken: string;
  signedInWith: WebSignInMethod;
  expiresAt: string;
}

/** A new session: the cookie's secret is returned once and never stored. */
export interface OpenedWebSession extends AuthenticatedWebSession {
  token: string;
}

// The idle deadline is moved forward at most once a minute: not a write on every request.
const IDLE_RESOLUTION_MS = 60_000;
const SIGN_IN_REFUSED = 'the username or password is wrong, or the user has no password';

/**
 * Browser sessions of the web UI, opened by a password or by pasting an API key. The session
 * carries the same Actor as an API key would, read fresh from the user on every request (roles
 * and deactivation apply at once), so pages go through the same role and visibility rules.
 */
@Injectable()
export class WebSessionsService {
  private readonly idleMs: number;
  private readonly maxMs: number;
  private dummyHash: Promise<string> | null = null;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly audit: AuditService,
    private readonly apiKeys: ApiKeysService,
    config: ConfigService<EnvironmentVariables, true>,
  ) {
    this.idleMs = config.get('WEB_SESSION_IDLE_MINUTES', { infer: true }) * 60_000;
    this.maxMs = config.get('WEB_SESSION_MAX_HOURS', { infer: true }) * 3_600_000;
  }

  /** Signs in with a username and password; SIGN_IN_FAILED without saying which was wrong. */
  async signInWithPassword(username: string, password: string): Promise<OpenedWebSession> {
    const user = await this.dataSource.getRepository(User).findOneBy({ username });
    // An unknown user costs the same scrypt as a known one: no timing oracle on usernames.
    const hash = user?.passwordHash ?? (await this.dummy());
    const ok = await verifyPassword(password, hash);
    if (!user || !user.passwordHash || !user.active || !ok) {
      throw new DomainError('SIGN_IN_FAILED', SIGN_IN_REFUSED, [
        { field: 'password', code: 'SIGN_IN_FAILED', message: SIGN_IN_REFUSED },
      ]);
    }
    return this.open(user, 'password', null);
  }

  /** Signs in with an API key pasted into the form (a user without a password uses this). */
  async signInWithApiKey(key: string): Promise<OpenedWebSession> {
    const actor = await this.apiKeys.authenticate(key.trim());
    if (!actor) {
      throw new DomainError('SIGN_IN_FAILED', 'the API key is unknown, revoked or expired', [
        { field: 'apiKey', code: 'SIGN_IN_FAILED', message: 'the API key is not valid' },
      ]);
    }
    const user = await this.dataSource.getRepository(User).findOneByOrFail({ id: actor.userId });
    return this.open(user, 'api-key', actor.apiKeyId);
  }

  /** The session of a cookie's token, or null when it is unknown, ended or expired. */
  async authenticate(token: string | undefined): Promise<AuthenticatedWebSession | null> {
    if (!token || !/^[A-Za-z0-9_-]{43}$/.test(token)) return null;
    const hash = sha256Hex(token);
    const session = await this.dataSource
      .getRepository(WebSession)
      .createQueryBuilder('s')
      .innerJoinAndSelect('s.user', 'u')
      .where('s.tokenHash = :hash', { hash })
      .getOne();
    if (!session || !session.user || !hashesEqual(session.tokenHash, hash)) return null;
    const now = Date.now();
    if (session.signedOutAt !== null || !session.user.active) return null;
    if (Date.parse(session.expiresAt) <= now || Date.parse(session.idleExpiresAt) <= now) {
      return null;
    }
    if (session.apiKeyId !== null && !(await this.keyStillValid(session.apiKeyId, now))) {
      return null;
    }
    const idle = Math.min(now + this.idleMs, Date.parse(session.expiresAt));
    if (idle - Date.parse(session.idleExpiresAt) > IDLE_RESOLUTION_MS) {
      await this.dataSource
        .getRepository(WebSession)
        .update({ id: session.id }, { idleExpiresAt: new Date(idle).toISOString() });
    }
    return this.view(session, session.user);
  }

  /** Ends the session (sign-out); audited on the user. */
  async signOut(sessionId: string, actor: Actor): Promise<void> {
    await this.uow.run(async (m) => {
      const ended = await m
        .getRepository(WebSession)
        .update(
          { id: sessionId, signedOutAt: IsNull() },
          { signedOutAt: new Date().toISOString() },
        );
      if (!ended.affected) return;
      await this.audit.record(m, {
        actor,
        action: 'web-sign-out',
        entity: 'user',
        id: actor.userId,
        after: { sessionId },
      });
    });
  }

  /** The CSRF token matches the session's (constant time). */
  static csrfMatches(session: Pick<AuthenticatedWebSession, 'csrfToken'>, given: unknown): boolean {
    return (
      typeof given === 'string' &&
      /^[0-9a-f]{64}$/.test(given) &&
      hashesEqual(session.csrfToken, given)
    );
  }

  private async open(
    user: User,
    method: WebSignInMethod,
    apiKeyId: string | null,
  ): Promise<OpenedWebSession> {
    const token = randomBytes(32).toString('base64url');
    const now = Date.now();
    const session = this.dataSource.getRepository(WebSession).create({
      id: newId(),
      userId: user.id,
      tokenHash: sha256Hex(token),
      csrfToken: randomBytes(32).toString('hex'),
      signedInWith: method,
      apiKeyId,
      expiresAt: new Date(now + this.maxMs).toISOString(),
      idleExpiresAt: new Date(Math.min(now + this.idleMs, now + this.maxMs)).toISOString(),
      signedOutAt: null,
    });
    const view = this.view(session, user);
    await this.uow.run(async (m) => {
      await m.getRepository(WebSession).insert(session);
      await this.audit.record(m, {
        actor: view.actor,
        action: 'web-sign-in',
        entity: 'user',
        id: user.id,
        after: { sessionId: session.id, signedInWith: method, expiresAt: session.expiresAt },
      });
    });
    return { ...view, token };
  }

  private view(session: WebSession, user: User): AuthenticatedWebSession {
    return {
      sessionId: session.id,
      csrfToken: session.csrfToken,
      signedInWith: session.signedInWith,
      expiresAt: session.expiresAt,
      actor: {
        userId: user.id,
        username: user.username,
        displayName: user.displayName,
        roles: [...user.roles],
        // The Actor names the credential in use: the pasted key, or the password session.
        apiKeyId: session.apiKeyId ?? `web-session:${session.id}`,
      },
    };
  }

  private async keyStillValid(apiKeyId: string, now: number): Promise<boolean> {
    const key = await this.dataSource.getRepository(ApiKey).findOneBy({ id: apiKeyId });
    if (!key || key.revokedAt !== null) return false;
    return key.expiresAt === null || Date.parse(key.expiresAt) > now;
  }

  private dummy(): Promise<string> {
    this.dummyHash ??= hashPassword(randomBytes(16).toString('hex'));
    return this.dummyHash;
  }
}
