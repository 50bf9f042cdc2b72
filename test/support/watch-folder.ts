import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { bearer } from './runs-fixtures';
import { createUserWithKey, type TestApp } from './test-app';

/** Helpers of the folder-watcher suites: the real CLI against a listening test app. */
const ROOT = join(__dirname, '..', '..');

/** Runs the real CLI (`npm run watch -- <folder>`) as a child process. */
export function runWatcher(
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

export async function until(check: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A folder's entries, sorted; none when it does not exist. */
export const list = (dir: string): string[] => (existsSync(dir) ? readdirSync(dir).sort() : []);

/**
 * Listens on a free local port and gives the watcher what it needs: the URL and the API key of
 * an instrument user bound to an instrument record (by a manager, as the README says).
 */
export async function feedEndpoint(t: TestApp): Promise<{ url: string; readerKey: string }> {
  await t.app.listen(0, '127.0.0.1');
  const url = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
  const mgr = await createUserWithKey(t, 'mona', ['manager']);
  const reader = await createUserWithKey(t, 'reader1', ['instrument']);
  const instrument = (
    await t
      .http()
      .post('/api/v1/instruments')
      .set(bearer(mgr.key))
      .send({ name: 'Reader 1', model: 'SpectraMax Plus 384' })
      .expect(201)
  ).body;
  const keys = (
    await t.http().get('/api/v1/api-keys').query({ userId: reader.id }).set(bearer(t.adminKey))
  ).body.items as { id: string }[];
  await t
    .http()
    .post(`/api/v1/instruments/${instrument.id}/api-keys`)
    .set(bearer(mgr.key))
    .send({ apiKeyId: keys[0].id })
    .expect(200);
  return { url, readerKey: reader.key };
}
