// Qualitative known answers: fixtures/mtt/edge-cases (synthetic). Normative: the flags and the
// absence of a reportable IC50; viability means at 1e-6 (numpy reference). The informational
// LL.4 numbers of the fixture are deliberately not checked (flat likelihoods).
import {
  describeWithFixtures,
  readFixtureJson,
  readFixtureText,
} from '../../../test/support/shared-fixtures';
import { normalizeMtt } from '../plate/normalize-mtt';
import { parseMttLongCsv } from '../plate/mtt-long-csv';
import { concentrationGroups } from './concentration-groups';
import { fitDoseResponse } from './fit-dose-response';
import { foldResistance } from './fold-resistance';
import { relativeMismatch } from './testing/compare-with-reference';

const DIR = ['mtt', 'edge-cases'];

describeWithFixtures('MTT edge cases: IC50 above range, inactive (numpy reference)', () => {
  const expected = readFixtureJson(...DIR, 'expected.json');
  const tol = expected.tolerance.viability_means_relative;

  const load = (name: string) => {
    const norm = normalizeMtt(parseMttLongCsv(readFixtureText(...DIR, `${name}_long.csv`)));
    const s = norm.series[0];
    const fit = fitDoseResponse(
      { concentrations: s.concentrations, responses: s.viabilityPct },
      { concentrationUnit: 'uM' },
    );
    return { norm, s, fit };
  };

  for (const name of ['ic50-above-range', 'inactive-flat']) {
    it(`${name}: normalisation and mean viability per concentration`, () => {
      const e = expected.expected[name];
      const { norm, s } = load(name);
      expect(norm.series).toHaveLength(1);
      expect(s.concentrations).toHaveLength(e.n_treated);
      const g = concentrationGroups(s.concentrations, s.viabilityPct);
      const mism: (string | null)[] = [
        relativeMismatch('blank', norm.blankMean, e.blank_mean_A, tol),
        relativeMismatch('vehicle', s.referenceMean, e.vehicle_mean_A_blank_corrected, tol),
      ];
      for (const [conc, mean] of Object.entries<number>(e.mean_viability_pct_by_conc_uM)) {
        const k = Array.from(g.x).indexOf(Number(conc));
        mism.push(
          k < 0 ? `no group at ${conc}` : relativeMismatch(`mean@${conc}`, g.mean[k], mean, tol),
        );
      }
      expect(Math.max(...s.concentrations)).toBe(e.max_tested_uM);
      expect(
        relativeMismatch('min mean', Math.min(...g.mean), e.min_mean_viability_pct, tol),
      ).toBeNull();
      expect(mism.filter(Boolean)).toEqual([]);
    });
  }

  it('ic50-above-range: flagged, reported as "> 200 uM", never as a number', () => {
    const e = expected.expected['ic50-above-range'].expected_outcome;
    const { fit } = load('ic50-above-range');
    expect(fit.flags).toContain(e.flag);
    expect(fit.flags).not.toContain('inactive');
    expect(fit.ic50).toBe(e.reportable_ic50);
    expect(fit.ic50Ci95).toBeNull();
    expect(fit.ic50Absolute).toBeNull();
    expect(fit.ic50Bound).toEqual({ relation: '>', concentration: 200 });
    expect(fit.ic50Display).toBe(e.report_as);
    // A concentration effect exists: the no-effect F test is significant.
    expect(fit.noEffectTest.pValue).toBeLessThan(0.05);
    // Fold-resistance against this line has no point estimate: it is a bound from the top dose.
    const other = { ic50: 2.2, seLnIc50: 0.08, df: 23 };
    const fr = foldResistance(fit, other);
    expect(fr.status).toBe('bound');
    expect(fr.ratio).toBeNull();
    expect(fr.ci95).toBeNull();
    expect(fr.bound).toEqual({ relation: '>', value: 200 / 2.2 });
    expect(fr.reason).toContain('> 200 uM');
    // Against another line known only as a bound the same way, it is not determinable.
    expect(foldResistance(fit, fit).status).toBe('not-determinable');
  });

  it('inactive-flat: flagged inactive, no fit numbers, no IC50', () => {
    const e = expected.expected['inactive-flat'];
    const { fit } = load('inactive-flat');
    expect(fit.flags).toContain(e.expected_outcome.flag);
    expect(fit.status).toBe('inactive');
    expect(fit.ic50).toBe(e.expected_outcome.reportable_ic50);
    expect(fit.parameters).toBeNull();
    expect(fit.ic50Ci95).toBeNull();
    expect(fit.rss).toBeNull();
    expect(fit.rSquared).toBeNull();
    expect(fit.ic50Display).toMatch(/^inactive/);
    expect(fit.noEffectTest.pValue).toBeGreaterThan(0.05);
    // Informational in the fixture; our optimum gives the same F test to 1e-6.
    expect(
      relativeMismatch(
        'F test p',
        fit.noEffectTest.pValue,
        e.informational_LL4.no_effect_F_test_approx.p_value,
        1e-6,
      ),
    ).toBeNull();
    expect(foldResistance(fit, { ic50: 2.2, seLnIc50: 0.08, df: 23 }).status).toBe(
      'not-determinable',
    );
  });
});
