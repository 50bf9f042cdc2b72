import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { DomainError } from '../common/errors/domain.error';
import { canStartRuns } from './protocol-version.lifecycle';
import { ProtocolVersion } from './protocol-version.entity';

const NOT_APPROVED = 'Only approved versions can be used to start runs';

/**
 * Read access to protocol versions for other modules (runs): the one question they ask is
 * "is this an approved version, and what does it define?".
 */
@Injectable()
export class ProtocolVersionsReader {
  /**
   * The approved version `versionId`, read inside the caller's transaction. Throws
   * PROTOCOL_VERSION_NOT_APPROVED naming field `protocolVersionId` when it does not exist or is
   * not approved (draft, in review, retired).
   */
  async getApprovedVersion(manager: EntityManager, versionId: string): Promise<ProtocolVersion> {
    const version = await manager.getRepository(ProtocolVersion).findOneBy({ id: versionId });
    if (!version) {
      throw new DomainError('PROTOCOL_VERSION_NOT_APPROVED', NOT_APPROVED, [
        {
          field: 'protocolVersionId',
          code: 'NOT_FOUND',
          message: `protocol version ${versionId} does not exist. ${NOT_APPROVED}`,
        },
      ]);
    }
    if (!canStartRuns(version.status)) {
      throw new DomainError('PROTOCOL_VERSION_NOT_APPROVED', NOT_APPROVED, [
        {
          field: 'protocolVersionId',
          code: 'NOT_APPROVED',
          message: `protocol version ${versionId} is ${version.status}. ${NOT_APPROVED}`,
        },
      ]);
    }
    return version;
  }
}
