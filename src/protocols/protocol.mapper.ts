import type { ProtocolDefinitionDto } from './dto/protocol-definition.dto';
import type {
  ProtocolDetailDto,
  ProtocolDto,
  ProtocolVersionDto,
  ProtocolVersionSummaryDto,
} from './dto/protocol.dto';
import type { ProtocolVersion } from './protocol-version.entity';
import type { Protocol } from './protocol.entity';

export function toVersionSummaryDto(v: ProtocolVersion): ProtocolVersionSummaryDto {
  return {
    id: v.id,
    protocolId: v.protocolId,
    key: v.definition.key,
    version: v.version,
    status: v.status,
    title: v.definition.title,
    contentHash: v.contentHash,
    authorId: v.authorId,
    source: v.source,
    sourceFile: v.sourceFile,
    submittedAt: v.submittedAt,
    approvedAt: v.approvedAt,
    approvedById: v.approvedById,
    retiredAt: v.retiredAt,
    reviewComments: v.reviewComments,
    createdAt: v.createdAt,
    updatedAt: v.updatedAt,
  };
}

export function toVersionDto(v: ProtocolVersion): ProtocolVersionDto {
  return {
    ...toVersionSummaryDto(v),
    definition: v.definition as unknown as ProtocolDefinitionDto,
  };
}

/** The highest approved version among `versions` (any order), or null. */
export function latestApproved<T extends Pick<ProtocolVersion, 'status' | 'version'>>(
  versions: readonly T[],
): T | null {
  let best: T | null = null;
  for (const v of versions) {
    if (v.status === 'approved' && (!best || v.version > best.version)) best = v;
  }
  return best;
}

export function toProtocolDto(
  p: Protocol,
  versions: readonly Pick<ProtocolVersion, 'id' | 'status' | 'version'>[],
): ProtocolDto {
  const latest = latestApproved(versions);
  return {
    id: p.id,
    key: p.key,
    title: p.title,
    createdById: p.createdById,
    createdAt: p.createdAt,
    latestApprovedVersion: latest?.version ?? null,
    latestApprovedVersionId: latest?.id ?? null,
  };
}

export function toProtocolDetailDto(
  p: Protocol,
  versions: readonly ProtocolVersion[],
): ProtocolDetailDto {
  return { ...toProtocolDto(p, versions), versions: versions.map(toVersionSummaryDto) };
}

/** What the audit trail keeps of a version's state (the definition is kept on create/edit). */
export function versionAuditView(v: ProtocolVersion): Record<string, unknown> {
  return {
    protocolId: v.protocolId,
    key: v.definition.key,
    version: v.version,
    status: v.status,
    contentHash: v.contentHash,
    authorId: v.authorId,
    reviewComments: v.reviewComments,
  };
}
