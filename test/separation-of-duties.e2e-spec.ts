// Separation of duties (issue 13, item 1): nobody who created, edited, started, completed,
// submitted, recorded data on or amended a run reviews or approves it, whatever roles they hold;
// the same for protocol versions (author, editors) and amendments (author). Before, only the
// run's operator and the version's author were compared with the approver, so a manager could
// create a run naming a scientist, do all of it himself and approve it.
import {
  cellLines,
  completeAndSubmit,
  importedPlate,
  api as plateApi,
} from './support/plate-assays';
import { RecordContribution } from '../src/common/duties/record-contribution.entity';
import { bootRunsWorld, Run, runsApi, RunsWorld, User } from './support/runs-world';
import { syntheticPlateMap, syntheticReading } from './support/synthetic-mtt';
import { createUserWithKey, type TestApp } from './support/test-app';

type Body = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
type Res = { status: number; body: Body };

describe('separation of duties', () => {
  let w: RunsWorld;
  let t: TestApp;
  let sam: User; // scientist, the named operator
  let mia: User; // manager who does some of the work
  let max: User; // manager who did nothing on the record
  let bob: User; // scientist and manager at once
  const { api, sign, newRun, walk } = runsApi(() => w);
  let variant = 0;

  const contributions = async (entity: string, id: string, userId: string) =>
    t.dataSource.getRepository(RecordContribution).find({
      select: { action: true, detail: true },
      where: { entity, entityId: id, userId },
    });

  /** 403 SELF_APPROVAL_FORBIDDEN naming the rule and the earlier action. */
  const expectDisqualified = (res: Res, entity: string, action: string, said: RegExp) => {
    expect({ status: res.status, code: res.body.code }).toEqual({
      status: 403,
      code: 'SELF_APPROVAL_FORBIDDEN',
    });
    expect(res.body.detail).toMatch(/separation of duties: nobody who|the author of an amendment/);
    expect(res.body.detail).toMatch(said);
    expect(res.body.detail).toMatch(new RegExp(`on \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d UTC`));
    expect(res.body.rule).toBe('separation-of-duties');
    expect(res.body.disqualifiedBy).toMatchObject({ action, at: expect.any(String) });
    expect(res.body.errors).toEqual([
      expect.objectContaining({ field: 'actor', code: 'SEPARATION_OF_DUTIES' }),
    ]);
    expect(res.body.errors[0].message).toMatch(said);
    expect(res.body.detail).toContain(entity);
  };

  /** The refused manager cannot approve or return; another manager approves. */
  const expectOnlyOthersDecide = async (run: Run, who: User, action: string, said: RegExp) => {
    const approve = await api(who).post(`/runs/${run.id}/approve`, sign());
    expectDisqualified(approve, 'run', action, said);
    const review = await api(who).post(`/runs/${run.id}/return`, sign('fix passage 2'));
    expectDisqualified(review, 'run', action, said);
    const after = (await api(max).get(`/runs/${run.id}`).expect(200)).body as Run;
    expect(after).toMatchObject({ status: 'in_review', signatures: [] });
    await api(max).post(`/runs/${run.id}/approve`, sign()).expect(200);
  };

  beforeAll(async () => {
    w = await bootRunsWorld();
    ({ t, sam, mia, max } = w);
    bob = await createUserWithKey(t, 'bob', ['scientist', 'manager']);
  });
  afterAll(() => t.close());

  it('a manager who creates a run naming a scientist and does the work cannot approve it', async () => {
    let run = await newRun(mia, { operatorId: sam.id });
    expect(run.operatorId).toBe(sam.id);
    run = await walk(run, [
      [mia, 'start'],
      [mia, 'complete'],
      [mia, 'submit'],
    ]);
    await expectOnlyOthersDecide(run, mia, 'created', /you created this run on/);
    // Every action is on record, in order of the first time it happened.
    expect((await contributions('run', run.id, mia.id)).map((c) => c.action).sort()).toEqual([
      'completed',
      'created',
      'started',
      'submitted',
    ]);
  });

  it('a user who holds both roles is no exception', async () => {
    let run = await newRun(bob, { operatorId: sam.id });
    run = await walk(run, [
      [sam, 'start'],
      [sam, 'complete'],
      [sam, 'submit'],
    ]);
    await expectOnlyOthersDecide(run, bob, 'created', /you created this run on/);
  });

  it('the named operator who did nothing else is refused by the same rule', async () => {
    let run = await newRun(sam, { operatorId: max.id });
    run = await walk(run, [
      [sam, 'start'],
      [sam, 'complete'],
      [sam, 'submit'],
    ]);
    const res = await api(max).post(`/runs/${run.id}/approve`, sign());
    expect({ status: res.status, code: res.body.code, rule: res.body.rule }).toEqual({
      status: 403,
      code: 'SELF_APPROVAL_FORBIDDEN',
      rule: 'separation-of-duties',
    });
    expect(res.body.detail).toMatch(
      /separation of duties: nobody who .*; you are the operator of this run/,
    );
    expect(res.body).toMatchObject({ action: 'approve', from: 'in_review', to: 'approved' });
    await api(mia).post(`/runs/${run.id}/approve`, sign()).expect(200);
  });

  describe('each disqualifying action on a run', () => {
    const lifecycle: [string, string, RegExp][] = [
      ['edited', 'edit', /you edited this run on/],
      ['started', 'start', /you started this run on/],
      ['completed', 'complete', /you completed this run on/],
      ['submitted', 'submit', /you submitted this run on/],
    ];
    it.each(lifecycle)('%s', async (action, step, said) => {
      const steps: [User, string][] = [
        [sam, 'start'],
        [sam, 'complete'],
        [sam, 'submit'],
      ];
      let run = await newRun(sam);
      if (step === 'edit') {
        await api(mia).patch(`/runs/${run.id}`, { notes: 'flask T75 #4' }).expect(200);
      }
      run = await walk(
        run,
        steps.map(([who, s]) => [s === step ? mia : who, s]),
      );
      await expectOnlyOthersDecide(run, mia, action, said);
    });

    it('logged a deviation', async () => {
      let run = await newRun(sam);
      run = await walk(run, [[sam, 'start']]);
      await api(mia)
        .post(`/runs/${run.id}/deviations`, {
          description: 'incubator door left open overnight',
          reason: 'seen in the morning',
          severity: 'minor',
        })
        .expect(201);
      run = await walk(run, [
        [sam, 'complete'],
        [sam, 'submit'],
      ]);
      await expectOnlyOthersDecide(
        run,
        mia,
        'recorded-data',
        /you recorded data on this run on .* \(logged a deviation\)/,
      );
    });

    it('logged a passage', async () => {
      let run = await newRun(sam, {
        materials: [
          { materialId: w.parental, role: 'parental-line' },
          { materialId: w.derived, role: 'derived-population' },
        ],
      });
      run = await walk(run, [[sam, 'start']]);
      await api(mia)
        .post(`/runs/${run.id}/passages`, {
          passageNumber: 1,
          date: new Date().toISOString().slice(0, 10),
          dose: { value: 0.25, unit: 'µM' },
          viabilityPercent: 85,
          confluencePercent: 80,
          viableCount: 400000,
          splitRatio: '1:3',
        })
        .expect(201);
      run = await walk(run, [
        [sam, 'complete'],
        [sam, 'submit'],
      ]);
      await expectOnlyOthersDecide(run, mia, 'recorded-data', /\(logged passage 1\)/);
    });

    describe('plates of the run', () => {
      const mttRun = async (): Promise<Run> =>
        walk(await newRun(sam, { protocolVersionId: w.mttVersion, materials: lines() }), [
          [sam, 'start'],
        ]);
      const lines = () => cellLines(w.parental, w.derived);
      const plateOf = (run: Run, by: User, barcode: string) =>
        importedPlate(t, by, {
          mapCsv: syntheticPlateMap(),
          materials: { parental: w.parental, resistant: w.derived },
          reading: syntheticReading(++variant),
          runId: run.id,
          barcode,
        });
      const submitted = async (run: Run): Promise<Run> => {
        await completeAndSubmit(t, sam, run.id);
        return (await api(sam).get(`/runs/${run.id}`).expect(200)).body as Run;
      };

      it('planned a plate on it', async () => {
        const run = await mttRun();
        const { plateId } = await plateOf(run, sam, 'SOD-PLAN-1');
        const layoutId = ((await api(sam).get(`/plates/${plateId}`).expect(200)).body as Body)
          .layoutId as string;
        await api(mia)
          .post('/plates', { barcode: 'SOD-PLAN-2', layoutId, runId: run.id })
          .expect(201);
        await expectOnlyOthersDecide(
          await submitted(run),
          mia,
          'recorded-data',
          /\(planned plate SOD-PLAN-2\)/,
        );
      });

      it('imported a reading', async () => {
        const run = await mttRun();
        const { plateId } = await plateOf(run, sam, 'SOD-READ-1');
        const layoutId = ((await api(sam).get(`/plates/${plateId}`).expect(200)).body as Body)
          .layoutId as string;
        const plate = (
          await api(sam)
            .post('/plates', { barcode: 'SOD-READ-2', layoutId, runId: run.id })
            .expect(201)
        ).body as Body;
        await plateApi(t, mia)
          .postText(`/plates/${plate.id}/readings`, syntheticReading(++variant))
          .expect(201);
        await expectOnlyOthersDecide(
          await submitted(run),
          mia,
          'recorded-data',
          /\(imported a reading of plate SOD-READ-2\)/,
        );
      });

      it('excluded wells', async () => {
        const run = await mttRun();
        const { plateId } = await plateOf(run, sam, 'SOD-EXCL');
        await api(mia)
          .post(`/plates/${plateId}/exclusions`, { wells: ['A4'], reason: 'a bubble in the well' })
          .expect(201);
        await expectOnlyOthersDecide(
          await submitted(run),
          mia,
          'recorded-data',
          /\(excluded wells on plate SOD-EXCL\)/,
        );
      });

      it('refitted a plate', async () => {
        const run = await mttRun();
        const { plateId } = await plateOf(run, sam, 'SOD-REFIT');
        await api(mia)
          .post(`/plates/${plateId}/refit`, { reason: 'compare with LL.3', model: 'LL3' })
          .expect(200);
        await expectOnlyOthersDecide(
          await submitted(run),
          mia,
          'recorded-data',
          /\(refitted plate SOD-REFIT\)/,
        );
      });
    });
  });

  it('an action that is refused records nothing', async () => {
    const run = await newRun(sam);
    await api(mia).post(`/runs/${run.id}/complete`).expect(409); // planned: cannot complete
    await api(mia)
      .post(`/runs/${run.id}/deviations`, { description: 'x', reason: 'y', severity: 'minor' })
      .expect(400);
    expect(await contributions('run', run.id, mia.id)).toEqual([]);
  });

  describe('protocol versions: the author and every editor', () => {
    let versionId: string;

    beforeAll(async () => {
      const mtt = (await api(sam).get(`/protocol-versions/${w.mttVersion}`).expect(200))
        .body as Body;
      const definition = structuredClone(mtt.definition) as Body;
      definition.key = 'mtt-viability-sod';
      definition.title = 'MTT viability (separation of duties)';
      delete definition.version;
      const created = (await api(bob).post('/protocols', definition).expect(201)).body as Body;
      versionId = created.versions[0].id as string;
      definition.title = 'MTT viability (separation of duties), edited';
      await t
        .http()
        .put(`/api/v1/protocol-versions/${versionId}/definition`)
        .set('Authorization', `Bearer ${bob.key}`)
        .send(definition)
        .expect(200);
      await api(bob).post(`/protocol-versions/${versionId}/submit`).expect(200);
    });

    it('refuses approval and rejection by the author, naming what they did', async () => {
      const said = /you authored this protocol version on/;
      const approve = await api(bob).post(`/protocol-versions/${versionId}/approve`, sign());
      expectDisqualified(approve, 'protocol version', 'authored', said);
      const reject = await api(bob).post(`/protocol-versions/${versionId}/reject`, {
        comments: 'needs a blank column',
      });
      expectDisqualified(reject, 'protocol version', 'authored', said);
      expect(
        (await contributions('protocol_version', versionId, bob.id)).map((c) => c.action).sort(),
      ).toEqual(['authored', 'edited', 'submitted']);
      await api(mia).post(`/protocol-versions/${versionId}/approve`, sign()).expect(200);
    });
  });

  describe('amendments: their author', () => {
    it('the author of an amendment cannot approve or reject it', async () => {
      let run = await newRun(sam);
      run = await walk(run, [
        [sam, 'start'],
        [sam, 'complete'],
        [sam, 'submit'],
        [max, 'approve', sign()],
      ]);
      const amendment = (
        await api(mia)
          .post(`/runs/${run.id}/amendments`, {
            changes: { notes: 'flask T75 #3, not #4' },
            reason: 'the flask number was mistyped',
          })
          .expect(201)
      ).body as Body;
      const said = /you authored this amendment on/;
      for (const decision of ['approve', 'reject']) {
        const res = await api(mia).post(`/amendments/${amendment.id}/${decision}`, sign());
        expectDisqualified(res, 'amendment', 'authored', said);
      }
      expect((await contributions('run', run.id, mia.id)).map((c) => c.action)).toEqual([
        'amended',
      ]);
      await api(max).post(`/amendments/${amendment.id}/approve`, sign()).expect(200);
    });
  });
});
