import { api } from './plate-assays';
import type { TestApp } from './test-app';

/**
 * A new version of a protocol loaded from `protocols/` (copied from its approved version 1),
 * with one setting's default changed, submitted for review by `author`. Returns its id.
 */
export async function submittedVersion(
  t: TestApp,
  author: { key: string },
  protocolKey: string,
  setting: string,
  value: unknown,
): Promise<string> {
  const protocols = (await api(t, author.key).get('/protocols').expect(200)).body.items as {
    id: string;
    key: string;
  }[];
  const protocol = protocols.find((p) => p.key === protocolKey)!;
  const draft = await api(t, author.key).post(`/protocols/${protocol.id}/versions`).expect(201);
  const definition = structuredClone(draft.body.definition);
  definition.settings[setting].default = value;
  await t
    .http()
    .put(`/api/v1/protocol-versions/${draft.body.id}/definition`)
    .set('Authorization', `Bearer ${author.key}`)
    .send(definition)
    .expect(200);
  await api(t, author.key).post(`/protocol-versions/${draft.body.id}/submit`).expect(200);
  return draft.body.id as string;
}
