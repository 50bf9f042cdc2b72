// The web UI's upload pages of the qPCR and LC-MS/MS assays (issue 19): the run's (or batch's)
// page links its upload page; a file is checked by a dry run (nothing stored) and then confirmed,
// the bytes carried exactly from the check to the import; a rejected file's problems are listed
// where they are (line); the multipart form carries the session's CSRF token; the import is the
// API's own service (the same report, the same rules).
import { syntheticBatch } from './support/coculture-batch';
import { asMasshunter, MASSHUNTER_TYPES } from './support/lcms-export-variants';
import { cocultureRun, donorWithAliquot, lcmsRun, type LcmsWorld } from './support/lcms-world';
import { api } from './support/plate-assays';
import { bootQpcrWebWorld, qpcrRun, type QpcrWebWorld } from './support/qpcr-world';
import { syntheticQpcrCsv } from './support/synthetic-qpcr';
import { csrfOf, tableByCaption, WebClient } from './support/web-client';

/** The hidden `name` field's value of a page's form. */
const hidden = (html: string, name: string) =>
  new RegExp(`name="${name}" value="([^"]*)"`).exec(html)?.[1];

describe('web UI: qPCR and LC-MS/MS upload pages', () => {
  let w: QpcrWebWorld;
  let sam: WebClient;
  let runId: string;

  beforeAll(async () => {
    w = await bootQpcrWebWorld();
    ({ runId, samWeb: sam } = w);
  }, 60_000);
  afterAll(() => w?.t.close());

  const analyses = async () =>
    (await api(w.t, w.sam).get(`/runs/${runId}/qpcr-analyses`).expect(200)).body.items as {
      analysisId: string;
    }[];

  it('the qPCR run links its upload page; the form refuses a post without the session’s token', async () => {
    const run = await sam.get(`/ui/runs/${runId}`);
    expect(run.text).toContain(`href="/ui/uploads/qpcr/run/${runId}"`);
    const page = await sam.get(`/ui/uploads/qpcr/run/${runId}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('qPCR export file');
    expect(page.text).toContain('enctype="multipart/form-data"');
    // The progress script says what the server does with an export (not "every plate").
    expect(page.text).toContain(
      'data-server-text="Sent. The server is checking the file (nothing is stored yet)…"',
    );
    const res = await sam.postMultipart(
      `/ui/uploads/qpcr/run/${runId}`,
      { step: 'check' },
      { bytes: syntheticQpcrCsv(), name: 'run.csv' },
    );
    expect(res.status).toBe(403);
    expect(res.text).toContain('CSRF_REFUSED');
    expect(await analyses()).toEqual([]);
  });

  it('a rejected qPCR export lists each problem at its line; nothing is stored', async () => {
    const page = await sam.get(`/ui/uploads/qpcr/run/${runId}`);
    const lines = syntheticQpcrCsv().split('\n');
    lines[20] = lines[20].replace(/,[0-9.]+,UNKNOWN,/, ',12abc,UNKNOWN,');
    const res = await sam.postMultipart(
      `/ui/uploads/qpcr/run/${runId}`,
      { _csrf: csrfOf(page.text), step: 'check' },
      { bytes: lines.join('\n'), name: 'bad.csv' },
    );
    expect(res.status).toBe(422);
    expect(res.text).toContain('The file was rejected; nothing was stored.');
    const problems = tableByCaption(res.text, 'Problems of the file');
    expect(problems.rows.length).toBeGreaterThanOrEqual(1);
    expect(problems.html).toContain('line 21');
    expect(await analyses()).toEqual([]);
  });

  it('a dry run reports the mapping and the fold changes without storing; confirming imports those bytes', async () => {
    const page = await sam.get(`/ui/uploads/qpcr/run/${runId}`);
    const csv = syntheticQpcrCsv();
    const dry = await sam.postMultipart(
      `/ui/uploads/qpcr/run/${runId}`,
      { _csrf: csrfOf(page.text), step: 'check' },
      { bytes: csv, name: 'qpcr-run.csv' },
    );
    expect(dry.status).toBe(200);
    expect(dry.text).toContain('Dry run: the file is valid');
    expect(tableByCaption(dry.text, 'Sample names of the file').rows).toHaveLength(6);
    expect(tableByCaption(dry.text, 'Group fold changes the file gives').rows).toHaveLength(2);
    expect(dry.text).toContain('Confirm the import');
    expect(await analyses()).toEqual([]);
    // The confirmation carries the checked bytes back, exactly.
    const content = hidden(dry.text, 'content')!;
    expect(Buffer.from(content, 'base64').toString('utf8')).toBe(csv);
    const done = await sam.postMultipart(`/ui/uploads/qpcr/run/${runId}`, {
      _csrf: csrfOf(dry.text),
      step: 'import',
      content,
      filename: hidden(dry.text, 'filename')!,
    });
    expect(done.status).toBe(201);
    expect(done.text).toContain('Imported');
    expect(done.text).toContain(`href="/ui/runs/${runId}"`);
    const stored = await analyses();
    expect(stored).toHaveLength(1);
    const run = await sam.get(`/ui/runs/${runId}`);
    expect(run.text).toContain(`/api/v1/qpcr-analyses/${stored[0].analysisId}/plot.svg`);
    // The same file again stores nothing new.
    const again = await sam.postMultipart(`/ui/uploads/qpcr/run/${runId}`, {
      _csrf: csrfOf(run.text),
      step: 'import',
      content,
      filename: 'qpcr-run.csv',
    });
    expect(again.status).toBe(200);
    expect(again.text).toContain('Already imported');
    expect(await analyses()).toHaveLength(1);
  });

  it('a scientist maps the export’s names on the names page, then its dry run reads them', async () => {
    const other = await qpcrRun(w, {
      targetGenes: ['ABCC1', 'ABCC4'],
      referenceGenes: ['GAPDH', 'ACTB'],
    });
    const run = await sam.get(`/ui/runs/${other}`);
    expect(run.text).toContain(`href="/ui/assays/qpcr/names/${other}"`);
    const page = await sam.get(`/ui/assays/qpcr/names/${other}`);
    expect(page.status).toBe(200);
    expect(tableByCaption(page.text, 'Materials of the run').rows).toHaveLength(2);
    const names = (await api(w.t, w.sam).get('/materials?limit=200').expect(200)).body.items as {
      id: string;
      name: string;
    }[];
    const parental = names.find((m) => m.id === w.parental)!.name;
    const resistant = names.find((m) => m.id === w.resistant)!.name;
    const lines = (material: (s: string) => string) =>
      ['P1', 'P2', 'P3', 'R1', 'R2', 'R3'].map((s) => `${s},${material(s)}`).join('\n');
    const bad = await sam.post(`/ui/assays/qpcr/names/${other}/save-names`, {
      _csrf: csrfOf(page.text),
      samples: lines((s) => (s === 'R2' ? 'HIG-99' : s.startsWith('P') ? parental : resistant)),
      targets: '',
    });
    expect(bad.status).toBe(400);
    expect(bad.text).toMatch(/line 5: &quot;HIG-99&quot; is none of the run’s materials/);
    expect(
      (await api(w.t, w.sam).get(`/runs/${other}/qpcr-names`).expect(200)).body.samples,
    ).toEqual([]);
    const good = await sam.post(`/ui/assays/qpcr/names/${other}/save-names`, {
      _csrf: csrfOf(page.text),
      samples: lines((s) => (s.startsWith('P') ? parental : resistant)),
      targets: 'GAPDH,GAPDH',
    });
    expect(good.status).toBe(303);
    const map = (await api(w.t, w.sam).get(`/runs/${other}/qpcr-names`).expect(200)).body;
    expect(
      map.samples.map((x: { name: string; materialId: string }) => [x.name, x.materialId]),
    ).toEqual(
      ['P1', 'P2', 'P3', 'R1', 'R2', 'R3'].map((s) => [
        s,
        s.startsWith('P') ? w.parental : w.resistant,
      ]),
    );
    // The page shows the map it saved, ready to be edited.
    const after = await sam.get(good.headers.location as string);
    expect(after.text).toContain(`R3,${resistant}`);
    const upload = await sam.get(`/ui/uploads/qpcr/run/${other}`);
    const dry = await sam.postMultipart(
      `/ui/uploads/qpcr/run/${other}`,
      { _csrf: csrfOf(upload.text), step: 'check' },
      // Not the file another run holds (two runs never give one identical export).
      { bytes: syntheticQpcrCsv({ shiftCycles: 3 }), name: 'other.csv' },
    );
    expect(dry.status).toBe(200);
    expect(tableByCaption(dry.text, 'Sample names of the file').rows).toHaveLength(6);
  });

  it('an upload page of a run of another assay, or of an unknown assay, is a 404 page', async () => {
    const lw: LcmsWorld = { t: w.t, sam: w.sam, mia: w.mia };
    const { aliquotId } = await donorWithAliquot(lw, 'RA-U01', 'responder');
    const other = await lcmsRun(lw, aliquotId);
    expect((await sam.get(`/ui/uploads/qpcr/run/${other}`)).status).toBe(404);
    expect((await sam.get(`/ui/uploads/nothing/run/${runId}`)).status).toBe(404);
    expect((await sam.get(`/ui/uploads/qpcr/batch/${runId}`)).status).toBe(404);
  });

  it('an LC-MS/MS export: rejected with its lines, then a dry run, then imported into the batch', async () => {
    const lw: LcmsWorld = { t: w.t, sam: w.sam, mia: w.mia };
    const { aliquotId, donorId } = await donorWithAliquot(lw, 'RA-U02', 'responder');
    const cocRunId = await cocultureRun(lw, [donorId], [aliquotId]);
    const culture = await api(w.t, w.sam)
      .post('/coculture-cultures', {
        runId: cocRunId,
        name: 'U02',
        condition: 'culture',
        aliquotId,
      })
      .expect(201);
    await api(w.t, w.sam)
      .post(`/coculture-cultures/${culture.body.id}/samplings`, {
        timeHours: 0,
        chamberO2Ppm: 1,
        barcodes: ['U-1', 'U-2'],
      })
      .expect(201);
    const lcms = await lcmsRun(lw, aliquotId, { analytes: ['azathioprine'] });
    const { csv, injections } = syntheticBatch(
      ['azathioprine'],
      [
        { barcode: 'U-1', analyte: 'azathioprine', micromolar: 12.5 },
        { barcode: 'U-2', analyte: 'azathioprine', micromolar: 0.004 },
      ],
    );
    const batch = await api(w.t, w.sam)
      .post('/lcms-batches', { runId: lcms, name: 'U batch', instrument: 'QTRAP', injections })
      .expect(201);
    const href = `/ui/uploads/lcms/batch/${batch.body.id}`;
    expect((await sam.get(`/ui/runs/${lcms}`)).text).toContain(`href="${href}"`);
    const page = await sam.get(href);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Quantitation export file');
    // The hint says how a name the file repeats matches the injection list.
    expect(page.text).toContain(
      'A sample name the file repeats (QC-M injected three times) matches the injections listed as QC-M#1, QC-M#2, QC-M#3, in the file’s order.',
    );
    const renamed = csv.replace(/^U-2,/m, 'U-9,');
    const bad = await sam.postMultipart(
      href,
      { _csrf: csrfOf(page.text), step: 'check' },
      { bytes: renamed, name: 'bad.csv' },
    );
    expect(bad.status).toBe(422);
    const problems = tableByCaption(bad.text, 'Problems of the file');
    const line = renamed.split('\n').findIndex((l) => l.startsWith('U-9,')) + 1;
    expect(problems.html).toContain(`line ${line}`);
    expect(problems.html).toContain('UNKNOWN_INJECTION');
    const dry = await sam.postMultipart(
      href,
      { _csrf: csrfOf(page.text), step: 'check' },
      { bytes: csv, name: 'batch.csv' },
    );
    expect(dry.status).toBe(200);
    expect(dry.text).toContain('Dry run: the file is valid');
    expect(dry.text).toContain('ICH M10 calibration of azathioprine');
    const before = (await api(w.t, w.sam).get(`/lcms-batches/${batch.body.id}`).expect(200)).body;
    expect(before.accepted).toBeNull();
    const done = await sam.postMultipart(href, {
      _csrf: csrfOf(dry.text),
      step: 'import',
      content: hidden(dry.text, 'content')!,
      filename: 'batch.csv',
    });
    expect(done.status).toBe(201);
    expect(done.text).toContain(`href="/ui/assays/lcms/batch/${batch.body.id}"`);
    const after = (await api(w.t, w.sam).get(`/lcms-batches/${batch.body.id}`).expect(200)).body;
    expect(after.accepted).toBe(true);
    const batchPage = await sam.get(`/ui/assays/lcms/batch/${batch.body.id}`);
    expect(batchPage.text).toContain('BLQ (below the reportable range)');
    // A MassHunter export with a tune check the list does not name: the report lists it as not
    // imported, with its line and why.
    const mh = await api(w.t, w.sam)
      .post('/lcms-batches', {
        runId: lcms,
        name: 'U batch, MassHunter',
        instrument: '6495C',
        internalStandard: 'AZA-d3 (IS)',
        injections,
      })
      .expect(201);
    const mhHref = `/ui/uploads/lcms/batch/${mh.body.id}`;
    const mhPage = await sam.get(mhHref);
    const withTune = await sam.postMultipart(
      mhHref,
      { _csrf: csrfOf(mhPage.text), step: 'check' },
      {
        bytes: asMasshunter(csv, ['azathioprine'], (_s, t) => MASSHUNTER_TYPES[t], [
          { name: 'TUNE', type: 'TuneCheck', area: '88211' },
        ]),
        name: 'masshunter.csv',
      },
    );
    expect(withTune.status).toBe(200);
    const notImported = tableByCaption(
      withTune.text,
      'Injections of the file not imported, and why',
    );
    expect(notImported.html).toContain('TUNE (001_TUNE.d)');
    expect(notImported.html).toContain('TuneCheck');
    expect(notImported.html).toContain('no part of the batch');
  });
});
