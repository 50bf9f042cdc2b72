// The analysis of one analyte of a batch: responses, ICH M10 calibration, carry-over, unknowns.
import {
  evaluateCalibrationBatch,
  evaluateCarryover,
  type CalibrationBatchResult,
  type CarryoverResult,
} from '../../analysis/calibration';
import { AnalysisError } from '../../analysis/common/analysis-error';
import { provenance, withoutInputHashes, type Provenance } from '../../analysis/common/provenance';
import type { InjectionType } from '../../imports/lcms/sample-type';
import { hashCalibrationInput } from './calibration-input-hash';
import type { ConcentrationStatus } from './lcms-calibration.entity';
import type { LcmsSettings } from './lcms-settings';

export interface InjectionForAnalysis {
  id: string;
  position: number;
  name: string;
  type: InjectionType;
  nominals: Record<string, number> | null;
  qcLevel: string | null;
  sampleId: string | null;
  dilutionFactor: number;
}

/** Analyte and internal-standard areas of one injection (null = no peak). */
export interface AreasForAnalysis {
  analyteArea: number | null;
  internalStandardArea: number | null;
}

export interface FailedRuleOut {
  code: string;
  message: string;
  level?: string;
}

export interface UnknownOut {
  injectionId: string;
  injection: string;
  sampleId: string | null;
  response: number | null;
  status: ConcentrationStatus;
  concentration: number | null;
  task: string | null;
}

export interface AnalyteAnalysis extends Provenance {
  analyte: string;
  accepted: boolean;
  failedRules: FailedRuleOut[];
  flags: string[];
  slope: number | null;
  intercept: number | null;
  calibration: Omit<CalibrationBatchResult, keyof Provenance | 'unknowns'> | null;
  carryover:
    (Omit<CarryoverResult, keyof Provenance> & { blank: string; afterCalibrator: string }) | null;
  /** Calibrators and QCs without a peak: calibrators leave the fit, QCs count as failed. */
  withoutPeak: string[];
  unknowns: UnknownOut[];
}

/**
 * One unknown's concentration as stored. Written out, not `{ ...base, status, … }`
 * (docs/performance.md, "LC-MS/MS import writes").
 */
function unknownOut(
  inj: InjectionForAnalysis,
  response: number | null,
  status: ConcentrationStatus,
  concentration: number | null,
  task: string | null,
): UnknownOut {
  return {
    injectionId: inj.id,
    injection: inj.name,
    sampleId: inj.sampleId,
    response,
    status,
    concentration,
    task,
  };
}

/** The injections in position order: the list itself when it is in that order already. */
function byPosition(injections: readonly InjectionForAnalysis[]): readonly InjectionForAnalysis[] {
  for (let k = 1; k < injections.length; k++) {
    if (injections[k - 1].position > injections[k].position)
      return [...injections].sort((a, b) => a.position - b.position);
  }
  return injections;
}

const METHOD = 'lcms-batch-calibration';
const VERSION = '1.1.0';

/**
 * Runs one analyte of a batch: response = analyte area / IS area per injection; the weighted
 * line and ICH M10 decision on the calibrators (minus exclusions) and QCs; carry-over in the
 * blank injected after the highest calibrator; and each unknown's concentration (only inside
 * the range, only in an accepted batch: BLQ, ALQ with "dilute and re-run", not-reportable, or
 * no-peak otherwise). A calibration that cannot be computed (fewer than 2 levels) rejects the
 * analyte with that reason.
 */
