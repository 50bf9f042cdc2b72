// Back-calculation of concentrations from a calibration line.
import { AnalysisError, assertFinite } from '../common/analysis-error';

/** The two coefficients of a calibration line y = intercept + slope·x. */
export interface LineCoefficients {
  slope: number;
  intercept: number;
}

/**
 * Back-calculated concentration x = (y − a)/b from a response y and a line y = a + b·x.
 * Returns the raw number even outside the calibrated range: use `classifyResponse` to decide
 * whether it may be reported.
 * Units: the concentration unit of the calibration. Reference: ICH M10 (2022) §3.2.3.
 * @throws AnalysisError for non-finite input or a zero slope.
 */
export function backCalculateConcentration(line: LineCoefficients, response: number): number {
  if (typeof line !== 'object' || line === null) {
    throw new AnalysisError('BAD_INPUT', 'line must be an object', 'line');
  }
  assertFinite(line.slope, 'line.slope');
  assertFinite(line.intercept, 'line.intercept');
  assertFinite(response, 'response');
  if (line.slope === 0) {
    throw new AnalysisError(
      'ZERO_SLOPE',
      'a calibration line with slope 0 cannot be inverted',
      'line.slope',
    );
  }
  const x = (response - line.intercept) / line.slope;
  if (!Number.isFinite(x)) {
    throw new AnalysisError(
      'NUMERIC_OVERFLOW',
      'the back-calculated concentration overflows',
      'response',
    );
  }
  return x;
}

/**
 * Accuracy in per cent of nominal: 100 · back-calculated / nominal (100 % = exact).
 * Units: per cent. Reference: ICH M10 (2022) §3.2.3, §3.2.5 (accuracy as % of nominal).
 * @throws AnalysisError for non-finite input or a nominal concentration ≤ 0.
 */
export function accuracyPercent(backCalculated: number, nominal: number): number {
  assertFinite(backCalculated, 'backCalculated');
  assertFinite(nominal, 'nominal');
  if (!(nominal > 0)) {
    throw new AnalysisError('NOT_POSITIVE', 'nominal concentration must be > 0', 'nominal');
  }
  const a = (100 * backCalculated) / nominal;
  if (!Number.isFinite(a)) {
    throw new AnalysisError('NUMERIC_OVERFLOW', 'accuracy overflows', 'backCalculated');
  }
  return a;
}
