import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createTestApp, type TestApp } from './test-app';

/** Debian's Chromium (`apt-get install -y chromium`); a browser is never downloaded. */
export const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = join(__dirname, '..', 'artifacts');

/**
 * A describe block of browser stories: skipped with one line when Chromium is absent on a
 * developer's machine, and a failure when CI is set (.ci/run installs it).
 */
export function describeInChromium(name: string, fn: () => void): void {
  if (existsSync(CHROMIUM)) {
    describe(name, fn);
    return;
  }
  if (process.env.CI) {
    describe(name, () => {
      it('needs Chromium', () => {
        throw new Error(
          `${CHROMIUM} is missing and CI requires the browser stories (apt-get install -y chromium)`,
        );
      });
    });
    return;
  }
  process.stdout.write(`browser stories skipped (${name}): ${CHROMIUM} is not installed\n`);
  describe.skip(name, fn);
}

/** The real server on a free local port with a fresh SQLite (or PG) database, and Chromium. */
export interface BrowserWorld {
  t: TestApp;
  base: string;
  browser: Browser;
  /** A fresh browser context (its own cookies) with one page. */
  newPage(): Promise<{ context: BrowserContext; page: Page }>;
  /** A fresh context whose page has signed in through the sign-in form. */
  signedInPage(
    username: string,
    password: string,
  ): Promise<{ context: BrowserContext; page: Page }>;
  close(): Promise<void>;
}

export async function startBrowserWorld(): Promise<BrowserWorld> {
  const t = await createTestApp();
  await t.app.listen(0, '127.0.0.1');
  const address = t.app.getHttpServer().address() as { port: number };
  const base = `http://localhost:${address.port}`;
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    // Root in CI containers: Chromium's sandbox needs user namespaces it may not have.
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
  });
  const world: BrowserWorld = {
    t,
    base,
    browser,
    async newPage() {
      const context = await browser.newContext({
        baseURL: base,
        viewport: { width: 1280, height: 900 },
      });
      context.setDefaultTimeout(30_000);
      return { context, page: await context.newPage() };
    },
    async signedInPage(username, password) {
      const opened = await world.newPage();
      await signInAs(opened.page, username, password);
      return opened;
    },
    async close() {
      await browser.close();
      await t.close();
    },
  };
  return world;
}

/** Signs in through the sign-in page's password form. */
export async function signInAs(page: Page, username: string, password: string): Promise<void> {
  await page.goto('/ui/sign-in');
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.waitForURL(/\/ui(\?|$|\/(?!sign-in))/);
}

/** axe-core in the page: the serious and critical violations, as readable lines. */
export async function seriousA11yViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: require.resolve('axe-core/axe.min.js') });
  // A string: the test code is compiled without the DOM's types.
  const violations = (await page.evaluate(
    'window.axe.run().then((r) => r.violations)',
  )) as AxeViolation[];
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
    );
}

/** The story's check of a page: axe-core finds no serious or critical violation on it. */
export async function expectAccessible(page: Page, what: string): Promise<void> {
  expect({ what, violations: await seriousA11yViolations(page) }).toEqual({
    what,
    violations: [],
  });
}

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/** A screenshot of the story under test/artifacts/ (git-ignored). */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
}

/** Waits until every plot image of the page has loaded (and there is at least one). */
export async function plotsLoaded(page: Page): Promise<void> {
  // A function, not a string: the pages' CSP forbids eval.
  await page.waitForFunction(() => {
    type Img = { complete: boolean; naturalWidth: number };
    const doc = (
      globalThis as unknown as { document: { querySelectorAll(s: string): ArrayLike<Img> } }
    ).document;
    const imgs = Array.from(doc.querySelectorAll('figure.plot img'));
    return imgs.length > 0 && imgs.every((i) => i.complete && i.naturalWidth > 0);
  });
}
