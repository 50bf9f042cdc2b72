import { AnalysisError, assertFinite } from '../common/analysis-error';
import { formatSignificant } from '../common/significant-figures';
import { Provenance, provenance } from '../common/provenance';
import { ic50Ratio, Ic50Estimate, Ic50Ratio } from './fold-resistance';

export const EFFLUX_REVERSAL_METHOD = 'dose-response/efflux-inhibitor-reversal';
export const EFFLUX_REVERSAL_METHOD_VERSION = '1.1.0';

export interface EffluxReversalInput {
  /** Resistant line, drug alone. */
  resistant: Ic50Estimate;
  /** Resistant line, drug + inhibitor. */
  resistantWithInhibitor: Ic50Estimate;
  /** Parental line, drug alone. */
  parental: Ic50Estimate;
  /** Parental line, drug + inhibitor (optional control: the inhibitor should barely move it). */
  parentalWithInhibitor?: Ic50Estimate;
  /**
   * Inhibitor-only viability, % of the line's vehicle (from normalizeMtt `inhibitorOnly`).
   * Each present value must reach the toxicity threshold for the experiment to count.
   */
  inhibitorOnlyViabilityPct?: { resistant?: number | null; parental?: number | null };
}

export interface EffluxReversalOptions {
  /** Inhibitor alone must leave ≥ this % viability. Default 80. */
  inhibitorToxicityThresholdPct?: number;
  confidenceLevel?: number;
}

export type EffluxVerdict = 'restored' | 'partially restored' | 'not restored' | 'inconclusive';

export interface InhibitorToxicityCheck {
  line: 'resistant' | 'parental';
  viabilityPctOfVehicle: number;
  thresholdPct: number;
  pass: boolean;
}

export interface EffluxReversal extends Provenance {
  /** IC50(R)/IC50(R + inhibitor). */
  reversalFoldResistant: Ic50Ratio;
  /** IC50(P)/IC50(P + inhibitor), when the parental + inhibitor fit is given. */
  reversalFoldParental: Ic50Ratio | null;
  /** IC50(R)/IC50(P). */
  foldResistance: Ic50Ratio;
  /** IC50(R + inhibitor)/IC50(P). */
  foldResistanceWithInhibitor: Ic50Ratio;
  /** (IC50_R − IC50_R+inh)/(IC50_R − IC50_P)·100 (null when a bound or not determinable). */
  percentRestoration: number | null;
  /** "> 85 %" when IC50_R is only a bound ("> top tested dose"). */
  percentRestorationBound: { relation: '>' | '<'; value: number } | null;
  /** Why % restoration is a bound or not determinable; null when it is a number. */
  percentRestorationReason: string | null;
  inhibitorToxicity: InhibitorToxicityCheck[];
  /** Every toxicity check present passed (true when none was supplied). */
  inhibitorToxicityPass: boolean;
  verdict: EffluxVerdict;
  /** Which interval or check decided the verdict. */
  decidedBy:
    'fold-resistance-with-inhibitor-ci' | 'reversal-ci' | 'inhibitor-toxicity' | 'not-determinable';
  reason: string;
}

const fmtCi = (r: Ic50Ratio): string =>
  r.ci95
    ? `${r.ratio === null ? 'n/a' : formatSignificant(r.ratio)} (CI ${formatSignificant(r.ci95[0])}–${formatSignificant(r.ci95[1])})`
    : 'n/a';

