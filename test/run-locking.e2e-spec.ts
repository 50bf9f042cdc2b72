// Locked means locked (issue 13, item 2): once a run is approved, nothing about its data
// changes except through an approved amendment. No new plates on it, no readings (instrument
// feed or upload, dry run included), no exclusions, refits, QC overrides, passages or
// deviations: each answers 409 RUN_LOCKED naming the run, and nothing is stored.
import {
  api,
  cellLines,
  completeAndSubmit,
  importedPlate,
  sign,
  startedRun,
  type User,
} from './support/plate-assays';
import { createDerivedPopulation, createParentalLine } from './support/runs-fixtures';
import { syntheticPlateMap, syntheticReading } from './support/synthetic-mtt';
import { createTestApp, createUserWithKey, type TestApp } from './support/test-app';

type Body = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('an approved run is locked', () => {
  let t: TestApp;
  let sam: User; // scientist, operator
  let mia: User; // manager, approver
  let reader: User; // instrument
  let parental: string;
  let resistant: string;
  let runId: string;
  let readPlate: string;
  let plannedPlate: string;
  let layoutId: string;

  const expectLocked = (res: { status: number; body: Body }) => {
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('RUN_LOCKED');
    expect(res.body.detail).toContain(runId);
    expect(res.body.runId).toBe(runId);
    expect(res.body.errors[0]).toMatchObject({ code: 'RUN_LOCKED' });
    expect(res.body.errors[0].message).toMatch(/amendment/);
  };
  const count = async (table: string): Promise<number> =>
    Number((await t.dataSource.query(`SELECT COUNT(*) AS n FROM ${table}`))[0].n);

  beforeAll(async () => {
    t = await createTestApp();
    sam = await createUserWithKey(t, 'sam', ['scientist']);
    mia = await createUserWithKey(t, 'mia', ['manager']);
    reader = await createUserWithKey(t, 'reader', ['instrument']);
    const instrument = (
      await api(t, mia).post('/instruments', { name: 'Reader 1', model: 'Synergy H1' }).expect(201)
    ).body as Body;
    const keys = (await api(t, reader).get('/api-keys').expect(200)).body.items as Body[];
    await api(t, mia)
      .post(`/instruments/${instrument.id}/api-keys`, { apiKeyId: keys[0].id })
      .expect(200);

    parental = await createParentalLine(t, sam.key, 'HIG-82');
    resistant = await createDerivedPopulation(t, sam.key, parental, 'HIG-82 6-TG-R');
    runId = await startedRun(t, sam, 'mtt-viability', cellLines(parental, resistant));
    ({ plateId: readPlate } = await importedPlate(t, sam, {
      mapCsv: syntheticPlateMap(),
      materials: { parental, resistant },
      reading: syntheticReading(),
      runId,
      barcode: 'LOCK-READ',
    }));
    layoutId = ((await api(t, sam).get(`/plates/${readPlate}`).expect(200)).body as Body).layoutId;
    // Planned on the run while it was in progress, never read.
    plannedPlate = (
      (await api(t, sam).post('/plates', { barcode: 'LOCK-PLANNED', layoutId, runId }).expect(201))
        .body as Body
    ).id;
    await completeAndSubmit(t, sam, runId);
    await api(t, mia).post(`/runs/${runId}/approve`, sign()).expect(200);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('takes no new plate', async () => {
    const before = await count('plates');
    expectLocked(await api(t, sam).post('/plates', { barcode: 'LOCK-NEW', layoutId, runId }));
    expect(await count('plates')).toBe(before);
  });

  it('takes no reading: not uploaded, not fed by an instrument, not even as a dry run', async () => {
    const readings = await count('plate_readings');
    const audit = await count('audit_events');
    expectLocked(
      await api(t, sam).postText(`/plates/${plannedPlate}/readings`, syntheticReading(1)),
    );
    expectLocked(
      await api(t, reader).postText(`/instrument-feeds?plate=LOCK-PLANNED`, syntheticReading(2)),
    );
    expectLocked(
      await api(t, reader).postText(
        `/instrument-feeds?plate=LOCK-PLANNED&dryRun=true`,
        syntheticReading(3),
      ),
    );
    // A plate already read takes no second reading either.
    expectLocked(await api(t, sam).postText(`/plates/${readPlate}/readings`, syntheticReading(4)));
    expect(await count('plate_readings')).toBe(readings);
    expect(await count('audit_events')).toBe(audit);
    const planned = (await api(t, sam).get(`/plates/${plannedPlate}`).expect(200)).body as Body;
    expect(planned).toMatchObject({ status: 'planned', readings: [] });
  });

  it('takes no exclusion and no refit; its fits stay as approved', async () => {
    const fits = (await api(t, sam).get(`/plates/${readPlate}/fits?all=true`).expect(200)).body
      .items;
    expectLocked(
      await api(t, sam).post(`/plates/${readPlate}/exclusions`, {
        wells: ['A4'],
        reason: 'a bubble seen on the photo',
      }),
    );
    expectLocked(await api(t, sam).post(`/plates/${readPlate}/refit`, { reason: 'try LL.3' }));
    expectLocked(
      await api(t, mia).post(`/plates/${readPlate}/refit`, { reason: 'try LL.3', model: 'LL3' }),
    );
    expect(
      (await api(t, sam).get(`/plates/${readPlate}/fits?all=true`).expect(200)).body.items,
    ).toEqual(fits);
  });

  it('takes no QC override', async () => {
    const before = (await api(t, mia).get(`/plates/${readPlate}/qc`).expect(200)).body
      .items as Body[];
    expectLocked(
      await api(t, mia).post(`/plates/${readPlate}/qc-override`, {
        reason: 'override after approval',
        password: mia.password,
      }),
    );
    expect((await api(t, mia).get(`/plates/${readPlate}/qc`).expect(200)).body.items).toEqual(
      before,
    );
  });

  it('takes no deviation', async () => {
    expectLocked(
      await api(t, sam).post(`/runs/${runId}/deviations`, {
        description: 'incubator door left open',
        reason: 'found in the log after approval',
        severity: 'minor',
      }),
    );
  });
});
