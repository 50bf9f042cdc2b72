/**
 * Levenberg–Marquardt nonlinear least squares with an analytic Jacobian.
 *
 * Minimises S(θ) = Σᵢ rᵢ(θ)² over θ ∈ ℝᵖ (optionally inside a box lower ≤ θ ≤ upper, with some
 * parameters held fixed), where the caller supplies the residuals r(θ) and their Jacobian
 * J = ∂r/∂θ.
 *
 * ## Usage (the API is stable: the dose-response, kinetics and calibration fits use it)
 * ```ts
 * // SFO kinetics, C(t) = C0·exp(−k·t), θ = [C0, k], residual r = model − observed.
 * const problem: LeastSquaresProblem = {
 *   n: t.length,
 *   p: 2,
 *   evaluate(theta, residuals, jacobian) {
 *     for (let i = 0; i < t.length; i++) {
 *       const ex = Math.exp(-theta[1] * t[i]);
 *       residuals[i] = theta[0] * ex - c[i];
 *       jacobian[i * 2] = ex; // ∂r/∂C0
 *       jacobian[i * 2 + 1] = -theta[0] * t[i] * ex; // ∂r/∂k
 *     }
 *   },
 * };
 * const fit = levenbergMarquardt(problem, [c[0], 0.1], { lower: [0, 0] });
 * const cov = covarianceFromJacobian(fit.jacobian, fit.n, fit.p, fit.rss); // null if singular
 * // or, without copying the Jacobian out (faster for many small fits):
 * const fit2 = levenbergMarquardt(problem, [c[0], 0.1], { computeCovariance: true });
 * fit2.covariance?.standardErrors; // [SE(C0), SE(k)]
 * ```
 *
 * ## Contract of `evaluate(theta, residuals, jacobian)`
 * - `theta` has length p (fixed parameters included, at their fixed value). Do not keep it.
 * - Write rᵢ into `residuals[i]` (length n) and ∂rᵢ/∂θⱼ into `jacobian[i * p + j]` (row-major
 *   n×p). With r = model − y the Jacobian is the model's; with r = y − model it is its negative.
 *   Weighted least squares: multiply rᵢ and row i of J by √wᵢ.
 * - Columns of fixed parameters may be left untouched (they are never read).
 * - Non-finite residuals at a trial point make the solver reject that step (a safe way to
 *   signal "outside the model's domain").
 * - The callback must not allocate if speed matters: it is called once per iteration.
 *
 * ## Algorithm
 * Marquardt's scaled damping (JᵀJ + μ·D)δ = −Jᵀr with D = running max of diag(JᵀJ) (scale
 * invariant, as MINPACK's `lmder`), Nielsen's update of μ from the gain ratio
 * ρ = (S(θ) − S(θ+δ)) / (S(θ) − ‖r + Jδ‖²), projection of the trial point onto the bounds, and
 * MINPACK's three stopping tests:
 * - `converged-gtol`: max_j |(Jᵀr)_j| / (‖J_j‖·‖r‖) ≤ gtol (gradient orthogonal to the
 *   residual), or an exactly zero residual (reported as `converged-ftol`);
 * - `converged-ftol`: actual and predicted relative reductions of S both ≤ ftol;
 * - `converged-xtol`: ‖D^½ δ‖ ≤ xtol·(‖D^½ θ‖ + xtol).
 * Other outcomes: `max-iterations`; `singular` (the damped normal equations could not be
 * factorised even with very large damping); `non-finite` (residuals or Jacobian not finite at
 * the starting point, or no finite step could be found).
 *
 * The p×p normal equations are solved by a small dense Cholesky factorisation; all buffers are
 * Float64Array allocated once per call, nothing is allocated inside the iteration loop. The
 * result is deterministic for the same input (no randomness, fixed operation order).
 *
 * References: K. Levenberg (1944) Q. Appl. Math. 2:164; D. W. Marquardt (1963) SIAM J. Appl.
 * Math. 11:431; J. J. Moré (1978) "The Levenberg–Marquardt algorithm: implementation and
 * theory", LNM 630 (MINPACK); H. B. Nielsen (1999) "Damping parameter in Marquardt's method",
 * IMM-REP-1999-05; K. Madsen, H. B. Nielsen, O. Tingleff (2004) "Methods for non-linear least
 * squares problems", DTU, §3.2.
 */
