import Papa from 'papaparse';
import {
  describeWithFixtures,
  readFixtureJson,
  readFixtureText,
} from '../../../test/support/shared-fixtures';
import { AnalysisError } from '../common/analysis-error';
import { chiSquareErrorLevel } from './chi-square-error';
import { analyzeDegradation } from './degradation-analysis';

// χ²(0.95, m) from printed tables / R qchisq: independent of the code under test.
const QCHISQ_95 = { 5: 11.070497693516351, 6: 12.591587243743977 };

function rows(...path: string[]): Record<string, string>[] {
  return Papa.parse<Record<string, string>>(readFixtureText(...path), {
    header: true,
    skipEmptyLines: true,
  }).data;
}

describeWithFixtures('FOCUS χ² error level against the kinetics fixtures', () => {
  it('FOCUS A (one value per time): err = 100·√(RSS/χ²(0.95, 6))/Ō from the reference fit', () => {
    const expected = readFixtureJson('kinetics', 'focus-a', 'expected.json');
    const data = rows('kinetics', 'focus-a', 'input_long.csv');
    const values = data.map((r) => Number(r.value));
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    const ref = expected.expected.SFO_nonlinear;
    const err = (100 * Math.sqrt(ref.rss / QCHISQ_95[6])) / mean;
    const r = analyzeDegradation({
      timeHours: data.map((x) => Number(x.time)),
      concentration: values,
    });
    const tol = expected.tolerance.SFO_relative as number;
    expect(r.sfoChiSquareError.df).toBe(6);
    expect(Math.abs(r.sfoChiSquareError.errorPercent! - err) / err).toBeLessThan(tol);
    expect(r.flags).not.toContain('poor-fit');
  });

  it('co-culture donor (triplicates averaged per time, df = 7 − 2)', () => {
    const expected = readFixtureJson('kinetics', 'coculture-donor', 'expected.json');
    const data = rows('kinetics', 'coculture-donor', 'timecourse_long.csv').filter(
      (r) => r.analyte === 'azathioprine' && r.condition === 'culture',
    );
    const ref = expected.expected.azathioprine.culture.SFO_nonlinear;
    const byTime = new Map<number, number[]>();
    for (const r of data) {
      const t = Number(r.time_h);
      byTime.set(t, [...(byTime.get(t) ?? []), Number(r.concentration_uM)]);
    }
    const means = [...byTime].map(([t, v]) => ({ t, m: v.reduce((a, b) => a + b, 0) / v.length }));
    const ss = means.reduce((s, x) => s + (ref.C0 * Math.exp(-ref.k * x.t) - x.m) ** 2, 0);
    const grand = means.reduce((s, x) => s + x.m, 0) / means.length;
    const err = (100 * Math.sqrt(ss / QCHISQ_95[5])) / grand;
    const r = analyzeDegradation({
      timeHours: data.map((x) => Number(x.time_h)),
      concentration: data.map((x) => Number(x.concentration_uM)),
    });
    expect(r.sfoChiSquareError).toMatchObject({ timepoints: 7, parameters: 2, df: 5 });
    expect(Math.abs(r.sfoChiSquareError.errorPercent! - err) / err).toBeLessThan(
      expected.tolerance.SFO_relative,
    );
    expect(r.flags).not.toContain('poor-fit');
  });

  it('FOCUS C (biphasic) fails the χ² test at 15 % under SFO and is flagged poor-fit', () => {
    const data = rows('public-extra', 'LC04_FOCUS2006_C_SFO', 'input_long.csv');
    const r = analyzeDegradation({
      timeHours: data.map((x) => Number(x.time)),
      concentration: data.map((x) => Number(x.value)),
    });
    expect(r.sfoChiSquareError.errorPercent!).toBeGreaterThan(15);
    expect(r.flags).toContain('poor-fit');
    expect(r.options).toMatchObject({ chiSquareAlpha: 0.05, poorFitErrorMaxPercent: 15 });
  });
});

