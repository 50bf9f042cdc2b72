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
import { LcmsCalibration } from '../../src/assays/lcms/lcms-calibration.entity';
import { LcmsInjection } from '../../src/assays/lcms/lcms-injection.entity';
import { In } from 'typeorm';
import { newId } from '../../src/common/base.entity';
import { UnitOfWork } from '../../src/common/database/unit-of-work.service';
import {
  cocultureCulture,
  cocultureSample,
  insertRows,
  kineticsResult,
  labTime,
  lcmsCalibration,
  lcmsInjection,
  storedConcentration,
} from './support/lcms-coculture-rows';
import { createMediumContext, type MediumContext } from './support/medium-context';

describe(`CocultureKineticsRepository (${process.env.DATABASE_URL ? 'PostgreSQL' : 'SQLite'})`, () => {
  let ctx: MediumContext;
  afterAll(() => ctx.close());

  const runA = newId();
  const runB = newId();
  const cultureA = newId();
  const cultureB = newId();

  beforeAll(async () => {
    ctx = await createMediumContext();
  });

  it('returns the current concentrations of the run’s samples, oldest first, as numbers', async () => {
    const a0 = cocultureSample(runA, cultureA, 0, 1);
    const a1 = cocultureSample(runA, cultureA, 1.5, 2);
    const b0 = cocultureSample(runB, cultureB, 0, 1);
    // Batch 1 measures run A's samples and, in the same list, run B's; batch 2 only run B's.
    const batch1 = newId();
    const batch2 = newId();
    const [i0, i1, iB, iBlank] = [
      lcmsInjection(batch1, 1, a0),
      lcmsInjection(batch1, 2, a1),
      lcmsInjection(batch1, 3, b0),
      lcmsInjection(batch1, 4, null),
    ];
    const i2 = lcmsInjection(batch2, 1, b0);
    const calibrations = [
      lcmsCalibration({
        batchId: batch1,
        analyte: 'azathioprine',
        at: labTime(11, 3),
        unknowns: [
          storedConcentration(i0, { concentration: 50.125 }),
          storedConcentration(i1, { concentration: 41.25 }),
          storedConcentration(iB, { concentration: 7 }),
          storedConcentration(iBlank, { status: 'no-peak', response: null }),
        ],
      }),
      lcmsCalibration({
        batchId: batch1,
        analyte: '6-MP',
        at: labTime(11, 2),
        unknowns: [
          storedConcentration(i0, { status: 'BLQ', response: 0.001 }),
          storedConcentration(i1, { concentration: 0.30000000000000004, response: 1e-7 }),
        ],
      }),
      // Superseded: not current.
      lcmsCalibration({
        batchId: batch1,
        analyte: 'azathioprine',
        current: false,
        at: labTime(11, 0),
        unknowns: [storedConcentration(i0, { concentration: 99 })],
      }),
      // Another run's batch.
      lcmsCalibration({
        batchId: batch2,
        analyte: 'azathioprine',
        at: labTime(11, 1),
        unknowns: [storedConcentration(i2, { concentration: 8 })],
      }),
    ];
    await insertRows(
      ctx,
      { target: CocultureSample, rows: [a0, a1, b0] },
      { target: LcmsInjection, rows: [i0, i1, iB, iBlank, i2] },
      { target: LcmsCalibration, rows: calibrations },
    );
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
    // Documents the caller holds (current ones it has just stored) are taken as given, not
    // read back: the same rows; and a held document is what counts (here one that differs).
    const repo = ctx.get(CocultureKineticsRepository);
    const held = calibrations
      .filter((c) => c.current)
      .map((c) => ({ id: c.id, unknowns: c.unknowns }));
    expect(await ctx.get(UnitOfWork).run((m) => repo.currentConcentrations(m, runA, held))).toEqual(
      got,
    );
    const edited = {
      id: calibrations[0].id,
      unknowns: [storedConcentration(i0, { concentration: 12.5 })],
    };
    expect(
      await ctx.get(UnitOfWork).run((m) => repo.currentConcentrations(m, runA, [edited])),
    ).toEqual([
      row(a0, '6-MP', { status: 'BLQ', concentration: null }),
      row(a1, '6-MP', { status: 'quantified', concentration: 0.30000000000000004 }),
      row(a0, 'azathioprine', { status: 'quantified', concentration: 12.5 }),
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

  it('reads the run’s cultures oldest first, as TypeORM reads them', async () => {
    const runC = newId();
    // Inserted out of order; two created in the same minute are ordered by id.
    const late = cocultureCulture(runC, 'late', labTime(9, 30));
    const early = cocultureCulture(runC, 'early', labTime(9, 10));
    const twinA = cocultureCulture(runC, 'twin a', labTime(9, 20));
    const twinB = cocultureCulture(runC, 'twin b', labTime(9, 20));
    const other = cocultureCulture(newId(), 'other run', labTime(9, 0));
    await insertRows(ctx, { target: CocultureCulture, rows: [late, early, twinB, twinA, other] });
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
    const rows = [
      kineticsResult(runK, true),
      kineticsResult(runK, true),
      kineticsResult(runK, false),
      kineticsResult(otherRun, true),
    ];
    await insertRows(ctx, { target: KineticsResult, rows });
    const at = labTime(12, 0, 123);
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
