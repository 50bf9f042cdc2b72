// The web UI's plate upload with a file of several plates (issue 19): the dry-run report lists
// each plate of the file with its planned plate, channels, values and reader marks; a bad well
// in the second plate is shown on that plate's own map; the confirmed import stores every plate.
// The upload forms carry the progress indicator, and its script is served.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTestApp, createUserWithKey, type TestApp } from './support/test-app';
import { csrfOf, WebClient } from './support/web-client';

const FILE = join(__dirname, 'fixtures', 'plate-readers', 'gen5', 'ok', 'three-plates-utf16le.txt');

describe('web UI: a multi-plate file', () => {
  let t: TestApp;
  let sam: { id: string; key: string; password: string };
  let web: WebClient;
  const bytes = readFileSync(FILE);

  const upload = (fields: Record<string, string>, file?: { bytes: Buffer; name: string }) => {
    let req = t
      .http()
      .post('/ui/plates/upload')
      .set('Cookie', [...web.cookies].map(([k, v]) => `${k}=${v}`).join('; '));
    for (const [k, v] of Object.entries(fields)) req = req.field(k, v);
    if (file) req = req.attach('file', file.bytes, file.name);
    return req;
  };

  beforeAll(async () => {
    t = await createTestApp();
    sam = await createUserWithKey(t, 'sam', ['scientist']);
    const wells = [];
    for (let r = 0; r < 8; r++) {
      for (let c = 0; c < 12; c++) {
        wells.push({
          well: `${String.fromCharCode(65 + r)}${c + 1}`,
          role: c === 0 ? 'blank' : 'vehicle',
        });
      }
    }
    const auth = { Authorization: `Bearer ${sam.key}` };
    const layoutId = (
      await t
        .http()
        .post('/api/v1/plate-layouts')
        .set(auth)
        .send({
          name: '630',
          plateSize: 96,
          measurementWavelengthNm: 630,
          referenceWavelengthNm: null,
          wells,
        })
        .expect(201)
    ).body.id;
    for (const barcode of ['Plate 1', 'Plate 2', 'Plate 3']) {
      await t.http().post('/api/v1/plates').set(auth).send({ layoutId, barcode }).expect(201);
    }
    web = new WebClient(t);
    await web.signIn('sam', sam.password);
  });
  afterAll(() => t?.close());

  it('the upload page carries the progress indicator and its script is served', async () => {
    const page = await web.get('/ui/plates/upload');
    expect(page.text).toContain('data-progress="check"');
    expect(page.text).toMatch(/<div class="progress" role="status" aria-live="polite" hidden>/);
    expect(page.text).toContain('<script src="/ui/static/upload-progress.js" defer></script>');
    const js = await t.http().get('/ui/static/upload-progress.js').expect(200);
    expect(js.headers['content-type']).toMatch(/javascript/);
  });

  it('a bad well in the second plate is shown on that plate’s map; nothing is stored', async () => {
    const page = await web.get('/ui/plates/upload');
    const text = bytes.toString('utf16le');
    const second = text.indexOf('Plate Number\tPlate 2');
    const row = text.indexOf('\nA\t', second);
    const bad = `${text.slice(0, row)}\nA\tabc${text.slice(text.indexOf('\t', row + 3))}`;
    const res = await upload(
      { _csrf: csrfOf(page.text), step: 'check', plate: '' },
      { bytes: Buffer.from(bad, 'utf16le'), name: 'three-plates.txt' },
    );
    expect(res.status).toBe(422);
    expect(res.text).toContain('<caption>Plate 2: Wells with problems (1)');
    expect(res.text).not.toContain('<caption>Plate 1: Wells');
    expect(res.text).toMatch(/data-well="A1"/);
    const readings = await t.dataSource.query('SELECT COUNT(*) AS n FROM plate_readings');
    expect(Number(readings[0].n)).toBe(0);
  });

  it('the dry run lists each plate; the confirmed import stores all three', async () => {
    const page = await web.get('/ui/plates/upload');
    const dry = await upload(
      { _csrf: csrfOf(page.text), step: 'check', plate: '' },
      { bytes, name: 'three-plates.txt' },
    );
    expect(dry.status).toBe(200);
    expect(dry.text).toContain('The 3 plates in this file, each a reading of its planned plate');
    const table = dry.text.split('id="plates-in-file"')[1].split('</table>')[0];
    for (const p of ['Plate 1', 'Plate 2', 'Plate 3']) expect(table).toContain(`<td>${p} <span`);
    expect(table.match(/<td>96<\/td>/g)).toHaveLength(3);
    const content = /name="content" value="([^"]+)"/.exec(dry.text)![1];
    const confirmed = await upload({
      _csrf: csrfOf(dry.text),
      step: 'import',
      plate: '',
      filename: 'three-plates.txt',
      content,
    });
    expect(confirmed.status).toBe(201);
    expect(confirmed.text).toContain('<h2 id="report-h">Imported</h2>');
    const readings = await t.dataSource.query('SELECT COUNT(*) AS n FROM plate_readings');
    expect(Number(readings[0].n)).toBe(3);
  });
});
