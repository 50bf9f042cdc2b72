import betainc from '@stdlib/math-base-special-betainc';

/** Extra-sum-of-squares F test of a fitted curve against a horizontal line (no effect). */
export interface NoEffectTest {
  /** F = ((TSS − RSS)/(p − 1)) / (RSS/(n − p)); null when undefined or infinite (RSS = 0). */
  f: number | null;
  df1: number;
  df2: number;
  /** P(F(df1, df2) ≥ f); 1 when there is nothing to explain (TSS = 0); null when undefined. */
  pValue: number | null;
}

/**
 * Upper tail of the F distribution, P(F ≥ f) = I_{df2/(df2 + df1·f)}(df2/2, df1/2) (regularised
 * incomplete beta, @stdlib). Reference: Abramowitz & Stegun 26.6.2; R `pf(f, df1, df2,
 * lower.tail = FALSE)`.
 */
export function fUpperTail(f: number, df1: number, df2: number): number {
  if (!(df1 > 0) || !(df2 > 0) || Number.isNaN(f)) return NaN;
  if (f <= 0) return 1;
  if (f === Infinity) return 0;
  return betainc(df2 / (df2 + df1 * f), df2 / 2, df1 / 2);
}

/**
 * No-effect test (GraphPad "compare with a horizontal line"; drc `noEffect` is its likelihood
 * ratio analogue): the curve with p free parameters against the mean response. RSS above TSS
 * (a failed fit) is taken as TSS, i.e. no evidence of an effect.
 */
export function noEffectTest(tss: number, rss: number, n: number, p: number): NoEffectTest {
  const df1 = p - 1;
  const df2 = n - p;
  const r = Math.min(rss, tss);
  if (!(tss > 0) || df1 <= 0 || df2 <= 0) {
    return { f: null, df1, df2, pValue: tss > 0 ? null : 1 };
  }
  const f = r > 0 ? (tss - r) / df1 / (r / df2) : Infinity;
  return { f: Number.isFinite(f) ? f : null, df1, df2, pValue: fUpperTail(f, df1, df2) };
}
