import { In } from 'typeorm';
import { provideAuditReadPolicies } from '../audit/audit-read-policies';
import { ProtocolVersion } from './protocol-version.entity';
import { canSeeVersion } from './protocol-visibility';

/**
 * Audit reads of protocols follow their read paths: a version's events are shown to whoever
 * may see the version (a draft: its author and admins; a reviewer gets 404 on another author's
 * draft, and sees none of its history either); a protocol's to whoever may see one of its
 * versions.
 */
export const PROTOCOL_AUDIT_READ_POLICIES = provideAuditReadPolicies({
  protocol_version: {
    async visibleIds(reader, ids, manager) {
      const versions = await manager.getRepository(ProtocolVersion).find({
        select: { id: true, status: true, authorId: true },
        where: { id: In([...ids]) },
      });
      return new Set(versions.filter((v) => canSeeVersion(reader, v)).map((v) => v.id));
    },
  },
  protocol: {
    async visibleIds(reader, ids, manager) {
      const versions = await manager.getRepository(ProtocolVersion).find({
        select: { id: true, protocolId: true, status: true, authorId: true },
        where: { protocolId: In([...ids]) },
      });
      return new Set(versions.filter((v) => canSeeVersion(reader, v)).map((v) => v.protocolId));
    },
  },
});
