/**
 * The migration ConcentrationsInCalibrations on the engine of the run (SQLite, or PostgreSQL when
 * DATABASE_URL names a server), on a database that has lcms_concentrations rows: each row moves
 * into its calibration's `unknowns` document without loss (ids, statuses, every double exactly,
 * the kinetics' order), the table goes, and down() brings the rows back. A row that disagrees with
 * its calibration stops the migration, which then changes nothing.
 */
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { createTestDatabase, type TestDatabase } from '../support/test-app';

describe(`ConcentrationsInCalibrations migration (${process.env.DATABASE_URL ? 'PostgreSQL' : 'SQLite'})`, () => {
  let db: TestDatabase;
  let ds: DataSource;
  const saved = { ...process.env };
  let calibrationEntity: typeof import('../../src/assays/lcms/lcms-calibration.entity');

  beforeAll(async () => {
    db = await createTestDatabase();
    delete process.env.DATABASE_URL;
    Object.assign(process.env, db.env);
    // Entities read the engine at import time, so load them after the env is set.
    const { databaseOptions } = await import('../../src/config/database.config');
    const { validateEnv } = await import('../../src/config/env.validation');
    calibrationEntity = await import('../../src/assays/lcms/lcms-calibration.entity');
    ds = new DataSource(databaseOptions(validateEnv(process.env)));
    await ds.initialize();
    await ds.runMigrations({ transaction: 'each' });
  });
  afterAll(async () => {
    await ds?.destroy();
    await db.drop();
    process.env = saved;
  });

  const tables = async (): Promise<string[]> => {
    const rows: { name: string }[] =
      db.engine === 'postgres'
        ? await ds.query(
            `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public'`,
          )
        : await ds.query(`SELECT name FROM sqlite_master WHERE type = 'table'`);
    return rows.map((r) => r.name);
  };

  const undoThrough = async (name: string): Promise<void> => {
    const index = ds.migrations.findIndex((m) => m.name?.startsWith(name));
    expect(index).toBeGreaterThanOrEqual(0);
    for (let i = ds.migrations.length - 1; i >= index; i--)
      await ds.undoLastMigration({ transaction: 'each' });
  };

  const calibration = (id: string, batch: string, analyte: string, current: boolean, at: string) =>
    `('${id}', '${at}', '${at}', '${batch}', 'import-1', '${analyte}', ${current}, true, '[]', 1.5,
      0, '[]', '[]', '{}', 'lcms-batch-calibration', '1.0.0', '{}', 'h', ${current ? 'null' : `'${at}'`}, 'user-1')`;
  const CALIBRATION_NAMES = `id, created_at, updated_at, batch_id, import_id, analyte, current,
    accepted, failed_rules, slope, intercept, exclusions, flags, result, method, method_version,
    options, input_hash, superseded_at, created_by_id`;
  const CONCENTRATION_NAMES = `id, created_at, updated_at, calibration_id, batch_id, injection_id,
    sample_id, analyte, current, status, concentration, unit, response, task`;

  // Stored out of order (ids k-1 < k-2 < k-3 at one time, k-0 later), with a 17-digit number,
  // an exponent, a null sample, BLQ and ALQ without a number, and a superseded calibration.
  const concentrations = [
    `('k-3', '2026-12-06 11:00:00', '2026-12-06 11:00:00', 'cal-1', 'batch-1', 'inj-a', 'sample-a', 'azathioprine', true, 'quantified', 0.30000000000000004, 'µM', 1e-7, null)`,
    `('k-1', '2026-12-06 11:00:00', '2026-12-06 11:00:00', 'cal-1', 'batch-1', 'inj-c', 'sample-c', 'azathioprine', true, 'ALQ', null, 'µM', 123456.789, 'dilute-and-re-run')`,
    `('k-0', '2026-12-06 11:00:01', '2026-12-06 11:00:01', 'cal-1', 'batch-1', 'inj-d', null, 'azathioprine', true, 'no-peak', null, 'µM', null, null)`,
    `('k-2', '2026-12-06 11:00:00', '2026-12-06 11:00:00', 'cal-1', 'batch-1', 'inj-b', 'sample-b', 'azathioprine', true, 'BLQ', null, 'µM', 0.001, null)`,
    `('k-9', '2026-12-06 10:00:00', '2026-12-06 10:00:00', 'cal-0', 'batch-1', 'inj-a', 'sample-a', 'azathioprine', false, 'quantified', 41.25, 'µM', 2.5, null)`,
  ];
  const documentOfCal1 = [
    {
      id: 'k-1',
      injectionId: 'inj-c',
      sampleId: 'sample-c',
      status: 'ALQ',
      concentration: null,
      response: 123456.789,
      task: 'dilute-and-re-run',
    },
    {
      id: 'k-2',
      injectionId: 'inj-b',
      sampleId: 'sample-b',
      status: 'BLQ',
      concentration: null,
      response: 0.001,
      task: null,
    },
    {
      id: 'k-3',
      injectionId: 'inj-a',
      sampleId: 'sample-a',
      status: 'quantified',
      concentration: 0.30000000000000004,
      response: 1e-7,
      task: null,
    },
    {
      id: 'k-0',
      injectionId: 'inj-d',
      sampleId: null,
      status: 'no-peak',
      concentration: null,
      response: null,
      task: null,
    },
  ];

  // After down and up again: down gives each row its calibration's times (the application wrote a
  // calibration's concentrations in one insert, at one time), so the order is by id.
  const documentOfCal1ById = [...documentOfCal1].sort((a, b) => (a.id < b.id ? -1 : 1));

  const documents = async () =>
    (
      (await ds.query(`SELECT id, unit, unknowns FROM lcms_calibrations ORDER BY id`)) as {
        id: string;
        unit: string;
        unknowns: string;
      }[]
    ).map((r) => [r.id, r.unit, JSON.parse(r.unknowns)]);

  const rowsBack = async () =>
    (
      (await ds.query(
        `SELECT id, calibration_id, batch_id, injection_id, sample_id, analyte, current, status,
                concentration, unit, response, task
           FROM lcms_concentrations ORDER BY id`,
      )) as Record<string, unknown>[]
    ).map((r): Record<string, unknown> => ({
      ...r,
      current: Boolean(r.current),
      concentration: r.concentration === null ? null : Number(r.concentration),
      response: r.response === null ? null : Number(r.response),
    }));

  it('moves each concentration row into its calibration, exactly, and back', async () => {
    await undoThrough('ConcentrationsInCalibrations');
    expect(await tables()).toContain('lcms_concentrations');
    // Ids are literals (no placeholders): the same SQL runs on both engines.
    await ds.query(
      `INSERT INTO lcms_batches (id, run_id, name, analytes, internal_standard,
         concentration_unit, instrument, operator_id, created_by_id)
       VALUES ('batch-1', 'run-1', 'B1', '["azathioprine","6-MP"]', 'IS', 'µM', 'QTRAP', 'user-1', 'user-1')`,
    );
    await ds.query(
      `INSERT INTO lcms_calibrations (${CALIBRATION_NAMES}) VALUES
         ${calibration('cal-0', 'batch-1', 'azathioprine', false, '2026-12-06 10:00:00')},
         ${calibration('cal-1', 'batch-1', 'azathioprine', true, '2026-12-06 11:00:00')},
         ${calibration('cal-2', 'batch-1', '6-MP', true, '2026-12-06 11:00:00')}`,
    );
    await ds.query(
      `INSERT INTO lcms_concentrations (${CONCENTRATION_NAMES}) VALUES ${concentrations.join(', ')}`,
    );
    const before = await rowsBack();

    await ds.runMigrations({ transaction: 'each' });
    expect(await tables()).not.toContain('lcms_concentrations');
    expect(await documents()).toEqual([
      [
        'cal-0',
        'µM',
        [
          {
            id: 'k-9',
            injectionId: 'inj-a',
            sampleId: 'sample-a',
            status: 'quantified',
            concentration: 41.25,
            response: 2.5,
            task: null,
          },
        ],
      ],
      ['cal-1', 'µM', documentOfCal1],
      // No concentrations: none, in the batch's unit.
      ['cal-2', 'µM', []],
    ]);
    // The entity reads the moved document as the application writes it.
    const entity = await ds.manager.findOneOrFail(calibrationEntity.LcmsCalibration, {
      select: { id: true, current: true, unit: true, unknowns: true },
      where: { id: 'cal-1' },
    });
    expect(entity).toMatchObject({ current: true, unit: 'µM', unknowns: documentOfCal1 });
    expect((await ds.driver.createSchemaBuilder().log()).upQueries).toEqual([]);

    // Down restores one row per concentration, ids and numbers and all, then up again.
    await undoThrough('ConcentrationsInCalibrations');
    expect(await rowsBack()).toEqual(before);
    await ds.runMigrations({ transaction: 'each' });
    expect((await documents())[1]).toEqual(['cal-1', 'µM', documentOfCal1ById]);
    expect((await ds.driver.createSchemaBuilder().log()).upQueries).toEqual([]);
  });

  it('refuses a row that disagrees with its calibration, and changes nothing', async () => {
    await undoThrough('ConcentrationsInCalibrations');
    await ds.query(
      `INSERT INTO lcms_concentrations (${CONCENTRATION_NAMES}) VALUES
         ('k-orphan', '2026-12-06 12:00:00', '2026-12-06 12:00:00', 'cal-gone', 'batch-1', 'inj-a',
          'sample-a', 'azathioprine', true, 'quantified', 1, 'µM', 1, null)`,
    );
    await expect(ds.runMigrations({ transaction: 'each' })).rejects.toThrow(
      /lcms_concentrations k-orphan \(calibration cal-gone\): no such calibration/,
    );
    expect(await tables()).toContain('lcms_concentrations');
    expect((await rowsBack()).map((r) => r.id)).toContain('k-orphan');
    await ds.query(`DELETE FROM lcms_concentrations WHERE id = 'k-orphan'`);
    await ds.runMigrations({ transaction: 'each' });
    expect((await documents())[1]).toEqual(['cal-1', 'µM', documentOfCal1ById]);
  });
});
