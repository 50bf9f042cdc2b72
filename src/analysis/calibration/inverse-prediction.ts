// Inverse prediction (concentration from response) with its standard error.
import { AnalysisError, assertFinite, assertFiniteArray } from '../common/analysis-error';
import { provenance, type Provenance } from '../common/provenance';
import { tQuantile } from '../stats/distributions';
import type { CalibrationLine } from './weighted-calibration';

/**
 * How the unknown's weight w0 is chosen when `sampleWeight` is not given:
 * - `mean-calibration-weight` (default, chemCal 0.2.3.9000 `inverse.predict` with `ws = "auto"`):
 *   w0 = mean of the calibration weights (1 for an unweighted line);
 * - `weight-at-estimate`: w0 = the line's weight function at the estimate, 1/x0 or 1/x0² for
 *   1/x and 1/x² lines (1 for an unweighted line). Explicit weights have no weight function:
 *   give `sampleWeight` instead.
 */
export type SampleWeightConvention = 'mean-calibration-weight' | 'weight-at-estimate';

export const SAMPLE_WEIGHT_CONVENTIONS: readonly SampleWeightConvention[] = [
  'mean-calibration-weight',
  'weight-at-estimate',
];

export interface InversePredictionOptions {
  /** Weight w0 of the unknown's response; overrides the convention. */
  sampleWeight?: number;
  /** Convention for w0 when `sampleWeight` is absent. Default 'mean-calibration-weight'. */
  sampleWeightConvention?: SampleWeightConvention;
  /** Confidence level. Default 0.95. */
  confidenceLevel?: number;
}

export interface InversePredictionResult extends Provenance {
  status: 'ok' | 'no-residual-df' | 'non-positive-estimate';
  /** Number of replicate responses m of the unknown. */
  m: number;
  /** Mean response of the unknown. */
  meanResponse: number;
  /** x0 = (ȳ0 − a)/b, in the calibration's concentration unit. */
  concentration: number;
  /** SE of x0 (Massart 1997 eq. 8.28, weighted form); null without residual df. */
  standardError: number | null;
  df: number;
  confidenceLevel: number;
  /** x0 ± t(1 − α/2, n − 2)·SE. */
  confidenceInterval: [number, number] | null;
  /** The convention asked for (or the default); `sampleWeightSource` says what was applied. */
  sampleWeightConvention: SampleWeightConvention;
  /** Weight w0 used for the unknown, and where it came from. */
  sampleWeight: number | null;
  sampleWeightSource:
    'given' | 'unweighted' | 'weight-function-at-estimate' | 'mean-calibration-weight' | null;
}

/**
 * Inverse prediction of a concentration from m replicate responses of an unknown, with the
 * standard error of Massart et al. (1997) eq. 8.28 in its weighted form, as R chemCal
 * 0.2.3.9000 `inverse.predict` computes it:
 *   x0 = (ȳ0 − a)/b,
 *   SE(x0) = (1/|b|)·√( s²/(w0·m) + s²/Σw + s²(ȳ0 − ȳw)²/(b²·Sxx) ),
 *   CI = x0 ± t(1 − α/2, n − 2)·SE,
 * with s the residual SD per unit weight, Σw, ȳw and Sxx = Σw(x − x̄w)² from the calibration
 * fit. chemCal uses the line as it was fitted, on every calibrator given (replicates included:
 * s and df = n − 2 come from all of them), and by default weights the unknown with the mean
 * calibration weight (`ws = "auto"`): that is the default here. The other convention weights
 * the unknown at its estimate (w(x0) of the line's weighting). The result names the convention
 * and the weight used. (Massart's textbook example 8 fits the level means and gives w0
 * explicitly: fit the means and pass `sampleWeight` to reproduce it.)
 * Units: concentration unit of the calibration.
 * Reference: Massart et al. (1997) Handbook of Chemometrics and Qualimetrics A, §8.2.8 and
 * §8.2.11 (eq. 8.28); chemCal 0.2.3.9000 `inverse.predict.lm`.
 * @throws AnalysisError for no or non-finite responses, a zero slope, a bad option, or
 *   'weight-at-estimate' on a line with explicit weights and no `sampleWeight`.
 */
