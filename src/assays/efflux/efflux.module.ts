import { Module } from '@nestjs/common';
import { AuditModule } from '../../audit/audit.module';
import { MaterialsModule } from '../../materials/materials.module';
import { ProtocolsModule } from '../../protocols/protocols.module';
import { provideAssay } from '../provide-assay';
import { EffluxController } from './efflux.controller';
import { EffluxEvidenceSource } from './efflux-evidence.source';
import { EffluxService } from './efflux.service';
import { ANY_AUDIT_READER, provideAuditReadPolicies } from '../../audit/audit-read-policies';

/**
 * Efflux-inhibitor assays on top of the viability fits (it reads their stored rows); their
 * verdicts are a section of the material evidence page.
 */
@Module({
  imports: [AuditModule, MaterialsModule, ProtocolsModule],
  controllers: [EffluxController],
  providers: [
    EffluxService,
    EffluxEvidenceSource,
    provideAssay({
      assay: 'efflux',
      families: ['efflux-inhibitor'],
      materialEvidence: [EffluxEvidenceSource],
    }),
    provideAuditReadPolicies({ 'efflux-experiment': ANY_AUDIT_READER }),
  ],
})
export class EffluxModule {}
