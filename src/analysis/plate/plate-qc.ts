import { AnalysisError, assertFinite } from '../common/analysis-error';
import type { Provenance } from '../common/provenance';
import { SummaryStatistics, summarize } from '../stats/descriptive';
import { finiteOrNull } from '../stats/json-safe';
import type { FlagDetail, FlagSeverity } from '../common/flag-severity';
import { EdgeEffectResult, edgeEffect } from './edge-effect';
import { plateUniformity, type UniformityResult, type UniformityWell } from './edge-drift';
import type { MttPlate } from './normalize-mtt';
import { hashQcPlateInput } from './plate-input-hash';
import {
  inferPlateSize,
  PlateSize,
  GridIndex,
  gridIndex,
  wellNameAt,
  WellPosition,
  wellPositionAt,
} from './well-position';
import { assertWellRole, isIgnoredRole, WellRole } from './well-role';
import { classifyZPrime, zPrime, ZPrimeClass } from './z-prime';

export const PLATE_QC_METHOD = 'plate/qc-zprime-cv-edge';
export const PLATE_QC_METHOD_VERSION = '1.1.0';

/** A well with its raw signal (e.g. A570 − A650, not blank-subtracted). */
export interface QcWell {
  well: string;
  role: WellRole;
  /** null is allowed for empty/excluded wells only. */
  signal: number | null;
  line?: string | null;
  concentration?: number | null;
  inhibitor?: string | null;
}

export interface QcPlate {
  format?: PlateSize;
  wells: readonly QcWell[];
}

export interface PlateQcOptions {
  /** Z′ at or above this is 'good'. Default 0.5. */
  zPrimeGood?: number;
  /** Replicate groups above this CV % are flagged. Default 20. */
  maxReplicateCvPct?: number;
  /**
   * Edge effect and drift: |outer row or column − inner| (or the change across the plate)
   * threshold, % of the inner mean. Default 10.
   */
  edgeEffectThresholdPct?: number;
  /** Edge effect: Welch t test significance level. Default 0.05. */
  edgeEffectAlpha?: number;
}

/** Controls and Z′ of one line (or of the whole plate). */
export interface ControlQc {
  line: string | null;
  vehicle: SummaryStatistics;
  positive: SummaryStatistics;
  /** Blank wells are plate-wide (they carry no cells, hence no line). */
  blank: SummaryStatistics;
  zPrimeVehicleVsPositive: number | null;
  zPrimeVehicleVsBlank: number | null;
  /** Z′ used for the class: against the positive control when present, else the blank. */
  zPrime: number | null;
  zPrimeClass: ZPrimeClass | null;
  /** Signal-to-background S/B = mean(vehicle)/mean(blank) (null without blank wells). */
  signalToBackground: number | null;
  /** Signal window (HTS "S/B") = mean(vehicle)/mean(positive) (null without positive wells). */
  signalWindow: number | null;
  /** = signalWindow (the earlier name). */
  vehicleOverPositive: number | null;
}

export interface ReplicateGroupQc extends SummaryStatistics {
  role: WellRole;
  line: string | null;
  concentration: number | null;
  inhibitor: string | null;
  wells: string[];
  /** CV above the threshold, in a group whose signal is at least 10 % of the vehicle mean. */
  highCv: boolean;
}

export type PlateQcFlag =
  | 'zprime-marginal'
  | 'zprime-fail'
  | 'zprime-undefined'
  | 'high-replicate-cv'
  | 'edge-effect'
  | 'drift';

/** Severity of each plate-QC flag (SCIENCE.md §2). */
export const PLATE_QC_FLAG_SEVERITY: Readonly<Record<PlateQcFlag, FlagSeverity>> = Object.freeze({
  'zprime-marginal': 'warning',
  'zprime-fail': 'blocks-approval',
  'zprime-undefined': 'blocks-approval',
  'high-replicate-cv': 'warning',
  'edge-effect': 'warning',
  drift: 'warning',
});

/** A quantity the plate's layout does not support, and why. */
export interface NotComputed {
  quantity: string;
  reason: string;
}

export interface PlateQc extends Provenance {
  format: PlateSize;
  /** All vehicle wells against all positive (and blank) wells. */
  overall: ControlQc;
  /** Per line: the line's vehicle and positive wells against the plate's blanks. */
  byLine: ControlQc[];
  replicateGroups: ReplicateGroupQc[];
  /** Outer ring vs inner vehicle wells, each as % of its line's vehicle mean (summary). */
  edgeEffect: EdgeEffectResult;
  /** Each outer row and column on its own, and drift, for vehicle and sample wells. */
  uniformity: UniformityResult;
  excludedWells: string[];
  flags: PlateQcFlag[];
  /** Every flag with its severity and where (for edge effects and drift). */
  flagDetails: FlagDetail[];
  /** What the layout does not support, and why (e.g. no blank wells: no S/B). */
  notComputed: NotComputed[];
}

