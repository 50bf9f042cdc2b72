import { Module } from '@nestjs/common';
import { AuditModule } from '../../audit/audit.module';
import { ImportsModule } from '../../imports/imports.module';
import { MaterialsModule } from '../../materials/materials.module';
import { ProtocolsModule } from '../../protocols/protocols.module';
import { RunsModule } from '../../runs/runs.module';
import { SignaturesModule } from '../../signatures/signatures.module';
import { provideAssay } from '../provide-assay';
import { AnalysisWellsService } from './analysis-wells.service';
import { PlatesModule } from '../../plates/plates.module';
import { FitsController, MaterialAssaysController } from './fits.controller';
import { FitsService } from './fits.service';
import { FoldResistanceEvidenceSource } from './fold-resistance-evidence.source';
import { FoldResistanceController } from './fold-resistance.controller';
import { FoldResistanceService } from './fold-resistance.service';
import { ImportAnalysisHook } from './import-analysis.hook';
import { PlateAnalysisController } from './plate-analysis.controller';
import { PlateQcGate } from './plate-qc-gate.service';
import { PlateRefitsService } from './plate-refits.service';
import { ViabilityAnalysisRepository } from './viability-analysis.repository';
import { ViabilityAnalysisService } from './viability-analysis.service';
import { ViabilityPlotsService } from './viability-plots.service';
import { ViabilityViews } from './viability-views';
import { ANY_AUDIT_READER, provideAuditReadPolicies } from '../../audit/audit-read-policies';

/**
 * MTT viability: plate analysis (normalisation, fits, plate QC) and its derived well values,
 * refits and exclusions, the plate-QC approval gate, fold-resistance, plots and the CSV export.
 *
 * It registers what it provides with provideAssay: the analysis of the `mtt-viability` family,
 * the analysis step of every plate-reader import (ImportAnalysisHook) and the plate-QC gate of
 * run approval (PlateQcGate). The registries belong to the modules that call them (imports,
 * runs, protocols), so the dependency stays assays → imports, plates, runs.
 */
@Module({
  imports: [
    AuditModule,
    SignaturesModule,
    PlatesModule,
    ImportsModule,
    RunsModule,
    ProtocolsModule,
    MaterialsModule,
  ],
  controllers: [
    PlateAnalysisController,
    FitsController,
    MaterialAssaysController,
    FoldResistanceController,
  ],
  providers: [
    ViabilityAnalysisService,
    ViabilityAnalysisRepository,
    PlateRefitsService,
    FitsService,
    AnalysisWellsService,
    FoldResistanceService,
    ViabilityPlotsService,
    PlateQcGate,
    ImportAnalysisHook,
    FoldResistanceEvidenceSource,
    ViabilityViews,
    provideAssay({
      assay: 'viability',
      // The plate-reader viability readouts: MTT absorbance, resazurin fluorescence, ATP light.
      families: ['mtt-viability', 'resazurin-viability', 'atp-luminescence-viability'],
      plateAnalysis: ImportAnalysisHook,
      runApprovalChecks: [PlateQcGate],
      materialEvidence: [FoldResistanceEvidenceSource],
      views: ViabilityViews,
    }),
    provideAuditReadPolicies({ 'plate-qc-result': ANY_AUDIT_READER }),
  ],
  exports: [ViabilityAnalysisService, FitsService, FoldResistanceService, PlateQcGate],
})
export class ViabilityModule {}
