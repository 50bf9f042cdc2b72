// The rules at the edges (SCIENCE.md §2, issue 15): IC50 bounds, the half-maximal
// concentration, bottom-extrapolated, negative-signal and non-monotone on both sides, and the
// severity of every flag. Fixtures: test/fixtures/analysis-edges (synthetic, fixed seeds).
import { readEdgeSeries } from '../../../test/support/analysis-edge-fixtures';
import { effluxReversal } from './efflux-reversal';
import { fitDoseResponse } from './fit-dose-response';
import { displayIc50Ratio, foldResistance } from './fold-resistance';
import { absoluteIc50, logLogistic } from './log-logistic';
import {
  DOSE_RESPONSE_FLAG_RULE,
  DOSE_RESPONSE_FLAG_SEVERITY,
  type DoseResponseFlag,
} from './quality-flags';

const fit = (name: string) => fitDoseResponse(readEdgeSeries(name), { concentrationUnit: 'µM' });

describe('IC50 of a curve that does not reach 50 % within the tested range', () => {
  it('a line that never falls below ≈ 80 %: "> 200 µM", no point, no CI; e shown as the half-maximal concentration', () => {
    const f = fit('resistant-never-below-80');
    expect(f.status).toBe('fitted');
    expect(f.parameters!.c.estimate).toBeGreaterThan(50);
    // The fitted midpoint lies inside the tested range: the old rule reported it as the IC50.
    expect(f.halfMaximalConcentration!).toBeLessThan(200);
    expect(f.ic50).toBeNull();
    expect(f.ic50Ci95).toBeNull();
    expect(f.ic50Bound).toEqual({ relation: '>', concentration: 200 });
    expect(f.flags).toContain('ic50-above-range');
    expect(f.ic50Display).toBe('> 200 µM');
    expect(f.halfMaximalDisplay).toMatch(/^half-maximal concentration \d/);
  });

  it('a curve that crosses 50 % only beyond the top dose: "> 200 µM"', () => {
    const f = fit('crosses-50-beyond-top');
    expect(f.ic50).toBeNull();
    expect(f.ic50Bound).toEqual({ relation: '>', concentration: 200 });
    expect(f.flags).toContain('ic50-above-range');
  });

  it('e itself above the top dose (c < 50 < d): "> top", never a point', () => {
    const data = { concentrations: [] as number[], responses: [] as number[] };
    for (const x of [200, 100, 50, 25, 12.5, 6.25]) {
      for (let r = 0; r < 2; r++) {
        data.concentrations.push(x);
        data.responses.push(logLogistic(x, 2, 0, 100, 300));
      }
    }
    const f = fitDoseResponse(data, { model: 'LL3' });
    expect(f.halfMaximalConcentration!).toBeCloseTo(300, 4);
    expect(f.ic50).toBeNull();
    expect(f.ic50Bound).toEqual({ relation: '>', concentration: 200 });
  });

  it('below 50 % from the lowest dose: "< 0.7813 µM" with ic50-below-range', () => {
    const f = fit('below-range');
    expect(f.ic50).toBeNull();
    expect(f.ic50Bound).toEqual({ relation: '<', concentration: 0.78125 });
    expect(f.flags).toContain('ic50-below-range');
    expect(f.ic50Display).toBe('< 0.7813 µM');
  });

  it('an ordinary curve keeps its point IC50 with a CI and flags none of these', () => {
    const f = fit('ordinary');
    expect(f.ic50).not.toBeNull();
    expect(f.ic50Ci95).not.toBeNull();
    expect(f.ic50CiReliable).toBe(true);
    expect(f.halfMaximalConcentration).toBe(f.ic50);
    for (const flag of [
      'ic50-above-range',
      'ic50-below-range',
      'bottom-extrapolated',
      'negative-signal',
      'non-monotone',
    ]) {
      expect(f.flags).not.toContain(flag);
    }
  });
});

