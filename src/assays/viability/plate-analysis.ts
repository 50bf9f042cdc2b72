import { AnalysisError } from '../../analysis/common/analysis-error';
import {
  type DoseResponseFit,
  type DoseResponseModel,
  DOSE_RESPONSE_METHOD,
  DOSE_RESPONSE_METHOD_VERSION,
  fitDoseResponse,
  fitFlagRule,
  fitFlagSeverity,
  hashDoseResponseInput,
  resolveDoseResponseOptions,
} from '../../analysis/dose-response';
import {
  classifyZPrime,
  type ControlQc,
  type MttWell,
  normalizeMtt,
  type NormalizedMtt,
  plateAnalysisFlagSeverity,
  plateQcFromMtt,
  type PlateSize,
  type PlateQc,
  type WellRole,
} from '../../analysis/plate';
import type { FlagDetail } from '../../analysis/common/flag-severity';
import type { ValueStatus } from '../../analysis/plate/plate-reading';
import { plainChannelKey, type ChannelChoice } from '../../analysis/plate/read-channels';
import { statusReason } from '../../analysis/plate/value-status';
import type { ProblemItem } from '../../common/errors/domain.error';
import { timeOrderedId } from '../../common/time-ordered-id';
import { type AnalysisDerivedValues, storedDerivedValues } from './analysis-derived-values.entity';
import type { DoseResponseFitRecord, FitPoint } from './dose-response-fit.entity';
import type {
  LineQc,
  NormalisationSummary,
  PlateQcResult,
  QcDetails,
} from './plate-qc-result.entity';
import { fitOptionsFor, qcOptionsFor, type ViabilitySettings } from './viability-settings';

/** The layout columns an analysis reads (a LayoutWell). */
export interface AnalysisLayoutWell {
  well: string;
  role: WellRole;
  materialId: string | null;
  concentrationValue: number | null;
  concentrationUnit: string | null;
  concentrationMolar: number | null;
  inhibitorName: string | null;
  inhibitorConcentrationValue: number | null;
  inhibitorConcentrationUnit: string | null;
  inhibitorConcentrationMolar: number | null;
}

/** The raw-value columns an analysis reads (a WellReading). */
export interface AnalysisWellReading {
  id: string;
  well: string;
  wavelengthNm: number | null;
  /** null when the reader wrote a mark without a number (see `status`). */
  value: number | null;
  /** The channel key; absent: the plain absorbance read at `wavelengthNm`. */
  channel?: string;
  /** Absent or `ok`: a number to analyse; otherwise the reader's mark (left out, with why). */
  status?: ValueStatus;
  raw?: string;
}

export interface PlateAnalysisInput {
  plateId: string;
  runId: string | null;
  readingId: string;
  plateSize: number;
  measurementWavelengthNm: number;
  /** Subtracted when set and read for the wells. */
  referenceWavelengthNm: number | null;
  /**
   * The channels to analyse, chosen from the reading's channels by the protocol's read mode
   * (see chooseChannels). Absent: the reads at the two wavelengths above.
   */
  channels?: ChannelChoice;
  layoutWells: readonly AnalysisLayoutWell[];
  wellReadings: readonly AnalysisWellReading[];
  /** Wells excluded by a scientist: analysed as `excluded` (ignored). */
  excludedWells: ReadonlySet<string>;
  materialNames: ReadonlyMap<string, string>;
  settings: ViabilitySettings;
  /** A refit may choose another model than the protocol's. */
  model?: DoseResponseModel;
}

/** Rows to write: every field but who made them and why (the service adds those). */
export type AnalysisRow = Omit<
  PlateQcResult,
  'createdAt' | 'updatedAt' | 'createdById' | 'reason' | 'trigger' | 'assignId'
>;
export type FitRow = Omit<
  DoseResponseFitRecord,
  'createdAt' | 'updatedAt' | 'createdById' | 'reason' | 'assignId'
>;

export interface PlateAnalysis {
  analysis: AnalysisRow;
  /** One row: every analysed well's derived values, pointing back to the raw values. */
  derived: AnalysisDerivedValues;
  fits: FitRow[];
}

