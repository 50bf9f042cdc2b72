// Browser story (issue 19): a manager reviews a run on its page in Chromium and approves it
// with the e-signature; afterwards the page shows it locked. The operator sees no approve
// button. Every page visited passes axe-core with no serious or critical violation.
import {
  describeInChromium,
  plotsLoaded,
  screenshot,
  expectAccessible,
  signInAs,
  startBrowserWorld,
  type BrowserWorld,
} from './support/browser';
import {
  cellLines,
  completeAndSubmit,
  importedPlate,
  startedRun,
  type User,
} from './support/plate-assays';
import { createDerivedPopulation, createParentalLine } from './support/runs-fixtures';
import { syntheticPlateMap, syntheticReading } from './support/synthetic-mtt';
import { createUserWithKey } from './support/test-app';

describeInChromium('browser: a manager reviews and approves a run', () => {
  let w: BrowserWorld;
  let sam: User;
  let mia: User;
  let runId: string;

  beforeAll(async () => {
    w = await startBrowserWorld();
    sam = await createUserWithKey(w.t, 'sam', ['scientist']);
    mia = await createUserWithKey(w.t, 'mia', ['manager']);
    const parental = await createParentalLine(w.t, sam.key, 'HIG-82');
    const resistant = await createDerivedPopulation(w.t, sam.key, parental, 'HIG-82 6-TG-R');
    runId = await startedRun(w.t, sam, 'mtt-viability', cellLines(parental, resistant));
    await importedPlate(w.t, sam, {
      mapCsv: syntheticPlateMap(),
      materials: { parental, resistant },
      reading: syntheticReading(3),
      runId,
      barcode: 'BR-0001',
    });
    await completeAndSubmit(w.t, sam, runId);
  });
  afterAll(() => w?.close());

  it('the operator sees her run but no approve button', async () => {
    const { context, page } = await w.newPage();
    await page.goto('/');
    await expect(page.getByRole('heading', { name: 'Sign in' }).isVisible()).resolves.toBe(true);
    await expectAccessible(page, 'sign-in');
    await signInAs(page, 'sam', sam.password);
    await expectAccessible(page, 'home (scientist)');
    await page.getByRole('link', { name: 'mtt-viability plate' }).first().click();
    await page.waitForURL(`**/ui/runs/${runId}`);
    expect(await page.getByText('Approve with e-signature').count()).toBe(0);
    await context.close();
  });

  it('the manager opens the run from her queue, sees the curves, signs and approves; the run is locked', async () => {
    const { context, page } = await w.signedInPage('mia', mia.password);
    await expect(
      page.getByRole('heading', { name: 'Awaiting your review' }).isVisible(),
    ).resolves.toBe(true);
    await expectAccessible(page, 'home (manager)');
    await page.getByRole('link', { name: 'mtt-viability plate' }).first().click();
    await page.waitForURL(`**/ui/runs/${runId}`);
    // Every plot is drawn: the SVG loaded with the session cookie alone.
    const plots = page.locator('figure.plot img');
    expect(await plots.count()).toBeGreaterThanOrEqual(2);
    await plots.first().scrollIntoViewIfNeeded();
    await plotsLoaded(page);
    await expectAccessible(page, 'run page');
    await screenshot(page, 'run-page-in-review');
    // Wrong password: refused, explained in the dialog.
    await page.getByText('Approve with e-signature…').click();
    await page.locator('#approve-password').fill('not my password');
    await page.locator('#approve-reason').fill('plates, fits and QC reviewed');
    await page.getByRole('button', { name: 'Sign and approve' }).click();
    await expect(
      page.getByText('signature refused: the password is wrong').isVisible(),
    ).resolves.toBe(true);
    await expectAccessible(page, 'run page with a refused signature');
    await page.locator('#approve-password').fill(mia.password);
    await page.locator('#approve-reason').fill('plates, fits and QC reviewed');
    await page.getByRole('button', { name: 'Sign and approve' }).click();
    await page.waitForURL(/done=approved/);
    await expect(page.locator('#run-locked').textContent()).resolves.toBe('locked');
    await expect(page.locator('#run-status').textContent()).resolves.toBe('approved');
    expect(await page.getByText('Approve with e-signature').count()).toBe(0);
    await screenshot(page, 'run-page-approved');
    await context.close();
  });
});
