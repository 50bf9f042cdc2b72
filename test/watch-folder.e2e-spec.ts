import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestApp, createUserWithKey, TestApp } from './support/test-app';

type Body = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const ROOT = join(__dirname, '..');
const FIXTURES = join(__dirname, 'fixtures', 'plate-readers');
const fixture = (path: string): string => readFileSync(join(FIXTURES, path), 'utf8');

/** Runs the real CLI (`npm run watch -- <folder>`) as a child process. */
function runWatcher(
  folder: string,
  env: Record<string, string>,
  extra: string[] = [],
): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
  let out = '';
  const child = spawn(
    process.execPath,
    ['-r', 'ts-node/register/transpile-only', 'scripts/watch-folder.ts', folder, ...extra],
    {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        THIOLAB_WATCH_INTERVAL_MS: '200',
        THIOLAB_WATCH_SETTLE_MS: '150',
        THIOLAB_WATCH_TIMEOUT_MS: '10000',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((res) => child.on('exit', (code) => res(code)));
  return { child, output: () => out, exited };
}

async function until(check: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const list = (dir: string): string[] => (existsSync(dir) ? readdirSync(dir).sort() : []);

describe('watch folder: npm run watch -- <folder> uploads new exports', () => {
  let t: TestApp;
  let url: string;
  let readerKey: string;
  let folder: string;
  const as = (key: string) => ({ Authorization: `Bearer ${key}` });

  beforeAll(async () => {
    t = await createTestApp();
    await t.app.listen(0, '127.0.0.1');
    url = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    const sci = await createUserWithKey(t, 'sam', ['scientist']);
    const mgr = await createUserWithKey(t, 'mona', ['manager']);
    const reader = await createUserWithKey(t, 'reader1', ['instrument']);
    readerKey = reader.key;
    const instrument = (
      await t
        .http()
        .post('/api/v1/instruments')
        .set(as(mgr.key))
        .send({ name: 'Reader 1', model: 'SpectraMax Plus 384' })
        .expect(201)
    ).body;
    const keys = (
      await t.http().get('/api/v1/api-keys').query({ userId: reader.id }).set(as(t.adminKey))
    ).body as Body[];
    await t
      .http()
      .post(`/api/v1/instruments/${instrument.id}/api-keys`)
      .set(as(mgr.key))
      .send({ apiKeyId: keys[0].id })
      .expect(200);
    const wells: Body[] = [];
    for (let r = 0; r < 8; r++) {
      for (let c = 1; c <= 12; c++) {
        wells.push({
          well: `${String.fromCharCode(65 + r)}${c}`,
          role: c === 1 ? 'blank' : 'vehicle',
        });
      }
    }
    const layout = (
      await t
        .http()
        .post('/api/v1/plate-layouts')
        .set(as(sci.key))
        .send({ name: 'full 96', plateSize: 96, referenceWavelengthNm: 650, wells })
        .expect(201)
    ).body;
    for (const barcode of ['WATCH-001', 'WATCH-002']) {
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
