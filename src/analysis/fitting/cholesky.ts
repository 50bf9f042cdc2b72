// Small dense Cholesky factorisation for the p×p normal equations of the curve fits (p ≤ ~10).
// Row-major storage in Float64Array, no allocation: callers pass the work buffers.

/**
 * In-place Cholesky factorisation A = L·Lᵀ of a symmetric positive-definite p×p matrix stored
 * row-major in `a` (only the lower triangle is read; L overwrites it, the strict upper triangle
 * is left untouched).
 *
 * Returns the smallest pivot ratio L_jj² / A_jj seen (a cheap reciprocal-condition indicator for
 * a Jacobi-scaled matrix), or 0 when the matrix is not numerically positive definite.
 * Reference: Golub & Van Loan, Matrix Computations, 4th ed., algorithm 4.2.1.
 */
export function choleskyFactor(a: Float64Array, p: number): number {
  let minRatio = Infinity;
  for (let j = 0; j < p; j++) {
    const rowJ = j * p;
    let s = a[rowJ + j];
    const ajj = s;
    for (let k = 0; k < j; k++) s -= a[rowJ + k] * a[rowJ + k];
    // Non-finite or non-positive pivot: not positive definite in floating point.
    if (!(s > 0) || !Number.isFinite(s)) return 0;
    const ratio = s / ajj;
    if (ratio < minRatio) minRatio = ratio;
    const ljj = Math.sqrt(s);
    a[rowJ + j] = ljj;
    for (let i = j + 1; i < p; i++) {
      const rowI = i * p;
      let t = a[rowI + j];
      for (let k = 0; k < j; k++) t -= a[rowI + k] * a[rowJ + k];
      a[rowI + j] = t / ljj;
    }
  }
  return minRatio;
}

/**
 * Solves L·Lᵀ·x = b in place (`b` becomes x), with L from {@link choleskyFactor}.
 * Forward then back substitution, O(p²).
 */
export function choleskySolve(l: Float64Array, p: number, b: Float64Array): void {
  for (let i = 0; i < p; i++) {
    let s = b[i];
    const row = i * p;
    for (let k = 0; k < i; k++) s -= l[row + k] * b[k];
    b[i] = s / l[row + i];
  }
  for (let i = p - 1; i >= 0; i--) {
    let s = b[i];
    for (let k = i + 1; k < p; k++) s -= l[k * p + i] * b[k];
    b[i] = s / l[i * p + i];
  }
}

/**
 * Inverse of a symmetric positive-definite matrix from its Cholesky factor:
 * A⁻¹ = L⁻ᵀ·L⁻¹. Writes the full symmetric inverse to `out` (p×p row-major). `work` must hold
 * p numbers. O(p³).
 */
export function choleskyInverse(
  l: Float64Array,
  p: number,
  out: Float64Array,
  work: Float64Array,
): void {
  for (let col = 0; col < p; col++) {
    for (let i = 0; i < p; i++) work[i] = i === col ? 1 : 0;
    choleskySolve(l, p, work);
    for (let i = 0; i < p; i++) out[i * p + col] = work[i];
  }
  // Symmetrise to remove rounding asymmetry.
  for (let i = 0; i < p; i++) {
    for (let j = 0; j < i; j++) {
      const m = 0.5 * (out[i * p + j] + out[j * p + i]);
      out[i * p + j] = m;
      out[j * p + i] = m;
    }
  }
}
