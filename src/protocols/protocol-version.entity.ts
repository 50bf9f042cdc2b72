import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { BaseEntity } from '../common/base.entity';
import type { ProtocolDefinition } from './definition/protocol-definition';
import type { ProtocolVersionState } from './protocol-version.lifecycle';
import { Protocol } from './protocol.entity';

/** Where a version's content came from. */
export type ProtocolVersionSource = 'file' | 'api';

/**
 * One version of a protocol: a validated definition, its content hash, and where it stands in
 * the review lifecycle (draft → in_review → approved → retired). Only drafts change; an
 * approved version is immutable and a change makes a new draft version.
 */
@Entity({ name: 'protocol_versions' })
@Index('uq_protocol_versions_protocol_version', ['protocolId', 'version'], { unique: true })
@Index('ix_protocol_versions_status', ['status'])
@Index('ix_protocol_versions_author', ['authorId'])
@Index('ix_protocol_versions_content_hash', ['contentHash'])
export class ProtocolVersion extends BaseEntity {
  @Column({ name: 'protocol_id', type: 'varchar', length: 36 })
  protocolId!: string;

  @ManyToOne(() => Protocol, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'protocol_id' })
  protocol?: Protocol;

  /** 1, 2, 3… within the protocol; equals `definition.version`. */
  @Column({ type: 'integer' })
  version!: number;

  @Column({ type: 'varchar', length: 16 })
  status!: ProtocolVersionState;

  /** The validated definition (canonical JSON text in the database). */
  @Column({ type: 'simple-json' })
  definition!: ProtocolDefinition;

  /** sha256 of the canonical definition: what a signature on this version covers. */
  @Column({ name: 'content_hash', type: 'varchar', length: 64 })
  contentHash!: string;

  /** The author; null for versions the system loaded from `protocols/`. */
  @Column({ name: 'author_id', type: 'varchar', length: 36, nullable: true })
  authorId!: string | null;

  @Column({ type: 'varchar', length: 8 })
  source!: ProtocolVersionSource;

  /** The file it was loaded from, for `source = 'file'`. */
  @Column({ name: 'source_file', type: 'varchar', length: 200, nullable: true })
  sourceFile!: string | null;

  @Column({ name: 'submitted_at', type: 'varchar', length: 30, nullable: true })
  submittedAt!: string | null;

  @Column({ name: 'approved_at', type: 'varchar', length: 30, nullable: true })
  approvedAt!: string | null;

  /** The approving signer (`system` for files loaded at start). */
  @Column({ name: 'approved_by_id', type: 'varchar', length: 36, nullable: true })
  approvedById!: string | null;

  @Column({ name: 'retired_at', type: 'varchar', length: 30, nullable: true })
  retiredAt!: string | null;

  /** The last reviewer's comments when the version was rejected back to draft. */
  @Column({ name: 'review_comments', type: 'text', nullable: true })
  reviewComments!: string | null;
}
