import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Brackets, DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../common/auth/roles';
import { newId } from '../common/base.entity';
import { UnitOfWork } from '../common/database/unit-of-work.service';
import { isUniqueViolation } from '../common/database/unique-violation';
import { recordContribution } from '../common/duties/separation-of-duties';
import { ConflictError, DomainError, NotFoundError } from '../common/errors/domain.error';
import { contentHash } from './definition/canonical-content';
import { DefinitionDiff, diffDefinitions } from './definition/diff-definitions';
import type { ProtocolDefinition } from './definition/protocol-definition';
import { InvalidDefinitionError, isEmptyBody, readDefinitionBody } from './definition-body';
import type { ProtocolDetailDto, ProtocolDto, ProtocolVersionDto } from './dto/protocol.dto';
import {
  latestApproved,
  toProtocolDetailDto,
  toProtocolDto,
  toVersionDto,
  versionAuditView,
} from './protocol.mapper';
import { isProtocolVersionEditable } from './protocol-version.lifecycle';
import { ProtocolVersion } from './protocol-version.entity';
import { ProtocolVersionsReader } from './protocol-versions.reader';
import { canSeeVersion, loadVisibleVersion } from './protocol-visibility';
import { Protocol } from './protocol.entity';

/**
 * Protocols and their versions: reading (drafts stay private to their author), creating a
 * protocol with a draft v1, new draft versions, editing a draft, and diffs. The review
 * lifecycle lives in ProtocolReviewsService.
 */
