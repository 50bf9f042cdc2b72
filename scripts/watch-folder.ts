// Uploads plate-reader exports that appear in a folder to ThioLab's instrument feed:
//   THIOLAB_URL=http://lims:3000 THIOLAB_API_KEY=tlk_… npm run watch -- <folder> [--once]
// Each file goes to <folder>/done/ once stored (or already stored for the same plate), or to
// <folder>/failed/ with the server's problem report beside it as <file>.error.json (a refusal:
// 4xx, including 409 when the same file is already another plate's reading). A file in a
// subfolder is the reading of the planned plate the subfolder is named after (its barcode or
// id: `plate=`), for readers whose exports name no barcode; it goes to done/<plate>/ or
// failed/<plate>/. This is how instrument PCs feed labs that have no middleware. Node built-ins
// only (fs.watch plus a polling safety net).
import { createHash } from 'node:crypto';
import { existsSync, watch, type FSWatcher } from 'node:fs';
import { mkdir, readdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, extname, join, resolve } from 'node:path';

export interface WatchOptions {
  folder: string;
  url: string;
  apiKey: string;
  /** Process what is there, then stop. */
  once?: boolean;
  /** Polling interval, ms (fs.watch misses events on network shares). */
  intervalMs?: number;
  /** A file must keep its size and mtime this long before upload (it may still be written). */
  settleMs?: number;
  /** Per-request time limit, ms. */
  timeoutMs?: number;
  /** Transient failures (network, 5xx) of one file before it goes to failed/. */
  maxAttempts?: number;
  log?: (line: string) => void;
}

export interface Outcome {
  file: string;
  to: 'done' | 'failed';
  status: number | null;
}

// Files that are being written or are not exports.
const SKIP = /^\.|\.(tmp|part|partial|crdownload|lock|swp)$|~$|\.error\.json$/i;

interface Seen {
  size: number;
  mtimeMs: number;
  since: number;
}

// The watcher's own subfolders; every other subfolder names a plate.
const OWN_FOLDERS = new Set(['done', 'failed']);

/** The plate a file's subfolder names (`<plate>/<file>`), or null for a file of the folder itself. */
export function plateOf(name: string): string | null {
  const slash = name.indexOf('/');
  return slash < 0 ? null : name.slice(0, slash);
}

class FatalError extends Error {}

export class FolderWatcher {
  private readonly seen = new Map<string, Seen>();
  private readonly attempts = new Map<string, number>();
  private watcher: FSWatcher | null = null;
  private timer: NodeJS.Timeout | null = null;
  private scanning: Promise<void> | null = null;
  private rescan = false;
  private stopped = false;
  readonly outcomes: Outcome[] = [];

  constructor(private readonly o: Required<WatchOptions>) {}

  async start(): Promise<void> {
    await mkdir(join(this.o.folder, 'done'), { recursive: true });
    await mkdir(join(this.o.folder, 'failed'), { recursive: true });
    if (this.o.once) {
      // Nothing is being written when run once: settle immediately.
      await this.scan(true);
      return;
    }
    this.watcher = watch(this.o.folder, () => this.trigger());
    this.timer = setInterval(() => this.trigger(), this.o.intervalMs);
    this.trigger();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.watcher?.close();
    if (this.timer) clearInterval(this.timer);
    await this.scanning;
  }

  private trigger(): void {
    if (this.stopped) return;
    if (this.scanning) {
      this.rescan = true;
      return;
    }
    this.scanning = this.scan(false)
      .catch((e: unknown) => {
        if (e instanceof FatalError) {
          this.o.log(`stopping: ${e.message}`);
          this.stopped = true;
          process.exitCode = 2;
          void this.stop();
        } else this.o.log(`scan failed: ${String(e)}`);
      })
      .finally(() => {
        this.scanning = null;
        if (this.rescan && !this.stopped) {
          this.rescan = false;
          // Let the settle time pass before looking again.
          setTimeout(() => this.trigger(), Math.min(this.o.settleMs, this.o.intervalMs));
        }
      });
  }

  /**
   * The files to upload, as paths relative to the folder: the folder's own, then those of each
   * plate subfolder (one level; done/ and failed/ are the watcher's).
   */
  private async pending(): Promise<string[]> {
    const entries = await readdir(this.o.folder, { withFileTypes: true });
    const names = entries.filter((d) => d.isFile() && !SKIP.test(d.name)).map((d) => d.name);
    for (const dir of entries) {
      if (!dir.isDirectory() || OWN_FOLDERS.has(dir.name) || SKIP.test(dir.name)) continue;
      let inner;
      try {
        inner = await readdir(join(this.o.folder, dir.name), { withFileTypes: true });
      } catch {
        continue; // removed meanwhile
      }
      for (const d of inner) {
        if (d.isFile() && !SKIP.test(d.name)) names.push(`${dir.name}/${d.name}`);
      }
    }
    return names.sort();
  }

  private async scan(settleNow: boolean): Promise<void> {
    const names = await this.pending();
    const now = Date.now();
    for (const name of names) {
      if (this.stopped) return;
      const path = join(this.o.folder, name);
      let s;
      try {
        s = await stat(path);
      } catch {
        continue; // moved away meanwhile
      }
      const prev = this.seen.get(name);
      if (!prev || prev.size !== s.size || prev.mtimeMs !== s.mtimeMs) {
        this.seen.set(name, { size: s.size, mtimeMs: s.mtimeMs, since: now });
        if (!settleNow) {
          this.rescan = true;
          continue;
        }
      } else if (!settleNow && now - prev.since < this.o.settleMs) {
        this.rescan = true;
        continue;
      }
      await this.upload(name);
    }
  }

