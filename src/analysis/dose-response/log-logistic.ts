import type { LeastSquaresProblem } from '../fitting';

/**
 * The log-logistic dose-response models (drc naming, Ritz et al. 2015 PLoS ONE 10:e0146021):
 * - `LL4`: f(x) = c + (d − c) / (1 + exp(b(ln x − ln e)))  (GraphPad "variable slope";
 *   HillSlope = −b, Bottom = c, Top = d, IC50 = e);
 * - `LL3`: LL4 with c = 0 (drc `LL.3`; not GraphPad's fixed-slope 3-parameter model);
 * - `fixed-top`: LL4 with d fixed (100 % by default);
 * - `LL5`: f(x) = c + (d − c) / (1 + exp(b(ln x − ln e)))^f (asymmetry f; drc `LL.5`).
 * b > 0 is a decreasing curve; at x = 0 the curve is at its limit (d for b > 0).
 */
export type DoseResponseModel = 'LL4' | 'LL3' | 'fixed-top' | 'LL5';

export const DOSE_RESPONSE_MODELS: readonly DoseResponseModel[] = [
  'LL4',
  'LL3',
  'fixed-top',
  'LL5',
];

/** Index of each parameter in the internal vector θ = [b, c, d, λ, f], λ = ln e − lnRef. */
export const P_B = 0;
export const P_C = 1;
export const P_D = 2;
export const P_LAMBDA = 3;
export const P_F = 4;
export const N_PARAMS = 5;

/** Numerically stable ln(1 + exp(s)). */
function softplus(s: number): number {
  return s > 0 ? s + Math.log1p(Math.exp(-s)) : Math.log1p(Math.exp(s));
}

/**
 * Value of the LL.5 curve (LL.4 when f = 1) at concentration x ≥ 0:
 * c + (d − c)·(1 + exp(b(ln x − ln e)))^(−f). Units: x and e in the same concentration unit;
 * the response in the unit of c and d. Reference: drc `LL.5` (Ritz et al. 2015).
 */
export function logLogistic(x: number, b: number, c: number, d: number, e: number, f = 1): number {
  if (x === 0) return b > 0 ? d : b < 0 ? c : c + (d - c) * Math.pow(2, -f);
  const s = b * (Math.log(x) - Math.log(e));
  return c + (d - c) * Math.exp(-f * softplus(s));
}

/**
 * Least-squares problem r_i = f(x_i; θ) − y_i for the log-logistic family, with the analytic
 * Jacobian, on θ = [b, c, d, λ, f] where λ = ln e − lnRef. Centring ln e on lnRef (the mean
 * log concentration) keeps the problem invariant to the concentration unit and better scaled.
 *
 * `lnx[i]` is ln x_i − lnRef (−Infinity for x = 0). For the LL4 family the f column is not
 * written (f is held at 1).
 */
export function logLogisticProblem(
  lnx: ArrayLike<number>,
  y: ArrayLike<number>,
  model: DoseResponseModel,
): LeastSquaresProblem {
  const n = lnx.length;
  if (model === 'LL5') return ll5Problem(lnx, y, n);
  return {
    n,
    p: N_PARAMS,
    evaluate(theta, r, jac) {
      const b = theta[0];
      const c = theta[1];
      const d = theta[2];
      const lam = theta[3];
      const dc = d - c;
      for (let i = 0; i < n; i++) {
        const z = lnx[i];
        const row = i * N_PARAMS;
        let g: number;
        let w: number;
        let t: number;
        if (z === -Infinity) {
          g = b > 0 ? 1 : b < 0 ? 0 : 0.5;
          w = 0;
          t = 0;
        } else {
          t = z - lam;
          g = 1 / (1 + Math.exp(b * t));
          // u/(1+u)² written as g(1 − g): finite when exp overflows.
          w = g * (1 - g);
        }
        r[i] = c + dc * g - y[i];
        jac[row] = -dc * w * t;
        jac[row + 1] = 1 - g;
        jac[row + 2] = g;
        jac[row + 3] = dc * w * b;
      }
    },
  };
}

function ll5Problem(lnx: ArrayLike<number>, y: ArrayLike<number>, n: number): LeastSquaresProblem {
  return {
    n,
    p: N_PARAMS,
    evaluate(theta, r, jac) {
      const b = theta[0];
      const c = theta[1];
      const d = theta[2];
      const lam = theta[3];
      const f = theta[4];
      const dc = d - c;
      for (let i = 0; i < n; i++) {
        const z = lnx[i];
        const row = i * N_PARAMS;
        if (z === -Infinity && b !== 0) {
          const h0 = b > 0 ? 1 : 0;
          r[i] = c + dc * h0 - y[i];
          jac[row] = 0;
          jac[row + 1] = 1 - h0;
          jac[row + 2] = h0;
          jac[row + 3] = 0;
          jac[row + 4] = 0;
          continue;
        }
        const t = z === -Infinity ? 0 : z - lam;
        const s = b * t;
        const sp = softplus(s);
        const h = Math.exp(-f * sp);
        // q = u/(1 + u), the logistic of s, stable on both sides.
        const q = s > 0 ? 1 / (1 + Math.exp(-s)) : Math.exp(s) / (1 + Math.exp(s));
        r[i] = c + dc * h - y[i];
        const fhq = f * h * q;
        jac[row] = -dc * fhq * t;
        jac[row + 1] = 1 - h;
        jac[row + 2] = h;
        jac[row + 3] = dc * fhq * b;
        jac[row + 4] = -dc * h * sp;
      }
    },
  };
}

/**
 * Relative ED50 of LL.5: the dose halfway between c and d, e·(2^(1/f) − 1)^(1/b) (equals e
 * when f = 1). Returns its natural log. Reference: drc `ED(..., type = "relative")`.
 */
export function lnRelativeEd50(b: number, lnE: number, f: number): number {
  return lnE + Math.log(Math.pow(2, 1 / f) - 1) / b;
}

/**
 * Gradient of ln ED50 (LL.5) with respect to (b, ln e, f), for the delta method:
 * ∂/∂b = −ln(2^(1/f) − 1)/b², ∂/∂ln e = 1, ∂/∂f = −2^(1/f)·ln 2 / (b f² (2^(1/f) − 1)).
 */
export function lnRelativeEd50Gradient(b: number, f: number): [number, number, number] {
  const p2 = Math.pow(2, 1 / f);
  return [-Math.log(p2 - 1) / (b * b), 1, (-p2 * Math.LN2) / (b * f * f * (p2 - 1))];
}

/**
 * Absolute IC50: the concentration where the fitted curve crosses `level` (50 % viability),
 * x = e·(((d − c)/(level − c))^(1/f) − 1)^(1/b). Defined only when `level` lies strictly
 * between c and d; returns null otherwise. Reference: GraphPad Prism guide, "Absolute IC50".
 */
export function absoluteIc50(
  b: number,
  c: number,
  d: number,
  e: number,
  f = 1,
  level = 50,
): number | null {
  if (!(Math.min(c, d) < level && level < Math.max(c, d)) || b === 0) return null;
  const u = Math.pow((d - c) / (level - c), 1 / f) - 1;
  if (!(u > 0)) return null;
  const x = e * Math.pow(u, 1 / b);
  return Number.isFinite(x) && x > 0 ? x : null;
}
