import fc from 'fast-check';
import { AnalysisError } from '../common/analysis-error';
import { molarMassBalance } from './mass-balance';
import { checkTimeCourse, meanAtTime, meansByTime, type TimeCourse } from './time-series';

/** The grouping by a Map that meansByTime used to be: the reference its answers must equal. */
function meansByTimeWithMap(course: TimeCourse) {
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

// Sampling times drawn from a few values (replicates repeat them, in any order, -0 among
// them), concentrations from the whole range of doubles a course may hold.
const courses = fc
  .array(
    fc.tuple(
      fc.constantFrom(0, -0, 0.5, 1, 2, 4, 8, 24, 48, 1e-9, 168),
      fc.double({ min: -1e12, max: 1e12, noNaN: true }),
    ),
    { minLength: 1, maxLength: 40 },
  )
  .map((pairs) => ({
    timeHours: pairs.map((p) => p[0]),
    concentration: pairs.map((p) => p[1]),
  }));

describe('time courses: means by time', () => {
  it('gives the same means, to the bit, as grouping with a Map', () => {
    fc.assert(
      fc.property(courses, (course) => {
        expect(meansByTime(course)).toEqual(meansByTimeWithMap(course));
      }),
      { numRuns: 2000 },
    );
  });

  it('groups NaN times as a Map does (exported: its callers refuse them first)', () => {
    const course = { timeHours: [NaN, 1, NaN, 1], concentration: [1, 2, 3, 4] };
    expect(meansByTime(course)).toEqual(meansByTimeWithMap(course));
    expect(meansByTime(course)).toHaveLength(2);
  });

  it('gives the mean at one time as the means by time give it, or null when not sampled', () => {
    fc.assert(
      fc.property(courses, fc.constantFrom(0, 1, 3, 48, 168), (course, t) => {
        const m = meansByTimeWithMap(course).find((g) => g.timeHours === t);
        expect(meanAtTime(course, t)).toBe(m === undefined ? null : m.mean);
      }),
      { numRuns: 2000 },
    );
  });

  it('answers a mass balance from the means at 0 and at the time asked', () => {
    const parent = {
      name: 'aza',
      timeHours: [0, 0, 24, 24],
      concentrationMicromolar: [50, 52, 20, 22],
    };
    const metabolite = {
      name: '6-MP',
      timeHours: [0, 24, 24],
      concentrationMicromolar: [0, 9, 11],
    };
    const r = molarMassBalance(parent, [metabolite], 24);
    expect(r.parentLostMicromolar).toBe(51 - 21);
    expect(r.metabolitesFormedMicromolar).toEqual([{ name: '6-MP', micromolar: 10 }]);
    expect(r.balancePercent).toBeCloseTo((100 * 10) / 30, 12);
    expect(molarMassBalance(parent, [metabolite], 12).status).toBe('time-not-sampled');
  });
});

describe('time courses: checks', () => {
  const refusal = (course: unknown, minPoints: number, minTimes: number) => {
    try {
      checkTimeCourse(course, minPoints, minTimes, 'course');
      return null;
    } catch (e) {
      if (!(e instanceof AnalysisError)) throw e;
      return [e.code, e.message];
    }
  };

  it('names the first negative time', () => {
    expect(refusal({ timeHours: [0, 1, -2, -3], concentration: [1, 1, 1, 1] }, 1, 1)).toEqual([
      'NEGATIVE_TIME',
      'course.timeHours[2] must be ≥ 0',
    ]);
  });

  it('counts distinct times as a Set does (0 and -0 are one time)', () => {
    expect(refusal({ timeHours: [0, -0, 0], concentration: [1, 2, 3] }, 1, 2)?.[0]).toBe(
      'TOO_FEW_TIMES',
    );
    expect(refusal({ timeHours: [0, 1, 1], concentration: [1, 2, 3] }, 1, 2)).toBeNull();
    expect(refusal({ timeHours: [], concentration: [] }, 0, 1)?.[0]).toBe('TOO_FEW_TIMES');
    expect(refusal({ timeHours: [], concentration: [] }, 0, 0)).toBeNull();
    fc.assert(
      fc.property(courses, fc.integer({ min: 0, max: 6 }), (course, k) => {
        const tooFew = new Set(course.timeHours).size < k;
        expect(refusal(course, 0, k)?.[0] ?? null).toBe(tooFew ? 'TOO_FEW_TIMES' : null);
      }),
    );
  });
});
