// Biological replicates on the log scale, and group comparison by a Welch t-test on ΔCq.
import { AnalysisError, assertFinite, assertFiniteArray } from '../common/analysis-error';
import { provenance, type Provenance } from '../common/provenance';
import { mean, sampleStandardDeviation } from '../stats/descriptive';
import { tQuantile } from '../stats/distributions';
import { welchTTest } from '../stats/welch-t-test';

export interface BiologicalReplicateOptions {
  /** Confidence level. Default 0.95. */
  confidenceLevel?: number;
}

export interface BiologicalReplicateSummary extends Provenance {
  status: 'ok' | 'single-replicate';
  n: number;
  /** Mean of the per-replicate log2 fold changes (−ΔΔCq), log2 units. */
  meanLog2Fold: number;
  /** Sample SD (n − 1); null for one replicate. */
  sdLog2Fold: number | null;
  /** SD/√n; null for one replicate. */
  seLog2Fold: number | null;
  /** mean ± t(1 − α/2, n − 1)·SE on the log2 scale; null for one replicate. */
  ciLog2Fold: [number, number] | null;
  /** 2^mean: the geometric-mean fold change (dimensionless). */
  foldChange: number;
  /** 2^CI. */
  foldCi: [number, number] | null;
  confidenceLevel: number;
  flags: Array<'single-replicate'>;
}

function checkLevel(level: number): void {
  assertFinite(level, 'confidenceLevel');
  if (!(level > 0 && level < 1)) {
    throw new AnalysisError('BAD_OPTION', 'confidenceLevel must be in (0, 1)', 'confidenceLevel');
  }
}

function pow2(x: number, field: string): number {
  const v = Math.pow(2, x);
  if (!Number.isFinite(v) || v === 0) {
    throw new AnalysisError('NUMERIC_OVERFLOW', `2^${x} is not representable`, field);
  }
  return v;
}

/**
 * Biological replicates averaged on the log scale: values xᵢ = −ΔΔCqᵢ (= log2 fold of each
 * biological replicate against the calibrator), mean x̄, SD s (n − 1), SE = s/√n,
 * CI = x̄ ± t(1 − α/2, n − 1)·SE; fold = 2^x̄ with CI 2^CI (asymmetric on the linear scale).
 * Units: log2 fold (dimensionless); fold dimensionless.
 * Reference: Livak & Schmittgen 2001 (Methods 25:402), "statistical analysis" on ΔCq/ΔΔCq,
 * not on 2^−ΔΔCq; Schmittgen & Livak 2008 (Nat Protoc 3:1101).
 * @throws AnalysisError for an empty array or non-finite values.
 */
export function summarizeBiologicalReplicates(
  log2FoldChanges: readonly number[],
  options: BiologicalReplicateOptions = {},
): BiologicalReplicateSummary {
  assertFiniteArray(log2FoldChanges, 'log2FoldChanges');
  if (log2FoldChanges.length === 0) {
    throw new AnalysisError(
      'TOO_FEW_VALUES',
      'at least one biological replicate is needed',
      'log2FoldChanges',
    );
  }
  const confidenceLevel = options.confidenceLevel ?? 0.95;
  checkLevel(confidenceLevel);
  const n = log2FoldChanges.length;
  const m = mean(log2FoldChanges, 'log2FoldChanges');
  const prov = provenance(
    'qpcr-biological-replicates',
    '1.0.0',
    { confidenceLevel },
    log2FoldChanges,
  );
  const foldChange = pow2(m, 'log2FoldChanges');
  if (n < 2) {
    return {
      status: 'single-replicate',
      n,
      meanLog2Fold: m,
      sdLog2Fold: null,
      seLog2Fold: null,
      ciLog2Fold: null,
      foldChange,
      foldCi: null,
      confidenceLevel,
      flags: ['single-replicate'],
      ...prov,
    };
  }
  const sd = sampleStandardDeviation(log2FoldChanges, 'log2FoldChanges');
  const se = sd / Math.sqrt(n);
  const q = tQuantile(1 - (1 - confidenceLevel) / 2, n - 1);
  const ci: [number, number] = [m - q * se, m + q * se];
  return {
    status: 'ok',
    n,
    meanLog2Fold: m,
    sdLog2Fold: sd,
    seLog2Fold: se,
    ciLog2Fold: ci,
    foldChange,
    foldCi: [pow2(ci[0], 'log2FoldChanges'), pow2(ci[1], 'log2FoldChanges')],
    confidenceLevel,
    flags: [],
    ...prov,
  };
}

