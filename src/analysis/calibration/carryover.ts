// Carry-over in the blank injected after the highest calibrator (ICH M10 §3.2.6 / §4.3).
import { AnalysisError, assertFinite } from '../common/analysis-error';
import { provenance, type Provenance } from '../common/provenance';

export interface CarryoverInput {
  /** Analyte area in the blank after the ULOQ calibrator; null = no peak (nothing carried over). */
  blankAnalyteArea: number | null;
  /** Internal-standard area in that blank; null = no peak. */
  blankInternalStandardArea: number | null;
  /** Analyte areas of the LLOQ calibrator(s) (the lowest level). */
  lloqAnalyteAreas: readonly number[];
  /** IS areas of the injections that carry IS (calibrators, QCs, unknowns). */
  internalStandardAreas: readonly number[];
}

export interface CarryoverOptions {
  /** Analyte limit, % of the mean LLOQ analyte area. Default 20. */
  maxPercentOfLloq?: number;
  /** IS limit, % of the mean IS area. Default 5. */
  maxPercentOfIs?: number;
}

export interface CarryoverResult extends Provenance {
  /** 100 · blank analyte area / mean LLOQ area; 0 when the blank has no peak. */
  analytePercentOfLloq: number;
  /** 100 · blank IS area / mean IS area; 0 when the blank has no IS peak. */
  internalStandardPercentOfMean: number;
  analytePass: boolean;
  internalStandardPass: boolean;
  pass: boolean;
}

function meanOf(xs: readonly number[], field: string): number {
  if (!Array.isArray(xs) || xs.length === 0) {
    throw new AnalysisError('TOO_FEW_VALUES', `${field} needs at least one area`, field);
  }
  let s = 0;
  xs.forEach((x, i) => {
    assertFinite(x, `${field}[${i}]`);
    s += x;
  });
  const m = s / xs.length;
  if (!(m > 0)) throw new AnalysisError('NOT_POSITIVE', `${field} must average > 0`, field);
  return m;
}

/**
 * Carry-over check of a chromatographic batch: in the blank injected after the highest
 * calibrator, the analyte response must be ≤ 20 % of the LLOQ response and the internal
 * standard's ≤ 5 % of its mean response (thresholds are options). A blank without a peak
 * carried nothing over (0 %).
 * Units: peak areas (counts), results in per cent.
 * Reference: ICH M10 (2022) §3.2.6 (carry-over), §3.2.1 (selectivity thresholds 20 % / 5 %).
 * @throws AnalysisError for non-finite areas, empty reference lists or bad options.
 */
export function evaluateCarryover(
  input: CarryoverInput,
  options: CarryoverOptions = {},
): CarryoverResult {
  const maxLloq = options.maxPercentOfLloq ?? 20;
  const maxIs = options.maxPercentOfIs ?? 5;
  assertFinite(maxLloq, 'maxPercentOfLloq');
  assertFinite(maxIs, 'maxPercentOfIs');
  if (maxLloq < 0 || maxIs < 0) {
    throw new AnalysisError('BAD_OPTION', 'carry-over limits must be ≥ 0', 'maxPercentOfLloq');
  }
  const lloqMean = meanOf(input.lloqAnalyteAreas, 'lloqAnalyteAreas');
  const isMean = meanOf(input.internalStandardAreas, 'internalStandardAreas');
  if (input.blankAnalyteArea !== null) assertFinite(input.blankAnalyteArea, 'blankAnalyteArea');
  if (input.blankInternalStandardArea !== null) {
    assertFinite(input.blankInternalStandardArea, 'blankInternalStandardArea');
  }
  const analytePct =
    input.blankAnalyteArea === null ? 0 : (100 * input.blankAnalyteArea) / lloqMean;
  const isPct =
    input.blankInternalStandardArea === null ? 0 : (100 * input.blankInternalStandardArea) / isMean;
  const analytePass = analytePct <= maxLloq + 1e-9;
  const internalStandardPass = isPct <= maxIs + 1e-9;
  return {
    analytePercentOfLloq: analytePct,
    internalStandardPercentOfMean: isPct,
    analytePass,
    internalStandardPass,
    pass: analytePass && internalStandardPass,
    ...provenance(
      'ich-m10-carryover',
      '1.0.0',
      { maxPercentOfLloq: maxLloq, maxPercentOfIs: maxIs },
      input,
    ),
  };
}

/**
 * A fraction written as a ratio of integers (`2/3`) or a decimal (`0.75`), as the protocol's
 * qcPassingMinFraction holds it, in [0, 1].
 * @throws AnalysisError when the text is neither or the value is outside [0, 1].
 */
export function parseFractionText(text: string): number {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  const v = m ? Number(m[1]) / Number(m[2]) : Number(text);
  if (!Number.isFinite(v) || v < 0 || v > 1 || text.trim() === '') {
    throw new AnalysisError(
      'BAD_OPTION',
      `"${text}" is not a fraction between 0 and 1`,
      'fraction',
    );
  }
  return v;
}
