import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  answers,
  exitWithin,
  isRunning,
  startServer,
  stopServer,
  type StartedServer,
} from './support/started-server';
import { transpileServer } from './support/transpiled-server';

const ROOT = join(__dirname, '..');

/**
 * What `npm start` prints and how it stops: the server runs as a child process, as a user runs
 * it. Engine-independent, so it runs on SQLite only (skipped on the PostgreSQL pass).
 */
const describeOnSqlite = process.env.DATABASE_URL ? describe.skip : describe;

describeOnSqlite('start-up and shutdown of the built server', () => {
  let dir: string;
  let mainJs: string;
  let env: NodeJS.ProcessEnv;
  let server: StartedServer | undefined;

  beforeAll(() => {
    mkdirSync(join(ROOT, 'test/artifacts'), { recursive: true });
    dir = mkdtempSync(join(ROOT, 'test/artifacts/start-up-'));
    mainJs = transpileServer(ROOT, dir);
    env = { ...process.env, PORT: '0', SQLITE_PATH: join(dir, 'data', 'thiolab.sqlite') };
    for (const name of ['DATABASE_URL', 'LOG_LEVEL', 'NODE_ENV', 'AUDIT_ANCHOR_FILE']) {
      delete env[name];
    }
  });
  afterEach(() => stopServer(server));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  // What a start prints, without warnings and errors (JSON log lines of level 40 and above):
  // those say that something is wrong and always show.
  const lines = (s: StartedServer) =>
    s.stdout
      .join('')
      .split('\n')
      .filter((l) => l.trim() !== '' && !/^\{"level":(?:[4-9]\d)\b/.test(l));

  it('a first start prints the bootstrap banner and one "listening" line, no route logs; SIGTERM stops it', async () => {
    server = await startServer(process.execPath, [mainJs], { cwd: ROOT, env });
    const printed = lines(server);
    expect(printed.at(-1)).toMatch(/^ThioLab listening on http:\/\/localhost:\d+ /);
    expect(server.pid).toBe(server.child.pid);
    expect(printed.filter((l) => l.includes('listening'))).toHaveLength(1);
    // Everything before it is the banner, between its two rules, with a key that works.
    const banner = printed.slice(0, -1);
    expect(banner[0]).toMatch(/^=+$/);
    expect(banner.at(-1)).toMatch(/^=+$/);
    expect(banner.join('\n')).toContain('bootstrap API key for user "admin"');
    expect(printed.some((l) => l.startsWith('{'))).toBe(false); // no JSON log line at info
    expect(printed.join('\n')).not.toMatch(/Mapped \{|RouterExplorer|InstanceLoader/);
    const key = /tlk_\S+/.exec(banner.join('\n'))![0];
    const me = await fetch(`${server.url}/api/v1/auth/me`, {
      headers: { authorization: `Bearer ${key}` },
    });
    expect(me.status).toBe(200);

    server.child.kill('SIGTERM');
    expect(await exitWithin(server.child, 20_000)).not.toBeNull();
    expect(await answers(server.url)).toBe(false);
    expect(server.stderr.join('')).toBe('');
  });

  it('a second start prints only the "listening" line; SIGINT (Ctrl-C) stops it', async () => {
    server = await startServer(process.execPath, [mainJs], { cwd: ROOT, env });
    const printed = lines(server);
    expect(printed).toHaveLength(1);
    expect(printed[0]).toMatch(/^ThioLab listening on /);
    server.child.kill('SIGINT');
    expect(await exitWithin(server.child, 20_000)).not.toBeNull();
    expect(await answers(server.url)).toBe(false);
  });

  describe('through npm (the start script of package.json)', () => {
    // A package holding the repository's start script, its dist/ the transpiled server (which
    // finds node_modules and src/web from the repository above it).
    let pkgDir: string;
    beforeAll(() => {
      pkgDir = join(dir, 'npm-package');
      mkdirSync(pkgDir);
      symlinkSync(dir, join(pkgDir, 'dist'));
      const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
        scripts: Record<string, string>;
      };
      writeFileSync(
        join(pkgDir, 'package.json'),
        JSON.stringify({
          name: 'start-up-check',
          private: true,
          scripts: { start: pkg.scripts.start },
        }),
      );
      symlinkSync(join(ROOT, 'protocols'), join(pkgDir, 'protocols'));
    });

    it.each(['SIGTERM', 'SIGINT', 'SIGKILL'] as const)(
      'when only npm gets %s, node stops too',
      async (signal) => {
        server = await startServer('npm', ['start', '--silent'], {
          cwd: pkgDir,
          env: { ...env, SQLITE_PATH: join(dir, 'data', 'npm.sqlite') },
          timeoutMs: 240_000, // npm and the server both start; the CI machine may be loaded
        });
        server.child.kill(signal); // npm's pid only, not its process group
        expect(await exitWithin(server.child, 20_000)).not.toBeNull();
        const deadline = Date.now() + 20_000;
        while (isRunning(server.pid) && Date.now() < deadline) {
          await new Promise((r) => setTimeout(r, 250));
        }
        expect(isRunning(server.pid)).toBe(false);
        expect(await answers(server.url)).toBe(false);
      },
      300_000,
    );
  });
});
