// Metabolite formation: initial rate, Cmax and Tmax.
import { AnalysisError, assertFinite } from '../common/analysis-error';
import { provenance, withoutInputHashes, type Provenance } from '../common/provenance';
import { fitLine } from '../stats/linear-regression';
import { checkTimeCourse, meansByTime, type TimeCourse } from './time-series';

export interface MetaboliteFormationOptions {
  /**
   * End of the early linear phase, hours: points with t ≤ this are used for the initial rate.
   * Default: the first three distinct sampling times.
   */
  initialPhaseEndHours?: number;
  /** R² below which the initial phase is flagged as not linear. Default 0.98. */
  minRSquared?: number;
}

export interface MetaboliteFormationResult extends Provenance {
  /** Mean concentration at each distinct time (ascending), concentration unit of the input. */
  meansByTime: Array<{ timeHours: number; mean: number; n: number }>;
  /** Largest mean concentration over the time points. */
  cmax: number;
  /** Time of Cmax (the earliest, if tied), hours. */
  tmaxHours: number;
  /** Initial formation rate: OLS slope of concentration on time over the early phase, unit/h. */
  initialRatePerHour: number | null;
  initialRateSePerHour: number | null;
  initialRateRSquared: number | null;
  /** Times (distinct, hours) used for the initial rate and the number of points. */
  initialPhaseTimesHours: number[];
  initialPhaseN: number;
  flags: Array<'initial-phase-not-linear' | 'initial-phase-too-short' | 'cmax-at-last-time'>;
}

/**
 * Formation of a metabolite over time:
 * - Cmax = the largest per-time mean concentration, Tmax its time (earliest if tied);
 * - initial formation rate = OLS slope of concentration on time over all replicate points of
 *   the early linear phase (t ≤ `initialPhaseEndHours`, default the first three sampling times),
 *   with its SE and R² (flag 'initial-phase-not-linear' when R² < 0.98);
 * - 'cmax-at-last-time' when the maximum is the last sample (the true Cmax may be later).
 * Units: time in hours; concentration as given (µM for molar balances); rate in unit/h.
 * Reference: FOCUS (2006) Sanco/10058/2005 v2.0, §7 (metabolite formation); Gabrielsson &
 * Weiner, Pharmacokinetic and Pharmacodynamic Data Analysis (Cmax/Tmax from observed data).
 * @throws AnalysisError for malformed input (non-finite, negative times, unequal lengths,
 *   fewer than 2 points or times).
 */
export function metaboliteFormation(
  course: TimeCourse,
  options: MetaboliteFormationOptions = {},
): MetaboliteFormationResult {
  checkTimeCourse(course, 2, 2, 'course');
  const minRSquared = options.minRSquared ?? 0.98;
  assertFinite(minRSquared, 'minRSquared');
  const means = meansByTime(course);
  let best = 0;
  for (let i = 1; i < means.length; i++) if (means[i].mean > means[best].mean) best = i;
  let endHours: number;
  if (options.initialPhaseEndHours !== undefined) {
    assertFinite(options.initialPhaseEndHours, 'initialPhaseEndHours');
    if (options.initialPhaseEndHours < 0) {
      throw new AnalysisError(
        'BAD_OPTION',
        'initialPhaseEndHours must be ≥ 0',
        'initialPhaseEndHours',
      );
    }
    endHours = options.initialPhaseEndHours;
  } else {
    endHours = means[Math.min(2, means.length - 1)].timeHours;
  }
  const x: number[] = [];
  const y: number[] = [];
  course.timeHours.forEach((t, i) => {
    if (t <= endHours) {
      x.push(t);
      y.push(course.concentration[i]);
    }
  });
  const times = [...new Set(x)].sort((a, b) => a - b);
  const flags: MetaboliteFormationResult['flags'] = [];
  let rate: number | null = null;
  let rateSe: number | null = null;
  let r2: number | null = null;
  if (times.length < 2) {
    flags.push('initial-phase-too-short');
  } else {
    // Only the line's numbers are kept: its provenance is this result's.
    const fit = withoutInputHashes(() => fitLine(x, y));
    rate = fit.slope;
    rateSe = fit.slopeSe;
    r2 = fit.rSquared;
    if (r2 !== null && r2 < minRSquared) flags.push('initial-phase-not-linear');
  }
  if (best === means.length - 1) flags.push('cmax-at-last-time');
  return {
    meansByTime: means,
    cmax: means[best].mean,
    tmaxHours: means[best].timeHours,
    initialRatePerHour: rate,
    initialRateSePerHour: rateSe,
    initialRateRSquared: r2,
    initialPhaseTimesHours: times,
    initialPhaseN: x.length,
    flags,
    ...provenance(
      'kinetics-metabolite-formation',
      '1.0.0',
      { initialPhaseEndHours: endHours, minRSquared },
      { timeHours: course.timeHours, concentration: course.concentration },
    ),
  };
}
