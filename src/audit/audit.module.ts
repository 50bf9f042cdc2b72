import { Global, Module } from '@nestjs/common';
import { AuditController } from './audit.controller';
import { AuditReadPolicies } from './audit-read-policies';
import { AuditService } from './audit.service';

@Global()
@Module({
  controllers: [AuditController],
  providers: [AuditService, AuditReadPolicies],
  exports: [AuditService, AuditReadPolicies],
})
export class AuditModule {}
