import { Module } from '@nestjs/common';
import { AuditController } from './audit.controller';
import { AuditEventsRepository } from './audit-events.repository';
import { AuditAnchor } from './audit-anchor.service';
import { AuditReadPolicies } from './audit-read-policies';
import { AuditService } from './audit.service';

@Module({
  controllers: [AuditController],
  providers: [AuditService, AuditEventsRepository, AuditReadPolicies, AuditAnchor],
  exports: [AuditService, AuditReadPolicies],
})
export class AuditModule {}
