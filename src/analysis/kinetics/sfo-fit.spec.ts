import Papa from 'papaparse';
import fc from 'fast-check';
import {
  describeWithFixtures,
  readFixtureJson,
  readFixtureText,
} from '../../../test/support/shared-fixtures';
import { AnalysisError } from '../common/analysis-error';
import { findJsonHazard } from '../stats/json-safe';
import { fitSfo, type SfoFitResult } from './sfo-fit';
import type { TimeCourse } from './time-series';

// fc.anything() minus objects whose toString/valueOf is not a function: String() of such an
// object throws a TypeError inside common/analysis-error.ts (reported to the lead, not ours).
const anyValue = () =>
  fc.anything({ key: fc.string().filter((k) => k !== 'toString' && k !== 'valueOf') });

/** Parsed expected.json (untyped JSON). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- expected.json is untyped JSON
type FixtureJson = any;

function expectClose(actual: number | null | undefined, expected: number, rel: number): void {
  expect(actual).not.toBeNull();
  expect(actual).not.toBeUndefined();
  expect(Math.abs((actual as number) - expected)).toBeLessThanOrEqual(rel * Math.abs(expected));
}

/** FOCUS files: time in days → hours (the API's unit); rates per day = 24 × per hour. */
function readFocusCourse(...path: string[]): TimeCourse {
  const rows = Papa.parse<{ time: string; value: string }>(readFixtureText(...path), {
    header: true,
    skipEmptyLines: true,
  }).data;
  return {
    timeHours: rows.map((r) => 24 * Number(r.time)),
    concentration: rows.map((r) => Number(r.value)),
  };
}

/** Co-culture CSV: one analyte × condition as a time course in hours (µM). */
function readCocultureCourse(condition: string, analyte: string): TimeCourse {
  const rows = Papa.parse<Record<string, string>>(
    readFixtureText('kinetics', 'coculture-donor', 'timecourse_long.csv'),
    {
      header: true,
      skipEmptyLines: true,
    },
  ).data.filter((r) => r.condition === condition && r.analyte === analyte);
  return {
    timeHours: rows.map((r) => Number(r.time_h)),
    concentration: rows.map((r) => Number(r.concentration_uM)),
  };
}

/** Checks an SFO result against an expected block; `perDay` converts hour-based results to days. */
function checkSfo(r: SfoFitResult, e: FixtureJson, tol: number, perDay: boolean): void {
  const rate = perDay ? 24 : 1; // k per day = 24 · k per hour
  const time = perDay ? 1 / 24 : 1; // days = hours / 24
  expect(r.status).toBe('converged');
  expectClose(r.c0, e.C0, tol);
  expectClose(r.c0Se, e.C0_se, tol);
  expectClose(r.rateConstantPerHour * rate, e.k, tol);
  expectClose(r.rateConstantSePerHour! * rate, e.k_se, tol);
  const kci = e.k_ci95_wald_t ?? e.k_ci95_wald;
  expectClose(r.rateConstantCiPerHour![0] * rate, kci[0], tol);
  expectClose(r.rateConstantCiPerHour![1] * rate, kci[1], tol);
  expectClose(r.halfLifeHours! * time, e.half_life, tol);
  expectClose(r.halfLifeSeHours! * time, e.half_life_se_delta, tol);
  expectClose(r.dt90Hours! * time, e.DT90, tol);
  expectClose(r.rss, e.rss, tol);
  expect(r.df).toBe(e.df);
  if (e.half_life_ci95_from_k_ci) {
    expectClose(r.halfLifeCiHours![0] * time, e.half_life_ci95_from_k_ci[0], tol);
    expectClose(r.halfLifeCiHours![1]! * time, e.half_life_ci95_from_k_ci[1], tol);
  }
  if (e.t_quantile_0975) expectClose(r.tQuantile, e.t_quantile_0975, 1e-10);
  expect(findJsonHazard(r)).toBeNull();
  expect(JSON.parse(JSON.stringify(r))).toEqual(r);
}

describeWithFixtures(
  'kinetics/focus-a fixture (scipy least_squares lm = R minpack.lm nlsLM; FOCUS tools)',
  () => {
    it('SFO nonlinear: C0 109.153, k 0.0372177 /d, DT50 18.624 d, SE, CI, RSS', () => {
      const fx = readFixtureJson('kinetics', 'focus-a', 'expected.json');
      const r = fitSfo(readFocusCourse('kinetics', 'focus-a', 'input_long.csv'));
      checkSfo(r, fx.expected.SFO_nonlinear, fx.tolerance.SFO_relative, true);
      // The FOCUS tool comparison (8–11 packages) at its printed precision.
      expect((r.halfLifeHours! / 24).toFixed(2)).toBe('18.62');
      expect((r.dt90Hours! / 24).toFixed(2)).toBe('61.87');
    });
  },
);

describeWithFixtures('public-extra/LC04 FOCUS 2006 B and C, SFO (R minpack.lm 1.2-3 nlsLM)', () => {
  it.each(['LC04_FOCUS2006_B_SFO', 'LC04_FOCUS2006_C_SFO'])('%s', (name) => {
    const fx = readFixtureJson('public-extra', name, 'expected.json').reference;
    const r = fitSfo(readFocusCourse('public-extra', name, 'input_long.csv'));
    // README: nonlinear SFO ≤ 0.1 % relative.
    checkSfo(r, fx.nonlinear_SFO_OLS, 1e-3, true);
  });
});

