import type { StoredDose } from './stored-dose';

/**
 * The `attributes` JSON of each kind of material, as stored. Written only by the services,
 * after validation of the kind's DTO; times are UTC ISO 8601 strings.
 */

/** One change of a derived population's selection dose. */
export interface SelectionHistoryEntry {
  /** UTC, ISO 8601. */
  at: string;
  dose: StoredDose;
  passageNumber: number | null;
  /** Where the change came from: `registration`, `update`, or e.g. `run:<id>`. */
  source: string;
  reason: string | null;
  actorId: string;
}

export interface CellLineAttributes {
  lineType: 'parental' | 'derived';
  species: string | null;
  tissue: string | null;
  source: string | null;
  passageNumber: number;
  /** Derived populations: the selecting drug (6-TG). */
  selectionAgent: string | null;
  /** Derived populations: the dose they are kept at now. */
  currentDose: StoredDose | null;
  selectionHistory: SelectionHistoryEntry[];
  notes: string | null;
}

export interface CryoStockAttributes {
  passageAtFreezing: number;
  doseAtFreezing: StoredDose | null;
  vialCount: number | null;
  /** UTC, ISO 8601. */
  frozenAt: string;
  notes: string | null;
}

export type ResponderStatus = 'responder' | 'non-responder' | 'unknown';
export type SamplingTimepoint = 'pre-azathioprine' | 'post-azathioprine';

export interface DonorAttributes {
  condition: string;
  responderStatus: ResponderStatus;
  samplingTimepoint: SamplingTimepoint;
  consentReference: string;
  tpmtGenotype: string | null;
  nudt15Genotype: string | null;
  /** Erythrocyte 6-TGN, pmol/8×10⁸ RBC. */
  tgnPmolPer8e8Rbc: number | null;
  /** Erythrocyte 6-MMP, pmol/8×10⁸ RBC. */
  mmpPmolPer8e8Rbc: number | null;
  notes: string | null;
}

export interface FecalSampleAttributes {
  /** UTC, ISO 8601. */
  collectedAt: string;
  massGrams: number | null;
  notes: string | null;
}

export interface FecalAliquotAttributes {
  volumeMicrolitres: number;
  notes: string | null;
}

export interface BacterialCultureAttributes {
  medium: string;
  /** Gas mix, e.g. `N2/CO2/H2 85/10/5`. */
  atmosphere: string;
  chamberO2Ppm: number | null;
  temperatureCelsius: number;
  inoculum: string | null;
  /** live, or heat-killed (control). */
  treatment: 'live' | 'heat-killed';
  /** UTC, ISO 8601. */
  startedAt: string;
  notes: string | null;
}

export interface MaterialAttributesByKind {
  'cell-line': CellLineAttributes;
  'cryo-stock': CryoStockAttributes;
  donor: DonorAttributes;
  'fecal-sample': FecalSampleAttributes;
  'fecal-aliquot': FecalAliquotAttributes;
  'bacterial-culture': BacterialCultureAttributes;
}
