// The data migration BackfillRecordContributions: runs and protocol versions already in progress
// when separation of duties was installed get their contributions from the audit trail, on both
// engines, so the rule holds for them too.
import { RecordContribution } from '../src/common/duties/record-contribution.entity';
import { BackfillRecordContributions1796546000001 as ForPostgres } from '../migrations/postgres/1796546000001-BackfillRecordContributions';
import { BackfillRecordContributions1796546000000 as ForSqlite } from '../migrations/sqlite/1796546000000-BackfillRecordContributions';
import { cellLines, importedPlate, api as plateApi } from './support/plate-assays';
import { bootRunsWorld, runsApi, RunsWorld, User } from './support/runs-world';
import { syntheticPlateMap, syntheticReading } from './support/synthetic-mtt';
import type { TestApp } from './support/test-app';

type Body = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('backfilling record_contributions from the audit trail', () => {
  let w: RunsWorld;
  let t: TestApp;
  let sam: User;
  let mia: User;
  let max: User;
  const { api, sign, newRun, walk } = runsApi(() => w);

  const actionsOf = async (entity: string, id: string, userId: string) =>
    (
      await t.dataSource.getRepository(RecordContribution).find({
        where: { entity, entityId: id, userId },
        order: { at: 'ASC' },
      })
    ).map((c) => `${c.action}${c.detail ? `: ${c.detail}` : ''}`);

  beforeAll(async () => {
    w = await bootRunsWorld();
    ({ t, sam, mia, max } = w);
  });
  afterAll(() => t.close());

  it('restores every kind of disqualifying action, and the refusal with it', async () => {
    // Mia creates the run naming Sam; Sam starts it and reads a plate; Mia excludes wells and
    // logs a deviation; Sam completes and submits.
    let run = await newRun(mia, {
      operatorId: sam.id,
      protocolVersionId: w.mttVersion,
      materials: cellLines(w.parental, w.derived),
    });
    run = await walk(run, [[sam, 'start']]);
    const { plateId } = await importedPlate(t, sam, {
      mapCsv: syntheticPlateMap(),
      materials: { parental: w.parental, resistant: w.derived },
      reading: syntheticReading(31),
      runId: run.id,
      barcode: 'BACKFILL-1',
    });
    await plateApi(t, mia)
      .post(`/plates/${plateId}/exclusions`, { wells: ['A4'], reason: 'a bubble in the well' })
      .expect(201);
    await api(mia)
      .post(`/runs/${run.id}/deviations`, {
        description: 'incubator door left open',
        reason: 'seen in the morning',
        severity: 'minor',
      })
      .expect(201);
    run = await walk(run, [
      [sam, 'complete'],
      [sam, 'submit'],
    ]);
    const mtt = (await api(sam).get(`/protocol-versions/${w.mttVersion}`).expect(200)).body as Body;
    const definition = structuredClone(mtt.definition) as Body;
    definition.key = 'mtt-backfill';
    delete definition.version;
    const versionId = ((await api(max).post('/protocols', definition).expect(201)).body as Body)
      .versions[0].id as string;
    await api(max).post(`/protocol-versions/${versionId}/submit`).expect(200);

    const expected = {
      mia: await actionsOf('run', run.id, mia.id),
      sam: await actionsOf('run', run.id, sam.id),
      max: await actionsOf('protocol_version', versionId, max.id),
    };
    expect(expected.mia).toEqual(['created', 'recorded-data: excluded wells on plate BACKFILL-1']);
    expect(expected.sam).toEqual([
      'started',
      'recorded-data: planned plate BACKFILL-1',
      'completed',
      'submitted',
    ]);
    expect(expected.max).toEqual(['authored', 'submitted']);

    // As if installed on a database from before contributions were kept.
    await t.dataSource.getRepository(RecordContribution).clear();
    const runner = t.dataSource.createQueryRunner();
    try {
      await new (t.engine === 'postgres' ? ForPostgres : ForSqlite)().up(runner);
    } finally {
      await runner.release();
    }
    expect(await actionsOf('run', run.id, mia.id)).toEqual(expected.mia);
    expect(await actionsOf('run', run.id, sam.id)).toEqual(expected.sam);
    expect(await actionsOf('protocol_version', versionId, max.id)).toEqual(expected.max);

    const refused = await api(mia).post(`/runs/${run.id}/approve`, sign());
    expect(refused.status).toBe(403);
    expect(refused.body.detail).toMatch(/you created this run on/);
    await api(max).post(`/runs/${run.id}/approve`, sign()).expect(200);
  });
});
