import { ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { benchPlateFile, benchPlateMap } from '../bench/mtt-bench-plate';
import { transpileServer } from './support/transpiled-server';

/**
 * The server as a child process on a fresh SQLite file, killed with SIGKILL in the middle of
 * concurrent 384-well plate imports, then started again on the same file, several times over:
 * each plate is wholly there (reading, its values, its analysis and fits, both audit events) or
 * wholly absent, every import that was answered 201 is there, and /audit/verify is ok.
 * PostgreSQL is covered by test/database-loss.e2e-spec.ts.
 */
const onSqlite = process.env.DATABASE_URL ? describe.skip : describe;

const ROUNDS = 3;
const PLATES_PER_ROUND = 48;
const FEEDS = 6;
const ROOT = resolve(__dirname, '..');

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

interface Server {
  child: ChildProcess;
  url: string;
  output: string[];
}

/** Starts the transpiled main.js on the file, from the repository root; resolves once it listens. */
function startServer(mainJs: string, sqlitePath: string): Promise<Server> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    PORT: '0',
    SQLITE_PATH: sqlitePath,
  };
  delete env.DATABASE_URL;
  const child = spawn(process.execPath, ['--max-semi-space-size=64', mainJs], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  return new Promise((ok, fail) => {
    const timer = setTimeout(
      () => fail(new Error(`no start in 60 s:\n${output.join('')}`)),
      60_000,
    );
    const onData = (chunk: Buffer) => {
      output.push(chunk.toString());
      const m = /ThioLab listening on (http:\/\/localhost:\d+)/.exec(output.join(''));
      if (m) {
        clearTimeout(timer);
        ok({ child, url: m[1].replace('localhost', '127.0.0.1'), output });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (c: Buffer) => output.push(c.toString()));
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      fail(new Error(`server exited (${code ?? signal}) before listening:\n${output.join('')}`));
    });
  });
}

async function kill(server: Server): Promise<void> {
  if (server.child.exitCode !== null || server.child.signalCode !== null) return;
  await new Promise<void>((done) => {
    server.child.once('exit', () => done());
    server.child.kill('SIGKILL');
  });
}

