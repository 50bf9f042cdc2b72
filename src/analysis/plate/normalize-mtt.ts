import { AnalysisError, assertFinite } from '../common/analysis-error';
import type { Provenance } from '../common/provenance';
import { summarize } from '../stats/descriptive';
import { finiteOrNull } from '../stats/json-safe';
import { hashMttPlateInput } from './plate-input-hash';
import { inferPlateSize, PlateSize, gridIndex, wellNameAt } from './well-position';
import { assertWellRole, isIgnoredRole, WellRole } from './well-role';

export const NORMALIZE_MTT_METHOD = 'plate/mtt-normalisation';
export const NORMALIZE_MTT_METHOD_VERSION = '1.0.0';

/** One well of an MTT plate as read (absorbances in AU). */
export interface MttWell {
  /** Well name, e.g. "A1" … "P24". */
  well: string;
  role: WellRole;
  /** Cell line / sample (null for blanks). */
  line?: string | null;
  /** Drug concentration (> 0 for treated wells; any unit, kept as given). */
  concentration?: number | null;
  /** Co-treatment such as "MK571 25 uM" (null/absent for none). */
  inhibitor?: string | null;
  /** Absorbance at the test wavelength (570 nm); may be null for empty/excluded wells. */
  absorbance: number | null;
  /** Absorbance at the reference wavelength (630/650 nm), when it was read. */
  referenceAbsorbance?: number | null;
}

export interface MttPlate {
  /** 96 or 384; inferred from the well names when absent. */
  format?: PlateSize;
  wells: readonly MttWell[];
}

export interface NormalizeMttOptions {
  /**
   * Zero-viability reference: 'blank' (default; A′ = A − mean of all blank wells) or
   * 'positive' (A′ = A − mean of that line's positive-control wells).
   */
  zeroReference?: 'blank' | 'positive';
  /**
   * 100 % reference for series with an inhibitor: the line's 'vehicle' wells (default) or the
   * line's 'inhibitor-only' wells with the same inhibitor.
   */
  inhibitorSeriesReference?: 'vehicle' | 'inhibitor-only';
}

export interface NormalizedMttWell {
  well: string;
  role: WellRole;
  line: string | null;
  concentration: number | null;
  inhibitor: string | null;
  /** A = A570 − A_ref (or A570 alone). */
  signal: number;
  /** A′ = A − zero reference. */
  blankCorrected: number;
  /** 100·A′/mean(A′ of the reference wells); null for blanks or without a reference. */
  viabilityPct: number | null;
  /** A′ < 0 (for wells with cells; only non-positive-control wells raise the plate flag). */
  negativeSignal: boolean;
}

/** A dose series ready for {@link fitDoseResponse}: treated wells of one line ± inhibitor. */
export interface MttSeries {
  line: string | null;
  inhibitor: string | null;
  /** Mean A′ of the 100 % reference wells (null when there are none). */
  referenceMean: number | null;
  nReference: number;
  /** Reference wells: 'vehicle' or 'inhibitor-only'. */
  referenceRole: 'vehicle' | 'inhibitor-only';
  wells: string[];
  concentrations: number[];
  viabilityPct: number[];
}

export interface InhibitorOnlyCheck {
  line: string | null;
  inhibitor: string | null;
  nWells: number;
  meanBlankCorrected: number;
  /** 100·mean A′(inhibitor-only)/mean A′(vehicle): the inhibitor's own toxicity. */
  viabilityPctOfVehicle: number | null;
}

export interface MttLineSummary {
  line: string | null;
  /** Mean A′ of the line's vehicle wells (no inhibitor). */
  vehicleMean: number | null;
  nVehicle: number;
  /** Mean viability % of the line's positive-control wells (≈ 0 when the kill worked). */
  positiveMeanPct: number | null;
  nPositive: number;
}

export type NormalizeMttFlag = 'negative-signal' | 'vehicle-not-above-zero';

export interface NormalizedMtt extends Provenance {
  format: PlateSize;
  referenceWavelengthSubtracted: boolean;
  zeroReference: 'blank' | 'positive';
  blankMean: number | null;
  nBlank: number;
  wells: NormalizedMttWell[];
  lines: MttLineSummary[];
  series: MttSeries[];
  inhibitorOnly: InhibitorOnlyCheck[];
  /** Treated, vehicle and inhibitor-only wells with A′ < 0. */
  negativeSignalWells: string[];
  flags: NormalizeMttFlag[];
}