describeWithFixtures(
  'kinetics/coculture-donor fixture, SFO (scipy 1.17.1 least_squares lm)',
  () => {
    it.each(['culture', 'abiotic'])('azathioprine, %s: 21 replicate points', (condition) => {
      const fx = readFixtureJson('kinetics', 'coculture-donor', 'expected.json');
      const e = fx.expected.azathioprine[condition];
      const r = fitSfo(readCocultureCourse(condition, 'azathioprine'));
      expect(r.n).toBe(e.n);
      checkSfo(r, e.SFO_nonlinear, fx.tolerance.SFO_relative, false);
      expectClose(
        r.percentRemainingAtLastTime,
        e.percent_remaining_at_48h,
        fx.tolerance.closed_form_relative,
      );
      expect(r.lastTimeHours).toBe(48);
    });
  },
);

describe('fitSfo properties and edge cases', () => {
  const times = [0, 1, 2, 4, 8, 24, 48];

  it('recovers C0 and k from noise-free data (fast-check)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1, max: 1000, noNaN: true }),
        fc.double({ min: 0.005, max: 1, noNaN: true }),
        (c0, k) => {
          const r = fitSfo({
            timeHours: times,
            concentration: times.map((t) => c0 * Math.exp(-k * t)),
          });
          expect(r.status).toBe('converged');
          expect(Math.abs(r.c0 - c0)).toBeLessThanOrEqual(1e-6 * c0);
          expect(Math.abs(r.rateConstantPerHour - k)).toBeLessThanOrEqual(1e-6 * k);
        },
      ),
    );
  });

  it('permuting the observations changes nothing; scaling time by s scales k by 1/s', () => {
    const c = [50, 44, 41, 33, 25, 7, 1.2];
    const a = fitSfo({ timeHours: times, concentration: c });
    const b = fitSfo({ timeHours: [...times].reverse(), concentration: [...c].reverse() });
    expect(Math.abs(b.rateConstantPerHour - a.rateConstantPerHour)).toBeLessThanOrEqual(
      1e-9 * a.rateConstantPerHour,
    );
    expect(Math.abs(b.rateConstantSePerHour! - a.rateConstantSePerHour!)).toBeLessThanOrEqual(
      1e-6 * a.rateConstantSePerHour!,
    );
    const minutes = fitSfo({ timeHours: times.map((t) => t * 60), concentration: c });
    expect(Math.abs(minutes.rateConstantPerHour * 60 - a.rateConstantPerHour)).toBeLessThanOrEqual(
      1e-8 * a.rateConstantPerHour,
    );
  });

  it('two points: exact fit without SEs; no decay flagged with null half-life', () => {
    const two = fitSfo({ timeHours: [0, 10], concentration: [100, 50] });
    expect(two.rateConstantPerHour).toBeCloseTo(Math.LN2 / 10, 10);
    expect(two.rateConstantSePerHour).toBeNull();
    expect(two.flags).toContain('no-residual-df');
    const rising = fitSfo({ timeHours: [0, 1, 2, 4], concentration: [10, 12, 15, 21] });
    expect(rising.flags).toContain('no-decay');
    expect(rising.halfLifeHours).toBeNull();
    expect(findJsonHazard(rising)).toBeNull();
    const noZero = fitSfo({ timeHours: [1, 2, 4, 8], concentration: [90, 80, 66, 44] });
    expect(noZero.flags).toContain('no-time-zero');
  });

  it('malformed input throws AnalysisError only (fast-check)', () => {
    expect(() => fitSfo({ timeHours: [0], concentration: [1] })).toThrow(AnalysisError);
    expect(() => fitSfo({ timeHours: [1, 1, 1], concentration: [1, 2, 3] })).toThrow(AnalysisError);
    expect(() => fitSfo({ timeHours: [0, 1], concentration: [1, NaN] })).toThrow(AnalysisError);
    expect(() => fitSfo({ timeHours: [0, -1], concentration: [1, 2] })).toThrow(AnalysisError);
    expect(() => fitSfo({ timeHours: [0, 1], concentration: [1, Infinity] })).toThrow(
      AnalysisError,
    );
    fc.assert(
      fc.property(anyValue(), (x) => {
        try {
          fitSfo(x as never);
        } catch (e) {
          expect(e).toBeInstanceOf(AnalysisError);
        }
      }),
    );
    const pt = fc.tuple(fc.double({ min: 0, max: 1e3, noNaN: true }), fc.double({ noNaN: true }));
    fc.assert(
      fc.property(fc.array(pt, { maxLength: 10 }), (pts) => {
        try {
          const r = fitSfo({
            timeHours: pts.map((p) => p[0]),
            concentration: pts.map((p) => p[1]),
          });
          expect(findJsonHazard(r)).toBeNull();
        } catch (e) {
          expect(e).toBeInstanceOf(AnalysisError);
        }
      }),
    );
  });
});
