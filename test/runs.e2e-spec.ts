import {
  approvedVersionId,
  bearer,
  createDerivedPopulation,
  createParentalLine,
  SIGN_PASSWORD,
} from './support/runs-fixtures';
import { createTestApp, createUserWithKey, TestApp } from './support/test-app';

type User = { id: string; key: string; password: string };
type Run = {
  id: string;
  status: string;
  operatorId: string;
  locked: boolean;
  allowedActions: string[];
  parameters: Record<string, { value: unknown; unit?: string; source: string; entered?: unknown }>;
  materials: { materialId: string; role: string; kind: string; name: string }[];
  notes: string | null;
  title: string;
  actualStartAt: string | null;
  actualEndAt: string | null;
  signatures: { meaning: string; signerId: string; contentHash: string; reason: string }[];
};

describe('runs: lifecycle, review signatures, amendments, deviations and lists', () => {
  let t: TestApp;
  let sam: User; // scientist, operator of most runs
  let sue: User; // second scientist
  let mia: User; // manager, reviewer
  let max: User; // second manager
  let riVersion: string;
  let mttVersion: string;
  let parental: string;
  let derived: string;
  let otherLine: string;
  let cryo: string;

  const api = (u: User | string) => {
    const key = typeof u === 'string' ? u : u.key;
    return {
      get: (path: string) => t.http().get(`/api/v1${path}`).set(bearer(key)),
      post: (path: string, body: object = {}) =>
        t.http().post(`/api/v1${path}`).set(bearer(key)).send(body),
      patch: (path: string, body: object) =>
        t.http().patch(`/api/v1${path}`).set(bearer(key)).send(body),
    };
  };
  const sign = (reason = 'reviewed the raw data and the log') => ({
    password: SIGN_PASSWORD,
    reason,
  });
  const audit = async (entity: string, id: string) =>
    (await api(mia).get(`/audit?entity=${entity}&id=${id}`).expect(200)).body as {
      action: string;
      before: Record<string, unknown> | null;
      after: Record<string, unknown> | null;
      reason: string | null;
      actorId: string | null;
    }[];

  const newRun = async (
    by: User,
    extra: Record<string, unknown> = {},
    materials = [{ materialId: parental, role: 'parental-line' }],
  ): Promise<Run> =>
    (
      await api(by)
        .post('/runs', {
          protocolVersionId: riVersion,
          title: 'HIG-82 6-TG selection',
          materials,
          ...extra,
        })
        .expect(201)
    ).body as Run;

  const walk = async (run: Run, steps: [User, string, object?][]): Promise<Run> => {
    let current = run;
    for (const [who, action, body] of steps) {
      const res = await api(who).post(`/runs/${run.id}/${action}`, body ?? {});
      if (res.status !== 200) {
        throw new Error(`${action}: ${res.status} ${JSON.stringify(res.body)}`);
      }
      current = res.body as Run;
    }
    return current;
  };

  beforeAll(async () => {
    t = await createTestApp();
    sam = await createUserWithKey(t, 'sam', ['scientist']);
    sue = await createUserWithKey(t, 'sue', ['scientist']);
    mia = await createUserWithKey(t, 'mia', ['manager']);
    max = await createUserWithKey(t, 'max', ['manager']);
    riVersion = await approvedVersionId(t, 'resistance-induction', sam.key);
    mttVersion = await approvedVersionId(t, 'mtt-viability', sam.key);
    parental = await createParentalLine(t, sam.key, 'HIG-82 parental');
    derived = await createDerivedPopulation(t, sam.key, parental, 'HIG-82 6-TG-R1');
    otherLine = await createParentalLine(t, sam.key, 'RASF-07 parental');
    const frozen = await api(sam)
      .post('/materials/cryo-stocks', {
        parentId: derived,
        location: 'LN2 tank 1, rack 2',
        passageAtFreezing: 6,
      })
      .expect(201);
    cryo = frozen.body.id;
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
      const protocols = (await api(sam).get('/protocols').expect(200)).body as {
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

  describe('the lifecycle', () => {
    it('walks planned → in_progress → completed → in_review → approved, signed and locked', async () => {
      let run = await newRun(sam);
      const edited = await api(sam)
        .patch(`/runs/${run.id}`, { title: 'Selection batch 7', notes: 'flask T75 #3' })
        .expect(200);
      expect(edited.body).toMatchObject({ title: 'Selection batch 7', notes: 'flask T75 #3' });

      run = await walk(run, [[sam, 'start', { actualStartAt: '2025-03-03T08:30:00Z' }]]);
      expect(run).toMatchObject({
        status: 'in_progress',
        actualStartAt: '2025-03-03T08:30:00.000Z',
      });
      await api(sam).patch(`/runs/${run.id}`, { notes: 'day 2: medium changed' }).expect(200);
      run = await walk(run, [
        [sam, 'complete', { actualEndAt: '2025-03-20T17:00:00Z' }],
        [sam, 'submit'],
      ]);
      expect(run).toMatchObject({ status: 'in_review', allowedActions: ['approve', 'return'] });

      run = await walk(run, [[mia, 'approve', sign('data complete, approved')]]);
      expect(run).toMatchObject({ status: 'approved', locked: true, allowedActions: [] });
      expect(run.signatures).toHaveLength(1);
      expect(run.signatures[0]).toMatchObject({
        meaning: 'approved',
        signerId: mia.id,
        reason: 'data complete, approved',
      });
      expect(run.signatures[0].contentHash).toMatch(/^[0-9a-f]{64}$/);

      const trail = await audit('run', run.id);
      expect(trail.map((e) => e.action)).toEqual([
        'create',
        'update',
        'start',
        'update',
        'complete',
        'submit',
        'sign:approved',
        'approve',
      ]);
      expect(trail[1]).toMatchObject({
        before: { title: 'HIG-82 6-TG selection', notes: null },
        after: { title: 'Selection batch 7', notes: 'flask T75 #3' },
      });
      expect(trail[7]).toMatchObject({
        before: { status: 'in_review' },
        after: { status: 'approved', approvedById: mia.id },
        reason: 'data complete, approved',
      });
    });

    it('returns a run with signed comments, then reopens, completes and approves it', async () => {
      let run = await newRun(sam);
      run = await walk(run, [
        [sam, 'start'],
        [sam, 'complete'],
        [sam, 'submit'],
        [mia, 'return', sign('passage 4 viability missing')],
      ]);
      expect(run).toMatchObject({
        status: 'returned',
        reviewComments: 'passage 4 viability missing',
        allowedActions: ['complete', 'reopen'],
      });
      expect(run.signatures.map((s) => s.meaning)).toEqual(['reviewed']);
      const locked = await api(sam).patch(`/runs/${run.id}`, { notes: 'x' }).expect(409);
      expect(locked.body.code).toBe('RUN_NOT_EDITABLE');

      const noReason = await api(sam).post(`/runs/${run.id}/reopen`, {}).expect(400);
      expect(noReason.body.errors[0]).toMatchObject({ field: 'reason' });
      run = await walk(run, [[sam, 'reopen', { reason: 'add passage 4 viability' }]]);
      expect(run.status).toBe('in_progress');
      await api(sam).patch(`/runs/${run.id}`, { notes: 'P4 viability 81 %' }).expect(200);
      run = await walk(run, [
        [sam, 'complete'],
        [sam, 'submit'],
        [max, 'approve', sign()],
      ]);
      expect(run.status).toBe('approved');
      expect(run.signatures.map((s) => s.meaning)).toEqual(['reviewed', 'approved']);
      const actions = (await audit('run', run.id)).map((e) => e.action);
      expect(actions).toContain('reopen');
      expect((await audit('run', run.id)).find((e) => e.action === 'reopen')?.reason).toBe(
        'add passage 4 viability',
      );
    });

    it('completes a returned run straight away when the comments need no data change', async () => {
      let run = await newRun(sam);
      run = await walk(run, [
        [sam, 'start'],
        [sam, 'complete'],
        [sam, 'submit'],
        [mia, 'return', sign('please confirm the operator')],
        [sam, 'complete'],
        [sam, 'submit'],
        [mia, 'approve', sign()],
      ]);
      expect(run.status).toBe('approved');
    });

    it('reopens a completed run before submission', async () => {
      let run = await newRun(sam);
      run = await walk(run, [
        [sam, 'start', { actualStartAt: '2025-03-01T08:00:00Z' }],
        [sam, 'complete', { actualEndAt: '2025-03-05T17:00:00Z' }],
        [sam, 'reopen', { reason: 'forgot the last count' }],
      ]);
      expect(run).toMatchObject({ status: 'in_progress', actualEndAt: '2025-03-05T17:00:00.000Z' });
      // Completed again: the work ended now, not at the first completion.
      run = await walk(run, [[sam, 'complete']]);
      expect(run.actualEndAt).not.toBe('2025-03-05T17:00:00.000Z');
      const early = await api(sam)
        .post(`/runs/${run.id}/reopen`, { reason: 'fix the end date' })
        .expect(200);
      expect(early.body.status).toBe('in_progress');
      const backwards = await api(sam)
        .post(`/runs/${run.id}/complete`, { actualEndAt: '2025-02-01T00:00:00Z' })
        .expect(400);
      expect(backwards.body.errors[0]).toMatchObject({
        field: 'actualEndAt',
        code: 'END_BEFORE_START',
      });
    });

    it('cancels planned and in-progress runs with a reason, and nothing after', async () => {
      const planned = await newRun(sam);
      const noReason = await api(sam).post(`/runs/${planned.id}/cancel`, {}).expect(400);
      expect(noReason.body.errors[0]).toMatchObject({ field: 'reason' });
      const cancelled = await walk(planned, [[sam, 'cancel', { reason: 'cells contaminated' }]]);
      expect(cancelled).toMatchObject({ status: 'cancelled', cancelReason: 'cells contaminated' });
      const dead = await api(sam).post(`/runs/${planned.id}/start`).expect(409);
      expect(dead.body).toMatchObject({
        code: 'ILLEGAL_TRANSITION',
        from: 'cancelled',
        to: 'in_progress',
        allowedActions: [],
      });
      await api(sam).patch(`/runs/${planned.id}`, { notes: 'x' }).expect(409);

      const started = await walk(await newRun(sam), [[sam, 'start']]);
      const gone = await walk(started, [[sam, 'cancel', { reason: 'incubator failure' }]]);
      expect(gone.status).toBe('cancelled');
    });

    it('refuses illegal transitions with 409 naming from and to', async () => {
      const run = await newRun(sam);
      const cases: [string, string, string, object?][] = [
        ['complete', 'planned', 'completed'],
        ['submit', 'planned', 'in_review'],
        ['approve', 'planned', 'approved', sign()],
        ['reopen', 'planned', 'in_progress', { reason: 'why not' }],
      ];
      for (const [action, from, to, body] of cases) {
        const who = action === 'approve' ? mia : sam;
        const res = await api(who)
          .post(`/runs/${run.id}/${action}`, body ?? {})
          .expect(409);
        expect(res.body).toMatchObject({
          code: 'ILLEGAL_TRANSITION',
          action,
          from,
          to,
          allowedActions: ['start', 'cancel'],
          errors: [{ field: 'status', code: 'ILLEGAL_TRANSITION' }],
        });
      }
      await walk(run, [[sam, 'start']]);
      const submit = await api(sam).post(`/runs/${run.id}/submit`).expect(409);
      expect(submit.body).toMatchObject({ from: 'in_progress', to: 'in_review' });
      const again = await api(sam).post(`/runs/${run.id}/start`).expect(409);
      expect(again.body).toMatchObject({ from: 'in_progress', to: 'in_progress' });
      expect((await api(sam).get(`/runs/${run.id}`).expect(200)).body.status).toBe('in_progress');
    });

    it('refuses self-approval, scientists signing, and a wrong password, changing nothing', async () => {
      // The manager operates this run, so another manager must review it.
      let run = await newRun(sam, { operatorId: mia.id });
      expect(run.operatorId).toBe(mia.id);
      run = await walk(run, [
        [mia, 'start'],
        [mia, 'complete'],
        [mia, 'submit'],
      ]);
      const self = await api(mia).post(`/runs/${run.id}/approve`, sign()).expect(403);
      expect(self.body).toMatchObject({
        code: 'SELF_APPROVAL_FORBIDDEN',
        from: 'in_review',
        to: 'approved',
      });
      const selfReturn = await api(mia).post(`/runs/${run.id}/return`, sign()).expect(403);
      expect(selfReturn.body.code).toBe('SELF_APPROVAL_FORBIDDEN');
      const scientist = await api(sue).post(`/runs/${run.id}/approve`, sign()).expect(403);
      expect(scientist.body.code).toBe('FORBIDDEN_ROLE');
      const auditBefore = await audit('run', run.id);

      const wrong = await api(max)
        .post(`/runs/${run.id}/approve`, { password: 'not my password', reason: 'looks fine' })
        .expect(403);
      expect(wrong.body).toMatchObject({
        code: 'REAUTHENTICATION_FAILED',
        errors: [{ field: 'password', code: 'WRONG_PASSWORD' }],
      });
      const unchanged = (await api(max).get(`/runs/${run.id}`).expect(200)).body as Run;
      expect(unchanged.status).toBe('in_review');
      expect(unchanged.signatures).toEqual([]);
      expect(await audit('run', run.id)).toEqual(auditBefore);

      const noPassword = await api(max)
        .post(`/runs/${run.id}/approve`, { reason: 'looks fine' })
        .expect(400);
      expect(noPassword.body.errors[0]).toMatchObject({ field: 'password' });

      const ok = await walk(run, [[max, 'approve', sign()]]);
      expect(ok.status).toBe('approved');
    });
  });

  describe('after approval', () => {
    let run: Run;

    beforeAll(async () => {
      run = await newRun(sam, {
        notes: 'original notes',
        materials: [
          { materialId: parental, role: 'parental-line' },
          { materialId: derived, role: 'derived-population' },
        ],
      });
      run = await walk(run, [
        [sam, 'start'],
        [sam, 'complete'],
        [sam, 'submit'],
        [mia, 'approve', sign()],
      ]);
    });

    it('is immutable: PATCH, passages and deviations answer 409 RUN_LOCKED', async () => {
      const patch = await api(sam).patch(`/runs/${run.id}`, { notes: 'edited' }).expect(409);
      expect(patch.body).toMatchObject({
        code: 'RUN_LOCKED',
        errors: [{ field: 'status', code: 'RUN_LOCKED' }],
      });
      const deviation = await api(sam)
        .post(`/runs/${run.id}/deviations`, {
          description: 'x happened',
          reason: 'y',
          severity: 'minor',
        })
        .expect(400); // reason too short: validation comes first
      expect(deviation.body.errors[0]).toMatchObject({ field: 'reason' });
      const locked = await api(sam)
        .post(`/runs/${run.id}/deviations`, {
          description: 'x happened',
          reason: 'found late',
          severity: 'minor',
        })
        .expect(409);
      expect(locked.body.code).toBe('RUN_LOCKED');
      const passage = await api(sam)
        .post(`/runs/${run.id}/passages`, {
          passageNumber: 1,
          date: '2025-03-04',
          dose: { value: 0.25, unit: 'µM' },
          viabilityPercent: 80,
        })
        .expect(409);
      expect(passage.body.code).toBe('RUN_LOCKED');
      expect((await api(sam).get(`/runs/${run.id}`).expect(200)).body.notes).toBe('original notes');
    });

    it('changes only through an amendment approved by another manager, audited before/after', async () => {
      const notApproved = await newRun(sam);
      const early = await api(sam)
        .post(`/runs/${notApproved.id}/amendments`, {
          changes: { notes: 'x' },
          reason: 'not yet approved',
        })
        .expect(409);
      expect(early.body.code).toBe('RUN_NOT_APPROVED');

      const invalid = await api(max)
        .post(`/runs/${run.id}/amendments`, {
          changes: { parameters: { stepFactor: 9 } },
          reason: 'typo in the step factor',
        })
        .expect(400);
      expect(invalid.body.errors[0]).toMatchObject({
        field: 'parameters.stepFactor',
        code: 'ABOVE_MAXIMUM',
      });
      const noop = await api(max)
        .post(`/runs/${run.id}/amendments`, {
          changes: { notes: 'original notes' },
          reason: 'nothing really',
        })
        .expect(400);
      expect(noop.body.errors[0]).toMatchObject({ field: 'changes', code: 'NO_CHANGE' });

      const requested = await api(max)
        .post(`/runs/${run.id}/amendments`, {
          changes: { notes: 'corrected notes', parameters: { stepFactor: 1.8 } },
          reason: 'transcription error in the notes and the step factor',
        })
        .expect(201);
      const amendment = requested.body;
      expect(amendment).toMatchObject({
        status: 'pending',
        requestedById: max.id,
        before: { notes: 'original notes' },
        after: { notes: 'corrected notes' },
      });
      expect(amendment.before.parameters.stepFactor.value).toBe(1.5);
      expect(amendment.after.parameters.stepFactor.value).toBe(1.8);
      // Nothing changes until it is approved.
      expect((await api(sam).get(`/runs/${run.id}`).expect(200)).body.notes).toBe('original notes');
      const second = await api(sam)
        .post(`/runs/${run.id}/amendments`, { changes: { notes: 'x' }, reason: 'another one' })
        .expect(409);
      expect(second.body.code).toBe('AMENDMENT_PENDING');

      const self = await api(max).post(`/amendments/${amendment.id}/approve`, sign()).expect(403);
      expect(self.body.code).toBe('SELF_APPROVAL_FORBIDDEN');
      await api(sam).post(`/amendments/${amendment.id}/approve`, sign()).expect(403);
      const wrong = await api(mia)
        .post(`/amendments/${amendment.id}/approve`, { password: 'nope', reason: 'fine' })
        .expect(403);
      expect(wrong.body.code).toBe('REAUTHENTICATION_FAILED');
      expect((await api(sam).get(`/amendments/${amendment.id}`).expect(200)).body.status).toBe(
        'pending',
      );

      const approved = await api(mia)
        .post(`/amendments/${amendment.id}/approve`, sign('checked against the bench book'))
        .expect(200);
      expect(approved.body).toMatchObject({
        status: 'approved',
        decidedById: mia.id,
        decisionReason: 'checked against the bench book',
      });
      expect(approved.body.signatureId).toEqual(expect.any(String));
      const after = (await api(sam).get(`/runs/${run.id}`).expect(200)).body as Run;
      expect(after).toMatchObject({ status: 'approved', locked: true, notes: 'corrected notes' });
      expect(after.parameters.stepFactor.value).toBe(1.8);

      const amend = (await audit('run', run.id)).find((e) => e.action === 'amend');
      expect(amend).toMatchObject({
        actorId: mia.id,
        reason: 'transcription error in the notes and the step factor',
        before: { amendmentId: amendment.id, notes: 'original notes' },
        after: { amendmentId: amendment.id, notes: 'corrected notes' },
      });
      const trail = (await audit('run_amendment', amendment.id)).map((e) => e.action);
      expect(trail).toEqual(['request', 'sign:amendment-approved', 'approve']);

      const again = await api(max).post(`/amendments/${amendment.id}/approve`, sign()).expect(409);
      expect(again.body.code).toBe('AMENDMENT_NOT_PENDING');
      const list = await api(sam).get(`/runs/${run.id}/amendments`).expect(200);
      expect(list.body.map((a: { id: string }) => a.id)).toEqual([amendment.id]);
    });

    it('keeps the run as it is when an amendment is rejected', async () => {
      const requested = await api(sam)
        .post(`/runs/${run.id}/amendments`, {
          changes: { title: 'renamed' },
          reason: 'nicer title',
        })
        .expect(201);
      const rejected = await api(max)
        .post(`/amendments/${requested.body.id}/reject`, sign('the title is fine'))
        .expect(200);
      expect(rejected.body.status).toBe('rejected');
      expect((await api(sam).get(`/runs/${run.id}`).expect(200)).body.title).toBe(run.title);
    });
  });

  describe('deviations', () => {
    it('are logged with a reason and severity while the run is open, and listed', async () => {
      const run = await walk(await newRun(sam), [[sam, 'start']]);
      const bad = await api(sam)
        .post(`/runs/${run.id}/deviations`, {
          description: 'incubator at 35 °C',
          reason: 'door left ajar',
          severity: 'huge',
        })
        .expect(400);
      expect(bad.body.errors[0]).toMatchObject({ field: 'severity', code: 'IS_IN' });
      const created = await api(sam)
        .post(`/runs/${run.id}/deviations`, {
          description: 'incubator at 35 °C overnight',
          reason: 'door left ajar',
          severity: 'major',
        })
        .expect(201);
      expect(created.body).toMatchObject({
        runId: run.id,
        kind: 'manual',
        severity: 'major',
        recordedById: sam.id,
      });
      const list = await api(mia).get(`/runs/${run.id}/deviations`).expect(200);
      expect(list.body).toHaveLength(1);
      const trail = await audit('run_deviation', created.body.id);
      expect(trail[0]).toMatchObject({ action: 'create', reason: 'door left ajar' });
      await api(sam).get(`/runs/00000000-0000-4000-8000-000000000000/deviations`).expect(404);
    });
  });

  describe('GET /runs', () => {
    const ids: Record<string, string> = {};

    beforeAll(async () => {
      const mk = async (
        name: string,
        by: User,
        version: string,
        materials: { materialId: string; role: string }[],
        plannedStartAt: string,
        operatorId?: string,
      ) => {
        const res = await api(by)
          .post('/runs', {
            protocolVersionId: version,
            title: `list ${name}`,
            materials,
            plannedStartAt,
            ...(operatorId ? { operatorId } : {}),
          })
          .expect(201);
        ids[name] = res.body.id;
      };
      await mk(
        'a',
        sue,
        riVersion,
        [{ materialId: otherLine, role: 'parental-line' }],
        '2030-01-05T00:00:00Z',
      );
      await mk(
        'b',
        sue,
        mttVersion,
        [{ materialId: otherLine, role: 'cell-lines' }],
        '2030-01-10T00:00:00Z',
      );
      await mk(
        'c',
        sue,
        mttVersion,
        [{ materialId: derived, role: 'cell-lines' }],
        '2030-02-01T00:00:00Z',
        max.id,
      );
      await walk({ id: ids.c } as Run, [[max, 'start', { actualStartAt: '2030-02-02T10:00:00Z' }]]);
    });

    const list = async (query: string) =>
      (await api(sam).get(`/runs?${query}`).expect(200)).body as {
        items: Run[];
        total: number;
        limit: number;
        offset: number;
      };
    const found = (page: { items: Run[] }) =>
      page.items.map((r) => r.id).filter((id) => Object.values(ids).includes(id));

    it('filters by protocol key or id, version, status, operator, material and dates', async () => {
      expect(found(await list('protocol=mtt-viability')).sort()).toEqual([ids.b, ids.c].sort());
      const protocols = (await api(sam).get('/protocols').expect(200)).body as {
        id: string;
        key: string;
      }[];
      const mttId = protocols.find((p) => p.key === 'mtt-viability')?.id;
      expect(found(await list(`protocol=${mttId}`)).sort()).toEqual([ids.b, ids.c].sort());
      expect(found(await list(`protocolVersionId=${riVersion}`))).toEqual([ids.a]);
      const inProgress = await list(`status=in_progress&operatorId=${max.id}`);
      expect(inProgress.items.map((r) => r.id)).toEqual([ids.c]);
      expect(inProgress.total).toBe(1);
      expect(found(await list(`materialId=${otherLine}`)).sort()).toEqual([ids.a, ids.b].sort());
      const window = await list('plannedFrom=2030-01-06T00:00:00Z&plannedTo=2030-02-01T00:00:00Z');
      expect(window.items.map((r) => r.id).sort()).toEqual([ids.b, ids.c].sort());
      const started = await list('startedFrom=2030-02-02T00:00:00Z&startedTo=2030-02-03T00:00:00Z');
      expect(started.items.map((r) => r.id)).toEqual([ids.c]);
      const none = await list(`materialId=${otherLine}&status=approved`);
      expect(none).toMatchObject({ items: [], total: 0 });
    });

    it('pages with a total, newest first', async () => {
      const all = await list('limit=200');
      const first = await list('limit=2&offset=0');
      const second = await list('limit=2&offset=2');
      expect(first).toMatchObject({ total: all.total, limit: 2, offset: 0 });
      expect(first.items).toHaveLength(2);
      expect([...first.items, ...second.items].map((r) => r.id)).toEqual(
        all.items.slice(0, 4).map((r) => r.id),
      );
      expect(all.items.map((r) => r.id).slice(0, 3)).toEqual([ids.c, ids.b, ids.a]);
    });

    it('refuses bad filters naming the parameter', async () => {
      const res = await api(sam).get('/runs?status=done&limit=0&plannedFrom=yesterday').expect(400);
      expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
        'limit',
        'plannedFrom',
        'status',
      ]);
    });

    it('answers 404 for an unknown run', async () => {
      const res = await api(sam).get('/runs/00000000-0000-4000-8000-000000000000').expect(404);
      expect(res.body.code).toBe('NOT_FOUND');
    });
  });

  it('documents the run routes in OpenAPI', async () => {
    const spec = (await t.http().get('/docs-json').expect(200)).body;
    expect(Object.keys(spec.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/runs',
        '/api/v1/runs/{id}',
        '/api/v1/runs/{id}/approve',
        '/api/v1/runs/{id}/amendments',
        '/api/v1/amendments/{id}/approve',
        '/api/v1/runs/{id}/deviations',
        '/api/v1/runs/{id}/passages',
        '/api/v1/runs/{id}/next-dose',
      ]),
    );
    expect(spec.components.schemas.RunDetailDto).toBeDefined();
    expect(spec.components.schemas.ResolvedParameterDto).toBeDefined();
  });
});
