// Responders vs non-responders through the API: six donors, each with a co-culture sampled over
// 48 h, one LC-MS/MS batch, kinetics, then GET /degradation/comparison with per-donor k and t½,
// group median and IQR, and the exact Mann–Whitney p (n = 3 per group).
import { api } from './support/plate-assays';
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
const SCATTER = [0.03, -0.02];
const DONORS: [string, 'responder' | 'non-responder', number][] = [
  ['RA-R01', 'responder', 0.02],
  ['RA-R02', 'responder', 0.03],
  ['RA-R03', 'responder', 0.04],
  ['RA-N01', 'non-responder', 0.08],
  ['RA-N02', 'non-responder', 0.1],
  ['RA-N03', 'non-responder', 0.12],
];

describe('donor comparison: responders vs non-responders', () => {
  let w: LcmsWorld;
  let comparison: Body;
  let cocRunId: string;
  /** The answer of POST /degradation-analyses. */
  let computed: Body;

  beforeAll(async () => {
    w = await bootLcmsWorld();
    const a = api(w.t, w.sam);
    const chain = [];
    for (const [code, status] of DONORS) chain.push(await donorWithAliquot(w, code, status));
    cocRunId = await cocultureRun(
      w,
      chain.map((c) => c.donorId),
      chain.map((c) => c.aliquotId),
    );
    const cocRun = cocRunId;
    const unknowns: UnknownConcentration[] = [];
    for (const [i, [code, , k]] of DONORS.entries()) {
      const c = await a
        .post('/coculture-cultures', {
          runId: cocRun,
          name: `${code} culture`,
          condition: 'culture',
          aliquotId: chain[i].aliquotId,
        })
        .expect(201);
      for (const t of TIMES) {
        const barcodes = SCATTER.map((_, r) => `${code}-${t}h-${r + 1}`);
        await a
          .post(`/coculture-cultures/${c.body.id}/samplings`, {
            timeHours: t,
            chamberO2Ppm: 0.8,
            barcodes,
          })
          .expect(201);
        SCATTER.forEach((e, r) =>
          unknowns.push({
            barcode: barcodes[r],
            analyte: 'azathioprine',
            micromolar: Math.round(50 * Math.exp(-k * t) * (1 + e) * 1e4) / 1e4,
          }),
        );
      }
    }
    const lcms = await lcmsRun(w, chain[0].aliquotId, { analytes: ['azathioprine'] });
    const { csv, injections } = syntheticBatch(['azathioprine'], unknowns);
    const batch = await a
      .post('/lcms-batches', { runId: lcms, name: 'six donors', instrument: 'QTRAP', injections })
      .expect(201);
    await a.postText(`/lcms-batches/${batch.body.id}/imports`, csv).expect(201);
    computed = (await a.post('/degradation-analyses', { runId: cocRun }).expect(201)).body;
    comparison = (
      await a.get('/degradation/comparison?protocolKey=anaerobic-coculture').expect(200)
    ).body;
  }, 180_000);
  afterAll(() => w.t.close());

  it('the computation answers a line per culture, as it stored them', async () => {
    const stored = (
      await api(w.t, w.sam).get(`/degradation-results?runId=${cocRunId}&limit=500`).expect(200)
    ).body;
    expect(computed.runId).toBe(cocRunId);
    expect(computed.total).toBe(stored.total);
    expect(computed.results).toBe(`/api/v1/degradation-results?runId=${cocRunId}`);
    const byId = new Map((stored.items as Body[]).map((r) => [r.id, r]));
    expect(computed.items).toHaveLength(DONORS.length);
    for (const line of computed.items as Body[]) {
      const r = byId.get(line.id) as Body;
      expect(line).not.toHaveProperty('result');
      expect(line).toMatchObject({
        cultureId: r.cultureId,
        analyte: 'azathioprine',
        role: 'parent',
        status: 'fitted',
        rateConstantPerHour: r.rateConstantPerHour,
        halfLifeHours: r.halfLifeHours,
        flags: r.flags,
        inputHash: r.inputHash,
      });
      expect(line.rateConstantPerHour).toBe(r.result.degradation.sfo.rateConstantPerHour);
    }
  });

  it('lists each donor’s k and t½ with its group', () => {
    expect(comparison.status).toBe('compared');
    expect(comparison.donors).toHaveLength(6);
    for (const [code, status, k] of DONORS) {
      const d = comparison.donors.find((x: Body) => x.donorCode === code);
      expect(d.responderStatus).toBe(status);
      expect(d.rateConstantPerHour).toBeCloseTo(k, 2);
      expect(d.halfLifeHours).toBeCloseTo(Math.LN2 / d.rateConstantPerHour, 9);
    }
  });

  it('group n, median and IQR; Mann–Whitney U with the exact p for 3 vs 3', () => {
    expect(comparison.responders.n).toBe(3);
    expect(comparison.nonResponders.n).toBe(3);
    expect(comparison.responders.medianRateConstantPerHour).toBeCloseTo(0.03, 2);
    expect(comparison.nonResponders.medianRateConstantPerHour).toBeCloseTo(0.1, 2);
    expect(comparison.nonResponders.q1RateConstantPerHour).toBeLessThan(
      comparison.nonResponders.medianRateConstantPerHour,
    );
    expect(comparison.nonResponders.q3RateConstantPerHour).toBeGreaterThan(
      comparison.nonResponders.medianRateConstantPerHour,
    );
    expect(comparison.test.W).toBe(0);
    expect(comparison.test.pValueMethod).toBe('exact');
    // Two-sided exact p: 2 of the C(6,3) = 20 arrangements are as extreme.
    expect(comparison.test.pValue).toBeCloseTo(0.1, 12);
    expect(comparison.method).toBe('kinetics-donor-comparison');
    expect(comparison.inputHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('the biotic-rate comparison needs abiotic controls: without them, insufficient data', async () => {
    const c = (await api(w.t, w.sam).get('/degradation/comparison?rate=biotic').expect(200)).body;
    expect(c.status).toBe('insufficient-data');
    expect(c.test).toBeNull();
  });
});