describe('absolute IC50 only when the 50 % level lies inside (c, d) (issue 13)', () => {
  it('LL.5 with f = 0.5, c = 60, d = 100 gives none (the unguarded formula gives 60.8)', () => {
    // Without the (c, d) check: e·(((d − c)/(50 − c))^(1/f) − 1)^(1/b) = 4.053·15 = 60.8.
    expect(absoluteIc50(1, 60, 100, 4.053, 0.5, 50)).toBeNull();
    expect(absoluteIc50(1, 60, 100, 4.053, 1, 50)).toBeNull();
    // Inside (c, d) it exists.
    expect(absoluteIc50(1, 20, 100, 4.053, 0.5, 50)).not.toBeNull();
    const data = { concentrations: [] as number[], responses: [] as number[] };
    for (const x of [200, 100, 50, 25, 12.5, 6.25, 3.125, 1.5625]) {
      for (let r = 0; r < 2; r++) {
        data.concentrations.push(x);
        data.responses.push(logLogistic(x, 1, 60, 100, 4.053, 0.5));
      }
    }
    const f = fitDoseResponse(data, { model: 'LL5' });
    expect(f.parameters!.c.estimate).toBeCloseTo(60, 3);
    expect(f.ic50Absolute).toBeNull();
    expect(f.ic50).toBeNull();
  });
});

describe('bottom-extrapolated', () => {
  it('fires when the fitted bottom lies far below every dose-group mean; the CI is marked unreliable', () => {
    const f = fit('bottom-extrapolated');
    const lowestMean = 14; // ≈ the 200 µM group of the fixture
    expect(f.parameters!.c.estimate).toBeLessThan(lowestMean - 0.25 * 100);
    expect(f.flags).toContain('bottom-extrapolated');
    expect(f.ic50CiReliable).toBe(false);
    expect(f.ic50Display).toMatch(/unreliable: bottom extrapolated\)$/);
  });

  it('does not fire on an ordinary curve, nor when the bottom is fixed (LL.3)', () => {
    expect(fit('ordinary').flags).not.toContain('bottom-extrapolated');
    const ll3 = fitDoseResponse(readEdgeSeries('bottom-extrapolated'), { model: 'LL3' });
    expect(ll3.flags).not.toContain('bottom-extrapolated');
  });
});

describe('negative-signal: a dose group below 0 beyond its noise (mean + 2·SE < 0)', () => {
  it('fires on dose groups around −8 %', () => {
    expect(fit('negative-dose-groups').flags).toContain('negative-signal');
  });

  it('does not fire on one noisy well at −6 % in a group around 0 %', () => {
    const data = readEdgeSeries('negative-single-well');
    expect(Math.min(...data.responses)).toBeLessThan(0);
    expect(fit('negative-single-well').flags).not.toContain('negative-signal');
  });
});

describe('non-monotone: a group or a well off the fitted curve beyond its noise', () => {
  it('fires on a single outlier well (60 % above its curve)', () => {
    expect(fit('outlier-well').flags).toContain('non-monotone');
  });

  it('fires on a hormetic rise at low doses', () => {
    expect(fit('hormesis').flags).toContain('non-monotone');
  });

  it('does not fire on monotone curves at 5 % noise (0 of 300 seeded curves)', () => {
    let state = 42;
    const u = () => {
      state = (state * 1664525 + 1013904223) >>> 0;
      return (state + 0.5) / 4294967296;
    };
    const z = () => Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u());
    let fired = 0;
    for (let k = 0; k < 300; k++) {
      const b = 0.8 + 1.7 * u();
      const c = 10 * u();
      const d = 95 + 10 * u();
      const e = Math.exp(Math.log(1.5) + u() * Math.log(50 / 1.5));
      const data = { concentrations: [] as number[], responses: [] as number[] };
      for (let i = 0; i < 10; i++) {
        for (let r = 0; r < 3; r++) {
          data.concentrations.push(200 / 2 ** i);
          data.responses.push(logLogistic(200 / 2 ** i, b, c, d, e) + 5 * z());
        }
      }
      if (fitDoseResponse(data).flags.includes('non-monotone')) fired++;
    }
    expect(fired).toBe(0);
  });
});

