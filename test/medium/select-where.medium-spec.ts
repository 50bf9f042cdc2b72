/**
 * selectWhere's order and limit options on the engine of the run (SQLite, or PostgreSQL when
 * DATABASE_URL names a server): entity properties resolved to their columns, each in its own
 * direction; anything that is not a column property or a direction is refused before any SQL.
 */
import { CocultureCulture } from '../../src/assays/coculture/coculture-culture.entity';
import { newId } from '../../src/common/base.entity';
import { selectWhere, type SelectOptions } from '../../src/common/database/bulk-insert';
import { UnitOfWork } from '../../src/common/database/unit-of-work.service';
import { cocultureCulture, insertRows, labTime } from './support/lcms-coculture-rows';
import { createMediumContext, type MediumContext } from './support/medium-context';

describe(`selectWhere options (${process.env.DATABASE_URL ? 'PostgreSQL' : 'SQLite'})`, () => {
  let ctx: MediumContext;
  afterAll(() => ctx.close());

  const runId = newId();
  const culture = (name: string, minute: number, id: string) =>
    Object.assign(cocultureCulture(runId, name, labTime(9, minute)), { id });
  // Two created in the same minute (told apart by id), one before and one after them.
  const early = culture('early', 10, '00000000-0000-4000-8000-000000000003');
  const twinA = culture('twin a', 20, '00000000-0000-4000-8000-000000000001');
  const twinB = culture('twin b', 20, '00000000-0000-4000-8000-000000000002');
  const late = culture('late', 30, '00000000-0000-4000-8000-000000000000');

  const names = (options?: SelectOptions<CocultureCulture>) =>
    ctx
      .get(UnitOfWork)
      .run((m) => selectWhere(m, CocultureCulture, 'run_id = ?', [runId], options))
      .then((rows) => rows.map((r) => r.name));

  beforeAll(async () => {
    ctx = await createMediumContext();
    // Written in none of the orders asked for below, nor in the (run_id, created_at) index's.
    await insertRows(ctx, {
      target: CocultureCulture,
      rows: [twinB, late, early, twinA, cocultureCulture(newId(), 'other run', labTime(9, 0))],
    });
  });

  it('orders by the properties given, each in its own direction', async () => {
    expect(
      await names({
        orderBy: [
          ['createdAt', 'ASC'],
          ['id', 'ASC'],
        ],
      }),
    ).toEqual(['early', 'twin a', 'twin b', 'late']);
    expect(
      await names({
        orderBy: [
          ['createdAt', 'DESC'],
          ['id', 'ASC'],
        ],
      }),
    ).toEqual(['late', 'twin a', 'twin b', 'early']);
    expect(
      await names({
        orderBy: [
          ['createdAt', 'ASC'],
          ['id', 'DESC'],
        ],
      }),
    ).toEqual(['early', 'twin b', 'twin a', 'late']);
    // One property alone (names differ, so no tie to break).
    expect(await names({ orderBy: [['name', 'DESC']] })).toEqual([
      'twin b',
      'twin a',
      'late',
      'early',
    ]);
  });

  it('limits after ordering', async () => {
    expect(await names({ orderBy: [['createdAt', 'DESC']], limit: 1 })).toEqual(['late']);
    expect(
      await names({
        orderBy: [
          ['createdAt', 'ASC'],
          ['id', 'DESC'],
        ],
        limit: 2,
      }),
    ).toEqual(['early', 'twin b']);
    expect((await names()).sort()).toEqual(['early', 'late', 'twin a', 'twin b']);
  });

  it('refuses what is not a column property, a direction or a WHERE clause, before any SQL', async () => {
    const refused = (
      options: SelectOptions<CocultureCulture>,
      message: RegExp,
      where = 'run_id = ?',
    ) =>
      expect(
        ctx.get(UnitOfWork).run((m) => selectWhere(m, CocultureCulture, where, [runId], options)),
      ).rejects.toThrow(message);
    const hostile = 'createdAt; DROP TABLE coculture_cultures; --';
    await refused(
      { orderBy: [[hostile as keyof CocultureCulture & string, 'ASC']] },
      /has no column property createdAt; DROP/,
    );
    // The column's name is not its property's.
    await refused(
      { orderBy: [['created_at' as keyof CocultureCulture & string, 'ASC']] },
      /no column property created_at/,
    );
    await refused(
      { orderBy: [['createdAt', 'ASC, (SELECT 1)' as 'ASC']] },
      /must be ASC or DESC, not ASC, \(SELECT 1\)/,
    );
    await refused({ limit: 0 }, /positive integer/);
    await refused({ limit: 1.5 }, /positive integer/);
    await refused({}, /WHERE clause only/, 'run_id = ? ORDER BY created_at');
    await refused({}, /WHERE clause only/, 'run_id = ? limit 1');
    // Nothing ran: the table and its rows are there.
    expect(await names({ orderBy: [['name', 'ASC']] })).toEqual([
      'early',
      'late',
      'twin a',
      'twin b',
    ]);
  });
});
