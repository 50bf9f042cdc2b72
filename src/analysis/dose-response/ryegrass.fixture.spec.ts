// Known answers: drcData `ryegrass` (Inderjit et al. 2002), reference values from
// scipy 1.17.1 least_squares 'lm' (parameter ln e, SE from s²(JᵀJ)⁻¹), cross-checked with
// R drc 3.2-0 drm(LL.4/LL.3/LL.5). Tolerances from the fixture's expected.json.
import Papa from 'papaparse';
import {
  describeWithFixtures,
  readFixtureJson,
  readFixtureText,
} from '../../../test/support/shared-fixtures';
import { DoseResponseFit, fitDoseResponse } from './fit-dose-response';
import type { DoseResponseModel } from './log-logistic';

const DIR = ['dose-response', 'ryegrass'];

function expectRel(actual: number | null | undefined, expected: number, tol: number): void {
  expect(actual).not.toBeNull();
  expect(actual).not.toBeUndefined();
  const err = Math.abs((actual as number) - expected) / Math.abs(expected);
  if (err > tol)
    throw new Error(`got ${actual}, expected ${expected} (rel. error ${err} > ${tol})`);
}

describeWithFixtures('ryegrass (drc LL.4 / LL.3 / LL.5, scipy + drc 3.2-0 reference)', () => {
  const expected = readFixtureJson(...DIR, 'expected.json');
  const tol = expected.tolerance;
  const rows = Papa.parse<{ concentration: string; value: string }>(
    readFixtureText(...DIR, 'input_long.csv'),
    { header: true, skipEmptyLines: true },
  ).data.map((r) => ({ x: Number(r.concentration), y: Number(r.value) }));

  const cases: [string, (r: { x: number }) => boolean][] = [
    ['all_data', () => true],
    ['dose_gt0_only', (r) => r.x > 0],
  ];
  for (const [subset, keep] of cases) {
    const data = rows.filter(keep);
    for (const model of ['LL4', 'LL3', 'LL5'] as DoseResponseModel[]) {
      it(`${subset} ${model} reproduces scipy/drc`, () => {
        const exp = expected.expected[subset][model];
        const fit: DoseResponseFit = fitDoseResponse(
          { concentrations: data.map((r) => r.x), responses: data.map((r) => r.y) },
          { model, responseScale: 'absolute' },
        );
        const pTol = model === 'LL5' ? tol.LL5_relative : tol.b_c_d_ic50_relative;
        const seTol = model === 'LL5' ? tol.LL5_relative : tol.se_and_ci_relative;
        expect(fit.status).toBe('fitted');
        expect(fit.converged).toBe(exp.converged);
        expect(fit.n).toBe(exp.n);
        expect(fit.nParams).toBe(exp.n_params);
        expect(fit.df).toBe(exp.df_residual);
        const p = fit.parameters!;
        expectRel(p.b.estimate, exp.b, pTol);
        if (exp.c === 0) expect(p.c).toEqual({ estimate: 0, se: null, fixed: true });
        else expectRel(p.c.estimate, exp.c, pTol);
        expectRel(p.d.estimate, exp.d, pTol);
        expectRel(p.e.estimate, exp.e, pTol);
        expectRel(fit.lnE, exp.ln_e, pTol);
        expectRel(fit.rss, exp.rss, tol.rss_r2_relative);
        expectRel(fit.rSquared, exp.r_squared, tol.rss_r2_relative);
        expectRel(fit.residualSe, exp.residual_se, tol.rss_r2_relative);
        expectRel(fit.tQuantile, exp.t_quantile_0975, tol.closed_form_relative);
        expectRel(p.b.se, exp.se.b, seTol);
        if (exp.se.c === null) expect(p.c.se).toBeNull();
        else expectRel(p.c.se, exp.se.c, seTol);
        expectRel(p.d.se, exp.se.d, seTol);
        expectRel(p.e.se, exp.se.e, seTol);
        expectRel(fit.seLnE, exp.se.ln_e, seTol);
        expectRel(fit.eCi95![0], exp.ic50_ci95_logscale_t[0], seTol);
        expectRel(fit.eCi95![1], exp.ic50_ci95_logscale_t[1], seTol);
        if (model === 'LL5') {
          expectRel(p.f.estimate, exp.f, pTol);
          expectRel(p.f.se, exp.se.f, seTol);
          // Relative ED50 e(2^(1/f) − 1)^(1/b) is the reported IC50 of LL.5.
          expectRel(fit.ic50, exp.ed50_relative, pTol);
          expectRel(fit.ic50! * fit.seLnIc50!, exp.ed50_relative_se, seTol);
          expectRel(fit.ic50Ci95![0], exp.ed50_relative_ci95_logscale_t[0], seTol);
          expectRel(fit.ic50Ci95![1], exp.ed50_relative_ci95_logscale_t[1], seTol);
        } else {
          expect(p.f).toEqual({ estimate: 1, se: null, fixed: true });
          expectRel(fit.ic50, exp.e, pTol);
          expectRel(fit.ic50Ci95![0], exp.ic50_ci95_logscale_t[0], seTol);
          expectRel(fit.ic50Ci95![1], exp.ic50_ci95_logscale_t[1], seTol);
          // Root length in cm never crosses 50: no absolute IC50.
          expect(fit.ic50Absolute).toBe(exp.ic50_absolute_50pct);
        }
      });
    }

    it(`${subset} LL.4 agrees with drc 3.2-0 point estimates`, () => {
      const drc = expected.expected[subset]['drc_3.2-0'];
      const fit = fitDoseResponse(
        { concentrations: data.map((r) => r.x), responses: data.map((r) => r.y) },
        { responseScale: 'absolute' },
      );
      expectRel(fit.parameters!.e.estimate, drc.e, tol.b_c_d_ic50_relative);
      expectRel(fit.parameters!.b.estimate, drc.b, tol.b_c_d_ic50_relative);
      expectRel(fit.rss, drc.rss, tol.rss_r2_relative);
      const ll3 = fitDoseResponse(
        { concentrations: data.map((r) => r.x), responses: data.map((r) => r.y) },
        { responseScale: 'absolute', model: 'LL3' },
      );
      expectRel(ll3.ic50, drc.LL3_e, tol.b_c_d_ic50_relative);
    });
  }
});
