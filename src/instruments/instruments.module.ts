import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { InstrumentsController } from './instruments.controller';
import { InstrumentsService } from './instruments.service';
import { ANY_AUDIT_READER, provideAuditReadPolicies } from '../audit/audit-read-policies';

@Module({
  imports: [AuditModule],
  controllers: [InstrumentsController],
  providers: [InstrumentsService, provideAuditReadPolicies({ instrument: ANY_AUDIT_READER })],
  exports: [InstrumentsService],
})
export class InstrumentsModule {}
