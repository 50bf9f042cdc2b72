// Browser story (issue 19): a scientist, by keyboard alone, signs in and uploads a plate file;
// the rejected file's bad well is highlighted and explained on hover and on keyboard focus; she
// uploads the corrected file, confirms after the dry run, and sees the IC50 and its plot on the
// run's page; then she excludes a well with a reason and the curve is refitted. axe-core finds
// no serious or critical violation on any page visited.
import type { Page } from 'playwright-core';
import {
  describeInChromium,
  plotsLoaded,
  screenshot,
  expectAccessible,
  startBrowserWorld,
  type BrowserWorld,
} from './support/browser';
import { api, cellLines, startedRun, type User } from './support/plate-assays';
import { createParentalLine } from './support/runs-fixtures';
import { syntheticPlateMap, syntheticReading } from './support/synthetic-mtt';
import { createUserWithKey } from './support/test-app';

describeInChromium('browser: a scientist uploads a plate and reviews its fit', () => {
  let w: BrowserWorld;
  let sam: User;
  let runId: string;
  const good = syntheticReading(5);
  const bad = good
    .split('\n')
    .map((l) => (l.startsWith('C7,') ? l.replace(/,[^,]*,([^,]*)$/, ',abc,$1') : l))
    .join('\n');

  beforeAll(async () => {
    w = await startBrowserWorld();
    sam = await createUserWithKey(w.t, 'sam', ['scientist']);
    const parental = await createParentalLine(w.t, sam.key, 'HIG-82');
    runId = await startedRun(w.t, sam, 'mtt-viability', cellLines(parental));
    const layout = await api(w.t, sam)
      .post('/plate-layouts/import', {
        name: 'layout BR',
        csv: syntheticPlateMap().replace(/,resistant,/g, ',parental,'),
        materials: { parental },
        referenceWavelengthNm: 650,
      })
      .expect(201);
    await api(w.t, sam)
      .post('/plates', { barcode: 'BR-UP-1', layoutId: layout.body.id, runId })
      .expect(201);
  });
  afterAll(() => w?.close());

  const focused = (page: Page) =>
    page.evaluate(
      `(() => { const e = document.activeElement; return { id: e.id, text: (e.textContent || '').trim(), tag: e.tagName, outline: getComputedStyle(e).outlineStyle }; })()`,
    ) as Promise<{ id: string; text: string; tag: string; outline: string }>;

  async function tabTo(page: Page, match: (f: { id: string; text: string }) => boolean) {
    for (let i = 0; i < 40; i++) {
      await page.keyboard.press('Tab');
      const f = await focused(page);
      if (match(f)) return f;
    }
    throw new Error('the keyboard never reached the element');
  }

  it('signs in, reaches the upload page and sees a rejected file’s bad well explained, by keyboard alone', async () => {
    const { context, page } = await w.newPage();
    await page.goto('/ui');
    // The first Tab stop is the skip link, visibly focused.
    const skip = await tabTo(page, () => true);
    expect(skip.text).toBe('Skip to content');
    expect(skip.outline).not.toBe('none');
    await tabTo(page, (f) => f.id === 'username');
    await page.keyboard.type('sam');
    await page.keyboard.press('Tab');
    await page.keyboard.type(sam.password);
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/ui$/);
    await tabTo(page, (f) => f.text === 'Plate upload');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/ui\/plates\/upload$/);
    await expectAccessible(page, 'upload page');
    await tabTo(page, (f) => f.id === 'plate');
    await page.keyboard.type('BR-UP-1');
    await page.setInputFiles('#file', {
      name: 'bad.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(bad),
    });
    await page.locator('#file').focus();
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.waitForSelector('#import-error');
    const well = page.locator('[data-well="C7"]');
    await expect(well.getAttribute('class')).resolves.toContain('bad');
    // Keyboard focus shows the explanation.
    await well.focus();
    await expect(well.locator('.tip').isVisible()).resolves.toBe(true);
    await expect(well.getAttribute('aria-label')).resolves.toMatch(/^C7: /);
    // So does hovering with the mouse.
    await page.locator('body').click({ position: { x: 1, y: 1 } });
    await well.hover();
    await expect(well.locator('.tip').isVisible()).resolves.toBe(true);
    await expectAccessible(page, 'rejected upload');
    await screenshot(page, 'plate-upload-rejected');
    // The corrected file: dry run, then confirm.
    await page.locator('#plate').fill('BR-UP-1');
    await page.setInputFiles('#file', {
      name: 'good.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(good),
    });
    await page.getByRole('button', { name: 'Check the file' }).click();
    await page.getByRole('heading', { name: 'Dry run: the file is valid' }).waitFor();
    await expectAccessible(page, 'dry-run report');
    await page.getByRole('button', { name: 'Confirm the import' }).click();
    await page.getByRole('heading', { name: 'Imported' }).waitFor();
    await page.locator('#to-run').click();
    await page.waitForURL(`**/ui/runs/${runId}`);
    await expect(
      page
        .getByText(/IC50 \(95 % CI\)/)
        .first()
        .isVisible(),
    ).resolves.toBe(true);
    await plotsLoaded(page);
    await screenshot(page, 'run-page-fitted-curve');
    await context.close();
  });

  it('excludes a well with a reason on the fit review page and sees the refit and its history', async () => {
    const { context, page } = await w.newPage();
    await page.goto('/ui/sign-in');
    await page.getByLabel('Username').fill('sam');
    await page.getByLabel('Password', { exact: true }).fill(sam.password);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.waitForURL(/\/ui$/);
    await page.goto(`/ui/runs/${runId}`);
    await page.getByRole('link', { name: 'Review the fit' }).first().click();
    await page.waitForURL(/\/ui\/assays\/viability\/fit\//);
    await expectAccessible(page, 'fit review');
    await page.locator('input[name="wells"]').first().check();
    await page.locator('#exclude-reason').fill('bubble seen in the well');
    await page.getByRole('button', { name: 'Exclude and refit' }).click();
    await page.getByText('Wells excluded; the plate was refitted.').waitFor();
    await expect(page.getByText('bubble seen in the well').first().isVisible()).resolves.toBe(true);
    await expect(page.getByRole('cell', { name: 'superseded' }).first().isVisible()).resolves.toBe(
      true,
    );
    await expectAccessible(page, 'fit review after the refit');
    await screenshot(page, 'fit-review-refitted');
    await context.close();
  });
});
