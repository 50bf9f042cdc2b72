// Efficiency-corrected relative expression with one or several reference genes (Pfaffl, qBase).
import { AnalysisError, assertFinite } from '../common/analysis-error';
import { provenance, type Provenance } from '../common/provenance';

/** A gene's amplification factor E (2.0 = 100 % efficiency) and its Cq in the two conditions. */
export interface PfafflGene {
  /** Gene name (reported back). */
  name?: string;
  /** Amplification factor per cycle, E = 10^(−1/slope); > 1. */
  amplificationFactor: number;
  /** Mean Cq of the calibrator (control) condition, in cycles. */
  cqCalibrator: number;
  /** Mean Cq of the sample (treated) condition, in cycles. */
  cqSample: number;
}

export interface PfafflInput {
  target: PfafflGene;
  /** One or more reference genes: the normaliser is their geometric mean. */
  references: readonly PfafflGene[];
}

export interface PfafflOptions {
  /** Amplification factors accepted without a flag. Default [1.9, 2.1] (90–110 %). */
  amplificationFactorRange?: [number, number];
}

export interface PfafflGeneTerm {
  name: string | null;
  amplificationFactor: number;
  /** ΔCq = Cq(calibrator) − Cq(sample), in cycles. */
  deltaCq: number;
  /** E^ΔCq (dimensionless). */
  term: number;
}

export interface PfafflResult extends Provenance {
  target: PfafflGeneTerm;
  references: PfafflGeneTerm[];
  /** E_target^ΔCq_target. */
  targetTerm: number;
  /** geomean_j(E_ref_j^ΔCq_ref_j). */
  referenceTerm: number;
  /** Expression ratio sample/calibrator (dimensionless). */
  ratio: number;
  log2Ratio: number;
  /** Names (or indices) of genes whose E is outside the accepted range. */
  flags: Array<'efficiency-out-of-range'>;
  genesOutOfRange: string[];
}

function checkAmplificationFactor(e: unknown, field: string): asserts e is number {
  assertFinite(e, field);
  if (!(e > 1)) {
    throw new AnalysisError(
      'BAD_AMPLIFICATION_FACTOR',
      `${field} must be > 1 (2.0 = 100 % efficiency), got ${e}`,
      field,
    );
  }
}

function checkGene(g: unknown, field: string): asserts g is PfafflGene {
  if (typeof g !== 'object' || g === null) {
    throw new AnalysisError('BAD_INPUT', `${field} must be an object`, field);
  }
  const gene = g as Record<string, unknown>;
  checkAmplificationFactor(gene.amplificationFactor, `${field}.amplificationFactor`);
  assertFinite(gene.cqCalibrator, `${field}.cqCalibrator`);
  assertFinite(gene.cqSample, `${field}.cqSample`);
  if (gene.name !== undefined && typeof gene.name !== 'string') {
    throw new AnalysisError('BAD_INPUT', `${field}.name must be a string`, `${field}.name`);
  }
}

/**
 * Pfaffl / qBase relative expression with several reference genes:
 *   RQ = E_t^(Cq_t,cal − Cq_t,sample) / geomean_j( E_rj^(Cq_rj,cal − Cq_rj,sample) ).
 * Computed on the log scale: log2 RQ = ΔCq_t·log2 E_t − (1/J)Σ_j ΔCq_rj·log2 E_rj.
 * With one reference gene this is Pfaffl's equation; with E = 2 for all genes it is Livak's
 * 2^(−ΔΔCq). Genes with E outside [1.9, 2.1] are flagged.
 * Units: Cq in cycles, E per cycle, ratio dimensionless.
 * Reference: Pfaffl 2001 (NAR 29:e45), eq. 1; Hellemans et al. 2007 (Genome Biol 8:R19), eq. 6–9;
 * Vandesompele et al. 2002 (geometric mean of reference genes).
 * @throws AnalysisError for E ≤ 1, non-finite Cq, or no reference gene.
 */
