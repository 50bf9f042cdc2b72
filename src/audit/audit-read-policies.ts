import { Injectable, OnApplicationBootstrap, type Provider } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Actor } from '../common/auth/roles';
import type { ChainedFields } from './audit-chain';
import { AUDITED_ENTITIES, type AuditedEntity } from './audited-entities';

/** An audit event as a reader receives it: payloads parsed from their canonical JSON. */
export interface AuditEventView extends Omit<ChainedFields, 'before' | 'after'> {
  before: unknown;
  after: unknown;
  prevHash: string;
  hash: string;
}

/**
 * Who may read the history of one kind of record: the same rules as the record's own read
 * path (a private draft's events are as hidden as the draft).
 */
export interface AuditReadPolicy {
  /** The ids, among `ids`, whose events `reader` may see; every other id's events are hidden. */
  visibleIds(
    reader: Actor,
    ids: readonly string[],
    manager: EntityManager,
  ): Promise<ReadonlySet<string>> | ReadonlySet<string>;
  /** The event as `reader` may see it (e.g. personal data withheld); default: as stored. */
  present?(reader: Actor, event: AuditEventView): AuditEventView;
}

/** For records every audit reader (managers, admins) may read in full. */
export const ANY_AUDIT_READER: AuditReadPolicy = { visibleIds: (_reader, ids) => new Set(ids) };

/**
 * The read policy of every audited record type. Modules register theirs at start
 * ({@link provideAuditReadPolicies}); the server refuses to start while a type in
 * AUDITED_ENTITIES has none. Events of a type without a policy are shown to admins only.
 */
@Injectable()
export class AuditReadPolicies implements OnApplicationBootstrap {
  private readonly policies = new Map<string, AuditReadPolicy>();

  register(entity: AuditedEntity, policy: AuditReadPolicy): void {
    if (this.policies.has(entity)) {
      throw new Error(`the audit read policy of "${entity}" is registered twice`);
    }
    this.policies.set(entity, policy);
  }

  get(entity: string): AuditReadPolicy | undefined {
    return this.policies.get(entity);
  }

  onApplicationBootstrap(): void {
    const missing = AUDITED_ENTITIES.filter((e) => !this.policies.has(e));
    if (missing.length > 0) {
      throw new Error(
        `no audit read policy for ${missing.join(', ')}: the module that owns the record must ` +
          'declare who may read its audit events (provideAuditReadPolicies)',
      );
    }
  }
}

/** A provider that registers the module's audit read policies when the module starts. */
export function provideAuditReadPolicies(
  policies: Partial<Record<AuditedEntity, AuditReadPolicy>>,
): Provider {
  return {
    provide: Symbol(`audit read policies: ${Object.keys(policies).join(', ')}`),
    inject: [AuditReadPolicies],
    useFactory: (registry: AuditReadPolicies) => {
      for (const [entity, policy] of Object.entries(policies) as [
        AuditedEntity,
        AuditReadPolicy,
      ][]) {
        registry.register(entity, policy);
      }
      return policies;
    },
  };
}
