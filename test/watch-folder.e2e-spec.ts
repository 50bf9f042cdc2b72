import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fullLayoutWells } from './support/real-plate-exports';
import { createTestApp, createUserWithKey, TestApp } from './support/test-app';
import { feedEndpoint, list, runWatcher, until } from './support/watch-folder';

type Body = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const FIXTURES = join(__dirname, 'fixtures', 'plate-readers');
const fixture = (path: string): string => readFileSync(join(FIXTURES, path), 'utf8');

describe('watch folder: npm run watch -- <folder> uploads new exports', () => {
  let t: TestApp;
  let url: string;
  let readerKey: string;
  let folder: string;
  const as = (key: string) => ({ Authorization: `Bearer ${key}` });

  beforeAll(async () => {
    t = await createTestApp();
    ({ url, readerKey } = await feedEndpoint(t));
    const sci = await createUserWithKey(t, 'sam', ['scientist']);
    const layout = (
      await t
        .http()
        .post('/api/v1/plate-layouts')
        .set(as(sci.key))
        .send({
          name: 'full 96',
          plateSize: 96,
          referenceWavelengthNm: 650,
          wells: fullLayoutWells(96),
        })
        .expect(201)
    ).body;
    for (const barcode of ['WATCH-001', 'WATCH-002', 'WATCH-003']) {
      await t
        .http()
        .post('/api/v1/plates')
        .set(as(sci.key))
        .send({ layoutId: layout.id, barcode })
        .expect(201);
    }
    folder = mkdtempSync(join(tmpdir(), 'thiolab-watch-'));
  });
  afterAll(async () => {
    rmSync(folder, { recursive: true, force: true });
    await t.close();
  });

  it('moves stored files to done/, rejected ones to failed/ with the report beside them', async () => {
    const good = fixture('grid/ok/two-blocks-96-570-650.csv').replace('TL-MTT-0731', 'WATCH-001');
    // Present before the watcher starts.
    writeFileSync(join(folder, 'plate-001.csv'), good);
    const w = runWatcher(folder, { THIOLAB_URL: url, THIOLAB_API_KEY: readerKey });
    try {
      await until(() => list(join(folder, 'done')).includes('plate-001.csv'), 'plate-001 done');

      // Arriving while it watches: a bad file, an unknown plate, a re-export of the same content,
      // and one written in two steps (it must wait for the file to settle).
      writeFileSync(join(folder, 'bad.csv'), fixture('grid/not-ok/not-a-number.csv'));
      writeFileSync(
        join(folder, 'unknown.csv'),
        good.replace('WATCH-001', 'NEVER-PLANNED').replace('0.0883', '0.0884'),
      );
      writeFileSync(join(folder, 'plate-001-again.csv'), good);
      const second = good.replace('WATCH-001', 'WATCH-002').replace('0.0883', '0.0885');
      writeFileSync(join(folder, 'plate-002.csv.part'), '');
      writeFileSync(join(folder, 'plate-002.csv'), second.slice(0, 200));
      await new Promise((r) => setTimeout(r, 50));
      writeFileSync(join(folder, 'plate-002.csv'), second);

      await until(
        () => list(join(folder, 'done')).length === 3 && list(join(folder, 'failed')).length === 4,
        `done/ and failed/ to fill (output: ${w.output()})`,
      );
      expect(list(join(folder, 'done'))).toEqual([
        'plate-001-again.csv',
        'plate-001.csv',
        'plate-002.csv',
      ]);
      expect(list(join(folder, 'failed'))).toEqual([
        'bad.csv',
        'bad.csv.error.json',
        'unknown.csv',
        'unknown.csv.error.json',
      ]);
      // A file still being written (.part) is left alone.
      expect(list(folder)).toEqual(['done', 'failed', 'plate-002.csv.part']);

      const bad = JSON.parse(readFileSync(join(folder, 'failed', 'bad.csv.error.json'), 'utf8'));
      expect(bad).toMatchObject({ file: 'bad.csv', status: 422 });
      expect(bad.response.code).toBe('IMPORT_REJECTED');
      expect((bad.response.errors as Body[]).map((e) => [e.code, e.line, e.well])).toEqual([
        ['NOT_A_NUMBER', 5, 'A5'],
        ['NOT_A_NUMBER', 11, 'G11'],
      ]);
      const unknown = JSON.parse(
        readFileSync(join(folder, 'failed', 'unknown.csv.error.json'), 'utf8'),
      );
      expect(unknown.response.errors[0]).toMatchObject({ code: 'PLATE_NOT_FOUND' });

      for (const barcode of ['WATCH-001', 'WATCH-002']) {
        const plate = (
          await t.http().get(`/api/v1/plates/by-barcode/${barcode}`).set(as(t.adminKey)).expect(200)
        ).body;
        expect(plate.status).toBe('read');
        // The re-export was a duplicate: one reading only.
        expect(plate.readings).toHaveLength(1);
        expect(plate.readings[0].sourceFilename).toBe(`plate-${barcode.slice(-3)}.csv`);
      }
      expect(w.output()).toMatch(/plate-001-again\.csv: duplicate/);
    } finally {
      w.child.kill('SIGTERM');
      await w.exited;
    }
  });

  it('reads a file in a plate subfolder as the reading of the plate the subfolder names', async () => {
    // A long table names no barcode: its subfolder says which planned plate it was read from.
    const dir = mkdtempSync(join(tmpdir(), 'thiolab-watch-'));
    try {
      mkdirSync(join(dir, 'WATCH-003'));
      writeFileSync(join(dir, 'WATCH-003', 'export.csv'), fixture('long/ok/a570-a650-96.csv'));
      const w = runWatcher(dir, { THIOLAB_URL: url, THIOLAB_API_KEY: readerKey }, ['--once']);
      expect([await w.exited, w.output()]).toEqual([0, expect.stringContaining('WATCH-003')]);
      expect(list(join(dir, 'done', 'WATCH-003'))).toEqual(['export.csv']);
      expect(list(join(dir, 'WATCH-003'))).toEqual([]);
      const plate = (
        await t.http().get('/api/v1/plates/by-barcode/WATCH-003').set(as(t.adminKey)).expect(200)
      ).body;
      expect(plate.readings.map((r: Body) => [r.sourceFilename, r.valueCount])).toEqual([
        ['export.csv', 192],
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('stops with exit code 2 on a refused key and leaves the file where it is', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'thiolab-watch-'));
    try {
      writeFileSync(join(dir, 'x.csv'), 'well,value\nA1,0.1\n');
      const w = runWatcher(dir, { THIOLAB_URL: url, THIOLAB_API_KEY: 'tlk_wrong' }, ['--once']);
      expect(await w.exited).toBe(2);
      expect(w.output()).toMatch(/401/);
      expect(list(dir)).toEqual(['done', 'failed', 'x.csv']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
