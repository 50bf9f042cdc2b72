import { api, sign, startedRun, type User } from './plate-assays';
import { createDerivedPopulation, createParentalLine } from './runs-fixtures';
import { createTestApp, createUserWithKey, type TestApp } from './test-app';

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