@Injectable()
export class ProtocolsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly audit: AuditService,
    private readonly reader: ProtocolVersionsReader,
  ) {}

  /** For the runs module: the approved version, or PROTOCOL_VERSION_NOT_APPROVED. */
  getApprovedVersion(manager: EntityManager, versionId: string): Promise<ProtocolVersion> {
    return this.reader.getApprovedVersion(manager, versionId);
  }

  /** Protocols with at least one version the actor can see, by key. */
  async list(actor: Actor): Promise<ProtocolDto[]> {
    const protocols = await this.dataSource.getRepository(Protocol).find({ order: { key: 'ASC' } });
    const qb = this.dataSource
      .getRepository(ProtocolVersion)
      .createQueryBuilder('v')
      .select(['v.id', 'v.protocolId', 'v.version', 'v.status', 'v.authorId']);
    if (!actor.roles.includes('admin')) {
      qb.where(
        new Brackets((w) =>
          w.where('v.status <> :draft', { draft: 'draft' }).orWhere('v.authorId = :me', {
            me: actor.userId,
          }),
        ),
      );
    }
    const versions = await qb.getMany();
    const byProtocol = new Map<string, ProtocolVersion[]>();
    for (const v of versions) {
      byProtocol.set(v.protocolId, [...(byProtocol.get(v.protocolId) ?? []), v]);
    }
    return protocols
      .filter((p) => byProtocol.has(p.id))
      .map((p) => toProtocolDto(p, byProtocol.get(p.id) ?? []));
  }

  async get(actor: Actor, id: string): Promise<ProtocolDetailDto> {
    const { protocol, versions } = await this.loadVisible(this.dataSource.manager, actor, id);
    return toProtocolDetailDto(protocol, versions);
  }

  async listVersions(actor: Actor, id: string): Promise<ProtocolVersionDto[]> {
    const { versions } = await this.loadVisible(this.dataSource.manager, actor, id);
    return versions.map(toVersionDto);
  }

  async getVersion(actor: Actor, versionId: string): Promise<ProtocolVersionDto> {
    return toVersionDto(await loadVisibleVersion(this.dataSource.manager, actor, versionId));
  }

  /** A new protocol with a draft version 1 authored by the actor. */
  create(actor: Actor, body: unknown): Promise<ProtocolDetailDto> {
    return this.uow.run(async (m) => {
      if (isEmptyBody(body)) throw missingDefinition();
      const definition = readDefinitionBody(body, { version: 1 });
      const protocols = m.getRepository(Protocol);
      if (await protocols.existsBy({ key: definition.key })) throw keyTaken(definition.key);
      const protocol = protocols.create({
        id: newId(),
        key: definition.key,
        title: definition.title,
        createdById: actor.userId,
      });
      try {
        await protocols.insert(protocol);
      } catch (err) {
        // Two concurrent creations of one key (PostgreSQL): the unique index decides.
        if (isUniqueViolation(err)) throw keyTaken(definition.key);
        throw err;
      }
      Object.assign(protocol, await protocols.findOneByOrFail({ id: protocol.id }));
      await this.audit.record(m, {
        actor,
        action: 'create',
        entity: 'protocol',
        id: protocol.id,
        after: { key: protocol.key, title: protocol.title },
      });
      const version = await this.insertDraft(m, actor, protocol, definition, null);
      return toProtocolDetailDto(protocol, [version]);
    });
  }

  /**
   * A new draft version: from the definition sent, or, with an empty body, a copy of the latest
   * approved version. Numbered max + 1 within the protocol.
   */
  createVersion(actor: Actor, protocolId: string, body: unknown): Promise<ProtocolVersionDto> {
    return this.uow.run(async (m) => {
      const { protocol, versions } = await this.loadVisible(m, actor, protocolId, true);
      const next = (await this.maxVersion(m, protocol.id)) + 1;
      let definition: ProtocolDefinition;
      let basedOn: ProtocolVersion | null = null;
      if (isEmptyBody(body)) {
        basedOn = latestApproved(versions);
        if (!basedOn) {
          throw new ConflictError(
            `protocol ${protocol.key} has no approved version to copy; send a definition`,
            [{ field: 'definition', code: 'NO_APPROVED_VERSION', message: 'send a definition' }],
          );
        }
        definition = { ...basedOn.definition, version: next };
      } else {
        definition = readDefinitionBody(body, { key: protocol.key, version: next });
      }
      return toVersionDto(await this.insertDraft(m, actor, protocol, definition, basedOn));
    });
  }

  /** Replaces the definition of a draft. Author only; any other state is immutable. */
  editDefinition(actor: Actor, versionId: string, body: unknown): Promise<ProtocolVersionDto> {
    return this.uow.run(async (m) => {
      const version = await loadVisibleVersion(m, actor, versionId, true);
      if (!isProtocolVersionEditable(version.status)) {
        throw new DomainError(
          'PROTOCOL_VERSION_IMMUTABLE',
          `version ${version.version} of ${version.definition.key} is ${version.status} and cannot change; create a new version (POST /protocols/${version.protocolId}/versions)`,
          [
            {
              field: 'status',
              code: 'NOT_A_DRAFT',
              message: `only a draft can be edited; this version is ${version.status}`,
            },
          ],
        );
      }
      if (version.authorId !== actor.userId) {
        throw new DomainError('OWNER_ONLY', 'only the author can edit a draft', [
          { field: 'actor', code: 'OWNER_ONLY', message: 'only the author can edit a draft' },
        ]);
      }
      if (isEmptyBody(body)) throw missingDefinition();
      const definition = readDefinitionBody(body, {
        key: version.definition.key,
        version: version.version,
      });
      const hash = contentHash(definition);
      if (hash === version.contentHash) return toVersionDto(version);
      const before = { contentHash: version.contentHash, definition: version.definition };
      version.definition = definition;
      version.contentHash = hash;
      await m.getRepository(ProtocolVersion).save(version);
      await recordContribution(m, actor, { entity: 'protocol_version', id: version.id }, 'edited');
      await this.audit.record(m, {
        actor,
        action: 'update-definition',
        entity: 'protocol_version',
        id: version.id,
        before,
        after: { contentHash: hash, definition },
      });
      return toVersionDto(version);
    });
  }

  /** What changed from version `a` to version `b` of a protocol, setting by setting. */
  async diff(actor: Actor, protocolId: string, a: number, b: number): Promise<DefinitionDiff> {
    const { versions } = await this.loadVisible(this.dataSource.manager, actor, protocolId);
    const find = (n: number, field: string): ProtocolVersion => {
      const v = versions.find((x) => x.version === n);
      if (!v) {
        throw new DomainError('NOT_FOUND', `protocol ${protocolId} has no version ${n}`, [
          { field, code: 'NOT_FOUND', message: `no version ${n}` },
        ]);
      }
      return v;
    };
    return diffDefinitions(find(a, 'a').definition, find(b, 'b').definition);
  }

  /** The protocol and the versions the actor can see (by number); 404 when there are none. */
  private async loadVisible(
    m: EntityManager,
    actor: Actor,
    id: string,
    lock = false,
  ): Promise<{ protocol: Protocol; versions: ProtocolVersion[] }> {
    const protocol = await m.getRepository(Protocol).findOne({
      where: { id },
      // Serialises version numbering per protocol across API nodes.
      ...(lock && m.connection.options.type === 'postgres'
        ? { lock: { mode: 'pessimistic_write' as const } }
        : {}),
    });
    if (!protocol) throw new NotFoundError('Protocol', id);
    const versions = (
      await m
        .getRepository(ProtocolVersion)
        .find({ where: { protocolId: id }, order: { version: 'ASC' } })
    ).filter((v) => canSeeVersion(actor, v));
    if (versions.length === 0) throw new NotFoundError('Protocol', id);
    return { protocol, versions };
  }

  private async maxVersion(m: EntityManager, protocolId: string): Promise<number> {
    const row = await m
      .getRepository(ProtocolVersion)
      .createQueryBuilder('v')
      .select('MAX(v.version)', 'max')
      .where('v.protocolId = :protocolId', { protocolId })
      .getRawOne<{ max: number | string | null }>();
    return Number(row?.max ?? 0);
  }

  private async insertDraft(
    m: EntityManager,
    actor: Actor,
    protocol: Protocol,
    definition: ProtocolDefinition,
    basedOn: ProtocolVersion | null,
  ): Promise<ProtocolVersion> {
    const repo = m.getRepository(ProtocolVersion);
    const version = repo.create({
      id: newId(),
      protocolId: protocol.id,
      version: definition.version,
      status: 'draft',
      definition,
      contentHash: contentHash(definition),
      authorId: actor.userId,
      source: 'api',
      sourceFile: null,
      submittedAt: null,
      approvedAt: null,
      approvedById: null,
      retiredAt: null,
      reviewComments: null,
    });
    await repo.insert(version);
    // Read back for the database-made timestamps.
    const saved = await repo.findOneByOrFail({ id: version.id });
    await recordContribution(m, actor, { entity: 'protocol_version', id: saved.id }, 'authored');
    await this.audit.record(m, {
      actor,
      action: 'create',
      entity: 'protocol_version',
      id: saved.id,
      after: {
        ...versionAuditView(saved),
        basedOn: basedOn ? { id: basedOn.id, version: basedOn.version } : null,
        definition,
      },
    });
    return saved;
  }
}

function missingDefinition(): InvalidDefinitionError {
  return new InvalidDefinitionError([
    { path: '', code: 'MISSING_DEFINITION', message: 'send a protocol definition (JSON or YAML)' },
  ]);
}

function keyTaken(key: string): DomainError {
  return new DomainError(
    'PROTOCOL_KEY_TAKEN',
    `a protocol with key ${key} exists; add a version to it instead (POST /protocols/:id/versions)`,
    [{ field: 'key', code: 'UNIQUE', message: `protocol key ${key} is taken` }],
  );
}
