import { bootRunsWorld, Run, runsApi, RunsWorld, User } from './support/runs-world';
import type { TestApp } from './support/test-app';

describe('runs: locked after approval, amendments and deviations', () => {
  let w: RunsWorld;
  let t: TestApp;
  let sam: User;
  let mia: User;
  let max: User;
  let parental: string;
  let derived: string;
  const { api, sign, audit, newRun, walk } = runsApi(() => w);

  beforeAll(async () => {
    w = await bootRunsWorld();
    ({ t, sam, mia, max, parental, derived } = w);
  });
  afterAll(() => t.close());

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
      // The wrong password above is in the trail as a refused signature (issue 13 item 7).
      expect(trail).toEqual([
        'request',
        'sign-refused:amendment-approved',
        'sign:amendment-approved',
        'approve',
      ]);

      const again = await api(max).post(`/amendments/${amendment.id}/approve`, sign()).expect(409);
      expect(again.body.code).toBe('AMENDMENT_NOT_PENDING');
      const list = await api(sam).get(`/runs/${run.id}/amendments`).expect(200);
      expect(list.body.items.map((a: { id: string }) => a.id)).toEqual([amendment.id]);
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
      expect(list.body.items).toHaveLength(1);
      const trail = await audit('run_deviation', created.body.id);
      expect(trail[0]).toMatchObject({ action: 'create', reason: 'door left ajar' });
      await api(sam).get(`/runs/00000000-0000-4000-8000-000000000000/deviations`).expect(404);
    });
  });
});
