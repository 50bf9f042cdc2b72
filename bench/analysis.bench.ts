/**
 * Analysis-core benchmark (`npm run bench:analysis`): single-threaded throughput of the curve
 * fits, with the accuracy of the LL.4 IC50 against the generating parameters.
 *
 * - LL.4: 1,000 synthetic curves, 10 doses (2-fold, 0.390625–200 µM) × 3 replicates, Gaussian
 *   noise (SD 3 % viability), seeded. Each fit is the full `fitDoseResponse` (start values, LM,
 *   covariance, IC50 log-scale t CI, flags, provenance hash).
 * - SFO kinetics (`fitSfo`) and calibration (`fitCalibrationLine`): see their sections.
 * - MTT plate analysis (`analysePlateData`, the pure step of every plate import) on 96- and
 *   384-well plates laid out and read as in bench/ingest.bench.ts, with its main parts.
 * Reference points on the 2-core dev machine (issue #4): drc ≈ 12 ms/curve, scipy curve_fit
 * ≈ 0.55 ms/curve; target ≥ 20,000 LL.4 fits/s.
 */
import { performance } from 'node:perf_hooks';
import { fitCalibrationLine } from '../src/analysis/calibration/weighted-calibration';
import {
  DOSE_RESPONSE_FLAG_SEVERITY,
  DoseResponseFit,
  fitDoseResponse,
  logLogistic,
} from '../src/analysis/dose-response';
import { fitSfo } from '../src/analysis/kinetics';
import { LeastSquaresProblem, levenbergMarquardt } from '../src/analysis/fitting';
import {
  hashMttPlateInput,
  hashQcPlateInput,
  type MttPlate,
  type MttWell,
  normalizeMtt,
  plateQcFromMtt,
  type PlateSize,
} from '../src/analysis/plate';
import {
  analysePlateData,
  type AnalysisLayoutWell,
  type AnalysisWellReading,
  type PlateAnalysisInput,
} from '../src/assays/viability/plate-analysis';
import { qcOptionsFor, viabilitySettingsFrom } from '../src/assays/viability/viability-settings';
import { normalizeLayoutWells } from '../src/plates/layout-wells';
import { timeOrderedId } from '../src/common/time-ordered-id';
import { benchAbsorbance, benchPlateDims, benchWellAt, mulberry32 } from './mtt-bench-plate';

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

function ll4Curves(count: number, seed: number, noiseSd = 3): Curve[] {
  const u = mulberry32(seed);
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
        y.push(c + (d - c) / (1 + Math.exp(b * (Math.log(dose) - Math.log(e)))) + noiseSd * z());
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
  const errorFits: DoseResponseFit[] = [];
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
    errorFits.push(f);
    if (f.ic50Ci95[0] <= c.e && c.e <= f.ic50Ci95[1]) ciCovers++;
  });
  timeIt(
    'fitDoseResponse (IC50, log-scale t CI, all flags, inputHash: sha256 of canonical input)',
    curves,
    (c) => fitDoseResponse({ concentrations: c.x, responses: c.y }),
  );
  console.log(`  failures (no reportable IC50 with CI): ${failures} / ${curves.length}`);
  console.log(
    `  solver failures (RSS above the RSS of the generating parameters): ${solverFailures} / ${curves.length}`,
  );
  const worst = errors.indexOf(Math.max(...errors));
  const worstFlags = errorFits[worst].flags;
  console.log(
    `  relative IC50 error vs generating e: median ${(median(errors) * 100).toFixed(3)} %, worst ${(errors[worst] * 100).toFixed(3)} % ` +
      `(${worstFlags.length > 0 ? `flagged: ${worstFlags.join(', ')}` : 'carried no flag'})`,
  );
  console.log(
    `  95 % CI coverage of the generating e: ${((ciCovers / errors.length) * 100).toFixed(1)} %`,
  );
}

/**
 * False alarms: the share of monotone curves (the generator above, every curve a true LL.4) on
 * which each flag fires, at SD 5 % noise (SCIENCE.md §2: non-monotone < 1 in 1,000), with the fit
 * rate measured on the same curves, and the worst IC50 error with the flags it carried.
 */
