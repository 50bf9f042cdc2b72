// The web UI's material registration (issue 19): a cell line and a population derived from it,
// a donor → fecal sample → aliquots chain, each through the API's DTOs and services; a bad form
// names each problem at its field and stores nothing; personal data refused and not echoed;
// CSRF and roles as the API's.
import { Material } from '../src/materials/material.entity';
import { api } from './support/plate-assays';
import { createTestApp, createUserWithKey, type TestApp } from './support/test-app';
import { csrfOf, WebClient } from './support/web-client';

type User = { id: string; key: string; password: string };

describe('web UI: register a material', () => {
  let t: TestApp;
  let sam: User;
  let ivy: User;
  let web: WebClient;

  beforeAll(async () => {
    t = await createTestApp();
    sam = await createUserWithKey(t, 'sam', ['scientist']);
    ivy = await createUserWithKey(t, 'ivy', ['instrument']);
    web = new WebClient(t);
    await web.signIn('sam', sam.password);
  });
  afterAll(() => t?.close());

  const count = () => t.dataSource.getRepository(Material).count();

  /** Posts the form of `kind` (from its page, with its CSRF token); returns the response. */
  async function register(kind: string, fields: Record<string, string>, parentId?: string) {
    const query = `kind=${kind}${parentId ? `&parentId=${parentId}` : ''}`;
    const page = await web.get(`/ui/materials/new?${query}`);
    expect(page.status).toBe(200);
    return web.post('/ui/materials', { _csrf: csrfOf(page.text), kind, ...fields });
  }

  const idOf = (location: string) => /^\/ui\/materials\/([0-9a-f-]{36})\?done=/.exec(location)![1];

  it('the materials list links to the form, which offers each kind', async () => {
    const list = await web.get('/ui/materials');
    expect(list.text).toContain('href="/ui/materials/new"');
    const page = await web.get('/ui/materials/new');
    expect(page.status).toBe(200);
    for (const kind of [
      'cell-line',
      'cryo-stock',
      'donor',
      'fecal-sample',
      'fecal-aliquot',
      'bacterial-culture',
    ]) {
      expect(page.text).toContain(`href="/ui/materials/new?kind=${kind}"`);
    }
    const form = await web.get('/ui/materials/new?kind=cell-line');
    expect(form.text).toContain('<label for="name">Name</label>');
    expect(form.text).toContain('<label for="passageNumber">Passage number</label>');
  });

  it('registers a parental line, then derives a population from its page', async () => {
    const res = await register('cell-line', {
      name: 'HIG-82 web',
      passageNumber: '4',
      species: 'Oryctolagus cuniculus',
      tissue: 'synovium',
      location: 'LN2 rack 2',
    });
    expect(res.status).toBe(303);
    const lineId = idOf(res.headers.location as string);
    const line = (await api(t, sam).get(`/materials/${lineId}`).expect(200)).body;
    expect(line).toMatchObject({ kind: 'cell-line', name: 'HIG-82 web', parentId: null });
    expect(line.attributes).toMatchObject({ passageNumber: 4, species: 'Oryctolagus cuniculus' });
    const page = await web.get(res.headers.location as string);
    expect(page.text).toContain('The material is registered.');
    const derive = `/ui/materials/new?kind=cell-line&amp;parentId=${lineId}`;
    expect(page.text).toContain(`href="${derive}"`);
    const form = await web.get(derive.replace('&amp;', '&'));
    expect(form.text).toContain(`<option value="${lineId}" selected>`);
    const derived = await register(
      'cell-line',
      { parentId: lineId, name: 'HIG-82 6-TG-R web', passageNumber: '9', selectionAgent: '6-TG' },
      lineId,
    );
    expect(derived.status).toBe(303);
    const popId = idOf(derived.headers.location as string);
    const pop = (await api(t, sam).get(`/materials/${popId}`).expect(200)).body;
    expect(pop).toMatchObject({ parentId: lineId, name: 'HIG-82 6-TG-R web' });
    expect(pop.attributes).toMatchObject({ selectionAgent: '6-TG', passageNumber: 9 });
  });

  it('registers the donor → fecal sample → aliquots chain', async () => {
    const donorRes = await register('donor', {
      code: 'RA-W001',
      condition: 'RA',
      responderStatus: 'non-responder',
      samplingTimepoint: 'pre-azathioprine',
      consentReference: 'ETH-2023-114/C07',
      tgnPmolPer8e8Rbc: '512',
    });
    expect(donorRes.status).toBe(303);
    const donorId = idOf(donorRes.headers.location as string);
    const donor = (await api(t, sam).get(`/materials/${donorId}`).expect(200)).body;
    expect(donor).toMatchObject({ kind: 'donor', name: 'RA-W001' });
    expect(donor.attributes).toMatchObject({ responderStatus: 'non-responder' });
    expect(donor.drugLevelFlags.tgn).toMatchObject({ value: 512 });
    const donorPage = await web.get(`/ui/materials/${donorId}`);
    expect(donorPage.text).toContain('Add a fecal sample');
    const sampleRes = await register(
      'fecal-sample',
      {
        parentId: donorId,
        collectedAt: '2026-11-30T08:15Z',
        location: '-80 freezer B',
        frozen: 'true',
        massGrams: '2.5',
      },
      donorId,
    );
    expect(sampleRes.status).toBe(303);
    const sampleId = idOf(sampleRes.headers.location as string);
    const sample = (await api(t, sam).get(`/materials/${sampleId}`).expect(200)).body;
    expect(sample).toMatchObject({ kind: 'fecal-sample', parentId: donorId, frozen: true });
    const samplePage = await web.get(`/ui/materials/${sampleId}`);
    expect(samplePage.text).toContain('Split into aliquots');
    const aliquots = await register(
      'fecal-aliquot',
      { parentId: sampleId, count: '3', volumeMicrolitres: '200', frozen: 'true' },
      sampleId,
    );
    expect(aliquots.status).toBe(303);
    expect(aliquots.headers.location).toBe(`/ui/materials/${sampleId}?done=aliquoted`);
    const children = (
      await api(t, sam).get(`/materials?parentId=${sampleId}&kind=fecal-aliquot`).expect(200)
    ).body;
    expect(children.total).toBe(3);
    expect(children.items[0].attributes).toMatchObject({ volumeMicrolitres: 200 });
  });

  it('freezes a cryo-stock of a line and starts a bacterial culture from an aliquot', async () => {
    const find = async (kind: string) =>
      (await api(t, sam).get(`/materials?kind=${kind}`).expect(200)).body.items[0] as {
        id: string;
      };
    const line = await find('cell-line');
    const linePage = await web.get(`/ui/materials/${line.id}`);
    expect(linePage.text).toContain('Freeze a cryo-stock');
    const stock = await register(
      'cryo-stock',
      { parentId: line.id, location: 'LN2 rack 4', passageAtFreezing: '10', vialCount: '6' },
      line.id,
    );
    expect(stock.status).toBe(303);
    const stockId = idOf(stock.headers.location as string);
    const stored = (await api(t, sam).get(`/materials/${stockId}`).expect(200)).body;
    expect(stored).toMatchObject({ kind: 'cryo-stock', parentId: line.id });
    expect(stored.attributes).toMatchObject({ passageAtFreezing: 10, vialCount: 6 });
    const aliquot = await find('fecal-aliquot');
    expect((await web.get(`/ui/materials/${aliquot.id}`)).text).toContain(
      'Start a bacterial culture',
    );
    const culture = await register(
      'bacterial-culture',
      {
        parentId: aliquot.id,
        name: 'RA-W001 mGAM',
        medium: 'mGAM',
        atmosphere: 'N2/CO2/H2 85/10/5',
        treatment: 'live',
        temperatureCelsius: '37',
      },
      aliquot.id,
    );
    expect(culture.status).toBe(303);
    const cultureId = idOf(culture.headers.location as string);
    const c = (await api(t, sam).get(`/materials/${cultureId}`).expect(200)).body;
    expect(c).toMatchObject({
      kind: 'bacterial-culture',
      parentId: aliquot.id,
      name: 'RA-W001 mGAM',
    });
    expect(c.attributes).toMatchObject({ medium: 'mGAM', temperatureCelsius: 37 });
  });

  it('a bad form keeps the input, names each problem at its field and stores nothing', async () => {
    const before = await count();
    const res = await register('cell-line', {
      name: '',
      passageNumber: 'four',
      species: 'Oryctolagus cuniculus',
    });
    expect(res.status).toBe(400);
    expect(await count()).toBe(before);
    for (const id of ['name', 'passageNumber']) {
      expect(res.text).toMatch(new RegExp(`id="${id}"[^>]*aria-describedby="${id}-error"`));
      expect(res.text).toContain(`<p id="${id}-error" class="field-error">`);
    }
    expect(res.text).toContain('value="four"');
    expect(res.text).toContain('value="Oryctolagus cuniculus"');
    // The aliquots' own count field, and the service's refusal of a wrong parent kind.
    const donor = (await api(t, sam).get('/materials?kind=donor').expect(200)).body.items[0];
    const wrong = await register('fecal-aliquot', {
      parentId: donor.id,
      count: '0',
      volumeMicrolitres: '200',
    });
    expect(wrong.status).toBe(400);
    expect(wrong.text).toContain('<p id="count-error" class="field-error">');
    const wrongParent = await register('fecal-aliquot', {
      parentId: donor.id,
      count: '2',
      volumeMicrolitres: '200',
    });
    expect(wrongParent.status).toBeGreaterThanOrEqual(400);
    expect(wrongParent.text).toContain('<p id="parentId-error" class="field-error">');
    expect(await count()).toBe(before);
  });

  it('refuses personal data on a donor, naming the field without echoing the value', async () => {
    const before = await count();
    const res = await register('donor', {
      code: 'RA-W002',
      condition: 'RA',
      responderStatus: 'responder',
      samplingTimepoint: 'pre-azathioprine',
      consentReference: 'ETH-2023-114/C08',
      notes: 'contact jane.doe@example.org',
    });
    expect(res.status).toBe(400);
    expect(res.text).toContain('donors are recorded by pseudonymous code only');
    expect(res.text).toContain('<p id="notes-error" class="field-error">');
    expect(res.text).not.toContain('jane.doe');
    expect(res.text).toContain('value="RA-W002"');
    expect(await count()).toBe(before);
  });

  it('refuses a form without the session’s CSRF token', async () => {
    const before = await count();
    const res = await web.post('/ui/materials', {
      kind: 'cell-line',
      name: 'No token',
      passageNumber: '1',
      species: 'Homo sapiens',
    });
    expect(res.status).toBe(403);
    expect(res.text).toContain('CSRF_REFUSED');
    expect(await count()).toBe(before);
  });

  it('an instrument session is refused the form and its post, and sees no link to it', async () => {
    const ivyWeb = new WebClient(t);
    await ivyWeb.signIn('ivy', ivy.password);
    const page = await ivyWeb.get('/ui/materials/new?kind=cell-line');
    expect(page.status).toBe(403);
    expect(page.text).not.toContain('href="/ui/materials/new');
    expect((await ivyWeb.get('/ui/materials')).status).toBe(403);
    const before = await count();
    const res = await ivyWeb.post('/ui/materials', {
      _csrf: csrfOf(page.text),
      kind: 'cell-line',
      name: 'Instrument line',
      passageNumber: '1',
      species: 'Homo sapiens',
    });
    expect(res.status).toBe(403);
    expect(res.text).toContain('FORBIDDEN_ROLE');
    expect(await count()).toBe(before);
  });
});
