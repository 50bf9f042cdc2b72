/**
 * LcmsCalibrationsService.listConcentrations on the engine of the run (SQLite, or PostgreSQL when
 * DATABASE_URL names a server): the concentrations stored in their calibrations' `unknowns`
 * answer as the one-row-per-concentration table did — only current calibrations, filtered by
 * run, batch, analyte and status, ordered by batch id, analyte and injection id, then paged —
 * with the page found by counting in the database (LcmsConcentrationsRepository).
 */
import { LcmsCalibration } from '../../src/assays/lcms/lcms-calibration.entity';
import { LcmsBatch } from '../../src/assays/lcms/lcms-batch.entity';
import { LcmsCalibrationsService } from '../../src/assays/lcms/lcms-calibrations.service';
import { LcmsInjection } from '../../src/assays/lcms/lcms-injection.entity';
import { newId } from '../../src/common/base.entity';
import {
  insertRows,
  lcmsBatch,
  lcmsCalibration,
  lcmsInjection,
  storedConcentration,
} from './support/lcms-coculture-rows';
import { createMediumContext, type MediumContext } from './support/medium-context';

describe(`LC-MS/MS concentration list (${process.env.DATABASE_URL ? 'PostgreSQL' : 'SQLite'})`, () => {
  let ctx: MediumContext;
  afterAll(() => ctx.close());

  const runA = newId();
  const runB = newId();
  const STATUSES = ['quantified', 'BLQ', 'ALQ', 'not-reportable', 'no-peak'] as const;

  beforeAll(async () => {
    ctx = await createMediumContext();
  });

  it('filters, orders and pages the current calibrations’ unknowns', async () => {
    const batches = [lcmsBatch(runA, 'A1'), lcmsBatch(runA, 'A2'), lcmsBatch(runB, 'B1')];
    const injections: LcmsInjection[] = [];
    const calibrations: LcmsCalibration[] = [];
    // Expected rows, as the table gave them: one per current unknown.
    const expected: {
      id: string;
      batchId: string;
      runId: string;
      analyte: string;
      injectionId: string;
      status: string;
      calibrationId: string;
    }[] = [];
    let k = 0;
    for (const b of batches) {
      const own = Array.from({ length: 7 }, (_, i) =>
        lcmsInjection(b.id, i + 1, { id: newId(), barcode: `${b.name}-S${i + 1}` }),
      );
      injections.push(...own);
      for (const analyte of b.analytes) {
        for (const current of [false, true]) {
          const c = lcmsCalibration({
            batchId: b.id,
            analyte,
            current,
            // Injection order, as the analysis writes them.
            unknowns: own.map((inj) =>
              storedConcentration(inj, {
                status: STATUSES[k++ % STATUSES.length],
                concentration: k % 5 === 1 ? k / 3 : null,
                response: k * 0.1,
              }),
            ),
          });
          calibrations.push(c);
          if (current)
            for (const u of c.unknowns)
              expected.push({
                id: u.id,
                batchId: b.id,
                runId: b.runId,
                analyte,
                injectionId: u.injectionId,
                status: u.status,
                calibrationId: c.id,
              });
        }
      }
    }
    await insertRows(
      ctx,
      { target: LcmsBatch, rows: batches },
      { target: LcmsInjection, rows: injections },
      { target: LcmsCalibration, rows: calibrations },
    );
    const cmp = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
    expected.sort(
      (x, y) =>
        cmp(x.batchId, y.batchId) || cmp(x.analyte, y.analyte) || cmp(x.injectionId, y.injectionId),
    );
    const service = ctx.get(LcmsCalibrationsService);
    const cases: {
      q: Record<string, string | undefined>;
      keep: (e: (typeof expected)[number]) => boolean;
    }[] = [
      { q: {}, keep: () => true },
      { q: { runId: runA }, keep: (e) => e.runId === runA },
      { q: { runId: runA, batchId: batches[2].id }, keep: () => false },
      { q: { batchId: batches[1].id }, keep: (e) => e.batchId === batches[1].id },
      { q: { analyte: '6-MP' }, keep: (e) => e.analyte === '6-MP' },
      { q: { runId: runA, status: 'BLQ' }, keep: (e) => e.runId === runA && e.status === 'BLQ' },
      { q: { runId: newId() }, keep: () => false },
      // The status counted in the database without a run or batch, and with an analyte.
      { q: { status: 'ALQ' }, keep: (e) => e.status === 'ALQ' },
      {
        q: { analyte: 'azathioprine', status: 'no-peak' },
        keep: (e) => e.analyte === 'azathioprine' && e.status === 'no-peak',
      },
      {
        q: { batchId: batches[2].id, status: 'quantified' },
        keep: (e) => e.batchId === batches[2].id && e.status === 'quantified',
      },
    ];
    for (const { q, keep } of cases) {
      const want = expected.filter(keep);
      for (const [limit, offset] of [
        [200, 0],
        [5, 0],
        [5, 7],
        [4, Math.max(0, want.length - 2)],
        // Pages that start inside a calibration and end in the next, and one past the end.
        [6, 3],
        [9, 12],
        [5, want.length + 3],
      ]) {
        const page = await service.listConcentrations({ ...q, limit, offset } as never);
        expect({ q, limit, offset, total: page.total }).toEqual({
          q,
          limit,
          offset,
          total: want.length,
        });
        expect(
          page.items.map((i) => [i.id, i.calibrationId, i.batchId, i.analyte, i.status]),
        ).toEqual(
          want
            .slice(offset, offset + limit)
            .map((e) => [e.id, e.calibrationId, e.batchId, e.analyte, e.status]),
        );
      }
    }
    // Each item names its injection and sample as the injection list does.
    const one = (
      await service.listConcentrations({ batchId: batches[0].id, limit: 1, offset: 0 } as never)
    ).items[0];
    const inj = injections.find(
      (i) => i.id === expected.find((e) => e.id === one.id)!.injectionId,
    )!;
    expect(one).toMatchObject({
      injection: inj.name,
      sampleId: inj.sampleId,
      sampleBarcode: inj.sampleBarcode,
      unit: 'µM',
    });
  });
});
