import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { CellLinesService } from './cell-lines.service';
import { CustodyService } from './custody.service';
import { LineageService } from './lineage.service';
import { MaterialUpdatesService } from './material-updates.service';
import { MaterialWriter } from './material-writer.service';
import { MaterialEvidenceController } from './material-evidence.controller';
import { MaterialEvidenceSources } from './material-evidence';
import { MaterialEvidenceService } from './material-evidence.service';
import { MaterialsController } from './materials.controller';
import { MaterialsService } from './materials.service';
import { SamplesService } from './samples.service';
import { MATERIAL_AUDIT_READ_POLICIES } from './material-audit-policies';

@Module({
  imports: [AuditModule],
  controllers: [MaterialsController, MaterialEvidenceController],
  providers: [
    MaterialsService,
    MaterialWriter,
    CellLinesService,
    SamplesService,
    MaterialUpdatesService,
    CustodyService,
    LineageService,
    MATERIAL_AUDIT_READ_POLICIES,
    MaterialEvidenceSources,
    MaterialEvidenceService,
  ],
  exports: [
    MaterialsService,
    MaterialEvidenceSources,
    // The web's material page shows the same evidence as GET /materials/:id/evidence.
    MaterialEvidenceService,
    LineageService,
    CustodyService,
    // For the web UI's registration forms (the same services as the routes).
    CellLinesService,
    SamplesService,
  ],
})
export class MaterialsModule {}
