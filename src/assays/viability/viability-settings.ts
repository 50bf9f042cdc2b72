import {
  DOSE_RESPONSE_DEFAULTS,
  DOSE_RESPONSE_MODELS,
  type DoseResponseModel,
  type DoseResponseOptions,
} from '../../analysis/dose-response';
import type { PlateQcOptions } from '../../analysis/plate';

/**
 * The analysis settings of an MTT or efflux plate, read from its run's validated protocol
 * parameters (mtt-viability / efflux-inhibitor: fitModel, zPrimeMin, rSquaredMin, …). A plate
 * outside any run, or a protocol without a setting, gets the SCIENCE.md defaults.
 */
export interface ViabilitySettings {
  model: DoseResponseModel;
  lowControl: 'positive' | 'blank';
  zPrimeMin: number;
  rSquaredMin: number;
  slopeMin: number;
  slopeMax: number;
  ciRatioMax: number;
  minDistinctConcentrations: number;
  replicateCvMaxPercent: number;
  edgeEffectMaxPercent: number;
  inhibitorOnlyViabilityMinPercent: number;
  /** Where the values came from: the run's parameters, or the defaults. */
  source: 'run-parameters' | 'defaults';
}

export const DEFAULT_VIABILITY_SETTINGS: ViabilitySettings = {
  model: 'LL4',
  lowControl: 'positive',
  zPrimeMin: 0.5,
  rSquaredMin: DOSE_RESPONSE_DEFAULTS.minRSquared,
  slopeMin: DOSE_RESPONSE_DEFAULTS.minAbsSlope,
  slopeMax: DOSE_RESPONSE_DEFAULTS.maxAbsSlope,
  ciRatioMax: DOSE_RESPONSE_DEFAULTS.maxCiRatio,
  minDistinctConcentrations: DOSE_RESPONSE_DEFAULTS.minConcentrations,
  replicateCvMaxPercent: DOSE_RESPONSE_DEFAULTS.maxReplicateCvPct,
  edgeEffectMaxPercent: 10,
  inhibitorOnlyViabilityMinPercent: 80,
  source: 'defaults',
};

/** A run's stored parameter: `{ value, unit?, source }` (protocols/settings/validate-parameters). */
type StoredParameters = Record<string, { value?: unknown } | undefined> | null | undefined;

function numberParam(params: StoredParameters, key: string, fallback: number): number {
  const v = params?.[key]?.value;
  return typeof v === 'number' && Number.isFinite(v) ? v : fallback;
}

/** Settings from a run's validated parameters; anything absent or malformed takes the default. */
export function viabilitySettingsFrom(params: StoredParameters): ViabilitySettings {
  if (!params) return DEFAULT_VIABILITY_SETTINGS;
  const d = DEFAULT_VIABILITY_SETTINGS;
  const model = params.fitModel?.value;
  const low = params.lowControl?.value;
  return {
    model: (DOSE_RESPONSE_MODELS as readonly unknown[]).includes(model)
      ? (model as DoseResponseModel)
      : d.model,
    lowControl: low === 'blank' || low === 'positive' ? low : d.lowControl,
    zPrimeMin: numberParam(params, 'zPrimeMin', d.zPrimeMin),
    rSquaredMin: numberParam(params, 'rSquaredMin', d.rSquaredMin),
    slopeMin: numberParam(params, 'slopeMin', d.slopeMin),
    slopeMax: numberParam(params, 'slopeMax', d.slopeMax),
    ciRatioMax: numberParam(params, 'ciRatioMax', d.ciRatioMax),
    minDistinctConcentrations: numberParam(
      params,
      'minDistinctConcentrations',
      d.minDistinctConcentrations,
    ),
    replicateCvMaxPercent: numberParam(params, 'replicateCvMaxPercent', d.replicateCvMaxPercent),
    edgeEffectMaxPercent: numberParam(params, 'edgeEffectMaxPercent', d.edgeEffectMaxPercent),
    inhibitorOnlyViabilityMinPercent: numberParam(
      params,
      'inhibitorOnlyViabilityMinPercent',
      d.inhibitorOnlyViabilityMinPercent,
    ),
    source: 'run-parameters',
  };
}

/** Options of fitDoseResponse for these settings (responses in % of vehicle). */
export function fitOptionsFor(
  s: ViabilitySettings,
  concentrationUnit: string,
  model: DoseResponseModel = s.model,
): DoseResponseOptions {
  return {
    model,
    concentrationUnit,
    minRSquared: s.rSquaredMin,
    minAbsSlope: s.slopeMin,
    maxAbsSlope: s.slopeMax,
    maxCiRatio: s.ciRatioMax,
    minConcentrations: s.minDistinctConcentrations,
    maxReplicateCvPct: s.replicateCvMaxPercent,
  };
}

/** Options of plateQc for these settings. */
export function qcOptionsFor(s: ViabilitySettings): PlateQcOptions {
  return {
    zPrimeGood: s.zPrimeMin,
    maxReplicateCvPct: s.replicateCvMaxPercent,
    edgeEffectThresholdPct: s.edgeEffectMaxPercent,
  };
}
