// The web UI's plate upload (issue 19): a dry-run report, then confirm; a rejected file's
// problems on the plate map, each bad well highlighted and explained (hover and focus); the
// multipart form carries the CSRF token like every other form.
import { api, cellLines, startedRun } from './support/plate-assays';
import { createParentalLine } from './support/runs-fixtures';
import { syntheticPlateMap, syntheticReading } from './support/synthetic-mtt';
import { createTestApp, createUserWithKey, type TestApp } from './support/test-app';
import { csrfOf, WebClient } from './support/web-client';

type User = { id: string; key: string; password: string };

describe('web UI: plate upload', () => {
  let t: TestApp;
  let sam: User;
  let web: WebClient;
  let runId: string;

  /** A multipart POST of the upload form, with the session's cookie. */
  const upload = (fields: Record<string, string>, file?: { text: string; name: string }) => {
    let req = t
      .http()
      .post('/ui/plates/upload')
      .set('Cookie', [...web.cookies].map(([k, v]) => `${k}=${v}`).join('; '));
    for (const [k, v] of Object.entries(fields)) req = req.field(k, v);
    if (file) req = req.attach('file', Buffer.from(file.text), file.name);
    return req;
  };

  beforeAll(async () => {
    t = await createTestApp();
    sam = await createUserWithKey(t, 'sam', ['scientist']);
    const parental = await createParentalLine(t, sam.key, 'HIG-82');
    const map = syntheticPlateMap().replace(/,resistant,/g, ',parental,');
    runId = await startedRun(t, sam, 'mtt-viability', cellLines(parental));
    const layout = await api(t, sam)
      .post('/plate-layouts/import', {
        name: 'layout UP',
        csv: map,
        materials: { parental },
        referenceWavelengthNm: 650,
      })
      .expect(201);
    await api(t, sam)
      .post('/plates', { barcode: 'UP-0001', layoutId: layout.body.id, runId })
      .expect(201);
    web = new WebClient(t);
    await web.signIn('sam', sam.password);
  });
  afterAll(() => t?.close());

  it('refuses the multipart form without the session’s token', async () => {
    const res = await upload(
      { plate: 'UP-0001', step: 'check' },
      { text: syntheticReading(4), name: 'ok.csv' },
    );
    expect(res.status).toBe(403);
    expect(res.text).toContain('CSRF_REFUSED');
  });

  it('shows a rejected file’s bad wells on the plate map, each explained', async () => {
    const page = await web.get('/ui/plates/upload');
    expect(page.status).toBe(200);
    const bad = syntheticReading(4)
      .split('\n')
      .map((l) => (l.startsWith('B5,') ? l.replace(/,[^,]*,([^,]*)$/, ',abc,$1') : l))
      .join('\n');
    const res = await upload(
      { _csrf: csrfOf(page.text), plate: 'UP-0001', step: 'check' },
      { text: bad, name: 'bad.csv' },
    );
    expect(res.status).toBe(422);
    expect(res.text).toContain('The file was rejected; nothing was stored.');
    const well =
      /<span class="well well-tip bad" tabindex="0" role="img" aria-label="([^"]*)" data-well="B5">/.exec(
        res.text,
      );
    expect(well).not.toBeNull();
    expect(well![1]).toMatch(/^B5: /);
    // Nothing stored: the plate is still planned.
    const plate = await api(t, sam).get('/plates/by-barcode/UP-0001').expect(200);
    expect(plate.body.status).toBe('planned');
  });

  it('a good file: the dry run reports, the confirmation imports, the run shows the fit', async () => {
    const page = await web.get('/ui/plates/upload');
    const dry = await upload(
      { _csrf: csrfOf(page.text), plate: 'UP-0001', step: 'check' },
      { text: syntheticReading(4), name: 'good.csv' },
    );
    expect(dry.status).toBe(200);
    expect(dry.text).toContain('Dry run: the file is valid');
    expect((await api(t, sam).get('/plates/by-barcode/UP-0001').expect(200)).body.status).toBe(
      'planned',
    );
    const content = /name="content" value="([A-Za-z0-9+/=]*)"/.exec(dry.text)![1];
    expect(Buffer.from(content, 'base64').toString('utf8')).toBe(syntheticReading(4));
    const confirmed = await upload({
      _csrf: csrfOf(dry.text),
      plate: 'UP-0001',
      step: 'import',
      filename: 'good.csv',
      content,
    });
    expect(confirmed.status).toBe(201);
    expect(confirmed.text).toContain('Imported');
    expect(confirmed.text).toContain(`/ui/runs/${runId}`);
    const run = await web.get(`/ui/runs/${runId}`);
    expect(run.text).toMatch(/\/api\/v1\/fits\/[0-9a-f-]+\/plot\.svg/);
  });
});
