// Booting the real app in-process for the HTTP benchmarks (bench:lcms, bench:qpcr): a fresh
// database, the server listening on 127.0.0.1, the bootstrap key it prints.
import { appendFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { must, request, type Json } from './bench-world';

export interface BenchServer {
  url: string;
  adminKey: string;
  close(): Promise<void>;
}

/** Boots AppModule with `env` (the fresh database's), capturing the bootstrap key it prints. */
export async function bootBenchServer(env: Record<string, string>): Promise<BenchServer> {
  Object.assign(process.env, { LOG_LEVEL: 'warn' }, env);
  if (!env.DATABASE_URL) delete process.env.DATABASE_URL;
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
  return { url: `http://127.0.0.1:${port}`, adminKey, close: () => app.close() };
}

/** The latest approved version of a protocol (by key). */
export async function approvedVersion(url: string, key: string, protocol: string): Promise<string> {
  const list = ((await must(request(url, key, 'GET', '/protocols'), 'protocols')) as Json)
    .items as Json[];
  const p = list.find((x) => x.key === protocol);
  if (!p?.latestApprovedVersionId) throw new Error(`no approved ${protocol}`);
  return p.latestApprovedVersionId as string;
}

/** `--name=n` from the command line, an integer in 1…max, or the fallback. */
export function intArg(name: string, fallback: number, max: number): number {
  const hit = process.argv.find((a) => a.startsWith(`--${name}=`));
  const n = hit ? Number(hit.split('=')[1]) : fallback;
  if (!Number.isInteger(n) || n < 1 || n > max) throw new Error(`--${name} must be 1–${max}`);
  return n;
}

/**
 * With `BENCH_WINDOWS=file`, appends `label start end` (µs on the monotonic clock that
 * `node --cpu-prof` timestamps its samples with) for a timed window, so that a profile of the
 * bench can be read for the timed windows only.
 */
export function markWindow(label: string, from: number, to = performance.now()): void {
  const file = process.env.BENCH_WINDOWS;
  if (!file) return;
  const nowUs = Number(process.hrtime.bigint() / 1000n);
  const now = performance.now();
  const us = (ms: number) => Math.round(nowUs - (now - ms) * 1000);
  appendFileSync(file, `${label} ${us(from)} ${us(to)}\n`);
}
