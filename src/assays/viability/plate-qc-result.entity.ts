import { Column, Entity, Index } from 'typeorm';
import { BaseEntity } from '../../common/base.entity';
import type { FlagDetail } from '../../analysis/common/flag-severity';
import type { UniformityResult } from '../../analysis/plate/edge-drift';
import type { FitRecordStatus } from './dose-response-fit.entity';

/** The "method" of an analysis row that records why nothing could be computed. */
export const NOT_ANALYSABLE_METHOD = 'plate/not-analysable';

/** What started an analysis of a plate. */
export type AnalysisTrigger = 'import' | 'exclusion' | 'refit';

/** Controls and Z′ of one material on the plate. */
export interface LineQc {
  materialId: string | null;
  materialName: string | null;
  nVehicle: number;
  meanVehicle: number | null;
  sdVehicle: number | null;
  vehicleCvPct: number | null;
  nPositive: number;
  meanPositive: number | null;
  sdPositive: number | null;
  zPrimeVehicleVsPositive: number | null;
  zPrimeVehicleVsBlank: number | null;
  /** Against the protocol's low control (the blank when the line has no positive wells). */
  zPrime: number | null;
  zPrimeClass: string | null;
  signalToBackground: number | null;
}

/** Normalisation summary: blank mean, vehicle means, inhibitor-only toxicity checks. */
export interface NormalisationSummary {
  referenceWavelengthSubtracted: boolean;
  /**
   * True when the reader software had already subtracted the reference (SoftMax Pro "Reduced"
   * data): the analysis subtracted nothing more. Absent on analyses made before it was kept.
   */
  referenceSubtractedByReader?: boolean;
  /** The channel analysed (`570`, `450-650`, `ex560/em590`, `lum`); absent before it was kept. */
  measurementChannel?: string;
  blankMeanAu: number | null;
  nBlank: number;
  lines: {
    materialId: string | null;
    vehicleMeanAu: number | null;
    nVehicle: number;
    positiveMeanPct: number | null;
  }[];
  inhibitorOnly: {
    materialId: string | null;
    inhibitorName: string | null;
    inhibitorConcentrationMolar: number | null;
    inhibitorLabel: string | null;
    nWells: number;
    meanBlankCorrectedAu: number;
    viabilityPctOfVehicle: number | null;
  }[];
  negativeSignalWells: string[];
  flags: string[];
}

/**
 * The QC answers beyond the summary columns: both S/B ratios, the edge and drift checks, what
 * was not computed and why, every flag with its severity, the flags that block approval, and
 * each fit's flags with their severities. null on analyses stored before it existed.
 */
export interface QcDetails {
  /** μ_vehicle/μ_blank (null without blank wells). */
  signalToBackground: number | null;
  /** μ_vehicle/μ_positive, the HTS "S/B" (null without positive wells). */
  signalWindow: number | null;
  uniformity: UniformityResult;
  notComputed: { quantity: string; reason: string }[];
  flagDetails: FlagDetail[];
  blockingFlags: string[];
  fitFlagDetails: { fitId: string; label: string; flags: FlagDetail[] }[];
}

/**
 * One analysis of a plate (normalisation + plate QC), `current` until a refit supersedes it.
 * Its fits (dose_response_fits) and derived well values point to it by `analysis_id`. A plate
 * whose gating Z′ is below the protocol minimum does not pass; its run cannot be approved until
 * a manager overrides it here with a reason (optionally e-signed).
 */
@Entity({ name: 'plate_qc_results' })
@Index('ix_plate_qc_results_plate', ['plateId', 'status'])
@Index('ix_plate_qc_results_run', ['runId', 'status'])
export class PlateQcResult extends BaseEntity {
  @Column({ name: 'plate_id', type: 'varchar', length: 36 })
  plateId!: string;

  @Column({ name: 'run_id', type: 'varchar', length: 36, nullable: true })
  runId!: string | null;

  /** The plate reading analysed. */
  @Column({ name: 'reading_id', type: 'varchar', length: 36 })
  readingId!: string;

  @Column({ type: 'varchar', length: 16 })
  status!: FitRecordStatus;

  @Column({ name: 'superseded_by_id', type: 'varchar', length: 36, nullable: true })
  supersededById!: string | null;

  @Column({ type: 'varchar', length: 16 })
  trigger!: AnalysisTrigger;

  /** Low control of Z′ from the protocol: `positive` (kill control) or `blank`. */
  @Column({ name: 'low_control', type: 'varchar', length: 16 })
  lowControl!: 'positive' | 'blank';

