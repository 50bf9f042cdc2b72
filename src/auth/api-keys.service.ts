import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditActor, AuditService } from '../audit/audit.service';
import type { Actor } from '../common/auth/roles';
import { newId } from '../common/base.entity';
import { UnitOfWork } from '../common/database/unit-of-work.service';
import { DomainError, NotFoundError } from '../common/errors/domain.error';
import { ApiKey } from './api-key.entity';
import { ApiKeyDto, CreateApiKeyDto, CreatedApiKeyDto } from './dto/auth.dto';
import { generateApiKey, hashesEqual, parseApiKey, sha256Hex } from './secrets';
import { User } from './user.entity';

export function toApiKeyDto(k: ApiKey): ApiKeyDto {
  return {
    id: k.id,
    userId: k.userId,
    name: k.name,
    prefix: k.prefix,
    createdAt: k.createdAt,
    expiresAt: k.expiresAt,
    revokedAt: k.revokedAt,
    lastUsedAt: k.lastUsedAt,
    rotatedFromId: k.rotatedFromId,
  };
}

function auditView(k: ApiKey): Record<string, unknown> {
  return {
    userId: k.userId,
    name: k.name,
    prefix: k.prefix,
    expiresAt: k.expiresAt,
    revokedAt: k.revokedAt,
    rotatedFromId: k.rotatedFromId,
  };
}

// lastUsedAt is a hint for "is this key still in use?", so it is written at most once a minute.
const LAST_USED_RESOLUTION_MS = 60_000;

