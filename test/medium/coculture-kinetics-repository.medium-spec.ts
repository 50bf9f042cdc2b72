/**
 * CocultureKineticsRepository's hand-written reads on the engine of the run (SQLite, or
 * PostgreSQL when DATABASE_URL names a server): the run's samples and the current calibrations
 * of the batches whose injections name them, their `unknowns` expanded into the same rows as a
 * TypeORM read of those calibrations gives (plain numbers, oldest calibration first, then in
 * each calibration's injection order).
 */
import { CocultureCulture } from '../../src/assays/coculture/coculture-culture.entity';
import { CocultureKineticsRepository } from '../../src/assays/coculture/coculture-kinetics.repository';
import { KineticsResult } from '../../src/assays/coculture/kinetics-result.entity';
import { CocultureSample } from '../../src/assays/coculture/coculture-sample.entity';
import {
  LcmsCalibration,
  type StoredConcentration,
} from '../../src/assays/lcms/lcms-calibration.entity';
import { LcmsInjection } from '../../src/assays/lcms/lcms-injection.entity';
import { In } from 'typeorm';
import { newId } from '../../src/common/base.entity';
import { insertMany } from '../../src/common/database/bulk-insert';
import { UnitOfWork } from '../../src/common/database/unit-of-work.service';
import { createMediumContext, type MediumContext } from './support/medium-context';

