/**
 * Scale benchmark (`npm run bench:scale [-- --small=1000 --large=10000]`): times the list
 * endpoints people use every day at two sizes of the lab's data, `small` and then `large` stored
 * 96-well plates (10³ and 10⁴: ≈ 10⁵ and 10⁶ wells), on a fresh SQLite file or, with
 * DATABASE_URL, a fresh PostgreSQL database. The data is seeded in process through the services
 * in bulk (runs created and started, plates planned, reader files imported and analysed, each in
 * its unit of work, many at a time), not through HTTP one by one; the timed requests then go
 * through HTTP: runs by status, fits by material, plates by run, audit by entity and materials
 * search, each 150 times after 30 untimed. Prints p50/p99 per endpoint and size, and the ratio
 * of the p50s (the goal: within 2×). Prints figures; asserts nothing.
 */
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { AddressInfo } from 'node:net';
import { cpus, loadavg } from 'node:os';
import type { Actor, Role } from '../src/common/auth/roles';
import {
  closeClients,
  freshDatabase,
  quantile,
  request,
  setUpWorld,
  type World,
} from './bench-world';
import { benchPlateFile } from './mtt-bench-plate';

function arg(name: string, fallback: number): number {
  const hit = process.argv.find((a) => a.startsWith(`--${name}=`));
  const n = hit ? Number(hit.split('=')[1]) : fallback;
  if (!Number.isInteger(n) || n < 10 || n > 100_000) throw new Error(`--${name} must be 10–100000`);
  return n;
}

const PLATES_PER_RUN = 10;
const CONCURRENCY = 16;

async function main(): Promise<void> {
  const small = arg('small', 1000);
  const large = arg('large', 10_000);
  const db = await freshDatabase('scale');
  delete process.env.DATABASE_URL;
  Object.assign(process.env, { LOG_LEVEL: 'warn', NODE_ENV: 'production' }, db.env);
  process.env.AUDIT_ANCHOR_KEY ??= 'bench-anchor-key-of-at-least-32-characters';
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
  const url = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  try {
    const w = await setUpWorld(url, adminKey, 'SCALE');
    const seeder = await makeSeeder(app, w);
    const results: Record<string, { size: number; p50: number; p99: number }[]> = {};
    for (const size of [small, large]) {
      const t0 = performance.now();
      await seeder.seedUpTo(size);
      const seedSeconds = (performance.now() - t0) / 1000;
      process.stdout.write(
        `${db.engine}: ${seeder.plates.length} plates (${seeder.runs.length} runs, ${seeder.materials} materials) seeded in ${seedSeconds.toFixed(0)} s; timing…\n`,
      );
      const pick = <T>(xs: T[]): T => xs[Math.floor(Math.random() * xs.length)];
      const endpoints: [string, () => string, string][] = [
        ['runs by status', () => '/runs?status=in_progress&limit=50', w.sci.key],
        ['fits by material', () => `/fits?materialId=${w.resistantId}&limit=50`, w.sci.key],
        ['plates by run', () => `/plates?runId=${pick(seeder.runs)}&limit=50`, w.sci.key],
        ['audit by entity', () => `/audit?entity=plate&entityId=${pick(seeder.plates)}`, w.mgr.key],
        ['materials search', () => `/materials?search=${pick(SEARCHES)}&limit=50`, w.sci.key],
      ];
      for (const [name, path, key] of endpoints) {
        const times: number[] = [];
        for (let i = 0; i < 180; i++) {
          const a = await request(url, key, 'GET', path());
          if (a.status !== 200) throw new Error(`${name}: ${a.status} ${JSON.stringify(a.body)}`);
          if (i >= 30) times.push(a.ms);
        }
        (results[name] ??= []).push({
          size,
          p50: quantile(times, 0.5),
          p99: quantile(times, 0.99),
        });
      }
    }
    const lines = [
      '',
      `bench:scale, ${db.engine}, ${new Date().toISOString()}, ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, load average ${loadavg()[0].toFixed(1)}`,
      '',
      `| endpoint         | p50 ms at ${small} | p99 ms at ${small} | p50 ms at ${large} | p99 ms at ${large} | p50 ratio |`,
      '| ---------------- | ---: | ---: | ---: | ---: | ---: |',
    ];
    for (const [name, rows] of Object.entries(results)) {
      const [a, b] = rows;
      lines.push(
        `| ${name.padEnd(16)} | ${a.p50.toFixed(2)} | ${a.p99.toFixed(2)} | ${b.p50.toFixed(2)} | ${b.p99.toFixed(2)} | ${(b.p50 / a.p50).toFixed(2)}× |`,
      );
    }
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    await app.close();
    closeClients();
    await db.drop();
  }
}

