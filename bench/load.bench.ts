/**
 * Mixed-load benchmark (`npm run bench:load [-- --seconds=60 --users=8]`): starts the server as a
 * child process (as `npm start` runs it, from src/ transpiled without type checks) on a fresh
 * database (SQLite, or PostgreSQL when DATABASE_URL names a server), sets up a lab through the
 * API, then runs `users` virtual users for `seconds`, each looping over a weighted mix: plate
 * posts (plan a 96-well plate in one of four runs, then an instrument feed of its reader file:
 * import, analysis, fits, audit), list reads (runs by status, plates by run, materials search,
 * audit by entity), result queries (a plate's fits, fits by material, fold-resistance), and, half
 * way through, one whole approval flow (run created, started, plate fed, completed, submitted,
 * approved with an e-signature). Prints throughput, p50/p99 per kind of request and every
 * error; afterwards reads back every plate and checks that the stored readings are exactly the
 * ones answered 201 (0 errors, 0 lost is the goal). Prints figures; asserts nothing.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { transpileServer } from '../test/support/transpiled-server';
import {
  closeClients,
  freshDatabase,
  must,
  PASSWORD,
  quantile,
  request,
  setUpWorld,
  type Answer,
  type World,
} from './bench-world';
import { benchPlateFile } from './mtt-bench-plate';

const ROOT = resolve(__dirname, '..');

function arg(name: string, fallback: number, max: number): number {
  const hit = process.argv.find((a) => a.startsWith(`--${name}=`));
  const n = hit ? Number(hit.split('=')[1]) : fallback;
  if (!Number.isInteger(n) || n < 1 || n > max) throw new Error(`--${name} must be 1–${max}`);
  return n;
}

async function startServer(mainJs: string, env: Record<string, string>) {
  const childEnv: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    PORT: '0',
    ...env,
  };
  if (!env.DATABASE_URL) delete childEnv.DATABASE_URL;
  // A benchmark run is not a deployment: no anchor key warning wanted, but keep the anchor on.
  childEnv.AUDIT_ANCHOR_KEY ??= 'bench-anchor-key-of-at-least-32-characters';
  const child: ChildProcess = spawn(process.execPath, ['--max-semi-space-size=64', mainJs], {
    cwd: ROOT,
    env: childEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  const url = await new Promise<string>((ok, fail) => {
    child.stdout?.on('data', (c: Buffer) => {
      output.push(c.toString());
      const m = /ThioLab listening on http:\/\/localhost:(\d+)/.exec(output.join(''));
      if (m) ok(`http://127.0.0.1:${m[1]}`);
    });
    child.stderr?.on('data', (c: Buffer) => output.push(c.toString()));
    child.on('exit', (code) => fail(new Error(`server exited (${code}):\n${output.join('')}`)));
  });
  const adminKey = /tlk_[A-Za-z0-9]{12}_[A-Za-z0-9_-]{43}/.exec(output.join(''))?.[0];
  if (!adminKey) throw new Error('the server printed no bootstrap key');
  return {
    url,
    adminKey,
    output,
    stop: () =>
      new Promise<void>((done) => {
        child.once('exit', () => done());
        child.kill('SIGTERM');
      }),
  };
}

interface Stat {
  ms: number[];
  errors: string[];
}

async function main(): Promise<void> {
  const seconds = arg('seconds', 60, 3600);
  const users = arg('users', 8, 64);
  const db = await freshDatabase('load');
  mkdirSync(join(ROOT, 'test/artifacts'), { recursive: true });
  const build = mkdtempSync(join(ROOT, 'test/artifacts/bench-build-'));
  const server = await startServer(transpileServer(ROOT, build), db.env);
  try {
    const w: World = await setUpWorld(server.url, server.adminKey, 'LOAD');
    const runs: string[] = [];
    for (let i = 0; i < 4; i++) runs.push(await startedRun(w, `load run ${i}`));

    const stats = new Map<string, Stat>();
    const note = (kind: string, a: Answer | Error, ok = (x: Answer) => x.status < 300) => {
      const s = stats.get(kind) ?? { ms: [], errors: [] };
      stats.set(kind, s);
      if (a instanceof Error) s.errors.push(a.message);
      else {
        s.ms.push(a.ms);
        if (!ok(a)) s.errors.push(`${a.status} ${JSON.stringify(a.body).slice(0, 160)}`);
      }
    };
    const acknowledged = new Map<string, string>(); // barcode → plate id
    const fed = new Set<string>(); // every barcode sent, whatever the answer
    let seq = 0;
    const plates: string[] = [];

    /** Plans a plate in a run and feeds its reader file (the instrument's POST). */
    const platePost = async (runId: string, kind = 'plate post (feed)') => {
      const barcode = `LOAD-${++seq}`;
      const plan = await request(w.url, w.sci.key, 'POST', '/plates', {
        layoutId: w.layoutId,
        barcode,
        runId,
      }).catch((e: Error) => e);
      note('plate plan', plan);
      if (plan instanceof Error || plan.status !== 201) return null;
      fed.add(barcode);
      const feed = await request(
        w.url,
        w.reader.key,
        'POST',
        '/instrument-feeds',
        benchPlateFile(96, barcode, seq),
        'text/csv',
      ).catch((e: Error) => e);
      note(kind, feed, (a) => a.status === 201);
      if (feed instanceof Error || feed.status !== 201) return null;
      acknowledged.set(barcode, plan.body.id as string);
      plates.push(plan.body.id as string);
      return plan.body.id as string;
    };
    const pick = <T>(xs: T[]): T => xs[Math.floor(Math.random() * xs.length)];
    const get = async (kind: string, path: string, key = w.sci.key) =>
      note(kind, await request(w.url, key, 'GET', path).catch((e: Error) => e));

    const ops: [number, () => Promise<unknown>][] = [
      [8, () => platePost(pick(runs))],
      [2, () => get('runs by status', '/runs?status=in_progress&limit=50')],
      [2, () => get('plates by run', `/plates?runId=${pick(runs)}&limit=50`)],
      [2, () => get('materials search', '/materials?search=HIG&limit=50')],
      [1, () => get('audit by entity', `/audit?entity=plate&entityId=${pick(plates)}`, w.mgr.key)],
      [2, () => get("a plate's fits", `/plates/${pick(plates)}/fits`)],
      [2, () => get('fits by material', `/fits?materialId=${w.resistantId}&limit=50`)],
      [
        1,
        () =>
          get(
            'fold-resistance',
            `/fold-resistance?resistantMaterialId=${w.resistantId}&parentalMaterialId=${w.parentalId}`,
          ),
      ],
    ];
    const totalWeight = ops.reduce((s, [wt]) => s + wt, 0);
    const drawOp = () => {
      let r = Math.random() * totalWeight;
      for (const [wt, op] of ops) if ((r -= wt) < 0) return op;
      return ops[0][1];
    };

    // Warm-up (untimed): V8 compiles the hot paths.
    process.stdout.write(`${db.engine}: warming up…\n`);
    for (let i = 0; i < 200; i += 8)
      await Promise.all(Array.from({ length: 8 }, () => platePost(runs[0], 'warm-up')));
    stats.clear();

    process.stdout.write(`${db.engine}: ${users} virtual users for ${seconds} s…\n`);
    const started = performance.now();
    const deadline = started + seconds * 1000;
    let approval: { ok: boolean; detail: string } | null = null;
    const approvalFlow = (async () => {
      await new Promise((r) => setTimeout(r, (seconds * 1000) / 2));
      approval = await approveOneRun(w, platePost).catch((e: Error) => ({
        ok: false,
        detail: e.message,
      }));
    })();
    await Promise.all(
      Array.from({ length: users }, async () => {
        while (performance.now() < deadline) {
          if (plates.length === 0) await platePost(pick(runs));
          else await drawOp()();
        }
      }),
    );
    await approvalFlow;
    const elapsed = (performance.now() - started) / 1000;

    // Report.
    let requests = 0;
    let errors = 0;
    const rows: string[] = [];
    for (const [kind, s] of [...stats.entries()].sort()) {
      requests += s.ms.length + s.errors.filter((e) => !/^\d{3} /.test(e)).length;
      errors += s.errors.length;
      rows.push(
        `| ${kind.padEnd(20)} | ${String(s.ms.length).padStart(6)} | ${quantile(s.ms, 0.5).toFixed(1).padStart(7)} | ${quantile(s.ms, 0.99).toFixed(1).padStart(7)} | ${String(s.errors.length).padStart(6)} |`,
      );
    }
    const out = [
      '',
      `bench:load, ${db.engine}, ${new Date().toISOString()}, ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, load average before ${loadavg()[0].toFixed(1)}`,
      `${users} virtual users for ${elapsed.toFixed(1)} s: ${requests} requests, ${(requests / elapsed).toFixed(0)} requests/s, ${(acknowledged.size / elapsed).toFixed(1)} plates/s fed, ${errors} errors`,
      '',
      '| request              |      n | p50 ms  | p99 ms  | errors |',
      '| -------------------- | -----: | ------: | ------: | -----: |',
      ...rows,
      '',
      `approval flow (run created, started, plate fed, completed, submitted, approved): ${approval ? ((approval as { ok: boolean; detail: string }).ok ? 'ok' : `FAILED ${(approval as { detail: string }).detail}`) : 'not run'}`,
    ];
    for (const [kind, s] of stats)
      for (const e of s.errors.slice(0, 5)) out.push(`  error (${kind}): ${e}`);

    // Stored plates = the 201 answers.
    const stored = await storedReadBarcodes(w);
    const lost = [...acknowledged.keys()].filter((b) => !stored.has(b));
    const unexpected = [...stored].filter((b) => b.startsWith('LOAD-') && !acknowledged.has(b));
    out.push(
      `stored plates with a reading: ${stored.size}; answered 201: ${acknowledged.size}; lost (201 but not stored): ${lost.length}; stored without a 201: ${unexpected.length}${unexpected.length ? ` (${unexpected.slice(0, 5).join(', ')})` : ''}`,
    );
    const verdict = await must(request(w.url, w.mgr.key, 'GET', '/audit/verify'), 'verify');
    out.push(
      `audit chain: ${verdict.ok ? 'ok' : 'BROKEN'} (${verdict.events} events, anchor ${verdict.anchor?.status})`,
    );
    process.stdout.write(`${out.join('\n')}\n`);
  } finally {
    await server.stop();
    closeClients();
    await db.drop();
    rmSync(build, { recursive: true, force: true });
  }
}

