import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { BaseEntity } from '../common/base.entity';
import { User } from './user.entity';

/**
 * An API key. The secret is shown once at creation; only its sha256 is stored. The prefix
 * (the key's first characters, not secret) finds the row without scanning.
 */
@Entity({ name: 'api_keys' })
export class ApiKey extends BaseEntity {
  @Index('ix_api_keys_user')
  @Column({ name: 'user_id', type: 'varchar', length: 36 })
  userId!: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: User;

  @Column({ type: 'varchar', length: 100 })
  name!: string;

  @Index('uq_api_keys_prefix', { unique: true })
  @Column({ type: 'varchar', length: 32 })
  prefix!: string;

  @Column({ name: 'key_hash', type: 'varchar', length: 64 })
  keyHash!: string;

  @Column({ name: 'expires_at', type: 'varchar', length: 30, nullable: true })
  expiresAt!: string | null;

  @Column({ name: 'revoked_at', type: 'varchar', length: 30, nullable: true })
  revokedAt!: string | null;

  @Column({ name: 'last_used_at', type: 'varchar', length: 30, nullable: true })
  lastUsedAt!: string | null;

  /** The key this one replaced by rotation, if any. */
  @Column({ name: 'rotated_from_id', type: 'varchar', length: 36, nullable: true })
  rotatedFromId!: string | null;
}
