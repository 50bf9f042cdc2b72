import { AnalysisError, assertFinite } from '../common/analysis-error';
import type { Provenance } from '../common/provenance';
import { EdgeEffectResult, edgeEffect } from './edge-effect';
import type { MttPlate } from './normalize-mtt';
import { hashQcPlateInput } from './plate-input-hash';
import { finiteOrNull, SummaryStatistics, summarize } from './summary-statistics';
import { inferPlateFormat, parseWell, PlateFormat, WellPosition } from './well-position';
import { assertWellRole, isIgnoredRole, WellRole } from './well-role';
import { classifyZPrime, zPrime, ZPrimeClass } from './z-prime';

export const PLATE_QC_METHOD = 'plate/qc-zprime-cv-edge';
export const PLATE_QC_METHOD_VERSION = '1.0.0';

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
  format?: PlateFormat;
  wells: readonly QcWell[];
}

export interface PlateQcOptions {
  /** Z′ at or above this is 'good'. Default 0.5. */
  zPrimeGood?: number;
  /** Replicate groups above this CV % are flagged. Default 20. */
  maxReplicateCvPct?: number;
  /** Edge effect: |outer − inner| threshold, % of the inner mean. Default 10. */
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
  /** Signal-to-background S/B = mean(vehicle)/mean(blank). */
  signalToBackground: number | null;
  /** mean(vehicle)/mean(positive). */
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
  'zprime-marginal' | 'zprime-fail' | 'zprime-undefined' | 'high-replicate-cv' | 'edge-effect';

export interface PlateQc extends Provenance {
  format: PlateFormat;
  /** All vehicle wells against all positive (and blank) wells. */
  overall: ControlQc;
  /** Per line: the line's vehicle and positive wells against the plate's blanks. */
  byLine: ControlQc[];
  replicateGroups: ReplicateGroupQc[];
  /** Outer vs inner vehicle wells, each as % of its line's vehicle mean. */
  edgeEffect: EdgeEffectResult;
  excludedWells: string[];
  flags: PlateQcFlag[];
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
    vehicleOverPositive: ratio(v.mean, p.mean),
  };
}

/**
 * Plate quality control on raw signals (A570 − A_ref; blank subtraction does not change Z′):
 * - Z′ = 1 − 3(σ_vehicle + σ_low)/|μ_vehicle − μ_low| with the sample SD (n − 1), low = positive
 *   control and, separately, blank; class good ≥ 0.5 > marginal ≥ 0 > fail (Zhang et al. 1999,
 *   J Biomol Screen 4:67), for the plate and per line;
 * - signal-to-background S/B = μ_vehicle/μ_blank;
 * - CV % = 100·sd/mean per replicate group (role, line, concentration, inhibitor);
 * - edge effect: outer-ring vs inner vehicle wells (Lundholt et al. 2003).
 * `empty` and `excluded` wells are ignored. Throws AnalysisError for malformed wells only.
 */
