import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTestApp, createUserWithKey, TestApp } from './support/test-app';

type Body = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const FIXTURES = join(__dirname, 'fixtures', 'plate-readers');
// Gen5 first: its barcode comes from the file name, and fixtures of other formats reuse it.
const FORMATS = ['gen5', 'grid', 'long', 'softmax'] as const;

interface Fixture {
  format: string;
  name: string;
  text: string;
  expected: Body;
}

function fixtures(kind: 'ok' | 'not-ok'): Fixture[] {
  const out: Fixture[] = [];
  for (const format of FORMATS) {
    const dir = join(FIXTURES, format, kind);
    for (const name of readdirSync(dir)
      .filter((f) => !f.endsWith('.json'))
      .sort()) {
      const stem = name.replace(/\.[^.]+$/, '');
      const expected = JSON.parse(readFileSync(join(dir, `${stem}.json`), 'utf8')) as Body;
      // Fixtures that describe every plate, channel and status (multi-plate, UTF-16, reader
      // marks, fluorescence) are the parsers' own; this file feeds the one-plate absorbance ones.
      if (expected.plates) continue;
      out.push({ format, name, text: readFileSync(join(dir, name), 'utf8'), expected });
    }
  }
  return out;
}

const PROBLEM_KEYS = ['code', 'line', 'well', 'field', 'wavelengthNm'];
const located = (p: Body): Body =>
  Object.fromEntries(PROBLEM_KEYS.filter((k) => p[k] !== undefined).map((k) => [k, p[k]]));

/** A full-plate layout: column 1 blank, the rest vehicle (no material needed). */
function fullLayout(plateSize: 96 | 384, referenceWavelengthNm: number | null, name: string) {
  const rows = plateSize === 96 ? 8 : 16;
  const columns = plateSize === 96 ? 12 : 24;
  const wells: Body[] = [];
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < columns; c++) {
      wells.push({
        well: `${String.fromCharCode(65 + r)}${c + 1}`,
        role: c === 0 ? 'blank' : 'vehicle',
      });
    }
  }
  return { name, plateSize, referenceWavelengthNm, wells };
}

