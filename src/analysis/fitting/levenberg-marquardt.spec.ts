import fc from 'fast-check';
import { AnalysisError } from '../common/analysis-error';
import { covarianceFromJacobian } from './covariance';
import { choleskyFactor, choleskyInverse, choleskySolve } from './cholesky';
import { LeastSquaresProblem, levenbergMarquardt } from './levenberg-marquardt';

// Rosenbrock as least squares: r1 = 10(x2 − x1²), r2 = 1 − x1; minimum at (1, 1) with S = 0.
const rosenbrock: LeastSquaresProblem = {
  n: 2,
  p: 2,
  evaluate(t, r, j) {
    r[0] = 10 * (t[1] - t[0] * t[0]);
    r[1] = 1 - t[0];
    j[0] = -20 * t[0];
    j[1] = 10;
    j[2] = -1;
    j[3] = 0;
  },
};

/** Straight line y = a + b·x as an LM problem: closed-form OLS answers to compare with. */
function lineProblem(x: number[], y: number[]): LeastSquaresProblem {
  return {
    n: x.length,
    p: 2,
    evaluate(t, r, j) {
      for (let i = 0; i < x.length; i++) {
        r[i] = t[0] + t[1] * x[i] - y[i];
        j[2 * i] = 1;
        j[2 * i + 1] = x[i];
      }
    },
  };
}

function sfoProblem(t: number[], c: number[]): LeastSquaresProblem {
  return {
    n: t.length,
    p: 2,
    evaluate(theta, r, j) {
      for (let i = 0; i < t.length; i++) {
        const ex = Math.exp(-theta[1] * t[i]);
        r[i] = theta[0] * ex - c[i];
        j[2 * i] = ex;
        j[2 * i + 1] = -theta[0] * t[i] * ex;
      }
    },
  };
}

