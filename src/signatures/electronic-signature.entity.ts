import { Column, Entity, Index } from 'typeorm';
import { BaseEntity } from '../common/base.entity';

export const SIGNATURE_MEANINGS = [
  'reviewed',
  'approved',
  'rejected',
  'returned',
  'amendment-approved',
  'override',
] as const;
export type SignatureMeaning = (typeof SIGNATURE_MEANINGS)[number];

/**
 * An electronic signature (21 CFR Part 11 style): who signed, when (UTC), what it means, why,
 * and the sha256 of the exact content signed, so a later change to that content is evident.
 */
@Entity({ name: 'electronic_signatures' })
@Index('ix_electronic_signatures_target', ['entity', 'entityId'])
export class ElectronicSignature extends BaseEntity {
  @Column({ type: 'varchar', length: 64 })
  entity!: string;

  @Column({ name: 'entity_id', type: 'varchar', length: 36 })
  entityId!: string;

  @Column({ name: 'signer_id', type: 'varchar', length: 36 })
  signerId!: string;

  /** Display name at signing time, kept even if the user is later renamed. */
  @Column({ name: 'signer_name', type: 'varchar', length: 200 })
  signerName!: string;

  @Column({ type: 'varchar', length: 32 })
  meaning!: SignatureMeaning;

  @Column({ type: 'text' })
  reason!: string;

  @Column({ name: 'content_hash', type: 'varchar', length: 64 })
  contentHash!: string;

  @Column({ name: 'signed_at', type: 'varchar', length: 30 })
  signedAt!: string;
}
