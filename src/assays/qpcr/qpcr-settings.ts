import type { Run } from '../../runs/run.entity';

export const QPCR_PROTOCOL_KEY = 'qpcr-expression';

/** The MIQE fields a protocol can require before a run is submitted. */
export const MIQE_FIELDS = [
  'instrument',
  'chemistry',
  'primers',
  'amplicon',
  'rnaQuality',
  'rtKit',
  'efficiencySource',
] as const;
export type MiqeField = (typeof MIQE_FIELDS)[number];

export type QuantificationChoice = 'auto' | 'pfaffl-multi-reference' | 'livak';
export type EfficiencySource = 'standard-curve' | 'stated' | 'assumed-100-percent';

/** The settings of a qpcr-expression run that its analysis and checks read. */
export interface QpcrSettings {
  referenceGenes: string[];
  targetGenes: string[];
  calibratorGroup: string;
  quantificationMethod: QuantificationChoice;
  efficiencySource: EfficiencySource;
  replicateSdMax: number;
  lateCq: number;
  ntcContaminationCq: number;
  efficiencyMinPercent: number;
  efficiencyMaxPercent: number;
  standardCurveRSquaredMin: number;
  referenceStabilityMaxM: number;
  confidenceLevel: number;
  /** Version 1 of the protocol names none: every field is required (MIQE's essentials). */
  miqeRequiredFields: MiqeField[];
}

function value<T>(run: Pick<Run, 'parameters'>, key: string, fallback: T): T {
  const p = run.parameters?.[key];
  return p === undefined || p.value === null || p.value === undefined ? fallback : (p.value as T);
}

/** The qPCR settings of a run, from its validated parameters (protocol defaults filled). */
export function qpcrSettingsOf(run: Pick<Run, 'parameters'>): QpcrSettings {
  return {
    referenceGenes: value(run, 'referenceGenes', ['GAPDH', 'ACTB', 'B2M']),
    targetGenes: value(run, 'targetGenes', ['ABCC1', 'ABCG2', 'ABCC4', 'ABCC5']),
    calibratorGroup: value(run, 'calibratorGroup', 'parental'),
    quantificationMethod: value<QuantificationChoice>(run, 'quantificationMethod', 'auto'),
    efficiencySource: value<EfficiencySource>(run, 'efficiencySource', 'standard-curve'),
    replicateSdMax: value(run, 'replicateSdMax', 0.3),
    lateCq: value(run, 'lateCq', 35),
    ntcContaminationCq: value(run, 'ntcContaminationCq', 35),
    efficiencyMinPercent: value(run, 'efficiencyMinPercent', 90),
    efficiencyMaxPercent: value(run, 'efficiencyMaxPercent', 110),
    standardCurveRSquaredMin: value(run, 'standardCurveRSquaredMin', 0.98),
    referenceStabilityMaxM: value(run, 'referenceStabilityMaxM', 1.5),
    confidenceLevel: value(run, 'confidenceLevel', 0.95),
    miqeRequiredFields: value<MiqeField[]>(run, 'miqeRequiredFields', [...MIQE_FIELDS]),
  };
}

/** Every gene of the run's panel: references first, then targets. */
export function panelOf(settings: QpcrSettings): string[] {
  return [...new Set([...settings.referenceGenes, ...settings.targetGenes])];
}
