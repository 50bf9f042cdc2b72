// Known answers: synthetic MK571 reversal plates (fixtures/efflux/mk571-reversal). Reference
// numbers from scipy 1.17.1 least_squares 'lm' (ln e, s²(JᵀJ)⁻¹) and numpy; point estimates
// cross-checked with R drc 3.2-0. Tolerances from the expected.json.
import {
  describeWithFixtures,
  readFixtureJson,
  readFixtureText,
} from '../../../test/support/shared-fixtures';
import { normalizeMtt, NormalizedMtt } from '../plate/normalize-mtt';
import { parseMttLongCsv } from '../plate/mtt-long-csv';
import { plateQcFromMtt } from '../plate/plate-qc';
import { effluxReversal } from './efflux-reversal';
import { DoseResponseFit, fitDoseResponse } from './fit-dose-response';
import { Ic50Ratio } from './fold-resistance';
import { compareLogLogisticFit, relativeMismatch } from './testing/compare-with-reference';

const DIR = ['efflux', 'mk571-reversal'];
const MK571 = 'MK571 25 uM';

describeWithFixtures('efflux MK571 reversal (scipy 1.17.1 / numpy, drc 3.2-0 cross-check)', () => {
  const expected = readFixtureJson(...DIR, 'expected.json');
  const tol = expected.tolerance;
  const E = expected.expected;
  const plates = {
    resistant: parseMttLongCsv(readFixtureText(...DIR, 'plate1_resistant_long.csv')),
    parental: parseMttLongCsv(readFixtureText(...DIR, 'plate2_parental_long.csv')),
  };
  const norm: Record<string, NormalizedMtt> = {
    resistant: normalizeMtt(plates.resistant),
    parental: normalizeMtt(plates.parental),
  };
  const fit = (line: 'resistant' | 'parental', inhibitor: string | null): DoseResponseFit => {
    const s = norm[line].series.find((x) => x.line === line && x.inhibitor === inhibitor)!;
    return fitDoseResponse({ concentrations: s.concentrations, responses: s.viabilityPct });
  };
  const fits = {
    resistant: fit('resistant', null),
    resistantMk: fit('resistant', MK571),
    parental: fit('parental', null),
    parentalMk: fit('parental', MK571),
  };

  for (const line of ['resistant', 'parental'] as const) {
    it(`${line}: each plate normalised to its own blanks and its line's vehicle wells`, () => {
      for (const key of ['no_inhibitor', 'MK571_25uM']) {
        const e = E[line][key];
        const series = norm[line].series.find(
          (s) => s.inhibitor === (key === 'no_inhibitor' ? null : MK571),
        )!;
        expect(
          [
            relativeMismatch(
              'blank',
              norm[line].blankMean,
              e.blank_mean_A,
              tol.closed_form_relative,
            ),
            relativeMismatch(
              'vehicle',
              series.referenceMean,
              e.vehicle_mean_A_blank_corrected,
              tol.closed_form_relative,
            ),
          ].filter(Boolean),
        ).toEqual([]);
        expect(series.referenceRole).toBe('vehicle');
        expect(series.concentrations).toHaveLength(e.n_treated);
      }
    });

    it(`${line}: LL.4 fits without and with MK571`, () => {
      const [a, b] =
        line === 'resistant'
          ? [fits.resistant, fits.resistantMk]
          : [fits.parental, fits.parentalMk];
      expect(compareLogLogisticFit(a, E[line].no_inhibitor.LL4, tol)).toEqual([]);
      expect(compareLogLogisticFit(b, E[line].MK571_25uM.LL4, tol)).toEqual([]);
    });

    it(`${line}: +MK571 series normalised to the inhibitor-only wells instead`, () => {
      const e = E[line].MK571_25uM.LL4_normalised_to_inhibitor_only;
      const alt = normalizeMtt(plates[line], { inhibitorSeriesReference: 'inhibitor-only' });
      const s = alt.series.find((x) => x.inhibitor === MK571)!;
      expect(s.referenceRole).toBe('inhibitor-only');
      const f = fitDoseResponse({ concentrations: s.concentrations, responses: s.viabilityPct });
      const P = tol.b_c_d_ic50_relative;
      expect(
        [
          relativeMismatch('b', f.parameters!.b.estimate, e.b, P),
          relativeMismatch('c', f.parameters!.c.estimate, e.c, P),
          relativeMismatch('d', f.parameters!.d.estimate, e.d, P),
          relativeMismatch('e', f.ic50, e.e, P),
          relativeMismatch('absolute', f.ic50Absolute, e.ic50_absolute_50pct, P),
          relativeMismatch('rss', f.rss, e.rss, tol.rss_r2_relative),
          relativeMismatch('R²', f.rSquared, e.r_squared, tol.rss_r2_relative),
        ].filter(Boolean),
      ).toEqual([]);
    });

    it(`${line}: inhibitor-only toxicity check (≥ 80 % of vehicle)`, () => {
      const e = E[line].MK571_25uM.inhibitor_only_check;
      const check = norm[line].inhibitorOnly.find((c) => c.inhibitor === MK571)!;
      expect(check.nWells).toBe(e.n_wells);
      const c = tol.closed_form_relative;
      expect(
        [
          relativeMismatch('mean', check.meanBlankCorrected, e.mean_A_blank_corrected, c),
          relativeMismatch('pct', check.viabilityPctOfVehicle, e.viability_pct_of_vehicle, c),
        ].filter(Boolean),
      ).toEqual([]);
      expect((check.viabilityPctOfVehicle as number) >= e.threshold_pct).toBe(e.pass);
    });

    it(`${line}: plate QC`, () => {
      const qc = plateQcFromMtt(plates[line]).overall;
      const e = E[line].plate_qc;
      const c = tol.closed_form_relative;
      expect([qc.vehicle.n, qc.positive.n, qc.blank.n]).toEqual([
        e.n_vehicle,
        e.n_positive,
        e.n_blank,
      ]);
      expect(
        [
          relativeMismatch('mean vehicle', qc.vehicle.mean, e.mean_vehicle, c),
          relativeMismatch('sd vehicle', qc.vehicle.sd, e.sd_vehicle, c),
          relativeMismatch('mean positive', qc.positive.mean, e.mean_positive, c),
          relativeMismatch('sd positive', qc.positive.sd, e.sd_positive, c),
          relativeMismatch('mean blank', qc.blank.mean, e.mean_blank, c),
          relativeMismatch('sd blank', qc.blank.sd, e.sd_blank, c),
          relativeMismatch("Z' pos", qc.zPrimeVehicleVsPositive, e.zprime_vehicle_vs_positive, c),
          relativeMismatch("Z' blank", qc.zPrimeVehicleVsBlank, e.zprime_vehicle_vs_blank, c),
          relativeMismatch('S/B', qc.signalToBackground, e.signal_to_blank_vehicle_over_blank, c),
          relativeMismatch('CV vehicle', qc.vehicle.cvPct, e.cv_pct_vehicle, c),
          relativeMismatch('CV positive', qc.positive.cvPct, e.cv_pct_positive, c),
        ].filter(Boolean),
      ).toEqual([]);
    });
  }

  interface ExpectedRatio {
    ratio: number;
    ln_ratio: number;
    se_ln_ratio: number;
    df: number;
    t_quantile_0975: number;
    ci95_logscale_t: [number, number];
    ci95_logscale_z: [number, number];
  }
  const compareRatio = (r: Ic50Ratio, e: ExpectedRatio): string[] =>
    [
      relativeMismatch('ratio', r.ratio, e.ratio, tol.fold_ratio_relative),
      relativeMismatch('ln ratio', r.lnRatio, e.ln_ratio, tol.fold_ratio_relative),
      relativeMismatch('SE', r.seLnRatio, e.se_ln_ratio, tol.se_and_ci_relative),
      relativeMismatch('t', r.tQuantile, e.t_quantile_0975, tol.closed_form_relative),
      r.df === e.df ? null : `df ${r.df}`,
      relativeMismatch('t CI low', r.ci95?.[0], e.ci95_logscale_t[0], tol.fold_ci_relative),
      relativeMismatch('t CI high', r.ci95?.[1], e.ci95_logscale_t[1], tol.fold_ci_relative),
      relativeMismatch(
        'z CI low',
        r.ci95LogscaleZ?.[0],
        e.ci95_logscale_z[0],
        tol.fold_ci_relative,
      ),
      relativeMismatch(
        'z CI high',
        r.ci95LogscaleZ?.[1],
        e.ci95_logscale_z[1],
        tol.fold_ci_relative,
      ),
    ].filter((m): m is string => m !== null);

  it('reversal folds, fold-resistance with and without MK571, % restoration, verdict', () => {
    const result = effluxReversal({
      resistant: fits.resistant,
      resistantWithInhibitor: fits.resistantMk,
      parental: fits.parental,
      parentalWithInhibitor: fits.parentalMk,
      inhibitorOnlyViabilityPct: {
        resistant: norm.resistant.inhibitorOnly[0].viabilityPctOfVehicle,
        parental: norm.parental.inhibitorOnly[0].viabilityPctOfVehicle,
      },
    });
    expect(compareRatio(result.reversalFoldResistant, E.reversal_fold_resistant)).toEqual([]);
    expect(compareRatio(result.reversalFoldParental!, E.reversal_fold_parental)).toEqual([]);
    expect(compareRatio(result.foldResistance, E.fold_resistance_without_inhibitor)).toEqual([]);
    expect(
      compareRatio(result.foldResistanceWithInhibitor, E.fold_resistance_with_inhibitor),
    ).toEqual([]);
    expect(
      relativeMismatch(
        '% restoration',
        result.percentRestoration,
        E.percent_restoration,
        tol.fold_ratio_relative,
      ),
    ).toBeNull();
    expect(result.verdict).toBe(E.classification);
    expect(result.decidedBy).toBe('reversal-ci');
    expect(result.inhibitorToxicityPass).toBe(E.inhibitor_toxicity_check_all_pass);
    expect(JSON.parse(JSON.stringify(result))).toEqual(result);
  });
});
