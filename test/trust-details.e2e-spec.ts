// Issue 13, item 11 (the smaller points): allowedActions is computed for the caller, approvedAt
// never precedes the signature's signedAt, and a plate map with a typo such as I13 no longer
// silently becomes a 384-well layout.
import { bootRunsWorld, Run, runsApi, RunsWorld, User } from './support/runs-world';
import { syntheticPlateMap } from './support/synthetic-mtt';
import type { TestApp } from './support/test-app';

type Body = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('trust details', () => {
  let w: RunsWorld;
  let t: TestApp;
  let sam: User;
  let sue: User;
  let mia: User;
  let max: User;
  const { api, sign, newRun, walk } = runsApi(() => w);

  beforeAll(async () => {
    w = await bootRunsWorld();
    ({ t, sam, sue, mia, max } = w);
  });
  afterAll(() => t.close());

  describe('allowedActions is what the caller may do', () => {
    let run: Run;
    beforeAll(async () => {
      run = await newRun(sam);
      run = await walk(run, [
        [sam, 'start'],
        [mia, 'complete'], // mia worked on it: she may not review it
        [sam, 'submit'],
      ]);
    });

    it('offers approve and return only to a manager who did not work on the run', async () => {
      const seen = async (u: User) =>
        ((await api(u).get(`/runs/${run.id}`).expect(200)).body as Run).allowedActions;
      expect(await seen(sam)).toEqual([]); // scientist and operator
      expect(await seen(sue)).toEqual([]); // scientist
      expect(await seen(mia)).toEqual([]); // manager who completed it
      expect(await seen(max)).toEqual(['approve', 'return']);
      // The same in lists.
      const list = async (u: User) =>
        (
          (await api(u).get(`/runs?status=in_review&limit=100`).expect(200)).body.items as Run[]
        ).find((r) => r.id === run.id)!.allowedActions;
      expect(await list(mia)).toEqual([]);
      expect(await list(max)).toEqual(['approve', 'return']);
      // What is offered works; what is not offered is refused.
      await api(mia).post(`/runs/${run.id}/approve`, sign()).expect(403);
      await api(sam).post(`/runs/${run.id}/approve`, sign()).expect(403);
    });

    it('is filtered by role for actions anyone may take', async () => {
      const planned = await newRun(sam);
      expect(planned.allowedActions).toEqual(['start', 'cancel']);
      const asManager = (await api(max).get(`/runs/${planned.id}`).expect(200)).body as Run;
      expect(asManager.allowedActions).toEqual(['start', 'cancel']);
    });
  });

  describe('approvedAt is the moment of the signature', () => {
    it('for a run', async () => {
      let run = await newRun(sam);
      run = await walk(run, [
        [sam, 'start'],
        [sam, 'complete'],
        [sam, 'submit'],
        [max, 'approve', sign()],
      ]);
      const body = (await api(max).get(`/runs/${run.id}`).expect(200)).body as Body;
      const signature = (body.signatures as Body[]).find((s) => s.meaning === 'approved')!;
      expect(body.approvedAt).toBe(signature.signedAt);
    });

    it('for a protocol version', async () => {
      const mtt = (await api(sam).get(`/protocol-versions/${w.mttVersion}`).expect(200))
        .body as Body;
      const definition = structuredClone(mtt.definition) as Body;
      definition.key = 'mtt-viability-approved-at';
      delete definition.version;
      const created = (await api(sam).post('/protocols', definition).expect(201)).body as Body;
      const id = created.versions[0].id as string;
      await api(sam).post(`/protocol-versions/${id}/submit`).expect(200);
      const approved = (await api(max).post(`/protocol-versions/${id}/approve`, sign()).expect(200))
        .body as Body;
      const signatures = (await api(max).get(`/protocol-versions/${id}/signatures`).expect(200))
        .body.items as Body[];
      expect(approved.approvedAt).toBe(signatures[0].signedAt);
    });

    it('for the SOP templates loaded at start', async () => {
      const v = (await api(sam).get(`/protocol-versions/${w.mttVersion}`).expect(200)).body as Body;
      const signatures = (await api(sam).get(`/protocol-versions/${w.mttVersion}/signatures`)).body
        .items as Body[];
      expect(v.approvedAt).toBe(signatures[0].signedAt);
    });
  });

  describe('a plate map whose size is not stated', () => {
    const importMap = (csv: string, extra: object = {}) =>
      api(sam).post('/plate-layouts/import', {
        name: `map ${Math.random()}`,
        csv,
        materials: { parental: w.parental, resistant: w.derived },
        ...extra,
      });
    const typo = syntheticPlateMap().replace('\nH12,empty', '\nI13,empty');

    it('refuses a well beyond H12 (a typo such as I13), naming the line and the way out', async () => {
      const res = await importMap(typo).expect(422);
      expect(res.body.code).toBe('IMPORT_REJECTED');
      expect(res.body.errors).toEqual([
        expect.objectContaining({ code: 'WELL_OUTSIDE_PLATE', well: 'I13', line: 97 }),
      ]);
      expect(res.body.errors[0].message).toMatch(/state plateSize: 384/);
    });

    it('takes it as 384-well when the size is stated, and a correct map as 96-well', async () => {
      const big = (await importMap(typo, { plateSize: 384 }).expect(201)).body as Body;
      expect(big.plateSize).toBe(384);
      const small = (await importMap(syntheticPlateMap()).expect(201)).body as Body;
      expect(small.plateSize).toBe(96);
    });
  });
});
