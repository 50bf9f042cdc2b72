import {
  type AnalysisDerivedValues,
  fromStoredDerivedValues,
} from './analysis-derived-values.entity';
import { formatSignificant, withoutBinaryResidue } from '../../analysis/common/significant-figures';
import { withoutConversionNoise } from '../../common/units';
import type { AnalysisWellDto, AnalysisWellsDto } from './dto/analysis-wells.dto';
import type { FitDto } from './dto/fit.dto';
import type { Ic50Dto } from './dto/ic50.dto';
import type { PlateQcResultDto, WellExclusionDto } from './dto/plate-analysis.dto';
import type { DoseResponseFitRecord } from './dose-response-fit.entity';
import type { LayoutWell } from '../../plates/layout-well.entity';
import { layoutEntryOf, toRawValueDto } from '../../plates/plate.mapper';
import type { WellReading } from '../../plates/plate-reading-values.entity';
import type { LineQc, PlateQcResult } from './plate-qc-result.entity';
import type { WellExclusion } from './well-exclusion.entity';
import { fitFlagRule, fitFlagSeverity } from '../../analysis/dose-response';
import { plateAnalysisFlagSeverity } from '../../analysis/plate';

const pair = (a: number | null, b: number | null): [number, number] | null =>
  a !== null && b !== null ? [a, b] : null;

/**
 * A fit's concentrations in µM are the layout's mol/L rescaled (plate-analysis.ts): shown without
 * the rescaling's binary noise. Concentrations in another unit are the plate map's own numbers,
 * shown as written.
 */
const concentrationOf =
  (unit: string) =>
  (x: number): number =>
    unit === 'µM' ? withoutConversionNoise(x) : x;

const iso = (d: Date | string): string => (d instanceof Date ? d.toISOString() : String(d));

/** What an IC50 is made of, as a fit record stores it. */
export type Ic50Fields = Pick<
  DoseResponseFitRecord,
  | 'ic50'
  | 'lnIc50'
  | 'seLnIc50'
  | 'ic50Ci95Low'
  | 'ic50Ci95High'
  | 'ic50Absolute'
  | 'ic50BoundRelation'
  | 'ic50BoundConcentration'
  | 'ic50Display'
  | 'fitStatus'
  | 'flags'
  | 'concentrationUnit'
>;

/**
 * The IC50 of a stored fit in its one response shape (Ic50Dto): a fit, a fit summary of
 * fold-resistance or efflux reversal, and an import's analysis all answer this.
 */
export function toIc50Dto(f: Ic50Fields): Ic50Dto {
  const unit = f.concentrationUnit;
  return {
    relative: f.ic50,
    lnRelative: f.lnIc50,
    seLnRelative: f.seLnIc50,
    ci95: pair(f.ic50Ci95Low, f.ic50Ci95High),
    absolute: f.ic50Absolute,
    bound:
      f.ic50BoundRelation !== null && f.ic50BoundConcentration !== null
        ? {
            relation: f.ic50BoundRelation,
            concentration: concentrationOf(unit)(f.ic50BoundConcentration),
          }
        : null,
    ciReliable: f.ic50Ci95Low === null ? null : !f.flags.includes('bottom-extrapolated'),
    // exp(ln IC50) is the fitted relative IC50 (e; LL.5: its relative ED50) even when the IC50
    // is a bound: shown labelled as the half-maximal concentration.
    halfMaximal:
      f.lnIc50 !== null && f.fitStatus === 'fitted'
        ? {
            concentration: Math.exp(f.lnIc50),
            display: `half-maximal concentration ${formatSignificant(Math.exp(f.lnIc50))}${unit ? ` ${unit}` : ''}`,
          }
        : null,
    display: f.ic50Display,
    unit,
  };
}

