import { UnitOfWork } from '../src/common/database/unit-of-work.service';
import { DomainError } from '../src/common/errors/domain.error';
import { MaterialsService } from '../src/materials/materials.service';
import {
  Body,
  bootMaterialsWorld,
  materialsApi,
  MaterialsWorld,
  User,
} from './support/materials-world';
import type { TestApp } from './support/test-app';

describe('materials: cell lines, lineage and barcodes', () => {
  let w: MaterialsWorld;
  let t: TestApp;
  let sci: User;
  let mgr: User;
  let inst: User;
  const { as, post, get, audit, auditCount } = materialsApi(() => w);

  beforeAll(async () => {
    w = await bootMaterialsWorld();
    ({ t, sci, mgr, inst } = w);
  });
  afterAll(() => t.close());

  describe('cell lines: parental → two derived populations → cryo-stock', () => {
    let parental: Body;
    let derivedA: Body;
    let derivedB: Body;
    let cryo: Body;

    beforeAll(async () => {
      parental = (
        await post('/cell-lines', {
          name: 'HIG-82',
          barcode: 'CL-0001',
          species: 'Oryctolagus cuniculus',
          tissue: 'synovium',
          source: 'ATCC CRL-1832',
          passageNumber: 4,
        }).expect(201)
      ).body;
      derivedA = (
        await post('/cell-lines', {
          name: 'HIG-82 6-TG-R1',
          barcode: 'CL-0002',
          parentId: parental.id,
          passageNumber: 5,
          currentDose: { value: 0.5, unit: 'uM' },
        }).expect(201)
      ).body;
      derivedB = (
        await post(
          '/cell-lines',
          {
            name: 'HIG-82 6-TG-R2',
            parentId: parental.id,
            passageNumber: 5,
            currentDose: { value: 250, unit: 'nM' },
          },
          mgr,
        ).expect(201)
      ).body;
      cryo = (
        await post('/cryo-stocks', {
          parentId: derivedA.id,
          barcode: 'CRYO-0001',
          location: 'LN2 tank 1, rack 3, box 2, A4',
          passageAtFreezing: 12,
          vialCount: 6,
        }).expect(201)
      ).body;
    });

    it('records parental and derived lines with inherited species, agent and dose in molar units', () => {
      expect(parental).toMatchObject({
        kind: 'cell-line',
        parentId: null,
        status: 'available',
        frozen: null,
        freezeThawCount: null,
        createdBy: sci.id,
        attributes: {
          lineType: 'parental',
          species: 'Oryctolagus cuniculus',
          passageNumber: 4,
          selectionAgent: null,
          currentDose: null,
          selectionHistory: [],
        },
      });
      expect(derivedA).toMatchObject({
        parentId: parental.id,
        attributes: {
          lineType: 'derived',
          species: 'Oryctolagus cuniculus',
          tissue: 'synovium',
          selectionAgent: '6-TG',
          currentDose: { value: 0.5, unit: 'µM' },
          selectionHistory: [
            { dose: { value: 0.5, unit: 'µM' }, passageNumber: 5, source: 'registration' },
          ],
        },
      });
      expect(derivedA.attributes.currentDose.valueMolar).toBeCloseTo(5e-7, 18);
      expect(derivedB.attributes.currentDose.valueMolar).toBeCloseTo(2.5e-7, 18);
      expect(derivedB.createdBy).toBe(mgr.id);
    });

    it('freezes a cryo-stock at the population’s dose, frozen, with no thaw yet', () => {
      expect(cryo).toMatchObject({
        kind: 'cryo-stock',
        name: 'HIG-82 6-TG-R1 P12 cryo',
        parentId: derivedA.id,
        location: 'LN2 tank 1, rack 3, box 2, A4',
        frozen: true,
        freezeThawCount: 0,
        attributes: {
          passageAtFreezing: 12,
          vialCount: 6,
          doseAtFreezing: { value: 0.5, unit: 'µM' },
        },
      });
    });

    it('walks the lineage up from the cryo-stock to the parental root', async () => {
      const res = await get(`/${cryo.id}/lineage`).expect(200);
      expect(res.body).toMatchObject({
        materialId: cryo.id,
        rootId: parental.id,
        ancestors: [derivedA.id, parental.id],
        descendants: [],
        truncated: false,
      });
      expect(res.body.nodes.map((n: Body) => [n.id, n.depth])).toEqual([
        [parental.id, -2],
        [derivedA.id, -1],
        [cryo.id, 0],
      ]);
      expect(res.body.edges).toEqual(
        expect.arrayContaining([
          { parentId: parental.id, childId: derivedA.id },
          { parentId: derivedA.id, childId: cryo.id },
        ]),
      );
      expect(res.body.edges).toHaveLength(2);
    });

    it('walks the lineage down from the parental line to both populations and the stock', async () => {
      const res = await get(`/${parental.id}/lineage`).expect(200);
      expect(res.body.ancestors).toEqual([]);
      expect(res.body.rootId).toBe(parental.id);
      expect(res.body.descendants.slice(0, 2).sort()).toEqual([derivedA.id, derivedB.id].sort());
      expect(res.body.descendants[2]).toBe(cryo.id);
      const depth = Object.fromEntries(res.body.nodes.map((n: Body) => [n.id, n.depth]));
      expect(depth).toEqual({ [parental.id]: 0, [derivedA.id]: 1, [derivedB.id]: 1, [cryo.id]: 2 });
      expect(res.body.edges).toHaveLength(3);
      expect(res.body.edges).toContainEqual({ parentId: derivedA.id, childId: cryo.id });
    });

    it('shows a sibling population its parent but not its sibling', async () => {
      const res = await get(`/${derivedB.id}/lineage`).expect(200);
      expect(res.body.ancestors).toEqual([parental.id]);
      expect(res.body.descendants).toEqual([]);
      expect(res.body.nodes.map((n: Body) => n.id)).not.toContain(derivedA.id);
    });

    it('revives a population from the cryo-stock at its dose at freezing', async () => {
      const revived = await post('/cell-lines', {
        name: 'HIG-82 6-TG-R1 revived',
        parentId: cryo.id,
        passageNumber: 13,
      }).expect(201);
      expect(revived.body.attributes).toMatchObject({
        lineType: 'derived',
        species: 'Oryctolagus cuniculus',
        currentDose: { value: 0.5, unit: 'µM' },
      });
      const down = await get(`/${parental.id}/lineage`).expect(200);
      expect(down.body.nodes.find((n: Body) => n.id === revived.body.id).depth).toBe(3);
    });

    it('finds materials by barcode and refuses a duplicate barcode naming the field', async () => {
      const found = await get('/by-barcode/CRYO-0001', inst).expect(200);
      expect(found.body.id).toBe(cryo.id);
      await get('/by-barcode/NOPE-404').expect(404);
      const before = await auditCount();
      const dup = await post('/cell-lines', {
        name: 'another',
        barcode: 'CL-0001',
        species: 'Homo sapiens',
        passageNumber: 1,
      }).expect(409);
      expect(dup.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(dup.body).toMatchObject({
        code: 'BARCODE_TAKEN',
        errors: [{ field: 'barcode', code: 'BARCODE_TAKEN' }],
      });
      expect(await auditCount()).toBe(before);
      const patched = await t
        .http()
        .patch(`/api/v1/materials/${derivedB.id}`)
        .set(as(sci))
        .send({ barcode: 'CL-0002' })
        .expect(409);
      expect(patched.body.errors[0]).toMatchObject({ field: 'barcode', code: 'BARCODE_TAKEN' });
    });

    it('refuses an unknown parent, a parent of the wrong kind and a non-molar dose', async () => {
      const unknown = await post('/cell-lines', {
        name: 'orphan',
        parentId: '7d7c1a32-5b0e-4f43-9d0e-1f2f3a4b5c6d',
        passageNumber: 1,
      }).expect(422);
      expect(unknown.body).toMatchObject({
        code: 'UNKNOWN_MATERIAL',
        errors: [{ field: 'parentId', code: 'UNKNOWN_MATERIAL' }],
      });
      const aliquotOfLine = await post(`/${derivedA.id}/aliquots`, {
        aliquots: [{ volumeMicrolitres: 100 }],
      }).expect(422);
      expect(aliquotOfLine.body).toMatchObject({
        code: 'PARENT_KIND_NOT_ALLOWED',
        errors: [{ field: 'id', code: 'PARENT_KIND_NOT_ALLOWED' }],
      });
      expect(aliquotOfLine.body.detail).toMatch(/fecal-aliquot must be a fecal-sample/);
      const cryoOfCryo = await post('/cryo-stocks', {
        parentId: cryo.id,
        location: 'x',
        passageAtFreezing: 1,
      }).expect(422);
      expect(cryoOfCryo.body.errors[0]).toMatchObject({
        field: 'parentId',
        code: 'PARENT_KIND_NOT_ALLOWED',
      });
      const badUnit = await post('/cell-lines', {
        name: 'R3',
        parentId: parental.id,
        passageNumber: 5,
        currentDose: { value: 5, unit: 'ng/mL' },
      }).expect(400);
      expect(badUnit.body).toMatchObject({
        code: 'VALIDATION_FAILED',
        errors: [{ field: 'currentDose.unit', code: 'MOLAR_UNIT' }],
      });
      const parentalDose = await post('/cell-lines', {
        name: 'P2',
        species: 'Homo sapiens',
        passageNumber: 1,
        currentDose: { value: 1, unit: 'µM' },
      }).expect(400);
      expect(parentalDose.body.errors).toEqual([
        expect.objectContaining({ field: 'currentDose', code: 'DERIVED_ONLY' }),
      ]);
      const noSpecies = await post('/cell-lines', { name: 'P3', passageNumber: 1 }).expect(400);
      expect(noSpecies.body.errors[0]).toMatchObject({
        field: 'species',
        code: 'REQUIRED_FOR_PARENTAL',
      });
    });

    it('edits a population, appending a dose change to its selection history, audited', async () => {
      const res = await t
        .http()
        .patch(`/api/v1/materials/${derivedB.id}`)
        .set(as(sci))
        .send({ currentDose: { value: 0.375, unit: 'µM' }, passageNumber: 8, reason: 'step-up' })
        .expect(200);
      expect(res.body.attributes.currentDose).toMatchObject({ value: 0.375, unit: 'µM' });
      expect(res.body.attributes.passageNumber).toBe(8);
      expect(res.body.attributes.selectionHistory).toHaveLength(2);
      expect(res.body.attributes.selectionHistory[1]).toMatchObject({
        source: 'update',
        reason: 'step-up',
        passageNumber: 8,
      });
      const events = await audit(derivedB.id);
      expect(events.map((e) => e.action)).toEqual(['create', 'update']);
      expect(events[0]).toMatchObject({ actorName: 'mona', before: null });
      expect(events[1]).toMatchObject({
        actorName: 'sam',
        reason: 'step-up',
        before: { attributes: { passageNumber: 5, currentDose: { value: 250, unit: 'nM' } } },
        after: { attributes: { passageNumber: 8, currentDose: { value: 0.375, unit: 'µM' } } },
      });

      // The same dose in another unit changes nothing and writes nothing.
      const before = await auditCount();
      await t
        .http()
        .patch(`/api/v1/materials/${derivedB.id}`)
        .set(as(sci))
        .send({ currentDose: { value: 375, unit: 'nM' } })
        .expect(200);
      expect(await auditCount()).toBe(before);
    });

    it('validates a PATCH against the kind: unknown fields, status and location are refused', async () => {
      const res = await t
        .http()
        .patch(`/api/v1/materials/${cryo.id}`)
        .set(as(sci))
        .send({ location: 'elsewhere', status: 'discarded', vialCount: 0 })
        .expect(400);
      expect(res.body.errors).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ field: 'location', code: 'UNKNOWN_FIELD' }),
          expect.objectContaining({ field: 'status', code: 'UNKNOWN_FIELD' }),
          expect.objectContaining({ field: 'vialCount', code: 'MIN' }),
        ]),
      );
      const parentalSelection = await t
        .http()
        .patch(`/api/v1/materials/${parental.id}`)
        .set(as(sci))
        .send({ selectionAgent: '6-MP' })
        .expect(400);
      expect(parentalSelection.body.errors[0]).toMatchObject({
        field: 'selectionAgent',
        code: 'DERIVED_ONLY',
      });
      const got = await get(`/${cryo.id}`).expect(200);
      expect(got.body).toMatchObject({
        location: 'LN2 tank 1, rack 3, box 2, A4',
        status: 'available',
      });
    });

    it('gives the runs module its materials in one call, naming each unknown id', async () => {
      const service = t.app.get(MaterialsService);
      const uow = t.app.get(UnitOfWork);
      const missing = '0b4a7f5e-4a57-4f43-9d0e-aaaaaaaaaaaa';
      const ok = await uow.run((m) => service.requireMaterials(m, [cryo.id, parental.id]));
      expect(ok.map((x) => x.id)).toEqual([cryo.id, parental.id]);
      const err = await uow
        .run((m) => service.requireMaterials(m, [parental.id, missing], 'materialIds'))
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(DomainError);
      expect(err).toMatchObject({
        code: 'UNKNOWN_MATERIAL',
        errors: [{ field: 'materialIds[1]', code: 'UNKNOWN_MATERIAL' }],
      });
    });

    it('moves a derived population to a new dose for the passage log, audited', async () => {
      const service = t.app.get(MaterialsService);
      const uow = t.app.get(UnitOfWork);
      const actor = {
        userId: sci.id,
        username: 'sam',
        displayName: 'sam',
        roles: ['scientist' as const],
        apiKeyId: 'test',
      };
      const step = (id: string, value: number, unit: string, passageNumber: number) =>
        uow
          .run((m) =>
            service.updateCurrentDose(
              m,
              actor,
              id,
              { value, unit, passageNumber, source: 'run:r1', reason: 'rule step-up' },
              'materials',
            ),
          )
          .catch((e: unknown) => e as DomainError);
      const stepped = await step(derivedA.id, 0.75, 'µM', 14);
      expect(stepped).toMatchObject({
        attributes: { passageNumber: 14, currentDose: { value: 0.75, unit: 'µM' } },
      });
      const held = await step(derivedA.id, 750, 'nM', 15);
      expect(held).toMatchObject({ attributes: { passageNumber: 15 } });
      const now = (await get(`/${derivedA.id}`).expect(200)).body.attributes;
      expect(now.selectionHistory.map((h: Body) => [h.dose.value, h.source])).toEqual([
        [0.5, 'registration'],
        [0.75, 'run:r1'],
      ]);
      expect((await audit(derivedA.id)).map((e) => e.action)).toEqual([
        'create',
        'update-dose',
        'update-passage',
      ]);
      expect(await step(parental.id, 1, 'µM', 5)).toMatchObject({
        code: 'VALIDATION_FAILED',
        errors: [{ field: 'materials', code: 'NOT_A_DERIVED_POPULATION' }],
      });
      expect(await step(derivedA.id, 1, 'mg/L', 16)).toMatchObject({
        code: 'VALIDATION_FAILED',
        errors: [{ field: 'dose.unit', code: 'UNIT_NOT_MOLAR' }],
      });
      expect(await step(cryo.id, 1, 'µM', 16)).toMatchObject({
        errors: [{ field: 'materials[0]', code: 'MATERIAL_KIND_NOT_ALLOWED' }],
      });
    });
  });
});
