/**
 * Analysis-core benchmark (`npm run bench:analysis`): single-threaded throughput of the curve
 * fits, with the accuracy of the LL.4 IC50 against the generating parameters.
 *
 * - LL.4: 1,000 synthetic curves, 10 doses (2-fold, 0.390625–200 µM) × 3 replicates, Gaussian
 *   noise (SD 3 % viability), seeded. Each fit is the full `fitDoseResponse` (start values, LM,
 *   covariance, IC50 log-scale t CI, flags, provenance hash).
 * - SFO kinetics (`fitSfo`) and calibration (`fitCalibrationLine`): see their sections.
 * Reference points on the 2-core dev machine (issue #4): drc ≈ 12 ms/curve, scipy curve_fit
 * ≈ 0.55 ms/curve; target ≥ 20,000 LL.4 fits/s.
 */
import { performance } from 'node:perf_hooks';
import { fitCalibrationLine } from '../src/analysis/calibration/weighted-calibration';
import { DoseResponseFit, fitDoseResponse, logLogistic } from '../src/analysis/dose-response';
import { fitSfo } from '../src/analysis/kinetics';
import { LeastSquaresProblem, levenbergMarquardt } from '../src/analysis/fitting';

/** mulberry32: small seeded PRNG, deterministic across runs. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function gaussian(u: () => number): () => number {
  return () => {
    // Box–Muller; 1 − u avoids log(0).
    const r = Math.sqrt(-2 * Math.log(1 - u()));
    return r * Math.cos(2 * Math.PI * u());
  };
}

interface Curve {
  x: number[];
  y: number[];
  b: number;
  c: number;
  d: number;
  e: number;
}

function ll4Curves(count: number, seed: number): Curve[] {
  const u = rng(seed);
  const z = gaussian(u);
  const doses = Array.from({ length: 10 }, (_, i) => 200 / 2 ** i);
  const curves: Curve[] = [];
  for (let k = 0; k < count; k++) {
    const b = 0.8 + 1.7 * u();
    const c = 10 * u();
    const d = 95 + 10 * u();
    // IC50 well inside the tested range (1.5–50 µM).
    const e = Math.exp(Math.log(1.5) + u() * (Math.log(50) - Math.log(1.5)));
    const x: number[] = [];
    const y: number[] = [];
    for (const dose of doses) {
      for (let r = 0; r < 3; r++) {
        x.push(dose);
        y.push(c + (d - c) / (1 + Math.exp(b * (Math.log(dose) - Math.log(e)))) + 3 * z());
      }
    }
    curves.push({ x, y, b, c, d, e });
  }
  return curves;
}

/**
 * Runs `fn` over `items` repeatedly for at least `minMs` after a warm-up and prints the rate.
 * The machine is shared, so the rate is computed from this process's CPU time (user + system,
 * one thread) as well as from wall time; "per core" means the CPU-time figure.
 */
function timeIt<T>(label: string, items: T[], fn: (item: T) => unknown, minMs = 2000): number {
  for (let i = 0; i < Math.min(items.length * 2, 2000); i++) fn(items[i % items.length]); // warm-up
  let done = 0;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  let elapsed = 0;
  while (elapsed < minMs) {
    for (const item of items) fn(item);
    done += items.length;
    elapsed = performance.now() - t0;
  }
  const cpu = process.cpuUsage(cpu0);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  const perCpuSecond = (done / cpuMs) * 1000;
  const perWallSecond = (done / elapsed) * 1000;
  const fmt = (v: number): string => Math.round(v).toLocaleString('en-US');
  console.log(
    `  ${label}: ${fmt(perCpuSecond)} fits/s per core (CPU time, ${((cpuMs / done) * 1000).toFixed(1)} µs/fit); ` +
      `${fmt(perWallSecond)} fits/s wall clock`,
  );
  return perCpuSecond;
}

