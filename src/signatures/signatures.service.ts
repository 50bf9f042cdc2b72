import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { hashInput } from '../analysis/common/provenance';
import { AuditService } from '../audit/audit.service';
import type { AuditedEntity } from '../audit/audited-entities';
import { UsersService } from '../auth/users.service';
import type { Actor } from '../common/auth/roles';
import { newId } from '../common/base.entity';
import { DomainError } from '../common/errors/domain.error';
import { ElectronicSignature, SignatureMeaning } from './electronic-signature.entity';

/** The signer id of signatures the system makes itself (no user, no password). */
export const SYSTEM_SIGNER_ID = 'system';

export interface SignatureRequest {
  /** The signer's password, typed again for this signature. */
  password: string;
  meaning: SignatureMeaning;
  reason: string;
  entity: AuditedEntity;
  entityId: string;
  /** The exact content being signed; its canonical sha256 is stored with the signature. */
  content: unknown;
}

/**
 * Electronic signatures. The caller's service decides who may sign (for example "not the
 * author"); this service re-authenticates the signer, stores the signature with the hash of
 * the content, and audits it, all inside the caller's transaction.
 */
@Injectable()
export class SignaturesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly users: UsersService,
    private readonly audit: AuditService,
  ) {}

  async sign(
    manager: EntityManager,
    actor: Actor,
    req: SignatureRequest,
  ): Promise<ElectronicSignature> {
    try {
      await this.users.reauthenticate(actor.userId, req.password);
    } catch (e) {
      // A refused signature is part of the record's history: it is audited although the
      // request fails and everything else the unit did rolls back.
      if (e instanceof DomainError && e.code === 'REAUTHENTICATION_FAILED') {
        await this.audit.recordEvenIfRolledBack(manager, {
          actor,
          action: `sign-refused:${req.meaning}`,
          entity: req.entity,
          id: req.entityId,
          after: { meaning: req.meaning, refused: 'the password is wrong' },
          reason: req.reason,
        });
      }
      throw e;
    }
    const signature = manager.getRepository(ElectronicSignature).create({
      id: newId(),
      entity: req.entity,
      entityId: req.entityId,
      signerId: actor.userId,
      signerName: actor.displayName,
      meaning: req.meaning,
      reason: req.reason,
      contentHash: hashInput(req.content),
      signedAt: new Date().toISOString(),
    });
    await manager.getRepository(ElectronicSignature).insert(signature);
    await this.audit.record(manager, {
      actor,
      action: `sign:${req.meaning}`,
      entity: req.entity,
      id: req.entityId,
      after: {
        signatureId: signature.id,
        meaning: req.meaning,
        contentHash: signature.contentHash,
      },
      reason: req.reason,
    });
    return signature;
  }

  /**
   * A signature by the system itself (signer id `system`), with no re-authentication: for
   * content the server loads from its own reviewed files at start, such as the protocol
   * definitions in `protocols/`. Audited with a system actor in the caller's transaction.
   */
  async signAsSystem(
    manager: EntityManager,
    system: string,
    req: Omit<SignatureRequest, 'password'>,
  ): Promise<ElectronicSignature> {
    const signature = manager.getRepository(ElectronicSignature).create({
      id: newId(),
      entity: req.entity,
      entityId: req.entityId,
      signerId: SYSTEM_SIGNER_ID,
      signerName: `system:${system}`,
      meaning: req.meaning,
      reason: req.reason,
      contentHash: hashInput(req.content),
      signedAt: new Date().toISOString(),
    });
    await manager.getRepository(ElectronicSignature).insert(signature);
    await this.audit.record(manager, {
      actor: { system },
      action: `sign:${req.meaning}`,
      entity: req.entity,
      id: req.entityId,
      after: {
        signatureId: signature.id,
        meaning: req.meaning,
        contentHash: signature.contentHash,
      },
      reason: req.reason,
    });
    return signature;
  }

  listFor(entity: string, entityId: string): Promise<ElectronicSignature[]> {
    return this.dataSource
      .getRepository(ElectronicSignature)
      .find({ where: { entity, entityId }, order: { signedAt: 'ASC' } });
  }
}
