/**
 * qPCR runs: the MIQE record (the protocol decides which fields are required; submitting lists
 * the missing ones), the name map (materials of the run, genes of the panel), RUN_LOCKED,
 * separation of duties and audit.
 */
import { api, bootQpcrWorld, fullMiqe, qpcrRun, sign, type QpcrWorld } from './support/qpcr-world';

describe('qPCR MIQE metadata and names', () => {
  let w: QpcrWorld;
  beforeAll(async () => {
    w = await bootQpcrWorld();
  });
  afterAll(async () => {
    await w.t.close();
  });

  const panel = ['GAPDH', 'ACTB', 'B2M', 'ABCC1', 'ABCG2', 'ABCC4', 'ABCC5'];

  it('an empty record lists every required field; submission refuses and names them', async () => {
    const runId = await qpcrRun(w);
    const a = api(w.t, w.sam);
    const miqe = await a.get(`/runs/${runId}/qpcr-miqe`).expect(200);
    expect(miqe.body.required).toEqual([
      'instrument',
      'chemistry',
      'primers',
      'amplicon',
      'rnaQuality',
      'rtKit',
      'efficiencySource',
    ]);
    const fields = (miqe.body.missing as { field: string }[]).map((f) => f.field);
    expect(fields).toEqual(
      expect.arrayContaining([
        'instrument',
        'rtKit',
        'primers.ABCC1',
        'amplicon.B2M',
        'rnaQuality',
      ]),
    );
    await a.post(`/runs/${runId}/complete`, {}).expect(200);
    const refused = await a.post(`/runs/${runId}/submit`, {}).expect(422);
    expect(refused.body.code).toBe('MIQE_INCOMPLETE');
    expect(refused.body.detail).toMatch(/instrument/);
    expect(refused.body.errors.map((e: { field: string }) => e.field)).toEqual(fields);
  });

  it('a complete record lets the run be submitted; RNA quality is needed per mapped sample', async () => {
    const runId = await qpcrRun(w);
    const a = api(w.t, w.sam);
    await a
      .put(`/runs/${runId}/qpcr-names`, {
        samples: [
          { name: 'P1', materialId: w.parental },
          { name: 'R1', materialId: w.resistant },
        ],
        targets: [{ name: 'MRP1', gene: 'ABCC1' }],
      })
      .expect(200)
      .expect((r) => {
        expect(r.body.samples).toEqual([
          { name: 'P1', materialId: w.parental, group: 'parental' },
          { name: 'R1', materialId: w.resistant, group: 'resistant' },
        ]);
        expect(r.body.genes).toEqual(panel);
      });
    const partial = await a.put(`/runs/${runId}/qpcr-miqe`, fullMiqe(panel, ['P1'])).expect(200);
    expect(partial.body.missing).toEqual([
      { field: 'rnaQuality.R1', message: 'sample R1: record the RIN and A260/280' },
    ]);
    const full = await a.put(`/runs/${runId}/qpcr-miqe`, fullMiqe(panel, ['P1', 'R1'])).expect(200);
    expect(full.body.missing).toEqual([]);
    const trail = await api(w.t, w.mia).get(`/audit?entity=qpcr-run&entityId=${runId}`).expect(200);
    expect((trail.body as { action: string }[]).map((e: { action: string }) => e.action)).toEqual([
      'map-names',
      'record-miqe',
      'update-miqe',
    ]);
    await a.post(`/runs/${runId}/complete`, {}).expect(200);
    await a.post(`/runs/${runId}/submit`, {}).expect(200);

    // The operator recorded the data: she cannot approve; another manager can, then it locks.
    await api(w.t, w.mia).post(`/runs/${runId}/approve`, sign()).expect(200);
    const locked = await a.put(`/runs/${runId}/qpcr-miqe`, fullMiqe(panel, [])).expect(409);
    expect(locked.body.code).toBe('RUN_LOCKED');
    const namesLocked = await a.put(`/runs/${runId}/qpcr-names`, { samples: [] }).expect(409);
    expect(namesLocked.body.code).toBe('RUN_LOCKED');
  });

  it('the protocol decides: a run requiring only the instrument submits with it alone', async () => {
    const runId = await qpcrRun(w, { miqeRequiredFields: ['instrument'] });
    const a = api(w.t, w.sam);
    expect((await a.get(`/runs/${runId}/qpcr-miqe`).expect(200)).body.missing).toEqual([
      { field: 'instrument', message: 'record the qPCR instrument (make and model)' },
    ]);
    await a.put(`/runs/${runId}/qpcr-miqe`, { instrument: 'CFX96' }).expect(200);
    await a.post(`/runs/${runId}/complete`, {}).expect(200);
    await a.post(`/runs/${runId}/submit`, {}).expect(200);
  });

  it('a manager who recorded MIQE data cannot approve the run', async () => {
    const runId = await qpcrRun(w, { miqeRequiredFields: ['instrument'] });
    await api(w.t, w.mia).put(`/runs/${runId}/qpcr-miqe`, { instrument: 'CFX96' }).expect(200);
    const a = api(w.t, w.sam);
    await a.post(`/runs/${runId}/complete`, {}).expect(200);
    await a.post(`/runs/${runId}/submit`, {}).expect(200);
    const refused = await api(w.t, w.mia).post(`/runs/${runId}/approve`, sign()).expect(403);
    expect(refused.body.code).toBe('SELF_APPROVAL_FORBIDDEN');
  });

  it('refuses materials outside the run, genes outside the panel, and other protocols', async () => {
    const runId = await qpcrRun(w, {}, [w.parental]);
    const a = api(w.t, w.sam);
    const bad = await a
      .put(`/runs/${runId}/qpcr-names`, {
        samples: [{ name: 'R1', materialId: w.resistant }],
        targets: [{ name: 'MDR1', gene: 'ABCB1' }],
      })
      .expect(400);
    expect(bad.body.errors.map((e: { code: string }) => e.code)).toEqual([
      'NOT_A_RUN_MATERIAL',
      'UNKNOWN_GENE',
    ]);
    const badPrimer = await a
      .put(`/runs/${runId}/qpcr-miqe`, { primers: [{ gene: 'ABCB1' }] })
      .expect(400);
    expect(badPrimer.body.errors[0]).toMatchObject({
      field: 'primers[0].gene',
      code: 'UNKNOWN_GENE',
    });

    const audit = await api(w.t, w.mia).get(`/audit?entity=qpcr-run&entityId=${runId}`).expect(200);
    expect(audit.body).toEqual([]);
  });
});
