import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditActor, AuditService } from '../audit/audit.service';
import type { Actor } from '../common/auth/roles';
import { newId } from '../common/base.entity';
import { UnitOfWork } from '../common/database/unit-of-work.service';
import { DomainError, NotFoundError } from '../common/errors/domain.error';
import type { EnvironmentVariables } from '../config/env.validation';
import { assertAdminCredentialRemains, lockAdminCredentials } from './admin-credentials';
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
// Bounds the authentication cache (one entry per key prefix in use).
const MAX_CACHED_KEYS = 10_000;

/** What authentication needs of a key and its user, as read from the database. */
interface KeyState {
  keyHash: string;
  revokedAt: string | null;
  expiresAt: string | null;
  lastUsedAt: number | null;
  active: boolean;
  actor: Actor;
  readAt: number;
}

@Injectable()
export class ApiKeysService {
  /**
   * Keys read in the last AUTH_CACHE_TTL_MS, by prefix: an instrument posting hundreds of
   * plates a second is not looked up hundreds of times. The secret is still checked against
   * the stored hash on every request; revocation, rotation and user changes made through this
   * node clear the cache at once.
   */
  private readonly cache = new Map<string, KeyState>();
  private readonly cacheTtlMs: number;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly audit: AuditService,
    config: ConfigService<EnvironmentVariables, true>,
  ) {
    this.cacheTtlMs = config.get('AUTH_CACHE_TTL_MS', { infer: true }) ?? 0;
  }

  /** The caller's key from `Authorization: Bearer`, or null when it is unknown, revoked or expired. */
  async authenticate(presented: string): Promise<Actor | null> {
    const parsed = parseApiKey(presented);
    if (!parsed) return null;
    const now = Date.now();
    let state = this.cache.get(parsed.prefix);
    if (!state || now - state.readAt >= this.cacheTtlMs) {
      state = await this.readKey(parsed.prefix, now);
      if (!state) return null;
    }
    if (!hashesEqual(state.keyHash, sha256Hex(presented))) return null;
    if (state.revokedAt !== null || !state.active) return null;
    if (state.expiresAt !== null && new Date(state.expiresAt).getTime() <= now) return null;
    if (state.lastUsedAt === null || now - state.lastUsedAt > LAST_USED_RESOLUTION_MS) {
      state.lastUsedAt = now;
      await this.dataSource
        .getRepository(ApiKey)
        .update({ id: state.actor.apiKeyId }, { lastUsedAt: new Date(now).toISOString() });
    }
    return { ...state.actor, roles: [...state.actor.roles] };
  }

  /** Forgets every cached key: after a revocation, a rotation or a change to a user. */
  forgetCachedKeys(): void {
    this.cache.clear();
  }

  private async readKey(prefix: string, now: number): Promise<KeyState | undefined> {
    const key = await this.dataSource
      .getRepository(ApiKey)
      .createQueryBuilder('k')
      .innerJoinAndSelect('k.user', 'u')
      .where('k.prefix = :prefix', { prefix })
      .getOne();
    if (!key || !key.user) {
      this.cache.delete(prefix);
      return undefined;
    }
    const state: KeyState = {
      keyHash: key.keyHash,
      revokedAt: key.revokedAt,
      expiresAt: key.expiresAt,
      lastUsedAt: key.lastUsedAt === null ? null : new Date(key.lastUsedAt).getTime(),
      active: key.user.active,
      actor: {
        userId: key.user.id,
        username: key.user.username,
        displayName: key.user.displayName,
        roles: key.user.roles,
        apiKeyId: key.id,
      },
      readAt: now,
    };
    if (this.cacheTtlMs > 0) {
      if (this.cache.size >= MAX_CACHED_KEYS) this.cache.clear();
      this.cache.set(prefix, state);
    }
    return state;
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

  async revoke(actor: Actor, id: string, reason?: string): Promise<ApiKey> {
    const revoked = await this.uow.run(async (m) => {
      await lockAdminCredentials(m);
      const key = await this.getVisible(actor, id, m);
      if (key.revokedAt !== null)
        throw new DomainError('API_KEY_REVOKED', `API key ${id} was revoked at ${key.revokedAt}`);
      const before = auditView(key);
      key.revokedAt = new Date().toISOString();
      await m.getRepository(ApiKey).update({ id }, { revokedAt: key.revokedAt });
      await assertAdminCredentialRemains(m, `revoking API key ${key.prefix} (${key.name})`);
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
    this.forgetCachedKeys();
    return revoked;
  }

  /** Rotation: a new key with the same owner, name and expiry; the old one is revoked at once. */
  async rotate(actor: Actor, id: string): Promise<CreatedApiKeyDto> {
    const rotated = await this.uow.run(async (m) => {
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
    this.forgetCachedKeys();
    return rotated;
  }
}