function ratio(a: number | null, b: number | null): number | null {
  return a !== null && b !== null && b !== 0 ? finiteOrNull(a / b) : null;
}

function controlQc(
  line: string | null,
  vehicle: number[],
  positive: number[],
  blank: number[],
  goodThreshold: number,
): ControlQc {
  const v = summarize(vehicle);
  const p = summarize(positive);
  const b = summarize(blank);
  const zPos = zPrime(v.mean, v.sd, p.mean, p.sd);
  const zBlank = zPrime(v.mean, v.sd, b.mean, b.sd);
  const z = p.n > 0 ? zPos : zBlank;
  return {
    line,
    vehicle: v,
    positive: p,
    blank: b,
    zPrimeVehicleVsPositive: zPos,
    zPrimeVehicleVsBlank: zBlank,
    zPrime: z,
    zPrimeClass: z === null ? null : classifyZPrime(z, goodThreshold),
    signalToBackground: ratio(v.mean, b.mean),
    signalWindow: ratio(v.mean, p.mean),
    vehicleOverPositive: ratio(v.mean, p.mean),
  };
}

/** A vehicle well, for the edge-effect check. */
interface VehicleWell {
  index: GridIndex;
  line: string | null;
  signal: number;
}

/** A replicate group while the wells are read: its key, its wells and their signals. */
interface GroupBuilder {
  role: WellRole;
  line: string | null;
  concentration: number | null;
  inhibitor: string | null;
  wells: string[];
  /** Grid index of each well (positions for the edge checks without parsing names again). */
  indices: GridIndex[];
  signals: number[];
}

/** A line or inhibitor: a non-empty string, else null. */
function stringOrNull(v: unknown): string | null {
  return typeof v === 'string' && v !== '' ? v : null;
}

/**
 * Plate quality control on raw signals (A570 − A_ref; blank subtraction does not change Z′):
 * - Z′ = 1 − 3(σ_vehicle + σ_low)/|μ_vehicle − μ_low| with the sample SD (n − 1), low = positive
 *   control and, separately, blank; class good ≥ 0.5 > marginal ≥ 0 > fail (Zhang et al. 1999,
 *   J Biomol Screen 4:67), for the plate and per line;
 * - signal-to-background S/B = μ_vehicle/μ_blank;
 * - CV % = 100·sd/mean per replicate group (role, line, concentration, inhibitor);
 * - signal window = μ_vehicle/μ_positive (HTS "S/B");
 * - edge effects (each outer row and column on its own against the inner wells of the same
 *   role, vehicle wells and sample wells in replicate groups) and linear drift across rows and
 *   across columns ({@link plateUniformity}); the outer-ring summary of Lundholt et al. (2003);
 * - what the layout does not support, and why (`notComputed`): a control-only plate (vehicle and
 *   positive wells, no blanks, no dose series) gets Z′, the signal window, CVs, edge and drift.
 * `empty` and `excluded` wells are ignored. Throws AnalysisError for malformed wells only.
 */
