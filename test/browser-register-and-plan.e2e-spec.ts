// Browser story (issue 19): a scientist registers a cell line from the materials list, plans an
// MTT run with it from the approved protocol version (a wrong setting first, named at its field),
// and reaches the run's page; then writes a new protocol in the editor and submits the draft. Every page visited passes axe-core with no serious or critical
// violation, the forms' error states included.
import {
  describeInChromium,
  expectAccessible,
  screenshot,
  startBrowserWorld,
  type BrowserWorld,
} from './support/browser';
import { api, type User } from './support/plate-assays';
import { approvedVersionId } from './support/runs-fixtures';
import { createUserWithKey } from './support/test-app';

describeInChromium('browser: a scientist registers a material and plans a run with it', () => {
  let w: BrowserWorld;
  let sam: User;

  beforeAll(async () => {
    w = await startBrowserWorld();
    sam = await createUserWithKey(w.t, 'sam', ['scientist']);
  });
  afterAll(() => w?.close());

  it('registers a cell line, plans a run of it, and lands on the run page', async () => {
    const { context, page } = await w.signedInPage('sam', sam.password);
    await page.getByRole('link', { name: 'Materials' }).click();
    await page.getByRole('link', { name: 'Register a material' }).click();
    await expectAccessible(page, 'register: choose a kind');
    await page.getByRole('link', { name: 'Cell line or derived population' }).click();
    await page.getByLabel('Name', { exact: true }).fill('HIG-82 browser');
    await page.getByLabel('Passage number').fill('4');
    await page.getByLabel('Species (optional)').fill('Oryctolagus cuniculus');
    await expectAccessible(page, 'register: cell line form');
    await page.getByRole('button', { name: 'Register' }).click();
    await page.waitForURL(/\/ui\/materials\/[0-9a-f-]{36}\?done=registered$/);
    await expect(page.getByRole('status').textContent()).resolves.toContain(
      'The material is registered.',
    );
    const lineId = /materials\/([0-9a-f-]{36})/.exec(page.url())![1];
    await expectAccessible(page, 'material page (registered)');

    await page.getByRole('link', { name: 'New run with this material' }).click();
    const mtt = await approvedVersionId(w.t, 'mtt-viability', sam.key);
    await page.getByLabel('Approved protocol version').selectOption(mtt);
    await page.getByRole('button', { name: 'Show its settings and materials' }).click();
    await page.getByLabel('Title').fill('Browser MTT of HIG-82');
    // The line registered a moment ago is preselected in the cell-line slot.
    await expect(page.locator('#material-cell-lines').inputValue()).resolves.toBe(lineId);
    await page.getByLabel(/^Highest concentration/).fill('5 kg');
    await page.getByRole('button', { name: 'Plan the run' }).click();
    // Refused: nothing stored, the problem beside its field, the input kept.
    const error = page.locator('#param-highestConcentrationMicromolar-error');
    await expect(error.textContent()).resolves.toContain('unknown unit');
    await expect(
      page.locator('#param-highestConcentrationMicromolar').getAttribute('aria-describedby'),
    ).resolves.toContain('param-highestConcentrationMicromolar-error');
    await expect(page.getByLabel('Title').inputValue()).resolves.toBe('Browser MTT of HIG-82');
    await expectAccessible(page, 'new run: refused');
    await screenshot(page, 'new-run-refused');
    await page.getByLabel(/^Highest concentration/).fill('100');
    await page.getByRole('button', { name: 'Plan the run' }).click();
    await page.waitForURL(/\/ui\/runs\/[0-9a-f-]{36}\?done=created$/);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toContain(
      'Browser MTT of HIG-82',
    );
    await expectAccessible(page, 'run page (planned)');
    const runId = /runs\/([0-9a-f-]{36})/.exec(page.url())![1];
    const run = (await api(w.t, sam).get(`/runs/${runId}`).expect(200)).body;
    expect(run.status).toBe('planned');
    expect(run.materials.map((m: { materialId: string }) => m.materialId)).toEqual([lineId]);
    expect(run.parameters.highestConcentrationMicromolar.value).toBe(100);
    await context.close();
  });

  it('writes a new protocol in the editor, fixes a refused definition, and submits the draft', async () => {
    const { context, page } = await w.signedInPage('sam', sam.password);
    await page.getByRole('link', { name: 'Protocols' }).click();
    await expectAccessible(page, 'protocols list with New protocol and New version');
    await page.getByRole('link', { name: 'New protocol' }).click();
    const editor = page.getByLabel('Definition (YAML)');
    const skeleton = await editor.inputValue();
    await editor.fill(
      skeleton
        .replace('key: my-new-protocol', 'key: browser-protocol')
        .replace('    unit: h\n', ''),
    );
    await page.getByRole('button', { name: 'Create the protocol' }).click();
    await expect(page.locator('#definition-error').textContent()).resolves.toMatch(/line \d+/);
    await expect(editor.getAttribute('aria-invalid')).resolves.toBe('true');
    await expectAccessible(page, 'new protocol: refused');
    await editor.fill(skeleton.replace('key: my-new-protocol', 'key: browser-protocol'));
    await page.getByRole('button', { name: 'Create the protocol' }).click();
    await page.waitForURL(/\/ui\/protocol-versions\/[0-9a-f-]{36}\/edit\?done=created$/);
    await expectAccessible(page, 'draft editor');
    await page.getByRole('button', { name: 'Submit for review' }).click();
    await page.waitForURL(/\/ui\/protocol-versions\/[0-9a-f-]{36}\?done=submitted$/);
    await expect(page.locator('#version-status').textContent()).resolves.toBe('in review');
    await context.close();
  });
});
