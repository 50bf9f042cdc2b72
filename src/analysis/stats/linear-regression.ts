// Straight-line least squares y = a + b·x, ordinary or weighted, with standard errors.
import { AnalysisError, assertFiniteArray } from '../common/analysis-error';
import { provenance, type Provenance } from '../common/provenance';

/** A fitted straight line y = intercept + slope·x and its uncertainty. */
export interface LineFit {
  /** Number of points. */
  n: number;
  /** Residual degrees of freedom n − 2. */
  df: number;
  slope: number;
  intercept: number;
  /** SE of the slope, √(s²/Sxx); null when df = 0. */
  slopeSe: number | null;
  /** SE of the intercept, √(s²(1/Σw + x̄w²/Sxx)); null when df = 0. */
  interceptSe: number | null;
  /** Cov(intercept, slope) = −x̄w·s²/Sxx; null when df = 0. */
  interceptSlopeCovariance: number | null;
  /** (Weighted) coefficient of determination 1 − Σw(y−ŷ)²/Σw(y−ȳw)²; null when all y are equal. */
  rSquared: number | null;
  /** (Weighted) residual sum of squares Σwᵢ(yᵢ − ŷᵢ)². */
  rss: number;
  /** Residual standard deviation s = √(rss/df) (for weights: per unit weight); null when df = 0. */
  residualSd: number | null;
  /** Σwᵢ (n for ordinary least squares). */
  sumWeights: number;
  /** Weighted means x̄w = Σwx/Σw and ȳw = Σwy/Σw. */
  meanX: number;
  meanY: number;
  /** Sxx = Σwᵢ(xᵢ − x̄w)². */
  sxx: number;
}

export interface LinearRegressionOptions {
  /** Weights wᵢ > 0 (same length as x). Omitted: ordinary least squares (all wᵢ = 1). */
  weights?: readonly number[];
}

export type LinearRegressionResult = LineFit & Provenance;

/**
 * Kernel of {@link linearRegression} without provenance (for use inside other analyses and
 * benchmarks). Same formulas and same errors.
 */
export function fitLine(
  x: readonly number[],
  y: readonly number[],
  weights?: readonly number[],
): LineFit {
  assertFiniteArray(x, 'x');
  assertFiniteArray(y, 'y');
  const n = x.length;
  if (y.length !== n) {
    throw new AnalysisError('LENGTH_MISMATCH', `x has ${n} values but y has ${y.length}`, 'y');
  }
  if (weights !== undefined) {
    assertFiniteArray(weights, 'weights');
    if (weights.length !== n) {
      throw new AnalysisError(
        'LENGTH_MISMATCH',
        `weights has ${weights.length} values, x has ${n}`,
        'weights',
      );
    }
    for (let i = 0; i < n; i++) {
      if (!(weights[i] > 0)) {
        throw new AnalysisError('NOT_POSITIVE', `weights[${i}] must be > 0`, `weights[${i}]`);
      }
    }
  }
  if (n < 2) {
    throw new AnalysisError('TOO_FEW_POINTS', `a line needs at least 2 points, got ${n}`, 'x');
  }
  const w = (i: number): number => (weights === undefined ? 1 : weights[i]);

  let sw = 0;
  let swx = 0;
  let swy = 0;
  for (let i = 0; i < n; i++) {
    sw += w(i);
    swx += w(i) * x[i];
    swy += w(i) * y[i];
  }
  const meanX = swx / sw;
  const meanY = swy / sw;
  // Centred sums (numerically safer than the raw normal equations).
  let sxx = 0;
  let sxy = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = x[i] - meanX;
    const dy = y[i] - meanY;
    sxx += w(i) * dx * dx;
    sxy += w(i) * dx * dy;
    syy += w(i) * dy * dy;
  }
  if (!Number.isFinite(sxx) || !Number.isFinite(sxy) || !Number.isFinite(syy)) {
    throw new AnalysisError('NUMERIC_OVERFLOW', 'the regression sums overflow', 'x');
  }
  if (!(sxx > 0)) {
    throw new AnalysisError('DEGENERATE_X', 'all x values are equal: the slope is undefined', 'x');
  }
  const slope = sxy / sxx;
  const intercept = meanY - slope * meanX;
  let rss = 0;
  for (let i = 0; i < n; i++) {
    const r = y[i] - intercept - slope * x[i];
    rss += w(i) * r * r;
  }
  if (!Number.isFinite(slope) || !Number.isFinite(intercept) || !Number.isFinite(rss)) {
    throw new AnalysisError('NUMERIC_OVERFLOW', 'the regression overflows', 'x');
  }
  const df = n - 2;
  const s2 = df > 0 ? rss / df : null;
  const slopeSe = s2 === null ? null : Math.sqrt(s2 / sxx);
  const interceptSe = s2 === null ? null : Math.sqrt(s2 * (1 / sw + (meanX * meanX) / sxx));
  return {
    n,
    df,
    slope,
    intercept,
    slopeSe,
    interceptSe,
    // 0 − … rather than −…: JSON has no negative zero.
    interceptSlopeCovariance: s2 === null ? null : 0 - (meanX * s2) / sxx,
    rSquared: syy > 0 ? Math.max(0, 1 - rss / syy) : null,
    rss,
    residualSd: s2 === null ? null : Math.sqrt(s2),
    sumWeights: sw,
    meanX,
    meanY,
    sxx,
  };
}

/**
 * Straight-line least squares y = a + b·x (ordinary, or weighted with wᵢ > 0):
 *   x̄w = Σwx/Σw, ȳw = Σwy/Σw, Sxx = Σw(x − x̄w)², Sxy = Σw(x − x̄w)(y − ȳw),
 *   b = Sxy/Sxx, a = ȳw − b·x̄w, s² = Σw(y − a − bx)²/(n − 2),
 *   SE(b) = √(s²/Sxx), SE(a) = √(s²(1/Σw + x̄w²/Sxx)), R² = 1 − Σw(y − ŷ)²/Σw(y − ȳw)².
 * Units: slope in y-unit per x-unit, intercept in y-unit.
 * Reference: R `summary(lm(y ~ x, weights = w))`; Draper & Smith (1998) Applied Regression
 * Analysis, ch. 1 and 9.
 * @throws AnalysisError for non-finite values, mismatched lengths, n < 2, weights ≤ 0 or all x
 *   equal.
 */
export function linearRegression(
  x: readonly number[],
  y: readonly number[],
  options: LinearRegressionOptions = {},
): LinearRegressionResult {
  const fit = fitLine(x, y, options.weights);
  return {
    ...fit,
    ...provenance(
      'linear-regression',
      '1.0.0',
      { weighted: options.weights !== undefined },
      { x, y, weights: options.weights ?? null },
    ),
  };
}
