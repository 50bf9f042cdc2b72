// The LC-MS/MS approval gate, wired through provideAssay: a run whose batch has no imported
// peak areas, or whose calibration failed ICH M10, cannot be approved; an accepted batch can.
import { api, completeAndSubmit, sign } from './support/plate-assays';
import {
  bootLcmsWorld,
  donorWithAliquot,
  injectionsFromLong,
  lcmsRun,
  type LcmsWorld,
} from './support/lcms-world';
import { describeWithFixtures, readFixtureText } from './support/shared-fixtures';

/** An injection list (long-CSV columns) for a batch that is never imported. */
const NOT_IMPORTED_LIST = [
  'sample,type,analyte,nominal,area,is_area',
  ...[1, 2, 5, 10, 50, 100].map((n, i) => `CAL-${i + 1},calibrator,azathioprine,${n},,`),
  'BLANK-1,blank,azathioprine,,,',
  'QC-L-1,qc,azathioprine,3,,',
  'QC-H-1,qc,azathioprine,80,,',
].join('\n');

describe('LC-MS/MS approval gate', () => {
  let w: LcmsWorld;
  let aliquotId: string;

  beforeAll(async () => {
    w = await bootLcmsWorld();
    ({ aliquotId } = await donorWithAliquot(w, 'RA-G01', 'responder'));
  });
  afterAll(() => w.t.close());

  async function batchOnNewRun(name: string, csv?: string): Promise<string> {
    const runId = await lcmsRun(w, aliquotId, {
      analytes: ['azathioprine'],
      concentrationUnit: 'ng/mL',
    });
    const a = api(w.t, w.sam);
    const injections = injectionsFromLong(csv ?? NOT_IMPORTED_LIST);
    const batch = await a
      .post('/lcms-batches', {
        runId,
        name,
        instrument: 'QTRAP 6500+',
        internalStandard: 'AZA-d3',
        analytes: ['azathioprine'],
        injections,
      })
      .expect(201);
    if (csv) {
      const res = await a.postText(`/lcms-batches/${batch.body.id}/imports?filename=b.csv`, csv);
      if (res.status !== 201) throw new Error(`${res.status} ${JSON.stringify(res.body)}`);
    }
    await completeAndSubmit(w.t, w.sam, runId);
    return runId;
  }

  it('refuses to approve a run whose batch has no imported peak areas, naming the batch', async () => {
    const runId = await batchOnNewRun('never imported');
    const refused = await api(w.t, w.mia).post(`/runs/${runId}/approve`, sign()).expect(409);
    expect(refused.body.code).toBe('LCMS_BATCH_NOT_ACCEPTED');
    expect(refused.body.errors).toEqual([
      expect.objectContaining({
        code: 'BATCH_NOT_IMPORTED',
        message: expect.stringMatching(/never imported/),
      }),
    ]);
    const run = await api(w.t, w.mia).get(`/runs/${runId}`).expect(200);
    expect(run.body.status).toBe('in_review');
  });

  describeWithFixtures('with the reference batches (../shared/fixtures/lcms)', () => {
    it('refuses a rejected calibration (ICH M10), naming the failed rule', async () => {
      const runId = await batchOnNewRun(
        'rejected',
        readFixtureText('lcms', 'calibration-reject', 'batch_long.csv'),
      );
      const refused = await api(w.t, w.mia).post(`/runs/${runId}/approve`, sign()).expect(409);
      expect(refused.body.code).toBe('LCMS_BATCH_NOT_ACCEPTED');
      expect(refused.body.errors[0]).toMatchObject({ code: 'BATCH_REJECTED' });
      expect(refused.body.errors[0].message).toMatch(
        /rejected, azathioprine|azathioprine: rejected/,
      );
    });

    it('approves a run whose calibration is accepted', async () => {
      const runId = await batchOnNewRun(
        'accepted',
        readFixtureText('lcms', 'calibration-accept', 'batch_long.csv'),
      );
      const ok = await api(w.t, w.mia).post(`/runs/${runId}/approve`, sign()).expect(200);
      expect(ok.body.status).toBe('approved');
    });
  });
});
