import { ANY_AUDIT_READER, AuditReadPolicies } from './audit-read-policies';
import { AUDITED_ENTITIES } from './audited-entities';

describe('audit read policies', () => {
  it('refuse to start while an audited record type declares no read policy', () => {
    const registry = new AuditReadPolicies();
    for (const e of AUDITED_ENTITIES.filter((n) => n !== 'protocol_version')) {
      registry.register(e, ANY_AUDIT_READER);
    }
    expect(() => registry.onApplicationBootstrap()).toThrow(
      /no audit read policy for protocol_version/,
    );
    registry.register('protocol_version', ANY_AUDIT_READER);
    expect(() => registry.onApplicationBootstrap()).not.toThrow();
  });

  it('refuse a second policy for the same record type', () => {
    const registry = new AuditReadPolicies();
    registry.register('run', ANY_AUDIT_READER);
    expect(() => registry.register('run', ANY_AUDIT_READER)).toThrow(/twice/);
  });
});
