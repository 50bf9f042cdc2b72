// Technical-replicate summaries and run-level quality control of a qPCR run.
import { AnalysisError, assertFinite } from '../common/analysis-error';
import { provenance, type Provenance } from '../common/provenance';
import { mean, sampleStandardDeviation } from '../stats/descriptive';
import { checkCqArray, describeValue, isDetermined, type CqValue } from './cq-value';

/** Named quality flags of a replicate group. */
export type ReplicateFlag =
  /** SD of the technical replicates above `maxReplicateSdCq`. */
  | 'high-replicate-sd'
  /** Mean Cq above `lateCq` (low-copy, less reliable). */
  | 'late-cq'
  /** Some wells were undetermined and were left out of the mean. */
  | 'undetermined-excluded'
  /** No well amplified: no mean Cq. */
  | 'all-undetermined'
  /** Only one determined well: no SD. */
  | 'single-replicate'
  /** The no-template control of this gene amplified before `ntcContaminationCq`. */
  | 'ntc-contamination';

export interface ReplicateSummaryOptions {
  /** Technical replicate SD above which the group is flagged, in cycles. Default 0.3. */
  maxReplicateSdCq?: number;
  /** Mean Cq above which the group is flagged 'late', in cycles. Default 35. */
  lateCq?: number;
}

export interface ReplicateStatistics {
  /** 'ok', or 'all-undetermined' (meanCq null). */
  status: 'ok' | 'all-undetermined';
  nWells: number;
  nDetermined: number;
  nUndetermined: number;
  /** Mean of the determined Cq values, in cycles; null when none amplified. */
  meanCq: number | null;
  /** Sample SD (n − 1) of the determined Cq values; null for fewer than 2. */
  sdCq: number | null;
  flags: ReplicateFlag[];
}

export type ReplicateSummary = ReplicateStatistics & Provenance;

function resolveOptions(options: ReplicateSummaryOptions): Required<ReplicateSummaryOptions> {
  const maxReplicateSdCq = options.maxReplicateSdCq ?? 0.3;
  const lateCq = options.lateCq ?? 35;
  assertFinite(maxReplicateSdCq, 'maxReplicateSdCq');
  assertFinite(lateCq, 'lateCq');
  if (!(maxReplicateSdCq > 0)) {
    throw new AnalysisError('BAD_OPTION', 'maxReplicateSdCq must be > 0', 'maxReplicateSdCq');
  }
  return { maxReplicateSdCq, lateCq };
}

function replicateStatistics(
  cqs: readonly CqValue[],
  options: Required<ReplicateSummaryOptions>,
): ReplicateStatistics {
  const determined = cqs.filter(isDetermined);
  const nUndetermined = cqs.length - determined.length;
  const flags: ReplicateFlag[] = [];
  if (determined.length === 0) {
    flags.push('all-undetermined');
    return {
      status: 'all-undetermined',
      nWells: cqs.length,
      nDetermined: 0,
      nUndetermined,
      meanCq: null,
      sdCq: null,
      flags,
    };
  }
  if (nUndetermined > 0) flags.push('undetermined-excluded');
  const meanCq = mean(determined);
  let sdCq: number | null = null;
  if (determined.length >= 2) {
    sdCq = sampleStandardDeviation(determined);
    if (sdCq > options.maxReplicateSdCq) flags.push('high-replicate-sd');
  } else {
    flags.push('single-replicate');
  }
  if (meanCq > options.lateCq) flags.push('late-cq');
  return {
    status: 'ok',
    nWells: cqs.length,
    nDetermined: determined.length,
    nUndetermined,
    meanCq,
    sdCq,
    flags,
  };
}

/**
 * Summary of the technical replicates of one sample × gene: mean Cq and sample SD (n − 1) of
 * the determined wells, with flags. Undetermined wells are excluded and counted, never replaced
 * by a number; a group with no determined well has meanCq = null and status
 * 'all-undetermined'. Flags: SD > `maxReplicateSdCq` (0.3 cycles), mean Cq > `lateCq` (35),
 * 'single-replicate' (no SD), 'undetermined-excluded'.
 * Units: cycles. Reference: Livak & Schmittgen 2001 (Methods 25:402); MIQE, Bustin et al. 2009
 * (Clin Chem 55:611).
 * @throws AnalysisError for an empty array or a value that is not a Cq.
 */
export function summarizeTechnicalReplicates(
  cqs: readonly CqValue[],
  options: ReplicateSummaryOptions = {},
): ReplicateSummary {
  checkCqArray(cqs, 'cqs');
  if (cqs.length === 0) {
    throw new AnalysisError('TOO_FEW_VALUES', 'a replicate group needs at least one well', 'cqs');
  }
  const resolved = resolveOptions(options);
  return {
    ...replicateStatistics(cqs, resolved),
    ...provenance('qpcr-technical-replicates', '1.0.0', resolved, { cqs }),
  };
}

/** Role of a well in a qPCR run (MIQE task). */
export type QpcrTask = 'unknown' | 'standard' | 'ntc';

/** One well of a qPCR run. */
export interface QpcrWell {
  well: string;
  sample: string;
  target: string;
  cq: CqValue;
  task: QpcrTask;
}

export interface QpcrRunOptions extends ReplicateSummaryOptions {
  /** A no-template control with Cq below this contaminates its gene, in cycles. Default 35. */
  ntcContaminationCq?: number;
}

export interface SampleTargetSummary extends ReplicateStatistics {
  sample: string;
  target: string;
  wells: string[];
}

