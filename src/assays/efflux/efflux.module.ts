import { Module } from '@nestjs/common';
import { EffluxController } from './efflux.controller';
import { EffluxService } from './efflux.service';
import { ANY_AUDIT_READER, provideAuditReadPolicies } from '../../audit/audit-read-policies';

/** Efflux-inhibitor assays on top of the viability fits (ViabilityModule is global). */
@Module({
  controllers: [EffluxController],
  providers: [EffluxService, provideAuditReadPolicies({ 'efflux-experiment': ANY_AUDIT_READER })],
})
export class EffluxModule {}
