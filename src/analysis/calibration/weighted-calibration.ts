// Weighted linear calibration line (response on nominal concentration) for LC-MS/MS.
import { AnalysisError, assertFiniteArray } from '../common/analysis-error';
import { provenance, type Provenance } from '../common/provenance';
import { fitLine, type LineFit } from '../stats/linear-regression';

/** Weighting of the calibration regression: none, 1/x or 1/x² (x = nominal concentration). */
export type CalibrationWeighting = 'none' | '1/x' | '1/x^2';

export interface CalibrationLineInput {
  /** Nominal concentration of each calibrator (any concentration unit, used consistently). */
  concentration: readonly number[];
  /** Response of each calibrator (peak-area ratio analyte/IS, dimensionless). */
  response: readonly number[];
}

export interface CalibrationLineOptions {
  /** Weighting scheme. Default '1/x^2' (ICH M10 practice for wide LC-MS/MS ranges). */
  weighting?: CalibrationWeighting;
  /**
   * Explicit weights (e.g. 1/s² of replicate responses, Massart 1997): override `weighting`,
   * which is then reported as 'explicit'.
   */
  weights?: readonly number[];
  /** Unit label of the concentrations, echoed on the result (e.g. 'ng/mL'). */
  concentrationUnit?: string;
}

export interface CalibrationLine extends Provenance {
  weighting: CalibrationWeighting | 'explicit';
  concentrationUnit: string | null;
  n: number;
  df: number;
  /** Response per concentration unit. */
  slope: number;
  /** Response at concentration 0. */
  intercept: number;
  slopeSe: number | null;
  interceptSe: number | null;
  interceptSlopeCovariance: number | null;
  /** Weighted R² = 1 − Σw(y − ŷ)²/Σw(y − ȳw)²; null when all responses are equal. */
  rSquaredWeighted: number | null;
  /** Residual SD per unit weight s = √(Σw(y − ŷ)²/(n − 2)); null when n = 2. */
  residualSd: number | null;
  /** Σw, weighted means x̄w and ȳw, Sxx = Σw(x − x̄w)²: what inverse prediction needs. */
  sumWeights: number;
  meanWeight: number;
  weightedMeanConcentration: number;
  weightedMeanResponse: number;
  sxx: number;
}

/** Weights w = 1, 1/x or 1/x² for the given concentrations. */
export function calibrationWeights(
  concentration: readonly number[],
  weighting: CalibrationWeighting,
): number[] {
  return concentration.map((x, i) => {
    if (weighting === 'none') return 1;
    if (!(x > 0)) {
      throw new AnalysisError(
        'NOT_POSITIVE',
        `concentration[${i}] = ${x}: ${weighting} weighting needs concentrations > 0`,
        `concentration[${i}]`,
      );
    }
    return weighting === '1/x' ? 1 / x : 1 / (x * x);
  });
}

function checkWeighting(w: unknown): asserts w is CalibrationWeighting {
  if (w !== 'none' && w !== '1/x' && w !== '1/x^2') {
    throw new AnalysisError(
      'BAD_OPTION',
      `weighting must be 'none', '1/x' or '1/x^2'`,
      'weighting',
    );
  }
}

function toLine(
  fit: LineFit,
  weighting: CalibrationWeighting | 'explicit',
  concentrationUnit: string | null,
): Omit<CalibrationLine, keyof Provenance> {
  return {
    weighting,
    concentrationUnit,
    n: fit.n,
    df: fit.df,
    slope: fit.slope,
    intercept: fit.intercept,
    slopeSe: fit.slopeSe,
    interceptSe: fit.interceptSe,
    interceptSlopeCovariance: fit.interceptSlopeCovariance,
    rSquaredWeighted: fit.rSquared,
    residualSd: fit.residualSd,
    sumWeights: fit.sumWeights,
    meanWeight: fit.sumWeights / fit.n,
    weightedMeanConcentration: fit.meanX,
    weightedMeanResponse: fit.meanY,
    sxx: fit.sxx,
  };
}

/**
 * Weighted linear least squares calibration y = a + b·x of response y on nominal
 * concentration x with weights w = 1, 1/x or 1/x² (or explicit):
 *   b = Σw(x − x̄w)(y − ȳw)/Σw(x − x̄w)², a = ȳw − b·x̄w, s² = Σw(y − ŷ)²/(n − 2),
 *   SE(b) = √(s²/Sxx), SE(a) = √(s²(1/Σw + x̄w²/Sxx)), R²w = 1 − Σw(y − ŷ)²/Σw(y − ȳw)².
 * Units: slope in response per concentration unit; intercept in response units.
 * Reference: ICH M10 (2022) §3.2.3 (calibration curve, simplest adequate weighting);
 * Massart et al. (1997) Handbook of Chemometrics, §8.2.3; R `lm(y ~ x, weights = w)`.
 * @throws AnalysisError for non-finite values, mismatched lengths, fewer than 2 points, all
 *   concentrations equal, or a concentration ≤ 0 with 1/x or 1/x² weighting.
 */
export function fitCalibrationLine(
  input: CalibrationLineInput,
  options: CalibrationLineOptions = {},
): CalibrationLine {
  if (typeof input !== 'object' || input === null) {
    throw new AnalysisError('BAD_INPUT', 'input must be an object', 'input');
  }
  const { concentration, response } = input;
  assertFiniteArray(concentration, 'concentration');
  assertFiniteArray(response, 'response');
  const weighting = options.weighting ?? '1/x^2';
  checkWeighting(weighting);
  if (options.concentrationUnit !== undefined && typeof options.concentrationUnit !== 'string') {
    throw new AnalysisError(
      'BAD_OPTION',
      'concentrationUnit must be a string',
      'concentrationUnit',
    );
  }
  const weights = options.weights ?? calibrationWeights(concentration, weighting);
  const fit = fitLine(concentration, response, weights);
  const used = options.weights !== undefined ? 'explicit' : weighting;
  return {
    ...toLine(fit, used, options.concentrationUnit ?? null),
    ...provenance(
      'calibration-weighted-linear',
      '1.0.0',
      { weighting: used, concentrationUnit: options.concentrationUnit ?? null },
      { concentration, response, weights: options.weights ?? null },
    ),
  };
}
