import { UnitOfWork } from '../src/common/database/unit-of-work.service';
import { MaterialsService } from '../src/materials/materials.service';
import {
  Body,
  bootMaterialsWorld,
  donorBody,
  materialsApi,
  MaterialsWorld,
  User,
} from './support/materials-world';
import type { TestApp } from './support/test-app';

describe('materials: fecal samples, aliquots, cultures and the chain of custody', () => {
  let w: MaterialsWorld;
  let t: TestApp;
  let sci: User;
  let mgr: User;
  let inst: User;
  const { post, get, audit, auditCount } = materialsApi(() => w);

  beforeAll(async () => {
    w = await bootMaterialsWorld();
    ({ t, sci, mgr, inst } = w);
    // The thaw refusal below picks any cell line: register one.
    await post('/cell-lines', {
      name: 'HIG-82',
      species: 'Oryctolagus cuniculus',
      passageNumber: 4,
    }).expect(201);
  });
  afterAll(() => t.close());

  describe('fecal samples, aliquots, cultures and the chain of custody', () => {
    let donor: Body;
    let sample: Body;
    const event = (id: string, body: object, user = sci) =>
      post(`/${id}/custody-events`, body, user);

    beforeAll(async () => {
      donor = (await post('/donors', donorBody('RA-D100', { barcode: 'DON-100' })).expect(201))
        .body;
      sample = (
        await post('/fecal-samples', {
          parentId: donor.id,
          barcode: 'FS-0001',
          collectedAt: '2024-05-02T07:45:00Z',
          location: 'Freezer -80 #2, rack 1, box 4',
          massGrams: 4.2,
        }).expect(201)
      ).body;
    });

    it('registers a fecal sample under its donor, frozen, never thawed', () => {
      expect(sample).toMatchObject({
        kind: 'fecal-sample',
        name: 'RA-D100-F1',
        parentId: donor.id,
        frozen: true,
        freezeThawCount: 0,
        location: 'Freezer -80 #2, rack 1, box 4',
        attributes: { collectedAt: '2024-05-02T07:45:00.000Z', massGrams: 4.2 },
      });
    });

    it('refuses a fecal sample of a cell line and a collection time in the future', async () => {
      const line = (
        await post('/cell-lines', { name: 'L', species: 'Homo sapiens', passageNumber: 1 })
      ).body;
      const wrong = await post('/fecal-samples', {
        parentId: line.id,
        collectedAt: '2024-05-02T07:45:00Z',
        location: 'x',
      }).expect(422);
      expect(wrong.body.errors[0]).toMatchObject({
        field: 'parentId',
        code: 'PARENT_KIND_NOT_ALLOWED',
      });
      const future = await post('/fecal-samples', {
        parentId: donor.id,
        collectedAt: '2999-01-01T00:00:00Z',
        location: 'x',
      }).expect(400);
      expect(future.body.errors[0]).toMatchObject({ field: 'collectedAt', code: 'NOT_IN_FUTURE' });
      const noZone = await post('/fecal-samples', {
        parentId: donor.id,
        collectedAt: '2024-05-02T07:45:00',
        location: 'x',
      }).expect(400);
      expect(noZone.body.errors[0].field).toBe('collectedAt');
    });

    it('thaws (counting the cycle), refreezes, moves; refuses a thaw of a thawed sample', async () => {
      const thawed = await event(sample.id, {
        type: 'thawed',
        toLocation: 'Bench 3',
        notes: 'for aliquoting',
      }).expect(201);
      expect(thawed.body.material).toMatchObject({
        frozen: false,
        freezeThawCount: 1,
        location: 'Bench 3',
      });
      expect(thawed.body.event).toMatchObject({
        type: 'thawed',
        fromLocation: 'Freezer -80 #2, rack 1, box 4',
        toLocation: 'Bench 3',
        freezeThawCountAfter: 1,
        actorName: 'sam',
      });
      const again = await event(sample.id, { type: 'thawed' }).expect(409);
      expect(again.body).toMatchObject({
        code: 'CUSTODY_EVENT_NOT_ALLOWED',
        errors: [{ field: 'type', code: 'NOT_FROZEN' }],
      });
      const wrongFrom = await event(sample.id, {
        type: 'moved',
        fromLocation: 'Freezer -80 #9',
        toLocation: 'Bench 4',
      }).expect(409);
      expect(wrongFrom.body.errors[0]).toMatchObject({
        field: 'fromLocation',
        code: 'LOCATION_MISMATCH',
      });
      const noTo = await event(sample.id, { type: 'moved' }).expect(400);
      expect(noTo.body.errors[0]).toMatchObject({ field: 'toLocation', code: 'LOCATION_REQUIRED' });
      const early = await event(sample.id, {
        type: 'frozen',
        occurredAt: '2020-01-01T00:00:00Z',
      }).expect(400);
      expect(early.body.errors[0]).toMatchObject({
        field: 'occurredAt',
        code: 'BEFORE_PREVIOUS_EVENT',
      });
      await event(sample.id, {
        type: 'frozen',
        toLocation: 'Freezer -80 #2, rack 1, box 5',
      }).expect(201);
      const moved = await event(sample.id, {
        type: 'moved',
        toLocation: 'Freezer -80 #3, rack 2',
      }).expect(201);
      expect(moved.body.material).toMatchObject({
        frozen: true,
        freezeThawCount: 1,
        location: 'Freezer -80 #3, rack 2',
      });
      const lineThaw = await event(
        (await get('/').query({ kind: 'cell-line', limit: 1 })).body.items[0].id,
        { type: 'thawed' },
      ).expect(409);
      expect(lineThaw.body.errors[0].code).toBe('NOT_FREEZABLE');
    });

    it('aliquots the sample: aliquots inherit the thaw count, the sample gets an aliquoted event', async () => {
      await event(sample.id, { type: 'thawed' }).expect(201);
      const res = await post(`/${sample.id}/aliquots`, {
        aliquots: [
          { volumeMicrolitres: 250, barcode: 'FA-0001' },
          { volumeMicrolitres: 250, barcode: 'FA-0002' },
          { volumeMicrolitres: 500, location: 'Freezer -80 #4' },
        ],
        notes: 'for co-culture',
      }).expect(201);
      expect(res.body.aliquots.map((a: Body) => a.name)).toEqual([
        'RA-D100-F1-A01',
        'RA-D100-F1-A02',
        'RA-D100-F1-A03',
      ]);
      expect(res.body.aliquots[0]).toMatchObject({
        kind: 'fecal-aliquot',
        parentId: sample.id,
        frozen: true,
        freezeThawCount: 2,
        location: 'Freezer -80 #3, rack 2',
        attributes: { volumeMicrolitres: 250 },
      });
      expect(res.body.aliquots[2].location).toBe('Freezer -80 #4');
      expect(res.body.event).toMatchObject({
        type: 'aliquoted',
        details: { count: 3, aliquotIds: res.body.aliquots.map((a: Body) => a.id) },
      });
      expect(res.body.parent.status).toBe('available');

      const chain = await get(`/${sample.id}/custody-events`, inst).expect(200);
      expect(chain.body.items.map((e: Body) => e.type)).toEqual([
        'registered',
        'thawed',
        'frozen',
        'moved',
        'thawed',
        'aliquoted',
      ]);
      expect(chain.body.items.map((e: Body) => e.freezeThawCountAfter)).toEqual([0, 1, 1, 1, 2, 2]);
      const aliquotChain = await get(`/${res.body.aliquots[0].id}/custody-events`).expect(200);
      expect(aliquotChain.body.items).toEqual([
        expect.objectContaining({ type: 'registered', toLocation: 'Freezer -80 #3, rack 2' }),
      ]);
      const trail = await audit(sample.id);
      expect(trail.map((e) => e.action)).toEqual([
        'create',
        'custody:thawed',
        'custody:frozen',
        'custody:moved',
        'custody:thawed',
        'custody:aliquoted',
      ]);
      expect(trail[1]).toMatchObject({
        reason: 'for aliquoting',
        before: { freezeThawCount: 0, frozen: true },
        after: { freezeThawCount: 1, frozen: false, location: 'Bench 3' },
      });
      const lineage = await get(`/${donor.id}/lineage`).expect(200);
      expect(lineage.body.descendants).toHaveLength(4);
    });

    it('writes nothing when one aliquot of a request is refused', async () => {
      const children = async () =>
        (await get('/').query({ parentId: sample.id }).expect(200)).body.total as number;
      const events = async () =>
        (await get(`/${sample.id}/custody-events`)).body.items.length as number;
      const [c0, e0, a0] = [await children(), await events(), await auditCount()];
      const res = await post(`/${sample.id}/aliquots`, {
        aliquots: [
          { volumeMicrolitres: 100, barcode: 'FA-0100' },
          { volumeMicrolitres: 100, barcode: 'FA-0001' },
          { volumeMicrolitres: 100, barcode: 'FA-0100' },
        ],
      }).expect(409);
      expect(res.body).toMatchObject({ code: 'BARCODE_TAKEN' });
      expect(res.body.errors).toEqual([
        expect.objectContaining({ field: 'aliquots[1].barcode' }),
        expect.objectContaining({ field: 'aliquots[2].barcode' }),
      ]);
      const bad = await post(`/${sample.id}/aliquots`, {
        aliquots: [{ volumeMicrolitres: 100 }, { volumeMicrolitres: -1 }],
      }).expect(400);
      expect(bad.body.errors[0].field).toBe('aliquots.1.volumeMicrolitres');
      expect([await children(), await events(), await auditCount()]).toEqual([c0, e0, a0]);
      await get('/by-barcode/FA-0100').expect(404);
    });

    it('starts a culture from an aliquot; consumed material can no longer be used', async () => {
      const aliquot = (await get('/by-barcode/FA-0001').expect(200)).body;
      const culture = await post('/bacterial-cultures', {
        parentId: aliquot.id,
        name: 'RA-D100 GAM 1',
        medium: 'GAM broth',
        atmosphere: 'N2/CO2/H2 85/10/5',
        chamberO2Ppm: 2.5,
        inoculum: '10 % (w/v) slurry',
      }).expect(201);
      expect(culture.body).toMatchObject({
        kind: 'bacterial-culture',
        parentId: aliquot.id,
        frozen: null,
        attributes: { temperatureCelsius: 37, treatment: 'live', chamberO2Ppm: 2.5 },
      });
      const consumed = await event(aliquot.id, { type: 'consumed', notes: 'inoculum' }).expect(201);
      expect(consumed.body.material.status).toBe('consumed');
      const after = await event(aliquot.id, { type: 'moved', toLocation: 'x' }).expect(409);
      expect(after.body).toMatchObject({
        code: 'MATERIAL_NOT_AVAILABLE',
        errors: [{ field: 'type', code: 'MATERIAL_NOT_AVAILABLE' }],
      });
      const child = await post('/bacterial-cultures', {
        parentId: aliquot.id,
        name: 'late',
        medium: 'GAM',
        atmosphere: 'N2',
      }).expect(409);
      expect(child.body.errors[0]).toMatchObject({
        field: 'parentId',
        code: 'MATERIAL_NOT_AVAILABLE',
      });
      const service = t.app.get(MaterialsService);
      const err = await t.app
        .get(UnitOfWork)
        .run((m) => service.requireMaterials(m, [aliquot.id], 'materialIds', { available: true }))
        .catch((e: unknown) => e);
      expect(err).toMatchObject({
        code: 'MATERIAL_NOT_AVAILABLE',
        errors: [{ field: 'materialIds[0]' }],
      });
      const discarded = await event(culture.body.id, { type: 'discarded' }, mgr).expect(201);
      expect(discarded.body.material.status).toBe('discarded');
      expect(
        (await get('/').query({ status: 'discarded' })).body.items.map((m: Body) => m.id),
      ).toEqual([culture.body.id]);
    });

    it('refuses writes to instruments and to unauthenticated callers', async () => {
      const res = await post('/donors', donorBody('RA-D999'), inst).expect(403);
      expect(res.body.code).toBe('FORBIDDEN_ROLE');
      await event(sample.id, { type: 'moved', toLocation: 'y' }, inst).expect(403);
      await t.http().get('/api/v1/materials').expect(401);
    });
  });
});
