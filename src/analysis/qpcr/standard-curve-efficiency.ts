// Amplification efficiency from a dilution series (standard curve).
import { AnalysisError, assertFinite, assertFiniteArray } from '../common/analysis-error';
import { provenance, type Provenance } from '../common/provenance';
import { fitLine } from '../stats/linear-regression';
import { checkCqArray, isDetermined, type CqValue } from './cq-value';

export interface StandardCurveInput {
  /** Template amount of each standard well (any unit: copies, ng, relative dilution); > 0. */
  quantity: readonly number[];
  /** Cq of each standard well, same order. */
  cq: readonly CqValue[];
}

export interface StandardCurveOptions {
  /** Accepted efficiency range in per cent. Default [90, 110]. */
  efficiencyRangePercent?: [number, number];
  /** Minimum R² of the standard curve. Default 0.98. */
  minRSquared?: number;
}

export type StandardCurveFlag =
  | 'undetermined-excluded'
  | 'efficiency-out-of-range'
  | 'low-r-squared'
  /** Fewer than 3 determined wells or 2 distinct quantities: no curve. */
  | 'insufficient-data'
  /** Slope ≥ 0: Cq does not fall with template amount, so no efficiency exists. */
  | 'non-negative-slope';

export interface StandardCurveResult extends Provenance {
  status: 'ok' | 'insufficient-data' | 'non-negative-slope';
  nWells: number;
  /** Determined wells used in the regression. */
  nUsed: number;
  /** Indices (into the input) of undetermined wells left out. */
  excludedIndices: number[];
  /** Slope s of Cq on log10(quantity), in cycles per decade. */
  slope: number | null;
  slopeSe: number | null;
  /** Intercept: Cq at quantity 1, in cycles. */
  intercept: number | null;
  interceptSe: number | null;
  rSquared: number | null;
  /** Amplification factor E = 10^(−1/s) per cycle (2 = perfect doubling). */
  amplificationFactor: number | null;
  /** Efficiency % = (E − 1)·100. */
  efficiencyPercent: number | null;
  /** Efficiency within the range and R² ≥ minRSquared. */
  accepted: boolean;
  flags: StandardCurveFlag[];
}

/**
 * Amplification efficiency from a standard curve: ordinary least squares of Cq on
 * log10(quantity) over the determined wells → slope s (SE, intercept, R²);
 * E = 10^(−1/s); efficiency % = (E − 1)·100; accepted when efficiency ∈ [90, 110] % and
 * R² ≥ 0.98 (settings). Undetermined wells are excluded and listed.
 * Units: slope in cycles per log10 unit of quantity; E per cycle; efficiency in per cent.
 * Reference: Pfaffl 2001 (NAR 29:e45), eq. 1; Bustin et al. 2009 (MIQE); R pcr 1.2.2
 * `pcr_assess(method = 'standard_curve')`.
 * @throws AnalysisError for non-positive or non-finite quantities, bad Cq values or mismatched
 *   lengths.
 */
export function efficiencyFromStandardCurve(
  input: StandardCurveInput,
  options: StandardCurveOptions = {},
): StandardCurveResult {
  if (typeof input !== 'object' || input === null) {
    throw new AnalysisError('BAD_INPUT', 'input must be an object', 'input');
  }
  const { quantity, cq } = input;
  assertFiniteArray(quantity, 'quantity');
  checkCqArray(cq, 'cq');
  if (quantity.length !== cq.length) {
    throw new AnalysisError(
      'LENGTH_MISMATCH',
      `quantity has ${quantity.length} values, cq ${cq.length}`,
      'cq',
    );
  }
  quantity.forEach((q, i) => {
    if (!(q > 0))
      throw new AnalysisError('NOT_POSITIVE', `quantity[${i}] must be > 0`, `quantity[${i}]`);
  });
  const range = options.efficiencyRangePercent ?? [90, 110];
  const minRSquared = options.minRSquared ?? 0.98;
  assertFinite(range[0], 'efficiencyRangePercent[0]');
  assertFinite(range[1], 'efficiencyRangePercent[1]');
  assertFinite(minRSquared, 'minRSquared');

  const x: number[] = [];
  const y: number[] = [];
  const excludedIndices: number[] = [];
  cq.forEach((c, i) => {
    if (isDetermined(c)) {
      x.push(Math.log10(quantity[i]));
      y.push(c);
    } else {
      excludedIndices.push(i);
    }
  });
  const flags: StandardCurveFlag[] = excludedIndices.length > 0 ? ['undetermined-excluded'] : [];
  const prov = provenance(
    'qpcr-standard-curve-efficiency',
    '1.0.0',
    { efficiencyRangePercent: range, minRSquared },
    { quantity, cq },
  );
  const base = { nWells: cq.length, nUsed: x.length, excludedIndices, ...prov };
  const none = {
    slope: null,
    slopeSe: null,
    intercept: null,
    interceptSe: null,
    rSquared: null,
    amplificationFactor: null,
    efficiencyPercent: null,
    accepted: false,
  };
  if (x.length < 3 || new Set(x).size < 2) {
    flags.push('insufficient-data');
    return { ...base, ...none, status: 'insufficient-data', flags };
  }
  const fit = fitLine(x, y);
  const fitted = {
    slope: fit.slope,
    slopeSe: fit.slopeSe,
    intercept: fit.intercept,
    interceptSe: fit.interceptSe,
    rSquared: fit.rSquared,
  };
  if (!(fit.slope < 0)) {
    flags.push('non-negative-slope');
    return { ...base, ...none, ...fitted, status: 'non-negative-slope', flags };
  }
  const amplificationFactor = Math.pow(10, -1 / fit.slope);
  const efficiencyPercent = (amplificationFactor - 1) * 100;
  if (!Number.isFinite(amplificationFactor)) {
    // A slope of about −1e-3 or flatter: no usable efficiency.
    flags.push('efficiency-out-of-range');
    return { ...base, ...none, ...fitted, status: 'ok', flags };
  }
  const efficiencyOk = efficiencyPercent >= range[0] && efficiencyPercent <= range[1];
  const rSquaredOk = fit.rSquared !== null && fit.rSquared >= minRSquared;
  if (!efficiencyOk) flags.push('efficiency-out-of-range');
  if (!rSquaredOk) flags.push('low-r-squared');
  return {
    ...base,
    ...fitted,
    status: 'ok',
    amplificationFactor,
    efficiencyPercent,
    accepted: efficiencyOk && rSquaredOk,
    flags,
  };
}