export interface GroupComparisonResult extends Provenance {
  /** 'ok', or 'insufficient-replicates' (a group with < 2 values: no test), or 'zero-variance'. */
  status: 'ok' | 'insufficient-replicates' | 'zero-variance' | 'numeric-overflow';
  nTest: number;
  nControl: number;
  /** Group means and SDs on the input scale (ΔCq in cycles, or log2 expression). */
  meanTest: number;
  meanControl: number;
  sdTest: number | null;
  sdControl: number | null;
  /** log2 fold change test vs control (= −(mean ΔCq test − mean ΔCq control) for ΔCq input). */
  log2Fold: number;
  /** 2^log2Fold (dimensionless). */
  foldChange: number;
  /** Welch t statistic on the input values (test − control). */
  t: number | null;
  /** Welch–Satterthwaite df. */
  df: number | null;
  pValue: number | null;
  /** 2^(log2Fold ± t(1 − α/2, df)·SE). */
  foldCi: [number, number] | null;
  confidenceLevel: number;
}

function compare(
  test: readonly number[],
  control: readonly number[],
  sign: 1 | -1,
  method: string,
  confidenceLevel: number,
): GroupComparisonResult {
  assertFiniteArray(test, 'test');
  assertFiniteArray(control, 'control');
  if (test.length === 0 || control.length === 0) {
    throw new AnalysisError(
      'TOO_FEW_VALUES',
      'each group needs at least one value',
      test.length === 0 ? 'test' : 'control',
    );
  }
  checkLevel(confidenceLevel);
  const meanTest = mean(test, 'test');
  const meanControl = mean(control, 'control');
  const log2Fold = 0 + sign * (meanTest - meanControl);
  const prov = provenance(method, '1.0.0', { confidenceLevel, test: 'welch-t' }, { test, control });
  const base = {
    nTest: test.length,
    nControl: control.length,
    meanTest,
    meanControl,
    sdTest: test.length >= 2 ? sampleStandardDeviation(test, 'test') : null,
    sdControl: control.length >= 2 ? sampleStandardDeviation(control, 'control') : null,
    log2Fold,
    foldChange: pow2(log2Fold, 'test'),
    confidenceLevel,
    ...prov,
  };
  if (test.length < 2 || control.length < 2) {
    return {
      ...base,
      status: 'insufficient-replicates',
      t: null,
      df: null,
      pValue: null,
      foldCi: null,
    };
  }
  const w = welchTTest(test, control, { confidenceLevel });
  if (w.status !== 'ok' || w.confidenceInterval === null) {
    return {
      ...base,
      status: w.status === 'ok' ? 'zero-variance' : w.status,
      t: null,
      df: null,
      pValue: null,
      foldCi: null,
    };
  }
  const [lo, hi] = w.confidenceInterval;
  const a = pow2(sign * lo, 'test');
  const b = pow2(sign * hi, 'test');
  return {
    ...base,
    status: 'ok',
    t: w.t,
    df: w.df,
    pValue: w.pValue,
    foldCi: [Math.min(a, b), Math.max(a, b)],
  };
}

/**
 * Compares biological groups (e.g. resistant vs parental) by a Welch t-test on per-replicate
 * ΔCq = Cq(target) − Cq(reference): difference d = mean ΔCq_test − mean ΔCq_control
 * (= ΔΔCq of the group means), fold = 2^(−d), fold CI = 2^(−(d ∓ t(1 − α/2, df_Welch)·SE)).
 * Statistics are done on ΔCq (log scale), never on 2^−ΔCq.
 * Units: ΔCq in cycles; fold dimensionless.
 * Reference: Livak & Schmittgen 2001; Welch 1947; R `t.test(dCq_test, dCq_control)`.
 * @throws AnalysisError for an empty group or non-finite values.
 */
export function compareGroupsOnDeltaCq(
  deltaCqTest: readonly number[],
  deltaCqControl: readonly number[],
  options: BiologicalReplicateOptions = {},
): GroupComparisonResult {
  return compare(
    deltaCqTest,
    deltaCqControl,
    -1,
    'qpcr-welch-delta-cq',
    options.confidenceLevel ?? 0.95,
  );
}

/**
 * Compares biological groups on per-replicate log2 expression (e.g. qBase log2 NRQ from
 * `log2NormalizedRelativeQuantity`, which is the efficiency-corrected −ΔCq): d = mean_test −
 * mean_control = log2 ratio (the multi-reference Pfaffl ratio of the group means), fold = 2^d,
 * Welch t-test, fold CI = 2^(d ± t(1 − α/2, df_Welch)·SE).
 * Units: log2 (dimensionless). Reference: Hellemans et al. 2007 (Genome Biol 8:R19); Welch 1947;
 * scipy `ttest_ind(equal_var=False)`.
 * @throws AnalysisError for an empty group or non-finite values.
 */
export function compareGroupsOnLog2Expression(
  log2Test: readonly number[],
  log2Control: readonly number[],
  options: BiologicalReplicateOptions = {},
): GroupComparisonResult {
  return compare(
    log2Test,
    log2Control,
    1,
    'qpcr-welch-log2-expression',
    options.confidenceLevel ?? 0.95,
  );
}
