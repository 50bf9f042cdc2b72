// The web UI's record forms of the co-culture and LC-MS/MS assays (issue 19): a culture's page
// records a sampling (time, chamber O₂, one barcode per replicate) and an LC-MS/MS run's page
// records a batch with its injection list, both through the API's services and DTO rules; a
// refusal names the field (an injection by its line) and gives the form back as typed; every
// form carries the session's CSRF token; an instrument key's session is refused the pages.
import { syntheticBatch } from './support/coculture-batch';
import {
  bootLcmsWorld,
  cocultureRun,
  donorWithAliquot,
  lcmsRun,
  type LcmsWorld,
} from './support/lcms-world';
import { api, type User } from './support/plate-assays';
import { createUserWithKey } from './support/test-app';
import { csrfOf, tableByCaption, WebClient } from './support/web-client';

describe('web UI: recording co-culture samplings and LC-MS/MS batches', () => {
  let w: LcmsWorld;
  let sam: WebClient;
  let ivy: User;
  let cultureId: string;
  let cocRunId: string;
  let lcmsRunId: string;

  beforeAll(async () => {
    w = await bootLcmsWorld();
    ivy = await createUserWithKey(w.t, 'ivy', ['instrument']);
    const { aliquotId, donorId } = await donorWithAliquot(w, 'RA-R01', 'responder');
    cocRunId = await cocultureRun(w, [donorId], [aliquotId]);
    cultureId = (
      await api(w.t, w.sam)
        .post('/coculture-cultures', {
          runId: cocRunId,
          name: 'R01 culture',
          condition: 'culture',
          aliquotId,
        })
        .expect(201)
    ).body.id;
    lcmsRunId = await lcmsRun(w, aliquotId, { analytes: ['azathioprine'] });
    sam = new WebClient(w.t);
    await sam.signIn('sam', w.sam.password);
  }, 60_000);
  afterAll(() => w?.t.close());

  const culture = async () =>
    (await api(w.t, w.sam).get(`/coculture-cultures/${cultureId}`).expect(200)).body as {
      samples: { barcode: string; replicate: number; timeHours: number; chamberO2Ppm: number }[];
    };

  it('the co-culture run links each culture’s page, which offers the sampling form', async () => {
    const run = await sam.get(`/ui/runs/${cocRunId}`);
    expect(run.text).toContain(`href="/ui/assays/coculture/culture/${cultureId}"`);
    const page = await sam.get(`/ui/assays/coculture/culture/${cultureId}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('No sampling recorded yet.');
    expect(page.text).toContain(
      `action="/ui/assays/coculture/culture/${cultureId}/record-sampling"`,
    );
    expect(page.text).toContain('Sample barcodes, one per replicate');
  });

  it('refuses a sampling posted without the session’s token', async () => {
    const res = await sam.post(`/ui/assays/coculture/culture/${cultureId}/record-sampling`, {
      timeHours: '0',
      chamberO2Ppm: '1',
      barcodes: 'R-0-1',
    });
    expect(res.status).toBe(403);
    expect(res.text).toContain('CSRF_REFUSED');
    expect((await culture()).samples).toEqual([]);
  });

  it('a sampling with a time that is not a number is refused, named, and the form comes back as typed', async () => {
    const page = await sam.get(`/ui/assays/coculture/culture/${cultureId}`);
    const res = await sam.post(`/ui/assays/coculture/culture/${cultureId}/record-sampling`, {
      _csrf: csrfOf(page.text),
      timeHours: 'four',
      chamberO2Ppm: '1.5',
      barcodes: 'R-4-1\nR-4-2',
    });
    expect(res.status).toBe(400);
    expect(res.text).toMatch(/timeHours: [^<]*number/);
    expect(res.text).toContain('value="four"');
    expect(res.text).toContain('>R-4-1\nR-4-2</textarea>');
    expect((await culture()).samples).toEqual([]);
  });

  it('records a sampling: one sample per barcode, replicates in line order, O₂ against the limit', async () => {
    const page = await sam.get(`/ui/assays/coculture/culture/${cultureId}`);
    const res = await sam.post(`/ui/assays/coculture/culture/${cultureId}/record-sampling`, {
      _csrf: csrfOf(page.text),
      timeHours: '4',
      chamberO2Ppm: '2.5',
      barcodes: 'R-4-1\r\nR-4-2\r\n\r\nR-4-3\r\n',
    });
    expect(res.status).toBe(303);
    expect(res.headers.location).toMatch(
      new RegExp(`^/ui/assays/coculture/culture/${cultureId}\\?done=`),
    );
    const samples = (await culture()).samples;
    expect(samples.map((s) => [s.barcode, s.replicate, s.timeHours, s.chamberO2Ppm])).toEqual([
      ['R-4-1', 1, 4, 2.5],
      ['R-4-2', 2, 4, 2.5],
      ['R-4-3', 3, 4, 2.5],
    ]);
    const after = await sam.get(res.headers.location as string);
    expect(after.text).toContain('Sampling at 4 h recorded: 3 samples (R-4-1, R-4-2, R-4-3).');
    const table = tableByCaption(after.text, 'Samples of this culture');
    expect(table.rows).toHaveLength(3);
    // 2.5 ppm against the run's limit: marked on every row, or on none.
    const { o2LimitPpm } = (await api(w.t, w.sam).get(`/coculture-cultures/${cultureId}`)).body;
    expect(table.html.split('(above the limit)').length - 1).toBe(2.5 > o2LimitPpm ? 3 : 0);
    // The same barcodes again: the service's rule (a barcode names one sample) refuses them.
    const again = await sam.post(`/ui/assays/coculture/culture/${cultureId}/record-sampling`, {
      _csrf: csrfOf(after.text),
      timeHours: '8',
      chamberO2Ppm: '1',
      barcodes: 'R-4-1',
    });
    expect(again.status).toBe(409);
    expect((await culture()).samples).toHaveLength(3);
  });

  it('the LC-MS/MS run links the batch form; an injection list with a bad line is refused at that line', async () => {
    const run = await sam.get(`/ui/runs/${lcmsRunId}`);
    expect(run.text).toContain(`href="/ui/assays/lcms/new-batch/${lcmsRunId}"`);
    const page = await sam.get(`/ui/assays/lcms/new-batch/${lcmsRunId}`);
    expect(page.status).toBe(200);
    const list = 'name,type,nominal\nCAL1,calibrator,0.01\nCAL2,calibrant,0.05\nQC-L,qc,abc\n';
    const res = await sam.post(`/ui/assays/lcms/new-batch/${lcmsRunId}/record-batch`, {
      _csrf: csrfOf(page.text),
      name: 'Form batch',
      instrument: 'QTRAP 6500+',
      injections: list,
    });
    expect(res.status).toBe(400);
    expect(res.text).toMatch(/line 3: [^<]*type/);
    expect(res.text).toMatch(/line 4: [^<]*nominal/);
    expect(res.text).toContain('value="Form batch"');
    const batches = await api(w.t, w.sam).get(`/lcms-batches?runId=${lcmsRunId}`).expect(200);
    expect(batches.body.items).toEqual([]);
  });

  it('records a batch from its injection list, then its export imports against it', async () => {
    const { csv, injections } = syntheticBatch(
      ['azathioprine'],
      [{ barcode: 'R-4-1', analyte: 'azathioprine', micromolar: 12.5 }],
    );
    const text = injections
      .map((i) =>
        [i.name, i.type, i.nominal ?? '', i.qcLevel ?? '', i.sampleBarcode ?? ''].join(','),
      )
      .join('\n');
    const page = await sam.get(`/ui/assays/lcms/new-batch/${lcmsRunId}`);
    const res = await sam.post(`/ui/assays/lcms/new-batch/${lcmsRunId}/record-batch`, {
      _csrf: csrfOf(page.text),
      name: 'Form batch',
      instrument: 'QTRAP 6500+',
      injections: text,
    });
    expect(res.status).toBe(303);
    const batchId = /\/ui\/assays\/lcms\/batch\/([0-9a-f-]{36})\?done=/.exec(
      res.headers.location as string,
    )![1];
    const batch = (await api(w.t, w.sam).get(`/lcms-batches/${batchId}`).expect(200)).body;
    expect(batch.injections.map((i: { name: string }) => i.name)).toEqual(
      injections.map((i) => i.name),
    );
    expect(batch.injections.find((i: { name: string }) => i.name === 'R-4-1').sampleBarcode).toBe(
      'R-4-1',
    );
    expect(batch.analytes).toEqual(['azathioprine']);
    await api(w.t, w.sam).postText(`/lcms-batches/${batchId}/imports`, csv).expect(201);
  });

  it('an instrument key’s session is refused the record pages and their forms', async () => {
    const web = new WebClient(w.t);
    await web.signIn('ivy', ivy.password);
    expect((await web.get(`/ui/assays/coculture/culture/${cultureId}`)).status).toBe(403);
    expect((await web.get(`/ui/assays/lcms/new-batch/${lcmsRunId}`)).status).toBe(403);
    expect((await web.get(`/ui/uploads/lcms/batch/${cultureId}`)).status).toBe(403);
  });
});
