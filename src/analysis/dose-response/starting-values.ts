import type { ConcentrationGroups } from './concentration-groups';

/** Starting values of the log-logistic parameters (natural scale, ln e). */
export interface LogLogisticStart {
  b: number;
  c: number;
  d: number;
  lnE: number;
  f: number;
}

/**
 * Data-driven starting values for LL.4 / LL.3 / fixed-top / LL.5 (f = 1):
 * - c and d from the extremes of the concentration-group means (unless fixed);
 * - e from the concentration whose mean response is nearest the midpoint (c + d)/2;
 * - b from the logit regression ln((d − ȳ)/(ȳ − c)) = b·ln x − b·ln e over the groups with
 *   x > 0 and ȳ strictly between slightly widened extremes (the drc `llogistic` self-start).
 * Reference: Ritz et al. (2015) PLoS ONE 10:e0146021; Seber & Wild (1989) §7.3.
 */
export function logLogisticStart(
  groups: ConcentrationGroups,
  fixedC?: number,
  fixedD?: number,
): LogLogisticStart {
  const { x, mean, k } = groups;
  let lo = Infinity;
  let hi = -Infinity;
  for (let g = 0; g < k; g++) {
    if (mean[g] < lo) lo = mean[g];
    if (mean[g] > hi) hi = mean[g];
  }
  const c = fixedC ?? lo;
  const d = fixedD ?? hi;
  const range = Math.abs(d - c) || Math.abs(hi) || 1;
  const mid = (c + d) / 2;

  let first = -1;
  let last = -1;
  let eBest = NaN;
  let distBest = Infinity;
  for (let g = 0; g < k; g++) {
    if (!(x[g] > 0)) continue;
    if (first < 0) first = g;
    last = g;
    const dist = Math.abs(mean[g] - mid);
    if (dist < distBest) {
      distBest = dist;
      eBest = x[g];
    }
  }
  // Geometric middle of the tested range when nothing better is known.
  const lnMid = first >= 0 ? 0.5 * (Math.log(x[first]) + Math.log(x[last])) : 0;
  const lnE = Number.isFinite(eBest) ? Math.log(eBest) : lnMid;

  // Decreasing when the lowest dose responds more than the highest (MTT: b > 0).
  const direction = k > 0 && mean[0] >= mean[k - 1] ? 1 : -1;

  // Logit regression with extremes widened by 5 % of the range so every mean is inside.
  const cw = Math.min(c, d) - 0.05 * range;
  const dw = Math.max(c, d) + 0.05 * range;
  let sx = 0;
  let sz = 0;
  let sxx = 0;
  let sxz = 0;
  let m = 0;
  for (let g = 0; g < k; g++) {
    const yg = mean[g];
    if (!(x[g] > 0) || !(yg > cw && yg < dw)) continue;
    const lx = Math.log(x[g]);
    // For c < d this is b(ln x − ln e); the sign follows drc's parameterisation.
    const z = Math.log((dw - yg) / (yg - cw));
    sx += lx;
    sz += z;
    sxx += lx * lx;
    sxz += lx * z;
    m++;
  }
  let b = NaN;
  if (m >= 2) {
    const den = sxx - (sx * sx) / m;
    if (den > 0) b = (sxz - (sx * sz) / m) / den;
  }
  if (c > d) b = -b;
  if (!Number.isFinite(b) || Math.abs(b) < 0.05) b = direction;
  b = Math.sign(b) * Math.min(20, Math.max(0.1, Math.abs(b)));
  return { b, c, d, lnE, f: 1 };
}
