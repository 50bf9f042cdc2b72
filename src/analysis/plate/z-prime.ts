/**
 * Z′ factor of an assay from its high and low controls:
 * Z′ = 1 − 3(σ_high + σ_low)/|μ_high − μ_low|, σ the sample SD (n − 1).
 * Returns null when undefined (equal means or a control with fewer than 2 wells).
 * Reference: Zhang, Chung & Oldenburg (1999) J Biomol Screen 4:67.
 */
export function zPrime(
  meanHigh: number | null,
  sdHigh: number | null,
  meanLow: number | null,
  sdLow: number | null,
): number | null {
  if (meanHigh === null || meanLow === null || sdHigh === null || sdLow === null) return null;
  const separation = Math.abs(meanHigh - meanLow);
  if (!(separation > 0) || !Number.isFinite(separation)) return null;
  const z = 1 - (3 * (sdHigh + sdLow)) / separation;
  return Number.isFinite(z) ? z : null;
}

export type ZPrimeClass = 'good' | 'marginal' | 'fail';

/**
 * Classifies Z′: ≥ 0.5 `good` (excellent assay), 0 ≤ Z′ < 0.5 `marginal`, < 0 `fail`
 * (Zhang et al. 1999, table 1). The cut-off is a protocol setting.
 */
export function classifyZPrime(z: number, goodThreshold = 0.5): ZPrimeClass {
  if (z >= goodThreshold) return 'good';
  if (z >= 0) return 'marginal';
  return 'fail';
}
