// Every screen on the seed:demo data (issue 19): the demo manager signs in to Chromium and
// follows the UI's own links from home: every run page, every assay page they link (fit
// reviews, the qPCR analysis, LC-MS/MS batches, co-culture cultures with their sampling form, the
// LC-MS/MS batch form, the donor comparison) and at least one page of each other kind (materials,
// a material, protocols, a protocol version, the plate, qPCR and LC-MS/MS upload pages, audit).
// Each answers 200, shows no error page, loads its plots and passes axe-core with no serious or
// critical violation.
import { demoPassword, seedDemo } from '../seed/demo-seed';
import {
  describeInChromium,
  screenshot,
  seriousA11yViolations,
  signInAs,
  startBrowserWorld,
  type BrowserWorld,
} from './support/browser';

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
/** Kinds of page where every record is visited (runs are found from materials); of the others, two. */
const EVERY = [/^\/ui\/runs\/:id$/, /^\/ui\/materials\/:id$/, /^\/ui\/assays\//];
const MAX_PAGES = 120;

/** A page's kind: its path with ids replaced. */
const kindOf = (path: string) => path.replace(UUID, ':id');

describeInChromium('browser: every screen on the seed:demo data', () => {
  let w: BrowserWorld;

  beforeAll(async () => {
    w = await startBrowserWorld();
    await seedDemo(w.t.app);
  }, 300_000);
  afterAll(() => w?.close());

  it('every page reached from home answers 200, loads its plots and passes axe', async () => {
    const { context, page } = await w.newPage();
    await signInAs(page, 'demo.manager', demoPassword('demo.manager'));
    const queue = ['/ui'];
    const seen = new Set<string>(queue);
    const perKind = new Map<string, number>();
    const visited: string[] = [];
    const problems: string[] = [];
    while (queue.length && visited.length < MAX_PAGES) {
      const path = queue.shift()!;
      const res = await page.goto(path);
      visited.push(path);
      if (!res || res.status() !== 200) {
        problems.push(`${path}: ${res?.status() ?? 'no answer'}`);
        continue;
      }
      // Plots are drawn (the SVG routes read with the session cookie alone).
      const broken = (await page.evaluate(
        `Array.from(document.querySelectorAll('figure.plot img')).filter((i) => !(i.complete && i.naturalWidth > 0)).map((i) => i.getAttribute('src'))`,
      )) as string[];
      if (broken.length) problems.push(`${path}: plots not drawn: ${broken.join(', ')}`);
      for (const v of await seriousA11yViolations(page)) problems.push(`${path}: ${v}`);
      const links = (await page.evaluate(
        `Array.from(document.querySelectorAll('main a[href^="/ui"], header a[href^="/ui"]')).map((a) => a.getAttribute('href'))`,
      )) as string[];
      for (const href of links) {
        const next = href.split('#')[0];
        if (seen.has(next) || next.startsWith('/ui/static')) continue;
        // Query strings (filters, paging, notices) are the same screen.
        if (next.includes('?')) continue;
        const kind = kindOf(next);
        const every = EVERY.some((re) => re.test(kind));
        if (!every && (perKind.get(kind) ?? 0) >= 2) continue;
        perKind.set(kind, (perKind.get(kind) ?? 0) + 1);
        seen.add(next);
        queue.push(next);
      }
    }
    await screenshot(page, 'demo-last-screen');
    expect(problems).toEqual([]);
    // Every kind of screen was reached.
    const kinds = new Set(visited.map(kindOf));
    for (const kind of [
      '/ui',
      '/ui/runs/:id',
      '/ui/runs/new',
      '/ui/materials',
      '/ui/materials/new',
      '/ui/materials/:id',
      '/ui/protocols',
      '/ui/protocols/new',
      '/ui/protocol-versions/:id',
      '/ui/plates/upload',
      '/ui/audit',
      '/ui/assays/viability/fit/:id',
      '/ui/assays/qpcr/analysis/:id',
      '/ui/assays/lcms/batch/:id',
      '/ui/assays/coculture/comparison/sfo',
      '/ui/assays/coculture/culture/:id',
      '/ui/assays/lcms/new-batch/:id',
      '/ui/uploads/qpcr/run/:id',
      '/ui/uploads/lcms/batch/:id',
    ]) {
      expect({ kind, reached: kinds.has(kind) }).toEqual({ kind, reached: true });
    }
    process.stdout.write(`demo screens: ${visited.length} pages of ${kinds.size} kinds\n`);
    await context.close();
  }, 600_000);
});
