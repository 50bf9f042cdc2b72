// The co-culture user story end to end, on the kinetics/coculture-donor reference
// (../shared/fixtures): donor → fecal sample → aliquot → co-culture and abiotic control →
// timepoint samples → LC-MS/MS batch imported (azathioprine, 6-MP) → calibration accepted →
// concentrations → SFO k and t½, biotic rate, 6-MP Cmax/Tmax and molar balance, through HTTP.
import { api, expectRel } from './support/plate-assays';
import { syntheticBatch, type UnknownConcentration } from './support/coculture-batch';
import {
  bootLcmsWorld,
  cocultureRun,
  donorWithAliquot,
  lcmsRun,
  type Body,
  type LcmsWorld,
} from './support/lcms-world';
import { describeWithFixtures, readFixtureJson, readFixtureText } from './support/shared-fixtures';

const SFO_TOL = 1e-3;
const CLOSED = 1e-6;

describeWithFixtures('co-culture → LC-MS/MS → kinetics (kinetics/coculture-donor)', () => {
  let w: LcmsWorld;
  let cocRunId: string;
  let culture: Body;
  let abiotic: Body;
  let results: Body[];
  /** The answer of POST /degradation-analyses (a summary of what it stored). */
  let computed: Body;
  const exp = () => readFixtureJson('kinetics', 'coculture-donor', 'expected.json').expected;

  beforeAll(async () => {
    w = await bootLcmsWorld();
    const a = api(w.t, w.sam);
    const d = await donorWithAliquot(w, 'RA-D07', 'non-responder');
    cocRunId = await cocultureRun(w, [d.donorId], [d.aliquotId]);
    abiotic = (
      await a
        .post('/coculture-cultures', { runId: cocRunId, name: 'D07 abiotic', condition: 'abiotic' })
        .expect(201)
    ).body;
    culture = (
      await a
        .post('/coculture-cultures', {
          runId: cocRunId,
          name: 'D07 culture',
          condition: 'culture',
          aliquotId: d.aliquotId,
          abioticControlId: abiotic.id,
          inoculum: '10 % (v/v) slurry',
        })
        .expect(201)
    ).body;
    expect(culture.donorId).toBe(d.donorId);
    expect(culture.drug).toBe('azathioprine');
    expect(culture.drugStartConcentration).toBe(50);
    expect(culture.drugConcentrationUnit).toBe('µM');
    // The fixture's samples: CUL-<t>h-<r> and ABI-<t>h-<r>, with their concentrations.
    const rows = readFixtureText('kinetics', 'coculture-donor', 'timecourse_long.csv')
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => l.split(','));
    const unknowns: UnknownConcentration[] = rows.map(([sample, , , , , analyte, c]) => ({
      barcode: sample,
      analyte,
      micromolar: Number(c),
    }));
    for (const [c, prefix] of [
      [culture, 'CUL'],
      [abiotic, 'ABI'],
    ] as const) {
      for (const t of [0, 1, 2, 4, 8, 24, 48]) {
        await a
          .post(`/coculture-cultures/${c.id}/samplings`, {
            timeHours: t,
            chamberO2Ppm: 1.5,
            barcodes: [1, 2, 3].map((r) => `${prefix}-${t}h-${r}`),
          })
          .expect(201);
      }
    }
    const lcmsRunId = await lcmsRun(w, d.aliquotId, { analytes: ['azathioprine', '6-MP'] });
    const { csv, injections } = syntheticBatch(['azathioprine', '6-MP'], unknowns);
    const batch = await a
      .post('/lcms-batches', {
        runId: lcmsRunId,
        name: 'D07 time course',
        instrument: 'QTRAP 6500+',
        injections,
      })
      .expect(201);
    const imported = await a.postText(`/lcms-batches/${batch.body.id}/imports`, csv);
    if (imported.status !== 201) throw new Error(JSON.stringify(imported.body));
    expect(imported.body.calibrations.map((c: Body) => [c.analyte, c.accepted])).toEqual([
      ['azathioprine', true],
      ['6-MP', true],
    ]);
    computed = (await a.post('/degradation-analyses', { runId: cocRunId }).expect(201)).body;
    results = (await a.get(`/degradation-results?runId=${cocRunId}&limit=500`).expect(200)).body
      .items;
  }, 120_000);
  afterAll(() => w.t.close());

  const svgText = async (path: string): Promise<string> => {
    const res = await api(w.t, w.sam)
      .get(path)
      .buffer(true)
      .parse((r, cb) => {
        let data = '';
        r.setEncoding('utf8');
        r.on('data', (c: string) => (data += c));
        r.on('end', () => cb(null, data));
      });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^image\/svg\+xml/);
    return res.body as string;
  };

  const parent = (cultureId: string): Body =>
    results.find((r) => r.cultureId === cultureId && r.role === 'parent') as Body;

  it('samples carry barcode, culture and time; the culture stays anaerobic below the O₂ limit', async () => {
    const c = (await api(w.t, w.sam).get(`/coculture-cultures/${culture.id}`).expect(200)).body;
    expect(c.samples).toHaveLength(21);
    expect(c.samples[0]).toMatchObject({
      barcode: 'CUL-0h-1',
      timeHours: 0,
      replicate: 1,
      cultureId: culture.id,
      o2WithinLimit: true,
    });
    expect(c.anaerobic).toBe(true);
    expect(c.flags).toEqual([]);
  });

  it('azathioprine in culture: SFO and log-linear as the reference', () => {
    const e = exp().azathioprine.culture;
    const r = parent(culture.id).result;
    const sfo = r.degradation.sfo;
    expect(r.n).toBe(e.n);
    expectRel(sfo.c0, e.SFO_nonlinear.C0, SFO_TOL, 'C0');
    expectRel(sfo.rateConstantPerHour, e.SFO_nonlinear.k, SFO_TOL, 'k');
    expectRel(sfo.rateConstantSePerHour, e.SFO_nonlinear.k_se, 5e-3, 'SE(k)');
    expectRel(sfo.rateConstantCiPerHour[0], e.SFO_nonlinear.k_ci95_wald_t[0], SFO_TOL, 'k CI low');
    expectRel(sfo.rateConstantCiPerHour[1], e.SFO_nonlinear.k_ci95_wald_t[1], SFO_TOL, 'k CI high');
    expectRel(sfo.halfLifeHours, e.SFO_nonlinear.half_life, SFO_TOL, 't½');
    expectRel(sfo.halfLifeSeHours, e.SFO_nonlinear.half_life_se_delta, 5e-3, 'SE(t½)');
    expectRel(
      sfo.halfLifeCiHours[0],
      e.SFO_nonlinear.half_life_ci95_from_k_ci[0],
      SFO_TOL,
      't½ CI low',
    );
    expectRel(sfo.dt90Hours, e.SFO_nonlinear.DT90, SFO_TOL, 'DT90');
    expectRel(sfo.percentRemainingAtLastTime, e.percent_remaining_at_48h, CLOSED, '% remaining');
    expectRel(
      r.degradation.logLinear.rateConstantPerHour,
      e.log_linear_OLS.k,
      CLOSED,
      'log-linear k',
    );
    expect(parent(culture.id).method).toBe('coculture-parent-kinetics');
    expect(parent(culture.id).inputHash).toMatch(/^[0-9a-f]{64}$/);
    expect(parent(culture.id).flags).not.toContain('fewer-than-4-timepoints-above-lloq');
    expect(parent(culture.id).flags).not.toContain('poor-fit');
    // Every sampling's chamber O₂ was within the protocol's limit.
    expect(parent(culture.id).flags).not.toContain('not-anaerobic');
    // The FOCUS χ² error level: 7 per-time means, 2 parameters, against the protocol's 15 %.
    expect(r.degradation.sfoChiSquareError).toMatchObject({ timepoints: 7, parameters: 2, df: 5 });
    expect(r.degradation.sfoChiSquareError.errorPercent).toBeGreaterThan(0);
    expect(r.degradation.sfoChiSquareError.errorPercent).toBeLessThan(15);
    expect(r.degradation.poorFitErrorMaxPercent).toBe(15);
    expect(parent(culture.id).options).toMatchObject({ poorFitChiSquareErrorMaxPercent: 15 });
  });

  it('the computation answers one summary line per stored result, and where to read them', async () => {
    expect(computed.runId).toBe(cocRunId);
    expect(computed.total).toBe(results.length);
    expect(computed.items).toHaveLength(results.length);
    // Two cultures: azathioprine and 6-MP each.
    expect(results).toHaveLength(4);
    const byId = new Map(results.map((r) => [r.id, r]));
    for (const s of computed.items as Body[]) {
      const r = byId.get(s.id) as Body;
      expect(r.createdAt).toBe(computed.computedAt);
      expect(s).toEqual({
        id: r.id,
        cultureId: r.cultureId,
        culture: r.result.culture,
        condition: r.result.condition,
        analyte: r.analyte,
        role: r.role,
        status: r.result.status,
        reason: r.result.reason,
        rateConstantPerHour: r.rateConstantPerHour,
        halfLifeHours: r.halfLifeHours,
        flags: r.flags,
        method: r.method,
        methodVersion: r.methodVersion,
        inputHash: r.inputHash,
      });
    }
    expect(computed.computedAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/);
    const parentLine = (computed.items as Body[]).find(
      (s) => s.cultureId === culture.id && s.role === 'parent',
    ) as Body;
    expect(parentLine).toMatchObject({
      culture: 'D07 culture',
      condition: 'culture',
      status: 'fitted',
    });
    // The link reads the same results.
    const linked = (await api(w.t, w.sam).get(computed.results.replace('/api/v1', '')).expect(200))
      .body;
    expect((linked.items as Body[]).map((r) => r.id).sort()).toEqual([...byId.keys()].sort());
  });

  it('abiotic control and biotic rate (culture − abiotic)', () => {
    const e = exp();
    const ab = parent(abiotic.id).result.degradation.sfo;
    expectRel(ab.rateConstantPerHour, e.azathioprine.abiotic.SFO_nonlinear.k, SFO_TOL, 'abiotic k');
    const biotic = parent(culture.id).result.biotic;
    expectRel(biotic.rateConstantPerHour, e.biotic_rate_SFO.k, SFO_TOL, 'biotic k');
    expectRel(biotic.rateConstantSePerHour, e.biotic_rate_SFO.se, 5e-3, 'biotic SE');
  });

  it('6-MP in culture: Cmax, Tmax and the molar balance at Tmax', () => {
    const e = exp()['6-MP_culture'];
    const m = results.find((r) => r.cultureId === culture.id && r.analyte === '6-MP') as Body;
    expect(m.role).toBe('metabolite');
    expectRel(m.result.formation.cmax, e.Cmax_uM, CLOSED, 'Cmax');
    expect(m.result.formation.tmaxHours).toBe(e.Tmax_h);
    expectRel(
      m.result.massBalanceAtTmax.balancePercent,
      e.molar_balance_pct_at_Tmax,
      CLOSED,
      'balance',
    );
    // Two t = 0 replicates are written 0.0000: BLQ, never a number, so the 0 h mean is of one.
    const t0 = m.result.formation.meansByTime.find((p: Body) => p.timeHours === 0);
    expect(t0.n).toBe(1);
    expect(m.result.points.filter((p: Body) => p.status === 'BLQ')).toHaveLength(2);
    for (const t of [1, 2, 4, 8, 24, 48]) {
      const p = m.result.formation.meansByTime.find((x: Body) => x.timeHours === t);
      expectRel(p.mean, e.mean_by_time_h[String(t)], CLOSED, `6-MP mean at ${t} h`);
    }
  });

  it('the donor comparison says insufficient data with one donor, stating n', async () => {
    const c = (
      await api(w.t, w.sam)
        .get('/degradation/comparison?protocolKey=anaerobic-coculture')
        .expect(200)
    ).body;
    expect(c.status).toBe('insufficient-data');
    expect(c.responders.n).toBe(0);
    expect(c.nonResponders.n).toBe(1);
    expect(c.reason).toMatch(/at least 3 per group/);
    expect(c.donors[0]).toMatchObject({ donorCode: 'RA-D07', responderStatus: 'non-responder' });
    expectRel(
      c.donors[0].rateConstantPerHour,
      exp().azathioprine.culture.SFO_nonlinear.k,
      SFO_TOL,
      'donor k',
    );
  });

  it('pictures and CSV: degradation over the abiotic control, metabolites, kinetics CSV', async () => {
    const a = api(w.t, w.sam);
    const svg = await svgText(`/coculture-cultures/${culture.id}/degradation.svg`);
    expect(svg).toContain('abiotic control');
    expect(svg).toContain('SFO k');
    expect(await svgText(`/coculture-cultures/${culture.id}/metabolites.svg`)).toContain('6-MP');
    expect(await svgText('/degradation/comparison.svg')).toContain('non-responders');
    const csv = await a.get(`/degradation-results.csv?runId=${cocRunId}`).expect(200);
    const lines = csv.text.split('\r\n');
    expect(lines[0]).toContain('sfo_k_per_h');
    expect(lines).toHaveLength(1 + results.length);
  });
});