export function plateQc(plate: QcPlate, options: PlateQcOptions = {}): PlateQc {
  if (plate === null || typeof plate !== 'object' || !Array.isArray(plate.wells)) {
    throw new AnalysisError('BAD_INPUT', 'plate.wells must be an array', 'wells');
  }
  const goodThreshold = options.zPrimeGood ?? 0.5;
  const maxCv = options.maxReplicateCvPct ?? 20;
  for (const [k, v] of Object.entries({ goodThreshold, maxCv })) assertFinite(v, k);
  const format: PlateFormat = plate.format ?? inferPlateFormat(plate.wells.map((w) => w?.well));
  if (format !== 96 && format !== 384) {
    throw new AnalysisError('BAD_PLATE_FORMAT', 'plate format must be 96 or 384', 'format');
  }

  interface Used {
    name: string;
    position: WellPosition;
    role: WellRole;
    signal: number;
    line: string | null;
    concentration: number | null;
    inhibitor: string | null;
  }
  const used: Used[] = [];
  const excludedWells: string[] = [];
  const seen = new Set<string>();
  plate.wells.forEach((w, i) => {
    if (w === null || typeof w !== 'object') {
      throw new AnalysisError('BAD_INPUT', `wells[${i}] must be an object`, `wells[${i}]`);
    }
    const position = parseWell(w.well, format);
    const name = `${String.fromCharCode(65 + position.row)}${position.column + 1}`;
    if (seen.has(name))
      throw new AnalysisError('DUPLICATE_WELL', `well ${name} appears twice`, name);
    seen.add(name);
    assertWellRole(w.role, name);
    if (w.role === 'excluded') excludedWells.push(name);
    if (isIgnoredRole(w.role)) return;
    assertFinite(w.signal, `${name}.signal`);
    if (w.concentration !== undefined && w.concentration !== null) {
      assertFinite(w.concentration, `${name}.concentration`);
    }
    const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
    used.push({
      name,
      position,
      role: w.role,
      signal: w.signal,
      line: str(w.line),
      concentration: w.concentration ?? null,
      inhibitor: str(w.inhibitor),
    });
  });

  const signals = (pred: (w: Used) => boolean): number[] => used.filter(pred).map((w) => w.signal);
  const blank = signals((w) => w.role === 'blank');
  const overall = controlQc(
    null,
    signals((w) => w.role === 'vehicle'),
    signals((w) => w.role === 'positive'),
    blank,
    goodThreshold,
  );
  // Per line (first-seen order), in one pass: its vehicle and positive signals.
  const controlsByLine = new Map<string, { vehicle: number[]; positive: number[] }>();
  for (const w of used) {
    if ((w.role !== 'vehicle' && w.role !== 'positive') || w.line === null) continue;
    let c = controlsByLine.get(w.line);
    if (!c) controlsByLine.set(w.line, (c = { vehicle: [], positive: [] }));
    c[w.role].push(w.signal);
  }
  const byLine = [...controlsByLine].map(([line, c]) =>
    controlQc(line, c.vehicle, c.positive, blank, goodThreshold),
  );

  // Replicate groups in first-seen order.
  const groups = new Map<string, Used[]>();
  const text = (v: string | null): string => (v === null ? '-' : `${v.length}:${v}`);
  for (const w of used) {
    // (role, line, concentration, inhibitor), unambiguous: the strings carry their length and
    // a number's text is unique to it (0 and −0 alike, as Map keys and JSON treat them).
    const k = `${w.role}|${text(w.line)}|${w.concentration === null ? '-' : w.concentration}|${text(w.inhibitor)}`;
    const g = groups.get(k);
    if (g) g.push(w);
    else groups.set(k, [w]);
  }
  const vehicleMean = overall.vehicle.mean;
  const replicateGroups: ReplicateGroupQc[] = [...groups.values()].map((g) => {
    const s = summarize(g.map((w) => w.signal));
    const role = g[0].role;
    // Near background (blank, positive, full kill) a CV says nothing about pipetting.
    const relevant =
      (role === 'vehicle' || role === 'treated' || role === 'inhibitor-only') &&
      (vehicleMean === null ||
        (s.mean !== null && Math.abs(s.mean) >= 0.1 * Math.abs(vehicleMean)));
    return {
      ...s,
      role,
      line: g[0].line,
      concentration: g[0].concentration,
      inhibitor: g[0].inhibitor,
      wells: g.map((w) => w.name),
      highCv: relevant && s.cvPct !== null && s.cvPct > maxCv,
    };
  });

  // Each vehicle well relative to its line's vehicle mean (%), so that lines with different
  // signal levels placed on different rows do not pass for an edge effect.
  const lineVehicleMean = new Map<string | null, number>();
  for (const c of [overall, ...byLine]) {
    if (c.vehicle.mean !== null && c.vehicle.mean !== 0)
      lineVehicleMean.set(c.line, c.vehicle.mean);
  }
  const edge = edgeEffect(
    used
      .filter((w) => w.role === 'vehicle')
      .map((w) => {
        const m = lineVehicleMean.get(w.line) ?? lineVehicleMean.get(null) ?? 1;
        return { position: w.position, signal: 100 * (w.signal / m) };
      }),
    format,
    { thresholdPct: options.edgeEffectThresholdPct, alpha: options.edgeEffectAlpha },
  );

  const flags: PlateQcFlag[] = [];
  const classes = [overall, ...byLine].map((c) => c.zPrimeClass);
  if (classes.includes('fail')) flags.push('zprime-fail');
  else if (classes.includes('marginal')) flags.push('zprime-marginal');
  if (overall.zPrime === null) flags.push('zprime-undefined');
  if (replicateGroups.some((g) => g.highCv)) flags.push('high-replicate-cv');
  if (edge.edgeEffect) flags.push('edge-effect');

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
    excludedWells,
    flags,
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
