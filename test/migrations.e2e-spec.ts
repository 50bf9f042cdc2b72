import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { createTestDatabase, TestDatabase } from './support/test-app';

// Runs on whichever engine the suite targets (DATABASE_URL set: PostgreSQL, else SQLite).
describe('migrations', () => {
  let db: TestDatabase;
  let ds: DataSource;
  const saved = { ...process.env };
  let derivedValues: typeof import('../src/assays/viability/analysis-derived-values.entity');

  beforeAll(async () => {
    db = await createTestDatabase();
    delete process.env.DATABASE_URL;
    Object.assign(process.env, db.env);
    // Entities read the engine at import time, so load them after the env is set.
    const { databaseOptions } = await import('../src/config/database.config');
    derivedValues = await import('../src/assays/viability/analysis-derived-values.entity');
    const { validateEnv } = await import('../src/config/env.validation');
    ds = new DataSource(databaseOptions(validateEnv(process.env)));
    await ds.initialize();
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
        : await ds.query(
            `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`,
          );
    return rows.map((r) => r.name).sort();
  };

  it('run from an empty database', async () => {
    expect(await tables()).toEqual([]);
    const ran = await ds.runMigrations({ transaction: 'each' });
    expect(ran.length).toBe(ds.migrations.length);
    expect(await tables()).toEqual(
      expect.arrayContaining(['users', 'api_keys', 'audit_events', 'schema_migrations']),
    );
  });

  it('leave no drift between the entities and the schema (migration:generate --check)', async () => {
    const sql = await ds.driver.createSchemaBuilder().log();
    expect(sql.upQueries.map((q) => q.query)).toEqual([]);
  });

  it('go down all the way, and up again', async () => {
    for (let i = 0; i < ds.migrations.length; i++)
      await ds.undoLastMigration({ transaction: 'each' });
    expect(await tables()).toEqual(['schema_migrations']);
    await ds.runMigrations({ transaction: 'each' });
    const sql = await ds.driver.createSchemaBuilder().log();
    expect(sql.upQueries).toEqual([]);
  });

  /** Undoes the newest migrations, down to and including the one whose name starts so. */
  const undoThrough = async (name: string): Promise<void> => {
    const index = ds.migrations.findIndex((m) => m.name?.startsWith(name));
    expect(index).toBeGreaterThanOrEqual(0);
    for (let i = ds.migrations.length - 1; i >= index; i--)
      await ds.undoLastMigration({ transaction: 'each' });
  };

  it('DerivedValuesPerAnalysis carries per-well derived values into one row per analysis, and back', async () => {
    await undoThrough('DerivedValuesPerAnalysis');
    expect(await tables()).toContain('derived_well_values');
    expect(await tables()).not.toContain('analysis_derived_values');
    // Ids are literals (no placeholders): the same SQL runs on both engines.
    const [analysis, plate, reading] = ['an-1', 'plate-1', 'reading-1'];
    await ds.query(
      `INSERT INTO plate_qc_results (id, plate_id, reading_id, status, trigger, low_control,
         z_prime_min, passes, by_line, high_cv_groups, normalisation, flags, excluded_wells,
         qc_method, qc_method_version, qc_options, qc_input_hash, normalisation_method,
         normalisation_method_version, normalisation_input_hash)
       VALUES ('${analysis}', '${plate}', '${reading}', 'current', 'import', 'positive', 0.5,
         true, '[]', '[]', '{}', '[]', '[]', 'qc', '1.0.0', '{}', 'h', 'norm', '1.0.0', 'h')`,
    );
    // Stored out of layout order (A10 before A2), with a null reference and viability.
    await ds.query(
      `INSERT INTO derived_well_values (id, analysis_id, plate_id, well, measurement_reading_id,
         reference_reading_id, signal_au, blank_corrected_au, viability_pct, negative_signal)
       VALUES ('d-1', '${analysis}', '${plate}', 'B1', 'r-b1', 'f-b1', 0.04, 0, null, false),
              ('d-2', '${analysis}', '${plate}', 'A10', 'r-a10', null, 0.1367, -0.0012, -0.75, true),
              ('d-3', '${analysis}', '${plate}', 'A2', 'r-a2', 'f-a2', 0.9, 0.86, 18.32857142857143, false)`,
    );
    await ds.runMigrations({ transaction: 'each' });
    expect(await tables()).not.toContain('derived_well_values');
    // The later migrations ran too: the values end in the columnar form of today.
    const rows: {
      analysis_id: string;
      plate_id: string;
      reading_id: string;
      derived_values: string;
    }[] = await ds.query(
      `SELECT analysis_id, plate_id, reading_id, derived_values FROM analysis_derived_values`,
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ analysis_id: analysis, plate_id: plate, reading_id: reading });
    const wells = [
      {
        well: 'A2',
        measurementReadingId: 'r-a2',
        referenceReadingId: 'f-a2',
        signalAu: 0.9,
        blankCorrectedAu: 0.86,
        viabilityPct: 18.32857142857143,
        negativeSignal: false,
      },
      {
        well: 'A10',
        measurementReadingId: 'r-a10',
        referenceReadingId: null,
        signalAu: 0.1367,
        blankCorrectedAu: -0.0012,
        viabilityPct: -0.75,
        negativeSignal: true,
      },
      {
        well: 'B1',
        measurementReadingId: 'r-b1',
        referenceReadingId: 'f-b1',
        signalAu: 0.04,
        blankCorrectedAu: 0,
        viabilityPct: null,
        negativeSignal: false,
      },
    ];
    expect(derivedValues.fromStoredDerivedValues(JSON.parse(rows[0].derived_values))).toEqual(
      wells,
    );

    // Down restores one row per well (with new ids), then up again.
    await undoThrough('DerivedValuesPerAnalysis');
    const back: Record<string, unknown>[] = await ds.query(
      `SELECT well, measurement_reading_id, reference_reading_id, signal_au, blank_corrected_au,
              viability_pct, negative_signal
         FROM derived_well_values WHERE analysis_id = '${analysis}'`,
    );
    const sorted = back
      .map((r) => ({
        well: r.well,
        measurementReadingId: r.measurement_reading_id,
        referenceReadingId: r.reference_reading_id,
        signalAu: Number(r.signal_au),
        blankCorrectedAu: Number(r.blank_corrected_au),
        viabilityPct: r.viability_pct === null ? null : Number(r.viability_pct),
        negativeSignal: Boolean(r.negative_signal),
      }))
      .sort(
        (x, y) =>
          wells.findIndex((w) => w.well === x.well) - wells.findIndex((w) => w.well === y.well),
      );
    expect(sorted).toEqual(wells);
    await ds.runMigrations({ transaction: 'each' });
    expect((await ds.driver.createSchemaBuilder().log()).upQueries).toEqual([]);
  });
  it('PlateReadingValues carries per-value rows into one row per reading, and back', async () => {
    await undoThrough('PlateReadingValues');
    expect(await tables()).toContain('well_readings');
    expect(await tables()).not.toContain('plate_reading_values');
    // Ids are literals (no placeholders): the same SQL runs on both engines.
    await ds.query(
      `INSERT INTO plate_layouts (id, name, plate_size, created_by_id)
       VALUES ('layout-rv', 'map', 96, 'user-rv')`,
    );
    await ds.query(
      `INSERT INTO plates (id, plate_size, layout_id, status, created_by_id)
       VALUES ('plate-rv', 96, 'layout-rv', 'read', 'user-rv')`,
    );
    await ds.query(
      `INSERT INTO plate_readings (id, plate_id, format, content_hash, metadata, received_at,
         uploaded_by_id, value_count)
       VALUES ('reading-rv', 'plate-rv', 'grid', 'h', '{}', '2026-11-23T00:00:00.000Z',
         'user-rv', 4)`,
    );
    // Stored out of order, with a value that needs 17 digits and a raw text unlike its number.
    await ds.query(
      `INSERT INTO well_readings (id, reading_id, well, row_index, column_index, wavelength_nm,
         value, raw, source_line)
       VALUES ('u-b1-570', 'reading-rv', 'B1', 1, 0, 570, 0.30000000000000004,
                 '0.30000000000000004', 14),
              ('u-a2-650', 'reading-rv', 'A2', 0, 1, 650, 0.05, '0.0500', 20),
              ('u-a10-570', 'reading-rv', 'A10', 0, 9, 570, -0.0012, '-1.2E-3', 13),
              ('u-a2-570', 'reading-rv', 'A2', 0, 1, 570, 1.25, '1.25', 13)`,
    );
    await ds.runMigrations({ transaction: 'each' });
    expect(await tables()).not.toContain('well_readings');
    const rows: { reading_id: string; raw_values: string }[] = await ds.query(
      `SELECT reading_id, raw_values FROM plate_reading_values`,
    );
    expect(rows).toHaveLength(1);
    expect(rows[0].reading_id).toBe('reading-rv');
    // By wavelength, then row-major: A2, A10, B1 at 570 nm, then A2 at 650 nm.
    expect(JSON.parse(rows[0].raw_values)).toEqual({
      ids: ['u-a2-570', 'u-a10-570', 'u-b1-570', 'u-a2-650'],
      wells: ['A2', 'A10', 'B1', 'A2'],
      rows: [0, 0, 1, 0],
      columns: [1, 9, 0, 1],
      wavelengthsNm: [570, 570, 570, 650],
      values: [1.25, -0.0012, 0.30000000000000004, 0.05],
      raw: ['1.25', '-1.2E-3', '0.30000000000000004', '0.0500'],
      lines: [13, 13, 14, 20],
    });

    // Down restores one row per value, ids and all, then up again.
    await undoThrough('PlateReadingValues');
    const back: Record<string, unknown>[] = await ds.query(
      `SELECT id, reading_id, well, row_index, column_index, wavelength_nm, value, raw, source_line
         FROM well_readings ORDER BY id`,
    );
    expect(
      back.map((r) => ({
        ...r,
        row_index: Number(r.row_index),
        column_index: Number(r.column_index),
        wavelength_nm: Number(r.wavelength_nm),
        value: Number(r.value),
        source_line: Number(r.source_line),
      })),
    ).toEqual([
      {
        id: 'u-a10-570',
        reading_id: 'reading-rv',
        well: 'A10',
        row_index: 0,
        column_index: 9,
        wavelength_nm: 570,
        value: -0.0012,
        raw: '-1.2E-3',
        source_line: 13,
      },
      {
        id: 'u-a2-570',
        reading_id: 'reading-rv',
        well: 'A2',
        row_index: 0,
        column_index: 1,
        wavelength_nm: 570,
        value: 1.25,
        raw: '1.25',
        source_line: 13,
      },
      {
        id: 'u-a2-650',
        reading_id: 'reading-rv',
        well: 'A2',
        row_index: 0,
        column_index: 1,
        wavelength_nm: 650,
        value: 0.05,
        raw: '0.0500',
        source_line: 20,
      },
      {
        id: 'u-b1-570',
        reading_id: 'reading-rv',
        well: 'B1',
        row_index: 1,
        column_index: 0,
        wavelength_nm: 570,
        value: 0.30000000000000004,
        raw: '0.30000000000000004',
        source_line: 14,
      },
    ]);
    await ds.runMigrations({ transaction: 'each' });
    expect((await ds.driver.createSchemaBuilder().log()).upQueries).toEqual([]);
  });
  it('DerivedValuesColumnar turns one object per well into one array per member, and back', async () => {
    await undoThrough('DerivedValuesColumnar');
    // Out of row-major order (A10 before A2, as the layout had it), with a null reference and
    // viability, a 17-digit number, an exponent, and an analysis that derived nothing.
    const wells = [
      {
        well: 'A10',
        measurementReadingId: 'A10@570',
        referenceReadingId: null,
        signalAu: 0.30000000000000004,
        blankCorrectedAu: -0.0012,
        viabilityPct: null,
        negativeSignal: true,
      },
      {
        well: 'A2',
        measurementReadingId: '0f0e3a52-6c1d-7000-8000-000000000001',
        referenceReadingId: 'A2@650',
        signalAu: 1e-7,
        blankCorrectedAu: 0.86,
        viabilityPct: 18.32857142857143,
        negativeSignal: false,
      },
    ];
    const before = JSON.stringify(wells);
    await ds.query(
      `INSERT INTO analysis_derived_values (analysis_id, plate_id, reading_id, wells)
       VALUES ('an-c1', 'plate-c', 'reading-c', '${before}'), ('an-c2', 'plate-c', 'reading-c', '[]')`,
    );
    await ds.runMigrations({ transaction: 'each' });
    const rows: { analysis_id: string; derived_values: string }[] = await ds.query(
      `SELECT analysis_id, derived_values FROM analysis_derived_values
        WHERE analysis_id IN ('an-c1', 'an-c2') ORDER BY analysis_id`,
    );
    expect(rows.map((r) => [r.analysis_id, JSON.parse(r.derived_values)])).toEqual([
      [
        'an-c1',
        {
          wells: ['A10', 'A2'],
          measurementReadingIds: ['A10@570', '0f0e3a52-6c1d-7000-8000-000000000001'],
          referenceReadingIds: [null, 'A2@650'],
          signalAu: [0.30000000000000004, 1e-7],
          blankCorrectedAu: [-0.0012, 0.86],
          viabilityPct: [null, 18.32857142857143],
          negativeSignal: [true, false],
        },
      ],
      [
        'an-c2',
        {
          wells: [],
          measurementReadingIds: [],
          referenceReadingIds: [],
          signalAu: [],
          blankCorrectedAu: [],
          viabilityPct: [],
          negativeSignal: [],
        },
      ],
    ]);
    // The entity reads the converted rows as the application writes them.
    const entity = await ds.manager.findOneByOrFail(derivedValues.AnalysisDerivedValues, {
      analysisId: 'an-c1',
    });
    expect(derivedValues.fromStoredDerivedValues(entity.values)).toEqual(wells);

    // Down restores one object per well, then up again.
    await undoThrough('DerivedValuesColumnar');
    const back: { analysis_id: string; wells: string }[] = await ds.query(
      `SELECT analysis_id, wells FROM analysis_derived_values
        WHERE analysis_id IN ('an-c1', 'an-c2') ORDER BY analysis_id`,
    );
    expect(back.map((r) => [r.analysis_id, JSON.parse(r.wells)])).toEqual([
      ['an-c1', wells],
      ['an-c2', []],
    ]);
    await ds.runMigrations({ transaction: 'each' });
    expect((await ds.driver.createSchemaBuilder().log()).upQueries).toEqual([]);
  });
});
