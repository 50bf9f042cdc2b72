// Concurrency (issue 13): two managers deciding the same record at the same moment (approve and
// approve, approve and return/reject): exactly one wins, the other gets 409, and the record
// carries one decision and one signature. Runs, protocol versions and amendments, on SQLite
// (writers one at a time) and PostgreSQL (row locks).
import { bootRunsWorld, runsApi, RunsWorld, User } from './support/runs-world';
import type { TestApp } from './support/test-app';

type Body = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
type Res = { status: number; body: Body };

const ROUNDS = 3;

describe('two managers deciding at once', () => {
  let w: RunsWorld;
  let t: TestApp;
  let sam: User;
  let mia: User;
  let max: User;
  const { api, sign, newRun, walk } = runsApi(() => w);

  /** One 2xx and one 409 with the expected code, whichever came first. */
  const oneWins = (results: Res[], code: string): number => {
    const statuses = results.map((r) => r.status).sort();
    expect({
      statuses,
      codes: results.filter((r) => r.status === 409).map((r) => r.body.code),
    }).toEqual({ statuses: [200, 409], codes: [code] });
    return results.findIndex((r) => r.status === 200);
  };
  const inReview = async () =>
    walk(await newRun(sam), [
      [sam, 'start'],
      [sam, 'complete'],
      [sam, 'submit'],
    ]);

  beforeAll(async () => {
    w = await bootRunsWorld();
    ({ t, sam, mia, max } = w);
  });
  afterAll(() => t.close());

  it.each([...Array(ROUNDS).keys()])('a run: approve and approve (round %i)', async () => {
    const run = await inReview();
    const results = await Promise.all([
      api(mia).post(`/runs/${run.id}/approve`, sign()),
      api(max).post(`/runs/${run.id}/approve`, sign()),
    ]);
    const winner = [mia, max][oneWins(results, 'ILLEGAL_TRANSITION')];
    const after = (await api(mia).get(`/runs/${run.id}`).expect(200)).body as Body;
    expect(after).toMatchObject({ status: 'approved', approvedById: winner.id });
    expect(after.signatures).toHaveLength(1);
  });

  it.each([...Array(ROUNDS).keys()])('a run: approve and return (round %i)', async () => {
    const run = await inReview();
    const results = await Promise.all([
      api(mia).post(`/runs/${run.id}/approve`, sign()),
      api(max).post(`/runs/${run.id}/return`, sign('passage 3 is missing')),
    ]);
    const won = oneWins(results, 'ILLEGAL_TRANSITION');
    const after = (await api(mia).get(`/runs/${run.id}`).expect(200)).body as Body;
    expect(after.status).toBe(won === 0 ? 'approved' : 'returned');
    expect(after.signatures).toHaveLength(1);
  });

  describe('protocol versions', () => {
    let round = 0;
    const submittedVersion = async (): Promise<string> => {
      const mtt = (await api(sam).get(`/protocol-versions/${w.mttVersion}`).expect(200))
        .body as Body;
      const definition = structuredClone(mtt.definition) as Body;
      definition.key = `mtt-concurrent-${++round}`;
      delete definition.version;
      const id = ((await api(sam).post('/protocols', definition).expect(201)).body as Body)
        .versions[0].id as string;
      await api(sam).post(`/protocol-versions/${id}/submit`).expect(200);
      return id;
    };
    const signaturesOf = async (id: string) =>
      ((await api(sam).get(`/protocol-versions/${id}/signatures`).expect(200)).body.items as Body[])
        .length;

    it.each([...Array(ROUNDS).keys()])('approve and approve (round %i)', async () => {
      const id = await submittedVersion();
      const results = await Promise.all([
        api(mia).post(`/protocol-versions/${id}/approve`, sign()),
        api(max).post(`/protocol-versions/${id}/approve`, sign()),
      ]);
      oneWins(results, 'ILLEGAL_TRANSITION');
      expect(await signaturesOf(id)).toBe(1);
    });

    it.each([...Array(ROUNDS).keys()])('approve and reject (round %i)', async () => {
      const id = await submittedVersion();
      const results = await Promise.all([
        api(mia).post(`/protocol-versions/${id}/approve`, sign()),
        api(max).post(`/protocol-versions/${id}/reject`, { comments: 'needs a blank column' }),
      ]);
      const won = oneWins(results, 'ILLEGAL_TRANSITION');
      // Read as the author: a rejected version is a draft again, private to its author.
      const after = (await api(sam).get(`/protocol-versions/${id}`).expect(200)).body as Body;
      expect(after.status).toBe(won === 0 ? 'approved' : 'draft');
      expect(await signaturesOf(id)).toBe(won === 0 ? 1 : 0);
    });
  });

  it.each([...Array(ROUNDS).keys()])('an amendment: approve and reject (round %i)', async () => {
    let run = await inReview();
    run = await walk(run, [[mia, 'approve', sign()]]);
    const amendment = (
      await api(sam)
        .post(`/runs/${run.id}/amendments`, {
          changes: { notes: 'flask T75 #3' },
          reason: 'the flask number was left out',
        })
        .expect(201)
    ).body as Body;
    const results = await Promise.all([
      api(mia).post(`/amendments/${amendment.id}/approve`, sign()),
      api(max).post(`/amendments/${amendment.id}/reject`, sign('not needed')),
    ]);
    const won = oneWins(results, 'AMENDMENT_NOT_PENDING');
    const after = (await api(mia).get(`/amendments/${amendment.id}`).expect(200)).body as Body;
    expect(after).toMatchObject({
      status: won === 0 ? 'approved' : 'rejected',
      decidedById: [mia, max][won].id,
    });
    const trail = (await api(mia).get(`/audit?entity=run_amendment&entityId=${amendment.id}`))
      .body as Body[];
    expect(trail.filter((e) => e.action === 'approve' || e.action === 'reject')).toHaveLength(1);
  });
});