import { AnalysisError, assertFinite } from '../common/analysis-error';
import { choleskyFactor, choleskySolve } from './cholesky';
import { covarianceFromJacobian, CovarianceResult } from './covariance';

/** Why the solver stopped. Only the three `converged-*` reasons mean a usable optimum. */
export type LevenbergMarquardtStatus =
  | 'converged-ftol'
  | 'converged-xtol'
  | 'converged-gtol'
  | 'max-iterations'
  | 'singular'
  | 'non-finite';

/** A least-squares problem: n residuals in p parameters, with an analytic Jacobian. */
export interface LeastSquaresProblem {
  /** Number of residuals (observations). */
  readonly n: number;
  /** Number of parameters, fixed ones included. */
  readonly p: number;
  /** Writes r(θ) into `residuals` (length n) and ∂r/∂θ into `jacobian` (n×p, row-major). */
  evaluate(theta: Float64Array, residuals: Float64Array, jacobian: Float64Array): void;
}

export interface LevenbergMarquardtOptions {
  /** Maximum number of damped Gauss–Newton steps tried (accepted or not). Default 200. */
  maxIterations?: number;
  /** Relative reduction of the sum of squares below which the fit has converged. Default 1e-10. */
  ftol?: number;
  /** Relative (scaled) step size below which the fit has converged. Default 1e-10. */
  xtol?: number;
  /** Cosine between residual and Jacobian columns below which it has converged. Default 1e-10. */
  gtol?: number;
  /** Lower bounds per parameter (−Infinity for none). The start is clamped into the box. */
  lower?: ArrayLike<number>;
  /** Upper bounds per parameter (+Infinity for none). */
  upper?: ArrayLike<number>;
  /** true for each parameter held at its initial value. */
  fixed?: ArrayLike<boolean>;
  /** Initial damping μ₀ relative to D (Madsen–Nielsen τ). Default 1e-3. */
  initialDamping?: number;
  /**
   * Also compute `covariance` = s²(JᵀJ)⁻¹ at the end (see covarianceFromJacobian), straight
   * from the solver's buffers. Default false.
   */
  computeCovariance?: boolean;
  /** Copy the final Jacobian into the result. Default true; false leaves it empty. */
  returnJacobian?: boolean;
  /** Copy the final residuals into the result. Default true; false leaves them empty. */
  returnResiduals?: boolean;
}

export interface LevenbergMarquardtResult {
  /** Parameters at the end (length p; fixed ones at their fixed value). */
  theta: Float64Array;
  /** Residuals at `theta`. */
  residuals: Float64Array;
  /** Jacobian at `theta` (n×p row-major; columns of fixed parameters are unspecified). */
  jacobian: Float64Array;
  /** Residual sum of squares Σ rᵢ² at `theta`. */
  rss: number;
  n: number;
  p: number;
  /** Number of free (estimated) parameters. */
  pFree: number;
  /** true for parameters that were held fixed. */
  fixed: boolean[];
  /** Damped steps tried. */
  iterations: number;
  /** Calls to `evaluate`. */
  evaluations: number;
  status: LevenbergMarquardtStatus;
  /** status is one of the `converged-*` reasons. */
  converged: boolean;
  /** With `computeCovariance`: the covariance at `theta` (null when not defined). */
  covariance?: CovarianceResult | null;
}

const DEFAULTS = {
  maxIterations: 200,
  ftol: 1e-10,
  xtol: 1e-10,
  gtol: 1e-10,
  initialDamping: 1e-3,
};

const EMPTY = new Float64Array(0);

// Damping beyond which the scaled step is numerically zero: give up.
const MAX_DAMPING = 1e32;

/** True for the `converged-*` statuses. */
export function isConverged(status: LevenbergMarquardtStatus): boolean {
  return status === 'converged-ftol' || status === 'converged-xtol' || status === 'converged-gtol';
}

function positiveOption(value: number | undefined, fallback: number, field: string): number {
  if (value === undefined) return fallback;
  assertFinite(value, field);
  if (!(value > 0)) throw new AnalysisError('BAD_OPTION', `${field} must be > 0`, field);
  return value;
}

/**
 * Fits θ by Levenberg–Marquardt (see the module comment for the algorithm and callback
 * contract). Throws AnalysisError only for a malformed problem (non-integer sizes, n < number
 * of free parameters, non-finite start, inconsistent bounds); a fit that fails is returned with
 * a non-converged `status`.
 */
