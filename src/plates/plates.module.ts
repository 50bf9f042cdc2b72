import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { PlateLayoutsController } from './plate-layouts.controller';
import { PlateLayoutsService } from './plate-layouts.service';
import { PlatesController } from './plates.controller';
import { PlatesRepository } from './plates.repository';
import { PlatesService } from './plates.service';
import { ANY_AUDIT_READER, provideAuditReadPolicies } from '../audit/audit-read-policies';

@Module({
  imports: [AuditModule],
  controllers: [PlateLayoutsController, PlatesController],
  providers: [
    PlateLayoutsService,
    PlatesService,
    PlatesRepository,
    provideAuditReadPolicies({
      plate: ANY_AUDIT_READER,
      plate_layout: ANY_AUDIT_READER,
      plate_reading: ANY_AUDIT_READER,
    }),
  ],
  exports: [PlateLayoutsService, PlatesService],
})
export class PlatesModule {}
