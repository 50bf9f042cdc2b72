import { bootRunsWorld, runsApi, RunsWorld, User } from './support/runs-world';
import { createUserWithKey, type TestApp } from './support/test-app';

describe('runs: creating a run', () => {
  let w: RunsWorld;
  let t: TestApp;
  let sam: User;
  let riVersion: string;
  let parental: string;
  let derived: string;
  let otherLine: string;
  let cryo: string;
  const { api, audit, newRun } = runsApi(() => w);

  beforeAll(async () => {
    w = await bootRunsWorld();
    ({ t, sam, riVersion, parental, derived, otherLine, cryo } = w);
  });
  afterAll(() => t.close());

  describe('creating a run', () => {
    it('validates parameters against the approved version, fills defaults, keeps the unit entered', async () => {
      const run = await newRun(sam, {
        parameters: { startDoseMicromolar: '250 nM', stepFactor: 2 },
        plannedStartAt: '2025-03-01T09:00:00+01:00',
        materials: [
          { materialId: parental, role: 'parental-line' },
          { materialId: derived, role: 'derived-population' },
        ],
      });
      expect(run).toMatchObject({
        status: 'planned',
        operatorId: sam.id,
        locked: false,
        allowedActions: ['start', 'cancel'],
        plannedStartAt: '2025-03-01T08:00:00.000Z',
        protocolKey: 'resistance-induction',
        protocolVersion: 1,
      });
      expect(run.parameters.startDoseMicromolar).toEqual({
        value: 0.25,
        unit: 'µM',
        entered: { value: 250, unit: 'nM' },
        source: 'entered',
      });
      expect(run.parameters.stepFactor).toMatchObject({ value: 2, source: 'entered' });
      expect(run.parameters.targetDoseMicromolar).toMatchObject({ value: 10, source: 'default' });
      expect(run.materials.map((m) => [m.role, m.name, m.kind])).toEqual([
        ['derived-population', 'HIG-82 6-TG-R1', 'cell-line'],
        ['parental-line', 'HIG-82 parental', 'cell-line'],
      ]);
      const trail = await audit('run', run.id);
      expect(trail.map((e) => e.action)).toEqual(['create']);
      expect(trail[0]).toMatchObject({ actorId: sam.id, before: null });
      expect(trail[0].after).toMatchObject({ status: 'planned', title: run.title });
    });

    it('refuses parameters out of bounds, in the wrong unit or unknown, naming each field and rule', async () => {
      const before = (await api(sam).get('/runs').expect(200)).body.total;
      const res = await api(sam)
        .post('/runs', {
          protocolVersionId: riVersion,
          title: 'bad parameters',
          materials: [{ materialId: parental, role: 'parental-line' }],
          parameters: {
            stepFactor: 5,
            startDoseMicromolar: { value: 1, unit: 'h' },
            targetDoseMicromolar: '10 mg/mL',
            stepDownRule: 'halve',
            sneaky: 1,
          },
        })
        .expect(400)
        .expect('content-type', /application\/problem\+json/);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      const problems = res.body.errors.map((e: { field: string; code: string }) => [
        e.field,
        e.code,
      ]);
      expect(problems).toEqual(
        expect.arrayContaining([
          ['parameters.stepFactor', 'ABOVE_MAXIMUM'],
          ['parameters.startDoseMicromolar', 'WRONG_UNIT_DIMENSION'],
          ['parameters.targetDoseMicromolar', 'WRONG_UNIT_DIMENSION'],
          ['parameters.stepDownRule', 'NOT_IN_OPTIONS'],
          ['parameters.sneaky', 'UNKNOWN_PARAMETER'],
        ]),
      );
      // A protocol constraint across two settings.
      const constraint = await api(sam)
        .post('/runs', {
          protocolVersionId: riVersion,
          title: 'thresholds crossed',
          materials: [{ materialId: parental, role: 'parental-line' }],
          parameters: { stepDownViabilityPercent: 80, stepUpViabilityPercent: 70 },
        })
        .expect(400);
      expect(constraint.body.errors[0]).toMatchObject({ code: 'CONSTRAINT_VIOLATED' });
      expect(constraint.body.errors[0].field).toMatch(
        /^parameters\.step(Down|Up)ViabilityPercent$/,
      );
      expect((await api(sam).get('/runs').expect(200)).body.total).toBe(before);
    });

    it('refuses unknown materials, wrong slots and kinds, and missing required materials', async () => {
      const unknown = await api(sam)
        .post('/runs', {
          protocolVersionId: riVersion,
          title: 'x',
          materials: [
            { materialId: parental, role: 'parental-line' },
            { materialId: '00000000-0000-4000-8000-000000000000', role: 'derived-population' },
          ],
        })
        .expect(422);
      expect(unknown.body).toMatchObject({
        code: 'UNKNOWN_MATERIAL',
        errors: [{ field: 'materials[1]', code: 'UNKNOWN_MATERIAL' }],
      });

      const slots = await api(sam)
        .post('/runs', {
          protocolVersionId: riVersion,
          title: 'x',
          materials: [
            { materialId: cryo, role: 'parental-line' },
            { materialId: otherLine, role: 'feeder-layer' },
          ],
        })
        .expect(400);
      expect(slots.body.errors).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            field: 'materials[0].materialId',
            code: 'MATERIAL_KIND_NOT_ALLOWED',
          }),
          expect.objectContaining({ field: 'materials[1].role', code: 'UNKNOWN_MATERIAL_ROLE' }),
        ]),
      );

      const missing = await api(sam)
        .post('/runs', {
          protocolVersionId: riVersion,
          title: 'x',
          materials: [
            { materialId: derived, role: 'derived-population' },
            { materialId: otherLine, role: 'derived-population' },
          ],
        })
        .expect(400);
      expect(missing.body.errors.map((e: { code: string }) => e.code).sort()).toEqual([
        'MISSING_REQUIRED_MATERIAL',
        'TOO_MANY_MATERIALS',
      ]);

      const badId = await api(sam)
        .post('/runs', {
          protocolVersionId: riVersion,
          title: 'x',
          materials: [{ materialId: 'not-a-uuid', role: 'parental-line' }],
        })
        .expect(400);
      expect(badId.body.errors[0]).toMatchObject({ field: 'materials.0.materialId' });
    });

    it('refuses an unknown or unapproved protocol version naming protocolVersionId', async () => {
      const unknown = await api(sam)
        .post('/runs', {
          protocolVersionId: '00000000-0000-4000-8000-000000000000',
          title: 'x',
          materials: [],
        })
        .expect(422);
      expect(unknown.body).toMatchObject({
        code: 'PROTOCOL_VERSION_NOT_APPROVED',
        errors: [{ field: 'protocolVersionId', code: 'NOT_FOUND' }],
      });
      // A new draft version of mtt-viability (copy of the approved one) cannot run.
      const protocols = (await api(sam).get('/protocols').expect(200)).body.items as {
        id: string;
        key: string;
      }[];
      const mtt = protocols.find((p) => p.key === 'mtt-viability');
      const draft = await api(sam).post(`/protocols/${mtt?.id}/versions`).expect(201);
      expect(draft.body.status).toBe('draft');
      const refused = await api(sam)
        .post('/runs', {
          protocolVersionId: draft.body.id,
          title: 'x',
          materials: [{ materialId: parental, role: 'cell-lines' }],
        })
        .expect(422);
      expect(refused.body).toMatchObject({
        code: 'PROTOCOL_VERSION_NOT_APPROVED',
        errors: [{ field: 'protocolVersionId', code: 'NOT_APPROVED' }],
      });
    });

    it('refuses an unknown operator and dates out of order', async () => {
      const res = await api(sam)
        .post('/runs', {
          protocolVersionId: riVersion,
          title: 'x',
          materials: [{ materialId: parental, role: 'parental-line' }],
          operatorId: '00000000-0000-4000-8000-000000000000',
          plannedStartAt: '2025-03-02T00:00:00Z',
          plannedEndAt: '2025-03-01T00:00:00Z',
        })
        .expect(400);
      expect(
        res.body.errors.map((e: { field: string; code: string }) => [e.field, e.code]),
      ).toEqual(
        expect.arrayContaining([
          ['operatorId', 'UNKNOWN_USER'],
          ['plannedEndAt', 'END_BEFORE_START'],
        ]),
      );
    });

    it('needs the scientist or manager role', async () => {
      const admin = await api(t.adminKey).get('/runs').expect(200);
      expect(admin.body.total).toBeGreaterThanOrEqual(0);
      const instrument = await createUserWithKey(t, 'reader-1', ['instrument']);
      await api(instrument).get('/runs').expect(403);
    });
  });
});