export function levenbergMarquardt(
  problem: LeastSquaresProblem,
  initial: ArrayLike<number>,
  options: LevenbergMarquardtOptions = {},
): LevenbergMarquardtResult {
  if (problem === null || typeof problem !== 'object' || typeof problem.evaluate !== 'function') {
    throw new AnalysisError('BAD_PROBLEM', 'problem must provide n, p and evaluate()', 'problem');
  }
  if (options === null || typeof options !== 'object') {
    throw new AnalysisError('BAD_OPTION', 'options must be an object', 'options');
  }
  const { n, p } = problem;
  if (!Number.isInteger(n) || n < 1) {
    throw new AnalysisError('BAD_PROBLEM', `n must be a positive integer, got ${n}`, 'n');
  }
  if (!Number.isInteger(p) || p < 1) {
    throw new AnalysisError('BAD_PROBLEM', `p must be a positive integer, got ${p}`, 'p');
  }
  if (initial === null || typeof initial !== 'object' || initial.length !== p) {
    throw new AnalysisError('BAD_LENGTH', `initial must have ${p} values`, 'initial');
  }
  const maxIterations = options.maxIterations ?? DEFAULTS.maxIterations;
  if (!Number.isInteger(maxIterations) || maxIterations < 0) {
    throw new AnalysisError(
      'BAD_OPTION',
      'maxIterations must be a non-negative integer',
      'maxIterations',
    );
  }
  const ftol = positiveOption(options.ftol, DEFAULTS.ftol, 'ftol');
  const xtol = positiveOption(options.xtol, DEFAULTS.xtol, 'xtol');
  const gtol = positiveOption(options.gtol, DEFAULTS.gtol, 'gtol');
  const tau = positiveOption(options.initialDamping, DEFAULTS.initialDamping, 'initialDamping');

  // Validate options before touching the shared work buffers.
  if (options.lower !== undefined && options.lower.length !== p) {
    throw new AnalysisError('BAD_LENGTH', `lower must have ${p} values`, 'lower');
  }
  if (options.upper !== undefined && options.upper.length !== p) {
    throw new AnalysisError('BAD_LENGTH', `upper must have ${p} values`, 'upper');
  }
  if (options.fixed !== undefined && options.fixed.length !== p) {
    throw new AnalysisError('BAD_LENGTH', `fixed must have ${p} values`, 'fixed');
  }
  const fixed: boolean[] = new Array<boolean>(p);
  let pf = 0;
  for (let j = 0; j < p; j++) {
    fixed[j] = options.fixed !== undefined && options.fixed[j] === true;
    if (!fixed[j]) pf++;
    assertFinite(initial[j], `initial[${j}]`);
    const lo = options.lower === undefined ? -Infinity : options.lower[j];
    const hi = options.upper === undefined ? Infinity : options.upper[j];
    if (typeof lo !== 'number' || Number.isNaN(lo)) {
      throw new AnalysisError('NOT_FINITE', `lower[${j}] must be a number`, `lower[${j}]`);
    }
    if (typeof hi !== 'number' || Number.isNaN(hi)) {
      throw new AnalysisError('NOT_FINITE', `upper[${j}] must be a number`, `upper[${j}]`);
    }
    if (lo > hi) throw new AnalysisError('BAD_BOUNDS', `lower[${j}] > upper[${j}]`, `lower[${j}]`);
  }
  if (n < pf) {
    throw new AnalysisError(
      'TOO_FEW_POINTS',
      `${n} observations cannot determine ${pf} free parameters`,
      'n',
    );
  }

  // Work buffers: reused from the previous call when the sizes match (no allocation per fit),
  // swapped on accepted steps; the result gets its own copies.
  const ws = acquireWorkspace(n, p, pf);
  const { theta, lower, upper, free, trial, a, g, m, delta, diag, active } = ws;
  let r = ws.r;
  let jac = ws.jac;
  let rTrial = ws.rTrial;
  let jacTrial = ws.jacTrial;
  for (let j = 0, k = 0; j < p; j++) {
    lower[j] = options.lower === undefined ? -Infinity : options.lower[j];
    upper[j] = options.upper === undefined ? Infinity : options.upper[j];
    // Fixed parameters stay where they are, even outside the box.
    theta[j] = fixed[j] ? initial[j] : Math.min(upper[j], Math.max(lower[j], initial[j]));
    if (!fixed[j]) free[k++] = j;
  }

  const returnJacobian = options.returnJacobian !== false;
  const returnResiduals = options.returnResiduals !== false;
  const finish = (
    status: LevenbergMarquardtStatus,
    iterations: number,
    evaluations: number,
    rss: number,
  ): LevenbergMarquardtResult => {
    const result: LevenbergMarquardtResult = {
      theta: theta.slice(),
      // Copies only on request: buffers above 64 bytes live off the V8 heap and are slow to make.
      residuals: returnResiduals ? r.slice() : EMPTY,
      jacobian: returnJacobian ? jac.slice() : EMPTY,
      rss,
      n,
      p,
      pFree: pf,
      fixed,
      iterations,
      evaluations,
      status,
      converged: isConverged(status),
    };
    if (options.computeCovariance === true) {
      result.covariance = Number.isFinite(rss)
        ? covarianceFromJacobian(jac, n, p, rss, fixed)
        : null;
    }
    return result;
  };

  try {
    return iterate();
  } finally {
    ws.inUse = false;
  }

  function iterate(): LevenbergMarquardtResult {
    problem.evaluate(theta, r, jac);
    let evaluations = 1;
    let cost = sumSquares(r, n);
    if (!Number.isFinite(cost)) return finish('non-finite', 0, evaluations, cost);
    if (pf === 0) return finish('converged-xtol', 0, evaluations, cost);
    if (!normalEquations(jac, r, n, p, free, a, g)) {
      return finish('non-finite', 0, evaluations, cost);
    }
    let maxDiag = 0;
    for (let k = 0; k < pf; k++) {
      diag[k] = a[k * pf + k];
      if (diag[k] > maxDiag) maxDiag = diag[k];
    }
    // A parameter with an all-zero Jacobian column still needs a positive scale.
    const diagFloor = maxDiag > 0 ? maxDiag * 1e-15 : 1;
    for (let k = 0; k < pf; k++) if (!(diag[k] > diagFloor)) diag[k] = diagFloor;

    let mu = tau;
    let nu = 2;
    let iterations = 0;
    let lastRejectNonFinite = false;

    while (iterations < maxIterations) {
      if (cost === 0) return finish('converged-ftol', iterations, evaluations, cost);
      // Gradient test (MINPACK gtol): cosine of the angle between r and each column of J.
      // A parameter on a bound that the gradient pushes outwards is held for this step
      // (active set), so that the others still reach their constrained optimum.
      for (let k = 0; k < pf; k++) {
        const j = free[k];
        active[k] =
          (theta[j] <= lower[j] && g[k] > 0) || (theta[j] >= upper[j] && g[k] < 0) ? 1 : 0;
      }
      let gnorm = 0;
      for (let k = 0; k < pf; k++) {
        const ak = a[k * pf + k];
        if (ak > 0 && active[k] === 0) {
          const cosine = Math.abs(g[k]) / Math.sqrt(ak * cost);
          if (cosine > gnorm) gnorm = cosine;
        }
      }
      if (gnorm <= gtol) return finish('converged-gtol', iterations, evaluations, cost);

      iterations++;
      // Damped normal equations (JᵀJ + μD)δ = −Jᵀr.
      for (let i = 0; i < pf; i++) {
        if (active[i] === 1) {
          // δ_i = 0: unit row and column.
          for (let k = 0; k < i; k++) m[i * pf + k] = 0;
          m[i * pf + i] = 1;
          delta[i] = 0;
          continue;
        }
        for (let k = 0; k < i; k++) m[i * pf + k] = active[k] === 1 ? 0 : a[i * pf + k];
        m[i * pf + i] = a[i * pf + i] + mu * diag[i];
        delta[i] = -g[i];
      }
      if (choleskyFactor(m, pf) === 0) {
        mu *= nu;
        nu *= 2;
        if (mu > MAX_DAMPING) return finish('singular', iterations, evaluations, cost);
        continue;
      }
      choleskySolve(m, pf, delta);

      // Project the trial point onto the box; the step actually taken is trial − θ.
      for (let j = 0; j < p; j++) trial[j] = theta[j];
      let stepNorm2 = 0;
      let thetaNorm2 = 0;
      for (let k = 0; k < pf; k++) {
        const j = free[k];
        let t = theta[j] + delta[k];
        if (t < lower[j]) t = lower[j];
        else if (t > upper[j]) t = upper[j];
        trial[j] = t;
        delta[k] = t - theta[j];
        stepNorm2 += diag[k] * delta[k] * delta[k];
        thetaNorm2 += diag[k] * theta[j] * theta[j];
      }

      // Predicted reduction of S by the linear model: −2gᵀδ − δᵀ(JᵀJ)δ.
      let gd = 0;
      let dad = 0;
      for (let i = 0; i < pf; i++) {
        gd += g[i] * delta[i];
        let row = 0;
        for (let k = 0; k < pf; k++) {
          row += (k <= i ? a[i * pf + k] : a[k * pf + i]) * delta[k];
        }
        dad += delta[i] * row;
      }
      const predicted = -2 * gd - dad;

      const stepNorm = Math.sqrt(stepNorm2);
      const thetaNorm = Math.sqrt(thetaNorm2);

      problem.evaluate(trial, rTrial, jacTrial);
      evaluations++;
      const costTrial = sumSquares(rTrial, n);
      if (!Number.isFinite(costTrial)) {
        // Outside the model's domain: shorten the step.
        lastRejectNonFinite = true;
        mu *= nu;
        nu *= 2;
        if (mu > MAX_DAMPING) return finish('non-finite', iterations, evaluations, cost);
        continue;
      }
      lastRejectNonFinite = false;
      const actual = cost - costTrial;
      const rho = predicted > 0 ? actual / predicted : actual > 0 ? 1 : -1;
      const costBefore = cost;

      if (rho > 1e-4) {
        // Accept: swap buffers, refresh the normal equations at the new point.
        for (let j = 0; j < p; j++) theta[j] = trial[j];
        let tmp = r;
        r = rTrial;
        rTrial = tmp;
        tmp = jac;
        jac = jacTrial;
        jacTrial = tmp;
        cost = costTrial;
        if (!normalEquations(jac, r, n, p, free, a, g)) {
          return finish('non-finite', iterations, evaluations, cost);
        }
        for (let k = 0; k < pf; k++) {
          const ak = a[k * pf + k];
          if (ak > diag[k]) diag[k] = ak;
        }
        const s = 2 * rho - 1;
        mu *= Math.max(1 / 3, 1 - s * s * s);
        nu = 2;
      } else {
        mu *= nu;
        nu *= 2;
      }

      // MINPACK tests, on the step just tried (accepted or not).
      if (Math.abs(actual) <= ftol * costBefore && predicted <= ftol * costBefore && rho <= 2) {
        return finish('converged-ftol', iterations, evaluations, cost);
      }
      if (stepNorm <= xtol * (thetaNorm + xtol)) {
        return finish('converged-xtol', iterations, evaluations, cost);
      }
      if (mu > MAX_DAMPING) return finish('singular', iterations, evaluations, cost);
    }
    return finish(
      lastRejectNonFinite ? 'non-finite' : 'max-iterations',
      iterations,
      evaluations,
      cost,
    );
  }
}

