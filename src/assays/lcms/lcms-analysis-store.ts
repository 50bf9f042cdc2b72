import type { EntityManager } from 'typeorm';
import { timeOrderedId } from '../../common/time-ordered-id';
import { insertMany, updateWhere } from '../../common/database/bulk-insert';
import type { Run } from '../../runs/run.entity';
import {
  analyseAnalyte,
  type AnalyteAnalysis,
  type AreasForAnalysis,
  type InjectionForAnalysis,
} from './lcms-batch-analysis';
import type { LcmsBatch } from './lcms-batch.entity';
import { LcmsCalibration } from './lcms-calibration.entity';
import { lcmsSettingsOf } from './lcms-settings';

/** A stored peak, as the analysis reads it. */
export interface PeakForAnalysis {
  injectionId: string;
  analyte: string;
  internalStandard: boolean;
  area: number | null;
  isArea: number | null;
}

/** The analyte and IS areas of each injection, for one analyte. */
export function areasFor(
  analyte: string,
  peaks: readonly PeakForAnalysis[],
): Map<string, AreasForAnalysis> {
  const isByInjection = new Map<string, number | null>();
  for (const p of peaks) if (p.internalStandard) isByInjection.set(p.injectionId, p.area);
  const out = new Map<string, AreasForAnalysis>();
  for (const p of peaks) {
    if (p.internalStandard || p.analyte !== analyte) continue;
    const is =
      p.isArea !== null || !isByInjection.has(p.injectionId)
        ? p.isArea
        : (isByInjection.get(p.injectionId) ?? null);
    out.set(p.injectionId, { analyteArea: p.area, internalStandardArea: is });
  }
  // Blanks may hold only the IS (or nothing): keep their IS area for the carry-over rule.
  for (const [injectionId, area] of isByInjection) {
    if (!out.has(injectionId))
      out.set(injectionId, { analyteArea: null, internalStandardArea: area });
  }
  return out;
}

/** Analyses every analyte of a batch (exclusions per analyte: injection ids). */
export function analyseBatch(
  run: Pick<Run, 'parameters'>,
  batch: LcmsBatch,
  injections: readonly InjectionForAnalysis[],
  peaks: readonly PeakForAnalysis[],
  exclusions: ReadonlyMap<string, ReadonlySet<string>> = new Map(),
): AnalyteAnalysis[] {
  const settings = lcmsSettingsOf(run);
  return batch.analytes.map((analyte) =>
    analyseAnalyte(
      analyte,
      injections,
      areasFor(analyte, peaks),
      settings,
      exclusions.get(analyte) ?? new Set(),
      batch.concentrationUnit,
    ),
  );
}

/** Writes one analyte's calibration (current) and its unknowns' concentrations. */
export async function storeAnalysis(
  m: EntityManager,
  batch: LcmsBatch,
  importId: string,
  a: AnalyteAnalysis,
  actorId: string,
  exclusions: LcmsCalibration['exclusions'] = [],
): Promise<LcmsCalibration> {
  const [calibration] = await storeAnalyses(m, batch, importId, [a], actorId, exclusions);
  return calibration;
}

/**
 * Writes the analytes' calibrations (current), each with its unknowns' concentrations, in one
 * insert. The unknowns live in the calibration's `unknowns` document: written, read and
 * superseded together (docs/performance.md, "LC-MS/MS concentrations stored with their
 * calibration").
 */
export async function storeAnalyses(
  m: EntityManager,
  batch: LcmsBatch,
  importId: string,
  analyses: readonly AnalyteAnalysis[],
  actorId: string,
  exclusions: LcmsCalibration['exclusions'] = [],
): Promise<LcmsCalibration[]> {
  const calibrations = analyses.map((a) =>
    Object.assign(new LcmsCalibration(), {
      id: timeOrderedId(),
      batchId: batch.id,
      importId,
      analyte: a.analyte,
      current: true,
      accepted: a.accepted,
      failedRules: a.failedRules,
      slope: a.slope,
      intercept: a.intercept,
      exclusions,
      flags: a.flags,
      result: {
        calibration: a.calibration,
        carryover: a.carryover,
        withoutPeak: a.withoutPeak,
      } as Record<string, unknown>,
      unknowns: a.unknowns.map((u) => ({
        id: timeOrderedId(),
        injectionId: u.injectionId,
        sampleId: u.sampleId,
        status: u.status,
        concentration: u.concentration,
        response: u.response,
        task: u.task,
      })),
      unit: batch.concentrationUnit,
      method: a.method,
      methodVersion: a.methodVersion,
      options: a.options,
      inputHash: a.inputHash,
      supersededAt: null,
      createdById: actorId,
    }),
  );
  await insertMany(m, LcmsCalibration, calibrations);
  return calibrations;
}

/**
 * Marks the current calibrations of a batch, or of one analyte, superseded: their
 * concentrations (stored in them) with them.
 */
export async function supersedeCalibrations(
  m: EntityManager,
  batchId: string,
  analyte?: string,
  at = new Date(),
): Promise<void> {
  await updateWhere(
    m,
    LcmsCalibration,
    { current: false, supersededAt: at.toISOString(), updatedAt: at },
    analyte === undefined ? 'batch_id = ? AND current' : 'batch_id = ? AND analyte = ? AND current',
    analyte === undefined ? [batchId] : [batchId, analyte],
  );
}

export function calibrationSummary(
  c: Pick<
    LcmsCalibration,
    'id' | 'analyte' | 'accepted' | 'failedRules' | 'flags' | 'slope' | 'intercept'
  >,
) {
  return {
    id: c.id,
    analyte: c.analyte,
    accepted: c.accepted,
    failedRules: c.failedRules,
    flags: c.flags,
    slope: c.slope,
    intercept: c.intercept,
  };
}
