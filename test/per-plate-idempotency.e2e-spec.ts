// Issue 13 item 4: idempotency is per plate. The same content for the same plate (or the same
// Idempotency-Key) is a duplicate that answers the first result in full, analysis included; the
// same content for another plate is refused with 409 naming the plate that holds it, stores
// nothing, and the folder watcher files it under failed/.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FolderWatcher } from '../scripts/watch-folder';
import { api, type User, plateAssayWorld } from './support/plate-assays';
import { syntheticPlateMap, syntheticReading } from './support/synthetic-mtt';
import { createUserWithKey, TestApp } from './support/test-app';

type Body = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('per-plate idempotency (issue 13 item 4)', () => {
  let t: TestApp;
  let sam: User;
  let layoutId: string;
  const plate = async (barcode: string): Promise<Body> =>
    (await api(t, sam).post('/plates', { barcode, layoutId }).expect(201)).body as Body;
  const upload = (plateId: string, text: string, key?: string) => {
    const req = api(t, sam).postText(`/plates/${plateId}/readings`, text);
    return key ? req.set('Idempotency-Key', key) : req;
  };
  const readingsOf = async (plateId: string): Promise<Body[]> =>
    (await api(t, sam).get(`/plates/${plateId}`).expect(200)).body.readings as Body[];

  beforeAll(async () => {
    const world = await plateAssayWorld();
    ({ t, sam } = world);
    const { parental, resistant } = world;
    layoutId = (
      await api(t, sam)
        .post('/plate-layouts/import', {
          name: 'idempotency layout',
          csv: syntheticPlateMap(),
          materials: { parental, resistant },
          referenceWavelengthNm: 650,
        })
        .expect(201)
    ).body.id as string;
  });
  afterAll(() => t.close());

  it('the same content for the same plate answers the first result in full, analysis included', async () => {
    const a = await plate('IDEM-A1');
    const text = syntheticReading(11);
    const first = await upload(a.id as string, text).expect(201);
    expect(first.body.outcome).toBe('imported');
    expect(first.body.analysis).toMatchObject({ status: 'analysed' });
    expect(first.body.analysis.fits.length).toBeGreaterThan(0);

    const again = await upload(a.id as string, text).expect(200);
    const { outcome, ...rest } = again.body as Body;
    expect(outcome).toBe('duplicate');
    const { outcome: firstOutcome, ...firstRest } = first.body as Body;
    expect(firstOutcome).toBe('imported');
    // Everything the first answer said, analysis and warnings included.
    expect(rest).toEqual(firstRest);
    expect(await readingsOf(a.id as string)).toHaveLength(1);
  });

  it('the same content for another plate is refused with 409 naming the plate that holds it', async () => {
    const a = await plate('IDEM-A2');
    const b = await plate('IDEM-B2');
    const text = syntheticReading(12);
    const first = await upload(a.id as string, text).expect(201);
    const audits = Number(
      (await t.dataSource.query('SELECT COUNT(*) AS n FROM audit_events'))[0].n,
    );

    const refused = await upload(b.id as string, text).expect(409);
    expect(refused.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(refused.body.code).toBe('READING_HELD_BY_ANOTHER_PLATE');
    expect(refused.body.detail).toContain('IDEM-A2');
    expect(refused.body.detail).toContain('IDEM-B2');
    expect(refused.body.heldBy).toEqual([{ plateId: a.id, barcode: 'IDEM-A2' }]);
    expect(refused.body.errors[0].message).toContain(first.body.reading.id);
    // Nothing stored for B, nothing audited.
    expect(await readingsOf(b.id as string)).toHaveLength(0);
    expect((await api(t, sam).get(`/plates/${b.id}`).expect(200)).body.status).toBe('planned');
    expect(Number((await t.dataSource.query('SELECT COUNT(*) AS n FROM audit_events'))[0].n)).toBe(
      audits,
    );
    // A dry run says the same.
    await api(t, sam).postText(`/plates/${b.id}/readings?dryRun=true`, text).expect(409);
  });

  it('the same Idempotency-Key is the same import, whatever plate it names', async () => {
    const a = await plate('IDEM-A3');
    const b = await plate('IDEM-B3');
    const text = syntheticReading(13);
    const first = await upload(a.id as string, text, 'idem-key-3').expect(201);
    const retry = await upload(b.id as string, text, 'idem-key-3').expect(200);
    expect(retry.body).toMatchObject({ outcome: 'duplicate', plate: { id: a.id } });
    expect(retry.body.reading.id).toBe(first.body.reading.id);
    expect(retry.body.analysis).toEqual(first.body.analysis);
    expect(await readingsOf(b.id as string)).toHaveLength(0);
    // Reused for other content: refused.
    const reused = await upload(a.id as string, syntheticReading(14), 'idem-key-3').expect(422);
    expect(reused.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  it('the folder watcher files a file refused with 409 under failed/, not done/', async () => {
    // Gen5 export names carry the plate's barcode: the same export copied under another
    // plate's name is the same content for another plate.
    const wells = Array.from({ length: 96 }, (_, i) => ({
      well: `${String.fromCharCode(65 + Math.floor(i / 12))}${(i % 12) + 1}`,
      role: i % 12 === 0 ? 'blank' : 'vehicle',
    }));
    const full = (
      await api(t, sam)
        .post('/plate-layouts', {
          name: 'full 96',
          plateSize: 96,
          referenceWavelengthNm: 650,
          wells,
        })
        .expect(201)
    ).body as Body;
    const onFull = async (barcode: string): Promise<Body> =>
      (await api(t, sam).post('/plates', { barcode, layoutId: full.id }).expect(201)).body as Body;
    const a = await onFull('IDEM-A4');
    const b = await onFull('IDEM-B4');
    const mgr = await createUserWithKey(t, 'mona', ['manager']);
    const reader = await createUserWithKey(t, 'reader-idem', ['instrument']);
    const instrument = (
      await api(t, mgr)
        .post('/instruments', { name: 'Reader idem', model: 'Synergy H1' })
        .expect(201)
    ).body as Body;
    const keys = (await api(t, t.adminKey).get(`/api-keys?userId=${reader.id}`).expect(200)).body
      .items as Body[];
    await api(t, mgr)
      .post(`/instruments/${instrument.id}/api-keys`, { apiKeyId: keys[0].id })
      .expect(200);
    await t.app.listen(0, '127.0.0.1');
    const url = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    const gen5 = readFileSync(
      join(
        __dirname,
        'fixtures',
        'plate-readers',
        'gen5',
        'ok',
        '240611_140237_TL-MTT-0731_mtt.txt',
      ),
    );
    const folder = mkdtempSync(join(tmpdir(), 'thiolab-idem-'));
    try {
      writeFileSync(join(folder, '240611_140237_IDEM-A4_mtt.txt'), gen5);
      writeFileSync(join(folder, '240611_140237_IDEM-B4_mtt.txt'), gen5);
      const w = new FolderWatcher({
        folder,
        url,
        apiKey: reader.key,
        once: true,
        intervalMs: 200,
        settleMs: 0,
        timeoutMs: 10_000,
        maxAttempts: 1,
        log: () => undefined,
      });
      await w.start();
      expect(w.outcomes).toEqual([
        { file: '240611_140237_IDEM-A4_mtt.txt', to: 'done', status: 201 },
        { file: '240611_140237_IDEM-B4_mtt.txt', to: 'failed', status: 409 },
      ]);
      expect(readdirSync(join(folder, 'failed')).sort()).toEqual([
        '240611_140237_IDEM-B4_mtt.txt',
        '240611_140237_IDEM-B4_mtt.txt.error.json',
      ]);
      expect(await readingsOf(a.id as string)).toHaveLength(1);
      expect(await readingsOf(b.id as string)).toHaveLength(0);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