export interface NtcCheck {
  target: string;
  wells: string[];
  allUndetermined: boolean;
  /** Lowest determined NTC Cq, in cycles; null when all NTC wells are undetermined. */
  minCq: number | null;
  /** An NTC amplified before `ntcContaminationCq`: every result of this gene is flagged. */
  contamination: boolean;
  /** 'ntc-missing' (no NTC for a gene with unknowns), 'ntc-late-amplification' (NTC Cq ≥ threshold). */
  flags: Array<'ntc-missing' | 'ntc-late-amplification'>;
}

export interface QpcrRunSummary extends Provenance {
  /** Technical-replicate summaries of the 'unknown' wells, per sample × target. */
  samples: SampleTargetSummary[];
  /** No-template-control check per target (every target with unknown or NTC wells). */
  ntc: NtcCheck[];
  /** Targets whose NTC amplified before the threshold. */
  contaminatedTargets: string[];
  /** Undetermined 'unknown' and 'standard' wells, excluded from every mean. */
  excludedUndeterminedWells: string[];
}

/**
 * Run-level qPCR summary: technical replicates per sample × target ('unknown' wells, see
 * {@link summarizeTechnicalReplicates}) and the no-template-control check. An NTC with a
 * determined Cq < `ntcContaminationCq` (35 cycles) sets `contamination` on its gene and the flag
 * 'ntc-contamination' on every sample summary of that gene; a later NTC Cq is flagged
 * 'ntc-late-amplification' only. Undetermined wells are listed, never given a number.
 * Units: cycles. Reference: MIQE, Bustin et al. 2009 (Clin Chem 55:611) §NTC.
 * @throws AnalysisError for a malformed well (missing names, bad Cq, unknown task).
 */
export function summarizeQpcrRun(
  wells: readonly QpcrWell[],
  options: QpcrRunOptions = {},
): QpcrRunSummary {
  if (!Array.isArray(wells as unknown)) {
    throw new AnalysisError('NOT_AN_ARRAY', 'wells must be an array', 'wells');
  }
  const resolved = resolveOptions(options);
  const ntcContaminationCq = options.ntcContaminationCq ?? 35;
  assertFinite(ntcContaminationCq, 'ntcContaminationCq');

  type Group = { sample: string; target: string; wells: string[]; cqs: CqValue[] };
  const groups = new Map<string, Group>();
  const ntcByTarget = new Map<string, { wells: string[]; cqs: CqValue[] }>();
  const targetsWithUnknowns = new Set<string>();
  const excludedUndeterminedWells: string[] = [];
  wells.forEach((w, i) => {
    const field = `wells[${i}]`;
    if (typeof w !== 'object' || w === null) {
      throw new AnalysisError('BAD_WELL', `${field} must be an object`, field);
    }
    for (const key of ['well', 'sample', 'target'] as const) {
      if (typeof w[key] !== 'string' || w[key] === '') {
        throw new AnalysisError(
          'BAD_WELL',
          `${field}.${key} must be a non-empty string`,
          `${field}.${key}`,
        );
      }
    }
    checkCqArray([w.cq], `${field}.cq`);
    switch (w.task) {
      case 'ntc': {
        const entry: { wells: string[]; cqs: CqValue[] } = ntcByTarget.get(w.target) ?? {
          wells: [],
          cqs: [],
        };
        entry.wells.push(w.well);
        entry.cqs.push(w.cq);
        ntcByTarget.set(w.target, entry);
        break;
      }
      case 'unknown': {
        targetsWithUnknowns.add(w.target);
        const key = JSON.stringify([w.sample, w.target]);
        const entry: Group = groups.get(key) ?? {
          sample: w.sample,
          target: w.target,
          wells: [],
          cqs: [],
        };
        entry.wells.push(w.well);
        entry.cqs.push(w.cq);
        groups.set(key, entry);
        if (!isDetermined(w.cq)) excludedUndeterminedWells.push(w.well);
        break;
      }
      case 'standard':
        if (!isDetermined(w.cq)) excludedUndeterminedWells.push(w.well);
        break;
      default:
        throw new AnalysisError(
          'BAD_WELL',
          `${field}.task must be 'unknown', 'standard' or 'ntc', got ${describeValue(w.task)}`,
          `${field}.task`,
        );
    }
  });

  const ntc: NtcCheck[] = [];
  const targets = [...new Set([...targetsWithUnknowns, ...ntcByTarget.keys()])];
  for (const target of targets) {
    const entry = ntcByTarget.get(target);
    if (entry === undefined) {
      ntc.push({
        target,
        wells: [],
        allUndetermined: false,
        minCq: null,
        contamination: false,
        flags: ['ntc-missing'],
      });
      continue;
    }
    const determined = entry.cqs.filter(isDetermined);
    const minCq = determined.length > 0 ? Math.min(...determined) : null;
    const contamination = minCq !== null && minCq < ntcContaminationCq;
    ntc.push({
      target,
      wells: entry.wells,
      allUndetermined: determined.length === 0,
      minCq,
      contamination,
      flags: minCq !== null && !contamination ? ['ntc-late-amplification'] : [],
    });
  }
  const contaminatedTargets = ntc.filter((c) => c.contamination).map((c) => c.target);

  const samples: SampleTargetSummary[] = [...groups.values()].map((g) => {
    const stats = replicateStatistics(g.cqs, resolved);
    if (contaminatedTargets.includes(g.target)) stats.flags.push('ntc-contamination');
    return { sample: g.sample, target: g.target, wells: g.wells, ...stats };
  });

  return {
    samples,
    ntc,
    contaminatedTargets,
    excludedUndeterminedWells,
    ...provenance('qpcr-run-summary', '1.0.0', { ...resolved, ntcContaminationCq }, { wells }),
  };
}