export function inversePredictConcentration(
  line: CalibrationLine,
  responses: readonly number[],
  options: InversePredictionOptions = {},
): InversePredictionResult {
  if (typeof line !== 'object' || line === null) {
    throw new AnalysisError('BAD_INPUT', 'line must be a calibration line', 'line');
  }
  for (const key of [
    'slope',
    'intercept',
    'sumWeights',
    'meanWeight',
    'weightedMeanResponse',
    'sxx',
    'df',
  ] as const) {
    assertFinite(line[key], `line.${key}`);
  }
  if (line.slope === 0) {
    throw new AnalysisError(
      'ZERO_SLOPE',
      'a calibration line with slope 0 cannot be inverted',
      'line.slope',
    );
  }
  assertFiniteArray(responses, 'responses');
  if (responses.length === 0) {
    throw new AnalysisError('TOO_FEW_VALUES', 'at least one response is needed', 'responses');
  }
  const confidenceLevel = options.confidenceLevel ?? 0.95;
  assertFinite(confidenceLevel, 'confidenceLevel');
  if (!(confidenceLevel > 0 && confidenceLevel < 1)) {
    throw new AnalysisError('BAD_OPTION', 'confidenceLevel must be in (0, 1)', 'confidenceLevel');
  }
  const convention = options.sampleWeightConvention ?? 'mean-calibration-weight';
  if (!SAMPLE_WEIGHT_CONVENTIONS.includes(convention)) {
    throw new AnalysisError(
      'BAD_OPTION',
      `sampleWeightConvention must be one of ${SAMPLE_WEIGHT_CONVENTIONS.join(', ')}`,
      'sampleWeightConvention',
    );
  }
  if (
    convention === 'weight-at-estimate' &&
    line.weighting === 'explicit' &&
    options.sampleWeight === undefined
  ) {
    throw new AnalysisError(
      'BAD_OPTION',
      'explicit calibration weights have no weight function to evaluate at the estimate: give sampleWeight',
      'sampleWeight',
    );
  }
  if (options.sampleWeight !== undefined) {
    assertFinite(options.sampleWeight, 'sampleWeight');
    if (!(options.sampleWeight > 0)) {
      throw new AnalysisError('NOT_POSITIVE', 'sampleWeight must be > 0', 'sampleWeight');
    }
  }
  const m = responses.length;
  let meanResponse = 0;
  for (const r of responses) meanResponse += r / m;
  const concentration = (meanResponse - line.intercept) / line.slope;
  if (!Number.isFinite(concentration)) {
    throw new AnalysisError(
      'NUMERIC_OVERFLOW',
      'the predicted concentration overflows',
      'responses',
    );
  }
  const prov = provenance(
    'calibration-inverse-prediction',
    '1.0.0',
    {
      confidenceLevel,
      sampleWeight: options.sampleWeight ?? 'default',
      sampleWeightConvention: convention,
    },
    { line: { ...line }, responses },
  );
  const base = {
    m,
    meanResponse,
    concentration,
    df: line.df,
    confidenceLevel,
    sampleWeightConvention: convention,
    ...prov,
  };

  let sampleWeight: number | null;
  let sampleWeightSource: InversePredictionResult['sampleWeightSource'];
  if (options.sampleWeight !== undefined) {
    sampleWeight = options.sampleWeight;
    sampleWeightSource = 'given';
  } else if (line.weighting === 'none') {
    sampleWeight = 1;
    sampleWeightSource = 'unweighted';
  } else if (convention === 'mean-calibration-weight') {
    sampleWeight = line.meanWeight;
    sampleWeightSource = 'mean-calibration-weight';
  } else if (concentration > 0) {
    sampleWeight =
      line.weighting === '1/x' ? 1 / concentration : 1 / (concentration * concentration);
    sampleWeightSource = 'weight-function-at-estimate';
  } else {
    return {
      ...base,
      status: 'non-positive-estimate',
      standardError: null,
      confidenceInterval: null,
      sampleWeight: null,
      sampleWeightSource: null,
    };
  }
  const s = line.residualSd;
  if (s === null || line.df < 1) {
    return {
      ...base,
      status: 'no-residual-df',
      standardError: null,
      confidenceInterval: null,
      sampleWeight,
      sampleWeightSource,
    };
  }
  const s2 = s * s;
  const dy = meanResponse - line.weightedMeanResponse;
  const b = line.slope;
  const variance =
    s2 / (sampleWeight * m) + s2 / line.sumWeights + (s2 * dy * dy) / (b * b * line.sxx);
  const standardError = Math.sqrt(variance) / Math.abs(b);
  const q = tQuantile(1 - (1 - confidenceLevel) / 2, line.df);
  if (!Number.isFinite(standardError)) {
    throw new AnalysisError('NUMERIC_OVERFLOW', 'the standard error overflows', 'responses');
  }
  return {
    ...base,
    status: 'ok',
    standardError,
    confidenceInterval: [concentration - q * standardError, concentration + q * standardError],
    sampleWeight,
    sampleWeightSource,
  };
}
