import Papa from 'papaparse';
import { benchPlateFile, benchPlateMap } from '../bench/mtt-bench-plate';
import { createTestApp, createUserWithKey, TestApp } from './support/test-app';

describe('CSV exports: no cell a spreadsheet would run as a formula', () => {
  let t: TestApp;
  let sci: { key: string };
  const as = (key: string) => ({ Authorization: `Bearer ${key}` });

  beforeAll(async () => {
    t = await createTestApp();
    sci = await createUserWithKey(t, 'sam', ['scientist']);
  });
  afterAll(() => t.close());

  it('neutralises a multi-line formula in a refit reason in /fits/export.csv; numbers stay numbers', async () => {
    const line = async (name: string, barcode: string, parentId?: string) =>
      (
        await t
          .http()
          .post('/api/v1/materials/cell-lines')
          .set(as(sci.key))
          .send({
            name,
            barcode,
            passageNumber: 4,
            ...(parentId ? { parentId } : { species: 'Oryctolagus cuniculus' }),
          })
          .expect(201)
      ).body.id as string;
    const parental = await line('HIG-82', 'CSV-P');
    await line('HIG-82 6-TG-R', 'CSV-R', parental);
    const layout = await t
      .http()
      .post('/api/v1/plate-layouts/import')
      .set(as(sci.key))
      .send({
        name: 'csv layout',
        plateSize: 96,
        referenceWavelengthNm: 650,
        csv: benchPlateMap(96),
        materials: { parental: 'CSV-P', resistant: 'CSV-R' },
      })
      .expect(201);
    const plate = await t
      .http()
      .post('/api/v1/plates')
      .set(as(sci.key))
      .send({ barcode: 'CSV-PLATE-1', layoutId: layout.body.id })
      .expect(201);
    await t
      .http()
      .post(`/api/v1/plates/${plate.body.id}/readings`)
      .set(as(sci.key))
      .set('Content-Type', 'text/csv')
      .send(benchPlateFile(96, 'CSV-PLATE-1', 7))
      .expect(201);
    const payload = "=cmd|' /C calc'!A0\nsee the bench notes";
    await t
      .http()
      .post(`/api/v1/plates/${plate.body.id}/refit`)
      .set(as(sci.key))
      .send({ reason: payload, model: 'LL4' })
      .expect(200);

    const res = await t
      .http()
      .get(`/api/v1/fits/export.csv?plateId=${plate.body.id}`)
      .set(as(sci.key))
      .expect(200);
    const parsed = Papa.parse<string[]>(res.text, { newline: '\r\n', skipEmptyLines: true });
    expect(parsed.errors).toEqual([]);
    const [header, ...rows] = parsed.data;
    expect(rows.length).toBeGreaterThanOrEqual(4); // two lines, imported and refitted
    const reasons = rows.map((r) => r[header.indexOf('reason')]);
    expect(reasons).toContain(`'${payload}`);
    for (const r of rows) {
      for (const cell of r) expect(cell).not.toMatch(/^(?:[\t\r]|\s*[=+@])/);
      // A minus sign starts only numbers, which are data.
      for (const cell of r.filter((c) => /^\s*-/.test(c)))
        expect(Number.isFinite(Number(cell))).toBe(true);
    }
  });
});
