// LC-MS/MS imports through the API: all or nothing, dry run, duplicates, names mapped to the
// batch (unmapped → the known ones listed, then a confirmed mapping), samples matched to the
// injection list, missing areas kept missing, carry-over, calibrator exclusion with history,
// RUN_LOCKED after approval; and the co-culture O₂ flag.
import { readFileSync } from 'node:fs';
import * as analysisStore from '../src/assays/lcms/lcms-analysis-store';
import { createUserWithKey } from './support/test-app';
import { api, completeAndSubmit, sign, type User } from './support/plate-assays';
import { approvedVersionId, bearer } from './support/runs-fixtures';
import { syntheticBatch, type UnknownConcentration } from './support/coculture-batch';
import {
  bootLcmsWorld,
  cocultureRun,
  donorWithAliquot,
  lcmsRun,
  type Body,
  type LcmsWorld,
} from './support/lcms-world';
import { fixturePath, itWithFixtures } from './support/shared-fixtures';

const ANALYTES = ['azathioprine', '6-MP'];
const UNKNOWNS: UnknownConcentration[] = [
  { barcode: 'S-1', analyte: 'azathioprine', micromolar: 42.5 },
  { barcode: 'S-1', analyte: '6-MP', micromolar: 3.25 },
  { barcode: 'S-2', analyte: 'azathioprine', micromolar: 0.004 },
  { barcode: 'S-3', analyte: 'azathioprine', micromolar: 180 },
];