async function startedRun(w: World, title: string): Promise<string> {
  const run = await must(
    request(w.url, w.sci.key, 'POST', '/runs', {
      protocolVersionId: w.mttVersionId,
      title,
      materials: [
        { materialId: w.parentalId, role: 'cell-lines' },
        { materialId: w.resistantId, role: 'cell-lines' },
      ],
    }),
    'run',
  );
  await must(request(w.url, w.sci.key, 'POST', `/runs/${run.id}/start`, {}), 'start');
  return run.id as string;
}

/** One whole approval flow, interleaved with the load. */
async function approveOneRun(
  w: World,
  platePost: (runId: string, kind?: string) => Promise<string | null>,
): Promise<{ ok: boolean; detail: string }> {
  const runId = await startedRun(w, 'load approval run');
  const plate = await platePost(runId, 'approval: plate feed');
  if (!plate) return { ok: false, detail: 'the plate feed failed' };
  await must(request(w.url, w.sci.key, 'POST', `/runs/${runId}/complete`, {}), 'complete');
  await must(request(w.url, w.sci.key, 'POST', `/runs/${runId}/submit`, {}), 'submit');
  const approved = await must(
    request(w.url, w.mgr.key, 'POST', `/runs/${runId}/approve`, {
      password: PASSWORD,
      reason: 'reviewed the plate, fits and QC',
    }),
    'approve',
  );
  return { ok: approved.status === 'approved', detail: String(approved.status) };
}

/** Barcodes of every plate that has a reading, read back through the API. */
async function storedReadBarcodes(w: World): Promise<Set<string>> {
  const out = new Set<string>();
  for (let offset = 0; ; offset += 100) {
    const page = await must(
      request(w.url, w.sci.key, 'GET', `/plates?status=read&limit=100&offset=${offset}`),
      'plates',
    );
    for (const p of page.items as { barcode: string }[]) out.add(p.barcode);
    if ((page.items as unknown[]).length < 100) return out;
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
