/**
 * LcmsBatchesService.injectionsForAnalysis on the engine of the run (SQLite, or PostgreSQL when
 * DATABASE_URL names a server): the batch's injection list as plain rows of the columns the
 * import and the analysis use, in position order, the same values a TypeORM read of the
 * entities gives (nominals parsed from their JSON, numbers as numbers, nulls as null).
 */
import { CocultureSample } from '../../src/assays/coculture/coculture-sample.entity';
import { LcmsBatchesService } from '../../src/assays/lcms/lcms-batches.service';
import { LcmsInjection } from '../../src/assays/lcms/lcms-injection.entity';
import { newId } from '../../src/common/base.entity';
import { UnitOfWork } from '../../src/common/database/unit-of-work.service';
import { cocultureSample, insertRows, lcmsInjection } from './support/lcms-coculture-rows';
import { createMediumContext, type MediumContext } from './support/medium-context';

describe(`LC-MS/MS injection list read (${process.env.DATABASE_URL ? 'PostgreSQL' : 'SQLite'})`, () => {
  let ctx: MediumContext;
  beforeAll(async () => {
    ctx = await createMediumContext();
  });
  afterAll(() => ctx.close());

  const read = (batchId: string) =>
    ctx.get(UnitOfWork).run((m) => ctx.get(LcmsBatchesService).injectionsForAnalysis(m, batchId));

  it('answers the columns the analysis uses, in position order, as a TypeORM read gives them', async () => {
    const batch = newId();
    const other = newId();
    const sample = cocultureSample(newId(), newId(), 24, 2);
    const calibrator = Object.assign(lcmsInjection(batch, 1, null), {
      name: 'CAL1',
      type: 'calibrator',
      nominals: { azathioprine: 0.1, '6-MP': 0.30000000000000004 },
    });
    const qc = Object.assign(lcmsInjection(batch, 2, null), {
      name: 'QC-L',
      type: 'qc',
      nominals: { azathioprine: 0.3, '6-MP': 1e-7 },
      qcLevel: 'QC-L',
    });
    const blank = lcmsInjection(batch, 3, null);
    const unknown = Object.assign(lcmsInjection(batch, 4, sample), { dilutionFactor: 2.5 });
    const elsewhere = lcmsInjection(other, 1, null);
    // Written out of position order: the read orders them.
    await insertRows(
      ctx,
      { target: CocultureSample, rows: [sample] },
      { target: LcmsInjection, rows: [unknown, blank, elsewhere, qc, calibrator] },
    );
    const got = await read(batch);
    expect(got).toEqual([
      {
        id: calibrator.id,
        position: 1,
        name: 'CAL1',
        type: 'calibrator',
        nominals: { azathioprine: 0.1, '6-MP': 0.30000000000000004 },
        qcLevel: null,
        sampleId: null,
        dilutionFactor: 1,
      },
      {
        id: qc.id,
        position: 2,
        name: 'QC-L',
        type: 'qc',
        nominals: { azathioprine: 0.3, '6-MP': 1e-7 },
        qcLevel: 'QC-L',
        sampleId: null,
        dilutionFactor: 1,
      },
      {
        id: blank.id,
        position: 3,
        name: blank.name,
        type: 'blank',
        nominals: null,
        qcLevel: null,
        sampleId: null,
        dilutionFactor: 1,
      },
      {
        id: unknown.id,
        position: 4,
        name: unknown.name,
        type: 'unknown',
        nominals: null,
        qcLevel: null,
        sampleId: sample.id,
        dilutionFactor: 2.5,
      },
    ]);
    for (const r of got) {
      expect(typeof r.position).toBe('number');
      expect(typeof r.dilutionFactor).toBe('number');
    }
    // The same values as the entities TypeORM reads.
    const viaOrm = await ctx.dataSource.manager.find(LcmsInjection, {
      where: { batchId: batch },
      order: { position: 'ASC', id: 'ASC' },
    });
    expect(got).toEqual(
      viaOrm.map((i) => ({
        id: i.id,
        position: i.position,
        name: i.name,
        type: i.type,
        nominals: i.nominals,
        qcLevel: i.qcLevel,
        sampleId: i.sampleId,
        dilutionFactor: i.dilutionFactor,
      })),
    );
  });

  it('answers no rows for a batch without injections', async () => {
    expect(await read(newId())).toEqual([]);
  });
});
