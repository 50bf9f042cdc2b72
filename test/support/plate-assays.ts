import type { PlateAnalysisSummary } from '../../src/assays/viability/viability-analysis.service';
import {
  approvedVersionId,
  bearer,
  createDerivedPopulation,
  createParentalLine,
  SIGN_PASSWORD,
} from './runs-fixtures';
import { createTestApp, createUserWithKey, type TestApp } from './test-app';

/** Helpers of the plate-assay suites (viability, efflux, plots): the real API path. */
export type User = { id: string; key: string; password: string };

export function api(t: TestApp, u: User | string) {
  const key = typeof u === 'string' ? u : u.key;
  return {
    get: (path: string) => t.http().get(`/api/v1${path}`).set(bearer(key)),
    post: (path: string, body: object = {}) =>
      t.http().post(`/api/v1${path}`).set(bearer(key)).send(body),
    put: (path: string, body: object = {}) =>
      t.http().put(`/api/v1${path}`).set(bearer(key)).send(body),
    postText: (path: string, text: string) =>
      t.http().post(`/api/v1${path}`).set(bearer(key)).set('Content-Type', 'text/csv').send(text),
  };
}

/** The world of a plate-assay suite: a fresh app, a scientist, the parental line and its 6-TG-resistant population. */
export interface PlateAssayWorld {
  t: TestApp;
  sam: User;
  parental: string;
  resistant: string;
}

/** Boots {@link PlateAssayWorld}: HIG-82 and HIG-82 6-TG-R, registered by the scientist sam. */
export async function plateAssayWorld(): Promise<PlateAssayWorld> {
  const t = await createTestApp();
  const sam = await createUserWithKey(t, 'sam', ['scientist']);
  const parental = await createParentalLine(t, sam.key, 'HIG-82');
  const resistant = await createDerivedPopulation(t, sam.key, parental, 'HIG-82 6-TG-R');
  return { t, sam, parental, resistant };
}

export const sign = (reason = 'reviewed the plates, fits and QC') => ({
  password: SIGN_PASSWORD,
  reason,
});

/** A run of an approved protocol version (by key), started by `by`. */
export async function startedRun(
  t: TestApp,
  by: User,
  protocolKey: string,
  materials: { materialId: string; role: string }[],
  parameters: Record<string, unknown> = {},
): Promise<string> {
  const versionId = await approvedVersionId(t, protocolKey, by.key);
  const run = await api(t, by)
    .post('/runs', {
      protocolVersionId: versionId,
      title: `${protocolKey} plate`,
      parameters,
      materials,
    })
    .expect(201);
  await api(t, by).post(`/runs/${run.body.id}/start`, {}).expect(200);
  return run.body.id as string;
}

/** The mtt-viability protocol's one material slot, for each line. */
export const cellLines = (...ids: string[]) =>
  ids.map((materialId) => ({ materialId, role: 'cell-lines' }));

/** complete → submit, by the operator (approval is the manager's). */
export async function completeAndSubmit(t: TestApp, by: User, runId: string): Promise<void> {
  await api(t, by).post(`/runs/${runId}/complete`, {}).expect(200);
  await api(t, by).post(`/runs/${runId}/submit`, {}).expect(200);
}

/**
 * A layout from a CSV plate map (line names → material ids), a plate on it (in `runId`), and
 * the reader export uploaded through POST /plates/:id/readings. Returns the plate id and the
 * import result (with its `analysis`).
 */
export async function importedPlate(
  t: TestApp,
  by: User,
  opts: {
    mapCsv: string;
    materials: Record<string, string>;
    reading: string;
    runId?: string;
    barcode: string;
  },
): Promise<{ plateId: string; result: ImportResult }> {
  const layout = await api(t, by)
    .post('/plate-layouts/import', {
      name: `layout ${opts.barcode}`,
      csv: opts.mapCsv,
      materials: opts.materials,
      referenceWavelengthNm: 650,
    })
    .expect(201);
  const plate = await api(t, by)
    .post('/plates', { barcode: opts.barcode, layoutId: layout.body.id, runId: opts.runId })
    .expect(201);
  const res = await api(t, by).postText(`/plates/${plate.body.id}/readings`, opts.reading);
  if (res.status !== 201) throw new Error(`import ${res.status}: ${JSON.stringify(res.body)}`);
  return { plateId: plate.body.id as string, result: res.body as ImportResult };
}

/** The import answer, with the analysis the viability module ran in its transaction. */
export interface ImportResult {
  outcome: string;
  analysis: (PlateAnalysisSummary & { status: 'analysed' }) | { status: 'not-analysable' } | null;
}

/** An audit event as GET /audit lists it. */
export interface AuditRow {
  action: string;
  actorId: string | null;
  reason: string | null;
  after: Record<string, unknown> | null;
}

/** |actual − expected| / |expected| ≤ tol, with a readable failure. */
export function expectRel(actual: unknown, expected: number, tol: number, what = 'value'): void {
  if (typeof actual !== 'number') throw new Error(`${what}: got ${String(actual)}`);
  const err = Math.abs(actual - expected) / Math.abs(expected);
  if (err > tol)
    throw new Error(`${what}: got ${actual}, expected ${expected} (rel ${err} > ${tol})`);
}