/** The normalisation "method" of an analysis of a plate without blank wells (QC only). */
export const NOT_NORMALISED_METHOD = 'plate/not-normalised-no-blank-wells';

/** "HIG-82 + MK571 25 µM" (or the material id). */
function fitLabel(f: FitRow): string {
  const name = f.materialName ?? f.materialId ?? 'no material';
  return f.inhibitorLabel ? `${name} + ${f.inhibitorLabel}` : name;
}

/** The plate cannot be analysed as laid out and read (the service maps it to a DomainError). */
export class PlateAnalysisError extends Error {
  constructor(
    message: string,
    readonly problems: ProblemItem[],
  ) {
    super(message);
    this.name = 'PlateAnalysisError';
  }
}

interface InhibitorInfo {
  name: string;
  molar: number | null;
  label: string;
}

const MICRO = 1e6;

/** The parameters a model may fix, in the order a fit row lists them. */
const FIXABLE_PARAMETERS = ['b', 'c', 'd', 'f'] as const;

function formatAmount(v: number): string {
  return String(Number(v.toPrecision(6)));
}

/** µ for the ASCII u of plate maps. */
function displayUnit(unit: string): string {
  return unit.replace(/^u(?=[A-Za-z])/, 'µ');
}

/**
 * The concentration unit of the plate's fits: µM when every treated well has a molar
 * concentration (the canonical molar value, so nM and µM maps fit alike), else the one unit the
 * treated wells share (a mass unit). Mixed non-molar units cannot be fitted together.
 */
function concentrationUnitOf(wells: readonly AnalysisLayoutWell[]): {
  unit: string;
  value: (w: AnalysisLayoutWell) => number | null;
} {
  const treated = wells.filter((w) => w.role === 'treated');
  if (treated.every((w) => w.concentrationMolar !== null)) {
    return {
      unit: 'µM',
      value: (w) => (w.concentrationMolar === null ? null : w.concentrationMolar * MICRO),
    };
  }
  const units = new Set(treated.map((w) => w.concentrationUnit ?? ''));
  if (units.size > 1) {
    throw new PlateAnalysisError('treated wells mix concentration units that do not convert', [
      {
        code: 'MIXED_CONCENTRATION_UNITS',
        message: `units ${[...units].join(', ')}: give molar concentrations or one unit`,
      },
    ]);
  }
  return { unit: displayUnit([...units][0] ?? ''), value: (w) => w.concentrationValue };
}

function inhibitorOf(w: AnalysisLayoutWell): InhibitorInfo | null {
  if (!w.inhibitorName) return null;
  const value = w.inhibitorConcentrationValue;
  const unit = w.inhibitorConcentrationUnit;
  return {
    name: w.inhibitorName,
    molar: w.inhibitorConcentrationMolar,
    label:
      value !== null && unit
        ? `${w.inhibitorName} ${formatAmount(value)} ${displayUnit(unit)}`
        : w.inhibitorName,
  };
}

/** Key of a series: normalizeMtt groups by (line, inhibitor); the inhibitor key carries its dose. */
function inhibitorKey(i: InhibitorInfo): string {
  return i.molar !== null ? `${i.name}@${i.molar}M` : i.label;
}

function rethrowAnalysisError(e: unknown): never {
  if (e instanceof AnalysisError) {
    const wellLike = e.field && /^[A-P]\d{1,2}/.test(e.field) ? e.field.split('.')[0] : undefined;
    throw new PlateAnalysisError(e.message, [
      { code: e.code, message: e.message, ...(wellLike ? { well: wellLike } : { field: e.field }) },
    ]);
  }
  throw e;
}

