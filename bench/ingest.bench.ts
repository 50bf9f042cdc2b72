/**
 * Ingest benchmark (`npm run bench:ingest [-- --plates96=500 --plates384=200 --concurrency=10
 * --warmup=300]`):
 * boots the real app (a temporary SQLite file, or a fresh PostgreSQL database when DATABASE_URL
 * names a server), plans plates, then posts synthetic MTT plate-reader files (grid format, 570 +
 * 650 nm, a barcode per file) through real HTTP on localhost, `concurrency` feeds at a time:
 * parse → validate → store → analyse (when the viability module is loaded) → audit. Each size
 * first feeds `warmup` plates untimed (V8 compiles the hot paths; a server that has run a while
 * is past that), then times the rest. Prints plates/s and p50/p99 latency per plate size, then
 * times a raw better-sqlite3 insert of the same wells (one transaction per plate) and prints the
 * ratio.
 *
 * Requests are bounded: at most 5,000 plates a size, a 10 s time limit per request, 127.0.0.1
 * only. Issue #5 targets on the 2-core machine: SQLite ≥ 400 96-well and ≥ 120 384-well plates/s
 * with p99 < 50 ms at 10 concurrent feeds; PostgreSQL ≥ 300 96-well plates/s.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { Client } from 'pg';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { parsePlateReading, type WellReading } from '../src/imports/plate-readers';
import { timeOrderedId } from '../src/common/time-ordered-id';
import {
  type BenchPlateSize,
  benchPlateFile as plateFile,
  benchPlateMap as plateMap,
} from './mtt-bench-plate';

type Size = BenchPlateSize;
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const MAX_PLATES = 5000;
const REQUEST_TIMEOUT_MS = 10_000;

function arg(name: string, fallback: number): number {
  const hit = process.argv.find((a) => a.startsWith(`--${name}=`));
  const n = hit ? Number(hit.split('=')[1]) : fallback;
  if (!Number.isInteger(n) || n < 0 || n > MAX_PLATES) {
    throw new Error(`--${name} must be an integer 0–${MAX_PLATES}`);
  }
  return n;
}

interface Booted {
  app: NestExpressApplication;
  url: string;
  adminKey: string;
  engine: 'sqlite' | 'postgres';
  close(): Promise<void>;
}

/** Boots the app as main.ts does, on a fresh database, listening on 127.0.0.1:<random>. */
async function boot(): Promise<Booted> {
  const serverUrl = process.env.DATABASE_URL;
  let drop: () => Promise<void>;
  if (serverUrl) {
    const name = `thiolab_bench_${randomBytes(4).toString('hex')}`;
    const admin = new Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${name}"`);
    await admin.end();
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    process.env.DATABASE_URL = url.toString();
    drop = async () => {
      const c = new Client({ connectionString: serverUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await c.end();
    };
  } else {
    const dir = mkdtempSync(join(tmpdir(), 'thiolab-bench-'));
    process.env.SQLITE_PATH = join(dir, 'bench.sqlite');
    drop = async () => rmSync(dir, { recursive: true, force: true });
  }
  process.env.LOG_LEVEL ??= 'warn';
  // The engine decides column types when the entity classes load: import after the env is set.
  const { NestFactory } = await import('@nestjs/core');
  const { AppModule } = await import('../src/app.module');
  const { configureApp } = await import('../src/app.setup');
  const { ThioLabExpressAdapter } = await import('../src/common/http/express-adapter');
  const printed: string[] = [];
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = ((chunk: string | Uint8Array) => {
    printed.push(String(chunk));
    return true;
  }) as typeof process.stdout.write;
  let app: NestExpressApplication;
  try {
    app = await NestFactory.create<NestExpressApplication>(AppModule, new ThioLabExpressAdapter(), {
      bufferLogs: true,
      bodyParser: false,
    });
    configureApp(app);
    await app.listen(0, '127.0.0.1');
  } finally {
    process.stdout.write = write;
  }
  const adminKey = /tlk_[A-Za-z0-9]{12}_[A-Za-z0-9_-]{43}/.exec(printed.join(''))?.[0];
  if (!adminKey) throw new Error('the server printed no bootstrap key');
  const port = (app.getHttpServer().address() as AddressInfo).port;
  return {
    app,
    url: `http://127.0.0.1:${port}`,
    adminKey,
    engine: serverUrl ? 'postgres' : 'sqlite',
    close: async () => {
      await app.close();
      await drop();
    },
  };
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
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Json) : {} };
}

