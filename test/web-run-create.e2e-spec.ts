// The web UI's "New run" form (issue 19): a scientist plans a run of an approved protocol
// version with its settings and materials, through RunsService.create (the API's rules); a bad
// form names each problem beside its field and stores nothing; CSRF and roles as the API's.
import { Run } from '../src/runs/run.entity';
import { api } from './support/plate-assays';
import { approvedVersionId, createParentalLine } from './support/runs-fixtures';
import { createTestApp, createUserWithKey, type TestApp } from './support/test-app';
import { csrfOf, WebClient } from './support/web-client';

type User = { id: string; key: string; password: string };

describe('web UI: new run', () => {
  let t: TestApp;
  let sam: User;
  let ivy: User;
  let scientist: WebClient;
  let mtt: string;
  let line: string;

  beforeAll(async () => {
    t = await createTestApp();
    sam = await createUserWithKey(t, 'sam', ['scientist']);
    ivy = await createUserWithKey(t, 'ivy', ['instrument']);
    mtt = await approvedVersionId(t, 'mtt-viability', sam.key);
    line = await createParentalLine(t, sam.key, 'HIG-82 form line');
    scientist = new WebClient(t);
    await scientist.signIn('sam', sam.password);
  });
  afterAll(() => t?.close());

  const runCount = () => t.dataSource.getRepository(Run).count();

  it('home links to the form; it lists approved versions, then the chosen one’s settings and material slots', async () => {
    const home = await scientist.get('/ui');
    expect(home.text).toContain('href="/ui/runs/new"');
    const choose = await scientist.get('/ui/runs/new');
    expect(choose.status).toBe(200);
    expect(choose.text).toContain(`<option value="${mtt}"`);
    expect(choose.text).not.toContain('name="material.cell-lines"');
    const page = await scientist.get(`/ui/runs/new?protocolVersionId=${mtt}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('<label for="material-cell-lines">');
    expect(page.text).toMatch(
      /<select id="material-cell-lines" name="material.cell-lines" multiple/,
    );
    expect(page.text).toContain(`<option value="${line}"`);
    expect(page.text).toContain('<label for="param-highestConcentrationMicromolar">');
    expect(page.text).toContain('name="param.excludeOuterWells"');
  });

  it('a material page offers a run with it, preselected', async () => {
    const material = await scientist.get(`/ui/materials/${line}`);
    expect(material.text).toContain(`href="/ui/runs/new?materialId=${line}"`);
    const page = await scientist.get(`/ui/runs/new?protocolVersionId=${mtt}&materialId=${line}`);
    expect(page.text).toContain(`<option value="${line}" selected>`);
  });

  it('plans the run through the service and opens its page', async () => {
    const page = await scientist.get(`/ui/runs/new?protocolVersionId=${mtt}`);
    const before = await runCount();
    const res = await scientist.post('/ui/runs', {
      _csrf: csrfOf(page.text),
      protocolVersionId: mtt,
      title: 'Form-planned MTT',
      'material.cell-lines': [line],
      'param.highestConcentrationMicromolar': '100',
      'param.dilutionFactor': '',
      'param.excludeOuterWells': 'true',
      'param.seedingDensity': '4000',
      notes: 'planned from the web form',
    });
    expect(res.status).toBe(303);
    const m = /^\/ui\/runs\/([0-9a-f-]{36})\?done=created$/.exec(res.headers.location as string);
    expect(m).not.toBeNull();
    expect(await runCount()).toBe(before + 1);
    const run = (await api(t, sam).get(`/runs/${m![1]}`).expect(200)).body;
    expect(run.title).toBe('Form-planned MTT');
    expect(run.status).toBe('planned');
    expect(run.operatorId).toBe(sam.id);
    expect(run.protocolVersionId).toBe(mtt);
    expect(run.parameters.highestConcentrationMicromolar).toMatchObject({
      value: 100,
      source: 'entered',
    });
    expect(run.parameters.dilutionFactor).toMatchObject({ value: 2, source: 'default' });
    expect(run.parameters.excludeOuterWells).toMatchObject({ value: true, source: 'entered' });
    expect(run.parameters.seedingDensity).toMatchObject({ value: 4000 });
    expect(
      run.materials.map((x: { materialId: string; role: string }) => [x.materialId, x.role]),
    ).toEqual([[line, 'cell-lines']]);
    const runPage = await scientist.get(res.headers.location as string);
    expect(runPage.status).toBe(200);
    expect(runPage.text).toContain('The run is planned');
    expect(runPage.text).toContain('Form-planned MTT');
  });

  it('a bad form keeps the input, names each problem at its field and stores nothing', async () => {
    const page = await scientist.get(`/ui/runs/new?protocolVersionId=${mtt}`);
    const before = await runCount();
    const res = await scientist.post('/ui/runs', {
      _csrf: csrfOf(page.text),
      protocolVersionId: mtt,
      title: '',
      'param.highestConcentrationMicromolar': '5 kg',
      'param.seedingDensity': '12.5',
      notes: 'kept as typed',
    });
    expect(res.status).toBe(400);
    expect(await runCount()).toBe(before);
    const html = res.text;
    expect(html).toContain('Nothing was saved');
    // Each problem is tied to its field.
    for (const id of ['title', 'param-highestConcentrationMicromolar', 'param-seedingDensity']) {
      expect(html).toMatch(new RegExp(`id="${id}"[^>]*aria-describedby="[^"]*${id}-error"`));
      expect(html).toContain(`<p id="${id}-error" class="field-error">`);
    }
    expect(html).toMatch(
      /id="title-error" class="field-error"><span>title must be longer than or equal to 1 characters<\/span> <\/p>/,
    );
    expect(html).toContain(
      'unknown unit &#39;kg&#39; for &#39;highestConcentrationMicromolar&#39;',
    );
    // The input is kept.
    expect(html).toContain('value="5 kg"');
    expect(html).toContain('value="12.5"');
    expect(html).toContain('kept as typed</textarea>');
  });

  it('the service’s problems (a required material missing) are named too', async () => {
    const page = await scientist.get(`/ui/runs/new?protocolVersionId=${mtt}`);
    const before = await runCount();
    const res = await scientist.post('/ui/runs', {
      _csrf: csrfOf(page.text),
      protocolVersionId: mtt,
      title: 'No cells',
    });
    expect(res.status).toBe(400);
    expect(await runCount()).toBe(before);
    expect(res.text).toContain('<p id="materials-error" class="field-error">');
    expect(res.text).toContain('the protocol needs a cell-line as');
    expect(res.text).toMatch(/id="materials" tabindex="-1" aria-describedby="materials-error"/);
  });

  it('refuses a form without the session’s CSRF token', async () => {
    const before = await runCount();
    const res = await scientist.post('/ui/runs', {
      protocolVersionId: mtt,
      title: 'No token',
      'material.cell-lines': [line],
    });
    expect(res.status).toBe(403);
    expect(res.text).toContain('CSRF_REFUSED');
    expect(await runCount()).toBe(before);
  });

  it('an instrument session is refused the form and its post, and sees no link to it', async () => {
    const web = new WebClient(t);
    await web.signIn('ivy', ivy.password);
    const page = await web.get('/ui/runs/new');
    expect(page.status).toBe(403);
    expect(page.text).not.toContain('href="/ui/runs/new"');
    const home = await web.get('/ui');
    expect(home.status).toBe(403);
    expect(home.text).not.toContain('href="/ui/runs/new"');
    const before = await runCount();
    const res = await web.post('/ui/runs', {
      _csrf: csrfOf(page.text),
      protocolVersionId: mtt,
      title: 'Instrument run',
      'material.cell-lines': [line],
    });
    expect(res.status).toBe(403);
    expect(res.text).toContain('FORBIDDEN_ROLE');
    expect(await runCount()).toBe(before);
  });
});