/** Fragments people type into the materials search. */
const SEARCHES = ['HIG', 'resist', 'line 1', 'R7', 'parental', 'zz-none'];

interface Seeder {
  plates: string[];
  runs: string[];
  materials: number;
  seedUpTo(plates: number): Promise<void>;
}

/**
 * Grows the lab through its services: per 10 plates a run (created and started by the
 * scientist, with a derived cell line of its own, so materials grow too), its plates planned,
 * and each plate's reader file imported and analysed as the instrument feeds it.
 */
async function makeSeeder(app: NestExpressApplication, w: World): Promise<Seeder> {
  const { RunsService } = await import('../src/runs/runs.service');
  const { RunTransitionsService } = await import('../src/runs/run-transitions.service');
  const { PlatesService } = await import('../src/plates/plates.service');
  const { PlateImportService } = await import('../src/imports/plate-import.service');
  const { CellLinesService } = await import('../src/materials/cell-lines.service');
  const runs = app.get(RunsService);
  const transitions = app.get(RunTransitionsService);
  const plates = app.get(PlatesService);
  const imports = app.get(PlateImportService);
  const lines = app.get(CellLinesService);
  const actor = (u: { id: string; keyId: string }, role: Role): Actor => ({
    userId: u.id,
    username: `${role}-bench`,
    displayName: `${role} (bench)`,
    roles: [role],
    apiKeyId: u.keyId,
  });
  const sci = actor(w.sci, 'scientist');
  const reader = actor(w.reader, 'instrument');
  const state: Seeder = { plates: [], runs: [], materials: 2, seedUpTo };
  let seq = 0;
  async function pool<T>(items: T[], work: (item: T) => Promise<unknown>): Promise<void> {
    let next = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < items.length) await work(items[next++]);
      }),
    );
  }
  async function seedUpTo(target: number): Promise<void> {
    const newRuns = Math.ceil((target - state.plates.length) / PLATES_PER_RUN);
    const runIds: string[] = [];
    await pool(
      Array.from({ length: newRuns }, (_, i) => state.runs.length + i),
      async (n) => {
        const line = await lines.createCellLine(sci, {
          name: `HIG-82 resistant line ${n} R${n % 10}`,
          parentId: w.parentalId,
          passageNumber: 5,
        });
        state.materials++;
        const run = await runs.create(sci, {
          protocolVersionId: w.mttVersionId,
          title: `scale run ${n}`,
          materials: [
            { materialId: w.parentalId, role: 'cell-lines' },
            { materialId: w.resistantId, role: 'cell-lines' },
            { materialId: line.id, role: 'cell-lines' },
          ],
        });
        await transitions.transition(sci, run.id, 'start', {});
        runIds.push(run.id);
      },
    );
    state.runs.push(...runIds);
    const planned: { barcode: string; runId: string }[] = [];
    for (const runId of runIds) {
      for (let i = 0; i < PLATES_PER_RUN && state.plates.length + planned.length < target; i++) {
        planned.push({ barcode: `SCALE-${++seq}`, runId });
      }
    }
    await pool(planned, async (p) => {
      const plate = await plates.create(sci, {
        layoutId: w.layoutId,
        barcode: p.barcode,
        runId: p.runId,
      });
      await imports.importReading(reader, {
        text: benchPlateFile(96, p.barcode, seq + state.plates.length),
        filename: null,
        dryRun: false,
        idempotencyKey: null,
      });
      state.plates.push(plate.id);
    });
  }
  return state;
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
