import { createTestApp, createUserWithKey, TestApp } from './test-app';

/**
 * The world the materials e2e suites share (`materials-*.e2e-spec.ts`): a fresh app with a
 * scientist, a manager and an instrument user, and request helpers under /api/v1/materials.
 */
export type Body = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
export type User = { id: string; key: string };

export interface MaterialsWorld {
  t: TestApp;
  sci: User;
  mgr: User;
  inst: User;
}

export async function bootMaterialsWorld(): Promise<MaterialsWorld> {
  const t = await createTestApp();
  const sci = await createUserWithKey(t, 'sam', ['scientist']);
  const mgr = await createUserWithKey(t, 'mona', ['manager']);
  const inst = await createUserWithKey(t, 'reader1', ['instrument']);
  return { t, sci, mgr, inst };
}

export const donorBody = (code: string, extra: object = {}) => ({
  code,
  condition: 'RA',
  responderStatus: 'non-responder',
  samplingTimepoint: 'pre-azathioprine',
  consentReference: 'ETH-2023-114/C07',
  ...extra,
});

/** Request helpers over the world `w()` returns once `bootMaterialsWorld` has run. */
export function materialsApi(w: () => MaterialsWorld) {
  const as = (u: { key: string }) => ({ Authorization: `Bearer ${u.key}` });
  const admin = () => ({ Authorization: `Bearer ${w().t.adminKey}` });
  const post = (path: string, body: object, user = w().sci) =>
    w().t.http().post(`/api/v1/materials${path}`).set(as(user)).send(body);
  const get = (path: string, user = w().sci) =>
    w().t.http().get(`/api/v1/materials${path}`).set(as(user));
  const audit = async (id: string): Promise<Body[]> =>
    (
      await w()
        .t.http()
        .get('/api/v1/audit')
        .query({ entity: 'material', entityId: id })
        .set(admin())
        .expect(200)
    ).body;
  const auditCount = async (): Promise<number> =>
    (await w().t.http().get('/api/v1/audit').query({ limit: 1000 }).set(admin()).expect(200)).body
      .length;
  return { as, admin, post, get, audit, auditCount };
}
