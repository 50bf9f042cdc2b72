// The web UI's "Record a culture or control" (issue 19): a co-culture run's page links the form;
// it records a culture on the run's fecal aliquot and an abiotic control through
// CocultureRecordsService.createCulture (POST /coculture-cultures' DTO and rules); a bad form is
// refused on the page with its problems and stores nothing; CSRF and roles as the API's.
import { CocultureCulture } from '../src/assays/coculture/coculture-culture.entity';
import { api } from './support/plate-assays';
import {
  bootLcmsWorld,
  cocultureRun,
  donorWithAliquot,
  type LcmsWorld,
} from './support/lcms-world';
import { createUserWithKey } from './support/test-app';
import { csrfOf, WebClient } from './support/web-client';

describe('web UI: record a co-culture', () => {
  let w: LcmsWorld;
  let runId: string;
  let aliquotId: string;
  let donorId: string;
  let web: WebClient;
  const form = () => `/ui/assays/coculture/new-culture/${runId}`;

  beforeAll(async () => {
    w = await bootLcmsWorld();
    ({ donorId, aliquotId } = await donorWithAliquot(w, 'RA-C001', 'responder'));
    runId = await cocultureRun(w, [donorId], [aliquotId]);
    web = new WebClient(w.t);
    await web.signIn('sam', w.sam.password);
  }, 60_000);
  afterAll(() => w?.t.close());

  const cultures = () => w.t.dataSource.getRepository(CocultureCulture).count();

  it('the run page links the form, which offers the run’s aliquots', async () => {
    const run = await web.get(`/ui/runs/${runId}`);
    expect(run.text).toContain(`href="${form()}"`);
    const page = await web.get(form());
    expect(page.status).toBe(200);
    expect(page.text).toContain('<label for="record-culture-name">Name</label>');
    expect(page.text).toContain(`<option value="${aliquotId}">`);
  });

  it('records an abiotic control and a culture compared with it', async () => {
    const page = await web.get(form());
    const abiotic = await web.post(`${form()}/record-culture`, {
      _csrf: csrfOf(page.text),
      name: 'Abiotic AZA',
      condition: 'abiotic',
      aliquotId: '',
      drugStartConcentration: '40',
    });
    expect(abiotic.status).toBe(303);
    const abioticId = /culture\/([0-9a-f-]{36})/.exec(abiotic.headers.location as string)![1];
    const again = await web.get(form());
    expect(again.text).toContain(`<option value="${abioticId}">Abiotic AZA</option>`);
    const res = await web.post(`${form()}/record-culture`, {
      _csrf: csrfOf(again.text),
      name: 'RA-C001 AZA',
      condition: 'culture',
      aliquotId,
      abioticControlId: abioticId,
      temperatureCelsius: '36.5',
    });
    expect(res.status).toBe(303);
    const id = /culture\/([0-9a-f-]{36})/.exec(res.headers.location as string)![1];
    const list = (await api(w.t, w.sam).get(`/coculture-cultures?runId=${runId}`).expect(200)).body
      .items as {
      id: string;
      condition: string;
      donorId: string | null;
      abioticControlId: string | null;
      temperatureCelsius: number;
      drugStartConcentration: number | null;
    }[];
    expect(list.find((c) => c.id === abioticId)).toMatchObject({
      condition: 'abiotic',
      donorId: null,
      drugStartConcentration: 40,
    });
    expect(list.find((c) => c.id === id)).toMatchObject({
      condition: 'culture',
      donorId,
      abioticControlId: abioticId,
      temperatureCelsius: 36.5,
    });
    const shown = await web.get(res.headers.location as string);
    expect(shown.text).toContain('Culture RA-C001 AZA (culture) recorded.');
  });

  it('a bad form is refused on the page with its problems, kept, and stores nothing', async () => {
    const page = await web.get(form());
    const before = await cultures();
    const res = await web.post(`${form()}/record-culture`, {
      _csrf: csrfOf(page.text),
      name: 'No inoculum',
      condition: 'culture',
      aliquotId: '',
      temperatureCelsius: 'warm',
    });
    expect(res.status).toBe(400);
    expect(res.text).toContain('role="alert"');
    // The problem is beside its input, tied to it.
    expect(res.text).toMatch(
      /id="record-culture-temperatureCelsius"[^>]*aria-describedby="record-culture-temperatureCelsius-hint record-culture-temperatureCelsius-error" aria-invalid="true"/,
    );
    expect(res.text).toContain(
      '<p id="record-culture-temperatureCelsius-error" class="field-error"><span>temperatureCelsius must',
    );
    expect(res.text).toContain('value="No inoculum"');
    const missing = await web.post(`${form()}/record-culture`, {
      _csrf: csrfOf(page.text),
      name: 'No inoculum',
      condition: 'culture',
      aliquotId: '',
    });
    expect(missing.status).toBe(400);
    expect(missing.text).toContain('aliquotId: give the fecal aliquot');
    expect(missing.text).toMatch(
      /<p id="record-culture-aliquotId-error" class="field-error"><span>give the fecal aliquot/,
    );
    expect(await cultures()).toBe(before);
  });

  it('refuses a form without the CSRF token; an instrument is refused the page and the post', async () => {
    const before = await cultures();
    const noToken = await web.post(`${form()}/record-culture`, {
      name: 'No token',
      condition: 'abiotic',
    });
    expect(noToken.status).toBe(403);
    expect(noToken.text).toContain('CSRF_REFUSED');
    const ivy = await createUserWithKey(w.t, 'ivy', ['instrument']);
    const ivyWeb = new WebClient(w.t);
    await ivyWeb.signIn('ivy', ivy.password);
    const page = await ivyWeb.get(form());
    expect(page.status).toBe(403);
    expect(page.text).not.toContain('Record the culture');
    const res = await ivyWeb.post(`${form()}/record-culture`, {
      _csrf: csrfOf(page.text),
      name: 'Instrument culture',
      condition: 'abiotic',
    });
    expect(res.status).toBe(403);
    expect(res.text).toContain('FORBIDDEN_ROLE');
    expect(await cultures()).toBe(before);
  });
});
