// Browser story 5 (issue 19): a scientist imports a qPCR export and an LC-MS/MS export through
// the UI's upload pages (a rejected file's problems listed at their lines, then a dry run, then
// the confirmation) and finds their results: the qPCR run's fold-change chart and standard
// curves, the full analysis with the per-sample table. She records the co-culture sampling and
// the batch's injection list on their forms before importing the LC-MS/MS export, then sees the
// batch's calibration curves, ICH M10 decision and concentrations. A manager opens the audit trail. Every page
// passes axe-core with no serious or critical violation; screenshots go to test/artifacts/.
import {
  describeInChromium,
  plotsLoaded,
  screenshot,
  expectAccessible,
  startBrowserWorld,
  type BrowserWorld,
} from './support/browser';
import { syntheticBatch } from './support/coculture-batch';
import { cocultureRun, donorWithAliquot, lcmsRun, type LcmsWorld } from './support/lcms-world';
import { api, startedRun, type User } from './support/plate-assays';
import { createDerivedPopulation, createParentalLine } from './support/runs-fixtures';
import { syntheticQpcrCsv, syntheticQpcrNames } from './support/synthetic-qpcr';
import { createUserWithKey } from './support/test-app';

describeInChromium('browser: qPCR and LC-MS/MS results', () => {
  let w: BrowserWorld;
  let sam: User;
  let mia: User;
  let qpcrRunId: string;
  let lcmsRunId: string;
  let batchId: string;
  let lcmsCsv: string;
  let cocRunId: string;
  /** The batch's injection list as the form takes it: name, type, nominal, QC level, barcode. */
  let injectionLines: string;

  beforeAll(async () => {
    w = await startBrowserWorld();
    sam = await createUserWithKey(w.t, 'sam', ['scientist']);
    mia = await createUserWithKey(w.t, 'mia', ['manager']);
    const parental = await createParentalLine(w.t, sam.key, 'HIG-82');
    const resistant = await createDerivedPopulation(w.t, sam.key, parental, 'HIG-82 6-TG-R');
    qpcrRunId = await startedRun(
      w.t,
      sam,
      'qpcr-expression',
      [parental, resistant].map((materialId) => ({ materialId, role: 'cell-lines' })),
      { targetGenes: ['ABCC1', 'ABCC4'], referenceGenes: ['GAPDH', 'ACTB'] },
    );
    await api(w.t, sam)
      .put(`/runs/${qpcrRunId}/qpcr-names`, syntheticQpcrNames(parental, resistant))
      .expect(200);
    const lw: LcmsWorld = { t: w.t, sam, mia };
    const { aliquotId, donorId } = await donorWithAliquot(lw, 'RA-B05', 'responder');
    // The unknowns are co-culture samples, named by barcode in the injection list.
    cocRunId = await cocultureRun(lw, [donorId], [aliquotId]);
    await api(w.t, sam)
      .post('/coculture-cultures', {
        runId: cocRunId,
        name: 'B05 culture',
        condition: 'culture',
        aliquotId,
      })
      .expect(201);
    lcmsRunId = await lcmsRun(lw, aliquotId, { analytes: ['azathioprine', '6-MP'] });
    let injections: Record<string, unknown>[];
    ({ csv: lcmsCsv, injections } = syntheticBatch(
      ['azathioprine', '6-MP'],
      [
        { barcode: 'S-1', analyte: 'azathioprine', micromolar: 42.5 },
        { barcode: 'S-1', analyte: '6-MP', micromolar: 3.25 },
        { barcode: 'S-2', analyte: 'azathioprine', micromolar: 0.004 },
        { barcode: 'S-3', analyte: 'azathioprine', micromolar: 180 },
      ],
    ));
    injectionLines = injections
      .map((i) => ['name', 'type', 'nominal', 'qcLevel', 'sampleBarcode'].map((k) => i[k] ?? ''))
      .map((cells) => cells.join(','))
      .join('\n');
  }, 120_000);
  afterAll(() => w?.close());

  it('the scientist imports the qPCR export on its upload page, then sees the fold-change chart, standard curves and the full analysis', async () => {
    const { context, page } = await w.signedInPage('sam', sam.password);
    await page.getByRole('link', { name: 'qpcr-expression plate' }).first().click();
    await page.waitForURL(`**/ui/runs/${qpcrRunId}`);
    await page.getByRole('link', { name: 'Upload a qPCR export' }).click();
    await page.waitForURL(`**/ui/uploads/qpcr/run/${qpcrRunId}`);
    await expectAccessible(page, 'qPCR upload page');
    // A Cq that is not a number: the file is refused, the problem named at its line.
    const lines = syntheticQpcrCsv().split('\n');
    lines[20] = lines[20].replace(/,[0-9.]+,UNKNOWN,/, ',12abc,UNKNOWN,');
    await page.locator('#file').setInputFiles({
      name: 'qpcr-typo.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(lines.join('\n')),
    });
    await page.getByRole('button', { name: 'Check the file' }).click();
    const problems = page.getByRole('region', { name: 'Problems of the file' });
    // The check submits the form: wait for the report (isVisible does not wait).
    await problems.waitFor();
    await expect(
      problems.getByRole('cell', { name: 'line 21', exact: true }).isVisible(),
    ).resolves.toBe(true);
    await expectAccessible(page, 'qPCR upload page with a rejected file');
    await screenshot(page, 'qpcr-upload-rejected');
    await page.locator('#file').setInputFiles({
      name: 'qpcr-run.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(syntheticQpcrCsv()),
    });
    await page.getByRole('button', { name: 'Check the file' }).click();
    await page.getByRole('heading', { name: /^Dry run: the file is valid/ }).waitFor();
    await expect(
      page.getByRole('region', { name: /^Group fold changes the file gives/ }).isVisible(),
    ).resolves.toBe(true);
    await expectAccessible(page, 'qPCR dry-run report');
    await screenshot(page, 'qpcr-upload-dry-run');
    await page.getByRole('button', { name: 'Confirm the import' }).click();
    await page.getByRole('heading', { name: 'Imported', exact: true }).waitFor();
    await page.getByRole('link', { name: 'See the analysis on the run’s page' }).click();
    await page.waitForURL(`**/ui/runs/${qpcrRunId}`);
    await expect(
      page.getByRole('heading', { name: 'qPCR expression: fold change' }).isVisible(),
    ).resolves.toBe(true);
    const plots = page.locator('figure.plot img');
    expect(await plots.count()).toBe(2);
    await plots.first().scrollIntoViewIfNeeded();
    await plotsLoaded(page);
    await expectAccessible(page, 'qPCR run page');
    await screenshot(page, 'qpcr-run-page');
    await page.getByRole('link', { name: 'Open the full analysis' }).click();
    await page.waitForURL('**/ui/assays/qpcr/analysis/**');
    await expect(
      page.getByRole('heading', { name: 'Per sample and gene' }).isVisible(),
    ).resolves.toBe(true);
    // 6 samples × 4 genes, each a row.
    await expect(
      page
        .getByRole('region', { name: /Technical replicates summarised/ })
        .locator('tbody tr')
        .count(),
    ).resolves.toBe(24);
    await plotsLoaded(page);
    await expectAccessible(page, 'qPCR analysis page');
    await screenshot(page, 'qpcr-analysis-page');
    await context.close();
  });

  it('the scientist records the co-culture sampling and the batch’s injection list, imports the LC-MS/MS export, then sees the calibration curves, the ICH M10 decision and concentrations', async () => {
    const { context, page } = await w.signedInPage('sam', sam.password);
    // The sampling: three replicate samples at 0 h, their barcodes the unknowns of the batch.
    await page.goto(`/ui/runs/${cocRunId}`);
    await page.getByRole('link', { name: 'B05 culture' }).click();
    await page.waitForURL('**/ui/assays/coculture/culture/**');
    await page.getByLabel('Time since dosing (h)').fill('0');
    await page.getByLabel('Chamber O₂ at sampling (ppm)').fill('1');
    await page.getByLabel('Sample barcodes, one per replicate').fill('S-1\nS-2\nS-3');
    await page.getByRole('button', { name: 'Record the sampling' }).click();
    await page.waitForURL(/done=/);
    await expect(
      page
        .getByRole('region', { name: /^Samples of this culture/ })
        .locator('tbody tr')
        .count(),
    ).resolves.toBe(3);
    await expectAccessible(page, 'culture page with its samplings');
    await screenshot(page, 'coculture-sampling-recorded');
    // The batch: its injection list typed into the form.
    await page.goto(`/ui/runs/${lcmsRunId}`);
    await page.getByRole('link', { name: 'Record a batch and its injection list' }).click();
    await page.waitForURL(`**/ui/assays/lcms/new-batch/${lcmsRunId}`);
    await page.getByLabel('Batch name').fill('Story 5 batch');
    await page.getByLabel('Instrument').fill('QTRAP 6500+');
    await page.getByLabel('Injection list').fill(injectionLines);
    await expectAccessible(page, 'LC-MS/MS batch form');
    await page.getByRole('button', { name: 'Record the batch' }).click();
    await page.waitForURL(/\/ui\/assays\/lcms\/batch\/[0-9a-f-]{36}\?done=/);
    batchId = /batch\/([0-9a-f-]{36})/.exec(page.url())![1];
    await page.goto(`/ui/runs/${lcmsRunId}`);
    await expect(page.getByText('not imported').first().isVisible()).resolves.toBe(true);
    await page.getByRole('link', { name: 'Upload an export to Story 5 batch' }).click();
    await page.waitForURL(`**/ui/uploads/lcms/batch/${batchId}`);
    await page.locator('#file').setInputFiles({
      name: 'story5-batch.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(lcmsCsv),
    });
    await page.getByRole('button', { name: 'Check the file' }).click();
    await page.getByRole('heading', { name: /^Dry run: the file is valid/ }).waitFor();
    await expect(page.getByText('ICH M10 calibration of 6-MP').isVisible()).resolves.toBe(true);
    await expectAccessible(page, 'LC-MS/MS dry-run report');
    await screenshot(page, 'lcms-upload-dry-run');
    await page.getByRole('button', { name: 'Confirm the import' }).click();
    await page.getByRole('heading', { name: 'Imported', exact: true }).waitFor();
    await page.getByRole('link', { name: 'See the calibrations and concentrations' }).click();
    await page.waitForURL(`**/ui/assays/lcms/batch/${batchId}`);
    expect(await page.locator('figure.plot img').count()).toBe(2);
    await plotsLoaded(page);
    // S-2 is below the range and S-3 above it: statuses, never numbers.
    const concentrations = page.getByRole('region', { name: /^Concentrations/ });
    await expect(
      concentrations.getByText('BLQ (below the reportable range)').count(),
    ).resolves.toBe(1);
    await expect(
      concentrations.getByText('ALQ (above the range: dilute and re-run)').count(),
    ).resolves.toBe(1);
    await expectAccessible(page, 'LC-MS/MS batch page');
    await screenshot(page, 'lcms-batch-page');
    await page.goto(`/ui/runs/${lcmsRunId}`);
    await expect(page.getByText('accepted (ICH M10)').first().isVisible()).resolves.toBe(true);
    await expectAccessible(page, 'LC-MS/MS run page');
    await context.close();
  });

  it('the manager opens the audit trail and filters it to the batch', async () => {
    const { context, page } = await w.signedInPage('mia', mia.password);
    await page.getByRole('link', { name: 'Audit', exact: true }).click();
    await page.waitForURL('**/ui/audit');
    await expect(page.locator('#chain-status').textContent()).resolves.toContain(
      'The chain verifies',
    );
    await expectAccessible(page, 'audit page');
    await page.getByLabel('Record type').selectOption('lcms-batch');
    await page.getByLabel('Record id').fill(batchId);
    await page.getByRole('button', { name: 'Filter' }).click();
    await page.waitForURL(/entity=lcms-batch/);
    const rows = page.locator('table.audit tbody tr');
    expect(await rows.count()).toBeGreaterThanOrEqual(2);
    await expectAccessible(page, 'audit page, filtered');
    await screenshot(page, 'audit-page');
    await context.close();
  });
});