describe('levenbergMarquardt', () => {
  it('solves the Rosenbrock least-squares problem from the classic start (-1.2, 1)', () => {
    const fit = levenbergMarquardt(rosenbrock, [-1.2, 1]);
    expect(fit.converged).toBe(true);
    expect(fit.theta[0]).toBeCloseTo(1, 8);
    expect(fit.theta[1]).toBeCloseTo(1, 8);
    expect(fit.rss).toBeLessThan(1e-20);
  });

  it('reproduces closed-form OLS estimates and standard errors (Seber & Wild §2.1)', () => {
    const x = [1, 2, 3, 4, 5, 6, 7];
    const y = [2.1, 3.9, 6.2, 7.8, 10.1, 12.2, 13.8];
    const fit = levenbergMarquardt(lineProblem(x, y), [0, 0]);
    expect(fit.converged).toBe(true);
    const n = x.length;
    const mx = x.reduce((s, v) => s + v, 0) / n;
    const my = y.reduce((s, v) => s + v, 0) / n;
    let sxx = 0;
    let sxy = 0;
    for (let i = 0; i < n; i++) {
      sxx += (x[i] - mx) ** 2;
      sxy += (x[i] - mx) * (y[i] - my);
    }
    const b = sxy / sxx;
    const a = my - b * mx;
    expect(fit.theta[0]).toBeCloseTo(a, 10);
    expect(fit.theta[1]).toBeCloseTo(b, 10);
    let rss = 0;
    for (let i = 0; i < n; i++) rss += (y[i] - a - b * x[i]) ** 2;
    expect(fit.rss).toBeCloseTo(rss, 12);
    const cov = covarianceFromJacobian(fit.jacobian, n, 2, fit.rss)!;
    const s2 = rss / (n - 2);
    expect(cov.df).toBe(5);
    expect(cov.standardErrors[1]).toBeCloseTo(Math.sqrt(s2 / sxx), 12);
    expect(cov.standardErrors[0]).toBeCloseTo(Math.sqrt(s2 * (1 / n + (mx * mx) / sxx)), 12);
    expect(cov.covariance[1]).toBeCloseTo((-s2 * mx) / sxx, 12);
  });

  it('fits an SFO decay C0·exp(−kt) exactly when the data are noise-free', () => {
    const t = [0, 1, 2, 4, 8, 16, 24];
    const c = t.map((ti) => 100 * Math.exp(-0.15 * ti));
    const fit = levenbergMarquardt(sfoProblem(t, c), [80, 0.01], { lower: [0, 0] });
    expect(fit.converged).toBe(true);
    expect(fit.theta[0]).toBeCloseTo(100, 8);
    expect(fit.theta[1]).toBeCloseTo(0.15, 10);
  });

  it('holds fixed parameters at their value and estimates the others', () => {
    const x = [0, 1, 2, 3];
    const y = [1, 3, 5, 7.5];
    const fit = levenbergMarquardt(lineProblem(x, y), [1, 0], { fixed: [true, false] });
    expect(fit.theta[0]).toBe(1);
    // Slope through (0, 1): Σx(y − 1)/Σx².
    const slope = (0 * 0 + 1 * 2 + 2 * 4 + 3 * 6.5) / (0 + 1 + 4 + 9);
    expect(fit.theta[1]).toBeCloseTo(slope, 8);
    expect(fit.pFree).toBe(1);
    const cov = covarianceFromJacobian(fit.jacobian, 4, 2, fit.rss, fit.fixed)!;
    expect(cov.df).toBe(3);
    expect(Number.isNaN(cov.standardErrors[0])).toBe(true);
    expect(cov.standardErrors[1]).toBeGreaterThan(0);
  });

  it('respects bounds (the constrained optimum sits on the bound)', () => {
    const x = [1, 2, 3, 4];
    const y = [2, 4, 6, 8];
    const fit = levenbergMarquardt(lineProblem(x, y), [0, 0], { upper: [Infinity, 1.5] });
    expect(fit.theta[1]).toBeLessThanOrEqual(1.5);
    expect(fit.theta[1]).toBeCloseTo(1.5, 8);
    // Given b = 1.5, the best a is mean(y − 1.5x).
    expect(fit.theta[0]).toBeCloseTo(1.25, 6);
  });

  it('is deterministic', () => {
    const t = [0, 2, 4, 8, 12, 24];
    const c = [98, 80, 70, 45, 33, 12];
    const f1 = levenbergMarquardt(sfoProblem(t, c), [100, 0.05]);
    const f2 = levenbergMarquardt(sfoProblem(t, c), [100, 0.05]);
    expect(Array.from(f1.theta)).toEqual(Array.from(f2.theta));
    expect(f1.iterations).toBe(f2.iterations);
  });

  it('reports non-finite when the starting point gives non-finite residuals', () => {
    const bad: LeastSquaresProblem = {
      n: 3,
      p: 1,
      evaluate(t, r, j) {
        for (let i = 0; i < 3; i++) {
          r[i] = Math.log(t[0]) - i;
          j[i] = 1 / t[0];
        }
      },
    };
    expect(levenbergMarquardt(bad, [-1]).status).toBe('non-finite');
  });

  it('rejects steps into a non-finite region and still converges', () => {
    // r = log(θ) − 2; the full Newton step from θ = 0.5 overshoots into θ ≤ 0 at first.
    const prob: LeastSquaresProblem = {
      n: 1,
      p: 1,
      evaluate(t, r, j) {
        r[0] = Math.log(t[0]) - 2;
        j[0] = 1 / t[0];
      },
    };
    const fit = levenbergMarquardt(prob, [50]);
    expect(fit.converged).toBe(true);
    expect(fit.theta[0]).toBeCloseTo(Math.exp(2), 8);
  });

  it('stops at max-iterations when allowed too few steps', () => {
    const fit = levenbergMarquardt(rosenbrock, [-1.2, 1], { maxIterations: 2 });
    expect(fit.status).toBe('max-iterations');
    expect(fit.iterations).toBe(2);
  });

  it('returns null covariance for collinear parameters and for zero df', () => {
    const x = [1, 2, 3];
    const collinear: LeastSquaresProblem = {
      n: 3,
      p: 2,
      evaluate(t, r, j) {
        for (let i = 0; i < 3; i++) {
          r[i] = (t[0] + t[1]) * x[i] - 2 * x[i] - 0.01 * i;
          j[2 * i] = x[i];
          j[2 * i + 1] = x[i];
        }
      },
    };
    const fit = levenbergMarquardt(collinear, [0, 0]);
    expect(fit.converged).toBe(true);
    expect(covarianceFromJacobian(fit.jacobian, 3, 2, fit.rss)).toBeNull();
    const exact = levenbergMarquardt(lineProblem([1, 2], [3, 5]), [0, 0]);
    expect(covarianceFromJacobian(exact.jacobian, 2, 2, exact.rss)).toBeNull();
  });

  it('computeCovariance gives the same covariance as covarianceFromJacobian', () => {
    const t = [0, 2, 4, 8, 12, 24];
    const c = [98, 80, 70, 45, 33, 12];
    const a = levenbergMarquardt(sfoProblem(t, c), [100, 0.05]);
    const b = levenbergMarquardt(sfoProblem(t, c), [100, 0.05], {
      computeCovariance: true,
      returnJacobian: false,
      returnResiduals: false,
    });
    expect(b.jacobian).toHaveLength(0);
    expect(b.residuals).toHaveLength(0);
    expect(b.covariance).toEqual(covarianceFromJacobian(a.jacobian, 6, 2, a.rss));
    expect(a.covariance).toBeUndefined();
  });

  it('supports a fit nested inside another fit (separate work buffers)', () => {
    const t = [0, 2, 4, 8, 12, 24];
    const c = [98, 80, 70, 45, 33, 12];
    const inner = levenbergMarquardt(sfoProblem(t, c), [100, 0.05]);
    const outer: LeastSquaresProblem = {
      n: 2,
      p: 2,
      evaluate(th, r, j) {
        // A nested fit of the same size must not disturb this one.
        levenbergMarquardt(rosenbrock, [-1.2, 1]);
        rosenbrock.evaluate(th, r, j);
      },
    };
    const fit = levenbergMarquardt(outer, [-1.2, 1]);
    expect(fit.theta[0]).toBeCloseTo(1, 8);
    expect(levenbergMarquardt(sfoProblem(t, c), [100, 0.05]).theta).toEqual(inner.theta);
  });

  it('throws AnalysisError for malformed problems only', () => {
    const prob = lineProblem([1, 2, 3], [1, 2, 3]);
    expect(() => levenbergMarquardt(prob, [0])).toThrow(AnalysisError);
    expect(() => levenbergMarquardt(prob, [NaN, 0])).toThrow(AnalysisError);
    expect(() => levenbergMarquardt(lineProblem([1], [1]), [0, 0])).toThrow(AnalysisError);
    expect(() => levenbergMarquardt(prob, [0, 0], { lower: [1, 1], upper: [0, 0] })).toThrow(
      AnalysisError,
    );
    expect(() => levenbergMarquardt(prob, [0, 0], { ftol: -1 })).toThrow(AnalysisError);
  });
});