export function pfafflRatio(input: PfafflInput, options: PfafflOptions = {}): PfafflResult {
  if (typeof input !== 'object' || input === null) {
    throw new AnalysisError('BAD_INPUT', 'input must be an object', 'input');
  }
  checkGene(input.target, 'target');
  if (!Array.isArray(input.references as unknown) || input.references.length === 0) {
    throw new AnalysisError(
      'TOO_FEW_VALUES',
      'at least one reference gene is needed',
      'references',
    );
  }
  input.references.forEach((r, j) => checkGene(r, `references[${j}]`));
  const range = options.amplificationFactorRange ?? [1.9, 2.1];
  assertFinite(range[0], 'amplificationFactorRange[0]');
  assertFinite(range[1], 'amplificationFactorRange[1]');

  const termOf = (g: PfafflGene): PfafflGeneTerm & { log2Term: number } => {
    const deltaCq = g.cqCalibrator - g.cqSample;
    const log2Term = deltaCq * Math.log2(g.amplificationFactor);
    return {
      name: g.name ?? null,
      amplificationFactor: g.amplificationFactor,
      deltaCq,
      term: Math.pow(2, log2Term),
      log2Term,
    };
  };
  const target = termOf(input.target);
  const refs = input.references.map(termOf);
  let meanLog2Ref = 0;
  for (const r of refs) meanLog2Ref += r.log2Term / refs.length;
  const log2Ratio = target.log2Term - meanLog2Ref;
  const ratio = Math.pow(2, log2Ratio);
  const referenceTerm = Math.pow(2, meanLog2Ref);
  if (
    !Number.isFinite(ratio) ||
    ratio === 0 ||
    !Number.isFinite(target.term) ||
    !Number.isFinite(referenceTerm)
  ) {
    throw new AnalysisError('NUMERIC_OVERFLOW', 'the expression ratio overflows', 'target');
  }
  const genesOutOfRange: string[] = [];
  const check = (g: PfafflGene, label: string) => {
    if (g.amplificationFactor < range[0] || g.amplificationFactor > range[1]) {
      genesOutOfRange.push(g.name ?? label);
    }
  };
  check(input.target, 'target');
  input.references.forEach((r, j) => check(r, `references[${j}]`));
  const strip = ({ log2Term: _ignored, ...rest }: PfafflGeneTerm & { log2Term: number }) => rest;
  return {
    target: strip(target),
    references: refs.map(strip),
    targetTerm: target.term,
    referenceTerm,
    ratio,
    log2Ratio,
    flags: genesOutOfRange.length > 0 ? ['efficiency-out-of-range'] : [],
    genesOutOfRange,
    ...provenance(
      'qpcr-pfaffl-multi-reference',
      '1.0.0',
      { amplificationFactorRange: range },
      input,
    ),
  };
}

/** A gene's amplification factor and the Cq of one biological sample. */
export interface NrqGene {
  amplificationFactor: number;
  /** Mean Cq of the sample's technical replicates, in cycles. */
  cq: number;
}

/**
 * Per-sample log2 normalised relative quantity (qBase), up to a constant common to all samples:
 *   log2 NRQ = −Cq_t·log2 E_t + (1/J)Σ_j Cq_rj·log2 E_rj.
 * Differences between samples (or group means) of log2 NRQ are log2 Pfaffl ratios; use these
 * per-biological-replicate values for group statistics (Welch t-test, CI) on the log scale.
 * Units: log2 (dimensionless). Reference: Hellemans et al. 2007 (Genome Biol 8:R19), eq. 7–9.
 * @throws AnalysisError for E ≤ 1, non-finite Cq or no reference gene.
 */
export function log2NormalizedRelativeQuantity(
  target: NrqGene,
  references: readonly NrqGene[],
): number {
  const check = (g: unknown, field: string) => {
    if (typeof g !== 'object' || g === null) {
      throw new AnalysisError('BAD_INPUT', `${field} must be an object`, field);
    }
    const gene = g as Record<string, unknown>;
    checkAmplificationFactor(gene.amplificationFactor, `${field}.amplificationFactor`);
    assertFinite(gene.cq, `${field}.cq`);
  };
  check(target, 'target');
  if (!Array.isArray(references as unknown) || references.length === 0) {
    throw new AnalysisError(
      'TOO_FEW_VALUES',
      'at least one reference gene is needed',
      'references',
    );
  }
  references.forEach((r, j) => check(r, `references[${j}]`));
  let refTerm = 0;
  for (const r of references)
    refTerm += (r.cq * Math.log2(r.amplificationFactor)) / references.length;
  const value = -target.cq * Math.log2(target.amplificationFactor) + refTerm;
  if (!Number.isFinite(value)) {
    throw new AnalysisError('NUMERIC_OVERFLOW', 'log2 NRQ overflows', 'target.cq');
  }
  return value;
}