describe('chiSquareErrorLevel', () => {
  const t = [0, 1, 2, 4, 8, 24, 48];
  const sfo = (x: number) => 50 * Math.exp(-0.1 * x);

  it('is 0 for an exact fit and grows with the scatter around the curve', () => {
    const exact = chiSquareErrorLevel({ timeHours: t, concentration: t.map(sfo) }, sfo, 2);
    expect(exact.errorPercent).toBe(0);
    // ±2 µM alternating about a curve whose per-time mean is ~19 µM.
    const noisy = t.map((x, i) => sfo(x) + (i % 2 ? 2 : -2));
    const r = chiSquareErrorLevel({ timeHours: t, concentration: noisy }, sfo, 2);
    const mean = noisy.reduce((a, b) => a + b, 0) / noisy.length;
    expect(r.df).toBe(5);
    expect(r.chiSquareQuantile!).toBeCloseTo(QCHISQ_95[5], 10);
    expect(r.errorPercent!).toBeCloseTo((100 * Math.sqrt((7 * 4) / QCHISQ_95[5])) / mean, 10);
  });

  it('averages replicates: each time counts once', () => {
    const times = t.flatMap((x) => [x, x]);
    const conc = t.flatMap((x) => [sfo(x) - 1, sfo(x) + 1]);
    const r = chiSquareErrorLevel({ timeHours: times, concentration: conc }, sfo, 2);
    expect(r.timepoints).toBe(7);
    expect(r.errorPercent).toBeCloseTo(0, 12);
  });

  it('a stricter alpha needs a larger χ² quantile, so a smaller error level', () => {
    const noisy = t.map((x, i) => sfo(x) * (i % 2 ? 1.1 : 0.9));
    const a = chiSquareErrorLevel({ timeHours: t, concentration: noisy }, sfo, 2);
    const b = chiSquareErrorLevel({ timeHours: t, concentration: noisy }, sfo, 2, { alpha: 0.01 });
    expect(b.errorPercent!).toBeLessThan(a.errorPercent!);
  });

  it('no degrees of freedom (2 times, 2 parameters) or a mean ≤ 0: no error level', () => {
    expect(chiSquareErrorLevel({ timeHours: [0, 1], concentration: [2, 1] }, sfo, 2)).toMatchObject(
      { errorPercent: null, df: 0, chiSquareQuantile: null },
    );
    expect(
      chiSquareErrorLevel({ timeHours: [0, 1, 2], concentration: [0, 0, 0] }, () => 0, 2)
        .errorPercent,
    ).toBeNull();
  });

  it('throws AnalysisError on malformed input', () => {
    const c = { timeHours: [0, 1, 2], concentration: [3, 2, 1] };
    expect(() => chiSquareErrorLevel(c, sfo, 2, { alpha: 1 })).toThrow(AnalysisError);
    expect(() => chiSquareErrorLevel(c, sfo, 0)).toThrow(AnalysisError);
    expect(() => chiSquareErrorLevel(c, () => NaN, 2)).toThrow(AnalysisError);
    expect(() => chiSquareErrorLevel({ timeHours: [], concentration: [] }, sfo, 2)).toThrow(
      AnalysisError,
    );
  });
});

describe('analyzeDegradation poor-fit flag', () => {
  const t = [0, 1, 2, 4, 8, 24, 48];

  it('a clean SFO decline passes; a scatter of ±40 % about it is flagged poor-fit', () => {
    const clean = t.map((x) => 50 * Math.exp(-0.1 * x) * (1 + 0.01 * Math.sin(x)));
    const good = analyzeDegradation({ timeHours: t, concentration: clean });
    expect(good.sfoChiSquareError.errorPercent!).toBeLessThan(15);
    expect(good.flags).not.toContain('poor-fit');
    const scattered = t.map((x, i) => 50 * Math.exp(-0.1 * x) * (i % 2 ? 1.4 : 0.6));
    const bad = analyzeDegradation({ timeHours: t, concentration: scattered });
    expect(bad.sfoChiSquareError.errorPercent!).toBeGreaterThan(15);
    expect(bad.flags).toContain('poor-fit');
  });

  it('the limit is an option: the same fit passes at a looser limit', () => {
    const scattered = t.map((x, i) => 50 * Math.exp(-0.1 * x) * (i % 2 ? 1.4 : 0.6));
    const r0 = analyzeDegradation({ timeHours: t, concentration: scattered });
    const loose = analyzeDegradation(
      { timeHours: t, concentration: scattered },
      { poorFitErrorMaxPercent: r0.sfoChiSquareError.errorPercent! + 1 },
    );
    expect(loose.flags).not.toContain('poor-fit');
    expect(loose.poorFitErrorMaxPercent).toBeCloseTo(r0.sfoChiSquareError.errorPercent! + 1, 12);
    expect(loose.inputHash).toBe(r0.inputHash);
    expect(() =>
      analyzeDegradation({ timeHours: t, concentration: scattered }, { poorFitErrorMaxPercent: 0 }),
    ).toThrow(AnalysisError);
  });
});
