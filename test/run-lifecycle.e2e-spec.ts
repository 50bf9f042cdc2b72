import { bootRunsWorld, Run, runsApi, RunsWorld, User } from './support/runs-world';
import type { TestApp } from './support/test-app';

describe('runs: the lifecycle, review signatures and returns', () => {
  let w: RunsWorld;
  let t: TestApp;
  let sam: User;
  let sue: User;
  let mia: User;
  let max: User;
  const { api, sign, audit, newRun, walk } = runsApi(() => w);

  beforeAll(async () => {
    w = await bootRunsWorld();
    ({ t, sam, sue, mia, max } = w);
  });
  afterAll(() => t.close());

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
      // allowedActions is the caller's: the operator may not review; a manager may.
      expect(run).toMatchObject({ status: 'in_review', allowedActions: [] });
      expect((await api(mia).get(`/runs/${run.id}`).expect(200)).body.allowedActions).toEqual([
        'approve',
        'return',
      ]);

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

    it('refuses self-approval, scientists signing, and a wrong password (audited as refused), changing nothing else', async () => {
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
      // The refused attempt is the one new event (issue 13 item 7); nothing else changed.
      const auditAfter = await audit('run', run.id);
      expect(auditAfter.slice(0, auditBefore.length)).toEqual(auditBefore);
      expect(auditAfter.slice(auditBefore.length)).toEqual([
        expect.objectContaining({
          action: 'sign-refused:approved',
          actorId: max.id,
          reason: 'looks fine',
        }),
      ]);

      const noPassword = await api(max)
        .post(`/runs/${run.id}/approve`, { reason: 'looks fine' })
        .expect(400);
      expect(noPassword.body.errors[0]).toMatchObject({ field: 'password' });

      const ok = await walk(run, [[max, 'approve', sign()]]);
      expect(ok.status).toBe('approved');
    });
  });
});
