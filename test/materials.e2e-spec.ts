import { UnitOfWork } from '../src/common/database/unit-of-work.service';
import { DomainError } from '../src/common/errors/domain.error';
import { MaterialsService } from '../src/materials/materials.service';
import { createTestApp, createUserWithKey, TestApp } from './support/test-app';

type Body = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('materials: kinds, lineage, barcodes, donor privacy, chain of custody', () => {
  let t: TestApp;
  let sci: { id: string; key: string };
  let mgr: { id: string; key: string };
  let inst: { id: string; key: string };
  const as = (u: { key: string }) => ({ Authorization: `Bearer ${u.key}` });
  const admin = () => ({ Authorization: `Bearer ${t.adminKey}` });
  const post = (path: string, body: object, user = sci) =>
    t.http().post(`/api/v1/materials${path}`).set(as(user)).send(body);
  const get = (path: string, user = sci) => t.http().get(`/api/v1/materials${path}`).set(as(user));
  const audit = async (id: string): Promise<Body[]> =>
    (await t.http().get('/api/v1/audit').query({ entity: 'material', id }).set(admin()).expect(200))
      .body;
  const auditCount = async (): Promise<number> =>
    (await t.http().get('/api/v1/audit').query({ limit: 1000 }).set(admin()).expect(200)).body
      .length;

  const donorBody = (code: string, extra: object = {}) => ({
    code,
    condition: 'RA',
    responderStatus: 'non-responder',
    samplingTimepoint: 'pre-azathioprine',
    consentReference: 'ETH-2023-114/C07',
    ...extra,
  });

  beforeAll(async () => {
    t = await createTestApp();
    sci = await createUserWithKey(t, 'sam', ['scientist']);
    mgr = await createUserWithKey(t, 'mona', ['manager']);
    inst = await createUserWithKey(t, 'reader1', ['instrument']);
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

  describe('donors: pseudonymous codes only, drug-level flags', () => {
    const donorCount = async () =>
      (await get('/').query({ kind: 'donor', limit: 1 }).expect(200)).body.total as number;

    it('registers a donor and flags 6-TGN and 6-MMP against the ranges', async () => {
      const res = await post(
        '/donors',
        donorBody('RA-D001', {
          tpmtGenotype: '*1/*3A',
          nudt15Genotype: '*1/*1',
          tgnPmolPer8e8Rbc: 512,
          mmpPmolPer8e8Rbc: 6100,
        }),
      ).expect(201);
      expect(res.body).toMatchObject({
        kind: 'donor',
        name: 'RA-D001',
        parentId: null,
        attributes: {
          condition: 'RA',
          responderStatus: 'non-responder',
          samplingTimepoint: 'pre-azathioprine',
          consentReference: 'ETH-2023-114/C07',
          tpmtGenotype: '*1/*3A',
        },
        drugLevelFlags: {
          tgn: { value: 512, status: 'toxic', unit: 'pmol/8×10⁸ RBC' },
          mmp: { value: 6100, status: 'hepatotoxic-risk' },
        },
      });
      const therapeutic = await post(
        '/donors',
        donorBody('RA-D002', { responderStatus: 'responder', tgnPmolPer8e8Rbc: 300 }),
      ).expect(201);
      expect(therapeutic.body.drugLevelFlags).toEqual({
        tgn: expect.objectContaining({ status: 'therapeutic' }),
      });
      const none = await post('/donors', donorBody('RA-D003')).expect(201);
      expect(none.body.drugLevelFlags).toEqual({});
      const dup = await post('/donors', donorBody('RA-D001')).expect(409);
      expect(dup.body).toMatchObject({
        code: 'DONOR_CODE_TAKEN',
        errors: [{ field: 'code', code: 'DONOR_CODE_TAKEN' }],
      });
    });

    it('refuses names, e-mails and dates of birth, naming the field and never echoing the value', async () => {
      const before = await donorCount();
      const cases: [object, string, string][] = [
        [{ name: 'Jane Doe' }, 'name', 'PERSONAL_DATA_FIELD'],
        [{ email: 'jane.doe@example.org' }, 'email', 'PERSONAL_DATA_FIELD'],
        [{ dateOfBirth: '1961-04-12' }, 'dateOfBirth', 'PERSONAL_DATA_FIELD'],
        [{ notes: 'contact jane.doe@example.org' }, 'notes', 'EMAIL_NOT_ALLOWED'],
        [{ notes: 'born 12/04/1961' }, 'notes', 'DATE_OF_BIRTH_NOT_ALLOWED'],
      ];
      for (const [extra, field, code] of cases) {
        const res = await post('/donors', donorBody('RA-D010', extra)).expect(400);
        expect(res.body).toMatchObject({ code: 'PERSONAL_DATA_NOT_ALLOWED' });
        expect(res.body.errors).toContainEqual(expect.objectContaining({ field, code }));
        const text = JSON.stringify(res.body);
        for (const secret of ['Jane', 'jane.doe', '1961']) expect(text).not.toContain(secret);
      }
      const nameAsCode = await post('/donors', donorBody('Jane Doe')).expect(400);
      expect(nameAsCode.body).toMatchObject({
        code: 'PERSONAL_DATA_NOT_ALLOWED',
        errors: [{ field: 'code', code: 'DONOR_CODE_LOOKS_LIKE_NAME' }],
      });
      expect(JSON.stringify(nameAsCode.body)).not.toContain('Jane');
      const badCode = await post('/donors', donorBody('ab')).expect(400);
      expect(badCode.body).toMatchObject({
        code: 'VALIDATION_FAILED',
        errors: [{ field: 'code', code: 'DONOR_CODE_INVALID' }],
      });
      expect(await donorCount()).toBe(before);
    });

    it('applies the same refusal to a donor PATCH, and flags updated levels', async () => {
      const donor = (await post('/donors', donorBody('RA-D020')).expect(201)).body;
      const refused = await t
        .http()
        .patch(`/api/v1/materials/${donor.id}`)
        .set(as(sci))
        .send({ notes: 'phone Mr Smith' })
        .expect(400);
      expect(refused.body.errors[0]).toMatchObject({
        field: 'notes',
        code: 'PERSONAL_NAME_NOT_ALLOWED',
      });
      expect(JSON.stringify(refused.body)).not.toContain('Smith');
      const res = await t
        .http()
        .patch(`/api/v1/materials/${donor.id}`)
        .set(as(mgr))
        .send({ tgnPmolPer8e8Rbc: 120, responderStatus: 'unknown' })
        .expect(200);
      expect(res.body.drugLevelFlags.tgn.status).toBe('sub-therapeutic');
      expect(res.body.attributes.responderStatus).toBe('unknown');
      const cleared = await t
        .http()
        .patch(`/api/v1/materials/${donor.id}`)
        .set(as(mgr))
        .send({ tgnPmolPer8e8Rbc: null })
        .expect(200);
      expect(cleared.body.drugLevelFlags).toEqual({});
      const notNull = await t
        .http()
        .patch(`/api/v1/materials/${donor.id}`)
        .set(as(mgr))
        .send({ condition: null })
        .expect(400);
      expect(notNull.body.errors[0].field).toBe('condition');
    });
  });

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
      expect(chain.body.map((e: Body) => e.type)).toEqual([
        'registered',
        'thawed',
        'frozen',
        'moved',
        'thawed',
        'aliquoted',
      ]);
      expect(chain.body.map((e: Body) => e.freezeThawCountAfter)).toEqual([0, 1, 1, 1, 2, 2]);
      const aliquotChain = await get(`/${res.body.aliquots[0].id}/custody-events`).expect(200);
      expect(aliquotChain.body).toEqual([
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
      const events = async () => (await get(`/${sample.id}/custody-events`)).body.length as number;
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
      const chain: Body[] = (await get(`/${racer.id}/custody-events`).expect(200)).body;
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