/** The stored fit as the API shows it. */
export function toFitDto(f: DoseResponseFitRecord): FitDto {
  const conc = concentrationOf(f.concentrationUnit);
  const fixed = new Set(f.fixedParameters);
  const est = (k: 'b' | 'c' | 'd' | 'e' | 'f', se: number | null) => ({
    estimate: f[k],
    se,
    fixed: fixed.has(k),
  });
  return {
    id: f.id,
    plateId: f.plateId,
    runId: f.runId,
    analysisId: f.analysisId,
    materialId: f.materialId,
    materialName: f.materialName,
    inhibitor:
      f.inhibitorName === null
        ? null
        : {
            name: f.inhibitorName,
            concentrationMolar: f.inhibitorConcentrationMolar,
            label: f.inhibitorLabel ?? f.inhibitorName,
          },
    model: f.model,
    status: f.status,
    supersededById: f.supersededById,
    supersededAt: f.supersededAt,
    fitStatus: f.fitStatus,
    converged: f.converged,
    convergence: f.convergence,
    iterations: f.iterations,
    n: f.n,
    nParams: f.nParams,
    df: f.df,
    concentrationUnit: f.concentrationUnit,
    parameters:
      f.e === null
        ? null
        : {
            b: est('b', f.bSe),
            c: est('c', f.cSe),
            d: est('d', f.dSe),
            e: est('e', f.eSe),
            f: est('f', f.fSe),
          },
    lnE: f.lnE,
    seLnE: f.seLnE,
    eCi95: pair(f.eCi95Low, f.eCi95High),
    ic50: toIc50Dto(f),
    rss: f.rss,
    residualSe: f.residualSe,
    rSquared: f.rSquared,
    tQuantile: f.tQuantile,
    maxReplicateCvPct: f.maxReplicateCvPct,
    testedRange: {
      min: f.testedMin === null ? null : conc(f.testedMin),
      max: f.testedMax === null ? null : conc(f.testedMax),
      distinctConcentrations: f.distinctConcentrations,
    },
    flags: f.flags,
    flagDetails: f.flags.map((flag) => ({
      flag,
      severity: fitFlagSeverity(flag),
      message: fitFlagRule(flag),
    })),
    noEffectTest: f.noEffectTest,
    // Only well, x and y: points stored before analysis_derived_values also carry an id of a
    // per-well row that no longer exists.
    points: f.points.map((p) => ({ well: p.well, x: conc(p.x), y: p.y })),
    provenance: {
      method: f.method,
      methodVersion: f.methodVersion,
      options: f.options,
      inputHash: f.inputHash,
    },
    createdAt: iso(f.createdAt),
    createdById: f.createdById,
    reason: f.reason,
  };
}

/**
 * A line's QC as responses give it: the means of measured absorbances (vehicle, positive control)
 * without the binary residue of their arithmetic (1.1751, not 1.1750999999999998). The stored
 * result keeps full precision.
 */
const lineQcForResponse = (l: LineQc): LineQc => ({
  ...l,
  meanVehicle: withoutBinaryResidue(l.meanVehicle),
  meanPositive: withoutBinaryResidue(l.meanPositive),
});

