// Every TypeORM entity, in one list, so the server, the CLI data source and the tests agree.
import { ApiKey } from '../auth/api-key.entity';
import { User } from '../auth/user.entity';
import { WebSession } from '../auth/web-session.entity';
import { AuditEvent } from '../audit/audit-event.entity';
import { ElectronicSignature } from '../signatures/electronic-signature.entity';
import { Protocol } from '../protocols/protocol.entity';
import { ProtocolVersion } from '../protocols/protocol-version.entity';
import { Material } from '../materials/material.entity';
import { MaterialCustodyEvent } from '../materials/custody-event.entity';
import { Run } from '../runs/run.entity';
import { RunMaterial } from '../runs/run-material.entity';
import { RunDeviation } from '../runs/run-deviation.entity';
import { RunAmendment } from '../runs/run-amendment.entity';
import { RunPassage } from '../runs/resistance/run-passage.entity';
import { PlateLayout } from '../plates/plate-layout.entity';
import { LayoutWell } from '../plates/layout-well.entity';
import { Plate } from '../plates/plate.entity';
import { PlateReading } from '../plates/plate-reading.entity';
import { PlateReadingValues } from '../plates/plate-reading-values.entity';
import { PlateImport } from '../imports/plate-import.entity';
import { Instrument } from '../instruments/instrument.entity';
import { InstrumentApiKey } from '../instruments/instrument-api-key.entity';
import { PlateQcResult } from '../assays/viability/plate-qc-result.entity';
import { DoseResponseFitRecord } from '../assays/viability/dose-response-fit.entity';
import { AnalysisDerivedValues } from '../assays/viability/analysis-derived-values.entity';
import { WellExclusion } from '../assays/viability/well-exclusion.entity';
import { FoldResistanceResult } from '../assays/viability/fold-resistance-result.entity';
import { EffluxExperiment } from '../assays/efflux/efflux-experiment.entity';
import { RecordContribution } from '../common/duties/record-contribution.entity';
import { CocultureCulture } from '../assays/coculture/coculture-culture.entity';
import { CocultureSample } from '../assays/coculture/coculture-sample.entity';
import { KineticsResult } from '../assays/coculture/kinetics-result.entity';
import { LcmsBatch } from '../assays/lcms/lcms-batch.entity';
import { LcmsInjection } from '../assays/lcms/lcms-injection.entity';
import { LcmsImport } from '../assays/lcms/lcms-import.entity';
import { LcmsCalibration } from '../assays/lcms/lcms-calibration.entity';
import { LcmsNameMapping } from '../assays/lcms/lcms-name-mapping.entity';
import { QpcrAnalysis } from '../assays/qpcr/qpcr-analysis.entity';
import { QpcrFoldChange } from '../assays/qpcr/qpcr-fold-change.entity';
import { QpcrImport } from '../assays/qpcr/qpcr-import.entity';
import { QpcrMiqeRecord } from '../assays/qpcr/qpcr-miqe.entity';
import { QpcrNameMap } from '../assays/qpcr/qpcr-name-map.entity';
import { QpcrReaction } from '../assays/qpcr/qpcr-reaction.entity';

export const ENTITIES = [
  User,
  ApiKey,
  AuditEvent,
  ElectronicSignature,
  Protocol,
  ProtocolVersion,
  Material,
  MaterialCustodyEvent,
  Run,
  RunMaterial,
  RunDeviation,
  RunAmendment,
  RunPassage,
  PlateLayout,
  LayoutWell,
  Plate,
  PlateReading,
  PlateReadingValues,
  PlateImport,
  Instrument,
  InstrumentApiKey,
  PlateQcResult,
  DoseResponseFitRecord,
  AnalysisDerivedValues,
  WellExclusion,
  FoldResistanceResult,
  EffluxExperiment,
  RecordContribution,
  CocultureCulture,
  CocultureSample,
  KineticsResult,
  LcmsBatch,
  LcmsInjection,
  LcmsImport,
  LcmsCalibration,
  LcmsNameMapping,
  WebSession,
  QpcrMiqeRecord,
  QpcrNameMap,
  QpcrImport,
  QpcrReaction,
  QpcrAnalysis,
  QpcrFoldChange,
];
