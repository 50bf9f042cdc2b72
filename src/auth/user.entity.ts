import { Column, Entity, Index } from 'typeorm';
import { BaseEntity } from '../common/base.entity';
import type { Role } from '../common/auth/roles';

@Entity({ name: 'users' })
export class User extends BaseEntity {
  @Index('uq_users_username', { unique: true })
  @Column({ type: 'varchar', length: 64 })
  username!: string;

  @Column({ name: 'display_name', type: 'varchar', length: 200 })
  displayName!: string;

  /** Comma-free JSON array of roles. */
  @Column({ type: 'simple-json' })
  roles!: Role[];

  /** scrypt hash (`scrypt$N$r$p$salt$hash`), or null until the user sets a password. */
  @Column({ name: 'password_hash', type: 'varchar', length: 255, nullable: true })
  passwordHash!: string | null;

  @Column({ type: 'boolean', default: true })
  active!: boolean;
}
