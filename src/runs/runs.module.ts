import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { provideAssayFamilies } from '../protocols/assay-families';
import { SignaturesModule } from '../signatures/signatures.module';
import { AssayViews } from './assay-views';
import { RunApprovalChecks } from './run-approval-check';
import { RunSubmissionChecks } from './run-submission-check';
import { MaterialsModule } from '../materials/materials.module';
import { ProtocolsModule } from '../protocols/protocols.module';
import { AmendmentsService } from './amendments.service';
import { DeviationsService } from './deviations.service';
import { PassagesController } from './resistance/passages.controller';
import { PassagesService } from './resistance/passages.service';
import { RunPlanService } from './run-plan.service';
import { RunRecordsController } from './run-records.controller';
import { RunTransitionsService } from './run-transitions.service';
import { RunsController } from './runs.controller';
import { RunsRepository } from './runs.repository';
import { RunsService } from './runs.service';
import { ANY_AUDIT_READER, provideAuditReadPolicies } from '../audit/audit-read-policies';

@Module({
  imports: [AuditModule, SignaturesModule, ProtocolsModule, MaterialsModule],
  controllers: [RunsController, RunRecordsController, PassagesController],
  providers: [
    RunPlanService,
    RunsService,
    RunsRepository,
    RunTransitionsService,
    AmendmentsService,
    DeviationsService,
    PassagesService,
    RunApprovalChecks,
    RunSubmissionChecks,
    AssayViews,
    // Resistance induction is analysed here: the passage log and its dose escalation.
    provideAssayFamilies('resistance-induction (src/runs/resistance)', ['resistance-induction']),
    provideAuditReadPolicies({
      run: ANY_AUDIT_READER,
      run_amendment: ANY_AUDIT_READER,
      run_deviation: ANY_AUDIT_READER,
      run_passage: ANY_AUDIT_READER,
    }),
  ],
  exports: [
    RunsService,
    RunTransitionsService,
    PassagesService,
    DeviationsService,
    AmendmentsService,
    RunApprovalChecks,
    RunSubmissionChecks,
    AssayViews,
  ],
})
export class RunsModule {}
