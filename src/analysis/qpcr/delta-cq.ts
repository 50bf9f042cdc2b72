// ΔCq = Cq(target) − Cq(reference), with the SD propagated for separate- or same-tube designs.
import { AnalysisError } from '../common/analysis-error';
import { provenance, type Provenance } from '../common/provenance';
import { mean, sampleStandardDeviation } from '../stats/descriptive';
import { checkCqArray, isDetermined, type CqValue } from './cq-value';

/**
 * 'separate-tubes': target and reference were amplified in different wells (the replicates are
 * not paired). 'same-tube': multiplexed, well i holds both target and reference (paired).
 */
export type TubeDesign = 'separate-tubes' | 'same-tube';

export interface DeltaCqInput {
  /** Technical replicate Cq values of the target gene. */
  target: readonly CqValue[];
  /**
   * Technical replicate Cq values of each reference gene (one array per gene; one array for
   * the classic single-reference design). For 'same-tube', index i of every array is well i.
   */
  references: ReadonlyArray<readonly CqValue[]>;
  design: TubeDesign;
}

export type DeltaCqFlag =
  | 'undetermined-excluded'
  /** Too few determined wells for an SD: sdDeltaCq is null. */
  | 'no-sd'
  /** No determined target or reference well (or no complete same-tube well): ΔCq is null. */
  | 'all-undetermined';

export interface DeltaCqResult extends Provenance {
  status: 'ok' | 'insufficient-data';
  design: TubeDesign;
  /** Mean Cq of the target (over the wells used), in cycles. */
  meanCqTarget: number | null;
  sdCqTarget: number | null;
  /** Mean Cq of the reference: the average of the per-gene means (several references). */
  meanCqReference: number | null;
  sdCqReference: number | null;
  /** Determined target wells used. */
  nTarget: number;
  /** Determined wells used per reference gene. */
  nReference: number[];
  /** ΔCq = mean Cq(target) − mean Cq(references), in cycles. */
  deltaCq: number | null;
  /** SD of ΔCq (see {@link deltaCq} for the design-specific formula), in cycles. */
  sdDeltaCq: number | null;
  flags: DeltaCqFlag[];
}

function sdOrNull(xs: number[]): number | null {
  return xs.length >= 2 ? sampleStandardDeviation(xs) : null;
}

/**
 * ΔCq of one sample with the SD of the two designs of Livak & Schmittgen (2001):
 * - separate tubes: ΔCq = mean(Cq_t) − mean(Cq_r), SD = √(sd_t² + sd_r²) (sample SDs, n − 1).
 *   With J reference genes, Cq_r = (1/J)Σ mean(Cq_rj) and sd_r = √(Σ sd_rj²)/J (SD of an
 *   average of independent means).
 * - same tube: per well dᵢ = Cq_t,i − mean_j Cq_rj,i; ΔCq = mean(d), SD = sd(d) (the SD of the
 *   per-well differences, pcr::pcr_analyze for ct2). Only wells where every gene amplified are
 *   used.
 * Undetermined wells are excluded (flag), never given a number. With fewer than 2 usable wells
 * the SD is null (flag 'no-sd'); with none, status 'insufficient-data'.
 * Units: cycles. Reference: Livak & Schmittgen 2001 (Methods 25:402), Tables 1–2; R pcr 1.2.2.
 * @throws AnalysisError for malformed Cq arrays, no reference gene, or same-tube arrays of
 *   different lengths.
 */
export function deltaCq(input: DeltaCqInput): DeltaCqResult {
  if (typeof input !== 'object' || input === null) {
    throw new AnalysisError('BAD_INPUT', 'input must be an object', 'input');
  }
  const { target, references, design } = input;
  if (design !== 'separate-tubes' && design !== 'same-tube') {
    throw new AnalysisError(
      'BAD_OPTION',
      `design must be 'separate-tubes' or 'same-tube'`,
      'design',
    );
  }
  checkCqArray(target, 'target');
  if (!Array.isArray(references as unknown) || references.length === 0) {
    throw new AnalysisError(
      'TOO_FEW_VALUES',
      'at least one reference gene is needed',
      'references',
    );
  }
  references.forEach((r, j) => checkCqArray(r, `references[${j}]`));
  const prov = provenance('qpcr-delta-cq', '1.0.0', { design }, { target, references, design });
  const flags: DeltaCqFlag[] = [];
  const anyUndetermined =
    target.some((c) => !isDetermined(c)) || references.some((r) => r.some((c) => !isDetermined(c)));
  if (anyUndetermined) flags.push('undetermined-excluded');
  const empty = {
    status: 'insufficient-data' as const,
    design,
    meanCqTarget: null,
    sdCqTarget: null,
    meanCqReference: null,
    sdCqReference: null,
    deltaCq: null,
    sdDeltaCq: null,
  };

  if (design === 'same-tube') {
    for (let j = 0; j < references.length; j++) {
      if (references[j].length !== target.length) {
        throw new AnalysisError(
          'LENGTH_MISMATCH',
          `same-tube design: references[${j}] has ${references[j].length} wells, target has ${target.length}`,
          `references[${j}]`,
        );
      }
    }
    const t: number[] = [];
    const r: number[] = [];
    const d: number[] = [];
    for (let i = 0; i < target.length; i++) {
      const ti = target[i];
      const ri = references.map((ref) => ref[i]);
      if (!isDetermined(ti) || !ri.every(isDetermined)) continue;
      const refMean = mean(ri as number[]);
      t.push(ti);
      r.push(refMean);
      d.push(ti - refMean);
    }
    if (d.length === 0) {
      flags.push('all-undetermined');
      return { ...empty, nTarget: 0, nReference: references.map(() => 0), flags, ...prov };
    }
    const sdDelta = sdOrNull(d);
    if (sdDelta === null) flags.push('no-sd');
    return {
      status: 'ok',
      design,
      meanCqTarget: mean(t),
      sdCqTarget: sdOrNull(t),
      meanCqReference: mean(r),
      sdCqReference: sdOrNull(r),
      nTarget: d.length,
      nReference: references.map(() => d.length),
      deltaCq: mean(d),
      sdDeltaCq: sdDelta,
      flags,
      ...prov,
    };
  }

  const t = target.filter(isDetermined);
  const refs = references.map((ref) => ref.filter(isDetermined));
  const nReference = refs.map((ref) => ref.length);
  if (t.length === 0 || refs.some((ref) => ref.length === 0)) {
    flags.push('all-undetermined');
    return { ...empty, nTarget: t.length, nReference, flags, ...prov };
  }
  const meanCqTarget = mean(t);
  const sdCqTarget = sdOrNull(t);
  const refMeans = refs.map((ref) => mean(ref));
  const refSds = refs.map(sdOrNull);
  const meanCqReference = mean(refMeans);
  let sdCqReference: number | null = null;
  if (refSds.every((s) => s !== null)) {
    let ss = 0;
    for (const s of refSds as number[]) ss += s * s;
    sdCqReference = Math.sqrt(ss) / refs.length;
  }
  const sdDeltaCq =
    sdCqTarget !== null && sdCqReference !== null
      ? Math.sqrt(sdCqTarget * sdCqTarget + sdCqReference * sdCqReference)
      : null;
  if (sdDeltaCq === null) flags.push('no-sd');
  return {
    status: 'ok',
    design,
    meanCqTarget,
    sdCqTarget,
    meanCqReference,
    sdCqReference,
    nTarget: t.length,
    nReference,
    deltaCq: meanCqTarget - meanCqReference,
    sdDeltaCq,
    flags,
    ...prov,
  };
}
