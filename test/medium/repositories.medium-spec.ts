/**
 * The named repository classes that hold the hand-written SQL of the import's hot path, on the
 * engine of the run (SQLite, or PostgreSQL when DATABASE_URL names a server): the same answers
 * as the TypeORM reads they replace.
 */
import { ViabilityAnalysisRepository } from '../../src/assays/viability/viability-analysis.repository';
import { PlateQcResult } from '../../src/assays/viability/plate-qc-result.entity';
import type { Actor } from '../../src/common/auth/roles';
import { UnitOfWork } from '../../src/common/database/unit-of-work.service';
import { timeOrderedId } from '../../src/common/time-ordered-id';
import { LayoutWell } from '../../src/plates/layout-well.entity';
import { PlateReadingValues } from '../../src/plates/plate-reading-values.entity';
import { PlateReading } from '../../src/plates/plate-reading.entity';
import { Plate } from '../../src/plates/plate.entity';
import { Run } from '../../src/runs/run.entity';
import { PlatesRepository } from '../../src/plates/plates.repository';
import { PlateImport } from '../../src/imports/plate-import.entity';
import { PlateImportsRepository } from '../../src/imports/plate-imports.repository';
import { RunMaterial } from '../../src/runs/run-material.entity';
import { RunsRepository } from '../../src/runs/runs.repository';
import { createMediumContext, type MediumContext } from './support/medium-context';

