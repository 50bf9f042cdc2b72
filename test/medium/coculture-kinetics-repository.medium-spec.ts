/**
 * CocultureKineticsRepository's hand-written join on the engine of the run (SQLite, or
 * PostgreSQL when DATABASE_URL names a server): the same rows as the TypeORM reads it replaces
 * (samples of the run, their current concentrations), as plain numbers, oldest first.
 */
import { CocultureKineticsRepository } from '../../src/assays/coculture/coculture-kinetics.repository';
import { CocultureSample } from '../../src/assays/coculture/coculture-sample.entity';
import { LcmsConcentration } from '../../src/assays/lcms/lcms-concentration.entity';
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

  function conc(
    s: CocultureSample,
    analyte: string,
    minute: number,
    fields: Partial<LcmsConcentration>,
  ) {
    const at = new Date(Date.UTC(2026, 11, 6, 11, minute));
    return Object.assign(new LcmsConcentration(), {
      id: newId(),
      calibrationId: newId(),
      batchId: newId(),
      injectionId: newId(),
      sampleId: s.id,
      analyte,
      current: true,
      status: 'quantified',
      concentration: null,
      unit: 'µM',
      response: 1,
      task: null,
      createdAt: at,
      updatedAt: at,
      ...fields,
    });
  }

  beforeAll(async () => {
    ctx = await createMediumContext();
  });

  it('returns the current concentrations of the run’s samples, oldest first, as numbers', async () => {
    const a0 = sample(runA, cultureA, 0, 1);
    const a1 = sample(runA, cultureA, 1.5, 2);
    const b0 = sample(runB, cultureB, 0, 1);
    const rows = [
      conc(a1, 'azathioprine', 3, { concentration: 41.25 }),
      conc(a0, 'azathioprine', 1, { concentration: 50.125 }),
      conc(a0, '6-MP', 2, { status: 'BLQ', concentration: null }),
      // Superseded: not current.
      conc(a0, 'azathioprine', 0, { current: false, concentration: 99 }),
      // Another run's sample.
      conc(b0, 'azathioprine', 1, { concentration: 7 }),
    ];
    await ctx.get(UnitOfWork).run(async (m) => {
      await insertMany(m, CocultureSample, [a0, a1, b0]);
      await insertMany(m, LcmsConcentration, rows);
    });
    const got = await ctx
      .get(UnitOfWork)
      .run((m) => ctx.get(CocultureKineticsRepository).currentConcentrations(m, runA));
    expect(got).toEqual([
      {
        cultureId: cultureA,
        sampleId: a0.id,
        timeHours: 0,
        replicate: 1,
        analyte: 'azathioprine',
        status: 'quantified',
        concentration: 50.125,
        unit: 'µM',
      },
      {
        cultureId: cultureA,
        sampleId: a0.id,
        timeHours: 0,
        replicate: 1,
        analyte: '6-MP',
        status: 'BLQ',
        concentration: null,
        unit: 'µM',
      },
      {
        cultureId: cultureA,
        sampleId: a1.id,
        timeHours: 1.5,
        replicate: 2,
        analyte: 'azathioprine',
        status: 'quantified',
        concentration: 41.25,
        unit: 'µM',
      },
    ]);
    // The same rows TypeORM reads (current concentrations of the run's samples).
    const viaOrm = await ctx.dataSource.manager.findBy(LcmsConcentration, {
      sampleId: a0.id,
      current: true,
    });
    expect(viaOrm.map((c) => c.id).sort()).toEqual(
      rows
        .filter((r) => r.sampleId === a0.id && r.current)
        .map((r) => r.id)
        .sort(),
    );
    expect(
      await ctx
        .get(UnitOfWork)
        .run((m) => ctx.get(CocultureKineticsRepository).currentConcentrations(m, newId())),
    ).toEqual([]);
  });
});