/** Reusable buffers of one fit size; `inUse` guards against re-entrant (nested) fits. */
interface Workspace {
  n: number;
  p: number;
  pf: number;
  inUse: boolean;
  theta: Float64Array;
  lower: Float64Array;
  upper: Float64Array;
  free: Int32Array;
  r: Float64Array;
  jac: Float64Array;
  rTrial: Float64Array;
  jacTrial: Float64Array;
  trial: Float64Array;
  /** JᵀJ over free parameters (lower triangle). */
  a: Float64Array;
  /** Jᵀr. */
  g: Float64Array;
  /** Damped matrix, then its Cholesky factor. */
  m: Float64Array;
  delta: Float64Array;
  /** Marquardt scaling D. */
  diag: Float64Array;
  /** 1 = held on its bound for the current step. */
  active: Uint8Array;
}

let cachedWorkspace: Workspace | null = null;

function acquireWorkspace(n: number, p: number, pf: number): Workspace {
  const c = cachedWorkspace;
  if (c !== null && !c.inUse && c.n === n && c.p === p && c.pf === pf) {
    c.inUse = true;
    return c;
  }
  const ws: Workspace = {
    n,
    p,
    pf,
    inUse: true,
    theta: new Float64Array(p),
    lower: new Float64Array(p),
    upper: new Float64Array(p),
    free: new Int32Array(pf),
    r: new Float64Array(n),
    jac: new Float64Array(n * p),
    rTrial: new Float64Array(n),
    jacTrial: new Float64Array(n * p),
    trial: new Float64Array(p),
    a: new Float64Array(pf * pf),
    g: new Float64Array(pf),
    m: new Float64Array(pf * pf),
    delta: new Float64Array(pf),
    diag: new Float64Array(pf),
    active: new Uint8Array(pf),
  };
  // A nested fit (inside an evaluate callback) keeps its own buffers.
  if (c === null || !c.inUse) cachedWorkspace = ws;
  return ws;
}

