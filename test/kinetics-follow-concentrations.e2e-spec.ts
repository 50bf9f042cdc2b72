// Kinetics follow the LC-MS/MS concentrations: an import or a calibrator's exclusion recomputes
// the kinetics of the co-culture runs whose samples the batch measured, in the same transaction,
// and says so in its answer; a dry run or a duplicate recomputes nothing; an approved co-culture
// run keeps its signed kinetics and the answer says why. Runs without ../shared.
import { api, completeAndSubmit, sign } from './support/plate-assays';
import { syntheticBatch, type UnknownConcentration } from './support/coculture-batch';
import {
  bootLcmsWorld,
  cocultureRun,
  donorWithAliquot,
  lcmsRun,
  type Body,
  type LcmsWorld,
} from './support/lcms-world';

const TIMES = [0, 1, 2, 4, 8, 24, 48];

/** One culture's azathioprine falling as exp(-k t) from 50 µM, one sample per timepoint. */
function decay(code: string, k: number): UnknownConcentration[] {
  return TIMES.map((t) => ({
    barcode: `${code}-${t}h`,
    analyte: 'azathioprine',
    micromolar: Math.round(50 * Math.exp(-k * t) * 1e4) / 1e4,
  }));
}

describe('kinetics follow the LC-MS/MS concentrations', () => {
  let w: LcmsWorld;
  let cocRunId: string;
  let batchId: string;
  const a = () => api(w.t, w.sam);
  const current = async (): Promise<Body[]> =>
    (await a().get(`/degradation-results?runId=${cocRunId}&limit=50`).expect(200)).body.items;

  /**
   * A donor's co-culture run with one culture sampled once at each of TIMES (barcodes
   * `${code}-${t}h`), and an lcms-quantification run for it.
   */
  const sampledRun = async (code: string, status: 'responder' | 'non-responder') => {
    const chain = await donorWithAliquot(w, code, status);
    const runId = await cocultureRun(w, [chain.donorId], [chain.aliquotId]);
    const culture = await a()
      .post('/coculture-cultures', {
        runId,
        name: `${code} culture`,
        condition: 'culture',
        aliquotId: chain.aliquotId,
      })
      .expect(201);
    for (const t of TIMES)
      await a()
        .post(`/coculture-cultures/${culture.body.id}/samplings`, {
          timeHours: t,
          chamberO2Ppm: 0.5,
          barcodes: [`${code}-${t}h`],
        })
        .expect(201);
    const lcms = await lcmsRun(w, chain.aliquotId, { analytes: ['azathioprine'] });
    return { runId, lcms };
  };

  beforeAll(async () => {
    w = await bootLcmsWorld();
    const sampled = await sampledRun('RA-K01', 'non-responder');
    cocRunId = sampled.runId;
    const lcms = sampled.lcms;
    const { injections } = syntheticBatch(['azathioprine'], decay('RA-K01', 0.05));
    batchId = (
      await a()
        .post('/lcms-batches', { runId: lcms, name: 'K01 batch', instrument: 'QTRAP', injections })
        .expect(201)
    ).body.id;
  }, 180_000);
  afterAll(() => w.t.close());

  it('a dry run recomputes nothing and stores no kinetics', async () => {
    const { csv } = syntheticBatch(['azathioprine'], decay('RA-K01', 0.05));
    const dry = (
      await a().postText(`/lcms-batches/${batchId}/imports?dryRun=true`, csv).expect(200)
    ).body;
    expect(dry.outcome).toBe('dry-run');
    expect(dry.recomputed).toEqual([]);
    expect(await current()).toEqual([]);
  });

  it('the import computes the kinetics of the run whose samples it measured, and says so', async () => {
    const { csv } = syntheticBatch(['azathioprine'], decay('RA-K01', 0.05));
    const imported = (await a().postText(`/lcms-batches/${batchId}/imports`, csv).expect(201)).body;
    expect(imported.recomputed).toEqual([
      {
        kind: 'coculture-kinetics',
        runId: cocRunId,
        status: 'recomputed',
        total: 1,
        reason: null,
        results: `/api/v1/degradation-results?runId=${cocRunId}`,
      },
    ]);
    const [r] = await current();
    expect(r.analyte).toBe('azathioprine');
    expect(r.rateConstantPerHour).toBeCloseTo(0.05, 6);
    // The audit (a manager reads it) says what made the computation.
    const trail = (
      await api(w.t, w.mia).get(`/audit?entity=coculture-kinetics&entityId=${cocRunId}`).expect(200)
    ).body as Body[];
    expect(trail.map((e) => [e.action, e.reason])).toContainEqual([
      'compute-kinetics',
      'recomputed after the import of LC-MS/MS batch K01 batch',
    ]);
    // In the chain, the import comes first and the recomputation it caused after it.
    const imports = (
      await api(w.t, w.mia).get(`/audit?entity=lcms-batch&entityId=${batchId}`).expect(200)
    ).body as Body[];
    const importSeq = imports.filter((e) => e.action === 'import').map((e) => e.seq as number);
    const computeSeq = trail
      .filter((e) => e.action === 'compute-kinetics')
      .map((e) => e.seq as number);
    expect(importSeq).toHaveLength(1);
    expect(computeSeq).toEqual([importSeq[0] + 1]);
    // The same file again is a duplicate: nothing stored, nothing recomputed.
    const dup = (await a().postText(`/lcms-batches/${batchId}/imports`, csv).expect(200)).body;
    expect(dup.outcome).toBe('duplicate');
    expect(dup.recomputed).toEqual([]);
    expect((await current()).map((x) => x.id)).toEqual([r.id]);
  });

  it('a corrected file supersedes the concentrations and the kinetics with them', async () => {
    const [before] = await current();
    const { csv } = syntheticBatch(['azathioprine'], decay('RA-K01', 0.08));
    // CAL4 reads 40 % high: the calibration is still accepted, CAL4 fails (excluded below).
    const withOutlier = csv.replace(
      /^CAL4,calibrator,azathioprine,0.5,5000,/m,
      'CAL4,calibrator,azathioprine,0.5,7000,',
    );
    expect(withOutlier).not.toBe(csv);
    const imported = (
      await a().postText(`/lcms-batches/${batchId}/imports`, withOutlier).expect(201)
    ).body;
    expect(imported.calibrations[0].accepted).toBe(true);
    expect(imported.recomputed).toMatchObject([{ runId: cocRunId, status: 'recomputed' }]);
    const [after] = await current();
    expect(after.id).not.toBe(before.id);
    expect(after.inputHash).not.toBe(before.inputHash);
    expect(after.rateConstantPerHour).toBeCloseTo(0.08, 2);
  });

  it('excluding a calibrator recomputes the concentrations and the kinetics', async () => {
    const [before] = await current();
    const excluded = (
      await a()
        .post(`/lcms-batches/${batchId}/calibrations/azathioprine/exclusions`, {
          injection: 'CAL4',
          reason: 'split peak',
        })
        .expect(201)
    ).body;
    expect(excluded.exclusions).toMatchObject([{ injection: 'CAL4' }]);
    expect(excluded.recomputed).toMatchObject([
      { kind: 'coculture-kinetics', runId: cocRunId, status: 'recomputed', total: 1 },
    ]);
    const [after] = await current();
    expect(after.id).not.toBe(before.id);
    // The line moved without CAL4, so every concentration, and the fit's input, changed.
    expect(after.inputHash).not.toBe(before.inputHash);
    expect(after.rateConstantPerHour).not.toBe(before.rateConstantPerHour);
  });

  it('an approved co-culture run keeps its signed kinetics, and the import says why', async () => {
    await completeAndSubmit(w.t, w.sam, cocRunId);
    await api(w.t, w.mia).post(`/runs/${cocRunId}/approve`, sign()).expect(200);
    const [signed] = await current();
    const { csv } = syntheticBatch(['azathioprine'], decay('RA-K01', 0.03));
    const imported = (await a().postText(`/lcms-batches/${batchId}/imports`, csv).expect(201)).body;
    expect(imported.outcome).toBe('imported');
    expect(imported.recomputed).toHaveLength(1);
    expect(imported.recomputed[0]).toMatchObject({
      runId: cocRunId,
      status: 'not-recomputed',
      total: 0,
    });
    expect(imported.recomputed[0].reason).toContain('is approved');
    expect(await current()).toEqual([signed]);
  });

  it.each([1, 2, 3])(
    'two batches of one run imported at once: one current result per culture, on both batches (round %i)',
    async (round) => {
      const code = `RA-P${round}`;
      const { runId, lcms } = await sampledRun(code, 'responder');
      // The early timepoints in one batch, the late ones in another.
      const points = decay(code, 0.05);
      const files = [points.slice(0, 4), points.slice(4)].map((u) =>
        syntheticBatch(['azathioprine'], u),
      );
      const ids: string[] = [];
      for (const [k, f] of files.entries())
        ids.push(
          (
            await a()
              .post('/lcms-batches', {
                runId: lcms,
                name: `${code} part ${k + 1}`,
                instrument: 'QTRAP',
                injections: f.injections,
              })
              .expect(201)
          ).body.id,
        );
      const results = await Promise.all(
        ids.map((id, k) => a().postText(`/lcms-batches/${id}/imports`, files[k].csv)),
      );
      expect(results.map((r) => r.status)).toEqual([201, 201]);
      // Whichever committed last computed on both batches' concentrations, and superseded the
      // other's results: one current result, on all seven timepoints.
      const current = (await a().get(`/degradation-results?runId=${runId}&limit=50`).expect(200))
        .body.items as Body[];
      expect(current).toHaveLength(1);
      expect(current[0].result.points).toHaveLength(TIMES.length);
      expect(current[0].rateConstantPerHour).toBeCloseTo(0.05, 6);
    },
  );
});
