import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { BaseEntity } from '../common/base.entity';
import { User } from './user.entity';

/** How a browser session was opened. */
export type WebSignInMethod = 'password' | 'api-key';

/**
 * A signed-in browser session of the web UI (src/web). The cookie holds a random secret; only
 * its sha256 is stored, as for API keys. The session ends at `expiresAt` (absolute), after
 * `idleExpiresAt` without a request, at sign-out, or when its user is deactivated; a session
 * opened with an API key also ends when that key is revoked or expires.
 */
@Entity({ name: 'web_sessions' })
export class WebSession extends BaseEntity {
  @Index('ix_web_sessions_user')
  @Column({ name: 'user_id', type: 'varchar', length: 36 })
  userId!: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: User;

  @Index('uq_web_sessions_token_hash', { unique: true })
  @Column({ name: 'token_hash', type: 'varchar', length: 64 })
  tokenHash!: string;

  /** The session's CSRF token: every form of the UI carries it back. */
  @Column({ name: 'csrf_token', type: 'varchar', length: 64 })
  csrfToken!: string;

  @Column({ name: 'signed_in_with', type: 'varchar', length: 16 })
  signedInWith!: WebSignInMethod;

  /** The API key pasted to sign in (null for a password sign-in). */
  @Column({ name: 'api_key_id', type: 'varchar', length: 36, nullable: true })
  apiKeyId!: string | null;

  @Column({ name: 'expires_at', type: 'varchar', length: 30 })
  expiresAt!: string;

  @Column({ name: 'idle_expires_at', type: 'varchar', length: 30 })
  idleExpiresAt!: string;

  @Column({ name: 'signed_out_at', type: 'varchar', length: 30, nullable: true })
  signedOutAt!: string | null;
}
