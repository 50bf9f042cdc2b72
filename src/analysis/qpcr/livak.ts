// Livak 2^(−ΔΔCq) relative expression with its range from the SD of ΔCq.
import { AnalysisError, assertFinite } from '../common/analysis-error';
import { provenance, type Provenance } from '../common/provenance';

/** ΔCq of one group (sample or calibrator), as produced by `deltaCq`. */
export interface DeltaCqSummary {
  /** ΔCq = Cq(target) − Cq(reference), in cycles. */
  deltaCq: number;
  /** SD of ΔCq, in cycles; null when it could not be estimated. */
  sdDeltaCq: number | null;
}

export interface LivakInput {
  /** The group whose expression is reported. */
  sample: DeltaCqSummary;
  /** The calibrator (reference condition, e.g. untreated or parental). */
  calibrator: DeltaCqSummary;
  /**
   * Amplification efficiencies in per cent ((E − 1)·100) of target and reference, when known.
   * Livak assumes both ≈ 100 %; outside the accepted range the result is flagged.
   */
  efficiencyPercent?: { target: number; reference: number };
}

export interface LivakOptions {
  /** Efficiencies accepted as "≈ 100 %", in per cent. Default [90, 110]. */
  efficiencyRangePercent?: [number, number];
}

export type LivakFlag =
  /** No efficiencies were given: the 100 % assumption is unchecked. */
  | 'efficiency-not-verified'
  /** An efficiency lies outside the accepted range: use the Pfaffl model instead. */
  | 'efficiency-not-near-100'
  /** The sample's ΔCq has no SD: no range. */
  | 'no-sd';

export interface LivakResult extends Provenance {
  /** ΔΔCq = ΔCq(sample) − ΔCq(calibrator), in cycles. */
  deltaDeltaCq: number;
  /** SD of ΔΔCq = SD of the sample's ΔCq (the calibrator ΔCq is a constant), in cycles. */
  sdDeltaDeltaCq: number | null;
  /** Fold change 2^(−ΔΔCq) (dimensionless; 1 for the calibrator itself). */
  foldChange: number;
  /** 2^(−(ΔΔCq + SD)); null without SD. */
  foldLower: number | null;
  /** 2^(−(ΔΔCq − SD)); null without SD. */
  foldUpper: number | null;
  flags: LivakFlag[];
}

/**
 * Livak relative expression: ΔΔCq = ΔCq_sample − ΔCq_calibrator, fold = 2^(−ΔΔCq), range
 * [2^(−(ΔΔCq + s)), 2^(−(ΔΔCq − s))] with s = SD of the sample's ΔCq (separate tubes
 * √(sd_t² + sd_r²), same tube SD of the per-well differences; the calibrator's ΔCq enters as
 * an arbitrary constant, so its SD is not added). Valid only when target and reference
 * efficiencies are both ≈ 100 % (flagged otherwise, or when unknown).
 * Units: ΔΔCq and SD in cycles; fold dimensionless.
 * Reference: Livak & Schmittgen 2001 (Methods 25:402), eq. 9 and Table 2; R pcr 1.2.2
 * `pcr_analyze(method = 'delta_delta_ct')`.
 * @throws AnalysisError for non-finite ΔCq values or a negative SD.
 */
export function livakRelativeExpression(
  input: LivakInput,
  options: LivakOptions = {},
): LivakResult {
  if (typeof input !== 'object' || input === null) {
    throw new AnalysisError('BAD_INPUT', 'input must be an object', 'input');
  }
  const { sample, calibrator } = input;
  for (const [name, g] of [
    ['sample', sample],
    ['calibrator', calibrator],
  ] as const) {
    if (typeof g !== 'object' || g === null) {
      throw new AnalysisError('BAD_INPUT', `${name} must be an object`, name);
    }
    assertFinite(g.deltaCq, `${name}.deltaCq`);
    if (g.sdDeltaCq !== null) {
      assertFinite(g.sdDeltaCq, `${name}.sdDeltaCq`);
      if (g.sdDeltaCq < 0) {
        throw new AnalysisError(
          'NEGATIVE_SD',
          `${name}.sdDeltaCq must be ≥ 0`,
          `${name}.sdDeltaCq`,
        );
      }
    }
  }
  const range = options.efficiencyRangePercent ?? [90, 110];
  assertFinite(range[0], 'efficiencyRangePercent[0]');
  assertFinite(range[1], 'efficiencyRangePercent[1]');
  const flags: LivakFlag[] = [];
  if (input.efficiencyPercent === undefined) {
    flags.push('efficiency-not-verified');
  } else {
    const { target, reference } = input.efficiencyPercent;
    assertFinite(target, 'efficiencyPercent.target');
    assertFinite(reference, 'efficiencyPercent.reference');
    const inRange = (e: number) => e >= range[0] && e <= range[1];
    if (!inRange(target) || !inRange(reference)) flags.push('efficiency-not-near-100');
  }
  // 0 + …: JSON has no negative zero (the calibrator against itself gives −0 otherwise).
  const deltaDeltaCq = 0 + (sample.deltaCq - calibrator.deltaCq);
  const sd = sample.sdDeltaCq;
  if (sd === null) flags.push('no-sd');
  const foldChange = Math.pow(2, -deltaDeltaCq);
  if (!Number.isFinite(foldChange) || foldChange === 0) {
    throw new AnalysisError(
      'NUMERIC_OVERFLOW',
      `2^(−ΔΔCq) overflows for ΔΔCq = ${deltaDeltaCq}`,
      'sample.deltaCq',
    );
  }
  const foldLower = sd === null ? null : Math.pow(2, -(deltaDeltaCq + sd));
  const foldUpper = sd === null ? null : Math.pow(2, -(deltaDeltaCq - sd));
  if (foldUpper !== null && !Number.isFinite(foldUpper)) {
    throw new AnalysisError('NUMERIC_OVERFLOW', `2^(−(ΔΔCq − SD)) overflows`, 'sample.sdDeltaCq');
  }
  return {
    deltaDeltaCq,
    sdDeltaDeltaCq: sd,
    foldChange,
    foldLower,
    foldUpper,
    flags,
    ...provenance(
      'qpcr-livak-ddcq',
      '1.0.0',
      { efficiencyRangePercent: range },
      { sample, calibrator, efficiencyPercent: input.efficiencyPercent ?? null },
    ),
  };
}
