// Property tests (fast-check) of the dose-response core.
import fc from 'fast-check';
import { AnalysisError } from '../common/analysis-error';
import { hashInput } from '../common/provenance';
import { effluxReversal } from './efflux-reversal';
import { fitDoseResponse } from './fit-dose-response';
import { foldResistance } from './fold-resistance';
import { hashDoseResponseInput } from './input-hash';
import { logLogistic } from './log-logistic';

const SEED = 20240731;
const params = { seed: SEED, numRuns: 100 };

/** 2-fold dilution series of `k` doses ending at `top`. */
const doses = (top: number, k: number): number[] =>
  Array.from({ length: k }, (_, i) => top / 2 ** i);

const curveArb = fc.record({
  b: fc.double({ min: 0.6, max: 4, noNaN: true }),
  c: fc.double({ min: -5, max: 20, noNaN: true }),
  d: fc.double({ min: 80, max: 120, noNaN: true }),
  // e between the 3rd-lowest and 3rd-highest dose of a 10-dose series from 200.
  logE: fc.double({ min: Math.log(200 / 2 ** 7), max: Math.log(200 / 4), noNaN: true }),
  reps: fc.integer({ min: 1, max: 3 }),
});

function synth(
  p: { b: number; c: number; d: number; logE: number; reps: number },
  noise: number[] = [],
): { concentrations: number[]; responses: number[] } {
  const concentrations: number[] = [];
  const responses: number[] = [];
  for (const x of doses(200, 10)) {
    for (let r = 0; r < p.reps; r++) {
      concentrations.push(x);
      responses.push(
        logLogistic(x, p.b, p.c, p.d, Math.exp(p.logE)) + (noise[responses.length] ?? 0),
      );
    }
  }
  return { concentrations, responses };
}

const rel = (a: number, b: number): number => Math.abs(a - b) / Math.abs(b);

