import { api, startedRun, type User } from './plate-assays';
import { createTestApp, createUserWithKey, type TestApp } from './test-app';

/**
 * The world of the co-culture and LC-MS/MS suites: a fresh app, a scientist (operator) and a
 * manager (reviewer), and helpers for the donor → fecal sample → aliquot chain, the two runs,
 * batches built from a long CSV and imports.
 */
export type Body = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export interface LcmsWorld {
  t: TestApp;
  sam: User;
  mia: User;
}

export async function bootLcmsWorld(): Promise<LcmsWorld> {
  const t = await createTestApp();
  const sam = await createUserWithKey(t, 'sam', ['scientist']);
  const mia = await createUserWithKey(t, 'mia', ['manager']);
  return { t, sam, mia };
}

/** A donor with a fecal sample and one aliquot; returns their ids. */
export async function donorWithAliquot(
  w: LcmsWorld,
  code: string,
  responderStatus: 'responder' | 'non-responder' | 'unknown',
): Promise<{ donorId: string; sampleId: string; aliquotId: string }> {
  const a = api(w.t, w.sam);
  const donor = await a
    .post('/materials/donors', {
      code,
      condition: 'RA',
      responderStatus,
      samplingTimepoint: 'pre-azathioprine',
      consentReference: 'ETH-2023-114/C07',
    })
    .expect(201);
  const sample = await a
    .post('/materials/fecal-samples', {
      parentId: donor.body.id,
      collectedAt: '2026-06-01T08:00:00Z',
      location: 'Freezer -80 A, rack 1',
    })
    .expect(201);
  const aliquots = await a
    .post(`/materials/${sample.body.id}/aliquots`, { aliquots: [{ volumeMicrolitres: 500 }] })
    .expect(201);
  const list = (aliquots.body.items ?? aliquots.body.aliquots ?? aliquots.body) as { id: string }[];
  return { donorId: donor.body.id, sampleId: sample.body.id, aliquotId: list[0].id };
}

/** A started anaerobic-coculture run on these donors and aliquots. */
export function cocultureRun(
  w: LcmsWorld,
  donors: string[],
  aliquots: string[],
  parameters: Record<string, unknown> = {},
): Promise<string> {
  return startedRun(
    w.t,
    w.sam,
    'anaerobic-coculture',
    [
      ...donors.map((materialId) => ({ materialId, role: 'donors' })),
      ...aliquots.map((materialId) => ({ materialId, role: 'fecal-aliquots' })),
    ],
    parameters,
  );
}

/**
 * A started lcms-quantification run. Its protocol's sample slot takes bacterial cultures: one
 * is registered from the aliquot for it.
 */
export async function lcmsRun(
  w: LcmsWorld,
  aliquotId: string,
  parameters: Record<string, unknown> = {},
): Promise<string> {
  const culture = await api(w.t, w.sam)
    .post('/materials/bacterial-cultures', {
      parentId: aliquotId,
      name: `culture of ${aliquotId.slice(0, 8)}`,
      medium: 'mGAM',
      atmosphere: 'N2/CO2/H2 85/10/5',
    })
    .expect(201);
  return startedRun(
    w.t,
    w.sam,
    'lcms-quantification',
    [{ materialId: culture.body.id, role: 'samples' }],
    parameters,
  );
}

export interface LongRow {
  sample: string;
  type: string;
  analyte: string;
  nominal: string;
}

/** Parses the long CSV's sample, type, analyte and nominal columns (for building injection lists). */
export function longRows(csv: string): LongRow[] {
  const [header, ...lines] = csv.trim().split(/\r?\n/);
  const cols = header.split(',');
  return lines.map((l) => {
    const cells = l.split(',');
    const get = (k: string) => cells[cols.indexOf(k)] ?? '';
    return {
      sample: get('sample'),
      type: get('type'),
      analyte: get('analyte'),
      nominal: get('nominal'),
    };
  });
}

/**
 * The injection list a long CSV implies: one injection per sample, in file order; calibrator and
 * QC nominals per analyte; the QC level is the name without its replicate suffix (QC-M-2 → QC-M);
 * unknowns name a sample barcode when `barcodes` maps them.
 */
export function injectionsFromLong(csv: string, barcodes: Record<string, string> = {}): Body[] {
  const bySample = new Map<string, Body>();
  for (const r of longRows(csv)) {
    let inj = bySample.get(r.sample);
    if (!inj) {
      inj = { name: r.sample, type: r.type };
      if (r.type === 'qc') inj.qcLevel = r.sample.replace(/-\d+$/, '');
      if (r.type === 'unknown' && barcodes[r.sample]) inj.sampleBarcode = barcodes[r.sample];
      bySample.set(r.sample, inj);
    }
    if (r.type === 'calibrator' || r.type === 'qc') {
      inj.nominals = { ...(inj.nominals ?? {}), [r.analyte]: Number(r.nominal) };
    }
  }
  return [...bySample.values()];
}
