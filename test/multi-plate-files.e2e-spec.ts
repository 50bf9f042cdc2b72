// A file with several plates (own fixture: a Gen5 Unicode export of three plates) is stored whole
// or not at all: each block becomes a reading of the planned plate whose name it carries.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fullLayoutWells } from './support/real-plate-exports';
import { createTestApp, createUserWithKey, TestApp } from './support/test-app';

type Body = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const FILE = join(__dirname, 'fixtures', 'plate-readers', 'gen5', 'ok', 'three-plates-utf16le.txt');

describe('multi-plate files: every block to its planned plate, all or nothing', () => {
  let t: TestApp;
  let sci: { id: string; key: string };
  let layoutId: string;
  const as = (u: { key: string }) => ({ Authorization: `Bearer ${u.key}` });
  const bytes = readFileSync(FILE);
  const count = async (): Promise<number> =>
    Number((await t.dataSource.query('SELECT COUNT(*) AS n FROM plate_readings'))[0].n);
  const plan = async (barcode: string): Promise<string> =>
    (await t.http().post('/api/v1/plates').set(as(sci)).send({ layoutId, barcode }).expect(201))
      .body.id;
  const upload = (plateId: string) =>
    t
      .http()
      .post(`/api/v1/plates/${plateId}/readings`)
      .set(as(sci))
      .attach('file', bytes, 'three-plates.txt');

  beforeAll(async () => {
    t = await createTestApp();
    sci = await createUserWithKey(t, 'sam', ['scientist']);
    layoutId = (
      await t
        .http()
        .post('/api/v1/plate-layouts')
        .set(as(sci))
        .send({
          name: '630',
          plateSize: 96,
          measurementWavelengthNm: 630,
          referenceWavelengthNm: null,
          wells: fullLayoutWells(96),
        })
        .expect(201)
    ).body.id;
  });
  afterAll(() => t.close());

  let first: string;
  it('refuses the whole file when a block matches no planned plate, naming the block', async () => {
    first = await plan('Plate 1');
    await plan('Plate 2');
    const res = await upload(first).expect(422);
    const errors = res.body.errors as Body[];
    expect(errors).toEqual([
      expect.objectContaining({ code: 'PLATE_NOT_FOUND', plate: 'Plate 3' }),
    ]);
    expect(errors[0].message).toMatch(/Plate "Plate 3" \(line \d+\) matches no planned plate/);
    expect(await count()).toBe(0);
  });

  it('stores each block as a reading of its plate once every block has one', async () => {
    const third = await plan('Plate 3');
    const res = await upload(first).expect(201);
    expect(res.body).toMatchObject({ outcome: 'imported', encoding: 'utf-16le', valueCount: 288 });
    const plates = res.body.plates as Body[];
    expect(
      plates.map((p) => [p.block.name, p.plate.barcode, p.valueCount, p.analysedChannel]),
    ).toEqual([
      ['Plate 1', 'Plate 1', 96, '630'],
      ['Plate 2', 'Plate 2', 96, '630'],
      ['Plate 3', 'Plate 3', 96, '630'],
    ]);
    expect(plates[2].plate.id).toBe(third);
    expect(await count()).toBe(3);
    // The same file again: the first answer, nothing new.
    const again = await upload(third).expect(200);
    expect(again.body).toMatchObject({ outcome: 'duplicate' });
    expect(again.body.plates).toHaveLength(3);
    expect(await count()).toBe(3);
  });
});