  /** The protocol's minimum Z′. */
  @Column({ name: 'z_prime_min', type: 'double precision' })
  zPrimeMin!: number;

  /** The Z′ that gates the plate: the lowest per-material Z′ (the plate's when no material). */
  @Column({ name: 'z_prime', type: 'double precision', nullable: true })
  zPrime!: number | null;

  @Column({ name: 'z_prime_class', type: 'varchar', length: 16, nullable: true })
  zPrimeClass!: string | null;

  /** Z′ ≥ the protocol minimum. */
  @Column({ type: 'boolean' })
  passes!: boolean;

  /** Whole plate: all vehicle wells against all positive / blank wells. */
  @Column({ name: 'plate_z_prime_vehicle_vs_positive', type: 'double precision', nullable: true })
  plateZPrimeVehicleVsPositive!: number | null;

  @Column({ name: 'plate_z_prime_vehicle_vs_blank', type: 'double precision', nullable: true })
  plateZPrimeVehicleVsBlank!: number | null;

  /** mean(vehicle)/mean(blank) on A570 − A_ref, whole plate. */
  @Column({ name: 'signal_to_background', type: 'double precision', nullable: true })
  signalToBackground!: number | null;

  @Column({ name: 'vehicle_cv_pct', type: 'double precision', nullable: true })
  vehicleCvPct!: number | null;

  /** Largest CV % among the replicate groups QC assesses. */
  @Column({ name: 'max_replicate_cv_pct', type: 'double precision', nullable: true })
  maxReplicateCvPct!: number | null;

  /** Outer vs inner vehicle wells, % of the inner mean. */
  @Column({ name: 'edge_effect_difference_pct', type: 'double precision', nullable: true })
  edgeEffectDifferencePct!: number | null;

  @Column({ name: 'edge_effect_p_value', type: 'double precision', nullable: true })
  edgeEffectPValue!: number | null;

  @Column({ name: 'by_line', type: 'simple-json' })
  byLine!: LineQc[];

  /** Replicate groups above the CV threshold (role, material, concentration, wells, CV). */
  @Column({ name: 'high_cv_groups', type: 'simple-json' })
  highCvGroups!: Record<string, unknown>[];

  @Column({ type: 'simple-json' })
  normalisation!: NormalisationSummary;

  /** Plate QC flags (zprime-*, high-replicate-cv, edge-effect, zprime-below-minimum). */
  @Column({ type: 'simple-json' })
  flags!: string[];

  @Column({ name: 'excluded_wells', type: 'simple-json' })
  excludedWells!: string[];

  /** Both S/B ratios, edge and drift checks, flag severities, what was not computed. */
  @Column({ name: 'qc_details', type: 'simple-json', nullable: true })
  qcDetails!: QcDetails | null;

  @Column({ name: 'qc_method', type: 'varchar', length: 100 })
  qcMethod!: string;

  @Column({ name: 'qc_method_version', type: 'varchar', length: 20 })
  qcMethodVersion!: string;

  @Column({ name: 'qc_options', type: 'simple-json' })
  qcOptions!: Record<string, unknown>;

  @Column({ name: 'qc_input_hash', type: 'varchar', length: 64 })
  qcInputHash!: string;

  @Column({ name: 'normalisation_method', type: 'varchar', length: 100 })
  normalisationMethod!: string;

  @Column({ name: 'normalisation_method_version', type: 'varchar', length: 20 })
  normalisationMethodVersion!: string;

  @Column({ name: 'normalisation_input_hash', type: 'varchar', length: 64 })
  normalisationInputHash!: string;

  @Column({ name: 'created_by_id', type: 'varchar', length: 36, nullable: true })
  createdById!: string | null;

  @Column({ type: 'text', nullable: true })
  reason!: string | null;

  /** A manager's override of a failed QC: why, who, when, and the e-signature when signed. */
  @Column({ name: 'override_reason', type: 'text', nullable: true })
  overrideReason!: string | null;

  @Column({ name: 'overridden_by_id', type: 'varchar', length: 36, nullable: true })
  overriddenById!: string | null;

  @Column({ name: 'overridden_by_name', type: 'varchar', length: 200, nullable: true })
  overriddenByName!: string | null;

  @Column({ name: 'overridden_at', type: 'varchar', length: 30, nullable: true })
  overriddenAt!: string | null;

  @Column({ name: 'override_signature_id', type: 'varchar', length: 36, nullable: true })
  overrideSignatureId!: string | null;
}
