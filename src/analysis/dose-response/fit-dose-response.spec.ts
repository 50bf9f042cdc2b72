import { AnalysisError } from '../common/analysis-error';
import { hashInput } from '../common/provenance';
import { fitDoseResponse } from './fit-dose-response';
import { absoluteIc50, logLogistic } from './log-logistic';
import { compareLogLogisticFit } from './testing/compare-with-reference';

const DOSES = [200, 100, 50, 25, 12.5, 6.25, 3.125, 1.5625, 0.78125];

/** Deterministic pseudo-noise (a fixed sequence, so expectations are reproducible). */
function noise(i: number, sd: number): number {
  const u = Math.sin(12.9898 * (i + 1)) * 43758.5453;
  return sd * 2 * (u - Math.floor(u) - 0.5) * 1.7;
}

function curve(
  b: number,
  c: number,
  d: number,
  e: number,
  sd = 0,
  reps = 3,
  doses = DOSES,
  f = 1,
): { concentrations: number[]; responses: number[] } {
  const concentrations: number[] = [];
  const responses: number[] = [];
  let i = 0;
  for (const x of doses) {
    for (let r = 0; r < reps; r++) {
      concentrations.push(x);
      responses.push(logLogistic(x, b, c, d, e, f) + noise(i++, sd));
    }
  }
  return { concentrations, responses };
}

