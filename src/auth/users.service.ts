import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditActor, AuditService } from '../audit/audit.service';
import type { Actor } from '../common/auth/roles';
import { newId } from '../common/base.entity';
import { UnitOfWork } from '../common/database/unit-of-work.service';
import { DomainError, NotFoundError } from '../common/errors/domain.error';
import { ChangePasswordDto, CreateUserDto, UpdateUserDto, UserDto } from './dto/auth.dto';
import { hashPassword, verifyPassword } from './secrets';
import { assertAdminCredentialRemains, lockAdminCredentials } from './admin-credentials';
import { ApiKeysService } from './api-keys.service';
import { User } from './user.entity';

/** What the audit trail keeps of a user: never the password hash. */
function auditView(u: User): Record<string, unknown> {
  return {
    username: u.username,
    displayName: u.displayName,
    roles: u.roles,
    active: u.active,
    hasPassword: u.passwordHash !== null,
  };
}

export function toUserDto(u: User): UserDto {
  return {
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    roles: u.roles,
    active: u.active,
    hasPassword: u.passwordHash !== null,
    createdAt: u.createdAt,
  };
}

@Injectable()
export class UsersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly audit: AuditService,
    private readonly apiKeys: ApiKeysService,
  ) {}

  list(): Promise<User[]> {
    return this.dataSource.getRepository(User).find({ order: { username: 'ASC' } });
  }

  async get(id: string): Promise<User> {
    const user = await this.dataSource.getRepository(User).findOneBy({ id });
    if (!user) throw new NotFoundError('User', id);
    return user;
  }

  create(actor: AuditActor, dto: CreateUserDto): Promise<User> {
    return this.uow.run((m) => this.createIn(m, actor, dto));
  }

  /** Creates a user inside an existing transaction (bootstrap and seeding use this). */
  async createIn(manager: EntityManager, actor: AuditActor, dto: CreateUserDto): Promise<User> {
    const repo = manager.getRepository(User);
    if (await repo.existsBy({ username: dto.username })) {
      throw new DomainError('USERNAME_TAKEN', `username ${dto.username} is taken`, [
        { field: 'username', code: 'UNIQUE', message: 'username is taken' },
      ]);
    }
    const user = repo.create({
      id: newId(),
      username: dto.username,
      displayName: dto.displayName,
      roles: dto.roles,
      passwordHash: dto.password ? await hashPassword(dto.password) : null,
      active: true,
    });
    await repo.insert(user);
    await this.audit.record(manager, {
      actor,
      action: 'create',
      entity: 'user',
      id: user.id,
      after: auditView(user),
    });
    return user;
  }

  async update(actor: Actor, id: string, dto: UpdateUserDto): Promise<User> {
    const updated = await this.uow.run(async (m) => {
      await lockAdminCredentials(m);
      const repo = m.getRepository(User);
      const user = await repo.findOneBy({ id });
      if (!user) throw new NotFoundError('User', id);
      const before = auditView(user);
      const wasAdmin = user.roles.includes('admin');
      if (dto.roles) user.roles = dto.roles;
      if (dto.displayName) user.displayName = dto.displayName;
      await repo.save(user);
      if (wasAdmin && !user.roles.includes('admin')) {
        await assertAdminCredentialRemains(m, `taking the admin role from ${user.username}`);
      }
      await this.audit.record(m, {
        actor,
        action: 'update',
        entity: 'user',
        id,
        before,
        after: auditView(user),
      });
      return user;
    });
    // Roles travel with the authenticated key: forget the cached ones.
    this.apiKeys.forgetCachedKeys();
    return updated;
  }

  async setActive(actor: Actor, id: string, active: boolean, reason: string): Promise<User> {
    const changed = await this.uow.run(async (m) => {
      await lockAdminCredentials(m);
      const repo = m.getRepository(User);
      const user = await repo.findOneBy({ id });
      if (!user) throw new NotFoundError('User', id);
      if (user.id === actor.userId && !active) {
        throw new DomainError('CONFLICT', 'you cannot deactivate yourself');
      }
      const before = auditView(user);
      user.active = active;
      await repo.save(user);
      if (!active) await assertAdminCredentialRemains(m, `deactivating ${user.username}`);
      await this.audit.record(m, {
        actor,
        action: active ? 'activate' : 'deactivate',
        entity: 'user',
        id,
        before,
        after: auditView(user),
        reason,
      });
      return user;
    });
    this.apiKeys.forgetCachedKeys();
    return changed;
  }

  changePassword(actor: Actor, dto: ChangePasswordDto): Promise<void> {
    return this.uow.run(async (m) => {
      const repo = m.getRepository(User);
      const user = await repo.findOneByOrFail({ id: actor.userId });
      if (
        user.passwordHash !== null &&
        !(await verifyPassword(dto.currentPassword ?? '', user.passwordHash))
      ) {
        throw new DomainError('REAUTHENTICATION_FAILED', 'the current password is wrong', [
          {
            field: 'currentPassword',
            code: 'WRONG_PASSWORD',
            message: 'the current password is wrong',
          },
        ]);
      }
      const before = auditView(user);
      user.passwordHash = await hashPassword(dto.newPassword);
      await repo.save(user);
      await this.audit.record(m, {
        actor,
        action: 'change-password',
        entity: 'user',
        id: user.id,
        before,
        after: auditView(user),
      });
    });
  }

  /**
   * Re-authentication for electronic signatures: the signer types their password again.
   * Throws REAUTHENTICATION_FAILED naming the `password` field.
   */
  async reauthenticate(userId: string, password: string): Promise<User> {
    const user = await this.dataSource.getRepository(User).findOneBy({ id: userId });
    if (!user || !user.active || !(await verifyPassword(password, user.passwordHash))) {
      throw new DomainError('REAUTHENTICATION_FAILED', 'signature refused: the password is wrong', [
        { field: 'password', code: 'WRONG_PASSWORD', message: 'the password is wrong or not set' },
      ]);
    }
    return user;
  }
}