describe('levenbergMarquardt with arbitrary start and options', () => {
  it('never throws anything but AnalysisError', () => {
    const prob = lineProblem([1, 2, 3, 4], [2, 4.1, 5.9, 8.2]);
    const num = fc.oneof(fc.double(), fc.constantFrom(NaN, Infinity, -Infinity, 0));
    fc.assert(
      fc.property(
        fc.oneof(fc.array(num, { maxLength: 3 }), fc.anything()),
        fc.oneof(
          fc.record(
            {
              lower: fc.array(num, { maxLength: 3 }),
              upper: fc.array(num, { maxLength: 3 }),
              fixed: fc.array(fc.boolean(), { maxLength: 3 }),
              maxIterations: fc.integer({ min: -2, max: 30 }),
              ftol: num,
            },
            { requiredKeys: [] },
          ),
          fc.constant(undefined),
          fc.anything(),
        ),
        (initial, options) => {
          try {
            const fit = levenbergMarquardt(prob, initial as never, options as never);
            expect([
              'converged-ftol',
              'converged-xtol',
              'converged-gtol',
              'max-iterations',
              'singular',
              'non-finite',
            ]).toContain(fit.status);
          } catch (err) {
            if (!(err instanceof AnalysisError)) throw err;
          }
        },
      ),
      { seed: 3, numRuns: 500 },
    );
  });
});

describe('cholesky', () => {
  it('solves and inverts a small SPD system', () => {
    const a = new Float64Array([4, 2, 0.6, 2, 2, 0.5, 0.6, 0.5, 3]);
    const l = a.slice();
    expect(choleskyFactor(l, 3)).toBeGreaterThan(0);
    const b = new Float64Array([1, 2, 3]);
    choleskySolve(l, 3, b);
    for (let i = 0; i < 3; i++) {
      const row = a[i * 3] * b[0] + a[i * 3 + 1] * b[1] + a[i * 3 + 2] * b[2];
      expect(row).toBeCloseTo(i + 1, 12);
    }
    const inv = new Float64Array(9);
    choleskyInverse(l, 3, inv, new Float64Array(3));
    for (let i = 0; i < 3; i++) {
      for (let j = 0; j < 3; j++) {
        let s = 0;
        for (let k = 0; k < 3; k++) s += a[i * 3 + k] * inv[k * 3 + j];
        expect(s).toBeCloseTo(i === j ? 1 : 0, 12);
      }
    }
  });

  it('reports a non positive-definite matrix', () => {
    expect(choleskyFactor(new Float64Array([1, 2, 2, 1]), 2)).toBe(0);
  });
});
