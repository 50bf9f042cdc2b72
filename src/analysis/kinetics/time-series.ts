// Shared input checks and per-time means for concentration–time data.
import { AnalysisError, assertFiniteArray } from '../common/analysis-error';

/** Concentration–time observations (replicates as repeated times). */
export interface TimeCourse {
  /** Sampling times in hours since the start (≥ 0). */
  timeHours: readonly number[];
  /** Concentration at each time (one unit throughout, e.g. µM or % of applied). */
  concentration: readonly number[];
}

/**
 * Validates a time course: two arrays of finite numbers of equal length, times ≥ 0, at least
 * `minPoints` observations and `minDistinctTimes` distinct times.
 * @throws AnalysisError when any of these fails.
 */
export function checkTimeCourse(
  input: unknown,
  minPoints: number,
  minDistinctTimes: number,
  field = 'input',
): asserts input is TimeCourse {
  if (typeof input !== 'object' || input === null) {
    throw new AnalysisError('BAD_INPUT', `${field} must be an object`, field);
  }
  const { timeHours, concentration } = input as Record<string, unknown>;
  assertFiniteArray(timeHours, `${field}.timeHours`);
  assertFiniteArray(concentration, `${field}.concentration`);
  if (timeHours.length !== concentration.length) {
    throw new AnalysisError(
      'LENGTH_MISMATCH',
      `${field}: ${timeHours.length} times but ${concentration.length} concentrations`,
      `${field}.concentration`,
    );
  }
  for (let i = 0; i < timeHours.length; i++) {
    if (timeHours[i] < 0)
      throw new AnalysisError(
        'NEGATIVE_TIME',
        `${field}.timeHours[${i}] must be ≥ 0`,
        `${field}.timeHours[${i}]`,
      );
  }
  if (timeHours.length < minPoints) {
    throw new AnalysisError(
      'TOO_FEW_POINTS',
      `${field} needs at least ${minPoints} points, got ${timeHours.length}`,
      field,
    );
  }
  if (distinctCount(timeHours, minDistinctTimes) < minDistinctTimes) {
    throw new AnalysisError(
      'TOO_FEW_TIMES',
      `${field} needs at least ${minDistinctTimes} distinct times`,
      `${field}.timeHours`,
    );
  }
}

/** How many distinct values `values` holds, counting no further than `enough`. */
function distinctCount(values: readonly number[], enough: number): number {
  const seen: number[] = [];
  for (const v of values) {
    if (!seen.includes(v)) {
      seen.push(v);
      if (seen.length >= enough) break;
    }
  }
  return seen.length;
}

/**
 * Mean concentration at each distinct time, times ascending. Each time's concentrations are
 * summed in input order (the same sum, to the bit, whatever the grouping): a course has a few
 * distinct times, so they are found by a scan instead of a Map (docs/performance.md, "Kinetics
 * time courses without Maps").
 */
export function meansByTime(
  course: TimeCourse,
): Array<{ timeHours: number; mean: number; n: number }> {
  const times: number[] = [];
  const sums: number[] = [];
  const counts: number[] = [];
  const { timeHours, concentration } = course;
  for (let i = 0; i < timeHours.length; i++) {
    const t = timeHours[i];
    // SameValueZero, as a Map key: NaN is one time too (callers have refused it already).
    let g = t === t ? times.indexOf(t) : times.findIndex((x) => x !== x);
    if (g === -1) {
      g = times.length;
      // -0 is kept as 0, as a Map key is.
      times.push(t === 0 ? 0 : t);
      sums.push(0);
      counts.push(0);
    }
    sums[g] += concentration[i];
    counts[g] += 1;
  }
  const order = times.map((_, g) => g).sort((a, b) => times[a] - times[b]);
  return order.map((g) => ({ timeHours: times[g], mean: sums[g] / counts[g], n: counts[g] }));
}

/**
 * The mean concentration at time `t` (summed in input order, as {@link meansByTime} does), or
 * null when `t` was not sampled.
 */
export function meanAtTime(course: TimeCourse, t: number): number | null {
  let sum = 0;
  let n = 0;
  for (let i = 0; i < course.timeHours.length; i++) {
    if (course.timeHours[i] === t) {
      sum += course.concentration[i];
      n += 1;
    }
  }
  return n === 0 ? null : sum / n;
}