function sumSquares(x: Float64Array, n: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += x[i] * x[i];
  return s;
}

/**
 * JᵀJ (lower triangle, free columns only) and Jᵀr, as dot products accumulated in registers.
 * Returns false when either is not finite.
 */
function normalEquations(
  jac: Float64Array,
  r: Float64Array,
  n: number,
  p: number,
  free: Int32Array,
  a: Float64Array,
  g: Float64Array,
): boolean {
  const pf = free.length;
  // Unrolled single-pass kernels for the usual 2–5 free parameters (SFO, LL.3/LL.4, LL.5);
  // the loop below gives the same sums for any size (docs/performance.md).
  switch (pf) {
    case 2:
      return normalEquations2(jac, r, n, p, free, a, g);
    case 3:
      return normalEquations3(jac, r, n, p, free, a, g);
    case 4:
      return normalEquations4(jac, r, n, p, free, a, g);
    case 5:
      return normalEquations5(jac, r, n, p, free, a, g);
    default:
      break;
  }
  for (let k = 0; k < pf; k++) {
    const ck = free[k];
    let gs = 0;
    for (let i = 0, idx = ck; i < n; i++, idx += p) gs += jac[idx] * r[i];
    if (!Number.isFinite(gs)) return false;
    g[k] = gs;
    for (let l = 0; l <= k; l++) {
      const off = free[l] - ck;
      let s = 0;
      for (let i = 0, idx = ck; i < n; i++, idx += p) s += jac[idx] * jac[idx + off];
      if (!Number.isFinite(s)) return false;
      a[k * pf + l] = s;
    }
  }
  return true;
}

