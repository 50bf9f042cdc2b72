import {
  bootMaterialsWorld,
  donorBody,
  materialsApi,
  MaterialsWorld,
  User,
} from './support/materials-world';
import type { TestApp } from './support/test-app';

describe('materials: donors, pseudonymous codes only, drug-level flags', () => {
  let w: MaterialsWorld;
  let t: TestApp;
  let sci: User;
  let mgr: User;
  const { as, post, get } = materialsApi(() => w);

  beforeAll(async () => {
    w = await bootMaterialsWorld();
    ({ t, sci, mgr } = w);
  });
  afterAll(() => t.close());

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
        // The random request id may contain any digits ('…-3c271961ad62'): leave it out.
        const { requestId, ...echoed } = res.body as { requestId: string };
        expect(typeof requestId).toBe('string');
        const text = JSON.stringify(echoed);
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
});