function lineQc(
  c: ControlQc,
  settings: ViabilitySettings,
  names: ReadonlyMap<string, string>,
): LineQc {
  const z =
    settings.lowControl === 'blank' || c.positive.n < 2
      ? c.zPrimeVehicleVsBlank
      : c.zPrimeVehicleVsPositive;
  return {
    materialId: c.line,
    materialName: c.line === null ? null : (names.get(c.line) ?? null),
    nVehicle: c.vehicle.n,
    meanVehicle: c.vehicle.mean,
    sdVehicle: c.vehicle.sd,
    vehicleCvPct: c.vehicle.cvPct,
    nPositive: c.positive.n,
    meanPositive: c.positive.mean,
    sdPositive: c.positive.sd,
    zPrimeVehicleVsPositive: c.zPrimeVehicleVsPositive,
    zPrimeVehicleVsBlank: c.zPrimeVehicleVsBlank,
    zPrime: z,
    zPrimeClass: z === null ? null : classifyZPrime(z, settings.zPrimeMin),
    signalToBackground: c.signalToBackground,
  };
}

function gatingZPrime(
  qc: PlateQc,
  byLine: readonly LineQc[],
  lowControl: 'positive' | 'blank',
): number | null {
  // Each material against its own controls: two lines with different vehicle levels on one
  // plate would otherwise lower the plate-wide Z′ without any assay problem.
  if (byLine.length > 0) {
    if (byLine.some((l) => l.zPrime === null)) return null;
    return Math.min(...byLine.map((l) => l.zPrime as number));
  }
  const o = qc.overall;
  return lowControl === 'blank' || o.positive.n < 2
    ? o.zPrimeVehicleVsBlank
    : o.zPrimeVehicleVsPositive;
}

function fitRow(
  id: string,
  input: PlateAnalysisInput,
  analysisId: string,
  series: NormalizedMtt['series'][number],
  inhibitor: InhibitorInfo | null,
  unit: string,
  model: DoseResponseModel,
): FitRow {
  const points: FitPoint[] = series.wells.map((well, i) => ({
    well,
    x: series.concentrations[i],
    y: series.viabilityPct[i],
  }));
  const options = fitOptionsFor(input.settings, unit, model);
  // null: not fitted, because too few points are usable (e.g. most wells excluded); the row
  // records that instead of a fit.
  let fit: DoseResponseFit | null = null;
  let notFitted = '';
  try {
    fit = fitDoseResponse(
      { concentrations: series.concentrations, responses: series.viabilityPct },
      options,
    );
  } catch (e) {
    if (!(e instanceof AnalysisError)) throw e;
    notFitted = e.message;
  }
  const p = fit?.parameters ?? null;
  // One object literal (no spread followed by members): V8 then builds the row with a fixed
  // shape instead of adding sixty members one at a time to a dictionary.
  return {
    id,
    plateId: input.plateId,
    runId: input.runId,
    analysisId,
    materialId: series.line,
    materialName: series.line === null ? null : (input.materialNames.get(series.line) ?? null),
    inhibitorName: inhibitor?.name ?? null,
    inhibitorConcentrationMolar: inhibitor?.molar ?? null,
    inhibitorLabel: inhibitor?.label ?? null,
    concentrationUnit: unit,
    model,
    status: 'current',
    supersededById: null,
    supersededAt: null,
    points,
    fitStatus: fit ? fit.status : 'not-fitted',
    converged: fit ? fit.converged : false,
    convergence: fit ? fit.convergence : null,
    iterations: fit ? fit.iterations : 0,
    n: fit ? fit.n : series.concentrations.length,
    nParams: fit ? fit.nParams : 0,
    df: fit ? fit.df : 0,
    fixedParameters: p ? FIXABLE_PARAMETERS.filter((k) => p[k].fixed) : [],
    b: p?.b.estimate ?? null,
    bSe: p?.b.se ?? null,
    c: p?.c.estimate ?? null,
    cSe: p?.c.se ?? null,
    d: p?.d.estimate ?? null,
    dSe: p?.d.se ?? null,
    e: p?.e.estimate ?? null,
    eSe: p?.e.se ?? null,
    f: p?.f.estimate ?? null,
    fSe: p?.f.se ?? null,
    lnE: fit ? fit.lnE : null,
    seLnE: fit ? fit.seLnE : null,
    eCi95Low: fit?.eCi95?.[0] ?? null,
    eCi95High: fit?.eCi95?.[1] ?? null,
    ic50: fit ? fit.ic50 : null,
    lnIc50: fit ? fit.lnIc50 : null,
    seLnIc50: fit ? fit.seLnIc50 : null,
    ic50Ci95Low: fit?.ic50Ci95?.[0] ?? null,
    ic50Ci95High: fit?.ic50Ci95?.[1] ?? null,
    ic50Absolute: fit ? fit.ic50Absolute : null,
    ic50BoundRelation: fit?.ic50Bound?.relation ?? null,
    ic50BoundConcentration: fit?.ic50Bound?.concentration ?? null,
    ic50Display: fit ? fit.ic50Display : `not fitted (${notFitted})`,
    rss: fit ? fit.rss : null,
    residualSe: fit ? fit.residualSe : null,
    rSquared: fit ? fit.rSquared : null,
    tQuantile: fit ? fit.tQuantile : null,
    maxReplicateCvPct: fit ? fit.maxReplicateCvPct : null,
    testedMin: fit ? fit.testedRange.min : null,
    testedMax: fit ? fit.testedRange.max : null,
    distinctConcentrations: fit
      ? fit.testedRange.distinctConcentrations
      : new Set(series.concentrations).size,
    flags: fit ? [...fit.flags] : ['not-fitted'],
    noEffectTest: fit ? { ...fit.noEffectTest } : null,
    method: fit ? fit.method : DOSE_RESPONSE_METHOD,
    methodVersion: fit ? fit.methodVersion : DOSE_RESPONSE_METHOD_VERSION,
    options: { ...(fit ? fit.options : resolveDoseResponseOptions(options)) },
    inputHash: fit
      ? fit.inputHash
      : hashDoseResponseInput(series.concentrations, series.viabilityPct),
  };
}