describe('LC-MS/MS imports and co-culture records through the API', () => {
  let w: LcmsWorld;
  let max: User;
  let aliquotId: string;
  let donorId: string;
  let runId: string;
  let cocRunId: string;

  beforeAll(async () => {
    w = await bootLcmsWorld();
    max = await createUserWithKey(w.t, 'max', ['manager']);
    ({ aliquotId, donorId } = await donorWithAliquot(w, 'RA-I01', 'responder'));
    runId = await lcmsRun(w, aliquotId, { analytes: ANALYTES });
    cocRunId = await cocultureRun(w, [donorId], [aliquotId]);
    // The unknowns name co-culture samples by barcode.
    const c = await api(w.t, w.sam)
      .post('/coculture-cultures', {
        runId: cocRunId,
        name: 'I01 culture',
        condition: 'culture',
        aliquotId,
      })
      .expect(201);
    await api(w.t, w.sam)
      .post(`/coculture-cultures/${c.body.id}/samplings`, {
        timeHours: 0,
        chamberO2Ppm: 1,
        barcodes: ['S-1', 'S-2', 'S-3'],
      })
      .expect(201);
  }, 120_000);
  afterAll(() => w.t.close());

  const a = () => api(w.t, w.sam);

  async function newBatch(name: string, injections: Body[], extra: Body = {}): Promise<string> {
    const res = await a().post('/lcms-batches', {
      runId,
      name,
      instrument: 'QTRAP 6500+',
      injections,
      ...extra,
    });
    if (res.status !== 201) throw new Error(JSON.stringify(res.body));
    return res.body.id as string;
  }

  it('a new batch answers what it stored: the answer is the batch as read back, creation time included', async () => {
    const { injections } = syntheticBatch(ANALYTES, UNKNOWNS);
    const created = await a()
      .post('/lcms-batches', { runId, name: 'answer as stored', instrument: 'QTRAP', injections })
      .expect(201);
    expect(created.body.createdAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    expect(created.body.injections).toHaveLength(injections.length);
    const read = await a().get(`/lcms-batches/${created.body.id}`).expect(200);
    expect(read.body).toEqual(created.body);
  });

  it('dry run reports without writing; the import stores and calibrates; the same content again is a duplicate', async () => {
    const { csv, injections } = syntheticBatch(ANALYTES, UNKNOWNS);
    const batchId = await newBatch('dry-run and duplicate', injections);
    const dry = await a().postText(`/lcms-batches/${batchId}/imports?dryRun=true`, csv).expect(200);
    expect(dry.body.outcome).toBe('dry-run');
    expect(dry.body.calibrations.map((c: Body) => c.accepted)).toEqual([true, true]);
    expect((await a().get(`/lcms-batches/${batchId}`).expect(200)).body.currentImportId).toBeNull();
    expect((await a().get(`/lcms-concentrations?batchId=${batchId}`).expect(200)).body.total).toBe(
      0,
    );

    const first = await a().postText(`/lcms-batches/${batchId}/imports`, csv).expect(201);
    expect(first.body.outcome).toBe('imported');
    const again = await a().postText(`/lcms-batches/${batchId}/imports`, csv).expect(200);
    expect(again.body.outcome).toBe('duplicate');
    expect(again.body.importId).toBe(first.body.importId);
    const batch = (await a().get(`/lcms-batches/${batchId}`).expect(200)).body;
    expect(batch.accepted).toBe(true);

    const conc = (await a().get(`/lcms-concentrations?batchId=${batchId}`).expect(200)).body;
    const of = (inj: string, analyte: string) =>
      conc.items.find((c: Body) => c.injection === inj && c.analyte === analyte);
    expect(of('S-1', 'azathioprine')).toMatchObject({ status: 'quantified', sampleBarcode: 'S-1' });
    expect(of('S-1', 'azathioprine').concentration).toBeCloseTo(42.5, 9);
    expect(of('S-2', 'azathioprine')).toMatchObject({
      status: 'BLQ',
      concentration: null,
      task: null,
    });
    expect(of('S-3', 'azathioprine')).toMatchObject({
      status: 'ALQ',
      concentration: null,
      task: 'dilute-and-re-run',
    });
    // S-2 and S-3 have no 6-MP row value: N/A, kept missing, never 0.
    expect(of('S-2', '6-MP')).toMatchObject({ status: 'no-peak', concentration: null });
    const peaks = (await a().get(`/lcms-batches/${batchId}/peak-areas?analyte=6-MP`).expect(200))
      .body.items;
    const s2 = peaks.find((p: Body) => p.injection === 'S-2');
    expect(s2).toMatchObject({ areaRaw: 'N/A', area: null });
    // The list pages the import's stored peaks: pages of 7 make up the whole list, ordered by
    // line, then analyte; the analyte filter answers its subset.
    const all = (await a().get(`/lcms-batches/${batchId}/peak-areas?limit=5000`).expect(200)).body;
    expect(all.total).toBe(all.items.length);
    const paged: Body[] = [];
    for (let offset = 0; offset < all.total + 7; offset += 7) {
      const page = (
        await a().get(`/lcms-batches/${batchId}/peak-areas?limit=7&offset=${offset}`).expect(200)
      ).body;
      expect(page).toMatchObject({ total: all.total, limit: 7, offset });
      paged.push(...page.items);
    }
    expect(paged).toEqual(all.items);
    const order = (p: Body) => `${String(p.line).padStart(6, '0')} ${p.analyte}`;
    const keys = all.items.map(order);
    expect(keys).toEqual([...keys].sort());
    expect(all.items.filter((p: Body) => p.analyte === '6-MP')).toEqual(peaks);
    const alq = (await a().get(`/lcms-concentrations?batchId=${batchId}&status=ALQ`).expect(200))
      .body;
    expect(alq.total).toBe(1);
    const csvOut = await a().get(`/lcms-concentrations.csv?batchId=${batchId}`).expect(200);
    expect(csvOut.text.split('\r\n')[0]).toBe(
      'batch_id,injection,sample_barcode,analyte,status,concentration,unit,response,task,calibration_id',
    );
  });

  it('a duplicate is answered before the file is analysed, with the first import’s report', async () => {
    const { csv, injections } = syntheticBatch(ANALYTES, UNKNOWNS);
    const batchId = await newBatch('duplicate not analysed', injections);
    // Calls through: the spy only counts the analyses.
    const analyse = jest.spyOn(analysisStore, 'analyseBatch');
    try {
      const first = await a().postText(`/lcms-batches/${batchId}/imports`, csv).expect(201);
      expect(analyse).toHaveBeenCalledTimes(1);
      const again = await a().postText(`/lcms-batches/${batchId}/imports`, csv).expect(200);
      expect(analyse).toHaveBeenCalledTimes(1);
      // The same report, field for field (calibrations read back in the batch's analyte order),
      // except what the first import recomputed: a duplicate stores and recomputes nothing.
      expect(first.body.calibrations.map((c: Body) => c.analyte)).toEqual(ANALYTES);
      expect(first.body.missingAreas).toBeGreaterThan(0);
      expect(first.body.recomputed).toMatchObject([{ status: 'recomputed' }]);
      expect(again.body).toEqual({ ...first.body, outcome: 'duplicate', recomputed: [] });
    } finally {
      analyse.mockRestore();
    }
  });

  it('refuses a file whose samples or compounds the batch does not know, listing the known ones, and stores nothing', async () => {
    const { csv, injections } = syntheticBatch(ANALYTES, UNKNOWNS);
    const batchId = await newBatch(
      'unknown names',
      injections.filter((i) => i.name !== 'S-3'),
    );
    const withExtraCompound = csv.replace(/\n$/, '\nS-1,unknown,6-TG,,1200,1000000\n');
    const res = await a()
      .postText(`/lcms-batches/${batchId}/imports`, withExtraCompound)
      .expect(422);
    expect(res.body.code).toBe('IMPORT_REJECTED');
    const codes = res.body.errors.map((e: Body) => e.code);
    expect(codes).toEqual(expect.arrayContaining(['UNMAPPED_COMPOUND', 'UNKNOWN_INJECTION']));
    const unmapped = res.body.errors.find((e: Body) => e.code === 'UNMAPPED_COMPOUND');
    expect(unmapped.message).toContain('azathioprine, 6-MP');
    expect(unmapped.message).toContain('6-MP-13C2,15N');
    const unknown = res.body.errors.find((e: Body) => e.code === 'UNKNOWN_INJECTION');
    expect(unknown.message).toContain('S-3');
    expect(unknown.message).toContain('CAL1');
    expect((await a().get(`/lcms-batches/${batchId}`).expect(200)).body.currentImportId).toBeNull();
  });

  it('a name mapping confirmed once for the method maps the file’s compound names', async () => {
    const { csv, injections } = syntheticBatch(ANALYTES, UNKNOWNS);
    const renamed = csv.replace(/,azathioprine,/g, ',AZA 278>152,');
    const batchId = await newBatch('mapped names', injections);
    const refused = await a().postText(`/lcms-batches/${batchId}/imports`, renamed).expect(422);
    expect(refused.body.errors.map((e: Body) => e.code)).toEqual([
      'UNMAPPED_COMPOUND',
      'ANALYTE_NOT_IN_FILE',
    ]);
    const versionId = await approvedVersionId(w.t, 'lcms-quantification', w.sam.key);
    const mapping = await w.t
      .http()
      .put(`/api/v1/lcms-name-mappings/${versionId}`)
      .set({ Authorization: `Bearer ${w.sam.key}` })
      .send({ mappings: [{ fileName: 'AZA 278>152', target: 'azathioprine' }] })
      .expect(200);
    expect(mapping.body.mappings).toEqual([{ fileName: 'AZA 278>152', target: 'azathioprine' }]);
    const ok = await a().postText(`/lcms-batches/${batchId}/imports`, renamed).expect(201);
    expect(ok.body.compoundMapping).toEqual({ 'AZA 278>152': 'azathioprine', '6-MP': '6-MP' });
    const again = await a().postText(`/lcms-batches/${batchId}/imports`, renamed).expect(200);
    expect(again.body).toMatchObject({
      outcome: 'duplicate',
      compoundMapping: ok.body.compoundMapping,
    });
    // A duplicate still maps the file: with the mapping withdrawn, the same content is refused.
    const put = (body: Body) =>
      w.t
        .http()
        .put(`/api/v1/lcms-name-mappings/${versionId}`)
        .set({ Authorization: `Bearer ${w.sam.key}` })
        .send(body)
        .expect(200);
    await put({ replace: true, mappings: [] });
    try {
      const unmapped = await a().postText(`/lcms-batches/${batchId}/imports`, renamed).expect(422);
      expect(unmapped.body.errors.map((e: Body) => e.code)).toEqual([
        'UNMAPPED_COMPOUND',
        'ANALYTE_NOT_IN_FILE',
      ]);
    } finally {
      await put({ mappings: mapping.body.mappings });
    }
  });

  it('the same file imports again when the name mapping now maps it to other peaks; then it is a duplicate', async () => {
    const { csv, injections } = syntheticBatch(ANALYTES, UNKNOWNS);
    // A quantifier and a qualifier transition of azathioprine; the qualifier's areas are twice
    // the quantifier's, so the calibration line tells which one was used.
    const lines = csv.trimEnd().split('\n');
    const withQualifier = [lines[0]];
    for (const line of lines.slice(1)) {
      const f = line.split(',');
      if (f[2] !== 'azathioprine') {
        withQualifier.push(line);
        continue;
      }
      withQualifier.push([...f.slice(0, 2), 'AZA 278>152', ...f.slice(3)].join(','));
      const twice = f[4] === '' || f[4] === 'N/A' ? f[4] : String(2 * Number(f[4]));
      withQualifier.push([...f.slice(0, 2), 'AZA 278>94', f[3], twice, ...f.slice(5)].join(','));
    }
    const file = withQualifier.join('\n') + '\n';
    const versionId = await approvedVersionId(w.t, 'lcms-quantification', w.sam.key);
    const mappings = () =>
      w.t.http().get(`/api/v1/lcms-name-mappings/${versionId}`).set(bearer(w.sam.key)).expect(200);
    const put = (body: Body) =>
      w.t
        .http()
        .put(`/api/v1/lcms-name-mappings/${versionId}`)
        .set(bearer(w.sam.key))
        .send(body)
        .expect(200);
    const before = (await mappings()).body.mappings as Body[];
    const batchId = await newBatch('remapped', injections);
    const slope = (body: Body) =>
      body.calibrations.find((c: Body) => c.analyte === 'azathioprine').slope as number;
    const fileCompounds = async () => [
      ...new Set(
        (
          await a()
            .get(`/lcms-batches/${batchId}/peak-areas?analyte=azathioprine&limit=500`)
            .expect(200)
        ).body.items.map((p: Body) => p.fileCompound),
      ),
    ];
    try {
      await put({
        mappings: [
          { fileName: 'AZA 278>152', target: 'azathioprine' },
          { fileName: 'AZA 278>94', target: null },
        ],
      });
      const first = await a().postText(`/lcms-batches/${batchId}/imports`, file).expect(201);
      expect(first.body.outcome).toBe('imported');
      expect(await fileCompounds()).toEqual(['AZA 278>152']);
      // The method now quantifies on the qualifier: the same bytes are imported again.
      await put({
        mappings: [
          { fileName: 'AZA 278>152', target: null },
          { fileName: 'AZA 278>94', target: 'azathioprine' },
        ],
      });
      const again = await a().postText(`/lcms-batches/${batchId}/imports`, file).expect(201);
      expect(again.body).toMatchObject({
        outcome: 'imported',
        contentHash: first.body.contentHash,
        compoundMapping: { 'AZA 278>152': null, 'AZA 278>94': 'azathioprine' },
      });
      expect(again.body.importId).not.toBe(first.body.importId);
      expect(slope(again.body) / slope(first.body)).toBeCloseTo(2, 10);
      expect(await fileCompounds()).toEqual(['AZA 278>94']);
      const current = (await a().get(`/lcms-batches/${batchId}/calibrations`).expect(200)).body;
      expect(slope({ calibrations: current.items ?? current })).toBe(slope(again.body));
      // With the mapping unchanged, the same bytes are a duplicate of the new import.
      const third = await a().postText(`/lcms-batches/${batchId}/imports`, file).expect(200);
      expect(third.body).toMatchObject({ outcome: 'duplicate', importId: again.body.importId });
    } finally {
      await put({ replace: true, mappings: before });
    }
  });

  it('carry-over: analyte in the blank after the top calibrator above 20 % of the LLOQ rejects the batch; below passes', async () => {
    // LLOQ area 100 (0.01 µM): 30 in the blank is 30 %.
    const bad = syntheticBatch(ANALYTES, UNKNOWNS, { blankAnalyteArea: '30' });
    const badId = await newBatch('carry-over high', bad.injections);
    await a().postText(`/lcms-batches/${badId}/imports`, bad.csv).expect(201);
    const cal = (await a().get(`/lcms-batches/${badId}/calibrations/azathioprine`).expect(200))
      .body;
    expect(cal.accepted).toBe(false);
    expect(cal.failedRules.map((r: Body) => r.code)).toEqual(['CARRYOVER_ANALYTE']);
    expect(cal.result.carryover).toMatchObject({
      blank: 'BLANK-AFTER-ULOQ',
      afterCalibrator: 'CAL9',
      analytePass: false,
    });
    const conc = (
      await a().get(`/lcms-concentrations?batchId=${badId}&analyte=azathioprine`).expect(200)
    ).body.items;
    expect(
      conc.every(
        (c: Body) => c.concentration === null && ['not-reportable', 'no-peak'].includes(c.status),
      ),
    ).toBe(true);

    const fine = syntheticBatch(ANALYTES, UNKNOWNS, { blankAnalyteArea: '10' });
    const fineId = await newBatch('carry-over low', fine.injections);
    await a().postText(`/lcms-batches/${fineId}/imports`, fine.csv).expect(201);
    const ok = (await a().get(`/lcms-batches/${fineId}/calibrations/azathioprine`).expect(200))
      .body;
    expect(ok.accepted).toBe(true);
    expect(ok.result.carryover.analytePercentOfLloq).toBeCloseTo(10, 9);
    expect(ok.flags).not.toContain('no-carryover-blank');
  });

  it('a QC level with 2 of 3 outside ±15 % rejects the batch (ICH M10), naming the level', async () => {
    const b = syntheticBatch(ANALYTES, UNKNOWNS, { qcOffPercent: { 'QC-M': 25 } });
    const id = await newBatch('qc fail', b.injections);
    const res = await a().postText(`/lcms-batches/${id}/imports`, b.csv).expect(201);
    const aza = res.body.calibrations.find((c: Body) => c.analyte === 'azathioprine');
    expect(aza.accepted).toBe(false);
    expect(aza.failedRules).toEqual([
      expect.objectContaining({ code: 'QC_LEVEL_PASS_FRACTION', level: 'QC-M' }),
    ]);
  });

  it("the protocol's QC accuracy limit reaches ICH M10: at ±30 % the same QC-M 25 % off passes, while calibrators keep ±15 %", async () => {
    const wide = await lcmsRun(w, aliquotId, {
      analytes: ANALYTES,
      qcAccuracyPercent: 30,
      qcAccuracyAtLloqPercent: 30,
    });
    const b = syntheticBatch(ANALYTES, UNKNOWNS, { qcOffPercent: { 'QC-M': 25 } });
    const id = await newBatch('qc wide', b.injections, { runId: wide });
    const res = await a().postText(`/lcms-batches/${id}/imports`, b.csv).expect(201);
    const aza = res.body.calibrations.find((c: Body) => c.analyte === 'azathioprine');
    expect(aza).toMatchObject({ accepted: true, failedRules: [] });
    const detail = (await a().get(`/lcms-batches/${id}/calibrations/azathioprine`).expect(200))
      .body;
    expect(detail.options).toMatchObject({
      tolerancePercent: 15,
      qcTolerancePercent: 30,
      qcLloqTolerancePercent: 30,
    });
    const limits = (rows: Body[]) => [...new Set(rows.map((r) => r.limitPercent))].sort();
    expect(limits(detail.result.calibration.qcs)).toEqual([30]);
    expect(limits(detail.result.calibration.calibrators)).toEqual([15, 20]);
  });

  it('only the most deviant failing calibrator can be excluded; the decision is recomputed and the history kept', async () => {
    const b = syntheticBatch(ANALYTES, UNKNOWNS);
    // CAL4 reads 40 % high, CAL6 25 % high.
    const csv = b.csv
      .replace(/^CAL4,calibrator,azathioprine,0.5,5000,/m, 'CAL4,calibrator,azathioprine,0.5,7000,')
      .replace(/^CAL6,calibrator,azathioprine,5,50000,/m, 'CAL6,calibrator,azathioprine,5,62500,');
    expect(csv).not.toBe(b.csv);
    const id = await newBatch('exclusion', b.injections);
    await a().postText(`/lcms-batches/${id}/imports`, csv).expect(201);
    const before = (await a().get(`/lcms-batches/${id}/calibrations/azathioprine`).expect(200))
      .body;
    const failing = before.result.calibration.calibrators
      .filter((c: Body) => !c.pass)
      .map((c: Body) => c.sample);
    expect(failing).toContain('CAL4');
    const refused = await a()
      .post(`/lcms-batches/${id}/calibrations/azathioprine/exclusions`, {
        injection: 'CAL2',
        reason: 'not the worst',
      })
      .expect(409);
    expect(refused.body.code).toBe('CALIBRATOR_EXCLUSION_REFUSED');
    expect(refused.body.detail).toContain('CAL4');
    const after = (
      await a()
        .post(`/lcms-batches/${id}/calibrations/azathioprine/exclusions`, {
          injection: 'CAL4',
          reason: 'split peak, integration not possible',
        })
        .expect(201)
    ).body;
    expect(after.exclusions).toEqual([
      expect.objectContaining({
        injection: 'CAL4',
        reason: 'split peak, integration not possible',
      }),
    ]);
    expect(after.result.calibration.calibrators.map((c: Body) => c.sample)).not.toContain('CAL4');
    expect(after.slope).not.toBe(before.slope);
    const history = (
      await a()
        .get(`/lcms-batches/${id}/calibrations?analyte=azathioprine&history=true`)
        .expect(200)
    ).body;
    expect(history.total).toBe(2);
    expect(history.items.map((c: Body) => c.current)).toEqual([false, true]);
    expect(history.items[0].supersededAt).not.toBeNull();
    const plot = await a()
      .get(`/lcms-batches/${id}/calibrations/azathioprine/plot.svg`)
      .buffer(true)
      .parse((r, cb) => {
        let d = '';
        r.setEncoding('utf8');
        r.on('data', (c: string) => (d += c));
        r.on('end', () => cb(null, d));
      });
    expect(plot.status).toBe(200);
    expect(plot.body).toContain('Excluded: CAL4');
  });

  it('a reading above the run’s O₂ limit flags the culture as not anaerobic; at the limit it does not', async () => {
    const c = (
      await a()
        .post('/coculture-cultures', {
          runId: cocRunId,
          name: 'O2 test',
          condition: 'heat-killed',
          aliquotId,
        })
        .expect(201)
    ).body;
    const ok = (
      await a()
        .post(`/coculture-cultures/${c.id}/samplings`, {
          timeHours: 0,
          chamberO2Ppm: 5,
          barcodes: ['O2-0-1', 'O2-0-2'],
        })
        .expect(201)
    ).body;
    expect(ok.anaerobic).toBe(true);
    expect(ok.flags).toEqual([]);
    const high = (
      await a()
        .post(`/coculture-cultures/${c.id}/samplings`, {
          timeHours: 2,
          chamberO2Ppm: 12.5,
          barcodes: ['O2-2-1', 'O2-2-2'],
        })
        .expect(201)
    ).body;
    expect(high.anaerobic).toBe(false);
    expect(high.flags).toEqual(['not-anaerobic']);
    expect(high.maxO2Ppm).toBe(12.5);
    expect(high.samples.filter((s: Body) => !s.o2WithinLimit).map((s: Body) => s.barcode)).toEqual([
      'O2-2-1',
      'O2-2-2',
    ]);
    const taken = await a()
      .post(`/coculture-cultures/${c.id}/samplings`, {
        timeHours: 4,
        chamberO2Ppm: 1,
        barcodes: ['O2-0-1'],
      })
      .expect(409);
    expect(taken.body.code).toBe('BARCODE_TAKEN');
    const abioticWithAliquot = await a()
      .post('/coculture-cultures', {
        runId: cocRunId,
        name: 'bad abiotic',
        condition: 'abiotic',
        aliquotId,
      })
      .expect(400);
    expect(abioticWithAliquot.body.errors[0].field).toBe('aliquotId');
    const wrongRun = await a()
      .post('/coculture-cultures', { runId, name: 'wrong run', condition: 'abiotic' })
      .expect(422);
    expect(wrongRun.body.code).toBe('WRONG_PROTOCOL');
  });

  it('an approved run is locked: imports and exclusions answer RUN_LOCKED', async () => {
    const lockedRun = await lcmsRun(w, aliquotId, { analytes: ANALYTES });
    const b = syntheticBatch(ANALYTES, []);
    const res = await a()
      .post('/lcms-batches', {
        runId: lockedRun,
        name: 'to lock',
        instrument: 'QTRAP',
        injections: b.injections,
      })
      .expect(201);
    await a().postText(`/lcms-batches/${res.body.id}/imports`, b.csv).expect(201);
    await completeAndSubmit(w.t, w.sam, lockedRun);
    await api(w.t, max).post(`/runs/${lockedRun}/approve`, sign('batch accepted')).expect(200);
    const again = b.csv.replace(
      'CAL1,calibrator,azathioprine,0.01,100,',
      'CAL1,calibrator,azathioprine,0.01,101,',
    );
    const locked = await a().postText(`/lcms-batches/${res.body.id}/imports`, again).expect(409);
    expect(locked.body.code).toBe('RUN_LOCKED');
    // The same content too: a duplicate is no way past the lock.
    const same = await a().postText(`/lcms-batches/${res.body.id}/imports`, b.csv).expect(409);
    expect(same.body.code).toBe('RUN_LOCKED');
    const excl = await a()
      .post(`/lcms-batches/${res.body.id}/calibrations/azathioprine/exclusions`, {
        injection: 'CAL1',
        reason: 'x y z',
      })
      .expect(409);
    expect(excl.body.code).toBe('RUN_LOCKED');
  });

  // The real exports (../shared/fixtures/real-exports/lcms), skipped when that folder is absent.

  async function importReal(
    file: string,
    analytes: string[],
    internalStandard: string,
    injections: Body[],
    ignore: string[],
  ): Promise<Body> {
    const a = api(w.t, w.sam);
    const versionId = await approvedVersionId(w.t, 'lcms-quantification', w.sam.key);
    await w.t
      .http()
      .put(`/api/v1/lcms-name-mappings/${versionId}`)
      .set({ Authorization: `Bearer ${w.sam.key}` })
      .send({ mappings: ignore.map((fileName) => ({ fileName, target: null })) })
      .expect(200);
    const batch = await a
      .post('/lcms-batches', {
        runId,
        name: file,
        instrument: 'from the file',
        analytes,
        internalStandard,
        injections,
      })
      .expect(201);
    const res = await w.t
      .http()
      .post(`/api/v1/lcms-batches/${batch.body.id}/imports`)
      .set({ Authorization: `Bearer ${w.sam.key}` })
      .attach('file', readFileSync(fixturePath('real-exports', 'lcms', file)), file);
    if (res.status !== 201) throw new Error(JSON.stringify(res.body).slice(0, 2000));
    const peaks = (await a.get(`/lcms-batches/${batch.body.id}/peak-areas?limit=5000`).expect(200))
      .body;
    return { report: res.body, peaks };
  }

  itWithFixtures(
    'Waters TargetLynx (Latin-1, multipart): the areas as written, the blank ones missing',
    async () => {
      const names = [
        '070120_CQA_22,18µgmL',
        '070120_CQA_250µgmL',
        '070120_CQA_500µgmL',
        '070120_CQA_1000µgmL',
      ];
      const { report, peaks } = await importReal(
        'waters_targetlynx__070120_Saturation_CQA.txt',
        ['CAT', 'CQA1'],
        'CQA1_MS',
        names.map((name) => ({ name, type: 'unknown' })),
        ['CAT_MS'],
      );
      expect(report.encoding).toBe('windows-1252');
      expect(report.compoundMapping).toEqual({
        CAT: 'CAT',
        CQA1: 'CQA1',
        CAT_MS: null,
        CQA1_MS: 'CQA1_MS',
      });
      expect(peaks.total).toBe(12);
      const at = (inj: string, analyte: string) =>
        peaks.items.find((p: Body) => p.injection === inj && p.analyte === analyte);
      expect(at('070120_CQA_1000µgmL', 'CQA1')).toMatchObject({
        areaRaw: '207796.375',
        area: 207796.375,
        retentionTimeRaw: '3.36',
      });
      expect(at('070120_CQA_1000µgmL', 'CQA1_MS')).toMatchObject({
        areaRaw: '1567727.500',
        area: 1567727.5,
        internalStandard: true,
      });
    },
  );

  itWithFixtures(
    'Sciex MultiQuant: 61 samples; N/A areas stored as N/A with no number',
    async () => {
      const text = readFileSync(
        fixturePath('real-exports', 'lcms', 'sciex_multiquant__SciExTestData.txt'),
        'utf8',
      );
      const rows = text
        .trim()
        .split('\n')
        .slice(1)
        .map((l) => l.split('\t'));
      const samples = [...new Set(rows.map((r) => r[0]))];
      const components = [...new Set(rows.map((r) => r[1]))];
      const [a1, a2, is] = ['496.5 / 257.1', '524.5 / 257.3', '552.5 / 283.0'];
      const { peaks } = await importReal(
        'sciex_multiquant__SciExTestData.txt',
        [a1, a2],
        is,
        samples.map((name) => ({ name, type: 'unknown' })),
        components.filter((c) => ![a1, a2, is].includes(c)),
      );
      expect(peaks.total).toBe(61 * 3);
      const na = peaks.items.filter((p: Body) => p.areaRaw === 'N/A');
      const expected = rows.filter((r) => [a1, a2, is].includes(r[1]) && r[2] === 'N/A').length;
      expect(na).toHaveLength(expected);
      expect(na.every((p: Body) => p.area === null)).toBe(true);
      const first = peaks.items.find((p: Body) => p.injection === 'Blank 01' && p.analyte === a1);
      expect(first).toMatchObject({ areaRaw: '4758.83137492473', area: 4758.83137492473 });
    },
  );
});