// Generated-style unrolled kernels: JᵀJ (lower triangle) and Jᵀr in one pass over the rows,
// all sums in locals. A sum of finite terms that is not finite means non-finite data.
function normalEquations2(
  jac: Float64Array,
  r: Float64Array,
  n: number,
  p: number,
  free: Int32Array,
  a: Float64Array,
  g: Float64Array,
): boolean {
  const c0 = free[0];
  const c1 = free[1];
  let g0 = 0,
    g1 = 0,
    a00 = 0,
    a10 = 0,
    a11 = 0;
  for (let i = 0, row = 0; i < n; i++, row += p) {
    const ri = r[i];
    const j0 = jac[row + c0];
    const j1 = jac[row + c1];
    g0 += j0 * ri;
    g1 += j1 * ri;
    a00 += j0 * j0;
    a10 += j1 * j0;
    a11 += j1 * j1;
  }
  g[0] = g0;
  g[1] = g1;
  a[0] = a00;
  a[2] = a10;
  a[3] = a11;
  return Number.isFinite(g0 + g1 + a00 + a11) && Number.isFinite(a10);
}

function normalEquations3(
  jac: Float64Array,
  r: Float64Array,
  n: number,
  p: number,
  free: Int32Array,
  a: Float64Array,
  g: Float64Array,
): boolean {
  const c0 = free[0];
  const c1 = free[1];
  const c2 = free[2];
  let g0 = 0,
    g1 = 0,
    g2 = 0,
    a00 = 0,
    a10 = 0,
    a11 = 0,
    a20 = 0,
    a21 = 0,
    a22 = 0;
  for (let i = 0, row = 0; i < n; i++, row += p) {
    const ri = r[i];
    const j0 = jac[row + c0];
    const j1 = jac[row + c1];
    const j2 = jac[row + c2];
    g0 += j0 * ri;
    g1 += j1 * ri;
    g2 += j2 * ri;
    a00 += j0 * j0;
    a10 += j1 * j0;
    a11 += j1 * j1;
    a20 += j2 * j0;
    a21 += j2 * j1;
    a22 += j2 * j2;
  }
  g[0] = g0;
  g[1] = g1;
  g[2] = g2;
  a[0] = a00;
  a[3] = a10;
  a[4] = a11;
  a[6] = a20;
  a[7] = a21;
  a[8] = a22;
  return Number.isFinite(g0 + g1 + g2 + a00 + a11 + a22) && Number.isFinite(a10 + a20 + a21);
}

