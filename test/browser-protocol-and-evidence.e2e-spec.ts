// Browser stories (issue 19): a manager reviews a protocol version's diff and approves it with
// an e-signature, while the scientist who wrote it sees no button; and the evidence page of a
// resistant population shows its lineage and its fold-resistance beside the parental curve.
// axe-core finds no serious or critical violation on any page visited.
import {
  describeInChromium,
  plotsLoaded,
  screenshot,
  expectAccessible,
  startBrowserWorld,
  type BrowserWorld,
} from './support/browser';
import { api, cellLines, importedPlate, startedRun, type User } from './support/plate-assays';
import { submittedVersion } from './support/protocol-drafts';
import { createDerivedPopulation, createParentalLine } from './support/runs-fixtures';
import { syntheticPlateMap, syntheticReading } from './support/synthetic-mtt';
import { createUserWithKey } from './support/test-app';

describeInChromium('browser: protocol review and the evidence of a resistant population', () => {
  let w: BrowserWorld;
  let sam: User;
  let mia: User;
  let versionId: string;
  let resistant: string;

  beforeAll(async () => {
    w = await startBrowserWorld();
    sam = await createUserWithKey(w.t, 'sam', ['scientist']);
    mia = await createUserWithKey(w.t, 'mia', ['manager']);
    versionId = await submittedVersion(w.t, sam, 'mtt-viability', 'seedingDensity', 8000);
    const parental = await createParentalLine(w.t, sam.key, 'HIG-82');
    resistant = await createDerivedPopulation(w.t, sam.key, parental, 'HIG-82 6-TG-R');
    const runId = await startedRun(w.t, sam, 'mtt-viability', cellLines(parental, resistant));
    await importedPlate(w.t, sam, {
      mapCsv: syntheticPlateMap(),
      materials: { parental, resistant },
      reading: syntheticReading(6),
      runId,
      barcode: 'BR-EV-1',
    });
    await api(w.t, sam)
      .post('/fold-resistance', { resistantMaterialId: resistant, parentalMaterialId: parental })
      .expect(201);
  });
  afterAll(() => w?.close());

  it('the author sees the diff but no approve button', async () => {
    const { context, page } = await w.signedInPage('sam', sam.password);
    await page.goto(`/ui/protocol-versions/${versionId}`);
    await expect(page.locator('#diff').isVisible()).resolves.toBe(true);
    expect(await page.getByText('Approve with e-signature').count()).toBe(0);
    await page.goto('/ui/protocols');
    await expectAccessible(page, 'protocols');
    await context.close();
  });

  it('a manager reviews the diff setting by setting and approves with her e-signature', async () => {
    const { context, page } = await w.signedInPage('mia', mia.password);
    await page.getByRole('link', { name: 'MTT viability' }).first().click();
    await page.waitForURL(`**/ui/protocol-versions/${versionId}`);
    const row = page.locator('#diff tbody tr', { hasText: 'seedingDensity' });
    await expect(row.locator('del').textContent()).resolves.toBe('5000');
    await expect(row.locator('ins').textContent()).resolves.toBe('8000');
    await expectAccessible(page, 'protocol version in review');
    await screenshot(page, 'protocol-review-diff');
    await page.getByText('Approve with e-signature…').click();
    await page.locator('#approve-password').fill(mia.password);
    await page.locator('#approve-reason').fill('seeding density checked against the SOP');
    await page.getByRole('button', { name: 'Sign and approve' }).click();
    await page.waitForURL(/done=approved/);
    await expect(page.locator('#version-status').textContent()).resolves.toBe('approved');
    await context.close();
  });

  it('the resistant population’s evidence page: lineage, fold-resistance and the curves together', async () => {
    const { context, page } = await w.signedInPage('sam', sam.password);
    await page.goto('/ui/materials');
    await page.getByLabel('Barcode or name').fill('6-TG-R');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByRole('link', { name: 'HIG-82 6-TG-R' }).first().click();
    await page.waitForURL(`**/ui/materials/${resistant}`);
    await expect(page.locator('.lineage svg').isVisible()).resolves.toBe(true);
    await expect(
      page.getByRole('heading', { name: 'Fold-resistance (MTT IC50 ratio)' }).isVisible(),
    ).resolves.toBe(true);
    await plotsLoaded(page);
    await expectAccessible(page, 'material evidence');
    await screenshot(page, 'material-evidence');
    await context.close();
  });
});