/** A map keyed by (line, inhibitor), each a string or null: no key text to build per well. */
class PairMap<V> {
  private readonly byLine = new Map<string | null, Map<string | null, V>>();

  get(line: string | null, inhibitor: string | null): V | undefined {
    return this.byLine.get(line)?.get(inhibitor);
  }

  set(line: string | null, inhibitor: string | null, value: V): void {
    let inner = this.byLine.get(line);
    if (!inner) this.byLine.set(line, (inner = new Map()));
    inner.set(inhibitor, value);
  }
}

/** Appends `value` to the list under `key`, keeping the keys in first-seen order. */
function push<K, V>(groups: Map<K, V[]>, key: K, value: V): void {
  const g = groups.get(key);
  if (g) g.push(value);
  else groups.set(key, [value]);
}

/** A line or inhibitor: a non-empty string, or null. `member` names it in the error. */
function optionalString(v: unknown, well: string, member: string): string | null {
  if (v === undefined || v === null || v === '') return null;
  if (typeof v !== 'string') {
    const field = `${well}.${member}`;
    throw new AnalysisError('BAD_INPUT', `${field} must be a string`, field);
  }
  return v;
}

/** Throws AnalysisError unless `x` is a finite number; the field text is built on failure only. */
function checkFinite(x: unknown, well: string, member: string): asserts x is number {
  if (typeof x !== 'number' || !Number.isFinite(x)) assertFinite(x, `${well}.${member}`);
}

/** The mean, or null without values or when the sum overflows (as in summarize). */
function mean(values: number[]): number | null {
  return summarize(values).mean;
}

/**
 * A well with cells or a blank, validated: what the computation reads. `blankCorrected` is set
 * once the zero reference is known.
 */
type UsedWell = Omit<NormalizedMttWell, 'viabilityPct' | 'negativeSignal'>;

/** The 100 % reference of a well: one object per line (and inhibitor), read, never changed. */
type Reference = Readonly<{ mean: number | null; n: number; role: 'vehicle' | 'inhibitor-only' }>;

/**
 * MTT normalisation (SCIENCE.md §2):
 * A = A570 − A_ref when a reference wavelength was read; A′ = A − mean(A of all blank wells of
 * the plate); viability % = 100·A′/mean(A′ of that line's vehicle wells). Positive-control wells
 * are reported as % (≈ 0); `empty`/`excluded` wells are ignored; wells with cells whose A′ < 0
 * are flagged `negative-signal`. Treated wells are grouped into series per line and inhibitor,
 * one point per well (replicates are not averaged).
 *
 * Units: absorbance (AU) in, % out; concentrations are passed through in the unit given.
 * Throws AnalysisError for malformed plates: bad or duplicate well names, unknown roles,
 * non-finite absorbances in used wells, treated wells without a concentration > 0, reference
 * absorbance read for some wells only, no blank (or positive) wells for the zero reference, or
 * a line with treated wells but no vehicle wells.
 * Reference: Mosmann (1983) J Immunol Methods 65:55; ISO 10993-5:2009 Annex C.
 */
