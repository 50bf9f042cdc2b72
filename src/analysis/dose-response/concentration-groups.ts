/** Replicates of one concentration: count, mean, sample SD (n − 1; NaN for a single value). */
export interface ConcentrationGroups {
  /** Distinct concentrations, ascending. */
  x: number[];
  count: number[];
  mean: number[];
  sd: number[];
  /** Number of distinct concentrations. */
  k: number;
}

/**
 * Groups responses by exact concentration (replicates share the same value), ascending.
 * Mean and sample SD per group (SD with n − 1, NaN for one value). Used for starting values,
 * replicate CV and the monotonicity check; the fit itself uses every replicate.
 */
export function concentrationGroups(
  x: ArrayLike<number>,
  y: ArrayLike<number>,
): ConcentrationGroups {
  const n = x.length;
  const order = new Array<number>(n);
  for (let i = 0; i < n; i++) order[i] = i;
  // Ties broken on the response, so that the grouping (and its sums) ignores input order.
  if (n <= 64) {
    // Insertion sort: fastest for the usual 10–40 wells of a dose series.
    for (let i = 1; i < n; i++) {
      const v = order[i];
      const xv = x[v];
      const yv = y[v];
      let j = i - 1;
      while (j >= 0) {
        const o = order[j];
        if (!(xv < x[o] || (xv === x[o] && yv < y[o]))) break;
        order[j + 1] = o;
        j--;
      }
      order[j + 1] = v;
    }
  } else {
    order.sort((i, j) => x[i] - x[j] || y[i] - y[j]);
  }
  // Plain arrays: small typed arrays each cost an off-heap buffer.
  const gx: number[] = [];
  const count: number[] = [];
  const mean: number[] = [];
  const sd: number[] = [];
  let k = 0;
  for (let i = 0; i < n; i++) {
    const oi = order[i];
    if (i === 0 || x[oi] !== x[order[i - 1]]) {
      gx.push(x[oi]);
      count.push(0);
      mean.push(0);
      sd.push(0);
      k++;
    }
    count[k - 1]++;
    mean[k - 1] += y[oi];
  }
  for (let g = 0; g < k; g++) mean[g] /= count[g];
  for (let i = 0, g = -1; i < n; i++) {
    if (i === 0 || x[order[i]] !== x[order[i - 1]]) g++;
    const dev = y[order[i]] - mean[g];
    sd[g] += dev * dev;
  }
  for (let g = 0; g < k; g++) sd[g] = count[g] > 1 ? Math.sqrt(sd[g] / (count[g] - 1)) : NaN;
  return { x: gx, count, mean, sd, k };
}
