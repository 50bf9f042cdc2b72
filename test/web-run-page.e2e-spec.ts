// The web UI's run page and fit review (issue 19): every result with its plot inline (the SVG
// routes read with the session cookie), flags and QC gates, approve/return with an e-signature
// only for a manager who may decide, and a well excluded with a reason and refitted.
import type { MaterialEvidenceDto } from '../src/materials/dto/material-evidence.dto';
import {
  api,
  cellLines,
  completeAndSubmit,
  importedPlate,
  startedRun,
  plateAssayWorld,
} from './support/plate-assays';
import { createParentalLine } from './support/runs-fixtures';
import { syntheticPlateMap, syntheticReading } from './support/synthetic-mtt';
import { createUserWithKey, type TestApp } from './support/test-app';
import { csrfOf, WebClient } from './support/web-client';

type User = { id: string; key: string; password: string };

describe('web UI: the run page and its review', () => {
  let t: TestApp;
  let sam: User;
  let mia: User;
  let runId: string;
  let manager: WebClient;
  let scientist: WebClient;
  let parental: string;
  let resistant: string;

  beforeAll(async () => {
    ({ t, sam, parental, resistant } = await plateAssayWorld());
    mia = await createUserWithKey(t, 'mia', ['manager']);
    runId = await startedRun(t, sam, 'mtt-viability', cellLines(parental, resistant));
    await importedPlate(t, sam, {
      mapCsv: syntheticPlateMap(),
      materials: { parental, resistant },
      reading: syntheticReading(1),
      runId,
      barcode: 'WEB-0001',
    });
    await completeAndSubmit(t, sam, runId);
    manager = new WebClient(t);
    await manager.signIn('mia', mia.password);
    scientist = new WebClient(t);
    await scientist.signIn('sam', sam.password);
  });
  afterAll(() => t?.close());

  it('shows settings, materials, fits with their plots, QC gates, signatures and the audit trail', async () => {
    const res = await manager.get(`/ui/runs/${runId}`);
    expect(res.status).toBe(200);
    const html = res.text;
    for (const text of [
      'Protocol settings',
      'HIG-82 6-TG-R',
      'Timeline',
      'MTT viability: plate WEB-0001',
      'Plate QC of WEB-0001',
      'Fold-resistance: HIG-82 6-TG-R vs HIG-82',
      'Audit history',
      'Approve with e-signature',
      'Return to the operator',
    ]) {
      expect(html).toContain(text);
    }
    const plots = [...html.matchAll(/<img src="(\/api\/v1\/fits\/[0-9a-f-]+\/plot\.svg)"/g)].map(
      (m) => m[1],
    );
    expect(plots.length).toBeGreaterThanOrEqual(2);
    // The plot opens in the browser with the session alone; without it, the API refuses.
    const svg = await manager.get(plots[0]);
    expect(svg.status).toBe(200);
    expect(svg.headers['content-type']).toMatch(/image\/svg\+xml/);
    await t.http().get(plots[0]).expect(401);
    // A session never authorises an API write.
    const write = await manager.post(`/api/v1/runs/${runId}/approve`, {
      password: mia.password,
      reason: 'cookie only',
    });
    expect(write.status).toBe(401);
  });

  it('the operator sees no approve or return button, and is refused if she posts anyway', async () => {
    const page = await scientist.get(`/ui/runs/${runId}`);
    expect(page.status).toBe(200);
    expect(page.text).not.toContain('Approve with e-signature');
    const refused = await scientist.post(`/ui/runs/${runId}/approve`, {
      _csrf: csrfOf(page.text),
      password: sam.password,
      reason: 'my own run',
    });
    expect(refused.status).toBe(403);
    expect(refused.text).toContain('FORBIDDEN_ROLE');
  });

  it('a wrong password refuses the signature in its dialog; a form without the token changes nothing', async () => {
    const page = await manager.get(`/ui/runs/${runId}`);
    const wrong = await manager.post(`/ui/runs/${runId}/approve`, {
      _csrf: csrfOf(page.text),
      password: 'not my password',
      reason: 'reviewed plates and fits',
    });
    expect(wrong.status).toBe(403);
    expect(wrong.text).toContain('signature refused: the password is wrong');
    expect(wrong.text).toMatch(/<details class="action" id="approve-dialog" open>/);
    const noToken = await manager.post(`/ui/runs/${runId}/approve`, {
      password: mia.password,
      reason: 'reviewed plates and fits',
    });
    expect(noToken.status).toBe(403);
    expect(noToken.text).toContain('CSRF_REFUSED');
    const still = await manager.get(`/ui/runs/${runId}`);
    expect(still.text).toContain('id="run-status">in review');
  });

  it('excluding a well with a reason refits the curve and keeps its history', async () => {
    const run = await manager.get(`/ui/runs/${runId}`);
    const fitPage = /href="(\/ui\/assays\/viability\/fit\/[0-9a-f-]+)"/.exec(run.text)![1];
    const page = await scientist.get(fitPage);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Exclude wells from the analysis');
    expect(page.text).toContain('class="plate"');
    const well = /name="wells" value="([A-P]\d+)"/.exec(page.text)![1];
    const noReason = await scientist.post(`${fitPage}/exclude`, {
      _csrf: csrfOf(page.text),
      wells: well,
      reason: '',
    });
    expect(noReason.status).toBe(400);
    expect(noReason.text).toContain('give a reason');
    // The run is in review: an exclusion now is refused by the service, said on the page.
    const inReview = await scientist.post(`${fitPage}/exclude`, {
      _csrf: csrfOf(page.text),
      wells: well,
      reason: 'bubble in the well',
    });
    expect(inReview.status).toBeGreaterThanOrEqual(400);
    expect(inReview.text).toContain('role="alert"');
  });

  it('a manager approves with the e-signature; the page then shows the run locked and signed', async () => {
    const page = await manager.get(`/ui/runs/${runId}`);
    const done = await manager.post(`/ui/runs/${runId}/approve`, {
      _csrf: csrfOf(page.text),
      password: mia.password,
      reason: 'plates, fits and QC reviewed',
    });
    expect(done.status).toBe(303);
    expect(done.headers.location).toBe(`/ui/runs/${runId}?done=approved`);
    const after = await manager.get(done.headers.location as string);
    expect(after.text).toContain('id="run-locked">locked');
    expect(after.text).toContain('plates, fits and QC reviewed');
    expect(after.text).not.toContain('Approve with e-signature');
  });

  it('excludes a well with a reason, refits, and lists both fits in the history', async () => {
    const parental = await createParentalLine(t, sam.key, 'HIG-82 second');
    const runId = await startedRun(t, sam, 'mtt-viability', cellLines(parental));
    const map = syntheticPlateMap().replace(/,resistant,/g, ',parental,');
    await importedPlate(t, sam, {
      mapCsv: map,
      materials: { parental },
      reading: syntheticReading(2),
      runId,
      barcode: 'WEB-0002',
    });
    const web = scientist;
    const run = await web.get(`/ui/runs/${runId}`);
    const fitPage = /href="(\/ui\/assays\/viability\/fit\/[0-9a-f-]+)"/.exec(run.text)![1];
    const page = await web.get(fitPage);
    const well = /name="wells" value="([A-P]\d+)"/.exec(page.text)![1];
    const res = await web.post(`${fitPage}/exclude`, {
      _csrf: csrfOf(page.text),
      wells: well,
      reason: 'bubble in the well',
    });
    expect(res.status).toBe(303);
    const next = res.headers.location as string;
    expect(next).toMatch(/^\/ui\/assays\/viability\/fit\/[0-9a-f-]+\?done=/);
    expect(next.split('?')[0]).not.toBe(fitPage);
    const after = await web.get(next);
    expect(after.text).toContain('Wells excluded; the plate was refitted.');
    expect(after.text).toContain('bubble in the well');
    expect(after.text).toContain('superseded');
    // The history names the fit on show and links to the superseded one.
    const history = after.text.slice(after.text.indexOf('Fits of this material on this plate'));
    expect(history).toContain('(this fit)');
    expect(history).toContain(`href="${fitPage}"`);
    expect(after.text).toContain(`aria-label="${well}:`);
    expect(after.text).toMatch(new RegExp(`aria-label="${well}:[^"]*excluded`));
  });

  it('the operator completes and submits a run from its page; cancel needs a reason; the token is required', async () => {
    const line = await createParentalLine(t, sam.key, 'HIG-82 steps');
    const runId = await startedRun(t, sam, 'mtt-viability', cellLines(line));
    const page = await scientist.get(`/ui/runs/${runId}`);
    expect(page.text).toContain('id="step-complete"');
    expect(page.text).toContain('id="step-cancel"');
    expect(page.text).not.toContain('id="step-submit"');
    const noToken = await scientist.post(`/ui/runs/${runId}/step`, { action: 'complete' });
    expect(noToken.status).toBe(403);
    const noReason = await scientist.post(`/ui/runs/${runId}/step`, {
      _csrf: csrfOf(page.text),
      action: 'cancel',
      reason: '',
    });
    expect(noReason.status).toBe(400);
    expect(noReason.text).toContain('role="alert"');
    expect(noReason.text).toMatch(/Not done \(cancel\):.*reason/s);
    const signedStep = await scientist.post(`/ui/runs/${runId}/step`, {
      _csrf: csrfOf(page.text),
      action: 'approve',
    });
    expect(signedStep.status).toBe(404);
    const completed = await scientist.post(`/ui/runs/${runId}/step`, {
      _csrf: csrfOf(page.text),
      action: 'complete',
    });
    expect(completed.status).toBe(303);
    expect(completed.headers.location).toBe(`/ui/runs/${runId}?done=complete`);
    const next = await scientist.get(completed.headers.location as string);
    expect(next.text).toContain('The run is completed.');
    expect(next.text).toContain('id="run-status">completed');
    const submitted = await scientist.post(`/ui/runs/${runId}/step`, {
      _csrf: csrfOf(next.text),
      action: 'submit',
    });
    expect(submitted.status).toBe(303);
    const inReview = await scientist.get(`/ui/runs/${runId}`);
    expect(inReview.text).toContain('id="run-status">in review');
    // In review, the operator has nothing left to do; the manager sees the e-signature dialogs.
    expect(inReview.text).not.toContain('id="steps-h"');
    expect((await manager.get(`/ui/runs/${runId}`)).text).toContain('Approve with e-signature');
    const run = await t
      .http()
      .get(`/api/v1/runs/${runId}`)
      .set('Authorization', `Bearer ${sam.key}`)
      .expect(200);
    expect(run.body.status).toBe('in_review');
  });

  it('a resistant population’s page: lineage tree, custody, runs and the fold-resistance evidence', async () => {
    await api(t, sam)
      .post('/fold-resistance', { resistantMaterialId: resistant, parentalMaterialId: parental })
      .expect(201);
    const coded = await api(t, sam)
      .post('/materials/cell-lines', {
        name: 'HIG-82 coded',
        species: 'Oryctolagus cuniculus',
        tissue: 'synovium',
        passageNumber: 3,
        barcode: 'WEB-CL-1',
      })
      .expect(201);
    const list = await scientist.get('/ui/materials?q=WEB-CL-1');
    expect(list.status).toBe(200);
    expect(list.text).toContain(`/ui/materials/${coded.body.id}`);
    const page = await scientist.get(`/ui/materials/${resistant}`);
    expect(page.status).toBe(200);
    const svg = /<svg[^>]*role="img"[\s\S]*?<\/svg>/.exec(page.text)![0];
    expect(svg).toContain('HIG-82 6-TG-R');
    expect(svg).toContain('HIG-82<');
    expect(page.text).toContain(`/ui/materials/${parental}`);
    expect(page.text).toContain('Chain of custody');
    // The evidence is the API's (GET /materials/:id/evidence): the same sections, runs and
    // approval states, laid out as tables.
    const evidence = await api(t, sam).get(`/materials/${resistant}/evidence`).expect(200);
    const withItems = (evidence.body as MaterialEvidenceDto).sections.filter((s) => s.items.length);
    expect(withItems.map((s) => s.section)).toContain('fold-resistance');
    for (const s of withItems) expect(page.text).toContain(s.title);
    const fold = withItems.find((s) => s.section === 'fold-resistance')!.items[0];
    expect(fold.runId).toBe(runId);
    // The manager approved the run above: the evidence says it is signed and locked.
    expect(fold.runStatus).toBe('approved');
    const row = new RegExp(
      `<tr><td><a href="/ui/runs/${runId}">[^<]+</a></td><td><span class="sev-info">approved \\(signed, locked\\)</span></td>`,
    );
    expect(page.text).toMatch(row);
    expect(page.text).toMatch(/\/api\/v1\/fold-resistance\/plot\.svg\?resistantMaterialId=/);
    const plot = /src="(\/api\/v1\/fold-resistance\/plot\.svg\?[^"]+)"/.exec(page.text)![1];
    const res = await scientist.get(plot.replace(/&amp;/g, '&'));
    expect(res.status).toBe(200);
  });
});
