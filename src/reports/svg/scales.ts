/** Axis scales and ticks for the plots: log10 for concentrations, linear for responses. */

export interface Tick {
  value: number;
  label: string;
  /** Major ticks carry a label and a grid line; minor ones only a short mark. */
  major: boolean;
}

export interface Scale {
  domain: [number, number];
  range: [number, number];
  map(value: number): number;
  ticks: Tick[];
}

/** Short number text for tick labels: 0.001, 0.5, 2, 150, 1e+5. */
export function formatTickNumber(v: number): string {
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1e5 || a < 1e-3) return v.toExponential(0).replace('e+', 'e');
  return String(Number(v.toPrecision(3)));
}

/**
 * A log10 scale over [min, max] (both > 0), widened to whole decades when the data span less
 * than one decade. Major ticks at each decade; with few decades also at 2× and 5× (labelled),
 * otherwise the 2…9 multiples as unlabelled minor ticks.
 */
export function logScale(min: number, max: number, range: [number, number]): Scale {
  if (!(min > 0) || !(max > 0) || !Number.isFinite(min) || !Number.isFinite(max)) {
    throw new RangeError('a log scale needs a positive, finite domain');
  }
  let lo = Math.log10(Math.min(min, max));
  let hi = Math.log10(Math.max(min, max));
  if (hi - lo < 1) {
    const mid = (lo + hi) / 2;
    lo = mid - 0.5;
    hi = mid + 0.5;
  }
  const domain: [number, number] = [10 ** lo, 10 ** hi];
  const map = (v: number): number =>
    range[0] + ((Math.log10(v) - lo) / (hi - lo)) * (range[1] - range[0]);
  const decades = hi - lo;
  const ticks: Tick[] = [];
  for (let k = Math.floor(lo); k <= Math.ceil(hi); k++) {
    for (let m = 1; m <= 9; m++) {
      const v = m * 10 ** k;
      const lv = Math.log10(v);
      if (lv < lo - 1e-9 || lv > hi + 1e-9) continue;
      const labelled = m === 1 || (decades <= 2.5 && (m === 2 || m === 5));
      if (m !== 1 && !labelled && decades > 6) continue;
      // Values like 3 * 10^-1 are not exact in binary: label from a rounded value.
      const value = Number(v.toPrecision(12));
      ticks.push({ value, label: labelled ? formatTickNumber(value) : '', major: labelled });
    }
  }
  return { domain, range, map, ticks };
}

/** A step of 1, 2 or 5 × 10^k giving about `target` intervals over `span`. */
export function niceStep(span: number, target = 6): number {
  const raw = span / target;
  const p = 10 ** Math.floor(Math.log10(raw));
  const f = raw / p;
  return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * p;
}

/** A linear scale over [min, max], extended to multiples of a nice step, ticks at each step. */
export function linearScale(min: number, max: number, range: [number, number]): Scale {
  if (!Number.isFinite(min) || !Number.isFinite(max)) {
    throw new RangeError('a linear scale needs a finite domain');
  }
  let lo = Math.min(min, max);
  let hi = Math.max(min, max);
  if (hi === lo) {
    lo -= 1;
    hi += 1;
  }
  const step = niceStep(hi - lo);
  lo = Math.floor(lo / step) * step;
  hi = Math.ceil(hi / step) * step;
  const map = (v: number): number => range[0] + ((v - lo) / (hi - lo)) * (range[1] - range[0]);
  const ticks: Tick[] = [];
  for (let i = 0; lo + i * step <= hi + step * 1e-9; i++) {
    const value = Number((lo + i * step).toPrecision(12));
    ticks.push({ value, label: formatTickNumber(value), major: true });
  }
  return { domain: [lo, hi], range, map, ticks };
}
