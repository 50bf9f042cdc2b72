import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { ApiKey } from '../auth/api-key.entity';
import { User } from '../auth/user.entity';
import type { Actor } from '../common/auth/roles';
import { newId } from '../common/base.entity';
import { UnitOfWork } from '../common/database/unit-of-work.service';
import { DomainError, NotFoundError } from '../common/errors/domain.error';
import type { CreateInstrumentDto, InstrumentDto } from './dto/instrument.dto';
import { InstrumentApiKey } from './instrument-api-key.entity';
import { Instrument } from './instrument.entity';

// A rotated key inherits its predecessor's binding; follow at most this many rotations.
const MAX_ROTATIONS = 20;
// Feeds arrive many a second from the same key: keep a resolved binding this long. A change on
// this node clears the cache at once; other API nodes see it within this time.
const FEED_CACHE_MS = 5_000;

function auditView(i: Instrument): Record<string, unknown> {
  return {
    name: i.name,
    model: i.model,
    serial: i.serial,
    location: i.location,
    active: i.active,
  };
}

@Injectable()
export class InstrumentsService {
  private readonly feedCache = new Map<string, { instrument: Instrument | null; until: number }>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly audit: AuditService,
  ) {}

  create(actor: Actor, dto: CreateInstrumentDto): Promise<InstrumentDto> {
    return this.uow.run(async (m) => {
      if (await m.existsBy(Instrument, { name: dto.name })) {
        throw new DomainError('INSTRUMENT_NAME_TAKEN', `an instrument is named '${dto.name}'`, [
          { field: 'name', code: 'INSTRUMENT_NAME_TAKEN', message: 'that name is in use' },
        ]);
      }
      const instrument = m.create(Instrument, {
        id: newId(),
        name: dto.name,
        model: dto.model,
        serial: dto.serial ?? null,
        location: dto.location ?? null,
        active: true,
        createdById: actor.userId,
      });
      await m.insert(Instrument, instrument);
      await this.audit.record(m, {
        actor,
        action: 'instrument.created',
        entity: 'instrument',
        id: instrument.id,
        after: auditView(instrument),
      });
      return this.toDto(m, await m.findOneByOrFail(Instrument, { id: instrument.id }));
    });
  }

  async list(q: {
    active?: boolean;
    limit: number;
    offset: number;
  }): Promise<{ items: InstrumentDto[]; total: number }> {
    const m = this.dataSource.manager;
    const [rows, total] = await m.findAndCount(Instrument, {
      where: q.active === undefined ? {} : { active: q.active },
      order: { name: 'ASC' },
      take: q.limit,
      skip: q.offset,
    });
    const bindings = rows.length
      ? await m.findBy(InstrumentApiKey, { instrumentId: In(rows.map((r) => r.id)) })
      : [];
    return {
      items: rows.map((r) =>
        this.view(
          r,
          bindings.filter((b) => b.instrumentId === r.id),
        ),
      ),
      total,
    };
  }

  async get(id: string): Promise<InstrumentDto> {
    const m = this.dataSource.manager;
    return this.toDto(m, await this.load(m, id));
  }

  setActive(actor: Actor, id: string, active: boolean): Promise<InstrumentDto> {
    this.feedCache.clear();
    return this.changeBindings(async (m) => {
      const instrument = await this.load(m, id);
      const before = auditView(instrument);
      if (instrument.active !== active) {
        await m.update(Instrument, { id }, { active });
        instrument.active = active;
        await this.audit.record(m, {
          actor,
          action: active ? 'instrument.activated' : 'instrument.deactivated',
          entity: 'instrument',
          id,
          before,
          after: auditView(instrument),
        });
      }
      return this.toDto(m, await this.load(m, id));
    });
  }

  /** Binds an instrument user's API key to this instrument; a key names one instrument only. */
  bindApiKey(actor: Actor, instrumentId: string, apiKeyId: string): Promise<InstrumentDto> {
    this.feedCache.clear();
    return this.changeBindings(async (m) => {
      const instrument = await this.load(m, instrumentId);
      const key = await m.findOneBy(ApiKey, { id: apiKeyId });
      if (!key) {
        throw new DomainError('NOT_FOUND', `API key ${apiKeyId} was not found`, [
          { field: 'apiKeyId', code: 'UNKNOWN_API_KEY', message: 'no such API key' },
        ]);
      }
      const user = await m.findOneByOrFail(User, { id: key.userId });
      if (!user.roles.includes('instrument') || key.revokedAt !== null) {
        throw new DomainError(
          'NOT_AN_INSTRUMENT_KEY',
          key.revokedAt !== null
            ? 'the key is revoked'
            : `the key belongs to ${user.username}, who does not have the role instrument`,
          [
            {
              field: 'apiKeyId',
              code: 'NOT_AN_INSTRUMENT_KEY',
              message: 'not a usable instrument key',
            },
          ],
        );
      }
      const existing = await m.findOneBy(InstrumentApiKey, { apiKeyId });
      if (existing) {
        throw new DomainError(
          'API_KEY_ALREADY_BOUND',
          existing.instrumentId === instrumentId
            ? 'the key is already bound to this instrument'
            : `the key is bound to instrument ${existing.instrumentId}; unbind it first`,
          [{ field: 'apiKeyId', code: 'API_KEY_ALREADY_BOUND', message: 'already bound' }],
        );
      }
      await m.insert(InstrumentApiKey, {
        apiKeyId,
        instrumentId,
        boundById: actor.userId,
      });
      await this.audit.record(m, {
        actor,
        action: 'instrument.api-key-bound',
        entity: 'instrument',
        id: instrument.id,
        after: { apiKeyId, keyPrefix: key.prefix, userId: key.userId },
      });
      return this.toDto(m, instrument);
    });
  }

  unbindApiKey(actor: Actor, instrumentId: string, apiKeyId: string): Promise<InstrumentDto> {
    this.feedCache.clear();
    return this.changeBindings(async (m) => {
      const instrument = await this.load(m, instrumentId);
      const binding = await m.findOneBy(InstrumentApiKey, { apiKeyId, instrumentId });
      if (!binding) throw new NotFoundError('binding of API key', apiKeyId);
      await m.delete(InstrumentApiKey, { apiKeyId });
      await this.audit.record(m, {
        actor,
        action: 'instrument.api-key-unbound',
        entity: 'instrument',
        id: instrument.id,
        before: { apiKeyId },
      });
      return this.toDto(m, instrument);
    });
  }

  /**
   * The instrument a feed comes from. A key bound to an instrument (or rotated from a bound
   * key) names it; a key of an instrument user without a binding is refused; any other caller
   * (an admin, a person uploading) feeds no instrument (null).
   */
  async resolveFeedInstrument(manager: EntityManager, actor: Actor): Promise<Instrument | null> {
    const cached = this.feedCache.get(actor.apiKeyId);
    if (cached && cached.until > Date.now()) return cached.instrument;
    const instrument = await this.lookUpFeedInstrument(manager, actor);
    if (this.feedCache.size > 1000) this.feedCache.clear();
    this.feedCache.set(actor.apiKeyId, { instrument, until: Date.now() + FEED_CACHE_MS });
    return instrument;
  }

  private async lookUpFeedInstrument(
    manager: EntityManager,
    actor: Actor,
  ): Promise<Instrument | null> {
    let keyId: string | null = actor.apiKeyId;
    for (let i = 0; keyId !== null && i <= MAX_ROTATIONS; i++) {
      const binding = await manager
        .getRepository(InstrumentApiKey)
        .createQueryBuilder('b')
        .innerJoinAndSelect('b.instrument', 'i')
        .where('b.apiKeyId = :keyId', { keyId })
        .getOne();
      if (binding?.instrument) {
        if (!binding.instrument.active) {
          throw new DomainError(
            'INSTRUMENT_INACTIVE',
            `instrument '${binding.instrument.name}' is deactivated; its feeds are refused`,
          );
        }
        return binding.instrument;
      }
      if (i === 0 && !actor.roles.includes('instrument')) return null;
      const key: ApiKey | null = await manager.findOne(ApiKey, {
        where: { id: keyId },
        select: { id: true, rotatedFromId: true },
      });
      keyId = key?.rotatedFromId ?? null;
    }
    throw new DomainError(
      'INSTRUMENT_KEY_NOT_BOUND',
      'this API key has the role instrument but is bound to no instrument record; ' +
        'a manager binds it with POST /api/v1/instruments/:id/api-keys',
    );
  }

  /** A change of bindings or activity: the feed cache is cleared before and after it commits. */
  private async changeBindings<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    try {
      return await this.uow.run(work);
    } finally {
      this.feedCache.clear();
    }
  }

  private async load(m: EntityManager, id: string): Promise<Instrument> {
    const instrument = await m.findOneBy(Instrument, { id });
    if (!instrument) throw new NotFoundError('instrument', id);
    return instrument;
  }

  private async toDto(m: EntityManager, i: Instrument): Promise<InstrumentDto> {
    return this.view(i, await m.findBy(InstrumentApiKey, { instrumentId: i.id }));
  }

  private view(i: Instrument, bindings: InstrumentApiKey[]): InstrumentDto {
    return {
      id: i.id,
      name: i.name,
      model: i.model,
      serial: i.serial,
      location: i.location,
      active: i.active,
      apiKeyIds: bindings.map((b) => b.apiKeyId).sort(),
      createdById: i.createdById,
      createdAt: i.createdAt,
      updatedAt: i.updatedAt,
    };
  }
}