export function plateQc(plate: QcPlate, options: PlateQcOptions = {}): PlateQc {
  if (plate === null || typeof plate !== 'object' || !Array.isArray(plate.wells)) {
    throw new AnalysisError('BAD_INPUT', 'plate.wells must be an array', 'wells');
  }
  const goodThreshold = options.zPrimeGood ?? 0.5;
  const maxCv = options.maxReplicateCvPct ?? 20;
  assertFinite(goodThreshold, 'goodThreshold');
  assertFinite(maxCv, 'maxCv');
  const format: PlateSize = plate.format ?? inferPlateSize(plate.wells.map((w) => w?.well));
  if (format !== 96 && format !== 384) {
    throw new AnalysisError('BAD_PLATE_FORMAT', 'plate format must be 96 or 384', 'format');
  }

  // One pass validates the wells (in plate order: the first problem is the one reported) and
  // sorts their signals into every set a statistic is computed on, each in plate order: the
  // plate's blank, vehicle and positive wells; each line's vehicle and positive wells (lines in
  // first-seen order); the replicate groups (role, line, concentration, inhibitor), in
  // first-seen order.
  const input = plate.wells;
  const seen = new Uint8Array(16 * 24);
  const excludedWells: string[] = [];
  const vehicleWells: VehicleWell[] = [];
  const blank: number[] = [];
  const vehicle: number[] = [];
  const positive: number[] = [];
  const controlsByLine = new Map<string, { vehicle: number[]; positive: number[] }>();
  const groups: GroupBuilder[] = [];
  // Replicate groups by line and concentration (a Map key treats 0 and −0 alike, as the
  // number's text does); the few groups under one key differ in role or inhibitor.
  const groupIndex = new Map<string | null, Map<number | null, GroupBuilder[]>>();
  for (let i = 0; i < input.length; i++) {
    if (!(i in input)) continue; // a hole, as forEach skips it
    const w = input[i];
    if (w === null || typeof w !== 'object') {
      throw new AnalysisError('BAD_INPUT', `wells[${i}] must be an object`, `wells[${i}]`);
    }
    const index = gridIndex(w.well, format);
    const name = wellNameAt(index);
    if (seen[index] === 1) {
      throw new AnalysisError('DUPLICATE_WELL', `well ${name} appears twice`, name);
    }
    seen[index] = 1;
    const role = w.role;
    assertWellRole(role, name);
    if (role === 'excluded') excludedWells.push(name);
    if (isIgnoredRole(role)) continue;
    const signal = w.signal;
    if (typeof signal !== 'number' || !Number.isFinite(signal)) {
      assertFinite(signal, `${name}.signal`);
    }
    const concentration = w.concentration ?? null;
    if (
      concentration !== null &&
      (typeof concentration !== 'number' || !Number.isFinite(concentration))
    ) {
      assertFinite(concentration, `${name}.concentration`);
    }
    const line = stringOrNull(w.line);
    const inhibitor = stringOrNull(w.inhibitor);

    if (role === 'blank') blank.push(signal);
    else if (role === 'vehicle' || role === 'positive') {
      (role === 'vehicle' ? vehicle : positive).push(signal);
      if (line !== null) {
        let c = controlsByLine.get(line);
        if (!c) controlsByLine.set(line, (c = { vehicle: [], positive: [] }));
        c[role].push(signal);
      }
      if (role === 'vehicle') vehicleWells.push({ index, line, signal });
    }

    let byConcentration = groupIndex.get(line);
    if (!byConcentration) groupIndex.set(line, (byConcentration = new Map()));
    let candidates = byConcentration.get(concentration);
    if (!candidates) byConcentration.set(concentration, (candidates = []));
    let g: GroupBuilder | undefined;
    for (const c of candidates) {
      if (c.role === role && c.inhibitor === inhibitor) {
        g = c;
        break;
      }
    }
    if (!g) {
      g = { role, line, concentration, inhibitor, wells: [], indices: [], signals: [] };
      candidates.push(g);
      groups.push(g);
    }
    g.wells.push(name);
    g.indices.push(index);
    g.signals.push(signal);
  }

  const overall = controlQc(null, vehicle, positive, blank, goodThreshold);
  const byLine: ControlQc[] = [];
  for (const [line, c] of controlsByLine) {
    byLine.push(controlQc(line, c.vehicle, c.positive, blank, goodThreshold));
  }

  const vehicleMean = overall.vehicle.mean;
  const replicateGroups: ReplicateGroupQc[] = [];
  let highCvGroup = false;
  for (const g of groups) {
    const s = summarize(g.signals);
    const role = g.role;
    // Near background (blank, positive, full kill) a CV says nothing about pipetting.
    const relevant =
      (role === 'vehicle' || role === 'treated' || role === 'inhibitor-only') &&
      (vehicleMean === null ||
        (s.mean !== null && Math.abs(s.mean) >= 0.1 * Math.abs(vehicleMean)));
    const highCv = relevant && s.cvPct !== null && s.cvPct > maxCv;
    if (highCv) highCvGroup = true;
    replicateGroups.push({
      n: s.n,
      mean: s.mean,
      sd: s.sd,
      cvPct: s.cvPct,
      role,
      line: g.line,
      concentration: g.concentration,
      inhibitor: g.inhibitor,
      wells: g.wells,
      highCv,
    });
  }

  // Each vehicle well relative to its line's vehicle mean (%), so that lines with different
  // signal levels placed on different rows do not pass for an edge effect.
  const lineVehicleMean = new Map<string | null, number>();
  for (const c of [overall, ...byLine]) {
    if (c.vehicle.mean !== null && c.vehicle.mean !== 0)
      lineVehicleMean.set(c.line, c.vehicle.mean);
  }
  const edgeWells: { position: WellPosition; signal: number }[] = [];
  for (const w of vehicleWells) {
    const m = lineVehicleMean.get(w.line) ?? lineVehicleMean.get(null) ?? 1;
    edgeWells.push({ position: wellPositionAt(w.index), signal: 100 * (w.signal / m) });
  }
  const edge = edgeEffect(edgeWells, format, {
    thresholdPct: options.edgeEffectThresholdPct,
    alpha: options.edgeEffectAlpha,
  });
  // Sample wells in replicate groups, each as % of its group mean (groups away from background).
  const sampleWells: UniformityWell[] = [];
  for (const g of groups) {
    if (g.role !== 'treated' || g.signals.length < 2) continue;
    const m = summarize(g.signals).mean;
    if (m === null || vehicleMean === null || !(Math.abs(m) >= 0.25 * Math.abs(vehicleMean))) {
      continue;
    }
    for (let i = 0; i < g.indices.length; i++) {
      sampleWells.push({
        position: wellPositionAt(g.indices[i]),
        valuePct: (100 * g.signals[i]) / m,
      });
    }
  }
  const uniformity = plateUniformity(
    [
      {
        set: 'vehicle',
        label: 'vehicle wells',
        wells: edgeWells.map((w) => ({ position: w.position, valuePct: w.signal })),
      },
      ...(sampleWells.length > 0
        ? [{ set: 'samples', label: 'sample wells', wells: sampleWells }]
        : []),
    ],
    format,
    { thresholdPct: options.edgeEffectThresholdPct, alpha: options.edgeEffectAlpha },
  );

  const flags: PlateQcFlag[] = [];
  let fail = overall.zPrimeClass === 'fail';
  let marginal = overall.zPrimeClass === 'marginal';
  for (const c of byLine) {
    if (c.zPrimeClass === 'fail') fail = true;
    else if (c.zPrimeClass === 'marginal') marginal = true;
  }
  if (fail) flags.push('zprime-fail');
  else if (marginal) flags.push('zprime-marginal');
  if (overall.zPrime === null) flags.push('zprime-undefined');
  if (highCvGroup) flags.push('high-replicate-cv');
  if (uniformity.edgeEffectMessages.length > 0) flags.push('edge-effect');
  if (uniformity.driftMessages.length > 0) flags.push('drift');

  const notComputed: NotComputed[] = [];
  if (overall.vehicle.n === 0) {
    notComputed.push({
      quantity: 'Z′, S/B, signal window, edge and drift checks',
      reason: 'no vehicle wells',
    });
  }
  if (overall.blank.n === 0) {
    notComputed.push({
      quantity: 'signal-to-background (vehicle/blank) and Z′ vehicle vs blank',
      reason: 'no blank wells',
    });
  }
  if (overall.positive.n === 0) {
    notComputed.push({
      quantity: 'signal window (vehicle/positive) and Z′ vehicle vs positive',
      reason: 'no positive-control wells',
    });
  }
  if (sampleWells.length === 0) {
    notComputed.push({
      quantity: 'edge and drift checks on sample wells',
      reason: 'no replicate groups of sample wells above a quarter of the vehicle signal',
    });
  }
  const flagDetails: FlagDetail[] = flags.map((flag) => ({
    flag,
    severity: PLATE_QC_FLAG_SEVERITY[flag],
    message:
      flag === 'edge-effect'
        ? uniformity.edgeEffectMessages.join('; ')
        : flag === 'drift'
          ? uniformity.driftMessages.join('; ')
          : flag === 'high-replicate-cv'
            ? `replicate CV above ${maxCv} % in ${replicateGroups.filter((g) => g.highCv).length} group(s)`
            : flag === 'zprime-undefined'
              ? 'Z′ cannot be computed (a control with fewer than 2 wells, or equal means)'
              : `Z′ ${overall.zPrime === null ? 'undefined' : overall.zPrime.toFixed(3)}`,
  }));

  return {
    method: PLATE_QC_METHOD,
    methodVersion: PLATE_QC_METHOD_VERSION,
    options: {
      zPrimeGood: goodThreshold,
      maxReplicateCvPct: maxCv,
      edgeEffectThresholdPct: edge.thresholdPct,
      edgeEffectAlpha: options.edgeEffectAlpha ?? 0.05,
    },
    // = hashInput(plate), without the generic canonicaliser.
    inputHash: hashQcPlateInput(plate),
    format,
    overall,
    byLine,
    replicateGroups,
    edgeEffect: edge,
    uniformity,
    excludedWells,
    flags,
    flagDetails,
    notComputed,
  };
}

/**
 * {@link plateQc} on an MTT plate: signal = A570 − A_ref when a reference wavelength was read,
 * else A570 (Z′ and CV do not depend on the blank subtraction).
 */
export function plateQcFromMtt(plate: MttPlate, options: PlateQcOptions = {}): PlateQc {
  if (plate === null || typeof plate !== 'object' || !Array.isArray(plate.wells)) {
    throw new AnalysisError('BAD_INPUT', 'plate.wells must be an array', 'wells');
  }
  return plateQc(
    {
      format: plate.format,
      wells: plate.wells.map((w) => {
        const ref = w?.referenceAbsorbance;
        const signal =
          w?.absorbance === null || w?.absorbance === undefined
            ? null
            : ref !== null && ref !== undefined
              ? w.absorbance - ref
              : w.absorbance;
        return {
          well: w?.well,
          role: w?.role,
          signal,
          line: w?.line,
          concentration: w?.concentration,
          inhibitor: w?.inhibitor,
        };
      }),
    },
    options,
  );
}
