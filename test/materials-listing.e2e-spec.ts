import {
  Body,
  bootMaterialsWorld,
  donorBody,
  materialsApi,
  MaterialsWorld,
} from './support/materials-world';
import type { TestApp } from './support/test-app';

describe('materials: listing, concurrency and the OpenAPI routes', () => {
  let w: MaterialsWorld;
  let t: TestApp;
  const { post, get } = materialsApi(() => w);

  beforeAll(async () => {
    w = await bootMaterialsWorld();
    ({ t } = w);
    // The filters below look for this cryo-stock's barcode and for three fecal aliquots.
    const parental = (
      await post('/cell-lines', {
        name: 'HIG-82',
        species: 'Oryctolagus cuniculus',
        passageNumber: 4,
      }).expect(201)
    ).body;
    const derived = (
      await post('/cell-lines', {
        name: 'HIG-82 6-TG-R1',
        parentId: parental.id,
        passageNumber: 5,
        currentDose: { value: 0.5, unit: 'uM' },
      }).expect(201)
    ).body;
    await post('/cryo-stocks', {
      parentId: derived.id,
      barcode: 'CRYO-0001',
      location: 'LN2 tank 1, rack 3, box 2, A4',
      passageAtFreezing: 12,
    }).expect(201);
    const donor = (await post('/donors', donorBody('RA-D100')).expect(201)).body;
    const sample = (
      await post('/fecal-samples', {
        parentId: donor.id,
        collectedAt: '2024-05-02T07:45:00Z',
        location: 'Freezer -80 #2, rack 1, box 4',
      }).expect(201)
    ).body;
    await post(`/${sample.id}/aliquots`, {
      aliquots: [
        { volumeMicrolitres: 250 },
        { volumeMicrolitres: 250 },
        { volumeMicrolitres: 500 },
      ],
    }).expect(201);
  });
  afterAll(() => t.close());

  describe('listing', () => {
    it('filters by kind, parent, barcode, name and creation date, and pages with a total', async () => {
      const line = (
        await post('/cell-lines', { name: 'Page root', species: 'Homo sapiens', passageNumber: 1 })
      ).body;
      const ids: string[] = [];
      for (let i = 1; i <= 7; i++) {
        const r = await post('/cell-lines', {
          name: `Paged population ${i}`,
          parentId: line.id,
          passageNumber: i,
        }).expect(201);
        ids.push(r.body.id);
      }
      const page = (q: object) =>
        get('/')
          .query({ parentId: line.id, ...q })
          .expect(200);
      const first = await page({ limit: 3 });
      expect(first.body).toMatchObject({ total: 7, limit: 3, offset: 0 });
      expect(first.body.items).toHaveLength(3);
      const rest = [
        ...(await page({ limit: 3, offset: 3 })).body.items,
        ...(await page({ limit: 3, offset: 6 })).body.items,
      ];
      const seen = [...first.body.items, ...rest].map((m: Body) => m.id);
      expect(new Set(seen).size).toBe(7);
      expect(seen.sort()).toEqual([...ids].sort());

      const search = await get('/').query({ search: 'PAGED POPULATION 3' }).expect(200);
      expect(search.body.items.map((m: Body) => m.id)).toEqual([ids[2]]);
      const wildcard = await get('/').query({ search: '%' }).expect(200);
      expect(wildcard.body.total).toBe(0);
      const byBarcode = await get('/').query({ barcode: 'CRYO-0001' }).expect(200);
      expect(byBarcode.body.items.map((m: Body) => m.kind)).toEqual(['cryo-stock']);
      const kinds = await get('/').query({ kind: 'fecal-aliquot', limit: 500 }).expect(200);
      expect(kinds.body.total).toBe(3);
      expect(kinds.body.items.every((m: Body) => m.kind === 'fecal-aliquot')).toBe(true);
      const future = await get('/').query({ createdFrom: '2999-01-01T00:00:00Z' }).expect(200);
      expect(future.body.total).toBe(0);
      const past = await get('/').query({ createdTo: '2000-01-01T00:00:00Z' }).expect(200);
      expect(past.body.total).toBe(0);
      const all = await get('/').query({ limit: 1 }).expect(200);
      const window = await get('/')
        .query({ createdFrom: '2000-01-01T00:00:00Z', createdTo: '2999-01-01T00:00:00Z', limit: 1 })
        .expect(200);
      expect(window.body.total).toBe(all.body.total);
      // SQLite keeps creation times to the second: step past one, then split the set there.
      await new Promise((r) => setTimeout(r, 1100));
      const split = new Date().toISOString();
      const late = (
        await post('/cell-lines', { name: 'Late line', species: 'Homo sapiens', passageNumber: 1 })
      ).body;
      const after = await get('/').query({ createdFrom: split }).expect(200);
      expect(after.body.items.map((m: Body) => m.id)).toEqual([late.id]);
      const beforeSplit = await get('/').query({ createdTo: split, limit: 500 }).expect(200);
      expect(beforeSplit.body.total).toBe(all.body.total);
      const bad = await get('/').query({ kind: 'reagent', limit: 0 }).expect(400);
      expect(bad.body.errors.map((e: Body) => e.field).sort()).toEqual(['kind', 'limit']);
    });

    it('keeps barcodes, donor codes and custody chains consistent under concurrent requests', async () => {
      const statuses = async (reqs: Promise<{ status: number; body: Body }>[]) =>
        (await Promise.all(reqs)).map((r) => (r.status === 201 ? 201 : r.body.code));
      const lines = await statuses(
        Array.from({ length: 5 }, (_, i) =>
          post('/cell-lines', {
            name: `Race ${i}`,
            barcode: 'RACE-1',
            species: 'Homo sapiens',
            passageNumber: 1,
          }).then((r) => r),
        ),
      );
      expect(lines.filter((s) => s === 201)).toHaveLength(1);
      expect(lines.filter((s) => s === 'BARCODE_TAKEN')).toHaveLength(4);
      const donors = await statuses(
        Array.from({ length: 5 }, () => post('/donors', donorBody('RA-RACE1')).then((r) => r)),
      );
      expect(donors.filter((s) => s === 201)).toHaveLength(1);
      expect(donors.filter((s) => s === 'DONOR_CODE_TAKEN')).toHaveLength(4);

      const racer = (await get('/by-barcode/RACE-1').expect(200)).body;
      const moves = await statuses(
        Array.from({ length: 6 }, (_, i) =>
          post(`/${racer.id}/custody-events`, { type: 'moved', toLocation: `Shelf ${i}` }).then(
            (r) => r,
          ),
        ),
      );
      expect(moves).toEqual([201, 201, 201, 201, 201, 201]);
      const chain: Body[] = (await get(`/${racer.id}/custody-events`).expect(200)).body.items;
      expect(chain).toHaveLength(7);
      for (let i = 1; i < chain.length; i++) {
        expect(chain[i].fromLocation).toBe(chain[i - 1].toLocation);
      }
      const now = (await get(`/${racer.id}`).expect(200)).body;
      expect(now.location).toBe(chain[6].toLocation);
    });

    it('documents the routes in OpenAPI', async () => {
      const doc = (await t.http().get('/docs-json').expect(200)).body;
      for (const path of [
        '/api/v1/materials',
        '/api/v1/materials/{id}',
        '/api/v1/materials/by-barcode/{barcode}',
        '/api/v1/materials/{id}/lineage',
        '/api/v1/materials/{id}/custody-events',
        '/api/v1/materials/{id}/aliquots',
        '/api/v1/materials/cell-lines',
        '/api/v1/materials/cryo-stocks',
        '/api/v1/materials/donors',
        '/api/v1/materials/fecal-samples',
        '/api/v1/materials/bacterial-cultures',
      ]) {
        expect(doc.paths[path]).toBeDefined();
      }
      expect(doc.components.schemas.UpdateDonorDto).toBeDefined();
      expect(doc.components.schemas.DonorAttributesDto).toBeDefined();
    });
  });
});