/**
 * Analyses one read MTT plate (SCIENCE.md §2), without touching the database:
 * reference-wavelength subtraction → blank correction → % of vehicle (normalizeMtt) → one
 * log-logistic fit per material and inhibitor (model from the protocol, or the refit's choice)
 * → IC50 with SE and CI → quality flags → plate QC (Z′, S/B, replicate CV, edge effect).
 * Returns the rows to store; throws PlateAnalysisError when the plate cannot be analysed.
 */
export function analysePlateData(input: PlateAnalysisInput): PlateAnalysis {
  const analysisId = timeOrderedId();
  const model = input.model ?? input.settings.model;
  const measurement = new Map<string, AnalysisWellReading>();
  const reference = new Map<string, AnalysisWellReading>();
  const refWl = input.referenceWavelengthNm;
  const choice = input.channels;
  if (choice) {
    for (const r of input.wellReadings) {
      const key = r.channel ?? plainChannelKey(r.wavelengthNm);
      if (key === choice.measurement) measurement.set(r.well, r);
      else if (choice.reference !== null && key === choice.reference) reference.set(r.well, r);
    }
  } else {
    for (const r of input.wellReadings) {
      if (r.wavelengthNm === input.measurementWavelengthNm) measurement.set(r.well, r);
      else if (refWl !== null && r.wavelengthNm === refWl) reference.set(r.well, r);
    }
    // A reading without wavelengths (a bare grid) is the measurement.
    if (measurement.size === 0) {
      for (const r of input.wellReadings) if (r.wavelengthNm === null) measurement.set(r.well, r);
    }
  }
  const subtract = reference.size > 0;
  const reducedByReader = choice?.reduced === true;
  // Wells whose read the reader marked (OVRFLW, *0.356*, MISSED): left out, with the reason.
  const marked: { well: string; reason: string }[] = [];
  const markOf = (r: AnalysisWellReading | undefined): string | null =>
    r && ((r.status !== undefined && r.status !== 'ok') || r.value === null)
      ? statusReason(r.status ?? 'missing', r.raw ?? '')
      : null;

  const used = input.layoutWells.filter((w) => w.role !== 'empty');
  const conc = concentrationUnitOf(used);
  const inhibitors = new Map<string, InhibitorInfo>();
  const problems: ProblemItem[] = [];
  const wells: MttWell[] = [];
  for (const w of used) {
    let excluded = w.role === 'excluded' || input.excludedWells.has(w.well);
    const m = measurement.get(w.well);
    const ref = subtract ? reference.get(w.well) : undefined;
    if (!excluded) {
      const reason = markOf(m) ?? markOf(ref);
      if (reason !== null) {
        marked.push({ well: w.well, reason });
        excluded = true;
      }
    }
    if (!excluded && (!m || (subtract && !ref))) {
      problems.push({
        well: w.well,
        code: 'MISSING_READING',
        message: `well ${w.well} (${w.role}) has no value at ${!m ? input.measurementWavelengthNm : refWl} nm`,
      });
      continue;
    }
    const inh = inhibitorOf(w);
    let inhKey: string | null = null;
    if (inh) {
      inhKey = inhibitorKey(inh);
      inhibitors.set(inhKey, inh);
    }
    wells.push({
      well: w.well,
      role: excluded ? 'excluded' : w.role,
      line: w.materialId,
      concentration: conc.value(w),
      inhibitor: inhKey,
      absorbance: m?.value ?? null,
      referenceAbsorbance: ref?.value ?? null,
    });
  }
  if (problems.length > 0) {
    throw new PlateAnalysisError(`${problems.length} wells of the layout were not read`, problems);
  }
  const format = input.plateSize as PlateSize;
  // % viability needs blank wells; plate QC (Z′, ratios, CVs, edges, drift) does not: a plate
  // without blanks (a control-only QC plate) gets its QC and says what was not computed.
  const hasBlank = wells.some((w) => w.role === 'blank');
  const hasTreated = wells.some((w) => w.role === 'treated');
  let norm: NormalizedMtt | null = null;
  let qc: PlateQc;
  try {
    if (hasBlank) norm = normalizeMtt({ format, wells });
    qc = plateQcFromMtt({ format, wells }, qcOptionsFor(input.settings));
  } catch (e) {
    rethrowAnalysisError(e);
  }

  // Every analysed well, in the layout's order (normalizeMtt keeps its input's order), written
  // straight into the stored form.
  const analysed = norm
    ? norm.wells
    : wells
        .filter((w) => w.role !== 'excluded' && w.role !== 'empty')
        .map((w) => ({
          well: w.well,
          signal: (w.absorbance as number) - (subtract ? (w.referenceAbsorbance as number) : 0),
          blankCorrected: null,
          viabilityPct: null,
          negativeSignal: false,
        }));
  const derivedValues = storedDerivedValues(analysed.length);
  analysed.forEach((w, i) => {
    derivedValues.wells[i] = w.well;
    derivedValues.measurementReadingIds[i] = (measurement.get(w.well) as AnalysisWellReading).id;
    derivedValues.referenceReadingIds[i] = subtract
      ? (reference.get(w.well) as AnalysisWellReading).id
      : null;
    derivedValues.signalAu[i] = w.signal;
    derivedValues.blankCorrectedAu[i] = w.blankCorrected;
    derivedValues.viabilityPct[i] = w.viabilityPct;
    derivedValues.negativeSignal[i] = w.negativeSignal;
  });

  const fits = (norm?.series ?? []).map((s) =>
    fitRow(
      timeOrderedId(),
      input,
      analysisId,
      s,
      s.inhibitor === null ? null : (inhibitors.get(s.inhibitor) ?? null),
      conc.unit,
      model,
    ),
  );

  const s = input.settings;
  const byLine = qc.byLine.map((c) => lineQc(c, s, input.materialNames));
  const zPrime = gatingZPrime(qc, byLine, s.lowControl);
  const zPrimePasses = zPrime !== null && zPrime >= s.zPrimeMin;
  const flags: string[] = [...qc.flags];
  const details = new Map<string, string>(qc.flagDetails.map((d) => [d.flag, d.message]));
  const addFlag = (flag: string, message: string) => {
    if (!flags.includes(flag)) flags.push(flag);
    if (!details.has(flag)) details.set(flag, message);
  };
  if (!zPrimePasses) {
    if (zPrime === null) addFlag('zprime-undefined', 'the gating Z′ cannot be computed');
    else {
      addFlag(
        'zprime-below-minimum',
        `gating Z′ ${zPrime.toFixed(3)} below the protocol minimum ${s.zPrimeMin}`,
      );
    }
  }
  // A plate flag only when a fit's dose group is below zero beyond its noise (one noisy well
  // below the blank is a fact of that well, kept in the derived values).
  const negativeFits = fits.filter((f) => f.flags.includes('negative-signal'));
  if (negativeFits.length > 0) {
    addFlag(
      'negative-signal',
      `a dose group below 0 % beyond its noise: ${negativeFits.map(fitLabel).join(', ')}`,
    );
  }
  for (const f of norm?.flags ?? []) {
    if (f === 'vehicle-not-above-zero') {
      addFlag(f, 'the vehicle wells do not read above the blanks: % viability is meaningless');
    }
  }
  if (refWl !== null && !subtract && !reducedByReader) {
    addFlag('reference-wavelength-not-read', `no values at the reference wavelength ${refWl} nm`);
  }
  if (marked.length > 0) {
    addFlag(
      'reader-marked-wells',
      `${marked.length} well${marked.length === 1 ? '' : 's'} left out of the analysis: ${marked
        .slice(0, 24)
        .map((x) => `${x.well} (${x.reason})`)
        .join('; ')}${marked.length > 24 ? '; …' : ''}`,
    );
  }
  const notComputed = [...qc.notComputed];
  if (!norm) {
    const what = '% viability and dose-response fits';
    notComputed.push({ quantity: what, reason: 'no blank wells (% viability needs blanks)' });
    if (hasTreated) {
      addFlag(
        'dose-series-not-fitted',
        `the layout has treated wells but no blank wells: ${what} were not computed`,
      );
    } else {
      addFlag('viability-not-computed', `control-only plate: ${what} not computed (no blanks)`);
    }
  }
  const failedFits = fits.filter((f) =>
    f.flags.some((fl) => fitFlagSeverity(fl) === 'blocks-approval'),
  );
  if (failedFits.length > 0) {
    addFlag(
      'fit-failed',
      failedFits
        .map(
          (f) =>
            `${fitLabel(f)}: ${f.flags.filter((fl) => fitFlagSeverity(fl) === 'blocks-approval').join(', ')}`,
        )
        .join('; '),
    );
  }
  const flagDetails: FlagDetail[] = flags.map((flag) => ({
    flag,
    severity: plateAnalysisFlagSeverity(flag),
    message: details.get(flag) ?? flag,
  }));
  const blockingFlags = flagDetails
    .filter((d) => d.severity === 'blocks-approval')
    .map((d) => d.flag);
  // The plate-QC gate: the plate passes when no flag of the analysis or its fits blocks approval.
  const passes = zPrimePasses && blockingFlags.length === 0;
  const qcDetails: QcDetails = {
    signalToBackground: qc.overall.signalToBackground,
    signalWindow: qc.overall.signalWindow,
    uniformity: qc.uniformity,
    notComputed,
    flagDetails,
    blockingFlags,
    fitFlagDetails: fits.map((f) => ({
      fitId: f.id,
      label: fitLabel(f),
      flags: f.flags.map((flag) => ({
        flag,
        severity: fitFlagSeverity(flag),
        message: fitFlagRule(flag),
      })),
    })),
  };
  // The groups QC judges: wells with cells and a signal ≥ 10 % of the vehicle mean.
  const vehicleMean = Math.abs(qc.overall.vehicle.mean ?? 0);
  const cvs = qc.replicateGroups
    .filter(
      (g) =>
        (g.role === 'vehicle' || g.role === 'treated' || g.role === 'inhibitor-only') &&
        g.cvPct !== null &&
        g.mean !== null &&
        Math.abs(g.mean) >= 0.1 * vehicleMean,
    )
    .map((g) => g.cvPct as number);
  const channelSummary = {
    ...(reducedByReader ? { referenceSubtractedByReader: true } : {}),
    ...(choice ? { measurementChannel: choice.measurement } : {}),
  };
  const normalisation: NormalisationSummary = !norm
    ? {
        referenceWavelengthSubtracted: subtract,
        ...channelSummary,
        blankMeanAu: null,
        nBlank: 0,
        lines: [],
        inhibitorOnly: [],
        negativeSignalWells: [],
        flags: [],
      }
    : {
        referenceWavelengthSubtracted: norm.referenceWavelengthSubtracted,
        ...channelSummary,
        blankMeanAu: norm.blankMean,
        nBlank: norm.nBlank,
        lines: norm.lines.map((l) => ({
          materialId: l.line,
          vehicleMeanAu: l.vehicleMean,
          nVehicle: l.nVehicle,
          positiveMeanPct: l.positiveMeanPct,
        })),
        inhibitorOnly: norm.inhibitorOnly.map((c) => {
          const inh = c.inhibitor === null ? null : (inhibitors.get(c.inhibitor) ?? null);
          return {
            materialId: c.line,
            inhibitorName: inh?.name ?? null,
            inhibitorConcentrationMolar: inh?.molar ?? null,
            inhibitorLabel: inh?.label ?? null,
            nWells: c.nWells,
            meanBlankCorrectedAu: c.meanBlankCorrected,
            viabilityPctOfVehicle: c.viabilityPctOfVehicle,
          };
        }),
        negativeSignalWells: norm.negativeSignalWells,
        flags: [...norm.flags],
      };

  const analysis: AnalysisRow = {
    id: analysisId,
    plateId: input.plateId,
    runId: input.runId,
    readingId: input.readingId,
    status: 'current',
    supersededById: null,
    lowControl: s.lowControl,
    zPrimeMin: s.zPrimeMin,
    zPrime,
    zPrimeClass: zPrime === null ? null : classifyZPrime(zPrime, s.zPrimeMin),
    passes,
    plateZPrimeVehicleVsPositive: qc.overall.zPrimeVehicleVsPositive,
    plateZPrimeVehicleVsBlank: qc.overall.zPrimeVehicleVsBlank,
    signalToBackground: qc.overall.signalToBackground,
    vehicleCvPct: qc.overall.vehicle.cvPct,
    maxReplicateCvPct: cvs.length > 0 ? Math.max(...cvs) : null,
    edgeEffectDifferencePct: qc.edgeEffect.differencePct,
    edgeEffectPValue: qc.edgeEffect.pValue,
    byLine,
    highCvGroups: qc.replicateGroups
      .filter((g) => g.highCv)
      .map((g) => ({
        role: g.role,
        materialId: g.line,
        concentration: g.concentration,
        inhibitor: g.inhibitor === null ? null : (inhibitors.get(g.inhibitor)?.label ?? null),
        wells: g.wells,
        cvPct: g.cvPct,
      })),
    normalisation,
    flags,
    excludedWells: qc.excludedWells,
    qcMethod: qc.method,
    qcMethodVersion: qc.methodVersion,
    qcOptions: { ...qc.options, zPrimeMin: s.zPrimeMin, lowControl: s.lowControl },
    qcInputHash: qc.inputHash,
    qcDetails,
    normalisationMethod: norm ? norm.method : NOT_NORMALISED_METHOD,
    normalisationMethodVersion: norm ? norm.methodVersion : '1.0.0',
    normalisationInputHash: norm ? norm.inputHash : qc.inputHash,
    overrideReason: null,
    overriddenById: null,
    overriddenByName: null,
    overriddenAt: null,
    overrideSignatureId: null,
  };
  const derived: AnalysisDerivedValues = {
    analysisId,
    plateId: input.plateId,
    readingId: input.readingId,
    values: derivedValues,
  };
  return { analysis, derived, fits };
}
