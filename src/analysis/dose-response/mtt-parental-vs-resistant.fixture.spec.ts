// Known answers: synthetic 96-well MTT plate (fixtures/mtt/parental-vs-resistant). Reference
// numbers from scipy 1.17.1 least_squares 'lm' (parameter ln e, SE from s²(JᵀJ)⁻¹) and numpy,
// point estimates cross-checked with R drc 3.2-0. Tolerances from the expected.json.
import {
  describeWithFixtures,
  readFixtureJson,
  readFixtureText,
} from '../../../test/support/shared-fixtures';
import { normalizeMtt } from '../plate/normalize-mtt';
import { parseMttLongCsv } from '../plate/mtt-long-csv';
import { plateQcFromMtt } from '../plate/plate-qc';
import { DoseResponseFit, fitDoseResponse } from './fit-dose-response';
import { foldResistance } from './fold-resistance';
import { compareLogLogisticFit } from './testing/compare-with-reference';

const DIR = ['mtt', 'parental-vs-resistant'];

function expectRel(actual: number | null | undefined, expected: number, tol: number): void {
  expect(actual).not.toBeNull();
  expect(actual).not.toBeUndefined();
  const err = Math.abs((actual as number) - expected) / Math.abs(expected);
  if (err > tol)
    throw new Error(`got ${actual}, expected ${expected} (rel. error ${err} > ${tol})`);
}

describeWithFixtures(
  'MTT parental vs resistant (scipy 1.17.1 / numpy, drc 3.2-0 cross-check)',
  () => {
    const expected = readFixtureJson(...DIR, 'expected.json');
    const tol = expected.tolerance;
    const plate = parseMttLongCsv(readFixtureText(...DIR, 'long.csv'));
    const norm = normalizeMtt(plate);
    const fits: Record<string, DoseResponseFit> = {};

    for (const line of ['parental', 'resistant']) {
      const exp = expected.expected[line];
      const series = () => norm.series.find((s) => s.line === line && s.inhibitor === null)!;

      it(`${line}: normalisation A570 − A650, blank mean, vehicle mean`, () => {
        expectRel(norm.blankMean, exp.blank_mean_A, tol.closed_form_relative);
        expect(norm.nBlank).toBe(exp.n_blank);
        const summary = norm.lines.find((l) => l.line === line)!;
        expectRel(
          summary.vehicleMean,
          exp.vehicle_mean_A_blank_corrected,
          tol.closed_form_relative,
        );
        expect(summary.nVehicle).toBe(exp.n_vehicle);
        expect(series().concentrations).toHaveLength(exp.n_treated);
        expect(norm.referenceWavelengthSubtracted).toBe(true);
      });

      for (const model of ['LL4', 'LL3'] as const) {
        it(`${line}: ${model} fit of the treated wells`, () => {
          const s = series();
          const fit = fitDoseResponse(
            { concentrations: s.concentrations, responses: s.viabilityPct },
            { model, concentrationUnit: 'µM' },
          );
          expect(compareLogLogisticFit(fit, exp[model], tol)).toEqual([]);
          expect(fit.ic50Bound).toBeNull();
          if (model === 'LL4') {
            expect(exp.ic50_within_tested_range).toBe(true);
            expect(fit.flags).not.toContain('ic50-above-range');
            expect(fit.flags).not.toContain('ic50-below-range');
            fits[line] = fit;
          }
        });
      }

      it(`${line}: plate QC (Z′, S/B, CV) on A570 − A650`, () => {
        const qc = plateQcFromMtt(plate).byLine.find((c) => c.line === line)!;
        const e = exp.plate_qc;
        const c = tol.closed_form_relative;
        expect(qc.vehicle.n).toBe(e.n_vehicle);
        expect(qc.positive.n).toBe(e.n_positive);
        expect(qc.blank.n).toBe(e.n_blank);
        expectRel(qc.vehicle.mean, e.mean_vehicle, c);
        expectRel(qc.vehicle.sd, e.sd_vehicle, c);
        expectRel(qc.positive.mean, e.mean_positive, c);
        expectRel(qc.positive.sd, e.sd_positive, c);
        expectRel(qc.blank.mean, e.mean_blank, c);
        expectRel(qc.blank.sd, e.sd_blank, c);
        expectRel(qc.zPrimeVehicleVsPositive, e.zprime_vehicle_vs_positive, c);
        expectRel(qc.zPrimeVehicleVsBlank, e.zprime_vehicle_vs_blank, c);
        expectRel(qc.signalToBackground, e.signal_to_blank_vehicle_over_blank, c);
        expectRel(qc.vehicle.cvPct, e.cv_pct_vehicle, c);
        expectRel(qc.positive.cvPct, e.cv_pct_positive, c);
        expect(qc.zPrimeClass).toBe('good');
      });
    }

    it('fold-resistance R/P with the t(df_R + df_P) log-scale CI and the z CI', () => {
      const fr = foldResistance(fits.resistant, fits.parental);
      const e = expected.expected.fold_resistance;
      expect(fr.status).toBe('determined');
      expectRel(fr.ratio, e.ratio, tol.fold_ratio_relative);
      expectRel(fr.lnRatio, e.ln_ratio, tol.fold_ratio_relative);
      expectRel(fr.seLnRatio, e.se_ln_ratio, tol.se_and_ci_relative);
      expect(fr.df).toBe(e.df);
      expectRel(fr.tQuantile, e.t_quantile_0975, tol.closed_form_relative);
      expectRel(fr.ci95![0], e.ci95_logscale_t[0], tol.fold_ci_relative);
      expectRel(fr.ci95![1], e.ci95_logscale_t[1], tol.fold_ci_relative);
      expectRel(fr.ci95LogscaleZ![0], e.ci95_logscale_z[0], tol.fold_ci_relative);
      expectRel(fr.ci95LogscaleZ![1], e.ci95_logscale_z[1], tol.fold_ci_relative);
      expect(fr.definition).toMatch(/IC50\(resistant\) \/ IC50\(parental\)/);
    });
  },
);
