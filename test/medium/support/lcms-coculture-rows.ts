import { CocultureCulture } from '../../../src/assays/coculture/coculture-culture.entity';
import { CocultureSample } from '../../../src/assays/coculture/coculture-sample.entity';
import { KineticsResult } from '../../../src/assays/coculture/kinetics-result.entity';
import { LcmsBatch } from '../../../src/assays/lcms/lcms-batch.entity';
import {
  LcmsCalibration,
  type StoredConcentration,
} from '../../../src/assays/lcms/lcms-calibration.entity';
import { LcmsInjection } from '../../../src/assays/lcms/lcms-injection.entity';
import { newId } from '../../../src/common/base.entity';
import { insertMany, type TableRows } from '../../../src/common/database/bulk-insert';
import { UnitOfWork } from '../../../src/common/database/unit-of-work.service';
import type { MediumContext } from './medium-context';

/**
 * Rows of the LC-MS/MS and co-culture tables, built as entities (not through their services,
 * which would import files and run the analysis) for the medium specs of the hand-written
 * repositories: each builder takes what a spec varies and fills the rest with fixed values, and
 * {@link insertRows} writes them. Nothing here checks a foreign key, so a row may name a run,
 * culture or batch that has no row of its own.
 */

/** The user every row here is created by (and the batches' operator). */
export const BY = newId();

/** A time on the medium specs' lab day, 2026-12-06 (UTC). */
export function labTime(hour: number, minute = 0, ms = 0): Date {
  return new Date(Date.UTC(2026, 11, 6, hour, minute, 0, ms));
}

/** Writes the rows, table by table in the order given, in one unit of work. */
export async function insertRows(ctx: MediumContext, ...parts: TableRows[]): Promise<void> {
  await ctx.get(UnitOfWork).run(async (m) => {
    for (const { target, rows } of parts) await insertMany(m, target, rows);
  });
}

/** A batch of a run measuring azathioprine and 6-MP in µM. */
export function lcmsBatch(runId: string, name: string): LcmsBatch {
  return Object.assign(new LcmsBatch(), {
    id: newId(),
    runId,
    name,
    analytes: ['azathioprine', '6-MP'],
    internalStandard: 'IS',
    concentrationUnit: 'µM',
    instrument: 'QTRAP',
    operatorId: BY,
    notes: null,
    createdById: BY,
  });
}

/**
 * Injection `position` of a batch: an unknown measuring `sample` (by its id and barcode), or a
 * blank when there is none.
 */
export function lcmsInjection(
  batchId: string,
  position: number,
  sample: Pick<CocultureSample, 'id' | 'barcode'> | null,
): LcmsInjection {
  return Object.assign(new LcmsInjection(), {
    id: newId(),
    batchId,
    position,
    name: `INJ-${batchId.slice(0, 8)}-${position}`,
    type: sample ? 'unknown' : 'blank',
    nominals: null,
    qcLevel: null,
    sampleId: sample?.id ?? null,
    sampleBarcode: sample?.barcode ?? null,
    dilutionFactor: 1,
  });
}

/** An injection's entry in a calibration's `unknowns`: quantified, without a number, unless `fields` say. */
export function storedConcentration(
  injection: LcmsInjection,
  fields: Partial<StoredConcentration> = {},
): StoredConcentration {
  return {
    id: newId(),
    injectionId: injection.id,
    sampleId: injection.sampleId,
    status: 'quantified',
    concentration: null,
    response: 1,
    task: null,
    ...fields,
  };
}

/**
 * An accepted calibration (slope 1, in µM) of one analyte of a batch, holding `unknowns`; current,
 * or superseded at `at` (default 10:00) when `current` is false. Created at `at` when it is given,
 * else when it is inserted.
 */
export function lcmsCalibration(c: {
  batchId: string;
  analyte: string;
  unknowns: StoredConcentration[];
  current?: boolean;
  at?: Date;
}): LcmsCalibration {
  const { current = true, at } = c;
  return Object.assign(new LcmsCalibration(), {
    id: newId(),
    batchId: c.batchId,
    importId: newId(),
    analyte: c.analyte,
    current,
    accepted: true,
    failedRules: [],
    slope: 1,
    intercept: 0,
    exclusions: [],
    flags: [],
    result: {},
    unknowns: c.unknowns,
    unit: 'µM',
    method: 'lcms-batch-calibration',
    methodVersion: '1.0.0',
    options: {},
    inputHash: 'h',
    supersededAt: current ? null : (at ?? labTime(10)).toISOString(),
    createdById: BY,
    ...(at ? { createdAt: at, updatedAt: at } : {}),
  });
}

/** A co-culture culture of a run, dosed with 50 µM azathioprine, created at `at`. */
export function cocultureCulture(runId: string, name: string, at: Date): CocultureCulture {
  return Object.assign(new CocultureCulture(), {
    id: newId(),
    runId,
    name,
    condition: 'culture',
    donorId: null,
    aliquotId: null,
    abioticControlId: null,
    medium: 'mGAM',
    atmosphere: 'N2/CO2/H2 85/10/5',
    temperatureCelsius: 37,
    inoculum: null,
    drug: 'azathioprine',
    drugStartConcentrationRaw: '50',
    drugStartConcentration: 50,
    drugConcentrationUnit: 'µM',
    o2LimitPpm: 10,
    maxO2Ppm: 1,
    anaerobic: true,
    notes: null,
    createdById: BY,
    createdAt: at,
    updatedAt: at,
  });
}

/** The sample of a culture at `timeHours`, replicate `replicate`, with a barcode unique to it. */
export function cocultureSample(
  runId: string,
  cultureId: string,
  timeHours: number,
  replicate: number,
): CocultureSample {
  return Object.assign(new CocultureSample(), {
    id: newId(),
    barcode: `REPO-${runId.slice(0, 8)}-${timeHours}-${replicate}`,
    cultureId,
    runId,
    timeHours,
    replicate,
    chamberO2Ppm: 1,
    sampledAt: labTime(10).toISOString(),
    createdById: BY,
  });
}

/** An azathioprine parent-kinetics result of a run (of a culture of its own), current or not. */
export function kineticsResult(runId: string, current: boolean): KineticsResult {
  return Object.assign(new KineticsResult(), {
    id: newId(),
    cultureId: newId(),
    runId,
    analyte: 'azathioprine',
    role: 'parent',
    current,
    rateConstantPerHour: 0.1,
    halfLifeHours: Math.LN2 / 0.1,
    flags: [],
    result: {},
    method: 'coculture-parent-kinetics',
    methodVersion: '1.1.0',
    options: {},
    inputHash: 'h',
    createdById: BY,
  });
}