function flagSection(count: number): void {
  console.log(
    `Flag false-positive rates (${count.toLocaleString('en-US')} monotone LL.4 curves, 10 doses × 3, noise SD 5 %, bottoms 0–10 %)`,
  );
  const curves = ll4Curves(count, 20251206, 5);
  const counts = new Map<string, number>(
    Object.keys(DOSE_RESPONSE_FLAG_SEVERITY).map((f) => [f, 0]),
  );
  let worstError = -1;
  let worstFlags: string[] = [];
  let reported = 0;
  for (const c of curves) {
    const f = fitDoseResponse({ concentrations: c.x, responses: c.y });
    for (const flag of f.flags) counts.set(flag, (counts.get(flag) ?? 0) + 1);
    if (f.ic50 !== null) {
      reported++;
      const err = Math.abs(f.ic50 / c.e - 1);
      if (err > worstError) {
        worstError = err;
        worstFlags = f.flags;
      }
    }
  }
  timeIt(
    'fitDoseResponse on these curves',
    curves.slice(0, 1000),
    (c) => fitDoseResponse({ concentrations: c.x, responses: c.y }),
    1000,
  );
  for (const [flag, n] of counts) {
    const sev = DOSE_RESPONSE_FLAG_SEVERITY[flag as keyof typeof DOSE_RESPONSE_FLAG_SEVERITY];
    console.log(
      `  ${flag.padEnd(24)} ${String(n).padStart(6)} / ${count}  (${((100 * n) / count).toFixed(3)} %, ${sev})`,
    );
  }
  console.log(
    `  point IC50 reported on ${reported} / ${count}; worst relative IC50 error ${(worstError * 100).toFixed(2)} % ` +
      `(${worstFlags.length > 0 ? `flagged: ${worstFlags.join(', ')}` : 'carried no flag'})`,
  );
}

// ---------------------------------------------------------------------------------------------
// SFO kinetics fits/s (src/analysis/kinetics `fitSfo`: C = C0·exp(−k t), unweighted, FOCUS 2006)
// ---------------------------------------------------------------------------------------------
function sfoSection(): void {
  console.log(
    'SFO kinetics, C = C0·exp(−k t) (1,000 series, 7 timepoints × 3 replicates, 3 % noise)',
  );
  const u = mulberry32(7);
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
  const u = mulberry32(11);
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

// ---------------------------------------------------------------------------------------------
// MTT plate analysis per plate (src/assays/viability/plate-analysis `analysePlateData`)
// ---------------------------------------------------------------------------------------------
const PARENTAL_ID = '0190a1b2-0000-7000-8000-000000000001';
const RESISTANT_ID = '0190a1b2-0000-7000-8000-000000000002';

/** The layout wells as the plate map of the ingest benchmark stores them (row-major). */
function benchLayoutWells(size: PlateSize): AnalysisLayoutWell[] {
  const { rows, columns } = benchPlateDims(size);
  const specs = [];
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < columns; c++) {
      const w = benchWellAt(size, r, c);
      specs.push({
        well: `${String.fromCharCode(65 + r)}${c + 1}`,
        role: w.role,
        materialId:
          w.line === 'parental' ? PARENTAL_ID : w.line === 'resistant' ? RESISTANT_ID : null,
        concentrationValue: w.role === 'empty' ? null : w.concentrationUm,
        concentrationUnit: w.role === 'empty' ? null : 'uM',
      });
    }
  }
  const checked = normalizeLayoutWells(specs, size);
  if (!checked.ok) throw new Error(JSON.stringify(checked.problems));
  return checked.wells;
}

/** The raw values of a 570 + 650 nm grid file of the ingest benchmark (4 decimals). */
function benchWellReadings(size: PlateSize, seed: number): AnalysisWellReading[] {
  const u = mulberry32(seed);
  const { rows, columns } = benchPlateDims(size);
  const out: AnalysisWellReading[] = [];
  for (const nm of [570, 650]) {
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < columns; c++) {
        const w = benchWellAt(size, r, c);
        const a = benchAbsorbance(w, nm, u);
        out.push({
          id: timeOrderedId(),
          well: `${String.fromCharCode(65 + r)}${c + 1}`,
          wavelengthNm: nm,
          value: Number(a.toFixed(4)),
        });
      }
    }
  }
  return out;
}

function benchPlateInputs(size: PlateSize, count: number): PlateAnalysisInput[] {
  const layoutWells = benchLayoutWells(size);
  return Array.from({ length: count }, (_, i) => ({
    plateId: timeOrderedId(),
    runId: null,
    readingId: timeOrderedId(),
    plateSize: size,
    measurementWavelengthNm: 570,
    referenceWavelengthNm: 650,
    layoutWells,
    wellReadings: benchWellReadings(size, 1000 + i),
    excludedWells: new Set<string>(),
    materialNames: new Map([
      [PARENTAL_ID, 'HIG-82 parental'],
      [RESISTANT_ID, 'HIG-82 6-TG-R'],
    ]),
    settings: viabilitySettingsFrom(undefined),
  }));
}