describe(`CocultureKineticsRepository (${process.env.DATABASE_URL ? 'PostgreSQL' : 'SQLite'})`, () => {
  let ctx: MediumContext;
  afterAll(() => ctx.close());

  const runA = newId();
  const runB = newId();
  const cultureA = newId();
  const cultureB = newId();
  const by = newId();

  function sample(runId: string, cultureId: string, timeHours: number, replicate: number) {
    return Object.assign(new CocultureSample(), {
      id: newId(),
      barcode: `REPO-${runId.slice(0, 8)}-${timeHours}-${replicate}`,
      cultureId,
      runId,
      timeHours,
      replicate,
      chamberO2Ppm: 1,
      sampledAt: '2026-12-06T10:00:00.000Z',
      createdById: by,
    });
  }

  function injection(batchId: string, position: number, s: CocultureSample | null) {
    return Object.assign(new LcmsInjection(), {
      id: newId(),
      batchId,
      position,
      name: `INJ-${batchId.slice(0, 8)}-${position}`,
      type: s ? 'unknown' : 'blank',
      nominals: null,
      qcLevel: null,
      sampleId: s?.id ?? null,
      sampleBarcode: s?.barcode ?? null,
      dilutionFactor: 1,
    });
  }

  function unknown(
    inj: LcmsInjection,
    fields: Partial<StoredConcentration> = {},
  ): StoredConcentration {
    return {
      id: newId(),
      injectionId: inj.id,
      sampleId: inj.sampleId,
      status: 'quantified',
      concentration: null,
      response: 1,
      task: null,
      ...fields,
    };
  }

  function calibration(
    batchId: string,
    analyte: string,
    minute: number,
    unknowns: StoredConcentration[],
    current = true,
  ) {
    const at = new Date(Date.UTC(2026, 11, 6, 11, minute));
    return Object.assign(new LcmsCalibration(), {
      id: newId(),
      batchId,
      importId: newId(),
      analyte,
      current,
      accepted: true,
      failedRules: [],
      slope: 1,
      intercept: 0,
      exclusions: [],
      flags: [],
      result: {},
      unknowns,
      unit: 'µM',
      method: 'lcms-batch-calibration',
      methodVersion: '1.0.0',
      options: {},
      inputHash: 'h',
      supersededAt: current ? null : at.toISOString(),
      createdById: by,
      createdAt: at,
      updatedAt: at,
    });
  }

  beforeAll(async () => {
    ctx = await createMediumContext();
  });

  it('returns the current concentrations of the run’s samples, oldest first, as numbers', async () => {
    const a0 = sample(runA, cultureA, 0, 1);
    const a1 = sample(runA, cultureA, 1.5, 2);
    const b0 = sample(runB, cultureB, 0, 1);
    // Batch 1 measures run A's samples and, in the same list, run B's; batch 2 only run B's.
    const batch1 = newId();
    const batch2 = newId();
    const [i0, i1, iB, iBlank] = [
      injection(batch1, 1, a0),
      injection(batch1, 2, a1),
      injection(batch1, 3, b0),
      injection(batch1, 4, null),
    ];
    const i2 = injection(batch2, 1, b0);
    const calibrations = [
      calibration(batch1, 'azathioprine', 3, [
        unknown(i0, { concentration: 50.125 }),
        unknown(i1, { concentration: 41.25 }),
        unknown(iB, { concentration: 7 }),
        unknown(iBlank, { status: 'no-peak', response: null }),
      ]),
      calibration(batch1, '6-MP', 2, [
        unknown(i0, { status: 'BLQ', response: 0.001 }),
        unknown(i1, { concentration: 0.30000000000000004, response: 1e-7 }),
      ]),
      // Superseded: not current.
      calibration(batch1, 'azathioprine', 0, [unknown(i0, { concentration: 99 })], false),
      // Another run's batch.
      calibration(batch2, 'azathioprine', 1, [unknown(i2, { concentration: 8 })]),
    ];
    await ctx.get(UnitOfWork).run(async (m) => {
      await insertMany(m, CocultureSample, [a0, a1, b0]);
      await insertMany(m, LcmsInjection, [i0, i1, iB, iBlank, i2]);
      await insertMany(m, LcmsCalibration, calibrations);
    });
    const got = await ctx
      .get(UnitOfWork)
      .run((m) => ctx.get(CocultureKineticsRepository).currentConcentrations(m, runA));
    const row = (s: CocultureSample, analyte: string, fields: object) => ({
      cultureId: s.cultureId,
      sampleId: s.id,
      timeHours: s.timeHours,
      replicate: s.replicate,
      analyte,
      unit: 'µM',
      ...fields,
    });
    expect(got).toEqual([
      row(a0, '6-MP', { status: 'BLQ', concentration: null }),
      row(a1, '6-MP', { status: 'quantified', concentration: 0.30000000000000004 }),
      row(a0, 'azathioprine', { status: 'quantified', concentration: 50.125 }),
      row(a1, 'azathioprine', { status: 'quantified', concentration: 41.25 }),
    ]);
    // The same rows a TypeORM read of the current calibrations gives, expanded.
    const viaOrm = await ctx.dataSource.manager.find(LcmsCalibration, {
      select: { id: true, analyte: true, unit: true, unknowns: true, createdAt: true },
      where: { batchId: batch1, current: true },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
    const samples = new Map([a0, a1].map((s) => [s.id, s]));
    expect(
      viaOrm.flatMap((c) =>
        c.unknowns
          .filter((u) => u.sampleId !== null && samples.has(u.sampleId))
          .map((u) =>
            row(samples.get(u.sampleId!)!, c.analyte, {
              status: u.status,
              concentration: u.concentration,
            }),
          ),
      ),
    ).toEqual(got);
    // A calibration read without asking for its unknowns does not carry them.
    const plain = await ctx.dataSource.manager.findOneByOrFail(LcmsCalibration, {
      id: calibrations[0].id,
    });
    expect(plain.unknowns).toBeUndefined();
    expect(plain.unit).toBe('µM');
    expect(
      await ctx
        .get(UnitOfWork)
        .run((m) => ctx.get(CocultureKineticsRepository).currentConcentrations(m, newId())),
    ).toEqual([]);
  });
  function culture(runId: string, name: string, minute: number) {
    const at = new Date(Date.UTC(2026, 11, 6, 9, minute));
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
      createdById: by,
      createdAt: at,
      updatedAt: at,
    });
  }

  it('reads the run’s cultures oldest first, as TypeORM reads them', async () => {
    const runC = newId();
    // Inserted out of order; two created in the same minute are ordered by id.
    const late = culture(runC, 'late', 30);
    const early = culture(runC, 'early', 10);
    const twinA = culture(runC, 'twin a', 20);
    const twinB = Object.assign(culture(runC, 'twin b', 20), { id: newId() });
    const other = culture(newId(), 'other run', 0);
    await ctx.get(UnitOfWork).run(async (m) => {
      await insertMany(m, CocultureCulture, [late, early, twinB, twinA, other]);
    });
    const got = await ctx
      .get(UnitOfWork)
      .run((m) => ctx.get(CocultureKineticsRepository).cultures(m, runC));
    const viaOrm = await ctx.dataSource.manager.find(CocultureCulture, {
      where: { runId: runC },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
    expect(got.map((c) => c.name)).toEqual(viaOrm.map((c) => c.name));
    expect(got[0].name).toBe('early');
    expect(got.at(-1)?.name).toBe('late');
    expect(got).toEqual(viaOrm);
  });

  it('supersedes the run’s current kinetics results only', async () => {
    const runK = newId();
    const otherRun = newId();
    const result = (runId: string, current: boolean) =>
      Object.assign(new KineticsResult(), {
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
        createdById: by,
      });
    const rows = [
      result(runK, true),
      result(runK, true),
      result(runK, false),
      result(otherRun, true),
    ];
    await ctx.get(UnitOfWork).run((m) => insertMany(m, KineticsResult, rows));
    const at = new Date(Date.UTC(2026, 11, 6, 12, 0, 0, 123));
    const changed = await ctx
      .get(UnitOfWork)
      .run((m) => ctx.get(CocultureKineticsRepository).supersedeResults(m, runK, at));
    expect(changed).toBe(2);
    const after = await ctx.dataSource.manager.findBy(KineticsResult, {
      id: In(rows.map((r) => r.id)),
    });
    const byId = new Map(after.map((r) => [r.id, r]));
    expect(rows.map((r) => byId.get(r.id)?.current)).toEqual([false, false, false, true]);
    expect(byId.get(rows[0].id)?.updatedAt.toISOString()).toBe(at.toISOString());
    expect(byId.get(rows[3].id)?.updatedAt.toISOString()).not.toBe(at.toISOString());
  });
});