export function normalizeMtt(plate: MttPlate, options: NormalizeMttOptions = {}): NormalizedMtt {
  if (plate === null || typeof plate !== 'object' || !Array.isArray(plate.wells)) {
    throw new AnalysisError('BAD_INPUT', 'plate.wells must be an array', 'wells');
  }
  const zeroReference = options.zeroReference ?? 'blank';
  const inhibitorSeriesReference = options.inhibitorSeriesReference ?? 'vehicle';
  if (zeroReference !== 'blank' && zeroReference !== 'positive') {
    throw new AnalysisError(
      'BAD_OPTION',
      'zeroReference must be blank or positive',
      'zeroReference',
    );
  }
  if (inhibitorSeriesReference !== 'vehicle' && inhibitorSeriesReference !== 'inhibitor-only') {
    throw new AnalysisError(
      'BAD_OPTION',
      'inhibitorSeriesReference must be vehicle or inhibitor-only',
      'inhibitorSeriesReference',
    );
  }
  const format: PlateSize = plate.format ?? inferPlateSize(plate.wells.map((w) => w?.well));
  if (format !== 96 && format !== 384) {
    throw new AnalysisError('BAD_PLATE_FORMAT', `plate format must be 96 or 384`, 'format');
  }

  // Validate every well first (in plate order, so the first problem is the one reported), then
  // compute. The blank signals and, for a positive-control zero, the positive signals per line
  // are collected on the way.
  const input = plate.wells;
  const seen = new Uint8Array(16 * 24);
  const used: UsedWell[] = [];
  const blanks: number[] = [];
  const positivesByLine = new Map<string | null, number[]>();
  let withRef = 0;
  let withoutRef = 0;
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
    if (isIgnoredRole(role)) continue;
    const absorbance = w.absorbance;
    checkFinite(absorbance, name, 'absorbance');
    const reference = w.referenceAbsorbance;
    const hasRef = reference !== undefined && reference !== null;
    if (hasRef) {
      checkFinite(reference, name, 'referenceAbsorbance');
      withRef++;
    } else withoutRef++;
    let concentration: number | null = null;
    if (w.concentration !== undefined && w.concentration !== null) {
      checkFinite(w.concentration, name, 'concentration');
      concentration = w.concentration;
    }
    if (role === 'treated' && !(concentration !== null && concentration > 0)) {
      throw new AnalysisError(
        'BAD_CONCENTRATION',
        `treated well ${name} needs a concentration > 0`,
        name,
      );
    }
    const line = optionalString(w.line, name, 'line');
    const inhibitor = optionalString(w.inhibitor, name, 'inhibitor');
    const signal = hasRef ? absorbance - reference : absorbance;
    if (!Number.isFinite(signal)) {
      throw new AnalysisError('NOT_FINITE', `${name}: A570 − A_ref overflows`, name);
    }
    used.push({ well: name, role, line, concentration, inhibitor, signal, blankCorrected: 0 });
    if (role === 'blank') blanks.push(signal);
    else if (role === 'positive') push(positivesByLine, line, signal);
  }
  if (withRef > 0 && withoutRef > 0) {
    throw new AnalysisError(
      'MIXED_REFERENCE_WAVELENGTH',
      'a reference absorbance was read for some wells only',
      'referenceAbsorbance',
    );
  }

  const blankMean = mean(blanks);
  const zeroByLine = new Map<string | null, number>();
  if (zeroReference === 'blank') {
    if (blankMean === null)
      throw new AnalysisError('NO_BLANK_WELLS', 'the plate has no blank wells', 'wells');
  } else {
    for (const [line, v] of positivesByLine) zeroByLine.set(line, mean(v) as number);
  }

  // A′ of every well, then (one pass, each group in plate order, groups in first-seen order)
  // the lines, their vehicle wells and the inhibitor-only groups.
  const lineNames = new Set<string | null>();
  const vehicleByLine = new Map<string | null, number[]>();
  const inhibitorOnlyGroups = new PairMap<number[]>();
  const inhibitorOnlyOrder: { line: string | null; inhibitor: string | null; v: number[] }[] = [];
  for (const w of used) {
    let zero: number;
    if (zeroReference === 'blank') zero = blankMean as number;
    // Blank wells carry no line; they are reported against the plate's own blank mean.
    else if (w.role === 'blank') zero = blankMean ?? 0;
    else {
      const z = zeroByLine.get(w.line);
      if (z === undefined) {
        throw new AnalysisError(
          'NO_POSITIVE_WELLS',
          `line ${String(w.line)} has no positive-control wells`,
          w.well,
        );
      }
      zero = z;
    }
    const blankCorrected = w.signal - zero;
    if (!Number.isFinite(blankCorrected)) {
      throw new AnalysisError('NOT_FINITE', `${w.well}: blank-corrected signal overflows`, w.well);
    }
    w.blankCorrected = blankCorrected;
  }
  for (const w of used) {
    if (w.role === 'blank') continue;
    lineNames.add(w.line);
    if (w.role === 'vehicle' && w.inhibitor === null) {
      push(vehicleByLine, w.line, w.blankCorrected);
    } else if (w.role === 'inhibitor-only') {
      const g = inhibitorOnlyGroups.get(w.line, w.inhibitor);
      if (g) g.push(w.blankCorrected);
      else {
        const v = [w.blankCorrected];
        inhibitorOnlyGroups.set(w.line, w.inhibitor, v);
        inhibitorOnlyOrder.push({ line: w.line, inhibitor: w.inhibitor, v });
      }
    }
  }
  const vehicleRefs = new Map<string | null, Reference>();
  for (const line of lineNames) {
    const v = vehicleByLine.get(line) ?? [];
    vehicleRefs.set(line, { mean: mean(v), n: v.length, role: 'vehicle' });
  }
  const noVehicle: Reference = { mean: null, n: 0, role: 'vehicle' };
  const inhibitorRefs = new PairMap<Reference>();
  const inhibitorOnly: InhibitorOnlyCheck[] = [];
  for (const { line, inhibitor, v } of inhibitorOnlyOrder) {
    const m = mean(v) as number;
    inhibitorRefs.set(line, inhibitor, { mean: m, n: v.length, role: 'inhibitor-only' });
    const veh = vehicleRefs.get(line)?.mean ?? null;
    inhibitorOnly.push({
      line,
      inhibitor,
      nWells: v.length,
      meanBlankCorrected: m,
      viabilityPctOfVehicle: veh !== null && veh > 0 ? finiteOrNull(100 * (m / veh)) : null,
    });
  }
  const useInhibitorOnly = inhibitorSeriesReference === 'inhibitor-only';
  const referenceFor = (w: UsedWell): Reference => {
    if (w.inhibitor !== null && useInhibitorOnly && w.role !== 'vehicle') {
      const r = inhibitorRefs.get(w.line, w.inhibitor);
      if (r) return r;
    }
    return vehicleRefs.get(w.line) ?? noVehicle;
  };

  // Viability of every well; treated wells make the series (one point per well, plate order).
  const wells: NormalizedMttWell[] = [];
  const negativeSignalWells: string[] = [];
  const series: MttSeries[] = [];
  const seriesIndex = new PairMap<MttSeries>();
  const positivePctByLine = new Map<string | null, number[]>();
  let vehicleNotAboveZero = false;
  for (const w of used) {
    const ref = w.role === 'blank' ? null : referenceFor(w);
    const refMean = ref === null ? null : ref.mean;
    const viabilityPct =
      refMean !== null && refMean > 0 ? finiteOrNull(100 * (w.blankCorrected / refMean)) : null;
    const negativeSignal = w.role !== 'blank' && w.blankCorrected < 0;
    wells.push({
      well: w.well,
      role: w.role,
      line: w.line,
      concentration: w.concentration,
      inhibitor: w.inhibitor,
      signal: w.signal,
      blankCorrected: w.blankCorrected,
      viabilityPct,
      negativeSignal,
    });
    // A killed positive-control well a little below the blanks is noise, not a reading problem.
    if (negativeSignal && w.role !== 'positive') negativeSignalWells.push(w.well);
    if (w.role === 'positive' && viabilityPct !== null) {
      push(positivePctByLine, w.line, viabilityPct);
    }
    if (w.role !== 'treated' || ref === null) continue;
    let s = seriesIndex.get(w.line, w.inhibitor);
    if (!s) {
      if (ref.n === 0) {
        throw new AnalysisError(
          'NO_VEHICLE_WELLS',
          `line ${String(w.line)} has treated wells but no ${ref.role} wells`,
          w.well,
        );
      }
      if (!(ref.mean !== null && ref.mean > 0)) vehicleNotAboveZero = true;
      s = {
        line: w.line,
        inhibitor: w.inhibitor,
        referenceMean: ref.mean,
        nReference: ref.n,
        referenceRole: ref.role,
        wells: [],
        concentrations: [],
        viabilityPct: [],
      };
      seriesIndex.set(w.line, w.inhibitor, s);
      series.push(s);
    }
    // A series whose reference is not above zero gets no points (viability undefined).
    if (viabilityPct === null) continue;
    s.wells.push(w.well);
    s.concentrations.push(w.concentration as number);
    s.viabilityPct.push(viabilityPct);
  }
  const flags: NormalizeMttFlag[] = [];
  if (negativeSignalWells.length > 0) flags.push('negative-signal');
  if (vehicleNotAboveZero) flags.push('vehicle-not-above-zero');

  const lines: MttLineSummary[] = [];
  for (const line of lineNames) {
    const veh = vehicleRefs.get(line) ?? noVehicle;
    const pos = positivePctByLine.get(line) ?? [];
    lines.push({
      line,
      vehicleMean: veh.mean,
      nVehicle: veh.n,
      positiveMeanPct: mean(pos),
      nPositive: pos.length,
    });
  }

  return {
    method: NORMALIZE_MTT_METHOD,
    methodVersion: NORMALIZE_MTT_METHOD_VERSION,
    options: { zeroReference, inhibitorSeriesReference },
    // = hashInput(plate), without the generic canonicaliser.
    inputHash: hashMttPlateInput(plate),
    format,
    referenceWavelengthSubtracted: withRef > 0,
    zeroReference,
    blankMean,
    nBlank: blanks.length,
    wells,
    lines,
    series,
    inhibitorOnly,
    negativeSignalWells,
    flags,
  };
}