/**
 * Efflux-inhibitor functional assay (SCIENCE.md §4):
 * - reversal (sensitisation) fold = IC50(−inhibitor)/IC50(+inhibitor), CI as for fold-resistance
 *   (log scale, t with df_a + df_b);
 * - FR with inhibitor = IC50(R + inhibitor)/IC50(P), same CI;
 * - % restoration = (IC50_R − IC50_R+inh)/(IC50_R − IC50_P)·100;
 * - verdict: `restored` when the FR-with-inhibitor CI includes 1 (or lies below it);
 *   `partially restored` when the reversal CI excludes 1 (above) and FR with inhibitor stays
 *   > 1; `not restored` when the reversal CI includes 1 or lies below it; `inconclusive` when
 *   the inhibitor alone is toxic (viability < 80 % of vehicle invalidates the experiment) or a
 *   ratio cannot be determined.
 * Reference: SCIENCE.md §4; Gekeler et al. (1995) Biochem Biophys Res Commun 208:345 (MK571);
 * Allen et al. (2002) Mol Cancer Ther 1:417 (Ko143).
 */
export function effluxReversal(
  input: EffluxReversalInput,
  options: EffluxReversalOptions = {},
): EffluxReversal {
  if (input === null || typeof input !== 'object') {
    throw new AnalysisError('BAD_INPUT', 'input must be an object', 'input');
  }
  const threshold = options.inhibitorToxicityThresholdPct ?? 80;
  assertFinite(threshold, 'inhibitorToxicityThresholdPct');
  const ratioOptions = { confidenceLevel: options.confidenceLevel };
  const {
    resistant: r,
    resistantWithInhibitor: ri,
    parental: p,
    parentalWithInhibitor: pi,
  } = input;

  const reversalR = ic50Ratio(
    r,
    ri,
    'reversal fold (resistant) = IC50(R) / IC50(R + inhibitor)',
    ratioOptions,
  );
  const reversalP = pi
    ? ic50Ratio(p, pi, 'reversal fold (parental) = IC50(P) / IC50(P + inhibitor)', ratioOptions)
    : null;
  const fr = ic50Ratio(r, p, 'fold-resistance = IC50(R) / IC50(P)', ratioOptions);
  const frInh = ic50Ratio(ri, p, 'FR with inhibitor = IC50(R + inhibitor) / IC50(P)', ratioOptions);

  const restoration = percentRestorationOf(r, ri, p);

  const toxicity: InhibitorToxicityCheck[] = [];
  for (const line of ['resistant', 'parental'] as const) {
    const v = input.inhibitorOnlyViabilityPct?.[line];
    if (v === undefined || v === null) continue;
    assertFinite(v, `inhibitorOnlyViabilityPct.${line}`);
    toxicity.push({
      line,
      viabilityPctOfVehicle: v,
      thresholdPct: threshold,
      pass: v >= threshold,
    });
  }
  const toxicityPass = toxicity.every((t) => t.pass);

  let verdict: EffluxVerdict;
  let decidedBy: EffluxReversal['decidedBy'];
  let reason: string;
  if (!toxicityPass) {
    const failed = toxicity.filter((t) => !t.pass);
    verdict = 'inconclusive';
    decidedBy = 'inhibitor-toxicity';
    reason =
      `inhibitor alone leaves ${failed.map((t) => `${t.viabilityPctOfVehicle.toFixed(1)} % (${t.line})`).join(', ')} ` +
      `viability, below ${threshold} % of vehicle: the sensitisation may be toxicity, not reversal`;
  } else if (reversalR.ci95 === null || frInh.ci95 === null) {
    verdict = 'inconclusive';
    decidedBy = 'not-determinable';
    reason = `a ratio has no CI: reversal ${reversalR.reason ?? 'n/a'}; FR with inhibitor ${frInh.reason ?? 'n/a'}`;
  } else if (frInh.ci95[0] <= 1) {
    verdict = 'restored';
    decidedBy = 'fold-resistance-with-inhibitor-ci';
    reason =
      frInh.ci95[1] >= 1
        ? `FR with inhibitor ${fmtCi(frInh)}: the CI includes 1`
        : `FR with inhibitor ${fmtCi(frInh)}: the CI lies below 1 (more sensitive than parental)`;
  } else if (reversalR.ci95[0] > 1) {
    verdict = 'partially restored';
    decidedBy = 'reversal-ci';
    reason = `reversal fold ${fmtCi(reversalR)} excludes 1, but FR with inhibitor ${fmtCi(frInh)} stays above 1`;
  } else {
    verdict = 'not restored';
    decidedBy = 'reversal-ci';
    reason =
      reversalR.ci95[1] >= 1
        ? `reversal fold ${fmtCi(reversalR)}: the CI includes 1`
        : `reversal fold ${fmtCi(reversalR)}: the inhibitor made the cells less sensitive`;
  }

  const slim = (e: Ic50Estimate | undefined) =>
    e ? { ic50: e.ic50, seLnIc50: e.seLnIc50, df: e.df, ic50Bound: e.ic50Bound ?? null } : null;
  return {
    ...provenance(
      EFFLUX_REVERSAL_METHOD,
      EFFLUX_REVERSAL_METHOD_VERSION,
      {
        inhibitorToxicityThresholdPct: threshold,
        confidenceLevel: options.confidenceLevel ?? 0.95,
      },
      {
        resistant: slim(r),
        resistantWithInhibitor: slim(ri),
        parental: slim(p),
        parentalWithInhibitor: slim(pi),
        inhibitorOnlyViabilityPct: input.inhibitorOnlyViabilityPct ?? null,
      },
    ),
    reversalFoldResistant: reversalR,
    reversalFoldParental: reversalP,
    foldResistance: fr,
    foldResistanceWithInhibitor: frInh,
    percentRestoration: restoration.value,
    percentRestorationBound: restoration.bound,
    percentRestorationReason: restoration.reason,
    inhibitorToxicity: toxicity,
    inhibitorToxicityPass: toxicityPass,
    verdict,
    decidedBy,
    reason,
  };
}

