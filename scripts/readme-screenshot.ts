// `npm run docs:screenshot`: the README's picture of the web UI (docs/run-page.png). Boots the
// server on a fresh SQLite file in a temporary folder with the seed:demo data, signs in as the
// demo manager in Debian's Chromium (playwright-core, never a downloaded browser), opens the
// demo MTT fold-resistance run and photographs its first plate's fits with the fitted curves.
import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const CHROMIUM = '/usr/bin/chromium';
const OUT = resolve(__dirname, '..', 'docs', 'run-page.png');
/** The demo run whose fits are shown: the parental and resistant curves of HIG-82. */
const RUN = 'Demo: MTT fold-resistance of HIG-82 6-TG-R2 vs HIG-82';

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'thiolab-screenshot-'));
  Object.assign(process.env, {
    NODE_ENV: 'development',
    LOG_LEVEL: 'silent',
    SQLITE_PATH: join(dir, 'demo.sqlite'),
    AUDIT_ANCHOR_FILE: join(dir, 'demo.anchor'),
  });
  // Loaded only now: the configuration is read when the modules load.
  const { NestFactory } = await import('@nestjs/core');
  const { AppModule } = await import('../src/app.module');
  const { configureApp } = await import('../src/app.setup');
  const { ThioLabExpressAdapter } = await import('../src/common/http/express-adapter');
  const { seedDemo, demoPassword } = await import('../seed/demo-seed');
  const { Run } = await import('../src/runs/run.entity');
  const { DataSource } = await import('typeorm');
  const { chromium } = await import('playwright-core');
  const quiet = process.stdout.write.bind(process.stdout);
  process.stdout.write = (() => true) as typeof process.stdout.write; // the bootstrap banner
  const app = await NestFactory.create(AppModule, new ThioLabExpressAdapter(), {
    bodyParser: false,
    logger: false,
  });
  configureApp(app as never);
  await app.listen(0, '127.0.0.1');
  process.stdout.write = quiet;
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
  });
  try {
    const report = await seedDemo(app);
    if (!report.users.some((u) => u.username === 'demo.manager')) {
      throw new Error('seed:demo made no demo manager');
    }
    const { port } = app.getHttpServer().address() as { port: number };
    const run = await app.get(DataSource).getRepository(Run).findOneBy({ title: RUN });
    if (!run) throw new Error(`the demo has no run titled ${RUN}`);
    const context = await browser.newContext({
      baseURL: `http://localhost:${port}`,
      viewport: { width: 1100, height: 900 },
    });
    const page = await context.newPage();
    await page.goto('/ui/sign-in');
    await page.getByLabel('Username').fill('demo.manager');
    await page.getByLabel('Password', { exact: true }).fill(demoPassword('demo.manager'));
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.waitForURL(/\/ui$/);
    await page.goto(`/ui/runs/${run.id}`);
    const section = page.locator('section.assay-section', { has: page.locator('figure.plot') });
    await section.first().scrollIntoViewIfNeeded();
    await page.waitForFunction(() => {
      const doc = (
        globalThis as unknown as {
          document: {
            querySelectorAll(s: string): ArrayLike<{ complete: boolean; naturalWidth: number }>;
          };
        }
      ).document;
      const imgs = Array.from(doc.querySelectorAll('figure.plot img'));
      return imgs.length > 0 && imgs.every((i) => i.complete && i.naturalWidth > 0);
    });
    // The first plate's section: its fits table with the IC50s, then the first fitted curve.
    const scrollY = (await page.evaluate('window.scrollY')) as number;
    const box = await section.first().boundingBox();
    const plot = await section.first().locator('figure.plot').first().boundingBox();
    if (!box || !plot) throw new Error('the run page shows no fitted curve');
    const where = { top: box.y + scrollY, bottom: plot.y + plot.height + scrollY };
    await page.screenshot({
      path: OUT,
      fullPage: true,
      clip: {
        x: 0,
        y: Math.floor(where.top - 12),
        width: 1100,
        height: Math.ceil(where.bottom - where.top + 24),
      },
    });
    process.stdout.write(`wrote ${OUT} (run ${run.title})\n`);
  } finally {
    await browser.close();
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`docs:screenshot failed: ${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