function normalEquations4(
  jac: Float64Array,
  r: Float64Array,
  n: number,
  p: number,
  free: Int32Array,
  a: Float64Array,
  g: Float64Array,
): boolean {
  const c0 = free[0];
  const c1 = free[1];
  const c2 = free[2];
  const c3 = free[3];
  let g0 = 0,
    g1 = 0,
    g2 = 0,
    g3 = 0,
    a00 = 0,
    a10 = 0,
    a11 = 0,
    a20 = 0,
    a21 = 0,
    a22 = 0,
    a30 = 0,
    a31 = 0,
    a32 = 0,
    a33 = 0;
  for (let i = 0, row = 0; i < n; i++, row += p) {
    const ri = r[i];
    const j0 = jac[row + c0];
    const j1 = jac[row + c1];
    const j2 = jac[row + c2];
    const j3 = jac[row + c3];
    g0 += j0 * ri;
    g1 += j1 * ri;
    g2 += j2 * ri;
    g3 += j3 * ri;
    a00 += j0 * j0;
    a10 += j1 * j0;
    a11 += j1 * j1;
    a20 += j2 * j0;
    a21 += j2 * j1;
    a22 += j2 * j2;
    a30 += j3 * j0;
    a31 += j3 * j1;
    a32 += j3 * j2;
    a33 += j3 * j3;
  }
  g[0] = g0;
  g[1] = g1;
  g[2] = g2;
  g[3] = g3;
  a[0] = a00;
  a[4] = a10;
  a[5] = a11;
  a[8] = a20;
  a[9] = a21;
  a[10] = a22;
  a[12] = a30;
  a[13] = a31;
  a[14] = a32;
  a[15] = a33;
  return (
    Number.isFinite(g0 + g1 + g2 + g3 + a00 + a11 + a22 + a33) &&
    Number.isFinite(a10 + a20 + a21 + a30 + a31 + a32)
  );
}

function normalEquations5(
  jac: Float64Array,
  r: Float64Array,
  n: number,
  p: number,
  free: Int32Array,
  a: Float64Array,
  g: Float64Array,
): boolean {
  const c0 = free[0];
  const c1 = free[1];
  const c2 = free[2];
  const c3 = free[3];
  const c4 = free[4];
  let g0 = 0,
    g1 = 0,
    g2 = 0,
    g3 = 0,
    g4 = 0,
    a00 = 0,
    a10 = 0,
    a11 = 0,
    a20 = 0,
    a21 = 0,
    a22 = 0,
    a30 = 0,
    a31 = 0,
    a32 = 0,
    a33 = 0,
    a40 = 0,
    a41 = 0,
    a42 = 0,
    a43 = 0,
    a44 = 0;
  for (let i = 0, row = 0; i < n; i++, row += p) {
    const ri = r[i];
    const j0 = jac[row + c0];
    const j1 = jac[row + c1];
    const j2 = jac[row + c2];
    const j3 = jac[row + c3];
    const j4 = jac[row + c4];
    g0 += j0 * ri;
    g1 += j1 * ri;
    g2 += j2 * ri;
    g3 += j3 * ri;
    g4 += j4 * ri;
    a00 += j0 * j0;
    a10 += j1 * j0;
    a11 += j1 * j1;
    a20 += j2 * j0;
    a21 += j2 * j1;
    a22 += j2 * j2;
    a30 += j3 * j0;
    a31 += j3 * j1;
    a32 += j3 * j2;
    a33 += j3 * j3;
    a40 += j4 * j0;
    a41 += j4 * j1;
    a42 += j4 * j2;
    a43 += j4 * j3;
    a44 += j4 * j4;
  }
  g[0] = g0;
  g[1] = g1;
  g[2] = g2;
  g[3] = g3;
  g[4] = g4;
  a[0] = a00;
  a[5] = a10;
  a[6] = a11;
  a[10] = a20;
  a[11] = a21;
  a[12] = a22;
  a[15] = a30;
  a[16] = a31;
  a[17] = a32;
  a[18] = a33;
  a[20] = a40;
  a[21] = a41;
  a[22] = a42;
  a[23] = a43;
  a[24] = a44;
  return (
    Number.isFinite(g0 + g1 + g2 + g3 + g4 + a00 + a11 + a22 + a33 + a44) &&
    Number.isFinite(a10 + a20 + a21 + a30 + a31 + a32 + a40 + a41 + a42 + a43)
  );
}