  private async upload(name: string): Promise<void> {
    const path = join(this.o.folder, name);
    const content = await readFile(path);
    const form = new FormData();
    form.append('file', new Blob([content], { type: 'text/plain' }), basename(name));
    const plate = plateOf(name);
    const query = plate === null ? '' : `?plate=${encodeURIComponent(plate)}`;
    let status: number | null = null;
    let body: unknown = null;
    try {
      const res = await fetch(`${this.o.url.replace(/\/$/, '')}/api/v1/instrument-feeds${query}`, {
        method: 'POST',
        headers: {
          Authorization: `Bearer ${this.o.apiKey}`,
          // The same file sent again (a retry after a lost answer) is stored once. The name is
          // part of the key: a Gen5 export's name carries its plate's barcode, and the same
          // content under another name (another plate) must be judged by the server, not
          // answered as a repeat.
          'Idempotency-Key': `watch-${createHash('sha256').update(name).update('\0').update(content).digest('hex')}`,
        },
        body: form,
        signal: AbortSignal.timeout(this.o.timeoutMs),
      });
      status = res.status;
      const text = await res.text();
      try {
        body = JSON.parse(text);
      } catch {
        body = text;
      }
    } catch (e) {
      body = { error: String(e) };
    }
    if (status === 401 || status === 403) {
      const p = body as { code?: string; detail?: string };
      throw new FatalError(
        `${status} ${p?.code ?? ''}: ${p?.detail ?? ''} (check THIOLAB_API_KEY)`,
      );
    }
    if (status === 200 || status === 201) {
      const r = body as { outcome?: string; plate?: { barcode?: string; id?: string } };
      await this.move(name, 'done');
      this.o.log(
        `${name}: ${r.outcome ?? 'stored'} (plate ${r.plate?.barcode ?? r.plate?.id ?? '?'})`,
      );
      this.outcomes.push({ file: name, to: 'done', status });
      return;
    }
    const transient = status === null || status >= 500 || status === 429 || status === 408;
    const attempt = (this.attempts.get(name) ?? 0) + 1;
    this.attempts.set(name, attempt);
    if (transient && attempt < this.o.maxAttempts && !this.o.once) {
      this.o.log(`${name}: attempt ${attempt} failed (${status ?? 'no answer'}); will retry`);
      this.seen.delete(name);
      return;
    }
    const target = await this.move(name, 'failed');
    const report = {
      file: name,
      folder: resolve(this.o.folder),
      status,
      attempts: attempt,
      at: new Date().toISOString(),
      response: body,
    };
    await writeFile(`${target}.error.json`, JSON.stringify(report, null, 2) + '\n');
    const p = body as { detail?: string };
    this.o.log(`${name}: failed (${status ?? 'no answer'}) ${p?.detail ?? ''}`.trim());
    this.outcomes.push({ file: name, to: 'failed', status });
  }

  /** Moves a file into done/ or failed/, never over an earlier file of the same name. */
  private async move(name: string, to: 'done' | 'failed'): Promise<string> {
    let target = join(this.o.folder, to, name);
    await mkdir(dirname(target), { recursive: true });
    if (existsSync(target)) {
      const ext = extname(name);
      const stamp = new Date().toISOString().replace(/[:.]/g, '-');
      target = join(dirname(target), `${basename(name, ext)}.${stamp}${ext}`);
    }
    await rename(join(this.o.folder, name), target);
    this.seen.delete(name);
    this.attempts.delete(name);
    return target;
  }
}

export function watchOptions(argv: string[], env: NodeJS.ProcessEnv): Required<WatchOptions> {
  const args = argv.filter((a) => !a.startsWith('--'));
  if (args.length !== 1) {
    throw new Error('usage: npm run watch -- <folder> [--once]');
  }
  const apiKey = env.THIOLAB_API_KEY;
  if (!apiKey) throw new Error('set THIOLAB_API_KEY to an instrument API key');
  const folder = resolve(args[0]);
  if (!existsSync(folder)) throw new Error(`no such folder: ${folder}`);
  return {
    folder,
    url: env.THIOLAB_URL ?? 'http://localhost:3000',
    apiKey,
    once: argv.includes('--once'),
    intervalMs: Number(env.THIOLAB_WATCH_INTERVAL_MS ?? 1000),
    settleMs: Number(env.THIOLAB_WATCH_SETTLE_MS ?? 500),
    timeoutMs: Number(env.THIOLAB_WATCH_TIMEOUT_MS ?? 30_000),
    maxAttempts: 5,
    log: (line) => process.stdout.write(`${new Date().toISOString()} ${line}\n`),
  };
}

async function main(): Promise<void> {
  let options: Required<WatchOptions>;
  try {
    options = watchOptions(process.argv.slice(2), process.env);
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n`);
    process.exit(2);
  }
  const watcher = new FolderWatcher(options);
  const stop = (): void => {
    void watcher.stop().then(() => process.exit(process.exitCode ?? 0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  options.log(`watching ${options.folder} → ${options.url}`);
  try {
    await watcher.start();
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n`);
    process.exit(2);
  }
  if (options.once) {
    const failed = watcher.outcomes.filter((o) => o.to === 'failed').length;
    process.exit(process.exitCode ?? (failed ? 1 : 0));
  }
}

if (require.main === module) void main();
