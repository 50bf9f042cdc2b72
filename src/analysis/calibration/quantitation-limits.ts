// BLQ / ALQ classification of unknowns against the calibrated range.
import { AnalysisError, assertFinite } from '../common/analysis-error';
import { backCalculateConcentration, type LineCoefficients } from './back-calculation';

/** 'BLQ' below the LLOQ, 'ALQ' above the ULOQ (dilute and re-run), else 'quantified'. */
export type QuantitationStatus = 'quantified' | 'BLQ' | 'ALQ';

export interface QuantitationLimits {
  /** Lower limit of quantification (lowest accepted calibrator), concentration unit. */
  lloq: number;
  /** Upper limit of quantification (highest accepted calibrator), concentration unit. */
  uloq: number;
}

export interface ClassifiedResponse {
  status: QuantitationStatus;
  /** The reportable concentration: a number only when status is 'quantified'. */
  concentration: number | null;
  /**
   * The back-calculated value outside the range, kept for traceability and clearly not
   * reportable; null when quantified.
   */
  rawBackCalculatedNotReportable: number | null;
}

/**
 * Classifies a response against the calibrated range: x = (y − a)/b;
 * x < LLOQ → 'BLQ', x > ULOQ → 'ALQ' (concentration null: never reported as a number),
 * otherwise 'quantified' with concentration x. The limits themselves are inside the range.
 * Units: concentration unit of the calibration.
 * Reference: ICH M10 (2022) §3.2.3 and §4.4 (range, dilution of samples above the ULOQ).
 * @throws AnalysisError for non-finite input, a zero slope or LLOQ > ULOQ.
 */
export function classifyResponse(
  line: LineCoefficients,
  response: number,
  limits: QuantitationLimits,
): ClassifiedResponse {
  if (typeof limits !== 'object' || limits === null) {
    throw new AnalysisError('BAD_INPUT', 'limits must be an object', 'limits');
  }
  assertFinite(limits.lloq, 'limits.lloq');
  assertFinite(limits.uloq, 'limits.uloq');
  if (limits.lloq > limits.uloq) {
    throw new AnalysisError('BAD_LIMITS', 'LLOQ must not exceed ULOQ', 'limits.lloq');
  }
  const x = backCalculateConcentration(line, response);
  if (x < limits.lloq)
    return { status: 'BLQ', concentration: null, rawBackCalculatedNotReportable: x };
  if (x > limits.uloq)
    return { status: 'ALQ', concentration: null, rawBackCalculatedNotReportable: x };
  return { status: 'quantified', concentration: x, rawBackCalculatedNotReportable: null };
}
