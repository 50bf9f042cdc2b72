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
  timeHours.forEach((t, i) => {
    if (t < 0)
      throw new AnalysisError(
        'NEGATIVE_TIME',
        `${field}.timeHours[${i}] must be ≥ 0`,
        `${field}.timeHours[${i}]`,
      );
  });
  if (timeHours.length < minPoints) {
    throw new AnalysisError(
      'TOO_FEW_POINTS',
      `${field} needs at least ${minPoints} points, got ${timeHours.length}`,
      field,
    );
  }
  if (new Set(timeHours).size < minDistinctTimes) {
    throw new AnalysisError(
      'TOO_FEW_TIMES',
      `${field} needs at least ${minDistinctTimes} distinct times`,
      `${field}.timeHours`,
    );
  }
}

/** Mean concentration at each distinct time, times ascending. */
export function meansByTime(
  course: TimeCourse,
): Array<{ timeHours: number; mean: number; n: number }> {
  const groups = new Map<number, { sum: number; n: number }>();
  course.timeHours.forEach((t, i) => {
    const g = groups.get(t) ?? { sum: 0, n: 0 };
    g.sum += course.concentration[i];
    g.n += 1;
    groups.set(t, g);
  });
  return [...groups.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([timeHours, g]) => ({ timeHours, mean: g.sum / g.n, n: g.n }));
}