async function call(
  url: string,
  key: string,
  method: string,
  path: string,
  body?: unknown,
  contentType = 'application/json',
): Promise<{ status: number; body: Json }> {
  const res = await fetch(`${url}/api/v1${path}`, {
    method,
    headers: { Authorization: `Bearer ${key}`, 'Content-Type': contentType },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    signal: AbortSignal.timeout(20_000),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

async function must(p: Promise<{ status: number; body: Json }>, what: string): Promise<Json> {
  const r = await p;
  if (r.status >= 300) throw new Error(`${what}: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}

/** What the database holds of one plate, read straight from the file. */
function plateState(db: Database.Database, plateId: string) {
  const count = (sql: string, ...args: unknown[]) =>
    (db.prepare(sql).get(...args) as { n: number }).n;
  const readings = db.prepare('SELECT id FROM plate_readings WHERE plate_id = ?').all(plateId) as {
    id: string;
  }[];
  const readingIds = readings.map((r) => r.id);
  const inReadings = (sql: string) => readingIds.reduce((sum, id) => sum + count(sql, id), 0);
  return {
    status: (
      db.prepare('SELECT status FROM plates WHERE id = ?').get(plateId) as { status: string }
    ).status,
    readings: readings.length,
    values: inReadings('SELECT COUNT(*) AS n FROM plate_reading_values WHERE reading_id = ?'),
    importEvents: inReadings(
      "SELECT COUNT(*) AS n FROM audit_events WHERE entity = 'plate_reading' AND entity_id = ?",
    ),
    derived: count('SELECT COUNT(*) AS n FROM analysis_derived_values WHERE plate_id = ?', plateId),
    fits: count('SELECT COUNT(*) AS n FROM dose_response_fits WHERE plate_id = ?', plateId),
    analyseEvents: count(
      "SELECT COUNT(*) AS n FROM audit_events WHERE entity = 'plate' AND entity_id = ? AND action = 'analyse'",
      plateId,
    ),
  };
}

onSqlite('crash: SIGKILL during concurrent 384-well imports loses nothing acknowledged', () => {
  let dir: string;
  let build: string;
  let mainJs: string;
  let sqlitePath: string;
  let server: Server | null = null;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'thiolab-crash-'));
    sqlitePath = join(dir, 'crash.sqlite');
    // Inside the repository (test/artifacts is ignored by git) so that node_modules resolves.
    mkdirSync(join(ROOT, 'test/artifacts'), { recursive: true });
    build = mkdtempSync(join(ROOT, 'test/artifacts/crash-build-'));
    mainJs = transpileServer(ROOT, build);
  });
  afterAll(async () => {
    if (server) await kill(server);
    rmSync(dir, { recursive: true, force: true });
    rmSync(build, { recursive: true, force: true });
  });

  it(`keeps each plate whole or absent, and every 201, across ${ROUNDS} kills`, async () => {
    server = await startServer(mainJs, sqlitePath);
    const adminKey = /tlk_[A-Za-z0-9]{12}_[A-Za-z0-9_-]{43}/.exec(server.output.join(''))?.[0];
    if (!adminKey) throw new Error('no bootstrap key printed');
    const url0 = server.url;
    const user = async (username: string, roles: string[]) => {
      const u = await must(
        call(url0, adminKey, 'POST', '/users', {
          username,
          displayName: username,
          roles,
          password: 'correct horse battery staple',
        }),
        'user',
      );
      const k = await must(
        call(url0, adminKey, 'POST', '/api-keys', { name: `${username} key`, userId: u.id }),
        'key',
      );
      return { id: u.id as string, key: k.key as string, keyId: k.id as string };
    };
    const sci = await user('crash-sci', ['scientist']);
    const reader = await user('crash-reader', ['instrument']);
    const instrument = await must(
      call(url0, adminKey, 'POST', '/instruments', { name: 'Crash reader', model: 'synthetic' }),
      'instrument',
    );
    await must(
      call(url0, adminKey, 'POST', `/instruments/${instrument.id}/api-keys`, {
        apiKeyId: reader.keyId,
      }),
      'bind',
    );
    const line = async (name: string, barcode: string, parentId?: string) =>
      (
        await must(
          call(url0, sci.key, 'POST', '/materials/cell-lines', {
            name,
            barcode,
            passageNumber: 4,
            ...(parentId ? { parentId } : { species: 'Oryctolagus cuniculus' }),
          }),
          'line',
        )
      ).id as string;
    const parental = await line('HIG-82', 'CRASH-P');
    await line('HIG-82 6-TG-R', 'CRASH-R', parental);
    const layoutId = (
      await must(
        call(url0, sci.key, 'POST', '/plate-layouts/import', {
          name: 'crash 384',
          plateSize: 384,
          referenceWavelengthNm: 650,
          csv: benchPlateMap(384),
          materials: { parental: 'CRASH-P', resistant: 'CRASH-R' },
        }),
        'layout',
      )
    ).id as string;

    const planned = new Map<string, string>(); // barcode → plate id
    const acknowledged = new Set<string>();
    let interrupted = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const url = server.url;
      const barcodes = Array.from({ length: PLATES_PER_ROUND }, (_, i) => `CR-${round}-${i}`);
      let toPlan = 0;
      await Promise.all(
        Array.from({ length: 4 }, async () => {
          while (toPlan < barcodes.length) {
            const barcode = barcodes[toPlan++];
            const plate = await must(
              call(url, sci.key, 'POST', '/plates', { layoutId, barcode }),
              'plan plate',
            );
            planned.set(barcode, plate.id as string);
          }
        }),
      );
      const files = barcodes.map((b, i) => [b, benchPlateFile(384, b, round * 1000 + i)] as const);
      let next = 0;
      const feed = async () => {
        while (next < files.length) {
          const [barcode, text] = files[next++];
          try {
            const r = await call(url, reader.key, 'POST', '/instrument-feeds', text, 'text/csv');
            if (r.status === 201) acknowledged.add(barcode);
            else throw new Error(`feed ${barcode}: ${r.status} ${JSON.stringify(r.body)}`);
          } catch (e) {
            if (e instanceof Error && e.message.startsWith('feed ')) throw e;
            interrupted++; // the server died under this request
            return;
          }
        }
      };
      let finished = false;
      const feeds = Promise.all(Array.from({ length: FEEDS }, feed)).finally(() => {
        finished = true;
      });
      // Kill once part of this round's plates are in: the rest are in flight or not yet sent.
      const before = acknowledged.size;
      while (!finished && acknowledged.size - before < 5 + round * 7) {
        await new Promise((r) => setTimeout(r, 5));
      }
      await kill(server);
      await feeds;
      server = await startServer(mainJs, sqlitePath);

      const db = new Database(sqlitePath, { readonly: true, fileMustExist: true });
      try {
        for (const [barcode, plateId] of planned) {
          const s = plateState(db, plateId);
          const whole =
            s.status === 'read' &&
            s.readings === 1 &&
            s.values === 1 &&
            s.importEvents === 1 &&
            s.derived === 1 &&
            s.fits >= 2 &&
            s.analyseEvents === 1;
          const absent =
            s.status === 'planned' &&
            s.readings + s.values + s.importEvents + s.derived + s.fits + s.analyseEvents === 0;
          expect({ barcode, ...s, whole, absent }).toEqual(
            expect.objectContaining({ barcode, whole: whole, absent: absent }),
          );
          if (!whole && !absent)
            throw new Error(`plate ${barcode} is partly stored: ${JSON.stringify(s)}`);
          if (acknowledged.has(barcode) && !whole) {
            throw new Error(`plate ${barcode} was acknowledged (201) but is not stored`);
          }
        }
      } finally {
        db.close();
      }
      const verdict = await must(call(server.url, adminKey, 'GET', '/audit/verify'), 'verify');
      expect(verdict).toMatchObject({ ok: true, firstBrokenId: null });
      expect(['matches', 'none']).toContain(verdict.anchor.status);
    }
    // The kills landed mid-feed: some imports were cut off, some acknowledged.
    expect(interrupted).toBeGreaterThan(0);
    expect(acknowledged.size).toBeGreaterThan(ROUNDS * 5);
    expect(acknowledged.size).toBeLessThan(planned.size);
  }, 240_000);
});
