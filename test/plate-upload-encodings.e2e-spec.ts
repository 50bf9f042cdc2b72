// Plate-reader exports are read from their bytes on every upload path (a text/* body, a
// multipart file, the folder watcher's multipart upload): UTF-8 with or without BOM, UTF-16LE/BE
// with BOM, Windows-1252. No body parser decodes them first, and the stored hash is the bytes'.
import { createHash } from 'node:crypto';
import iconv from 'iconv-lite';
import { createTestApp, createUserWithKey, TestApp } from './support/test-app';

type Body = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** A 96-well grid read at 570 nm; its header names the operator with a non-ASCII letter. */
function gridText(barcode: string): string {
  const lines = [`Barcode;${barcode}`, 'Operator;Jürgen Müller', 'Wavelength (nm);570', ''];
  lines.push(';' + Array.from({ length: 12 }, (_, c) => c + 1).join(';'));
  for (let r = 0; r < 8; r++) {
    const cells = Array.from({ length: 12 }, (_, c) => `0,${String(100 + r * 12 + c)}`);
    lines.push(`${String.fromCharCode(65 + r)};${cells.join(';')}`);
  }
  return lines.join('\r\n') + '\r\n';
}

const ENCODINGS: [string, (text: string) => Buffer][] = [
  ['utf-8', (s) => Buffer.from(s, 'utf8')],
  ['utf-8', (s) => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(s, 'utf8')])],
  ['utf-16le', (s) => Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(s, 'utf-16le')])],
  ['utf-16be', (s) => Buffer.concat([Buffer.from([0xfe, 0xff]), iconv.encode(s, 'utf-16be')])],
  ['windows-1252', (s) => iconv.encode(s, 'windows-1252')],
];

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('plate-reader uploads are decoded from their bytes on every path', () => {
  let t: TestApp;
  let sci: { id: string; key: string };
  let layoutId: string;
  let n = 0;
  const as = (u: { key: string }) => ({ Authorization: `Bearer ${u.key}` });

  beforeAll(async () => {
    t = await createTestApp();
    sci = await createUserWithKey(t, 'sam', ['scientist']);
    const wells: Body[] = [];
    for (let r = 0; r < 8; r++) {
      for (let c = 0; c < 12; c++) {
        wells.push({ well: `${String.fromCharCode(65 + r)}${c + 1}`, role: 'vehicle' });
      }
    }
    layoutId = (
      await t
        .http()
        .post('/api/v1/plate-layouts')
        .set(as(sci))
        .send({ name: 'encodings', plateSize: 96, referenceWavelengthNm: null, wells })
        .expect(201)
    ).body.id;
  });
  afterAll(() => t.close());

  const planned = async (): Promise<{ id: string; barcode: string }> => {
    const barcode = `ENC-${++n}`;
    const plate = await t
      .http()
      .post('/api/v1/plates')
      .set(as(sci))
      .send({ layoutId, barcode })
      .expect(201);
    return { id: plate.body.id, barcode };
  };

  const expectStored = async (res: Body, bytes: Buffer, encoding: string, plateId: string) => {
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      outcome: 'imported',
      format: 'grid',
      encoding,
      valueCount: 96,
      wavelengthsNm: [570],
      contentHash: sha256(bytes),
    });
    expect(res.body.reading.metadata.extra).toMatchObject({ Operator: 'Jürgen Müller' });
    const wells = (await t.http().get(`/api/v1/plates/${plateId}/wells`).set(as(sci)).expect(200))
      .body;
    const h12 = (wells.wells as Body[]).find((w) => w.well === 'H12') as Body;
    expect(h12.values).toEqual([expect.objectContaining({ raw: '0,195', value: 0.195 })]);
  };

  it.each(
    ENCODINGS.map(([enc, encode], i) => [`${enc}${i === 1 ? ' with BOM' : ''}`, enc, encode]),
  )('a text/plain body in %s', async (_, encoding, encode) => {
    const plate = await planned();
    const bytes = (encode as (s: string) => Buffer)(gridText(plate.barcode));
    const res = await t
      .http()
      .post(`/api/v1/plates/${plate.id}/readings`)
      .set(as(sci))
      .set('Content-Type', 'text/plain; charset=utf-8')
      .send(bytes);
    await expectStored(res, bytes, encoding as string, plate.id);
  });

  it.each(
    ENCODINGS.map(([enc, encode], i) => [`${enc}${i === 1 ? ' with BOM' : ''}`, enc, encode]),
  )('a multipart file in %s', async (_, encoding, encode) => {
    const plate = await planned();
    const bytes = (encode as (s: string) => Buffer)(gridText(plate.barcode));
    const res = await t
      .http()
      .post(`/api/v1/plates/${plate.id}/readings`)
      .set(as(sci))
      .attach('file', bytes, 'export.txt');
    await expectStored(res, bytes, encoding as string, plate.id);
  });

  it('a text/csv body to the instrument feed in UTF-16LE, named by the barcode it carries', async () => {
    const reader = await createUserWithKey(t, 'reader', ['instrument']);
    const mgr = await createUserWithKey(t, 'mona', ['manager']);
    const instrument = (
      await t
        .http()
        .post('/api/v1/instruments')
        .set(as(mgr))
        .send({ name: 'Reader E', model: 'Synergy H1', serial: 'E1', location: 'R1' })
        .expect(201)
    ).body;
    const keys = (
      await t
        .http()
        .get('/api/v1/api-keys')
        .query({ userId: reader.id })
        .set('Authorization', `Bearer ${t.adminKey}`)
        .expect(200)
    ).body.items as Body[];
    await t
      .http()
      .post(`/api/v1/instruments/${instrument.id}/api-keys`)
      .set(as(mgr))
      .send({ apiKeyId: keys[0].id })
      .expect(200);
    const plate = await planned();
    const bytes = ENCODINGS[2][1](gridText(plate.barcode));
    const res = await t
      .http()
      .post('/api/v1/instrument-feeds')
      .set(as(reader))
      .set('Content-Type', 'text/csv')
      .send(bytes);
    await expectStored(res, bytes, 'utf-16le', plate.id);
    // The same bytes again are the same import; the same text in UTF-8 is other content.
    const again = await t
      .http()
      .post('/api/v1/instrument-feeds')
      .set(as(reader))
      .set('Content-Type', 'text/csv')
      .send(bytes)
      .expect(200);
    expect(again.body).toMatchObject({ outcome: 'duplicate', contentHash: sha256(bytes) });
  });
});
