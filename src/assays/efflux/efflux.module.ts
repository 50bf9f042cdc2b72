import { Module } from '@nestjs/common';
import { AuditModule } from '../../audit/audit.module';
import { ProtocolsModule } from '../../protocols/protocols.module';
import { provideAssay } from '../provide-assay';
import { EffluxController } from './efflux.controller';
import { EffluxService } from './efflux.service';
import { ANY_AUDIT_READER, provideAuditReadPolicies } from '../../audit/audit-read-policies';

/** Efflux-inhibitor assays on top of the viability fits (it reads their stored rows). */
@Module({
  imports: [AuditModule, ProtocolsModule],
  controllers: [EffluxController],
  providers: [
    EffluxService,
    provideAssay({ assay: 'efflux', families: ['efflux-inhibitor'] }),
    provideAuditReadPolicies({ 'efflux-experiment': ANY_AUDIT_READER }),
  ],
})
export class EffluxModule {}