/**
 * % restoration = (R − Ri)/(R − P)·100. With R known only as a bound R > T (the resistant
 * line's curve does not reach 50 % within the tested range) and Ri, P points, the expression is
 * monotone in R: increasing when Ri > P (so > (T − Ri)/(T − P)·100), decreasing when Ri < P
 * (so < that value). Any other bound makes it not determinable.
 */
function percentRestorationOf(
  r: Ic50Estimate,
  ri: Ic50Estimate,
  p: Ic50Estimate,
): {
  value: number | null;
  bound: { relation: '>' | '<'; value: number } | null;
  reason: string | null;
} {
  if (r.ic50 !== null && ri.ic50 !== null && p.ic50 !== null) {
    if (r.ic50 === p.ic50) {
      return { value: null, bound: null, reason: 'IC50(R) = IC50(P): nothing to restore' };
    }
    return { value: ((r.ic50 - ri.ic50) / (r.ic50 - p.ic50)) * 100, bound: null, reason: null };
  }
  const rb = r.ic50Bound;
  if (r.ic50 === null && rb && rb.relation === '>' && ri.ic50 !== null && p.ic50 !== null) {
    const t = rb.concentration;
    if (t > p.ic50 && ri.ic50 !== p.ic50) {
      const value = ((t - ri.ic50) / (t - p.ic50)) * 100;
      const relation = ri.ic50 > p.ic50 ? '>' : '<';
      return {
        value: null,
        bound: { relation, value },
        reason: `IC50(R) ${r.ic50Display ?? `> ${t}`} is a bound: % restoration ${relation} ${formatSignificant(value)} %, from the top tested dose`,
      };
    }
  }
  const which = [
    r.ic50 === null ? `IC50(R): ${r.ic50Display ?? 'none'}` : null,
    ri.ic50 === null ? `IC50(R + inhibitor): ${ri.ic50Display ?? 'none'}` : null,
    p.ic50 === null ? `IC50(P): ${p.ic50Display ?? 'none'}` : null,
  ].filter(Boolean);
  return { value: null, bound: null, reason: `not determinable (${which.join('; ')})` };
}