@Injectable()
export class ApiKeysService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly audit: AuditService,
  ) {}

  /** The caller's key from `Authorization: Bearer`, or null when it is unknown, revoked or expired. */
  async authenticate(presented: string): Promise<Actor | null> {
    const parsed = parseApiKey(presented);
    if (!parsed) return null;
    const key = await this.dataSource
      .getRepository(ApiKey)
      .createQueryBuilder('k')
      .innerJoinAndSelect('k.user', 'u')
      .where('k.prefix = :prefix', { prefix: parsed.prefix })
      .getOne();
    if (!key || !key.user || !hashesEqual(key.keyHash, sha256Hex(presented))) return null;
    const now = new Date();
    if (key.revokedAt !== null || !key.user.active) return null;
    if (key.expiresAt !== null && new Date(key.expiresAt) <= now) return null;
    if (
      key.lastUsedAt === null ||
      now.getTime() - new Date(key.lastUsedAt).getTime() > LAST_USED_RESOLUTION_MS
    ) {
      await this.dataSource
        .getRepository(ApiKey)
        .update({ id: key.id }, { lastUsedAt: now.toISOString() });
    }
    return {
      userId: key.user.id,
      username: key.user.username,
      displayName: key.user.displayName,
      roles: key.user.roles,
      apiKeyId: key.id,
    };
  }

  /** Keys the caller may see: their own; an admin sees every key. */
  async list(actor: Actor, userId?: string): Promise<ApiKey[]> {
    const isAdmin = actor.roles.includes('admin');
    const owner = isAdmin ? userId : actor.userId;
    return this.dataSource.getRepository(ApiKey).find({
      where: owner ? { userId: owner } : {},
      order: { createdAt: 'ASC' },
    });
  }

  /** Another member's key answers 404, as if it did not exist, unless the caller is an admin. */
  async getVisible(actor: Actor, id: string, manager?: EntityManager): Promise<ApiKey> {
    const repo = (manager ?? this.dataSource.manager).getRepository(ApiKey);
    const key = await repo.findOneBy({ id });
    if (!key || (key.userId !== actor.userId && !actor.roles.includes('admin'))) {
      throw new NotFoundError('API key', id);
    }
    return key;
  }

  create(actor: Actor, dto: CreateApiKeyDto): Promise<CreatedApiKeyDto> {
    return this.uow.run(async (m) => {
      let userId = actor.userId;
      if (dto.userId && dto.userId !== actor.userId) {
        if (!actor.roles.includes('admin')) {
          throw new DomainError('FORBIDDEN_ROLE', 'only an admin creates keys for another user', [
            {
              field: 'userId',
              code: 'ADMIN_ONLY',
              message: 'only an admin creates keys for another user',
            },
          ]);
        }
        if (!(await m.getRepository(User).existsBy({ id: dto.userId }))) {
          throw new DomainError('VALIDATION_FAILED', `user ${dto.userId} does not exist`, [
            { field: 'userId', code: 'UNKNOWN_USER', message: 'no such user' },
          ]);
        }
        userId = dto.userId;
      }
      if (dto.expiresAt && new Date(dto.expiresAt) <= new Date()) {
        throw new DomainError('VALIDATION_FAILED', 'expiresAt is in the past', [
          { field: 'expiresAt', code: 'IN_THE_PAST', message: 'expiresAt must be in the future' },
        ]);
      }
      return this.issue(m, actor, {
        userId,
        name: dto.name,
        expiresAt: dto.expiresAt ? new Date(dto.expiresAt).toISOString() : null,
        rotatedFromId: null,
      });
    });
  }

  /** Issues a key inside an existing transaction (bootstrap, seeding, rotation). */
  async issue(
    manager: EntityManager,
    actor: AuditActor,
    spec: { userId: string; name: string; expiresAt: string | null; rotatedFromId: string | null },
  ): Promise<CreatedApiKeyDto> {
    const generated = generateApiKey();
    const key = manager.getRepository(ApiKey).create({
      id: newId(),
      userId: spec.userId,
      name: spec.name,
      prefix: generated.prefix,
      keyHash: generated.hash,
      expiresAt: spec.expiresAt,
      revokedAt: null,
      lastUsedAt: null,
      rotatedFromId: spec.rotatedFromId,
    });
    await manager.getRepository(ApiKey).insert(key);
    const saved = await manager.getRepository(ApiKey).findOneByOrFail({ id: key.id });
    await this.audit.record(manager, {
      actor,
      action: 'create',
      entity: 'api_key',
      id: key.id,
      after: auditView(saved),
    });
    return { ...toApiKeyDto(saved), key: generated.key };
  }

  revoke(actor: Actor, id: string, reason?: string): Promise<ApiKey> {
    return this.uow.run(async (m) => {
      const key = await this.getVisible(actor, id, m);
      if (key.revokedAt !== null)
        throw new DomainError('API_KEY_REVOKED', `API key ${id} was revoked at ${key.revokedAt}`);
      const before = auditView(key);
      key.revokedAt = new Date().toISOString();
      await m.getRepository(ApiKey).update({ id }, { revokedAt: key.revokedAt });
      await this.audit.record(m, {
        actor,
        action: 'revoke',
        entity: 'api_key',
        id,
        before,
        after: auditView(key),
        reason: reason ?? null,
      });
      return key;
    });
  }

  /** Rotation: a new key with the same owner, name and expiry; the old one is revoked at once. */
  rotate(actor: Actor, id: string): Promise<CreatedApiKeyDto> {
    return this.uow.run(async (m) => {
      const old = await this.getVisible(actor, id, m);
      if (old.revokedAt !== null)
        throw new DomainError('API_KEY_REVOKED', `API key ${id} was revoked at ${old.revokedAt}`);
      const before = auditView(old);
      old.revokedAt = new Date().toISOString();
      await m.getRepository(ApiKey).update({ id }, { revokedAt: old.revokedAt });
      await this.audit.record(m, {
        actor,
        action: 'rotate',
        entity: 'api_key',
        id,
        before,
        after: auditView(old),
      });
      return this.issue(m, actor, {
        userId: old.userId,
        name: old.name,
        expiresAt: old.expiresAt,
        rotatedFromId: old.id,
      });
    });
  }
}
