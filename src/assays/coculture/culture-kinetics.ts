// The kinetics of one culture from its measured concentrations: pure, no database.
import { AnalysisError } from '../../analysis/common/analysis-error';
import { provenance, withoutInputHashes, type Provenance } from '../../analysis/common/provenance';
import {
  analyzeDegradation,
  bioticRate,
  metaboliteFormation,
  molarMassBalance,
  type BioticRateResult,
  type DegradationResult,
  type MetaboliteFormationResult,
  type MolarBalanceResult,
} from '../../analysis/kinetics';
import {
  hashMeasuredPoints,
  hashMetaboliteKineticsInput,
  hashParentKineticsInput,
} from './kinetics-input-hash';

/** One measured concentration of one analyte in one sample (null = BLQ, ALQ, no peak). */
export interface MeasuredPoint {
  timeHours: number;
  replicate: number;
  concentration: number | null;
  status: string;
}

export interface KineticsSettings {
  /** SFO vs log-linear relative difference (per cent) above which 'methods-disagree' is set. */
  logLinearDifferenceMaxPercent: number;
  /** Earliest distinct timepoints for the metabolite initial rate. */
  earlyLinearPoints: number;
  /** Poor fit: the SFO fit's FOCUS χ² error level above this, per cent (FOCUS 2006: 15). */
  poorFitChiSquareErrorMaxPercent: number;
  /** Fewer distinct timepoints than this above the LLOQ is flagged. */
  minTimepointsAboveLloq: number;
}

export const DEFAULT_KINETICS_SETTINGS: KineticsSettings = {
  logLinearDifferenceMaxPercent: 25,
  earlyLinearPoints: 3,
  poorFitChiSquareErrorMaxPercent: 15,
  minTimepointsAboveLloq: 4,
};

export interface ParentKinetics extends Provenance {
  status: 'fitted' | 'not-fitted';
  reason: string | null;
  n: number;
  timepointsAboveLloq: number;
  /** Every measured point (BLQ/ALQ/no-peak with a null concentration). */
  points: MeasuredPoint[];
  excludedPoints: { timeHours: number; replicate: number; status: string }[];
  degradation: Omit<DegradationResult, keyof Provenance> | null;
  biotic: Omit<BioticRateResult, keyof Provenance> | null;
  flags: string[];
}

export interface MetaboliteKinetics extends Provenance {
  status: 'computed' | 'not-computed';
  reason: string | null;
  /** Every measured point (BLQ/ALQ/no-peak with a null concentration). */
  points: MeasuredPoint[];
  formation: Omit<MetaboliteFormationResult, keyof Provenance> | null;
  massBalanceAtTmax: Omit<MolarBalanceResult, keyof Provenance> | null;
  flags: string[];
}

function strip<T extends Provenance>(r: T): Omit<T, keyof Provenance> {
  const { method: _m, methodVersion: _v, options: _o, inputHash: _h, ...rest } = r;
  return rest;
}

/** The quantified points' times and concentrations, and the others (in order, one pass). */
function quantified(points: readonly MeasuredPoint[]) {
  const timeHours: number[] = [];
  const concentration: number[] = [];
  const excluded: { timeHours: number; replicate: number; status: string }[] = [];
  for (const p of points) {
    if (p.concentration !== null) {
      timeHours.push(p.timeHours);
      concentration.push(p.concentration);
    } else excluded.push({ timeHours: p.timeHours, replicate: p.replicate, status: p.status });
  }
  return { timeHours, concentration, excluded };
}

/**
 * Degradation of the parent drug in one culture: SFO (FOCUS 2006, default) and log-linear
 * estimates on the quantified points (BLQ/ALQ never enter as numbers), with flags:
 * 'fewer-than-4-timepoints-above-lloq', 'poor-fit' (the SFO fit's FOCUS χ² error level above
 * the protocol's limit), 'methods-disagree', 'sfo-no-convergence', and the biotic
 * rate k_culture − k_abiotic when the abiotic control's SFO k is given.
 */