describe('dose-response properties', () => {
  it('noise-free LL.4 curves recover their parameters', () => {
    fc.assert(
      fc.property(curveArb, (p) => {
        const fit = fitDoseResponse(synth(p));
        expect(fit.status).toBe('fitted');
        expect(rel(fit.ic50!, Math.exp(p.logE))).toBeLessThan(1e-6);
        expect(rel(fit.parameters!.b.estimate, p.b)).toBeLessThan(1e-6);
        expect(Math.abs(fit.parameters!.c.estimate - p.c)).toBeLessThan(1e-5);
        expect(rel(fit.parameters!.d.estimate, p.d)).toBeLessThan(1e-6);
      }),
      params,
    );
  });

  it('noise-free LL.3 / fixed-top / LL.5 curves recover their parameters', () => {
    fc.assert(
      fc.property(curveArb, fc.double({ min: 0.5, max: 2, noNaN: true }), (p, f) => {
        const e = Math.exp(p.logE);
        const ll3 = fitDoseResponse(synth({ ...p, c: 0 }), { model: 'LL3' });
        expect(rel(ll3.ic50!, e)).toBeLessThan(1e-6);
        const top = fitDoseResponse(synth({ ...p, d: 100 }), { model: 'fixed-top' });
        expect(rel(top.ic50!, e)).toBeLessThan(1e-6);
        const data = { concentrations: [] as number[], responses: [] as number[] };
        for (const x of doses(200, 10)) {
          for (let r = 0; r < 2; r++) {
            data.concentrations.push(x);
            data.responses.push(logLogistic(x, p.b, p.c, p.d, e, f));
          }
        }
        const ll5 = fitDoseResponse(data, { model: 'LL5' });
        const ed50 = e * Math.pow(Math.pow(2, 1 / f) - 1, 1 / p.b);
        // LL.5 is weakly determined; noise-free it still recovers ED50 closely.
        expect(ll5.converged).toBe(true);
        expect(rel(ll5.lnIc50 === null ? NaN : Math.exp(ll5.lnIc50), ed50)).toBeLessThan(1e-4);
      }),
      { seed: SEED, numRuns: 60 },
    );
  });

  // Gaussian noise (SD 3 % viability) from a seeded generator: never degenerate (all zero).
  const gaussianNoise = (seed: number): number[] => {
    let a = seed >>> 0;
    const u = (): number => {
      a = (a + 0x6d2b79f5) >>> 0;
      let t = Math.imul(a ^ (a >>> 15), a | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
    return Array.from(
      { length: 30 },
      () => 3 * Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u()),
    );
  };
  const noisyArb = fc.tuple(
    curveArb.filter((p) => p.reps >= 2),
    fc.integer({ min: 0, max: 2 ** 31 - 1 }).map(gaussianNoise),
  );

  it('permuting the data changes nothing but the input hash', () => {
    fc.assert(
      fc.property(noisyArb, fc.integer({ min: 1, max: 1e9 }), ([p, noise], seed) => {
        const data = synth(p, noise);
        // Seeded Fisher–Yates permutation.
        const idx = data.concentrations.map((_, i) => i);
        let s = seed;
        for (let i = idx.length - 1; i > 0; i--) {
          s = (s * 16807) % 2147483647;
          const j = s % (i + 1);
          [idx[i], idx[j]] = [idx[j], idx[i]];
        }
        const perm = {
          concentrations: idx.map((i) => data.concentrations[i]),
          responses: idx.map((i) => data.responses[i]),
        };
        const a = fitDoseResponse(data);
        const b = fitDoseResponse(perm);
        expect(b.status).toBe(a.status);
        expect(b.flags).toEqual(a.flags);
        if (a.lnIc50 !== null) expect(Math.abs(b.lnIc50! - a.lnIc50)).toBeLessThan(1e-7);
        if (a.rss !== null) expect(rel(b.rss!, a.rss)).toBeLessThan(1e-8);
        if (a.seLnIc50 !== null) expect(rel(b.seLnIc50!, a.seLnIc50)).toBeLessThan(1e-6);
      }),
      params,
    );
  });

  it('scaling the concentration unit scales the IC50 and its CI exactly', () => {
    fc.assert(
      fc.property(noisyArb, fc.constantFrom(1000, 1e-3, 1e6, 0.37, 29.5), ([p, noise], k) => {
        const data = synth(p, noise);
        const a = fitDoseResponse(data);
        const b = fitDoseResponse({
          concentrations: data.concentrations.map((x) => x * k),
          responses: data.responses,
        });
        expect(b.status).toBe(a.status);
        expect(b.flags).toEqual(a.flags);
        if (a.lnIc50 === null) return;
        expect(rel(Math.exp(b.lnIc50!), Math.exp(a.lnIc50) * k)).toBeLessThan(1e-9);
        expect(rel(b.parameters!.b.estimate, a.parameters!.b.estimate)).toBeLessThan(1e-8);
        if (a.seLnIc50 !== null) expect(rel(b.seLnIc50!, a.seLnIc50)).toBeLessThan(1e-7);
        if (a.ic50Ci95 !== null) {
          expect(rel(b.ic50Ci95![0], a.ic50Ci95[0] * k)).toBeLessThan(1e-7);
          expect(rel(b.ic50Ci95![1], a.ic50Ci95[1] * k)).toBeLessThan(1e-7);
        }
      }),
      params,
    );
  });

  it('the fold-resistance of a fit with itself is 1, with a log-symmetric CI', () => {
    fc.assert(
      fc.property(noisyArb, ([p, noise]) => {
        const fit = fitDoseResponse(synth(p, noise));
        const fr = foldResistance(fit, fit);
        if (fit.ic50 === null) {
          expect(fr.status).toBe('not-determinable');
          return;
        }
        expect(fr.ratio).toBe(1);
        expect(fr.lnRatio).toBe(0);
        if (fr.ci95 !== null) expect(fr.ci95[0] * fr.ci95[1]).toBeCloseTo(1, 12);
      }),
      params,
    );
  });

  it('the fast input hash equals the generic canonical-JSON hash', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.double({ noNaN: true, noDefaultInfinity: true }),
            fc.double({ noNaN: true, noDefaultInfinity: true }),
          ),
        ),
        (pairs) => {
          const concentrations = pairs.map((q) => q[0]);
          const responses = pairs.map((q) => q[1]);
          expect(hashDoseResponseInput(concentrations, responses)).toBe(
            hashInput({ concentrations, responses }),
          );
        },
      ),
      { seed: SEED, numRuns: 200 },
    );
  });

  it('arbitrary input never throws anything but AnalysisError', () => {
    const num = fc.oneof(
      fc.double(),
      fc.constantFrom(0, -0, -1, 1e-300, 1e300, NaN, Infinity, -Infinity),
      fc.integer({ min: 0, max: 300 }),
    );
    const dataArb = fc.oneof(
      fc.record({
        concentrations: fc.array(num, { maxLength: 12 }),
        responses: fc.array(num, { maxLength: 12 }),
      }),
      fc
        .array(
          fc.tuple(
            fc.double({ min: 0, max: 1000, noNaN: true }),
            fc.double({ min: -50, max: 150, noNaN: true }),
          ),
          { maxLength: 14 },
        )
        .map((pairs) => ({
          concentrations: pairs.map((q) => q[0]),
          responses: pairs.map((q) => q[1]),
        })),
      fc.anything(),
    );
    const optArb = fc.oneof(
      fc.constant({}),
      fc.record(
        {
          model: fc.constantFrom('LL4', 'LL3', 'fixed-top', 'LL5', 'bad'),
          confidenceLevel: num,
          maxIterations: fc.integer({ min: -1, max: 50 }),
        },
        { requiredKeys: [] },
      ),
      fc.anything(),
    );
    fc.assert(
      fc.property(dataArb, optArb, (data, options) => {
        try {
          const fit = fitDoseResponse(data as never, options as never);
          expect(JSON.parse(JSON.stringify(fit))).toEqual(fit);
          foldResistance(fit, fit);
          effluxReversal({ resistant: fit, resistantWithInhibitor: fit, parental: fit });
        } catch (err) {
          if (!(err instanceof AnalysisError)) throw err;
        }
      }),
      { seed: SEED, numRuns: 500 },
    );
  });
});
