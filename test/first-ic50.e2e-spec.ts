import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, stopServer, type StartedServer } from './support/started-server';
import { transpileServer } from './support/transpiled-server';

const ROOT = join(__dirname, '..');
const SCRIPT = join(ROOT, 'docs', 'first-ic50.sh');

/**
 * The README's "Your first IC50 in ten minutes" is docs/first-ic50.sh, quoted in full: this
 * runs it against the built server on a fresh database, as a newcomer would, and checks what
 * it prints against the stored analysis. Engine-independent: SQLite only.
 */
const describeOnSqlite = process.env.DATABASE_URL ? describe.skip : describe;

/** "2.248 µM (95 % CI 1.89–2.673)" → [2.248, 1.89, 2.673] */
function figures(display: string): number[] {
  const m = /^([\d.]+)(?: µM)? \(95 % CI ([\d.]+)–([\d.]+)\)$/.exec(display.trim());
  if (!m) throw new Error(`not a value with its CI: ${display}`);
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}

describeOnSqlite('README walkthrough: docs/first-ic50.sh', () => {
  let dir: string;
  let server: StartedServer | undefined;
  afterAll(async () => {
    await stopServer(server);
    rmSync(dir, { recursive: true, force: true });
  });

  it('the README quotes the script as it is', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const script = readFileSync(SCRIPT, 'utf8');
    expect(readme).toContain('```bash\n' + script + '```');
  });

  it('runs from the bootstrap key to the fold-resistance and prints the stored figures', async () => {
    mkdirSync(join(ROOT, 'test/artifacts'), { recursive: true });
    dir = mkdtempSync(join(ROOT, 'test/artifacts/first-ic50-'));
    const mainJs = transpileServer(ROOT, dir);
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PORT: '0',
      SQLITE_PATH: join(dir, 'data', 'lab.sqlite'),
    };
    for (const name of ['DATABASE_URL', 'AUDIT_ANCHOR_FILE', 'NODE_ENV', 'LOG_LEVEL']) {
      delete env[name];
    }
    server = await startServer(process.execPath, [mainJs], { cwd: ROOT, env });
    const adminKey = /tlk_\S+/.exec(server.stdout.join(''))![0];
    const plot = join(dir, 'plot.svg');
    const run = spawnSync('bash', [SCRIPT], {
      cwd: ROOT,
      env: { ...env, THIOLAB_URL: server.url, ADMIN_KEY: adminKey, PLOT: plot },
      encoding: 'utf8',
      timeout: 170_000,
    });
    expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: '' });
    const out = run.stdout.split('\n');
    const printed = (label: string) => {
      const line = out.find((l) => l.startsWith(`${label}: `));
      if (!line) throw new Error(`no "${label}" line in:\n${run.stdout}`);
      return line.slice(label.length + 2);
    };
    expect(out).toContain('analysed');
    // The README shows this output as it is (the plot under its default name).
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const shown = run.stdout.replace(`plot saved: ${plot}`, 'plot saved: resistant-ic50.svg');
    expect(readme).toContain('```text\n' + shown + '```');
    expect(printed('plate QC passes')).toBe('true');
    expect(readFileSync(plot, 'utf8')).toMatch(/<svg [^]*<\/svg>\s*$/);

    // What it printed is what the analysis stored.
    const get = async (path: string) =>
      (await (
        await fetch(`${server!.url}/api/v1${path}`, {
          headers: { authorization: `Bearer ${adminKey}` },
        })
      ).json()) as any; // eslint-disable-line @typescript-eslint/no-explicit-any
    const plate = await get('/plates/by-barcode/DEMO-MTT-0001');
    const fits = (await get(`/plates/${plate.id}/fits`)).items as {
      materialId: string;
      ic50: { relative: number; ci95: [number, number]; display: string };
    }[];
    const materials = (await get('/materials?limit=10')).items as {
      id: string;
      barcode: string;
    }[];
    const fitOf = (barcode: string) =>
      fits.find((f) => f.materialId === materials.find((m) => m.barcode === barcode)!.id)!;
    const parental = fitOf('CL-0001').ic50;
    const resistant = fitOf('CL-0002').ic50;
    expect(printed('IC50 parental')).toBe(parental.display);
    expect(printed('IC50 resistant')).toBe(resistant.display);
    const [p, pLow, pHigh] = figures(printed('IC50 parental'));
    expect(p).toBeCloseTo(parental.relative, 2);
    expect(pLow).toBeLessThan(p);
    expect(pHigh).toBeGreaterThan(p);
    // The fold-resistance is the ratio of the two IC50s, its CI around it.
    const [fr, frLow, frHigh] = figures(printed('fold-resistance'));
    expect(Math.abs(fr / (resistant.relative / parental.relative) - 1)).toBeLessThan(5e-4);
    expect(frLow).toBeLessThan(fr);
    expect(frHigh).toBeGreaterThan(fr);
  }, 180_000);
});
