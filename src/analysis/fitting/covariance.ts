import { AnalysisError } from '../common/analysis-error';
import { choleskyFactor, choleskyInverse } from './cholesky';

/** Parameter covariance of a least-squares fit. */
export interface CovarianceResult {
  /** p×p row-major, s²(JᵀJ)⁻¹ over free parameters; NaN in rows/columns of fixed parameters. */
  covariance: number[];
  /** √diag(covariance); NaN for fixed parameters. */
  standardErrors: number[];
  /** s² = RSS / (n − p_free). */
  residualVariance: number;
  /** Residual degrees of freedom n − p_free. */
  df: number;
}

// Smallest Cholesky pivot² of the Jacobi-scaled JᵀJ accepted as non-singular (≈ 1/condition):
// below it the inverse has no correct digits worth reporting.
const MIN_PIVOT_RATIO = 1e-13;

/**
 * Asymptotic (Gauss–Newton) covariance of least-squares estimates:
 * Cov(θ̂) = s²·(JᵀJ)⁻¹, s² = RSS/(n − p), J = ∂r/∂θ at the optimum (row-major n×p).
 * This is the form of GraphPad Prism, scipy `curve_fit` and R `nls` (drc's Hessian-based SEs
 * differ by a few per cent). JᵀJ is Jacobi-scaled before its Cholesky inversion for accuracy.
 *
 * Returns null when the covariance is not defined: no residual degree of freedom (n ≤ p_free)
 * or JᵀJ singular (a parameter not identifiable from the data). Throws AnalysisError only for
 * mismatched lengths.
 *
 * Reference: Bates & Watts (1988) Nonlinear Regression Analysis and its Applications, §2.3;
 * Seber & Wild (1989) Nonlinear Regression, §2.1.
 */
export function covarianceFromJacobian(
  jacobian: ArrayLike<number>,
  n: number,
  p: number,
  rss: number,
  fixed?: ArrayLike<boolean>,
): CovarianceResult | null {
  if (!Number.isInteger(n) || !Number.isInteger(p) || n < 1 || p < 1 || jacobian.length < n * p) {
    throw new AnalysisError('BAD_LENGTH', `jacobian must hold n×p = ${n}×${p} values`, 'jacobian');
  }
  if (fixed !== undefined && fixed.length !== p) {
    throw new AnalysisError('BAD_LENGTH', `fixed must have ${p} values`, 'fixed');
  }
  let pf = 0;
  for (let j = 0; j < p; j++) if (!(fixed !== undefined && fixed[j] === true)) pf++;
  const df = n - pf;
  if (df <= 0 || pf === 0 || !(rss >= 0) || !Number.isFinite(rss)) return null;
  const sc = scratch(p, pf);
  const { free, a, scale, inv, work } = sc;
  for (let j = 0, k = 0; j < p; j++) if (!(fixed !== undefined && fixed[j] === true)) free[k++] = j;

  // JᵀJ over the free columns, as dot products.
  for (let k = 0; k < pf; k++) {
    const ck = free[k];
    for (let l = 0; l <= k; l++) {
      const off = free[l] - ck;
      let s = 0;
      for (let i = 0, idx = ck; i < n; i++, idx += p) s += jacobian[idx] * jacobian[idx + off];
      a[k * pf + l] = s;
    }
  }
  for (let k = 0; k < pf; k++) {
    const akk = a[k * pf + k];
    if (!(akk > 0) || !Number.isFinite(akk)) return null;
    scale[k] = 1 / Math.sqrt(akk);
  }
  for (let k = 0; k < pf; k++) {
    for (let l = 0; l <= k; l++) a[k * pf + l] *= scale[k] * scale[l];
  }
  if (choleskyFactor(a, pf) < MIN_PIVOT_RATIO) return null;
  choleskyInverse(a, pf, inv, work);

  const s2 = rss / df;
  // Plain arrays: small typed arrays cost an off-heap buffer each, plain ones do not.
  const covariance = new Array<number>(p * p).fill(NaN);
  const standardErrors = new Array<number>(p).fill(NaN);
  for (let k = 0; k < pf; k++) {
    for (let l = 0; l < pf; l++) {
      covariance[free[k] * p + free[l]] = s2 * inv[k * pf + l] * scale[k] * scale[l];
    }
    standardErrors[free[k]] = Math.sqrt(covariance[free[k] * p + free[k]]);
  }
  return { covariance, standardErrors, residualVariance: s2, df };
}

interface Scratch {
  p: number;
  pf: number;
  free: Int32Array;
  a: Float64Array;
  scale: Float64Array;
  inv: Float64Array;
  work: Float64Array;
}

// Reused work space (this function calls nothing that could re-enter it).
let cachedScratch: Scratch | null = null;

function scratch(p: number, pf: number): Scratch {
  if (cachedScratch !== null && cachedScratch.p === p && cachedScratch.pf === pf)
    return cachedScratch;
  cachedScratch = {
    p,
    pf,
    free: new Int32Array(pf),
    a: new Float64Array(pf * pf),
    scale: new Float64Array(pf),
    inv: new Float64Array(pf * pf),
    work: new Float64Array(pf),
  };
  return cachedScratch;
}
