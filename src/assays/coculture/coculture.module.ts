import { Module } from '@nestjs/common';
import { ANY_AUDIT_READER, provideAuditReadPolicies } from '../../audit/audit-read-policies';
import { AuditModule } from '../../audit/audit.module';
import { ProtocolsModule } from '../../protocols/protocols.module';
import { RunsModule } from '../../runs/runs.module';
import { LcmsModule } from '../lcms/lcms.module';
import { provideAssay } from '../provide-assay';
import { CocultureKineticsRepository } from './coculture-kinetics.repository';
import { CocultureController } from './coculture.controller';
import { CocultureRecordsService } from './coculture-records.service';
import { CocultureViews } from './coculture-views';
import { KineticsReportsService } from './kinetics-reports.service';
import { KineticsController } from './kinetics.controller';
import { KineticsService } from './kinetics.service';

/**
 * Anaerobic fecal co-culture (SCIENCE.md §5): cultures and controls on donors' aliquots,
 * samplings with chamber O₂, and (from the LC-MS/MS concentrations) degradation kinetics,
 * metabolite formation and the donor comparison. Kinetics are recomputed whenever an LC-MS/MS
 * import or exclusion changes the concentrations of a run's samples.
 */
@Module({
  imports: [AuditModule, ProtocolsModule, RunsModule, LcmsModule],
  controllers: [CocultureController, KineticsController],
  providers: [
    CocultureRecordsService,
    CocultureKineticsRepository,
    KineticsService,
    KineticsReportsService,
    CocultureViews,
    provideAssay({
      assay: 'coculture',
      families: ['anaerobic-coculture'],
      views: CocultureViews,
      // Kinetics follow the LC-MS/MS concentrations: recomputed by the import or exclusion.
      concentrationsChanged: KineticsService,
    }),
    provideAuditReadPolicies({
      'coculture-culture': ANY_AUDIT_READER,
      'coculture-kinetics': ANY_AUDIT_READER,
    }),
  ],
})
export class CocultureModule {}