describe('fitDoseResponse', () => {
  it('recovers LL.4 parameters from noise-free data', () => {
    const fit = fitDoseResponse(curve(1.3, 4, 98, 7.5));
    expect(fit.status).toBe('fitted');
    expect(fit.parameters!.b.estimate).toBeCloseTo(1.3, 8);
    expect(fit.parameters!.c.estimate).toBeCloseTo(4, 7);
    expect(fit.parameters!.d.estimate).toBeCloseTo(98, 7);
    expect(fit.ic50).toBeCloseTo(7.5, 7);
    expect(fit.ic50Absolute).toBeCloseTo(absoluteIc50(1.3, 4, 98, 7.5)!, 6);
    expect(fit.flags).toEqual([]);
  });

  it('reports a sensible result on noisy data, with an asymmetric log-scale CI', () => {
    const fit = fitDoseResponse(curve(1.5, 5, 100, 3, 3), { concentrationUnit: 'µM' });
    expect(fit.status).toBe('fitted');
    const [lo, hi] = fit.ic50Ci95!;
    expect(lo).toBeLessThan(fit.ic50!);
    expect(hi).toBeGreaterThan(fit.ic50!);
    // Symmetric on the log scale.
    expect(Math.log(hi) - Math.log(fit.ic50!)).toBeCloseTo(Math.log(fit.ic50!) - Math.log(lo), 10);
    expect(fit.ic50Display).toMatch(/^\d.* µM \(95 % CI .*–.*\)$/);
    expect(fit.df).toBe(27 - 4);
    expect(fit.method).toBe('dose-response/log-logistic-least-squares');
    expect(fit.methodVersion).toBe('1.1.0');
    expect(fit.options.model).toBe('LL4');
  });

  it('survives JSON.stringify/parse unchanged, input hash included', () => {
    const data = curve(1.5, 5, 100, 3, 3);
    const fit = fitDoseResponse(data);
    const copy = JSON.parse(JSON.stringify(fit));
    expect(copy).toEqual(fit);
    expect(Object.keys(copy)).toEqual(
      expect.arrayContaining(['method', 'methodVersion', 'options', 'inputHash']),
    );
    expect(fit.inputHash).toBe(hashInput(data));
    expect({ ...fit }.inputHash).toBe(fit.inputHash);
    expect(structuredClone(fit)).toEqual(copy);
    expect(Object.keys(fit)).toContain('inputHash');
  });

  it('a frozen result still reports its input hash', () => {
    const data = curve(1.5, 5, 100, 3, 3);
    const fit = Object.freeze(fitDoseResponse(data));
    expect(fit.inputHash).toBe(hashInput(data));
    expect(fit.inputHash).toBe(hashInput(data));
  });

  it('keeps the input hash of the input as given, even if the caller mutates it later', () => {
    const data = curve(1.5, 5, 100, 3, 3);
    const expected = hashInput(data);
    const fit = fitDoseResponse(data);
    data.responses[0] = 1234;
    expect(fit.inputHash).toBe(expected);
  });

  it('LL.3 fixes c = 0 and fixed-top fixes d = 100', () => {
    const data = curve(1.2, 0, 100, 10, 1);
    const ll3 = fitDoseResponse(data, { model: 'LL3' });
    expect(ll3.parameters!.c).toEqual({ estimate: 0, se: null, fixed: true });
    expect(ll3.nParams).toBe(3);
    const top = fitDoseResponse(data, { model: 'fixed-top' });
    expect(top.parameters!.d).toEqual({ estimate: 100, se: null, fixed: true });
    expect(top.nParams).toBe(3);
    const top90 = fitDoseResponse(data, { model: 'fixed-top', fixedTop: 90 });
    expect(top90.parameters!.d.estimate).toBe(90);
  });

  it('LL.5 reports the relative ED50 e(2^(1/f) − 1)^(1/b), not e', () => {
    const fit = fitDoseResponse(curve(2, 5, 100, 4, 0, 2, DOSES, 0.6), { model: 'LL5' });
    expect(fit.parameters!.f.estimate).toBeCloseTo(0.6, 5);
    expect(fit.parameters!.e.estimate).toBeCloseTo(4, 5);
    expect(fit.ic50).toBeCloseTo(4 * Math.pow(Math.pow(2, 1 / 0.6) - 1, 1 / 2), 5);
  });

  it('flags an IC50 below the tested range and reports a bound', () => {
    const fit = fitDoseResponse(curve(1.5, 3, 100, 0.1, 2), { concentrationUnit: 'µM' });
    expect(fit.flags).toContain('ic50-below-range');
    expect(fit.ic50).toBeNull();
    expect(fit.ic50Bound).toEqual({ relation: '<', concentration: 0.78125 });
    expect(fit.ic50Display).toBe('< 0.7813 µM');
  });

  it('flags shallow and steep slopes, low R², too few concentrations', () => {
    expect(fitDoseResponse(curve(0.2, 0, 100, 10, 0)).flags).toContain('shallow-slope');
    expect(fitDoseResponse(curve(8, 5, 100, 10, 1)).flags).toContain('steep-slope');
    expect(fitDoseResponse(curve(1.5, 5, 100, 5, 25)).flags).toContain('low-r-squared');
    const few = fitDoseResponse(curve(1.5, 5, 100, 5, 2, 3, [100, 10, 1, 0.1]));
    expect(few.flags).toContain('too-few-concentrations');
  });

  it('flags an ambiguous CI (upper/lower > 10)', () => {
    const fit = fitDoseResponse(curve(1.5, 5, 100, 5, 12, 1));
    expect(fit.ic50Ci95![1] / fit.ic50Ci95![0]).toBeGreaterThan(10);
    expect(fit.flags).toContain('ambiguous-ci');
  });

  it('flags negative signal (a group, not one well) and high replicate CV', () => {
    const data = curve(1.5, 0, 100, 5, 0);
    data.responses[0] = -3; // one treated well below the blank: not a negative group
    data.responses[data.responses.length - 1] += 40; // one wild replicate at the lowest dose
    const fit = fitDoseResponse(data);
    expect(fit.flags).toContain('high-replicate-cv');
    expect(fit.flags).not.toContain('negative-signal');
    expect(fit.maxReplicateCvPct).toBeGreaterThan(20);
    const negative = curve(1.5, 0, 100, 5, 0);
    negative.responses[0] = -3;
    negative.responses[1] = -4;
    negative.responses[2] = -2.5; // the whole 200 µM group below zero
    expect(fitDoseResponse(negative).flags).toContain('negative-signal');
  });

  it('flags hormesis-like (non-monotone) data but not a clean decreasing curve', () => {
    const data = curve(2, 5, 100, 20, 1);
    data.concentrations.forEach((x, i) => {
      if (x === 3.125 || x === 6.25) data.responses[i] += 35;
    });
    expect(fitDoseResponse(data).flags).toContain('non-monotone');
    expect(fitDoseResponse(curve(2, 5, 100, 20, 1)).flags).not.toContain('non-monotone');
  });

  it('reports no convergence without an IC50 when the iteration limit is hit', () => {
    const fit = fitDoseResponse(curve(1.5, 5, 100, 5, 3), { maxIterations: 1 });
    expect(fit.status).toBe('not-converged');
    expect(fit.flags).toContain('no-convergence');
    expect(fit.convergence).toBe('max-iterations');
    expect(fit.ic50).toBeNull();
    expect(fit.ic50Display).toMatch(/^not determined/);
  });

  it('no IC50 point when the curve does not cross 50 % (partial effect): a bound', () => {
    const fit = fitDoseResponse(curve(1.5, 60, 100, 5, 0.5));
    expect(fit.parameters!.c.estimate).toBeGreaterThan(50);
    expect(fit.ic50Absolute).toBeNull();
    expect(fit.ic50).toBeNull();
    expect(fit.ic50Bound).toEqual({ relation: '>', concentration: 200 });
    expect(fit.halfMaximalConcentration).toBeCloseTo(5, 0);
    // On an absolute response scale there is no 50 % level: e is the IC50.
    const abs = fitDoseResponse(curve(1.5, 60, 100, 5, 0.5), { responseScale: 'absolute' });
    expect(abs.ic50).toBeCloseTo(5, 0);
  });

  it('fits increasing curves (b < 0)', () => {
    const fit = fitDoseResponse(curve(-1.4, 5, 100, 6, 0.5), { responseScale: 'absolute' });
    expect(fit.parameters!.b.estimate).toBeCloseTo(-1.4, 1);
    expect(fit.ic50).toBeCloseTo(6, 0);
  });

  it('uses zero-concentration points as controls at the curve limit', () => {
    const data = curve(1.5, 5, 100, 5, 0);
    data.concentrations.push(0, 0, 0);
    data.responses.push(100, 100, 100);
    const fit = fitDoseResponse(data);
    expect(fit.n).toBe(30);
    expect(fit.testedRange.min).toBe(0.78125);
    expect(fit.parameters!.d.estimate).toBeCloseTo(100, 6);
  });

  describe('edge cases', () => {
    it('throws AnalysisError when there are fewer points than parameters', () => {
      expect(() => fitDoseResponse({ concentrations: [1, 2, 3], responses: [90, 50, 10] })).toThrow(
        expect.objectContaining({ code: 'TOO_FEW_POINTS' }),
      );
      // LL.3 has 3 parameters: 3 points are enough (df = 0, no CI).
      const ll3 = fitDoseResponse(
        { concentrations: [1, 10, 100], responses: [90, 50, 10] },
        { model: 'LL3' },
      );
      expect(ll3.df).toBe(0);
      expect(ll3.ic50Ci95).toBeNull();
    });

    it('all-equal responses are inactive, not an error', () => {
      const fit = fitDoseResponse({ concentrations: DOSES, responses: DOSES.map(() => 100) });
      expect(fit.status).toBe('inactive');
      expect(fit.flags).toContain('inactive');
      expect(fit.parameters).toBeNull();
      expect(fit.convergence).toBeNull();
      expect(fit.noEffectTest.pValue).toBe(1);
    });

    it.each([NaN, Infinity, -Infinity])('rejects %p in responses and concentrations', (bad) => {
      const data = curve(1.5, 5, 100, 5, 1);
      expect(() =>
        fitDoseResponse({ ...data, responses: [...data.responses.slice(1), bad] }),
      ).toThrow(AnalysisError);
      expect(() =>
        fitDoseResponse({ ...data, concentrations: [bad, ...data.concentrations.slice(1)] }),
      ).toThrow(AnalysisError);
    });

    it('rejects magnitudes whose squares overflow', () => {
      const data = curve(1.5, 5, 100, 5, 1);
      expect(() =>
        fitDoseResponse({ ...data, responses: [1e300, ...data.responses.slice(1)] }),
      ).toThrow(expect.objectContaining({ code: 'OUT_OF_RANGE' }));
    });

    it('rejects negative concentrations and data without a positive concentration', () => {
      const data = curve(1.5, 5, 100, 5, 1);
      expect(() =>
        fitDoseResponse({ ...data, concentrations: [-1, ...data.concentrations.slice(1)] }),
      ).toThrow(expect.objectContaining({ code: 'NEGATIVE_CONCENTRATION' }));
      expect(() =>
        fitDoseResponse({ concentrations: [0, 0, 0, 0, 0], responses: [1, 2, 3, 4, 5] }),
      ).toThrow(expect.objectContaining({ code: 'NO_POSITIVE_CONCENTRATION' }));
    });

    it('rejects mismatched lengths and bad options', () => {
      expect(() => fitDoseResponse({ concentrations: [1, 2], responses: [1] })).toThrow(
        AnalysisError,
      );
      const data = curve(1.5, 5, 100, 5, 1);
      expect(() => fitDoseResponse(data, { model: 'LL7' as never })).toThrow(AnalysisError);
      expect(() => fitDoseResponse(data, { confidenceLevel: 1.5 })).toThrow(AnalysisError);
      expect(() => fitDoseResponse(data, { minRSquared: NaN })).toThrow(AnalysisError);
      expect(() => fitDoseResponse(data, { bogus: 1 } as never)).toThrow(AnalysisError);
    });

    it('fits a single replicate per concentration', () => {
      const fit = fitDoseResponse(curve(1.5, 5, 100, 5, 2, 1));
      expect(fit.status).toBe('fitted');
      expect(fit.n).toBe(9);
      expect(fit.df).toBe(5);
      expect(fit.maxReplicateCvPct).toBeNull();
      expect(fit.ic50Ci95).not.toBeNull();
    });
  });
});

describe('compareLogLogisticFit (test support)', () => {
  it('reports every mismatching field, so the fixture tests can fail', () => {
    const fit = fitDoseResponse(curve(1.3, 4, 98, 7.5, 1));
    const p = fit.parameters!;
    const exp = {
      converged: true,
      n: fit.n,
      b: p.b.estimate,
      c: p.c.estimate,
      d: p.d.estimate,
      e: fit.ic50! * 1.01,
      r_squared: fit.rSquared,
    };
    const tol = {
      b_c_d_ic50_relative: 1e-3,
      se_and_ci_relative: 5e-3,
      rss_r2_relative: 1e-4,
      closed_form_relative: 1e-6,
    };
    expect(compareLogLogisticFit(fit, exp, tol)).toEqual([expect.stringMatching(/^e: /)]);
    expect(compareLogLogisticFit(fit, { ...exp, e: fit.ic50 }, tol)).toEqual([]);
  });
});