describe(`repositories (${process.env.DATABASE_URL ? 'PostgreSQL' : 'SQLite'})`, () => {
  let ctx: MediumContext;
  let sam: Actor;
  let lines: Record<string, string>;

  beforeAll(async () => {
    ctx = await createMediumContext();
    sam = (await ctx.factory.user()).actor;
    const parental = await ctx.factory.cellLine(sam, { name: 'repo parental' });
    const resistant = await ctx.factory.cellLine(sam, { name: 'repo resistant' });
    lines = { parental: parental.id, resistant: resistant.id };
  });
  afterAll(() => ctx.close());

  describe('PlatesRepository', () => {
    it('finds a plate by id (any case) or by barcode, else null', async () => {
      const layout = await ctx.factory.layout(sam, { materials: lines });
      const plate = await ctx.factory.plate(sam, { layoutId: layout.id, barcode: 'REPO-1' });
      const repo = ctx.get(PlatesRepository);
      const m = ctx.dataSource.manager;
      const expected = await m.findOneByOrFail(Plate, { id: plate.id });
      expect(await repo.findByReference(m, plate.id)).toEqual(expected);
      expect(await repo.findByReference(m, plate.id.toUpperCase())).toEqual(expected);
      expect(await repo.findByReference(m, 'REPO-1')).toEqual(expected);
      expect(await repo.findByReference(m, 'REPO-none')).toBeNull();
    });

    it('stores a reading and its values, marks the plate read, says whether it was the first', async () => {
      const layout = await ctx.factory.layout(sam, { materials: lines });
      const plate = await ctx.factory.plate(sam, { layoutId: layout.id });
      const repo = ctx.get(PlatesRepository);
      const reading = (n: number) => {
        const now = new Date(Date.UTC(2026, 11, 6, 9, n));
        const r = Object.assign(new PlateReading(), {
          id: timeOrderedId(),
          plateId: plate.id,
          format: 'long',
          contentHash: `${n}`.padStart(64, '0'),
          idempotencyKey: null,
          instrumentId: null,
          metadata: { wavelengthsNm: [570] },
          sourceFilename: `r${n}.csv`,
          receivedAt: now.toISOString(),
          uploadedById: sam.userId,
          valueCount: 1,
          createdAt: now,
          updatedAt: now,
        });
        const values = Object.assign(new PlateReadingValues(), {
          readingId: r.id,
          rawValues: {
            ids: ['A1@570'],
            wells: ['A1'],
            rows: [0],
            columns: [0],
            wavelengthsNm: [570],
            values: [0.5],
            raw: ['0.5'],
            lines: [2],
          },
        });
        return { r, values, now };
      };
      const first = reading(1);
      const second = reading(2);
      const uow = ctx.get(UnitOfWork);
      expect(
        await uow.run((m) =>
          repo.insertReading(m, plate.id, first.r, first.values, first.r.receivedAt, first.now),
        ),
      ).toBe(true);
      expect(
        await uow.run((m) =>
          repo.insertReading(m, plate.id, second.r, second.values, second.r.receivedAt, second.now),
        ),
      ).toBe(false);
      const m = ctx.dataSource.manager;
      const stored = await m.findOneByOrFail(Plate, { id: plate.id });
      expect(stored.status).toBe('read');
      expect(stored.readAt).toBe(second.r.receivedAt);
      expect((await m.findBy(PlateReading, { plateId: plate.id })).map((r) => r.id).sort()).toEqual(
        [first.r.id, second.r.id].sort(),
      );
      expect(await m.countBy(PlateReadingValues, { readingId: first.r.id })).toBe(1);
    });

    it('writes a layout with all its wells as the layout service reads them back', async () => {
      const layout = await ctx.factory.layout(sam, { materials: lines });
      const wells = await ctx.dataSource.manager.findBy(LayoutWell, { layoutId: layout.id });
      expect(wells).toHaveLength(96);
      expect(wells.filter((w) => w.role === 'treated')).toHaveLength(54);
    });
  });

  describe('ViabilityAnalysisRepository', () => {
    it('reads the current analysis and material names the import has written', async () => {
      const { plate } = await ctx.factory.importedPlate(sam, { materials: lines });
      const repo = ctx.get(ViabilityAnalysisRepository);
      const m = ctx.dataSource.manager;
      const current = await repo.currentAnalysis(m, plate.id);
      expect(current).toEqual(
        await m.findOneByOrFail(PlateQcResult, { plateId: plate.id, status: 'current' }),
      );
      expect(await repo.currentAnalysis(m, '00000000-0000-4000-8000-000000000000')).toBeUndefined();
      const names = await repo.materialNames(m, [
        { materialId: lines.parental },
        { materialId: lines.resistant },
        { materialId: lines.parental },
        { materialId: null },
      ]);
      expect(names).toEqual(
        new Map([
          [lines.parental, 'repo parental'],
          [lines.resistant, 'repo resistant'],
        ]),
      );
      expect(await repo.materialNames(m, [])).toEqual(new Map());
    });
  });
  describe('PlateImportsRepository', () => {
    it('keeps an import whole and finds it by its Idempotency-Key, else null', async () => {
      const repo = ctx.get(PlateImportsRepository);
      const now = new Date(Date.UTC(2026, 11, 6, 10, 0));
      const record = Object.assign(new PlateImport(), {
        id: timeOrderedId(),
        contentHash: 'a'.repeat(64),
        idempotencyKey: 'repo-key-1',
        format: 'long',
        encoding: 'utf-8',
        sourceFilename: 'plate.csv',
        instrumentId: null,
        uploadedById: sam.userId,
        receivedAt: now.toISOString(),
        plateIds: ['p1', 'p2'],
        result: { outcome: 'imported', analysis: { fits: [{ ic50: { relative: 2.5 } }] } },
        createdAt: now,
        updatedAt: now,
      });
      await ctx.get(UnitOfWork).run((m) => repo.insert(m, record));
      const m = ctx.dataSource.manager;
      const found = await repo.findByIdempotencyKey(m, 'repo-key-1');
      expect(found).toEqual(await m.findOneByOrFail(PlateImport, { id: record.id }));
      expect(found).toMatchObject({
        contentHash: record.contentHash,
        plateIds: ['p1', 'p2'],
        result: record.result,
      });
      expect(await repo.findByIdempotencyKey(m, 'repo-key-none')).toBeNull();
    });

    it('finds the readings of a content and plates by ids, as TypeORM reads them', async () => {
      const { plate } = await ctx.factory.importedPlate(sam, { materials: lines });
      const other = await ctx.factory.plate(sam, {
        layoutId: (await ctx.factory.layout(sam, { materials: lines })).id,
      });
      const repo = ctx.get(PlateImportsRepository);
      const m = ctx.dataSource.manager;
      const [reading] = await m.findBy(PlateReading, { plateId: plate.id });
      expect(await repo.readingsWithContent(m, reading.contentHash)).toEqual([reading]);
      expect(await repo.readingsWithContent(m, 'f'.repeat(64))).toEqual([]);

      const byId = (a: Plate, b: Plate) => a.id.localeCompare(b.id);
      expect((await repo.platesByIds(m, [plate.id, other.id, plate.id])).sort(byId)).toEqual(
        (await m.findBy(Plate, [{ id: plate.id }, { id: other.id }])).sort(byId),
      );
      expect(await repo.platesByIds(m, ['00000000-0000-4000-8000-000000000000'])).toEqual([]);
      expect(await repo.platesByIds(m, [])).toEqual([]);
    });
  });

  describe('RunsRepository', () => {
    // Runs of their own lines and planned in 2031, so the other suites' runs stay out.
    let a: string;
    let b: string;
    let c: string;
    let mine: Record<string, string>;

    beforeAll(async () => {
      const one = await ctx.factory.cellLine(sam, { name: 'runs repo one' });
      const two = await ctx.factory.cellLine(sam, { name: 'runs repo two' });
      mine = { one: one.id, two: two.id };
      const cellLines = (...ids: string[]) =>
        ids.map((materialId) => ({ materialId, role: 'cell-lines' }));
      a = (
        await ctx.factory.run(sam, {
          materials: cellLines(one.id),
          plannedStartAt: '2031-01-05T00:00:00Z',
        })
      ).id;
      b = (
        await ctx.factory.run(sam, {
          materials: cellLines(one.id, two.id),
          plannedStartAt: '2031-01-10T00:00:00Z',
        })
      ).id;
      c = (
        await ctx.factory.startedRun(sam, {
          materials: cellLines(two.id),
          plannedStartAt: '2031-02-01T00:00:00Z',
        })
      ).id;
    });

    const all = { limit: 200, offset: 0 };
    const ids = ([runs]: [{ id: string }[], number]) => runs.map((r) => r.id);

    it('lists the runs that name a material, each once, as run_materials holds them', async () => {
      const repo = ctx.get(RunsRepository);
      const m = ctx.dataSource.manager;
      for (const material of Object.values(mine)) {
        const [runs, total] = await repo.page(m, { materialId: material }, all);
        const naming = await m.findBy(RunMaterial, { materialId: material });
        expect(runs.map((r) => r.id).sort()).toEqual(
          [...new Set(naming.map((r) => r.runId))].sort(),
        );
        expect(total).toBe(runs.length);
      }
      expect(ids(await repo.page(m, { materialId: mine.one }, all)).sort()).toEqual([a, b].sort());
      expect(
        await repo.page(m, { materialId: '00000000-0000-4000-8000-000000000000' }, all),
      ).toEqual([[], 0]);
    });

    it('combines filters: status, operator, protocol, inclusive date bounds', async () => {
      const repo = ctx.get(RunsRepository);
      const m = ctx.dataSource.manager;
      const [started, total] = await repo.page(
        m,
        {
          materialId: mine.two,
          status: 'in_progress',
          operatorId: sam.userId,
          protocolKey: 'mtt-viability',
        },
        all,
      );
      expect(started.map((r) => r.id)).toEqual([c]);
      expect(total).toBe(1);
      expect(ids(await repo.page(m, { materialId: mine.two, status: 'planned' }, all))).toEqual([
        b,
      ]);
      expect(
        ids(await repo.page(m, { materialId: mine.one, protocolKey: 'qpcr-expression' }, all)),
      ).toEqual([]);
      const window = await repo.page(
        m,
        { plannedFrom: '2031-01-10T00:00:00.000Z', plannedTo: '2031-02-01T00:00:00.000Z' },
        all,
      );
      expect(ids(window).sort()).toEqual([b, c].sort());
      const stored = await m.findOneByOrFail(Run, { id: c });
      expect(stored.actualStartAt).not.toBeNull();
      expect(
        ids(
          await repo.page(
            m,
            { startedFrom: stored.actualStartAt!, startedTo: stored.actualStartAt! },
            all,
          ),
        ),
      ).toEqual([c]);
    });

    it('pages newest first with the total of every match', async () => {
      const repo = ctx.get(RunsRepository);
      const m = ctx.dataSource.manager;
      const filter = {
        plannedFrom: '2031-01-01T00:00:00.000Z',
        plannedTo: '2031-12-31T00:00:00.000Z',
      };
      const [every, total] = await repo.page(m, filter, all);
      expect(total).toBe(3);
      expect(every.map((r) => r.id)).toEqual([c, b, a]);
      const [first, firstTotal] = await repo.page(m, filter, { limit: 2, offset: 0 });
      const [second, secondTotal] = await repo.page(m, filter, { limit: 2, offset: 2 });
      expect([firstTotal, secondTotal]).toEqual([3, 3]);
      expect([...first, ...second].map((r) => r.id)).toEqual([c, b, a]);
      expect(every).toEqual(
        (await m.findBy(Run, [{ id: a }, { id: b }, { id: c }])).sort(
          (x, y) => every.findIndex((r) => r.id === x.id) - every.findIndex((r) => r.id === y.id),
        ),
      );
    });
  });
});
