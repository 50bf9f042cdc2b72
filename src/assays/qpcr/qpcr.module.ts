import { Module } from '@nestjs/common';
import { ANY_AUDIT_READER, provideAuditReadPolicies } from '../../audit/audit-read-policies';
import { AuditModule } from '../../audit/audit.module';
import { MaterialsModule } from '../../materials/materials.module';
import { ProtocolsModule } from '../../protocols/protocols.module';
import { RunsModule } from '../../runs/runs.module';
import { provideAssay } from '../provide-assay';
import { QpcrAnalysesService } from './qpcr-analyses.service';
import { QpcrEvidenceSource } from './qpcr-evidence.source';
import { QpcrImportService } from './qpcr-import.service';
import { QpcrReportsService } from './qpcr-reports.service';
import { QpcrSetupController } from './qpcr-setup.controller';
import { QpcrController } from './qpcr.controller';
import { QpcrSetupService } from './qpcr-setup.service';
import { QpcrSubmissionCheck } from './qpcr-submission.check';
import { QpcrViews } from './qpcr-views';

/**
 * qPCR gene expression (SCIENCE.md §3): per-run MIQE metadata with the submission check (the
 * protocol decides which fields are required), how export files name samples and genes,
 * imports of RDML, QuantStudio, CFX and long CSV exports, and the expression analysis.
 */
@Module({
  imports: [AuditModule, ProtocolsModule, RunsModule, MaterialsModule],
  controllers: [QpcrSetupController, QpcrController],
  providers: [
    QpcrSetupService,
    QpcrImportService,
    QpcrAnalysesService,
    QpcrReportsService,
    QpcrSubmissionCheck,
    QpcrEvidenceSource,
    QpcrViews,
    provideAssay({
      assay: 'qpcr',
      families: ['qpcr-expression'],
      runSubmissionChecks: [QpcrSubmissionCheck],
      materialEvidence: [QpcrEvidenceSource],
      views: QpcrViews,
    }),
    provideAuditReadPolicies({ 'qpcr-run': ANY_AUDIT_READER }),
  ],
  exports: [QpcrAnalysesService],
})
export class QpcrModule {}