/** The MTT plate analysePlateData hands to normalizeMtt and plateQcFromMtt. */
function mttPlateOf(input: PlateAnalysisInput): MttPlate {
  const byWell = new Map<string, { m?: number; r?: number }>();
  for (const r of input.wellReadings) {
    const e = byWell.get(r.well) ?? {};
    if (r.wavelengthNm === input.measurementWavelengthNm) e.m = r.value ?? undefined;
    else e.r = r.value ?? undefined;
    byWell.set(r.well, e);
  }
  const wells: MttWell[] = [];
  for (const w of input.layoutWells) {
    if (w.role === 'empty') continue;
    wells.push({
      well: w.well,
      role: w.role,
      line: w.materialId,
      concentration: w.concentrationMolar === null ? null : w.concentrationMolar * 1e6,
      inhibitor: null,
      absorbance: byWell.get(w.well)?.m ?? null,
      referenceAbsorbance: byWell.get(w.well)?.r ?? null,
    });
  }
  return { format: input.plateSize as PlateSize, wells };
}

/** µs of CPU time per call of `fn` over `items` (at least `minMs` of wall time, after warm-up). */
function usPerCall<T>(label: string, items: T[], fn: (item: T) => unknown, minMs = 1500): number {
  for (let i = 0; i < Math.max(items.length * 4, 400); i++) fn(items[i % items.length]);
  let done = 0;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  while (performance.now() - t0 < minMs) {
    for (const item of items) fn(item);
    done += items.length;
  }
  const cpu = process.cpuUsage(cpu0);
  const us = (cpu.user + cpu.system) / done;
  const wallUs = ((performance.now() - t0) * 1000) / done;
  console.log(
    `  ${label.padEnd(58)} ${us.toFixed(1).padStart(8)} µs/plate CPU (${wallUs.toFixed(1)} wall)`,
  );
  return us;
}

function plateSection(): void {
  console.log(
    'MTT plate analysis (analysePlateData: 570 − 650 nm, 2 lines × 9 doses × 3, positive row)',
  );
  for (const size of [96, 384] as const) {
    // Distinct plates, enough that V8's number-to-text cache does not hold their absorbances
    // (every plate a server imports is new).
    const inputs = benchPlateInputs(size, size === 96 ? 200 : 50);
    const plates = inputs.map(mttPlateOf);
    const qcOptions = qcOptionsFor(inputs[0].settings);
    const qcPlates = plates.map((p) => ({
      format: p.format,
      wells: p.wells.map((w) => ({
        well: w.well,
        role: w.role,
        signal: (w.absorbance as number) - (w.referenceAbsorbance as number),
        line: w.line,
        concentration: w.concentration,
        inhibitor: w.inhibitor,
      })),
    }));
    const series = plates.map((p) => normalizeMtt(p).series);
    console.log(`  ${size}-well plate (${plates[0].wells.length} wells used):`);
    usPerCall('analysePlateData (whole pure step)', inputs, (i) => analysePlateData(i));
    usPerCall('  normalizeMtt', plates, (p) => normalizeMtt(p));
    usPerCall('  plateQcFromMtt', plates, (p) => plateQcFromMtt(p, qcOptions));
    usPerCall('  hashMttPlateInput (inside normalizeMtt)', plates, (p) => hashMttPlateInput(p));
    usPerCall('  hashQcPlateInput (inside plateQcFromMtt)', qcPlates, (p) => hashQcPlateInput(p));
    usPerCall('  fitDoseResponse per series, + inputHash', series, (ss) => {
      let h = '';
      for (const s of ss) {
        h = fitDoseResponse({
          concentrations: s.concentrations,
          responses: s.viabilityPct,
        }).inputHash;
      }
      return h;
    });
  }
}

function main(): void {
  console.log(`ThioLab analysis benchmark — Node ${process.version}, single thread\n`);
  // `npm run bench:analysis -- --plates`: the plate section only.
  if (!process.argv.includes('--plates')) {
    ll4Section();
    console.log('');
    flagSection(10000);
    console.log('');
    sfoSection();
    console.log('');
    calibrationSection();
    console.log('');
  }
  plateSection();
}

main();