describe('instrument feeds: every fixture format, atomic rejection, idempotency, bound keys', () => {
  let t: TestApp;
  let sci: { id: string; key: string };
  let mgr: { id: string; key: string };
  let reader: { id: string; key: string };
  let instrument: Body;
  const layouts: Record<string, string> = {};
  const usedBarcodes = new Set<string>();
  const as = (u: { key: string }) => ({ Authorization: `Bearer ${u.key}` });

  const count = async (table: string): Promise<number> =>
    Number((await t.dataSource.query(`SELECT COUNT(*) AS n FROM ${table}`))[0].n);
  const counts = async (): Promise<number[]> =>
    Promise.all(
      ['plates', 'plate_readings', 'plate_reading_values', 'audit_events', 'plate_layouts'].map(
        count,
      ),
    );

  const layoutFor = async (size: 96 | 384, ref: number | null): Promise<string> => {
    const k = `${size}:${ref}`;
    if (!layouts[k]) {
      layouts[k] = (
        await t
          .http()
          .post('/api/v1/plate-layouts')
          .set(as(sci))
          .send(fullLayout(size, ref, `full ${k}`))
          .expect(201)
      ).body.id;
    }
    return layouts[k];
  };
  const planPlate = async (size: 96 | 384, ref: number | null, barcode?: string): Promise<Body> =>
    (
      await t
        .http()
        .post('/api/v1/plates')
        .set(as(sci))
        .send({ layoutId: await layoutFor(size, ref), ...(barcode ? { barcode } : {}) })
        .expect(201)
    ).body;
  const feed = (text: string, query: Record<string, string> = {}, user = reader) =>
    t
      .http()
      .post('/api/v1/instrument-feeds')
      .query(query)
      .set(as(user))
      .set('Content-Type', 'text/csv')
      .send(text);

  beforeAll(async () => {
    t = await createTestApp();
    sci = await createUserWithKey(t, 'sam', ['scientist']);
    mgr = await createUserWithKey(t, 'mona', ['manager']);
    reader = await createUserWithKey(t, 'reader1', ['instrument']);
    instrument = (
      await t
        .http()
        .post('/api/v1/instruments')
        .set(as(mgr))
        .send({ name: 'Reader 1', model: 'BioTek Synergy H1', serial: '21051234', location: 'R2' })
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
  });
  afterAll(() => t.close());

  describe('every ok fixture imports through the API, raw values stored exactly', () => {
    it.each(fixtures('ok').map((f) => [`${f.format}/${f.name}`, f] as const))(
      '%s',
      async (_, f) => {
        const e = f.expected;
        const size = e.plateSize as 96 | 384;
        const ref = (e.wavelengthsNm as number[]).includes(650) ? 650 : null;
        // The first fixture with a barcode attaches by it; later ones reuse barcodes: plate=.
        const fileBarcode = e.metadata?.barcode as string | undefined;
        const barcode = fileBarcode && !usedBarcodes.has(fileBarcode) ? fileBarcode : undefined;
        if (barcode) usedBarcodes.add(barcode);
        const plate = await planPlate(size, ref, barcode);
        const query: Record<string, string> = barcode ? {} : { plate: plate.id };
        const filename = e.options?.filename as string | undefined;
        // Gen5 names its barcode in the file name: send those as multipart files.
        const res = filename
          ? await t
              .http()
              .post('/api/v1/instrument-feeds')
              .query(query)
              .set(as(reader))
              .attach('file', Buffer.from(f.text, 'utf8'), filename)
          : await feed(f.text, query);
        expect(res.status).toBe(201);
        expect(res.body).toMatchObject({
          outcome: 'imported',
          format: f.format,
          plateSize: size,
          valueCount: e.readingCount,
          wavelengthsNm: e.wavelengthsNm,
          instrumentId: instrument.id,
          plate: { id: plate.id, status: 'read' },
        });
        expect(res.body.reading.sourceFilename).toBe(filename ?? null);
        const wells = (
          await t.http().get(`/api/v1/plates/${plate.id}/wells`).set(as(sci)).expect(200)
        ).body;
        expect(wells.readingId).toBe(res.body.reading.id);
        for (const s of e.spotChecks as Body[]) {
          const w = (wells.wells as Body[]).find((x) => x.well === s.well);
          const v = (w?.values as Body[]).find((x) => x.wavelengthNm === s.wavelengthNm);
          expect(v).toMatchObject({ raw: s.raw, value: s.value });
        }
        const stored = (wells.wells as Body[]).reduce((n, w) => n + (w.values as Body[]).length, 0);
        expect(stored).toBe(e.readingCount);
      },
    );
  });

  describe('every not-ok fixture is rejected whole with its exact problems', () => {
    it.each(fixtures('not-ok').map((f) => [`${f.format}/${f.name}`, f] as const))(
      '%s',
      async (_, f) => {
        const needsReference = (f.expected.options?.requiredWavelengthsNm ?? []).includes(650);
        const plate = await planPlate(96, needsReference ? 650 : null);
        const before = await counts();
        const query: Record<string, string> = { plate: plate.id };
        if (f.expected.options?.filename) query.filename = f.expected.options.filename as string;
        const res = await feed(f.text, query);
        expect(res.status).toBe(422);
        expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
        expect(res.body.code).toBe('IMPORT_REJECTED');
        expect((res.body.errors as Body[]).map(located)).toEqual(f.expected.problems);
        expect(res.body.report).toMatchObject({
          ok: false,
          problemCount: f.expected.problems.length,
        });
        for (const p of res.body.errors as Body[]) expect(p.message).toEqual(expect.any(String));
        expect(await counts()).toEqual(before);
        const after = (await t.http().get(`/api/v1/plates/${plate.id}`).set(as(sci)).expect(200))
          .body;
        expect(after).toMatchObject({ status: 'planned', readAt: null, readings: [] });
      },
    );
  });

  describe('validation against the plate', () => {
    const grid = (name: string) => readFileSync(join(FIXTURES, 'grid', 'ok', name), 'utf8');

    it('refuses a wrong plate size, a missing reference wavelength and an unknown plate', async () => {
      const small = grid('two-blocks-96-570-650.csv') + '\n';
      const p384 = await planPlate(384, null);
      const p384ref = await planPlate(384, 630);
      const before = await counts();
      let res = await feed(small, { plate: p384.id }).expect(422);
      expect((res.body.errors as Body[]).map(located)).toEqual([
        { code: 'WRONG_PLATE_SIZE', field: 'plateSize' },
      ]);
      // Not the ok fixture itself (stored above): the same content would be a duplicate.
      const single = grid('single-block-384-570.csv') + '\n';
      res = await feed(single, { plate: p384ref.id }).expect(422);
      expect((res.body.errors as Body[]).map(located)).toEqual([
        { code: 'MISSING_WAVELENGTH', field: 'wavelength', wavelengthNm: 630 },
      ]);
      res = await feed(single, { plate: 'NO-SUCH-PLATE' }).expect(422);
      expect((res.body.errors as Body[]).map(located)).toEqual([
        { code: 'PLATE_NOT_FOUND', field: 'plate' },
      ]);
      // The file's barcode names a plate that was never planned.
      res = await feed(single.replace('TL-MTT-0912', 'TL-NEVER-PLANNED')).expect(422);
      expect(res.body.errors[0]).toMatchObject({ code: 'PLATE_NOT_FOUND', field: 'barcode' });
      expect(await counts()).toEqual(before);
    });

    it('needs a value for every well the layout uses, and names each missing one', async () => {
      const layout = (
        await t
          .http()
          .post('/api/v1/plate-layouts')
          .set(as(sci))
          .send({
            name: 'two wells',
            plateSize: 96,
            wells: [
              { well: 'A1', role: 'blank' },
              { well: 'B2', role: 'vehicle' },
              { well: 'H12', role: 'excluded' },
            ],
          })
          .expect(201)
      ).body;
      const plate = (
        await t.http().post('/api/v1/plates').set(as(sci)).send({ layoutId: layout.id }).expect(201)
      ).body;
      const before = await counts();
      const res = await feed('well,value,wavelength\nA1,0.1,570\nC3,0.2,570\n', {
        plate: plate.id,
      }).expect(422);
      expect((res.body.errors as Body[]).map(located)).toEqual([
        { code: 'MISSING_READING', well: 'B2', wavelengthNm: 570 },
      ]);
      expect(await counts()).toEqual(before);
      // Once B2 is there it imports (H12 is excluded, C3 is outside the layout: stored as read).
      await feed('well,value,wavelength\nA1,0.1,570\nB2,1.2,570\nC3,0.2,570\n', {
        plate: plate.id,
      }).expect(201);
    });

    it('refuses a file whose barcode is another plate’s', async () => {
      const plate = await planPlate(96, 650, 'OTHER-BARCODE');
      const text =
        readFileSync(join(FIXTURES, 'grid', 'ok', 'two-blocks-96-570-650.csv'), 'utf8') + '\n\n';
      const res = await feed(text, { plate: plate.id }).expect(422);
      expect(res.body.errors[0]).toMatchObject({ code: 'BARCODE_MISMATCH', field: 'barcode' });
    });
  });

  describe('idempotency and dry runs', () => {
    const long96 = (a1: string) =>
      'well,a570,a650\n' +
      Array.from({ length: 96 }, (_, i) => {
        const well = `${String.fromCharCode(65 + Math.floor(i / 12))}${(i % 12) + 1}`;
        return `${well},${i === 0 ? a1 : (0.5 + i / 1000).toFixed(4)},0.0400`;
      }).join('\n') +
      '\n';

    it('stores the same content once: the repeat answers the first result with 200', async () => {
      const plate = await planPlate(96, 650);
      const text = long96('0.0883');
      const first = await feed(text, { plate: plate.id }).expect(201);
      const before = await counts();
      const again = await feed(text, { plate: plate.id }).expect(200);
      expect(again.body).toMatchObject({
        outcome: 'duplicate',
        reading: { id: first.body.reading.id },
        plate: { id: plate.id },
        valueCount: 192,
      });
      // Also as a multipart file, and without naming the plate: the hash decides.
      const multi = await t
        .http()
        .post('/api/v1/instrument-feeds')
        .set(as(reader))
        .attach('file', Buffer.from(text, 'utf8'), 'again.csv')
        .expect(200);
      expect(multi.body.reading.id).toBe(first.body.reading.id);
      expect(await counts()).toEqual(before);
    });

    it('an Idempotency-Key returns the first result; reused for other content it is refused', async () => {
      const plate = await planPlate(96, 650);
      const first = await feed(long96('0.1111'), { plate: plate.id })
        .set('Idempotency-Key', 'feed-0001')
        .expect(201);
      expect(first.body.reading.idempotencyKey).toBe('feed-0001');
      const before = await counts();
      const retry = await feed(long96('0.1111'), { plate: plate.id })
        .set('Idempotency-Key', 'feed-0001')
        .expect(200);
      expect(retry.body.reading.id).toBe(first.body.reading.id);
      const reused = await feed(long96('0.2222'), { plate: plate.id })
        .set('Idempotency-Key', 'feed-0001')
        .expect(422);
      expect(reused.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
      expect(await counts()).toEqual(before);
    });

    it('two identical feeds at once store one reading: 201 and 200', async () => {
      const plate = await planPlate(96, 650);
      const text = long96('0.5555');
      const answers = await Promise.all([1, 2, 3].map(() => feed(text, { plate: plate.id })));
      expect(answers.map((r) => r.status).sort()).toEqual([200, 200, 201]);
      expect(new Set(answers.map((r) => r.body.reading.id as string)).size).toBe(1);
      const detail = (await t.http().get(`/api/v1/plates/${plate.id}`).set(as(sci)).expect(200))
        .body;
      expect(detail.readings).toHaveLength(1);
    });

    it('a dry run reports and writes nothing, valid or not', async () => {
      const plate = await planPlate(96, 650);
      const before = await counts();
      const ok = await feed(long96('0.3333'), { plate: plate.id, dryRun: 'true' }).expect(200);
      expect(ok.body).toMatchObject({
        outcome: 'validated',
        dryRun: true,
        reading: null,
        valueCount: 192,
        problems: [],
        plate: { id: plate.id, status: 'planned' },
      });
      const bad = await feed(long96('0.1x'), { plate: plate.id, dryRun: 'true' }).expect(422);
      expect(bad.body.report).toMatchObject({ ok: false, dryRun: true, problemCount: 1 });
      expect(bad.body.errors[0]).toMatchObject({ code: 'NOT_A_NUMBER', well: 'A1', line: 2 });
      expect(await counts()).toEqual(before);
      // The real import after the dry run stores it.
      await feed(long96('0.3333'), { plate: plate.id }).expect(201);
    });

    it('format= overrides detection', async () => {
      const plate = await planPlate(96, 650);
      const res = await feed(long96('0.4444'), { plate: plate.id, format: 'grid', dryRun: 'true' });
      expect(res.status).toBe(422);
      await feed(long96('0.4444'), { plate: plate.id, format: 'long' }).expect(201);
    });
  });

  describe('keys, roles and instruments', () => {
    it('refuses other roles (403) and an unbound instrument key with a clear code', async () => {
      const text = 'well,value\nA1,0.1\n';
      const r1 = await feed(text, {}, sci).expect(403);
      expect(r1.body.code).toBe('FORBIDDEN_ROLE');
      const unbound = await createUserWithKey(t, 'reader2', ['instrument']);
      const r2 = await feed(text, {}, unbound).expect(403);
      expect(r2.body.code).toBe('INSTRUMENT_KEY_NOT_BOUND');
      // An instrument cannot plan plates or upload through the people's route.
      await t.http().post('/api/v1/plates').set(as(reader)).send({}).expect(403);
      await t.http().get('/api/v1/instruments').set(as(sci)).expect(403);
    });

    it('binds only instrument keys, each to one instrument; rotation keeps the binding', async () => {
      const other = (
        await t
          .http()
          .post('/api/v1/instruments')
          .set(as(mgr))
          .send({ name: 'Reader 2', model: 'SpectraMax Plus 384' })
          .expect(201)
      ).body;
      const admin = { Authorization: `Bearer ${t.adminKey}` };
      const sciKeys = (
        await t.http().get('/api/v1/api-keys').query({ userId: sci.id }).set(admin).expect(200)
      ).body.items as Body[];
      const r1 = await t
        .http()
        .post(`/api/v1/instruments/${other.id}/api-keys`)
        .set(as(mgr))
        .send({ apiKeyId: sciKeys[0].id })
        .expect(422);
      expect(r1.body.code).toBe('NOT_AN_INSTRUMENT_KEY');
      const readerKeys = (
        await t.http().get('/api/v1/api-keys').query({ userId: reader.id }).set(admin).expect(200)
      ).body.items as Body[];
      const r2 = await t
        .http()
        .post(`/api/v1/instruments/${other.id}/api-keys`)
        .set(as(mgr))
        .send({ apiKeyId: readerKeys[0].id })
        .expect(409);
      expect(r2.body.code).toBe('API_KEY_ALREADY_BOUND');
      const listed = (await t.http().get('/api/v1/instruments').set(as(mgr)).expect(200)).body;
      expect(listed.total).toBe(2);
      expect((listed.items as Body[]).find((i) => i.id === instrument.id)?.apiKeyIds).toEqual([
        readerKeys[0].id,
      ]);

      // A rotated key feeds as the same instrument.
      const rotated = (
        await t.http().post(`/api/v1/api-keys/${readerKeys[0].id}/rotate`).set(admin).expect(201)
      ).body;
      const plate = await planPlate(96, null);
      reader.key = rotated.key as string;
      const res = await feed('well,value,wavelength\n' + wellsCsv(96), {
        plate: plate.id,
      }).expect(201);
      expect(res.body.instrumentId).toBe(instrument.id);
    });

    it('refuses feeds from a deactivated instrument', async () => {
      const second = await createUserWithKey(t, 'reader3', ['instrument']);
      const admin = { Authorization: `Bearer ${t.adminKey}` };
      const other = (
        await t
          .http()
          .post('/api/v1/instruments')
          .set(as(mgr))
          .send({ name: 'Reader 3', model: 'Synergy HTX' })
          .expect(201)
      ).body;
      const keys = (
        await t.http().get('/api/v1/api-keys').query({ userId: second.id }).set(admin).expect(200)
      ).body.items as Body[];
      await t
        .http()
        .post(`/api/v1/instruments/${other.id}/api-keys`)
        .set(as(mgr))
        .send({ apiKeyId: keys[0].id })
        .expect(200);
      await t.http().post(`/api/v1/instruments/${other.id}/deactivate`).set(as(mgr)).expect(200);
      const res = await feed('well,value\nA1,0.1\n', {}, second).expect(403);
      expect(res.body.code).toBe('INSTRUMENT_INACTIVE');
    });

    it('people upload through POST /plates/:id/readings with the same service', async () => {
      const plate = await planPlate(96, null);
      const res = await t
        .http()
        .post(`/api/v1/plates/${plate.id}/readings`)
        .set(as(sci))
        .set('Content-Type', 'text/plain')
        .send('well,value,wavelength\n' + wellsCsv(96, 0.7))
        .expect(201);
      expect(res.body).toMatchObject({ outcome: 'imported', instrumentId: null });
      expect(res.body.reading.uploadedById).toBe(sci.id);
      await t
        .http()
        .post(`/api/v1/plates/${plate.id}/readings`)
        .set(as(reader))
        .set('Content-Type', 'text/plain')
        .send('well,value,wavelength\n' + wellsCsv(96, 0.8))
        .expect(403);
      const audit = (
        await t
          .http()
          .get('/api/v1/audit')
          .query({ entity: 'plate_reading', entityId: res.body.reading.id })
          .set(as(mgr))
          .expect(200)
      ).body as Body[];
      expect(audit).toHaveLength(1);
      expect(audit[0]).toMatchObject({ action: 'plate.reading-imported' });
    });

    it('reads a multipart file only for an authenticated caller, within the size limit', async () => {
      const plate = await planPlate(96, null);
      const csv = Buffer.from('well,value,wavelength\n' + wellsCsv(96, 0.61), 'utf8');
      const before = await counts();
      const anonymous = await t
        .http()
        .post(`/api/v1/plates/${plate.id}/readings`)
        .attach('file', csv, 'plate.csv')
        .expect(401);
      expect(anonymous.body.code).toBe('UNAUTHENTICATED');
      const tooLarge = await t
        .http()
        .post(`/api/v1/plates/${plate.id}/readings`)
        .set(as(sci))
        // One byte over MAX_UPLOAD_BYTES (src/imports/plate-upload.ts), 10 MiB.
        .attach('file', Buffer.alloc(10 * 1024 * 1024 + 1, 0x30), 'huge.csv')
        .expect(413);
      expect(tooLarge.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(await counts()).toEqual(before);
      const res = await t
        .http()
        .post(`/api/v1/plates/${plate.id}/readings`)
        .set(as(sci))
        .attach('file', csv, 'plate.csv')
        .expect(201);
      expect(res.body).toMatchObject({ outcome: 'imported', valueCount: 96 });
      expect(res.body.reading.sourceFilename).toBe('plate.csv');
    });

    it('refuses a JSON body with 415', async () => {
      const res = await t
        .http()
        .post('/api/v1/instrument-feeds')
        .set(as(reader))
        .send({ well: 'A1' })
        .expect(415);
      expect(res.body.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    });
  });
});

function wellsCsv(size: 96 | 384, base = 0.5): string {
  const columns = size === 96 ? 12 : 24;
  return Array.from({ length: size }, (_, i) => {
    const well = `${String.fromCharCode(65 + Math.floor(i / columns))}${(i % columns) + 1}`;
    return `${well},${(base + i / 10000).toFixed(4)},570`;
  }).join('\n');
}
