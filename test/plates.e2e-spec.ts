import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTestApp, createUserWithKey, TestApp } from './support/test-app';

type Body = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const CONCENTRATIONS_UM = [200, 100, 50, 25, 12.5, 6.25, 3.125, 1.5625, 0.78125];

/**
 * The MTT plate of ../shared/fixtures/mtt/parental-vs-resistant as a CSV plate map: column 1
 * blank, 2–3 vehicle, 4–12 a 2-fold 6-TG series; parental rows A–C, resistant D–F; row G
 * positive controls; row H empty.
 */
function plateMap(parental = 'parental', resistant = 'resistant'): string {
  const lines = ['well,role,line,concentration_uM,replicate'];
  for (let r = 0; r < 8; r++) {
    const row = String.fromCharCode(65 + r);
    const line = r < 3 ? parental : r < 6 ? resistant : '';
    for (let c = 1; c <= 12; c++) {
      const well = `${row}${c}`;
      if (row === 'H') lines.push(`${well},empty,,,`);
      else if (row === 'G') lines.push(`${well},positive,${c <= 6 ? parental : resistant},0,`);
      else if (c === 1) lines.push(`${well},blank,,0,`);
      else if (c <= 3) lines.push(`${well},vehicle,${line},0,${line}-veh`);
      else {
        const conc = CONCENTRATIONS_UM[c - 4];
        lines.push(`${well},treated,${line},${conc},${line}-${conc}`);
      }
    }
  }
  return lines.join('\n') + '\n';
}

