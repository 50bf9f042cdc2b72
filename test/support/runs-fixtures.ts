import type { TestApp } from './test-app';

/** Helpers shared by the runs, resistance-induction and seed e2e suites. */
export const SIGN_PASSWORD = 'correct horse battery staple';

export function bearer(key: string): { Authorization: string } {
  return { Authorization: `Bearer ${key}` };
}

/** The approved version 1 of a protocol loaded from `protocols/`, by key. */
export async function approvedVersionId(t: TestApp, key: string, apiKey: string): Promise<string> {
  const res = await t.http().get('/api/v1/protocols').set(bearer(apiKey)).expect(200);
  const protocol = (
    res.body.items as { key: string; latestApprovedVersionId: string | null }[]
  ).find((p) => p.key === key);
  if (!protocol?.latestApprovedVersionId) throw new Error(`no approved version of ${key}`);
  return protocol.latestApprovedVersionId;
}

export async function createParentalLine(
  t: TestApp,
  apiKey: string,
  name: string,
): Promise<string> {
  const res = await t
    .http()
    .post('/api/v1/materials/cell-lines')
    .set(bearer(apiKey))
    .send({ name, species: 'Oryctolagus cuniculus', tissue: 'synovium', passageNumber: 4 })
    .expect(201);
  return res.body.id as string;
}

export async function createDerivedPopulation(
  t: TestApp,
  apiKey: string,
  parentId: string,
  name: string,
): Promise<string> {
  const res = await t
    .http()
    .post('/api/v1/materials/cell-lines')
    .set(bearer(apiKey))
    .send({ name, parentId, passageNumber: 5, selectionAgent: '6-TG' })
    .expect(201);
  return res.body.id as string;
}