export function parentKinetics(
  points: readonly MeasuredPoint[],
  settings: KineticsSettings,
  abiotic: {
    rateConstantPerHour: number;
    rateConstantSePerHour: number | null;
    df?: number;
  } | null,
): ParentKinetics {
  const q = quantified(points);
  const timepoints = new Set(q.timeHours).size;
  const flags: string[] = [];
  if (timepoints < settings.minTimepointsAboveLloq)
    flags.push('fewer-than-4-timepoints-above-lloq');
  const prov = provenance(
    'coculture-parent-kinetics',
    '1.1.0',
    { ...settings },
    { points, abiotic },
    hashParentKineticsInput,
  );
  let degradation: DegradationResult | null = null;
  let reason: string | null = null;
  try {
    // The parts' provenance is dropped (strip): this result's hash covers their inputs.
    degradation = withoutInputHashes(() =>
      analyzeDegradation(
        { timeHours: q.timeHours, concentration: q.concentration },
        {
          maxRateRatio: 1 + settings.logLinearDifferenceMaxPercent / 100,
          poorFitErrorMaxPercent: settings.poorFitChiSquareErrorMaxPercent,
        },
      ),
    );
  } catch (e) {
    if (!(e instanceof AnalysisError)) throw e;
    reason = e.message;
  }
  if (!degradation) {
    return {
      status: 'not-fitted',
      reason,
      n: q.timeHours.length,
      timepointsAboveLloq: timepoints,
      points: [...points],
      excludedPoints: q.excluded,
      degradation: null,
      biotic: null,
      flags,
      ...prov,
    };
  }
  flags.push(...degradation.flags);
  let biotic: BioticRateResult | null = null;
  if (abiotic) {
    const sfo = degradation.sfo;
    biotic = withoutInputHashes(() =>
      bioticRate(
        {
          rateConstantPerHour: sfo.rateConstantPerHour,
          rateConstantSePerHour: sfo.rateConstantSePerHour,
          df: sfo.df > 0 ? sfo.df : undefined,
        },
        abiotic,
      ),
    );
    flags.push(...biotic.flags);
  }
  return {
    status: 'fitted',
    reason: null,
    n: q.timeHours.length,
    timepointsAboveLloq: timepoints,
    points: [...points],
    excludedPoints: q.excluded,
    degradation: strip(degradation),
    biotic: biotic ? strip(biotic) : null,
    flags: [...new Set(flags)],
    ...prov,
  };
}

/** The parent drug of a culture as its metabolites' kinetics use it. */
export interface ParentSeries {
  name: string;
  points: readonly MeasuredPoint[];
  /**
   * `hashInput(points)`, which every metabolite's input hash holds in place of the points; a
   * culture's caller computes it once for all its metabolites (computed here when absent).
   */
  pointsHash?: string;
}

/**
 * Formation of a metabolite in one culture: initial rate over the earliest timepoints, Cmax,
 * Tmax, and the molar mass balance at Tmax against the parent's loss (molar units only).
 * Input hash (1.1.0): `{ name, points, parent: { name, pointsHash } | null }`, the parent's
 * points by their hash (1.0.0 held the points themselves, hashed again for every metabolite).
 */
export function metaboliteKinetics(
  name: string,
  points: readonly MeasuredPoint[],
  parent: ParentSeries | null,
  settings: KineticsSettings,
  molar: boolean,
): MetaboliteKinetics {
  const q = quantified(points);
  const prov = provenance(
    'coculture-metabolite-kinetics',
    '1.1.0',
    { ...settings, molar },
    {
      name,
      points,
      parent: parent
        ? { name: parent.name, pointsHash: parent.pointsHash ?? hashMeasuredPoints(parent.points) }
        : null,
    },
    hashMetaboliteKineticsInput,
  );
  const times = [...new Set(q.timeHours)].sort((a, b) => a - b);
  const flags: string[] = [];
  let formation: MetaboliteFormationResult | null = null;
  try {
    const endHours = times[Math.min(settings.earlyLinearPoints, times.length) - 1];
    formation = withoutInputHashes(() =>
      metaboliteFormation(
        { timeHours: q.timeHours, concentration: q.concentration },
        endHours !== undefined ? { initialPhaseEndHours: endHours } : {},
      ),
    );
  } catch (e) {
    if (!(e instanceof AnalysisError)) throw e;
    return {
      status: 'not-computed',
      reason: e.message,
      points: [...points],
      formation: null,
      massBalanceAtTmax: null,
      flags,
      ...prov,
    };
  }
  flags.push(...formation.flags);
  let balance: MolarBalanceResult | null = null;
  if (parent && molar) {
    const p = quantified(parent.points);
    try {
      const tmaxHours = formation.tmaxHours;
      balance = withoutInputHashes(() =>
        molarMassBalance(
          { name: parent.name, timeHours: p.timeHours, concentrationMicromolar: p.concentration },
          [{ name, timeHours: q.timeHours, concentrationMicromolar: q.concentration }],
          tmaxHours,
        ),
      );
    } catch (e) {
      if (!(e instanceof AnalysisError)) throw e;
      flags.push('mass-balance-not-computed');
    }
  } else if (!molar) flags.push('mass-balance-needs-molar-units');
  return {
    status: 'computed',
    reason: null,
    points: [...points],
    formation: strip(formation),
    massBalanceAtTmax: balance ? strip(balance) : null,
    flags: [...new Set(flags)],
    ...prov,
  };
}
