import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../common/auth/roles';
import { UnitOfWork } from '../common/database/unit-of-work.service';
import {
  assertMayDecide,
  ownerRefusal,
  recordContribution,
} from '../common/duties/separation-of-duties';
import { DomainError } from '../common/errors/domain.error';
import { TransitionRefusedError } from '../common/lifecycle/transition-refused.error';
import type { SignDto, SignatureDto } from '../signatures/signature.dto';
import type { ElectronicSignature } from '../signatures/electronic-signature.entity';
import { SignaturesService } from '../signatures/signatures.service';
import { contentHash } from './definition/canonical-content';
import type { ProtocolVersionDto } from './dto/protocol.dto';
import { toVersionDto, versionAuditView } from './protocol.mapper';
import {
  authorizeProtocolVersionTransition,
  protocolVersionLifecycle,
  type ProtocolVersionAction,
} from './protocol-version.lifecycle';
import { ProtocolVersion } from './protocol-version.entity';
import { loadVisibleVersion } from './protocol-visibility';
import { Protocol } from './protocol.entity';

/** The entity name protocol versions have in the audit trail and on signatures. */
export const PROTOCOL_VERSION_ENTITY = 'protocol_version';

interface TransitionInput {
  reason?: string | null;
  /** Approval only: the signer's password and reason. */
  sign?: SignDto;
}

/**
 * The review lifecycle of protocol versions (draft → in_review → approved → retired, reject or
 * withdraw back to draft), checked against the typed transition table. Approval is an
 * electronic signature over the exact definition.
 */
@Injectable()
export class ProtocolReviewsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly audit: AuditService,
    private readonly signatures: SignaturesService,
  ) {}

  submit(actor: Actor, id: string): Promise<ProtocolVersionDto> {
    return this.transition(actor, id, 'submit', {});
  }

  withdraw(actor: Actor, id: string, reason?: string): Promise<ProtocolVersionDto> {
    return this.transition(actor, id, 'withdraw', { reason: reason ?? null });
  }

  reject(actor: Actor, id: string, comments: string): Promise<ProtocolVersionDto> {
    return this.transition(actor, id, 'reject', { reason: comments });
  }

  approve(actor: Actor, id: string, sign: SignDto): Promise<ProtocolVersionDto> {
    return this.transition(actor, id, 'approve', { reason: sign.reason, sign });
  }

  retire(actor: Actor, id: string, reason: string): Promise<ProtocolVersionDto> {
    return this.transition(actor, id, 'retire', { reason });
  }

  async listSignatures(actor: Actor, id: string): Promise<SignatureDto[]> {
    await loadVisibleVersion(this.dataSource.manager, actor, id);
    return (await this.signatures.listFor(PROTOCOL_VERSION_ENTITY, id)).map(toSignatureDto);
  }

  private transition(
    actor: Actor,
    id: string,
    action: ProtocolVersionAction,
    input: TransitionInput,
  ): Promise<ProtocolVersionDto> {
    return this.uow.run(async (m) => {
      const decides = action === 'approve' || action === 'reject';
      const version = await loadVisibleVersion(m, actor, id, true, decides);
      const verdict = authorizeProtocolVersionTransition(version.status, action, {
        actorId: actor.userId,
        actorRoles: actor.roles,
        ownerId: version.authorId,
        reason: input.reason,
        signatureMeaning: input.sign ? 'approved' : null,
      });
      // Separation of duties: the author and every editor (the refusal names what they did).
      const target = { entity: PROTOCOL_VERSION_ENTITY, id: version.id } as const;
      if (decides && (verdict.ok || verdict.code === 'SELF_APPROVAL_FORBIDDEN')) {
        const facts = {
          entity: 'protocol version',
          action,
          from: version.status,
          to: verdict.to ?? null,
          allowedActions: protocolVersionLifecycle.allowedActions(version.status),
        };
        await assertMayDecide(m, actor, target, action, facts);
        if (!verdict.ok) throw ownerRefusal(target, 'author', action, facts);
      }
      if (!verdict.ok) throw new TransitionRefusedError('protocol version', verdict);
      if (verdict.action === 'submit') await recordContribution(m, actor, target, 'submitted');
      const before = versionAuditView(version);
      const now = new Date().toISOString();
      version.status = verdict.to;
      switch (verdict.action) {
        case 'submit':
          version.submittedAt = now;
          break;
        case 'withdraw':
          version.submittedAt = null;
          break;
        case 'reject':
          version.submittedAt = null;
          version.reviewComments = input.reason ?? null;
          break;
        case 'approve':
          // Approved when signed: approvedAt is the signature's signedAt, never before it.
          version.approvedAt = (await this.signApproval(m, actor, version, input.sign)).signedAt;
          version.approvedById = actor.userId;
          break;
        case 'retire':
          version.retiredAt = now;
          break;
      }
      await m.getRepository(ProtocolVersion).save(version);
      await this.audit.record(m, {
        actor,
        action,
        entity: PROTOCOL_VERSION_ENTITY,
        id: version.id,
        before,
        after: versionAuditView(version),
        reason: input.reason ?? null,
      });
      return toVersionDto(version);
    });
  }

  /** Signs the exact stored definition, after checking it still matches its recorded hash. */
  private async signApproval(
    m: EntityManager,
    actor: Actor,
    version: ProtocolVersion,
    sign: SignDto | undefined,
  ): Promise<ElectronicSignature> {
    if (!sign) throw new Error('approve without a signature'); // the table already refused it
    if (contentHash(version.definition) !== version.contentHash) {
      throw new DomainError(
        'CONFLICT',
        'the stored definition no longer matches its content hash; it cannot be signed',
        [{ field: 'contentHash', code: 'HASH_MISMATCH', message: 'content hash mismatch' }],
      );
    }
    const signature = await this.signatures.sign(m, actor, {
      password: sign.password,
      meaning: 'approved',
      reason: sign.reason,
      entity: PROTOCOL_VERSION_ENTITY,
      entityId: version.id,
      content: version.definition,
    });
    // The protocol's title follows its latest approved content.
    await m
      .getRepository(Protocol)
      .update({ id: version.protocolId }, { title: version.definition.title });
    return signature;
  }
}

export function toSignatureDto(s: ElectronicSignature): SignatureDto {
  return {
    id: s.id,
    entity: s.entity,
    entityId: s.entityId,
    signerId: s.signerId,
    signerName: s.signerName,
    meaning: s.meaning,
    reason: s.reason,
    contentHash: s.contentHash,
    signedAt: s.signedAt,
  };
}
