import { api, sign, startedRun, type User } from './plate-assays';
import { createDerivedPopulation, createParentalLine } from './runs-fixtures';
import { syntheticQpcrCsv, syntheticQpcrNames } from './synthetic-qpcr';
import { createTestApp, createUserWithKey, type TestApp } from './test-app';
import { WebClient } from './web-client';

/**
 * The world of the qPCR suites: a fresh app, a scientist (operator) and a manager (reviewer),
 * a parental line and its 6-TG-resistant population, and helpers for qpcr-expression runs,
 * their MIQE record, name map and imports.
 */
export type Body = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export interface QpcrWorld {
  t: TestApp;
  sam: User;
  mia: User;
  parental: string;
  resistant: string;
}

export async function bootQpcrWorld(): Promise<QpcrWorld> {
  const t = await createTestApp();
  const sam = await createUserWithKey(t, 'sam', ['scientist']);
  const mia = await createUserWithKey(t, 'mia', ['manager']);
  const parental = await createParentalLine(t, sam.key, 'HIG-82');
  const resistant = await createDerivedPopulation(t, sam.key, parental, 'HIG-82 6-TG-R');
  return { t, sam, mia, parental, resistant };
}

/** A started qpcr-expression run on these cell lines (default: the parental and resistant). */
export function qpcrRun(
  w: QpcrWorld,
  parameters: Record<string, unknown> = {},
  materials: string[] = [w.parental, w.resistant],
): Promise<string> {
  return startedRun(
    w.t,
    w.sam,
    'qpcr-expression',
    materials.map((materialId) => ({ materialId, role: 'cell-lines' })),
    parameters,
  );
}

/**
 * A started qpcr-expression run of the synthetic export's panel (targets ABCC1 and ABCC4,
 * references GAPDH and ACTB) with the export's sample names mapped to the parental and resistant
 * lines: ready for syntheticQpcrCsv().
 */
export async function syntheticQpcrRun(w: QpcrWorld): Promise<string> {
  const runId = await qpcrRun(w, {
    targetGenes: ['ABCC1', 'ABCC4'],
    referenceGenes: ['GAPDH', 'ACTB'],
  });
  await api(w.t, w.sam)
    .put(`/runs/${runId}/qpcr-names`, syntheticQpcrNames(w.parental, w.resistant))
    .expect(200);
  return runId;
}

/** Imports syntheticQpcrCsv() into that run through the API (201, or it throws); its analysis id. */
export async function importSyntheticQpcr(w: QpcrWorld, runId: string): Promise<string> {
  const imported = await api(w.t, w.sam).postText(
    `/runs/${runId}/qpcr-imports`,
    syntheticQpcrCsv(),
  );
  if (imported.status !== 201) throw new Error(JSON.stringify(imported.body));
  return imported.body.analysis.analysisId as string;
}

/** A web UI client of the test app, signed in with a password. */
export async function signedIn(t: TestApp, user: string, password: string): Promise<WebClient> {
  const client = new WebClient(t);
  await client.signIn(user, password);
  return client;
}

/** The world of the qPCR web pages: {@link bootQpcrWorld}, a {@link syntheticQpcrRun}, sam signed in. */
export interface QpcrWebWorld extends QpcrWorld {
  runId: string;
  /** The scientist sam in the web UI. */
  samWeb: WebClient;
}

export async function bootQpcrWebWorld(): Promise<QpcrWebWorld> {
  const w = await bootQpcrWorld();
  const runId = await syntheticQpcrRun(w);
  return { ...w, runId, samWeb: await signedIn(w.t, 'sam', w.sam.password) };
}

/** A complete MIQE record for the genes and samples given. */
export function fullMiqe(genes: string[], samples: string[], extra: Body = {}): Body {
  return {
    instrument: 'QuantStudio 7 Flex',
    chemistry: 'SYBR-Green',
    rtKit: 'High-Capacity cDNA RT kit',
    efficiencySource: 'standard-curve',
    primers: genes.map((gene) => ({
      gene,
      forwardPrimer: 'ACGTACGTACGTACGTAC',
      reversePrimer: 'TGCATGCATGCATGCATG',
      ampliconLengthBp: 120,
    })),
    rnaQuality: samples.map((sample) => ({ sample, rin: 9.1, a260280: 2.02 })),
    ...extra,
  };
}

/** Uploads an export as a multipart file (bytes as they are) to the run's qPCR imports. */
export function postExport(
  w: QpcrWorld,
  runId: string,
  bytes: Buffer,
  filename: string,
  query = '',
) {
  return w.t
    .http()
    .post(`/api/v1/runs/${runId}/qpcr-imports${query}`)
    .set('Authorization', `Bearer ${w.sam.key}`)
    .attach('file', bytes, filename);
}

export { api, sign };