async function must(p: Promise<{ status: number; body: Json }>, what: string): Promise<Json> {
  const r = await p;
  if (r.status >= 300) throw new Error(`${what}: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}

interface Fixture {
  url: string;
  readerKey: string;
  sciKey: string;
  layouts: Record<Size, string>;
}

async function setUp(b: Booted): Promise<Fixture> {
  const user = async (username: string, roles: string[]): Promise<{ id: string; key: string }> => {
    const u = await must(
      call(b.url, b.adminKey, 'POST', '/users', {
        username,
        displayName: username,
        roles,
        password: 'correct horse battery staple',
      }),
      'user',
    );
    const k = await must(
      call(b.url, b.adminKey, 'POST', '/api-keys', { name: `${username} key`, userId: u.id }),
      'key',
    );
    return { id: u.id as string, key: k.key as string };
  };
  const sci = await user('bench-sci', ['scientist']);
  const mgr = await user('bench-mgr', ['manager']);
  const reader = await user('bench-reader', ['instrument']);
  const instrument = await must(
    call(b.url, mgr.key, 'POST', '/instruments', { name: 'Bench reader', model: 'synthetic' }),
    'instrument',
  );
  const keyId = (
    await must(call(b.url, b.adminKey, 'GET', `/api-keys?userId=${reader.id}`), 'keys')
  ).items[0].id;
  await must(
    call(b.url, mgr.key, 'POST', `/instruments/${instrument.id}/api-keys`, { apiKeyId: keyId }),
    'bind',
  );
  const line = async (name: string, barcode: string, parentId?: string): Promise<string> =>
    (
      await must(
        call(b.url, sci.key, 'POST', '/materials/cell-lines', {
          name,
          barcode,
          passageNumber: 4,
          ...(parentId ? { parentId } : { species: 'Oryctolagus cuniculus' }),
        }),
        'cell line',
      )
    ).id as string;
  const parental = await line('HIG-82', 'BENCH-CL-P');
  await line('HIG-82 6-TG-R', 'BENCH-CL-R', parental);
  const layouts = {} as Record<Size, string>;
  for (const size of [96, 384] as Size[]) {
    layouts[size] = (
      await must(
        call(b.url, sci.key, 'POST', '/plate-layouts/import', {
          name: `bench MTT ${size}`,
          plateSize: size,
          referenceWavelengthNm: 650,
          csv: plateMap(size),
          materials: { parental: 'BENCH-CL-P', resistant: 'BENCH-CL-R' },
        }),
        'layout',
      )
    ).id as string;
  }
  return { url: b.url, readerKey: reader.key, sciKey: sci.key, layouts };
}

interface RunResult {
  size: Size;
  plates: number;
  seconds: number;
  latenciesMs: number[];
  analysed: number;
  serverCpuMsPerPlate: number;
  /** Every thread of the process: server, feeding clients, GC helpers. */
  processCpuMsPerPlate: number;
}

async function planPlates(f: Fixture, size: Size, barcodes: string[]): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < barcodes.length) {
      const barcode = barcodes[next++];
      await must(
        call(f.url, f.sciKey, 'POST', '/plates', { layoutId: f.layouts[size], barcode }),
        'plan plate',
      );
    }
  };
  await Promise.all(Array.from({ length: 4 }, worker));
}

// The feeding clients run in a worker thread with its own event loop (and core), as the
// instruments are other machines: the server's thread then measures only the server's work. One
// worker serves the whole run (warm-up and timed feeds), so the timed feeds do not pay for a new
// isolate's compilation.
const CLIENT = `
const { parentPort, workerData } = require('node:worker_threads');
const { performance } = require('node:perf_hooks');
const http = require('node:http');
const { url, key, concurrency, timeoutMs } = workerData;
// node:http with a keep-alive agent, one socket per feed: an instrument PC's cost is not the
// server's, and fetch (undici) costs this process ≈ 3× more CPU per request on this VM.
const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
const target = new URL(url + '/api/v1/instrument-feeds');
function post(text) {
  return new Promise((resolve, reject) => {
    const req = http.request(target, {
      method: 'POST',
      agent,
      timeout: timeoutMs,
      headers: {
        Authorization: 'Bearer ' + key,
        'Content-Type': 'text/csv',
        'Content-Length': Buffer.byteLength(text),
      },
    }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d) => { body += d; });
      res.on('end', () => resolve({ status: res.statusCode, body }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error('request timed out after ' + timeoutMs + ' ms')));
    req.on('error', reject);
    req.end(text);
  });
}
async function feed(files) {
  const latencies = [];
  let next = 0, analysed = 0, failure = null;
  async function worker() {
    while (next < files.length && !failure) {
      const text = files[next++];
      const t0 = performance.now();
      try {
        const res = await post(text);
        latencies.push(performance.now() - t0);
        const body = JSON.parse(res.body);
        if (res.status !== 201) failure = 'feed answered ' + res.status + ': ' + res.body.slice(0, 500);
        else if (body.analysis && body.analysis.status === 'analysed') analysed++;
      } catch (e) { failure = String(e); }
    }
  }
  const start = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { latencies, analysed, failure, seconds: (performance.now() - start) / 1000 };
}
parentPort.on('message', (files) => {
  feed(files).then((out) => parentPort.postMessage(out));
});
`;

/** The feeding clients' worker: one per run, fed one batch of files at a time. */
class FeedClient {
  private readonly worker: Worker;

  constructor(url: string, key: string, concurrency: number) {
    this.worker = new Worker(CLIENT, {
      eval: true,
      workerData: { url, key, concurrency, timeoutMs: REQUEST_TIMEOUT_MS },
    });
  }

  feed(files: string[]): Promise<FeedOutcome> {
    return new Promise<FeedOutcome>((res, rej) => {
      const onError = (e: Error): void => rej(e);
      this.worker.once('error', onError);
      this.worker.once('message', (out: FeedOutcome) => {
        this.worker.off('error', onError);
        res(out);
      });
      this.worker.postMessage(files);
    });
  }

  async close(): Promise<void> {
    await this.worker.terminate();
  }
}

interface FeedOutcome {
  latencies: number[];
  analysed: number;
  failure: string | null;
  seconds: number;
}

/** CPU time (user + system, ms) of this process's main thread, where the server runs (Linux). */
function mainThreadCpuMs(): number {
  try {
    const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime are fields 14 and 15 of stat(5), in clock ticks (100 a second).
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return NaN;
  }
}

async function feedAll(client: FeedClient, size: Size, files: string[]): Promise<RunResult> {
  const cpuBefore = mainThreadCpuMs();
  const processCpuBefore = process.cpuUsage();
  const out = await client.feed(files);
  const serverCpuMs = mainThreadCpuMs() - cpuBefore;
  const processCpu = process.cpuUsage(processCpuBefore);
  if (out.failure) throw new Error(out.failure);
  return {
    size,
    plates: files.length,
    seconds: out.seconds,
    latenciesMs: out.latencies,
    analysed: out.analysed,
    serverCpuMsPerPlate: serverCpuMs / files.length,
    processCpuMsPerPlate: (processCpu.user + processCpu.system) / 1000 / files.length,
  };
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** Raw better-sqlite3: the same wells, one prepared INSERT per value, one transaction per plate. */
function rawSqlite(plates: WellReading[][]): number {
  const dir = mkdtempSync(join(tmpdir(), 'thiolab-bench-raw-'));
  try {
    const db = new Database(join(dir, 'raw.sqlite'));
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    // One row per value, as the app stored raw values until 2026-11 (well_readings, keyed
    // (reading_id, id), clustered): the reference, the same wells one row each.
    db.exec(`CREATE TABLE well_readings (id varchar(36) NOT NULL, reading_id varchar(36) NOT NULL,
      well varchar(4) NOT NULL, row_index integer NOT NULL, column_index integer NOT NULL,
      wavelength_nm integer, value double precision NOT NULL, raw text NOT NULL,
      source_line integer NOT NULL, PRIMARY KEY (reading_id, id)) WITHOUT ROWID;`);
    const insert = db.prepare('INSERT INTO well_readings VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)');
    const store = db.transaction((readingId: string, wells: WellReading[]) => {
      for (const w of wells) {
        insert.run(
          timeOrderedId(),
          readingId,
          w.well,
          w.row,
          w.column,
          w.wavelengthNm,
          w.value,
          w.raw,
          w.line,
        );
      }
    });
    const start = performance.now();
    for (const wells of plates) store(timeOrderedId(), wells);
    const seconds = (performance.now() - start) / 1000;
    db.close();
    return plates.length / seconds;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const counts: Record<Size, number> = { 96: arg('plates96', 500), 384: arg('plates384', 200) };
  const concurrency = arg('concurrency', 10);
  if (concurrency < 1 || concurrency > 64) throw new Error('--concurrency must be 1–64');
  const warmup = arg('warmup', 300);
  const b = await boot();
  const results: RunResult[] = [];
  const raw: Record<Size, number> = { 96: NaN, 384: NaN };
  let client: FeedClient | undefined;
  try {
    const f = await setUp(b);
    client = new FeedClient(f.url, f.readerKey, concurrency);
    const timed: Partial<Record<Size, string[]>> = {};
    for (const size of [96, 384] as Size[]) {
      const n = counts[size];
      if (n === 0) continue;
      const barcodes = Array.from({ length: warmup + n }, (_, i) => `BENCH-${size}-${i}`);
      await planPlates(f, size, barcodes);
      const files = barcodes.map((bc, i) => plateFile(size, bc, size * 100_000 + i));
      await feedAll(client, size, files.slice(0, warmup));
      timed[size] = files.slice(warmup);
      results.push(await feedAll(client, size, timed[size]));
    }
    // The raw inserts after every feed: parsing thousands of files at once in the server's
    // process would leave garbage that a later feed's major GC pays for.
    for (const size of [96, 384] as Size[]) {
      const parsed = (timed[size] ?? []).map((text) => {
        const r = parsePlateReading(text);
        if (!r.ok) throw new Error('bench file does not parse');
        return r.reading.readings;
      });
      if (parsed.length > 0) raw[size] = rawSqlite(parsed);
    }
    const ds = b.app.get<import('typeorm').DataSource>(
      (await import('@nestjs/typeorm')).getDataSourceToken(),
    );
    const stored = Number((await ds.query('SELECT COUNT(*) AS n FROM plate_readings'))[0].n);
    const expected = results.reduce((s, r) => s + r.plates + warmup, 0);
    if (stored !== expected) throw new Error(`stored ${stored} readings, expected ${expected}`);
  } finally {
    await client?.close();
    await b.close();
  }

  const target = (size: Size): string =>
    b.engine === 'sqlite' ? (size === 96 ? '≥ 400/s' : '≥ 120/s') : size === 96 ? '≥ 300/s' : '-';
  const lines = [
    `ThioLab ingest benchmark: ${b.engine}${b.engine === 'sqlite' ? ' (better-sqlite3, WAL, synchronous=NORMAL)' : ''}, ` +
      `HTTP on 127.0.0.1, ${concurrency} concurrent feeds, ${warmup} untimed warm-up plates a size, ` +
      `grid files 570+650 nm, LOG_LEVEL=${process.env.LOG_LEVEL}, ` +
      `node ${process.version} ${process.execArgv.filter((a) => a.startsWith('--max')).join(' ') || '(default heap)'}`,
    'size  plates  plates/s   p50 ms  p99 ms  max ms  analysed  server CPU ms/plate  all CPU ms/plate  bound/s  target (p99 < 50 ms)  raw sqlite/s  e2e/raw',
  ];
  for (const r of results) {
    const sorted = [...r.latenciesMs].sort((a, b2) => a - b2);
    const rate = r.plates / r.seconds;
    lines.push(
      [
        String(r.size).padEnd(4),
        String(r.plates).padStart(7),
        rate.toFixed(0).padStart(9),
        percentile(sorted, 50).toFixed(1).padStart(8),
        percentile(sorted, 99).toFixed(1).padStart(7),
        sorted[sorted.length - 1].toFixed(1).padStart(7),
        `${r.analysed}/${r.plates}`.padStart(9),
        r.serverCpuMsPerPlate.toFixed(2).padStart(20),
        r.processCpuMsPerPlate.toFixed(2).padStart(17),
        ((cpus().length * 1000) / r.processCpuMsPerPlate).toFixed(0).padStart(8),
        `  ${target(r.size).padEnd(20)}`,
        raw[r.size].toFixed(0).padStart(12),
        (rate / raw[r.size]).toFixed(3).padStart(8),
      ].join(' '),
    );
  }
  const load = loadavg()[0].toFixed(2);
  lines.push(
    `server CPU ms/plate: CPU time of the server's thread (Linux /proc, 10 ms ticks) over the timed feeds; ` +
      `1000 / it bounds plates/s on one free core. Load average at the end: ${load} on ${cpus().length} cores.`,
  );
  lines.push(
    `all CPU ms/plate: every thread of the bench process (server, feeding clients, GC helpers); bound/s = ` +
      `${cpus().length} cores × 1000 / it, the rate this machine could reach were every core free for this process alone.`,
  );
  lines.push(
    'raw sqlite/s: the same wells inserted by a prepared better-sqlite3 statement, one row per value (the former well_readings table of the app), one transaction per plate (no HTTP, parse, validation, analysis or audit).',
  );
  process.stdout.write(lines.join('\n') + '\n');
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