function median(v: number[]): number {
  const s = [...v].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function ll4Section(): void {
  console.log('LL.4 dose-response (1,000 curves, 10 doses × 3 replicates, noise SD 3 %)');
  const curves = ll4Curves(1000, 20240731);
  const fits: DoseResponseFit[] = curves.map((c) =>
    fitDoseResponse({ concentrations: c.x, responses: c.y }),
  );
  let failures = 0;
  let solverFailures = 0;
  const errors: number[] = [];
  let ciCovers = 0;
  fits.forEach((f, i) => {
    const c = curves[i];
    // A solver failure: the fit ends with a larger RSS than the generating parameters give.
    let rssTrue = 0;
    for (let j = 0; j < c.x.length; j++) {
      const m = logLogistic(c.x[j], c.b, c.c, c.d, c.e);
      rssTrue += (c.y[j] - m) ** 2;
    }
    if (f.rss === null || f.rss > rssTrue * (1 + 1e-9)) solverFailures++;
    if (f.status !== 'fitted' || f.ic50 === null || f.ic50Ci95 === null) {
      failures++;
      return;
    }
    errors.push(Math.abs(f.ic50 / c.e - 1));
    if (f.ic50Ci95[0] <= c.e && c.e <= f.ic50Ci95[1]) ciCovers++;
  });
  timeIt(
    'fitDoseResponse (IC50, log-scale t CI, all flags; inputHash computed on first read)',
    curves,
    (c) => fitDoseResponse({ concentrations: c.x, responses: c.y }),
  );
  timeIt(
    'fitDoseResponse + reading inputHash (sha256 of canonical input, as when stored)',
    curves,
    (c) => fitDoseResponse({ concentrations: c.x, responses: c.y }).inputHash,
  );
  console.log(`  failures (no reportable IC50 with CI): ${failures} / ${curves.length}`);
  console.log(
    `  solver failures (RSS above the RSS of the generating parameters): ${solverFailures} / ${curves.length}`,
  );
  console.log(
    `  relative IC50 error vs generating e: median ${(median(errors) * 100).toFixed(3)} %, worst ${(Math.max(...errors) * 100).toFixed(3)} %`,
  );
  console.log(
    `  95 % CI coverage of the generating e: ${((ciCovers / errors.length) * 100).toFixed(1)} %`,
  );
}

// ---------------------------------------------------------------------------------------------
// SFO kinetics fits/s (src/analysis/kinetics `fitSfo`: C = C0·exp(−k t), unweighted, FOCUS 2006)
// ---------------------------------------------------------------------------------------------
function sfoSection(): void {
  console.log(
    'SFO kinetics, C = C0·exp(−k t) (1,000 series, 7 timepoints × 3 replicates, 3 % noise)',
  );
  const u = rng(7);
  const z = gaussian(u);
  const times = [0, 1, 2, 4, 8, 24, 48];
  const series = Array.from({ length: 1000 }, () => {
    const c0 = 80 + 40 * u();
    const k = 0.02 + 0.2 * u();
    const timeHours: number[] = [];
    const concentration: number[] = [];
    for (const ti of times) {
      for (let r = 0; r < 3; r++) {
        timeHours.push(ti);
        concentration.push(c0 * Math.exp(-k * ti) * (1 + 0.03 * z()));
      }
    }
    return { timeHours, concentration };
  });
  let failures = 0;
  for (const s of series) if (fitSfo(s).status !== 'converged') failures++;
  timeIt('fitSfo (C0, k, SEs, CIs, DT50/DT90)', series, (s) => fitSfo(s));
  console.log(`  failures (not converged): ${failures} / ${series.length}`);
  const fitSfoViaCore = (s: { timeHours: number[]; concentration: number[] }) => {
    const n = s.timeHours.length;
    const problem: LeastSquaresProblem = {
      n,
      p: 2,
      evaluate(theta, r, jac) {
        for (let i = 0; i < n; i++) {
          const ex = Math.exp(-theta[1] * s.timeHours[i]);
          r[i] = theta[0] * ex - s.concentration[i];
          jac[2 * i] = ex;
          jac[2 * i + 1] = -theta[0] * s.timeHours[i] * ex;
        }
      },
    };
    return levenbergMarquardt(problem, [s.concentration[0], 0.05], {
      lower: [0, 0],
      computeCovariance: true,
    });
  };
  timeIt('bare fitting core on the same problem (LM + covariance only)', series, fitSfoViaCore);
}

// ---------------------------------------------------------------------------------------------
// Calibration fits/s (src/analysis/calibration, weighted linear least squares 1/x²)
// ---------------------------------------------------------------------------------------------
function calibrationSection(): void {
  console.log('Calibration, weighted 1/x² line (1,000 batches, 8 calibrators)');
  const u = rng(11);
  const z = gaussian(u);
  const levels = [1, 2, 5, 10, 50, 100, 500, 1000];
  const batches = Array.from({ length: 1000 }, () => {
    const slope = 0.005 + 0.01 * u();
    const intercept = 0.001 * u();
    return {
      concentration: levels,
      response: levels.map((x) => (intercept + slope * x) * (1 + 0.04 * z())),
    };
  });
  timeIt('fitCalibrationLine', batches, (b) => fitCalibrationLine(b, { weighting: '1/x^2' }));
}

function main(): void {
  console.log(`ThioLab analysis benchmark — Node ${process.version}, single thread\n`);
  ll4Section();
  console.log('');
  sfoSection();
  console.log('');
  calibrationSection();
}

main();