describe('plates and layouts', () => {
  let t: TestApp;
  let sci: { id: string; key: string };
  let mgr: { id: string; key: string };
  let inst: { id: string; key: string };
  let parental: Body;
  let resistant: Body;
  const as = (u: { key: string }) => ({ Authorization: `Bearer ${u.key}` });
  const post = (path: string, body: object, user = sci) =>
    t.http().post(`/api/v1${path}`).set(as(user)).send(body);
  const get = (path: string, user = sci) => t.http().get(`/api/v1${path}`).set(as(user));
  const count = async (table: string): Promise<number> =>
    Number((await t.dataSource.query(`SELECT COUNT(*) AS n FROM ${table}`))[0].n);

  beforeAll(async () => {
    t = await createTestApp();
    sci = await createUserWithKey(t, 'sam', ['scientist']);
    mgr = await createUserWithKey(t, 'mona', ['manager']);
    inst = await createUserWithKey(t, 'reader1', ['instrument']);
    parental = (
      await post('/materials/cell-lines', {
        name: 'HIG-82',
        barcode: 'CL-0001',
        species: 'Oryctolagus cuniculus',
        passageNumber: 4,
      }).expect(201)
    ).body;
    resistant = (
      await post('/materials/cell-lines', {
        name: 'HIG-82 6-TG-R',
        barcode: 'CL-0002',
        parentId: parental.id,
        passageNumber: 16,
      }).expect(201)
    ).body;
  });
  afterAll(() => t.close());

  describe('layouts', () => {
    let mtt: Body;

    it('imports a CSV plate map, resolving material names to ids or barcodes', async () => {
      const res = await post('/plate-layouts/import', {
        name: 'MTT 6-TG parental vs resistant',
        referenceWavelengthNm: 650,
        csv: plateMap(),
        materials: { parental: parental.id, resistant: 'CL-0002' },
      }).expect(201);
      mtt = res.body;
      expect(mtt).toMatchObject({
        plateSize: 96,
        measurementWavelengthNm: 570,
        referenceWavelengthNm: 650,
        lockedAt: null,
        copiedFromId: null,
      });
      expect(mtt.wells).toHaveLength(96);
      const a4 = (mtt.wells as Body[]).find((w) => w.well === 'A4');
      expect(a4).toMatchObject({
        role: 'treated',
        materialId: parental.id,
        concentrationValue: 200,
        concentrationUnit: 'µM',
        replicateGroup: 'parental-200',
      });
      expect(a4?.concentrationMolar).toBeCloseTo(2e-4, 15);
      expect((mtt.wells as Body[]).find((w) => w.well === 'D12')).toMatchObject({
        materialId: resistant.id,
        concentrationValue: 0.78125,
      });
      expect((mtt.wells as Body[]).find((w) => w.well === 'H1')).toMatchObject({
        role: 'empty',
        materialId: null,
      });
      expect((await get(`/plate-layouts/${mtt.id}`).expect(200)).body).toEqual(mtt);
    });

    it('names the row of every unmapped or unknown material and creates nothing', async () => {
      const before = await count('plate_layouts');
      const res = await post('/plate-layouts/import', {
        name: 'bad',
        csv: plateMap('parental', 'resistnat'),
        materials: { parental: 'NO-SUCH-BARCODE' },
      }).expect(422);
      expect(res.body.code).toBe('IMPORT_REJECTED');
      const errors = res.body.errors as Body[];
      // 36 rows use parental (3 × 11 + G1–G6), 33 + 6 use the misspelt name.
      expect(errors.filter((e) => e.code === 'UNKNOWN_MATERIAL')).toHaveLength(39);
      expect(errors.filter((e) => e.code === 'UNMAPPED_MATERIAL')).toHaveLength(39);
      expect(errors[0]).toMatchObject({ code: 'UNKNOWN_MATERIAL', line: 3, well: 'A2' });
      expect(errors.find((e) => e.code === 'UNMAPPED_MATERIAL')).toMatchObject({
        line: 39,
        well: 'D2',
        field: 'material',
      });
      expect(await count('plate_layouts')).toBe(before);
    });

    it('passes plate-map parse problems through, by line', async () => {
      const res = await post('/plate-layouts/import', {
        name: 'bad',
        csv: 'well,role,line,concentration_uM\nA1,blank,,0\nA2,treatd,x,1\nA3,treated,x,\n',
        materials: { x: parental.id },
      }).expect(422);
      expect((res.body.errors as Body[]).map((e) => [e.code, e.line, e.well])).toEqual([
        ['UNKNOWN_ROLE', 3, 'A2'],
        ['MISSING_CONCENTRATION', 4, 'A3'],
      ]);
    });

    it('validates JSON wells: each problem by field and well', async () => {
      const res = await post('/plate-layouts', {
        name: 'bad',
        plateSize: 96,
        wells: [
          { well: 'A1', role: 'blank' },
          { well: 'A1', role: 'vehicle' },
          { well: 'I1', role: 'blank' },
          { well: 'B2', role: 'treated', materialId: parental.id },
          { well: 'B3', role: 'treated', concentrationValue: 1, concentrationUnit: 'ng/dL' },
          { well: 'B4', role: 'dead' },
          { well: 'B5', role: 'inhibitor-only' },
        ],
      }).expect(400);
      expect((res.body.errors as Body[]).map((e) => [e.field, e.well, e.code])).toEqual([
        ['wells[1].well', 'A1', 'DUPLICATE_WELL'],
        ['wells[2].well', 'I1', 'WELL_OUTSIDE_PLATE'],
        ['wells[3].concentrationValue', 'B2', 'MISSING_CONCENTRATION'],
        ['wells[4].concentrationUnit', 'B3', 'INVALID_UNIT'],
        ['wells[4].materialId', 'B3', 'MISSING_MATERIAL'],
        ['wells[5].role', 'B4', 'UNKNOWN_ROLE'],
        ['wells[6].inhibitorName', 'B5', 'MISSING_INHIBITOR'],
      ]);
      const unknown = await post('/plate-layouts', {
        name: 'bad',
        plateSize: 96,
        wells: [
          {
            well: 'A1',
            role: 'treated',
            materialId: '00000000-0000-4000-8000-000000000000',
            concentrationValue: 5,
            concentrationUnit: 'nM',
          },
        ],
      }).expect(422);
      expect(unknown.body.errors[0]).toMatchObject({
        code: 'UNKNOWN_MATERIAL',
        field: 'wells[0].materialId',
      });
    });

    it('stores inhibitors with their molar concentration (efflux layouts)', async () => {
      const res = await post('/plate-layouts', {
        name: 'MK571 reversal',
        plateSize: 384,
        referenceWavelengthNm: 630,
        wells: [
          {
            well: 'P24',
            role: 'inhibitor-only',
            inhibitorName: 'MK571',
            inhibitorConcentrationValue: 25,
            inhibitorConcentrationUnit: 'uM',
            materialId: resistant.id,
          },
          {
            well: 'A1',
            role: 'treated',
            materialId: resistant.id,
            concentrationValue: 500,
            concentrationUnit: 'nM',
            inhibitorName: 'MK571',
            inhibitorConcentrationValue: 25,
            inhibitorConcentrationUnit: 'µM',
          },
        ],
      }).expect(201);
      expect(res.body.wells.map((w: Body) => w.well)).toEqual(['A1', 'P24']);
      expect(res.body.wells[0]).toMatchObject({
        concentrationUnit: 'nM',
        inhibitorName: 'MK571',
        inhibitorConcentrationUnit: 'µM',
      });
      expect(res.body.wells[0].concentrationMolar).toBeCloseTo(5e-7, 18);
      expect(res.body.wells[1].inhibitorConcentrationMolar).toBeCloseTo(2.5e-5, 15);
    });

    it('edits an unused layout in place; a layout used by a plate is copied, never edited', async () => {
      const spec = {
        name: 'draft',
        plateSize: 96,
        wells: [
          { well: 'A1', role: 'blank' },
          { well: 'A2', role: 'vehicle' },
        ],
      };
      const draft = (await post('/plate-layouts', spec).expect(201)).body;
      const edited = await t
        .http()
        .put(`/api/v1/plate-layouts/${draft.id}`)
        .set(as(sci))
        .send({
          ...spec,
          name: 'draft v2',
          wells: [...spec.wells, { well: 'A3', role: 'vehicle' }],
        })
        .expect(200);
      expect(edited.body).toMatchObject({ id: draft.id, name: 'draft v2', copied: false });
      expect(edited.body.wells).toHaveLength(3);

      await post('/plates', { layoutId: draft.id, barcode: 'LOCK-1' }).expect(201);
      const locked = (await get(`/plate-layouts/${draft.id}`).expect(200)).body;
      expect(locked.lockedAt).toEqual(expect.any(String));
      const copy = await t
        .http()
        .put(`/api/v1/plate-layouts/${draft.id}`)
        .set(as(sci))
        .send({ ...spec, name: 'draft v3' })
        .expect(201);
      expect(copy.body).toMatchObject({
        copied: true,
        copiedFromId: draft.id,
        name: 'draft v3',
        lockedAt: null,
      });
      expect(copy.body.id).not.toBe(draft.id);
      expect(copy.body.message).toMatch(/new layout/);
      expect(copy.body.wells).toHaveLength(2);
      // The original is unchanged.
      expect((await get(`/plate-layouts/${draft.id}`).expect(200)).body).toEqual(locked);
      const audit = (
        await t
          .http()
          .get('/api/v1/audit')
          .query({ entity: 'plate_layout', entityId: copy.body.id })
          .set(as(mgr))
          .expect(200)
      ).body as Body[];
      expect(audit.map((e) => e.action)).toEqual(['plate-layout.copied-on-edit']);
    });

    it('lists layouts with filters and pagination', async () => {
      const page = (await get('/plate-layouts?plateSize=96&limit=2').expect(200)).body;
      expect(page.items).toHaveLength(2);
      expect(page.total).toBeGreaterThanOrEqual(3);
      expect(page.items[0].wells).toBeUndefined();
      const search = (await get('/plate-layouts?search=mk571').expect(200)).body;
      expect(search.items.map((l: Body) => l.name)).toEqual(['MK571 reversal']);
    });

    describe('plates', () => {
      let plate: Body;

      it('plans a plate on a layout; barcodes are unique; references are checked', async () => {
        plate = (
          await post('/plates', { layoutId: mtt.id, barcode: 'TL-MTT-0731', name: 'P1' }).expect(
            201,
          )
        ).body;
        expect(plate).toMatchObject({
          plateSize: 96,
          layoutId: mtt.id,
          runId: null,
          status: 'planned',
          readAt: null,
        });
        expect(
          (await post('/plates', { layoutId: mtt.id, barcode: 'TL-MTT-0731' }).expect(409)).body
            .code,
        ).toBe('BARCODE_TAKEN');
        const unknown = await post('/plates', {
          layoutId: '00000000-0000-4000-8000-000000000000',
        }).expect(422);
        expect(unknown.body).toMatchObject({ code: 'PLATE_REFERENCE_UNKNOWN' });
        expect(unknown.body.errors[0].field).toBe('layoutId');
        const noRun = await post('/plates', {
          layoutId: mtt.id,
          runId: '00000000-0000-4000-8000-000000000000',
        }).expect(422);
        expect(noRun.body.errors[0].field).toBe('runId');
        const size = await post('/plates', { layoutId: mtt.id, plateSize: 384 }).expect(400);
        expect(size.body.errors[0]).toMatchObject({
          field: 'plateSize',
          code: 'PLATE_SIZE_MISMATCH',
        });
      });

      it('stores a reading and shows raw values with role, material and concentration', async () => {
        const text = readFileSync(
          join(__dirname, 'fixtures', 'plate-readers', 'long', 'ok', 'a570-a650-96.csv'),
          'utf8',
        );
        const res = await t
          .http()
          .post(`/api/v1/plates/${plate.id}/readings`)
          .query({ filename: 'a570-a650-96.csv' })
          .set(as(sci))
          .set('Content-Type', 'text/csv')
          .send(text)
          .expect(201);
        expect(res.body).toMatchObject({ outcome: 'imported', valueCount: 192 });
        // import → validate → store → fit → audit, in one transaction: the fits come back.
        expect(res.body.analysis).toMatchObject({ status: 'analysed' });
        expect(
          (res.body.analysis.fits as Body[]).map((f) => f.materialId as string).sort(),
        ).toEqual([parental.id, resistant.id].sort());

        const detail = (await get(`/plates/${plate.id}`).expect(200)).body;
        expect(detail).toMatchObject({ status: 'read', readAt: expect.any(String) });
        expect(detail.readings).toHaveLength(1);
        expect(detail.readings[0]).toMatchObject({
          format: 'long',
          valueCount: 192,
          wavelengthsNm: [570, 650],
          sourceFilename: 'a570-a650-96.csv',
          instrumentId: null,
        });
        expect((await get('/plates/by-barcode/TL-MTT-0731').expect(200)).body).toEqual(detail);
        await get('/plates/by-barcode/NOPE').expect(404);

        const wells = (await get(`/plates/${plate.id}/wells`).expect(200)).body;
        expect(wells).toMatchObject({ plateSize: 96, readingId: detail.readings[0].id });
        expect(wells.wells).toHaveLength(96);
        const a4 = (wells.wells as Body[]).find((w) => w.well === 'A4');
        expect(a4).toMatchObject({
          role: 'treated',
          materialId: parental.id,
          concentrationValue: 200,
          concentrationUnit: 'µM',
          values: [
            { wavelengthNm: 570, value: 0.1783, raw: '0.1783' },
            { wavelengthNm: 650, value: 0.0416, raw: '0.0416' },
          ],
        });
        const again = (
          await get(`/plates/${plate.id}/wells?readingId=${detail.readings[0].id}`).expect(200)
        ).body;
        expect(again).toEqual(wells);
      });

      it('lists plates with filters and pagination', async () => {
        await post('/plates', { layoutId: mtt.id, barcode: 'TL-MTT-0732' }).expect(201);
        await post('/plates', { layoutId: mtt.id, barcode: 'TL-MTT-0733' }).expect(201);
        const read = (await get('/plates?status=read').expect(200)).body;
        expect(read.items.map((p: Body) => p.barcode)).toEqual(['TL-MTT-0731']);
        const byLayout = (await get(`/plates?layoutId=${mtt.id}&limit=2&offset=0`).expect(200))
          .body;
        expect(byLayout).toMatchObject({ total: 3, limit: 2, offset: 0 });
        const page2 = (await get(`/plates?layoutId=${mtt.id}&limit=2&offset=2`).expect(200)).body;
        // Newest first; SQLite's created_at has whole seconds, so ties are possible here.
        expect(
          [...byLayout.items, ...page2.items].map((p: Body) => p.barcode as string).sort(),
        ).toEqual(['TL-MTT-0731', 'TL-MTT-0732', 'TL-MTT-0733']);
        const byBarcode = (await get('/plates?barcode=TL-MTT-0732').expect(200)).body;
        expect(byBarcode.total).toBe(1);
        await get('/plates?status=done').expect(400);
      });
    });

    it('roles: instruments neither plan plates nor edit layouts; scientists and managers do', async () => {
      await post('/plates', { layoutId: mtt.id }, inst).expect(403);
      await get('/plates', inst).expect(403);
      await post('/plate-layouts', { name: 'x', plateSize: 96, wells: [] }, inst).expect(403);
      await get('/plate-layouts', mgr).expect(200);
      await t.http().get('/api/v1/plates').expect(401);
    });
  });

  it('documents the routes in OpenAPI', async () => {
    const doc = (await t.http().get('/docs-json').expect(200)).body;
    for (const path of [
      '/api/v1/plate-layouts',
      '/api/v1/plate-layouts/import',
      '/api/v1/plate-layouts/{id}',
      '/api/v1/plates',
      '/api/v1/plates/{id}',
      '/api/v1/plates/by-barcode/{barcode}',
      '/api/v1/plates/{id}/wells',
      '/api/v1/plates/{id}/readings',
      '/api/v1/instrument-feeds',
      '/api/v1/instruments',
    ]) {
      expect(doc.paths[path]).toBeDefined();
    }
  });
});