export function analyseAnalyte(
  analyte: string,
  injections: readonly InjectionForAnalysis[],
  areas: ReadonlyMap<string, AreasForAnalysis>,
  settings: LcmsSettings,
  excluded: ReadonlySet<string>,
  concentrationUnit: string,
): AnalyteAnalysis {
  const flags: string[] = [];
  const withoutPeak: string[] = [];
  const responseOf = (id: string): number | null => {
    const a = areas.get(id);
    if (
      !a ||
      a.analyteArea === null ||
      a.internalStandardArea === null ||
      !(a.internalStandardArea > 0)
    )
      return null;
    return a.analyteArea / a.internalStandardArea;
  };
  const calibrators: { sample: string; nominalConcentration: number; response: number }[] = [];
  const qcs: { sample: string; level: string; nominalConcentration: number; response: number }[] =
    [];
  const unknowns = [];
  const noPeakQcs = new Set<string>();
  for (const inj of injections) {
    const nominal = inj.nominals?.[analyte];
    const response = responseOf(inj.id);
    if (inj.type === 'calibrator' && nominal !== undefined && nominal > 0) {
      if (excluded.has(inj.id)) continue;
      if (response === null) {
        withoutPeak.push(inj.name);
        continue;
      }
      calibrators.push({ sample: inj.name, nominalConcentration: nominal, response });
    } else if (inj.type === 'qc' && nominal !== undefined && nominal > 0) {
      if (response === null) {
        withoutPeak.push(inj.name);
        noPeakQcs.add(inj.name);
      }
      // A QC without a peak is a failed QC: response 0 back-calculates far from its nominal.
      qcs.push({
        sample: inj.name,
        level: inj.qcLevel ?? inj.name,
        nominalConcentration: nominal,
        response: response ?? 0,
      });
    } else if (inj.type === 'unknown') {
      unknowns.push({ inj, response });
    }
  }
  if (withoutPeak.length > 0) flags.push('calibrator-or-qc-without-peak');
  let ich: CalibrationBatchResult | null = null;
  const failedRules: FailedRuleOut[] = [];
  const ichUnknowns = unknowns
    .filter((u) => u.response !== null)
    .map((u) => ({
      sample: u.inj.id,
      response: u.response as number,
      dilutionFactor: u.inj.dilutionFactor,
    }));
  try {
    // Its provenance is dropped below: this result's input hash covers its input.
    ich = withoutInputHashes(() =>
      evaluateCalibrationBatch(
        { analyte, concentrationUnit, calibrators, qcs, unknowns: ichUnknowns },
        settings.ich,
      ),
    );
    for (const r of ich.failedRules)
      failedRules.push({
        code: r.code,
        message: r.message,
        ...(r.level ? { level: r.level } : {}),
      });
    flags.push(...ich.flags.filter((f) => f !== 'batch-rejected'));
  } catch (e) {
    if (!(e instanceof AnalysisError)) throw e;
    failedRules.push({
      code: 'CALIBRATION_NOT_COMPUTABLE',
      message: `Calibration of ${analyte}: ${e.message}`,
    });
  }

  // Carry-over: the blank right after the highest calibrator of this analyte.
  let carryover: AnalyteAnalysis['carryover'] = null;
  let carryoverInput: {
    blank: string;
    afterCalibrator: string;
    blankAnalyteArea: number | null;
    blankInternalStandardArea: number | null;
    lloqAnalyteAreas: number[];
    internalStandardAreas: number[];
  } | null = null;
  if (ich) {
    const ordered = byPosition(injections);
    const top = ordered.filter(
      (i) => i.type === 'calibrator' && (i.nominals?.[analyte] ?? 0) === ich!.uloq,
    );
    const blankIndex = ordered.findIndex(
      (i, k) => i.type === 'blank' && k > 0 && top.some((t) => t.id === ordered[k - 1].id),
    );
    if (blankIndex === -1) {
      flags.push('no-carryover-blank');
    } else {
      const blank = ordered[blankIndex];
      // The LLOQ calibrators' analyte areas and every non-blank injection's IS area, in
      // injection order (one pass, no intermediate arrays).
      const lloqAreas: number[] = [];
      const isAreas: number[] = [];
      for (const i of ordered) {
        if (i.type === 'blank') continue;
        const a = areas.get(i.id);
        if (i.type === 'calibrator' && i.nominals?.[analyte] === ich.lloq) {
          const x = a?.analyteArea;
          if (typeof x === 'number') lloqAreas.push(x);
        }
        const y = a?.internalStandardArea;
        if (typeof y === 'number') isAreas.push(y);
      }
      if (lloqAreas.length > 0 && isAreas.length > 0) {
        const b = areas.get(blank.id);
        const input = {
          blankAnalyteArea: b?.analyteArea ?? null,
          blankInternalStandardArea: b?.internalStandardArea ?? null,
          lloqAnalyteAreas: lloqAreas,
          internalStandardAreas: isAreas,
        };
        const afterCalibrator = ordered[blankIndex - 1].name;
        carryoverInput = { blank: blank.name, afterCalibrator, ...input };
        // Only its numbers are kept (its provenance is dropped below): not hashed.
        const c = withoutInputHashes(() => evaluateCarryover(input, settings.carryover));
        const { method: _m, methodVersion: _v, options: _o, inputHash: _h, ...rest } = c;
        carryover = { ...rest, blank: blank.name, afterCalibrator };
        if (!c.analytePass) {
          failedRules.push({
            code: 'CARRYOVER_ANALYTE',
            message: `Carry-over: ${analyte} in blank ${blank.name} is ${round(c.analytePercentOfLloq)} % of the LLOQ response (limit ${settings.carryover.maxPercentOfLloq} %)`,
          });
        }
        if (!c.internalStandardPass) {
          failedRules.push({
            code: 'CARRYOVER_IS',
            message: `Carry-over: internal standard in blank ${blank.name} is ${round(c.internalStandardPercentOfMean)} % of its mean response (limit ${settings.carryover.maxPercentOfIs} %)`,
          });
        }
      }
    }
  }
  const accepted = ich !== null && failedRules.length === 0;
  const byId = new Map((ich?.unknowns ?? []).map((u) => [u.sample, u]));
  const unknownsOut: UnknownOut[] = unknowns.map(({ inj, response }) => {
    if (response === null) return unknownOut(inj, response, 'no-peak', null, null);
    const u = byId.get(inj.id);
    if (!accepted || !u || u.status === 'not-quantifiable')
      return unknownOut(inj, response, 'not-reportable', null, null);
    if (u.status === 'ALQ') return unknownOut(inj, response, 'ALQ', null, 'dilute-and-re-run');
    if (u.status === 'BLQ') return unknownOut(inj, response, 'BLQ', null, null);
    return unknownOut(inj, response, 'quantified', u.concentration, null);
  });
  if (!accepted) flags.push('batch-rejected');
  let calibration: AnalyteAnalysis['calibration'] = null;
  if (ich) {
    const {
      method: _m,
      methodVersion: _v,
      options: _o,
      inputHash: _h,
      unknowns: _u,
      ...rest
    } = ich;
    calibration = {
      ...rest,
      qcs: rest.qcs.map((q) =>
        noPeakQcs.has(q.sample)
          ? {
              ...q,
              response: Number.NaN,
              backCalculatedConcentration: null,
              accuracyPercent: null,
              pass: false,
            }
          : q,
      ),
    };
    // NaN is not JSON: a QC without a peak has no response.
    calibration.qcs = calibration.qcs.map((q) =>
      Number.isNaN(q.response) ? ({ ...q, response: null } as unknown as typeof q) : q,
    );
  }
  return {
    analyte,
    accepted,
    failedRules,
    flags: [...new Set(flags)],
    slope: ich?.line.slope ?? null,
    intercept: ich?.line.intercept ?? null,
    calibration,
    carryover,
    withoutPeak,
    unknowns: unknownsOut,
    ...provenance(
      METHOD,
      VERSION,
      { ...settings.ich, carryover: settings.carryover, excludedInjections: [...excluded].sort() },
      // 1.1.0: the ICH M10 step's input itself (unit and dilution factors included) and the
      // carry-over's blank, the calibrator before it and the areas it reads; 1.0.0 held the
      // step's own input hash (its input hashed twice) and nothing of the carry-over.
      {
        analyte,
        concentrationUnit,
        calibrators,
        qcs,
        withoutPeak,
        unknowns: unknowns.map((u) => ({
          id: u.inj.id,
          response: u.response,
          dilutionFactor: u.inj.dilutionFactor,
        })),
        carryover: carryoverInput,
      },
      hashCalibrationInput,
    ),
  };
}

function round(x: number): string {
  return String(Math.round(x * 10) / 10);
}
