import { Global, Module } from '@nestjs/common';
import { PLATE_ANALYSIS_HOOK } from '../../imports/plate-analysis.hook';
import { AnalysisWellsService } from './analysis-wells.service';
import { PlatesModule } from '../../plates/plates.module';
import { RUN_APPROVAL_CHECK } from '../../runs/run-approval-check';
import { FitsController, MaterialAssaysController } from './fits.controller';
import { FitsService } from './fits.service';
import { FoldResistanceController } from './fold-resistance.controller';
import { FoldResistanceService } from './fold-resistance.service';
import { ImportAnalysisHook } from './import-analysis.hook';
import { PlateAnalysisController } from './plate-analysis.controller';
import { PlateQcGate } from './plate-qc-gate.service';
import { PlateRefitsService } from './plate-refits.service';
import { ViabilityAnalysisService } from './viability-analysis.service';
import { ViabilityPlotsService } from './viability-plots.service';
import { ANY_AUDIT_READER, provideAuditReadPolicies } from '../../audit/audit-read-policies';

/**
 * MTT viability: plate analysis (normalisation, fits, plate QC) and its derived well values,
 * refits and exclusions, the plate-QC approval gate, fold-resistance, plots and the CSV export.
 *
 * Global for two providers only: the imports module finds the analysis step under
 * PLATE_ANALYSIS_HOOK and the runs approval path finds PlateQcGate under RUN_APPROVAL_CHECK
 * (both tokens owned by the consuming module), without either module
 * importing this one (which depends on plates and runs: the dependency stays assays → plates,
 * runs).
 */
@Global()
@Module({
  imports: [PlatesModule],
  controllers: [
    PlateAnalysisController,
    FitsController,
    MaterialAssaysController,
    FoldResistanceController,
  ],
  providers: [
    ViabilityAnalysisService,
    PlateRefitsService,
    FitsService,
    AnalysisWellsService,
    FoldResistanceService,
    ViabilityPlotsService,
    PlateQcGate,
    ImportAnalysisHook,
    { provide: PLATE_ANALYSIS_HOOK, useExisting: ImportAnalysisHook },
    { provide: RUN_APPROVAL_CHECK, useExisting: PlateQcGate },
    provideAuditReadPolicies({ 'plate-qc-result': ANY_AUDIT_READER }),
  ],
  exports: [
    ViabilityAnalysisService,
    FitsService,
    FoldResistanceService,
    PlateQcGate,
    PLATE_ANALYSIS_HOOK,
    RUN_APPROVAL_CHECK,
  ],
})
export class ViabilityModule {}
