// LC-MS/MS exports as the quantitation programs really write them, through the HTTP import: a
// MultiQuant results table saved comma-separated (quoted fields kept whole); MassHunter's sample
// types checked against the injection list (the list decides, a contradiction is a warning), its
// instrument checks skipped with a note; a QC
// injected three times under one name, told apart by its order.
import { api } from './support/plate-assays';
import { syntheticBatch, type UnknownConcentration } from './support/coculture-batch';
import { asMasshunter, asMultiquant, MASSHUNTER_TYPES } from './support/lcms-export-variants';
import {
  bootLcmsWorld,
  cocultureRun,
  donorWithAliquot,
  lcmsRun,
  type Body,
  type LcmsWorld,
} from './support/lcms-world';

const ANALYTES = ['azathioprine', '6-MP'];
const UNKNOWNS: UnknownConcentration[] = [
  { barcode: 'V-1', analyte: 'azathioprine', micromolar: 42.5 },
  { barcode: 'V-1', analyte: '6-MP', micromolar: 3.25 },
  { barcode: 'V-2', analyte: 'azathioprine', micromolar: 7 },
];

describe('LC-MS/MS exports as written by the quantitation programs, through the API', () => {
  let w: LcmsWorld;
  let runId: string;

  beforeAll(async () => {
    w = await bootLcmsWorld();
    const { aliquotId, donorId } = await donorWithAliquot(w, 'RA-V01', 'responder');
    runId = await lcmsRun(w, aliquotId, { analytes: ANALYTES });
    const cocRunId = await cocultureRun(w, [donorId], [aliquotId]);
    const c = await api(w.t, w.sam)
      .post('/coculture-cultures', {
        runId: cocRunId,
        name: 'V01 culture',
        condition: 'culture',
        aliquotId,
      })
      .expect(201);
    await api(w.t, w.sam)
      .post(`/coculture-cultures/${c.body.id}/samplings`, {
        timeHours: 0,
        chamberO2Ppm: 1,
        barcodes: ['V-1', 'V-2'],
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

  it('a MultiQuant results table saved comma-separated imports like the tab-separated one: quoted commas, quotes and line breaks stay inside their field', async () => {
    const { csv, injections } = syntheticBatch(ANALYTES, UNKNOWNS);
    const comment = (s: string) => (s === 'V-1' ? 'diluted, re-run\n"after" QC' : `batch 7, ${s}`);
    const comma = asMultiquant(csv, ',', comment);
    const tab = asMultiquant(csv, '\t', comment);
    expect(comma).toContain('"diluted, re-run\n""after"" QC"');
    const commaId = await newBatch('MultiQuant comma', injections);
    const tabId = await newBatch('MultiQuant tab', injections);
    const viaComma = await a().postText(`/lcms-batches/${commaId}/imports`, comma).expect(201);
    const viaTab = await a().postText(`/lcms-batches/${tabId}/imports`, tab).expect(201);
    expect(viaComma.body).toMatchObject({ format: 'multiquant', outcome: 'imported' });
    expect(viaComma.body.peaks).toBe(viaTab.body.peaks);
    expect(viaComma.body.missingAreas).toBe(viaTab.body.missingAreas);
    expect(viaComma.body.calibrations.map((c: Body) => [c.analyte, c.accepted, c.slope])).toEqual(
      viaTab.body.calibrations.map((c: Body) => [c.analyte, c.accepted, c.slope]),
    );
    const conc = (await a().get(`/lcms-concentrations?batchId=${commaId}`).expect(200)).body;
    const v1 = conc.items.find((c: Body) => c.injection === 'V-1' && c.analyte === 'azathioprine');
    expect(v1.concentration).toBeCloseTo(42.5, 9);
    const peaks = (await a().get(`/lcms-batches/${commaId}/peak-areas?limit=500`).expect(200)).body
      .items;
    // The line of V-1's second row counts the line break inside the comment above it.
    const v1Rows = peaks.filter((p: Body) => p.injection === 'V-1');
    expect(v1Rows.map((p: Body) => p.areaRaw)).toEqual(['425000', '32500']);
    expect(v1Rows[1].line - v1Rows[0].line).toBe(2);
  });

  it("MassHunter's instrument checks the injection list does not name are skipped and reported; blank-like types match the list's blank and zero; an unknown type is noted", async () => {
    const { csv, injections } = syntheticBatch(ANALYTES, UNKNOWNS);
    const file = asMasshunter(
      csv,
      ANALYTES,
      (s, t) => (s === 'QC-H-3' ? 'Bracket QC' : MASSHUNTER_TYPES[t]),
      [
        { name: 'TUNE', type: 'TuneCheck', area: '88211' },
        { name: 'RC', type: 'ResponseCheck', area: '90110' },
      ],
    );
    // The blank is a MatrixBlank here: a blank-like type, listed as a zero.
    const matrixBlank = file.replace(',DoubleBlank,', ',MatrixBlank,');
    expect(matrixBlank).not.toBe(file);
    const id = await newBatch('MassHunter types', injections, { internalStandard: 'AZA-d3 (IS)' });
    const asZero = injections.map((i) => (i.type === 'blank' ? { ...i, type: 'zero' } : i));
    const zeroId = await newBatch('MassHunter types, zero', asZero, {
      internalStandard: 'AZA-d3 (IS)',
    });
    const res = await a().postText(`/lcms-batches/${id}/imports`, file).expect(201);
    expect(res.body).toMatchObject({ format: 'masshunter', injections: injections.length });
    expect(res.body.skipped).toEqual([
      {
        name: 'TUNE',
        dataFile: '001_TUNE.d',
        sampleType: 'TuneCheck',
        line: 3,
        reason: expect.stringContaining('no part of the batch'),
      },
      expect.objectContaining({ name: 'RC', sampleType: 'ResponseCheck', line: 4 }),
    ]);
    expect(res.body.warnings).toEqual([
      {
        code: 'unknown-sample-type',
        severity: 'info',
        message: expect.stringMatching(/"Bracket QC" \(first on line \d+\).*QC-H-3/),
      },
    ]);
    expect(res.body.calibrations.map((c: Body) => c.accepted)).toEqual([true, true]);
    const peaks = (await a().get(`/lcms-batches/${id}/peak-areas?limit=500`).expect(200)).body;
    expect(peaks.items.some((p: Body) => ['TUNE', 'RC'].includes(p.injection))).toBe(false);
    expect(peaks.total).toBe(injections.length * 3);
    await a().postText(`/lcms-batches/${zeroId}/imports`, matrixBlank).expect(201);
    // A double blank has no internal standard: the list's zero (blank + IS) contradicts it. The
    // list decides, and the report says so on the line.
    const dry = await a().postText(`/lcms-batches/${zeroId}/imports?dryRun=true`, file).expect(200);
    expect(dry.body.warnings).toEqual([
      {
        code: 'sample-type-differs',
        severity: 'warning',
        message: expect.stringContaining(
          'line 14: "BLANK-AFTER-ULOQ" (012_BLANK-AFTER-ULOQ.d) has sample type DoubleBlank in the file (a double blank: neither analyte nor internal standard), but the injection list has BLANK-AFTER-ULOQ as a zero: it is analysed as the list says.',
        ),
      },
      expect.objectContaining({ code: 'unknown-sample-type' }),
    ]);
  });

  it('a sample type that contradicts the injection list is analysed as the list says, with a warning on its line saying what to correct', async () => {
    const { csv, injections } = syntheticBatch(ANALYTES, UNKNOWNS);
    const file = asMasshunter(
      csv,
      ANALYTES,
      (s, t) => (s === 'CAL3' ? 'DoubleBlank' : MASSHUNTER_TYPES[t]),
      [{ name: 'SST-1', type: 'TuneCheck', area: '88211' }],
    );
    // The list names the tune check, as an unknown: it is quantified as a sample, and said so.
    const listed = [{ name: 'SST-1', type: 'unknown' }, ...injections];
    const id = await newBatch('MassHunter contradictions', listed, {
      internalStandard: 'AZA-d3 (IS)',
    });
    const res = await a().postText(`/lcms-batches/${id}/imports`, file).expect(201);
    expect(res.body.skipped).toEqual([]);
    expect(res.body.warnings).toEqual([
      {
        code: 'instrument-check-listed',
        severity: 'warning',
        message: expect.stringMatching(
          /^line 3: "SST-1" \(001_SST-1\.d\) has sample type TuneCheck in the file, an instrument check .* but the injection list has SST-1 as an unknown: it is analysed as the list says\. Take it out of the injection list \(record the batch again without it\) to have the import skip it\.$/,
        ),
      },
      {
        code: 'sample-type-differs',
        severity: 'warning',
        message: expect.stringMatching(
          /^line 6: "CAL3" \(004_CAL3\.d\) has sample type DoubleBlank in the file \(a double blank: .*\), but the injection list has CAL3 as a calibrator: it is analysed as the list says\. If the list is wrong, record the batch again/,
        ),
      },
    ]);
    expect(res.body.calibrations.map((c: Body) => c.accepted)).toEqual([true, true]);
    const conc = (await a().get(`/lcms-concentrations?batchId=${id}`).expect(200)).body.items;
    expect(conc.some((c: Body) => c.injection === 'SST-1')).toBe(true);
  });

  describe('a name the file repeats (QC-M injected three times, no data file)', () => {
    const { csv, injections } = syntheticBatch(ANALYTES, UNKNOWNS);
    const repeated = asMultiquant(csv.replace(/^QC-M-\d,/gm, 'QC-M,'), '\t', () => '');
    const numbered = injections.map((i) =>
      /^QC-M-\d$/.test(i.name) ? { ...i, name: `QC-M#${i.name.slice(-1)}` } : i,
    );
    // Lines of the three QC-M injections' first rows: header, 9 calibrators, the blank, QC-L × 3.
    const perInjection = ANALYTES.length;
    const qcmLines = [0, 1, 2].map((k) => 2 + (9 + 1 + 3 + k) * perInjection);

    it('imports when the injection list names them QC-M#1, QC-M#2, QC-M#3 in the file’s order, with the calibration of distinct names', async () => {
      const id = await newBatch('repeated QC-M', numbered);
      const distinctId = await newBatch('distinct QC-M', injections);
      const res = await a().postText(`/lcms-batches/${id}/imports`, repeated).expect(201);
      const distinct = await a()
        .postText(
          `/lcms-batches/${distinctId}/imports`,
          asMultiquant(csv, '\t', () => ''),
        )
        .expect(201);
      expect(res.body).toMatchObject({ format: 'multiquant', injections: injections.length });
      const noId = (cs: Body[]) => cs.map(({ id: _id, ...c }) => c);
      expect(noId(res.body.calibrations)).toEqual(noId(distinct.body.calibrations));
      const cal = (await a().get(`/lcms-batches/${id}/calibrations/azathioprine`).expect(200)).body;
      const qcm = cal.result.calibration.qcs.filter((q: Body) => q.level === 'QC-M');
      expect(qcm.map((q: Body) => q.sample)).toEqual(['QC-M#1', 'QC-M#2', 'QC-M#3']);
      const peaks = (await a().get(`/lcms-batches/${id}/peak-areas?limit=500`).expect(200)).body
        .items;
      expect(
        peaks
          .filter((p: Body) => p.injection.startsWith('QC-M') && p.analyte === 'azathioprine')
          .map((p: Body) => [p.injection, p.line]),
      ).toEqual([0, 1, 2].map((k) => [`QC-M#${k + 1}`, qcmLines[k]]));
    });

    it('a list naming one QC-M is refused, naming the rows and the names to give', async () => {
      const one = [
        ...injections.filter((i) => !/^QC-M-\d$/.test(i.name)),
        { name: 'QC-M', type: 'qc', qcLevel: 'QC-M', nominal: 20 },
      ];
      const id = await newBatch('one QC-M', one);
      const res = await a().postText(`/lcms-batches/${id}/imports`, repeated).expect(422);
      expect(res.body.errors).toEqual([
        {
          code: 'REPEATED_SAMPLE_NAME',
          line: qcmLines[0],
          message: `"QC-M" names 3 injections of the file (lines ${qcmLines.join(', ')}), told apart only by their order: the injection list's one QC-M cannot say which of them it is. Name them QC-M#1, QC-M#2, QC-M#3 in the injection list, in the file's order (QC-M#1 the one on line ${qcmLines[0]}), or give each injection its own sample name in the acquisition batch (or export the data file column) and export again.`,
        },
      ]);
      expect((await a().get(`/lcms-batches/${id}`).expect(200)).body.currentImportId).toBeNull();
    });

    it('a list that numbers them out of the file’s order is refused: the carry-over and QC order follow the list', async () => {
      const swapped = numbered.map((i) =>
        i.name === 'QC-M#2'
          ? { ...i, name: 'QC-M#3' }
          : i.name === 'QC-M#3'
            ? { ...i, name: 'QC-M#2' }
            : i,
      );
      const id = await newBatch('swapped QC-M', swapped);
      const res = await a().postText(`/lcms-batches/${id}/imports`, repeated).expect(422);
      expect(res.body.errors).toEqual([
        expect.objectContaining({
          code: 'REPEATED_NAME_ORDER',
          line: qcmLines[2],
          message: expect.stringContaining(
            'the injection list puts QC-M#3 at position 15, before QC-M#2 at 16',
          ),
        }),
      ]);
    });

    describe('across two .wiff files (QC-M twice in day1.wiff, once in day2.wiff)', () => {
      const acrossWiffs = asMultiquant(
        csv.replace(/^QC-M-\d,/gm, 'QC-M,'),
        '\t',
        () => '',
        (_s, row) => (row + 2 < qcmLines[2] ? 'day1.wiff' : 'day2.wiff'),
      );

      it('the k-th QC-M of the file is still the list’s QC-M#k: a data file holding several injections does not tell them apart', async () => {
        const id = await newBatch('QC-M over two wiffs', numbered);
        await a().postText(`/lcms-batches/${id}/imports`, acrossWiffs).expect(201);
        const peaks = (await a().get(`/lcms-batches/${id}/peak-areas?limit=500`).expect(200)).body
          .items;
        expect(
          peaks
            .filter((p: Body) => p.injection.startsWith('QC-M') && p.analyte === 'azathioprine')
            .map((p: Body) => [p.injection, p.line]),
        ).toEqual([0, 1, 2].map((k) => [`QC-M#${k + 1}`, qcmLines[k]]));
      });

      it('a list naming one QC-M is refused with the names to give, not told to export a data file column it has', async () => {
        const one = [
          ...injections.filter((i) => !/^QC-M-\d$/.test(i.name)),
          { name: 'QC-M', type: 'qc', qcLevel: 'QC-M', nominal: 20 },
        ];
        const id = await newBatch('one QC-M over two wiffs', one);
        const res = await a().postText(`/lcms-batches/${id}/imports`, acrossWiffs).expect(422);
        expect(res.body.errors).toEqual([
          {
            code: 'REPEATED_SAMPLE_NAME',
            line: qcmLines[0],
            message: `"QC-M" names 3 injections of the file (lines ${qcmLines.join(', ')}), told apart only by their order: the injection list's one QC-M cannot say which of them it is. Name them QC-M#1, QC-M#2, QC-M#3 in the injection list, in the file's order (QC-M#1 the one on line ${qcmLines[0]}), or give each injection its own sample name in the acquisition batch and export again.`,
          },
        ]);
      });
    });

    it('a repeated row that is not a whole injection is refused on its line', async () => {
      const lines = repeated.split('\r\n');
      // QC-M's second injection loses its 6-MP row: which injection lacks it cannot be told.
      lines.splice(qcmLines[1], 1);
      const id = await newBatch('uneven QC-M', numbered);
      const res = await a().postText(`/lcms-batches/${id}/imports`, lines.join('\r\n')).expect(422);
      expect(res.body.errors).toEqual([
        expect.objectContaining({
          code: 'DUPLICATE_PEAK',
          line: qcmLines[2] - 1,
          message: expect.stringContaining('azathioprine in QC-M appears 3 times'),
        }),
      ]);
    });
  });
  describe('two samples of the file that match one injection (INJECTION_TWICE)', () => {
    const { csv, injections } = syntheticBatch(ANALYTES, UNKNOWNS);
    const perInjection = ANALYTES.length;
    const qcmLines = [0, 1, 2].map((k) => 2 + (9 + 1 + 3 + k) * perInjection);
    const numbered = injections.map((i) =>
      /^QC-M-\d$/.test(i.name) ? { ...i, name: `QC-M#${i.name.slice(-1)}` } : i,
    );

    it('each with a data file of its own (MassHunter .d): says to name the injections by data file, naming both lines', async () => {
      // QC-M-1…3 renamed QC-M, each keeping its own data file.
      const file = asMasshunter(csv, ANALYTES, (_s, t) => MASSHUNTER_TYPES[t]).replace(
        /,QC-M-\d,(\d{3}_QC-M-\d\.d),/g,
        ',QC-M,$1,',
      );
      const rows = file.split('\r\n').map((l, i) => ({ line: i + 1, cells: l.split(',') }));
      const qcm = rows.filter((r) => r.cells[1] === 'QC-M');
      expect(qcm.map((r) => r.cells[2])).toEqual(['014_QC-M-1.d', '015_QC-M-2.d', '016_QC-M-3.d']);
      const one = [
        ...injections.filter((i) => !/^QC-M-\d$/.test(i.name)),
        { name: 'QC-M', type: 'qc', qcLevel: 'QC-M', nominal: 20 },
      ];
      const id = await newBatch('QC-M by data file', one, { internalStandard: 'AZA-d3 (IS)' });
      const res = await a().postText(`/lcms-batches/${id}/imports`, file).expect(422);
      expect(res.body.errors).toEqual(
        [1, 2].map((k) => ({
          code: 'INJECTION_TWICE',
          line: qcm[k].line,
          message: `line ${qcm[0].line}: "QC-M" (014_QC-M-1.d) and line ${qcm[k].line}: "QC-M" (${qcm[k].cells[2]}) both match injection QC-M; name the injections by data file: list them as 014_QC-M-1 and ${qcm[k].cells[2].replace(/\.d$/, '')} in the injection list instead of one QC-M.`,
        })),
      );
    });

    it('in one Sciex .wiff holding the whole batch: says to list them as the file names them, not by data file', async () => {
      // The list names QC-M-1 by the .wiff (as the data-file advice would have it) and lacks
      // QC-M-2: both fall back to the data file.
      const file = asMultiquant(
        csv,
        '\t',
        () => '',
        () => 'batch.wiff',
      );
      const list = injections
        .filter((i) => i.name !== 'QC-M-2')
        .map((i) => (i.name === 'QC-M-1' ? { ...i, name: 'batch' } : i));
      const id = await newBatch('by the wiff', list);
      const res = await a().postText(`/lcms-batches/${id}/imports`, file).expect(422);
      expect(res.body.errors).toEqual([
        {
          code: 'INJECTION_TWICE',
          line: qcmLines[1],
          message: `line ${qcmLines[0]}: "QC-M-1" (batch.wiff) and line ${qcmLines[1]}: "QC-M-2" (batch.wiff) both match injection batch, and batch.wiff holds ${injections.length} injections of the file, so its data file cannot tell them apart: name the injection list's injections as the file names its samples (QC-M-1, QC-M-2).`,
        },
      ]);
      expect(res.body.errors[0].message).not.toContain('name the injections by data file');
    });

    it('in a long CSV (no data file): a sample named QC-M#1 besides a repeated QC-M says to rename it in the acquisition batch', async () => {
      const file = csv.replace(/^QC-M-[12],/gm, 'QC-M,').replace(/^QC-M-3,/gm, 'QC-M#1,');
      const id = await newBatch('literal QC-M#1', numbered);
      const res = await a().postText(`/lcms-batches/${id}/imports`, file).expect(422);
      expect(res.body.errors).toEqual([
        {
          code: 'INJECTION_TWICE',
          line: qcmLines[2],
          message: `line ${qcmLines[0]}: "QC-M" and line ${qcmLines[2]}: "QC-M#1" both match injection QC-M#1, and the file gives no data file per injection to tell them apart: the file names a sample QC-M#1, which is also the name its order gives to an injection of "QC-M". Give each injection its own sample name in the acquisition batch and export again.`,
        },
        {
          code: 'INJECTION_NOT_IN_FILE',
          message: 'injection QC-M#3 of the batch is not in the file',
        },
      ]);
    });
  });
});