describe('every flag has a severity and a rule', () => {
  it('maps each flag to info, warning or blocks-approval', () => {
    const flags = Object.keys(DOSE_RESPONSE_FLAG_SEVERITY) as DoseResponseFlag[];
    expect(flags.length).toBeGreaterThanOrEqual(15);
    for (const f of flags) {
      expect(['info', 'warning', 'blocks-approval']).toContain(DOSE_RESPONSE_FLAG_SEVERITY[f]);
      expect(DOSE_RESPONSE_FLAG_RULE[f].length).toBeGreaterThan(10);
    }
    expect(DOSE_RESPONSE_FLAG_SEVERITY['no-convergence']).toBe('blocks-approval');
    expect(DOSE_RESPONSE_FLAG_SEVERITY['ic50-above-range']).toBe('info');
    expect(DOSE_RESPONSE_FLAG_SEVERITY['non-monotone']).toBe('warning');
  });
});

describe('ratios with an IC50 that is a bound', () => {
  const resistant = fitDoseResponse(readEdgeSeries('resistant-never-below-80'), {
    concentrationUnit: 'µM',
  });
  const parental = fitDoseResponse(readEdgeSeries('ordinary'), { concentrationUnit: 'µM' });

  it('fold-resistance is "> N-fold" from the top dose, never a point with a CI', () => {
    const fr = foldResistance(resistant, parental);
    expect(fr.status).toBe('bound');
    expect(fr.ratio).toBeNull();
    expect(fr.ci95).toBeNull();
    expect(fr.bound!.relation).toBe('>');
    expect(fr.bound!.value).toBeCloseTo(200 / parental.ic50!, 10);
    expect(displayIc50Ratio(fr)).toMatch(/^> \d+(\.\d+)?-fold$/);
    expect(fr.reason).toMatch(/> 200 µM/);
    // The other way round: parental / resistant < N.
    expect(foldResistance(parental, resistant).bound!.relation).toBe('<');
    // No IC50 and no bound (inactive): not determinable, with the reason.
    const flat = fitDoseResponse({
      concentrations: [200, 100, 50, 25, 12.5, 6.25],
      responses: [100, 100, 100, 100, 100, 100],
    });
    const nd = foldResistance(flat, parental);
    expect(nd.status).toBe('not-determinable');
    expect(nd.reason).toMatch(/inactive/);
  });

  it('efflux reversal and % restoration become bounds too', () => {
    const withInhibitor = fitDoseResponse(readEdgeSeries('ordinary'), { concentrationUnit: 'µM' });
    const parentalLow = { ...parental, ic50: parental.ic50! / 4 };
    const r = effluxReversal({
      resistant: resistant,
      resistantWithInhibitor: withInhibitor,
      parental: parentalLow,
    });
    expect(r.reversalFoldResistant.status).toBe('bound');
    expect(r.reversalFoldResistant.bound!.relation).toBe('>');
    expect(r.foldResistance.status).toBe('bound');
    expect(r.foldResistanceWithInhibitor.status).toBe('determined');
    expect(r.percentRestoration).toBeNull();
    expect(r.percentRestorationBound!.relation).toBe('>');
    const t = 200;
    expect(r.percentRestorationBound!.value).toBeCloseTo(
      ((t - withInhibitor.ic50!) / (t - parentalLow.ic50)) * 100,
      10,
    );
    expect(r.percentRestorationReason).toMatch(/bound/);
    expect(r.verdict).toBe('inconclusive');
  });
});

describe('singular-fit blocks approval: must fire and must not', () => {
  it('fires when two doses cannot determine four parameters, not on an ordinary curve', () => {
    const f = fitDoseResponse({
      concentrations: [1, 1, 1, 100, 100, 100],
      responses: [100, 98, 99, 5, 6, 4],
    });
    expect(f.flags).toContain('singular-fit');
    expect(f.seLnE).toBeNull();
    expect(DOSE_RESPONSE_FLAG_SEVERITY['singular-fit']).toBe('blocks-approval');
    expect(fit('ordinary').flags).not.toContain('singular-fit');
  });
});
