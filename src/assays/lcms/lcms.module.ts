import { Module } from '@nestjs/common';
import { ANY_AUDIT_READER, provideAuditReadPolicies } from '../../audit/audit-read-policies';
import { AuditModule } from '../../audit/audit.module';
import { ProtocolsModule } from '../../protocols/protocols.module';
import { RunsModule } from '../../runs/runs.module';
import { provideAssay } from '../provide-assay';
import { LcmsApprovalCheck } from './lcms-approval.check';
import { LcmsBatchesService } from './lcms-batches.service';
import { LcmsCalibrationsService } from './lcms-calibrations.service';
import { LcmsConcentrationsRepository } from './lcms-concentrations.repository';
import { LcmsController } from './lcms.controller';
import { LcmsImportService } from './lcms-import.service';
import { LcmsReportsService } from './lcms-reports.service';
import { LcmsViews } from './lcms-views';
import { SampleConcentrationsHooks } from './sample-concentrations.hook';

/**
 * LC-MS/MS quantification (SCIENCE.md §5): batches and injection lists, imports of the five
 * export layouts, weighted calibration with the ICH M10 decision and carry-over, exclusions
 * with history, concentrations (BLQ/ALQ never numbers), the calibration plot and CSV export,
 * and the approval check (a run with a batch that is not accepted cannot be approved). Results
 * derived from concentrations (co-culture kinetics) are recomputed by the hooks other modules
 * register in SampleConcentrationsHooks, in the transaction that changed them.
 */
@Module({
  imports: [AuditModule, ProtocolsModule, RunsModule],
  controllers: [LcmsController],
  providers: [
    LcmsBatchesService,
    LcmsImportService,
    LcmsCalibrationsService,
    LcmsConcentrationsRepository,
    LcmsReportsService,
    LcmsApprovalCheck,
    LcmsViews,
    SampleConcentrationsHooks,
    provideAssay({
      assay: 'lcms',
      families: ['lcms-quantification'],
      runApprovalChecks: [LcmsApprovalCheck],
      views: LcmsViews,
    }),
    provideAuditReadPolicies({
      'lcms-batch': ANY_AUDIT_READER,
      'lcms-calibration': ANY_AUDIT_READER,
      'lcms-name-mapping': ANY_AUDIT_READER,
    }),
  ],
  exports: [LcmsCalibrationsService, LcmsApprovalCheck, SampleConcentrationsHooks],
})
export class LcmsModule {}