export function toQcDto(q: PlateQcResult): PlateQcResultDto {
  return {
    id: q.id,
    plateId: q.plateId,
    runId: q.runId,
    readingId: q.readingId,
    status: q.status,
    supersededById: q.supersededById,
    trigger: q.trigger,
    lowControl: q.lowControl,
    zPrimeMin: q.zPrimeMin,
    zPrime: q.zPrime,
    zPrimeClass: q.zPrimeClass,
    passes: q.passes,
    approvable: q.passes || q.overriddenAt !== null,
    plateZPrimeVehicleVsPositive: q.plateZPrimeVehicleVsPositive,
    plateZPrimeVehicleVsBlank: q.plateZPrimeVehicleVsBlank,
    signalToBackground: q.signalToBackground,
    signalWindow: q.qcDetails?.signalWindow ?? null,
    vehicleCvPct: q.vehicleCvPct,
    maxReplicateCvPct: q.maxReplicateCvPct,
    edgeEffectDifferencePct: q.edgeEffectDifferencePct,
    edgeEffectPValue: q.edgeEffectPValue,
    byLine: q.byLine.map(lineQcForResponse),
    highCvGroups: q.highCvGroups,
    normalisation: q.normalisation as unknown as Record<string, unknown>,
    flags: q.flags,
    // Analyses stored before qc_details: severities from the flag names, no locations.
    flagDetails:
      q.qcDetails?.flagDetails ??
      q.flags.map((flag) => ({ flag, severity: plateAnalysisFlagSeverity(flag), message: flag })),
    blockingFlags:
      q.qcDetails?.blockingFlags ??
      q.flags.filter((flag) => plateAnalysisFlagSeverity(flag) === 'blocks-approval'),
    notComputed: q.qcDetails?.notComputed ?? [],
    edgeChecks: q.qcDetails?.uniformity.edges ?? [],
    driftChecks: q.qcDetails?.uniformity.drift ?? [],
    excludedWells: q.excludedWells,
    provenance: {
      qc: {
        method: q.qcMethod,
        methodVersion: q.qcMethodVersion,
        options: q.qcOptions,
        inputHash: q.qcInputHash,
      },
      normalisation: {
        method: q.normalisationMethod,
        methodVersion: q.normalisationMethodVersion,
        inputHash: q.normalisationInputHash,
      },
    },
    override:
      q.overriddenAt !== null
        ? {
            reason: q.overrideReason ?? '',
            overriddenById: q.overriddenById ?? '',
            overriddenByName: q.overriddenByName ?? '',
            overriddenAt: q.overriddenAt,
            signatureId: q.overrideSignatureId,
          }
        : null,
    createdAt: iso(q.createdAt),
    createdById: q.createdById,
    reason: q.reason,
  };
}

export function toExclusionDto(e: WellExclusion): WellExclusionDto {
  return {
    id: e.id,
    well: e.well,
    reason: e.reason,
    excludedById: e.excludedById,
    excludedByName: e.excludedByName,
    excludedAt: iso(e.createdAt),
    analysisId: e.analysisId,
  };
}

const rawValue = (v: WellReading | undefined) => (v ? toRawValueDto(v) : null);

/**
 * An analysis's derived values, well by well, next to the layout entry and the raw values they
 * point to. `derived` is null for an analysis that derived nothing (a not-analysable reading).
 */
export function toAnalysisWellsDto(
  analysis: PlateQcResult,
  derived: AnalysisDerivedValues | null,
  layoutWells: readonly LayoutWell[],
  rawValues: readonly WellReading[],
  materialNames: ReadonlyMap<string, string>,
): AnalysisWellsDto {
  const layout = new Map(layoutWells.map((w) => [w.well, w]));
  const raw = new Map(rawValues.map((v) => [v.id, v]));
  const derivedWells = derived ? fromStoredDerivedValues(derived.values) : [];
  const wells = derivedWells.map((d): AnalysisWellDto => {
    const lw = layout.get(d.well);
    const entry = layoutEntryOf(lw);
    return {
      well: d.well,
      ...entry,
      materialName:
        entry.materialId === null ? null : (materialNames.get(entry.materialId) ?? null),
      measurement: rawValue(raw.get(d.measurementReadingId)),
      reference: d.referenceReadingId === null ? null : rawValue(raw.get(d.referenceReadingId)),
      signalAu: d.signalAu,
      blankCorrectedAu: d.blankCorrectedAu,
      viabilityPct: d.viabilityPct,
      negativeSignal: d.negativeSignal,
    };
  });
  return {
    analysisId: analysis.id,
    plateId: analysis.plateId,
    readingId: analysis.readingId,
    status: analysis.status,
    provenance: {
      method: analysis.normalisationMethod,
      methodVersion: analysis.normalisationMethodVersion,
      inputHash: analysis.normalisationInputHash,
    },
    wells,
  };
}
