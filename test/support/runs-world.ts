import {
  approvedVersionId,
  bearer,
  createDerivedPopulation,
  createParentalLine,
  SIGN_PASSWORD,
} from './runs-fixtures';
import { createTestApp, createUserWithKey, TestApp } from './test-app';

/**
 * The world the run e2e suites share (`run-*.e2e-spec.ts`): a fresh app with two scientists,
 * two managers, the approved resistance-induction and MTT versions, and a parental line, a
 * derived population, a second line and a cryo-stock. Each suite boots its own.
 */
export type User = { id: string; key: string; password: string };
export type Run = {
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

export interface RunsWorld {
  t: TestApp;
  sam: User; // scientist, operator of most runs
  sue: User; // second scientist
  mia: User; // manager, reviewer
  max: User; // second manager
  riVersion: string;
  mttVersion: string;
  parental: string;
  derived: string;
  otherLine: string;
  cryo: string;
}

export async function bootRunsWorld(): Promise<RunsWorld> {
  const t = await createTestApp();
  const sam = await createUserWithKey(t, 'sam', ['scientist']);
  const sue = await createUserWithKey(t, 'sue', ['scientist']);
  const mia = await createUserWithKey(t, 'mia', ['manager']);
  const max = await createUserWithKey(t, 'max', ['manager']);
  const riVersion = await approvedVersionId(t, 'resistance-induction', sam.key);
  const mttVersion = await approvedVersionId(t, 'mtt-viability', sam.key);
  const parental = await createParentalLine(t, sam.key, 'HIG-82 parental');
  const derived = await createDerivedPopulation(t, sam.key, parental, 'HIG-82 6-TG-R1');
  const otherLine = await createParentalLine(t, sam.key, 'RASF-07 parental');
  const frozen = await t
    .http()
    .post('/api/v1/materials/cryo-stocks')
    .set(bearer(sam.key))
    .send({ parentId: derived, location: 'LN2 tank 1, rack 2', passageAtFreezing: 6 })
    .expect(201);
  const cryo = frozen.body.id as string;
  return { t, sam, sue, mia, max, riVersion, mttVersion, parental, derived, otherLine, cryo };
}

/** Request helpers over the world `w()` returns once `bootRunsWorld` has run. */
export function runsApi(w: () => RunsWorld) {
  const api = (u: User | string) => {
    const key = typeof u === 'string' ? u : u.key;
    return {
      get: (path: string) => w().t.http().get(`/api/v1${path}`).set(bearer(key)),
      post: (path: string, body: object = {}) =>
        w().t.http().post(`/api/v1${path}`).set(bearer(key)).send(body),
      patch: (path: string, body: object) =>
        w().t.http().patch(`/api/v1${path}`).set(bearer(key)).send(body),
    };
  };
  const sign = (reason = 'reviewed the raw data and the log') => ({
    password: SIGN_PASSWORD,
    reason,
  });
  const audit = async (entity: string, id: string) =>
    (await api(w().mia).get(`/audit?entity=${entity}&entityId=${id}`).expect(200)).body as {
      action: string;
      before: Record<string, unknown> | null;
      after: Record<string, unknown> | null;
      reason: string | null;
      actorId: string | null;
    }[];

  const newRun = async (
    by: User,
    extra: Record<string, unknown> = {},
    materials = [{ materialId: w().parental, role: 'parental-line' }],
  ): Promise<Run> =>
    (
      await api(by)
        .post('/runs', {
          protocolVersionId: w().riVersion,
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
  return { api, sign, audit, newRun, walk };
}
