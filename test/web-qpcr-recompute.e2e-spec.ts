// The web UI's qPCR recompute (issue 19): the current analysis's page offers "Recompute", which
// goes through QpcrAnalysesService.recompute (POST /runs/:id/qpcr-analyses' service): a new
// analysis, the previous one kept as superseded. CSRF, roles and the run's data lock as the API's.
import { QpcrAnalysis } from '../src/assays/qpcr/qpcr-analysis.entity';
import { api } from './support/plate-assays';
import { bootQpcrWebWorld, importSyntheticQpcr, type QpcrWebWorld } from './support/qpcr-world';
import { createUserWithKey } from './support/test-app';
import { csrfOf, WebClient } from './support/web-client';

describe('web UI: recompute a qPCR analysis', () => {
  let w: QpcrWebWorld;
  let runId: string;
  let analysisId: string;
  let scientist: WebClient;

  beforeAll(async () => {
    w = await bootQpcrWebWorld();
    ({ runId, samWeb: scientist } = w);
    analysisId = await importSyntheticQpcr(w, runId);
  }, 60_000);
  afterAll(() => w?.t.close());

  const analyses = () => w.t.dataSource.getRepository(QpcrAnalysis).count();
  const pageOf = (id: string) => `/ui/assays/qpcr/analysis/${id}`;

  it('the current analysis offers Recompute; a post without the CSRF token changes nothing', async () => {
    const page = await scientist.get(pageOf(analysisId));
    expect(page.status).toBe(200);
    expect(page.text).toContain(`action="${pageOf(analysisId)}/recompute"`);
    expect(page.text).toContain('Recompute the analysis');
    const before = await analyses();
    const res = await scientist.post(`${pageOf(analysisId)}/recompute`, {});
    expect(res.status).toBe(403);
    expect(res.text).toContain('CSRF_REFUSED');
    expect(await analyses()).toBe(before);
  });

  it('an instrument session is refused the page and the recompute', async () => {
    const ivy = await createUserWithKey(w.t, 'ivy', ['instrument']);
    const web = new WebClient(w.t);
    await web.signIn('ivy', ivy.password);
    const page = await web.get(pageOf(analysisId));
    expect(page.status).toBe(403);
    expect(page.text).not.toContain('Recompute the analysis');
    const before = await analyses();
    const res = await web.post(`${pageOf(analysisId)}/recompute`, { _csrf: csrfOf(page.text) });
    expect(res.status).toBe(403);
    expect(res.text).toContain('FORBIDDEN_ROLE');
    expect(await analyses()).toBe(before);
  });

  it('recomputes through the service: a new current analysis, the previous one superseded', async () => {
    const page = await scientist.get(pageOf(analysisId));
    const before = await analyses();
    const res = await scientist.post(`${pageOf(analysisId)}/recompute`, {
      _csrf: csrfOf(page.text),
    });
    expect(res.status).toBe(303);
    const m = /^\/ui\/assays\/qpcr\/analysis\/([0-9a-f-]{36})\?done=/.exec(
      res.headers.location as string,
    );
    expect(m).not.toBeNull();
    const next = m![1];
    expect(next).not.toBe(analysisId);
    expect(await analyses()).toBe(before + 1);
    const list = (await api(w.t, w.sam).get(`/runs/${runId}/qpcr-analyses`).expect(200)).body;
    const current = (list.items as { analysisId: string; current: boolean }[]).filter(
      (a) => a.current,
    );
    expect(current.map((a) => a.analysisId)).toEqual([next]);
    const old = (await api(w.t, w.sam).get(`/qpcr-analyses/${analysisId}`).expect(200)).body;
    expect(old.current).toBe(false);
    const shown = await scientist.get(res.headers.location as string);
    expect(shown.text).toContain('The analysis was recomputed');
    // The superseded analysis offers no recompute.
    expect((await scientist.get(pageOf(analysisId))).text).not.toContain('Recompute the analysis');
    analysisId = next;
  });

  it('a cancelled run’s analysis offers none, and a post anyway is refused on the page', async () => {
    const page = await scientist.get(pageOf(analysisId));
    await api(w.t, w.sam).post(`/runs/${runId}/cancel`, { reason: 'wrong primers' }).expect(200);
    expect((await scientist.get(pageOf(analysisId))).text).not.toContain('Recompute the analysis');
    const before = await analyses();
    const res = await scientist.post(`${pageOf(analysisId)}/recompute`, {
      _csrf: csrfOf(page.text),
    });
    expect(res.status).toBe(409);
    expect(res.text).toContain('role="alert"');
    expect(res.text).toContain('cannot recompute the qPCR analysis');
    expect(await analyses()).toBe(before);
  });
});
