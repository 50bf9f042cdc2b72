import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { createTestDatabase, TestDatabase } from './support/test-app';

// Runs on whichever engine the suite targets (DATABASE_URL set: PostgreSQL, else SQLite).
describe('migrations', () => {
  let db: TestDatabase;
  let ds: DataSource;
  const saved = { ...process.env };
  let derivedValues: typeof import('../src/assays/viability/analysis-derived-values.entity');
  let lcmsImport: typeof import('../src/assays/lcms/lcms-import.entity');

  beforeAll(async () => {
    db = await createTestDatabase();
    delete process.env.DATABASE_URL;
    Object.assign(process.env, db.env);
    // Entities read the engine at import time, so load them after the env is set.
    const { databaseOptions } = await import('../src/config/database.config');
    derivedValues = await import('../src/assays/viability/analysis-derived-values.entity');
    lcmsImport = await import('../src/assays/lcms/lcms-import.entity');
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

  it('LcmsPeaksOnImport carries peak-area rows into their import, exactly and in list order, and back', async () => {
    await undoThrough('LcmsPeaksOnImport');
    expect(await tables()).toContain('lcms_peak_areas');
    // Ids are literals (no placeholders): the same SQL runs on both engines.
    await ds.query(
      `INSERT INTO lcms_imports (id, batch_id, content_hash, format, encoding, filename,
         peak_count, "current", created_by_id)
       VALUES ('imp-1', 'batch-p', 'h1', 'long', 'utf-8', 'a.csv', 5, false, 'user-p'),
              ('imp-2', 'batch-p', 'h2', 'wide', null, null, 0, false, 'user-p'),
              ('imp-3', 'batch-p', 'h3', 'masshunter', 'utf-16le', 'b.csv', 1, true, 'user-p')`,
    );
    // Out of order; a 17-digit number, an exponent, a missing area with its mark, an IS area on
    // the analyte's row (long layout), and on line 12 analytes that a locale collation would
    // order otherwise (IS-d3 before azathioprine by code unit, 6-MP before both).
    await ds.query(
      `INSERT INTO lcms_peak_areas (id, batch_id, import_id, injection_id, analyte,
         internal_standard, file_compound, area_raw, area, is_area_raw, is_area,
         retention_time_raw, line)
       VALUES ('p-1', 'batch-p', 'imp-1', 'inj-b', 'azathioprine', false, 'Azathioprine',
                 '0.30000000000000004', 0.30000000000000004, '1.0E6', 1000000, '2.31', 12),
              ('p-2', 'batch-p', 'imp-1', 'inj-a', '6-MP', false, '6-MP', 'N/A', null, null,
                 null, null, 11),
              ('p-3', 'batch-p', 'imp-1', 'inj-b', 'IS-d3', true, 'AZA-d3 (IS)', '1.5E+06',
                 1500000, null, null, '2.30', 12),
              ('p-4', 'batch-p', 'imp-1', 'inj-b', '6-MP', false, '6-MP', '1234.5678',
                 1234.5678, null, null, '', 12),
              ('p-5', 'batch-p', 'imp-1', 'inj-c', '6-MP', false, '6-MP', '-1.2e-3', -0.0012,
                 null, null, null, 13),
              ('p-6', 'batch-p', 'imp-3', 'inj-z', '6-MP', false, '6-MP', '7', 7, null, null,
                 null, 4)`,
    );
    type Peak = import('../src/assays/lcms/lcms-import.entity').LcmsStoredPeak;
    const defaults = {
      internalStandard: false,
      fileCompound: '6-MP',
      isAreaRaw: null,
      isArea: null,
      retentionTimeRaw: null,
    };
    const peak = (p: Omit<Peak, keyof typeof defaults> & Partial<Peak>): Peak => ({
      ...defaults,
      ...p,
    });
    const imp1 = [
      peak({ injectionId: 'inj-a', analyte: '6-MP', areaRaw: 'N/A', area: null, line: 11 }),
      peak({
        injectionId: 'inj-b',
        analyte: '6-MP',
        areaRaw: '1234.5678',
        area: 1234.5678,
        retentionTimeRaw: '',
        line: 12,
      }),
      peak({
        injectionId: 'inj-b',
        analyte: 'IS-d3',
        internalStandard: true,
        fileCompound: 'AZA-d3 (IS)',
        areaRaw: '1.5E+06',
        area: 1500000,
        retentionTimeRaw: '2.30',
        line: 12,
      }),
      peak({
        injectionId: 'inj-b',
        analyte: 'azathioprine',
        fileCompound: 'Azathioprine',
        areaRaw: '0.30000000000000004',
        area: 0.30000000000000004,
        isAreaRaw: '1.0E6',
        isArea: 1000000,
        retentionTimeRaw: '2.31',
        line: 12,
      }),
      peak({ injectionId: 'inj-c', analyte: '6-MP', areaRaw: '-1.2e-3', area: -0.0012, line: 13 }),
    ];
    const imp3 = [peak({ injectionId: 'inj-z', analyte: '6-MP', areaRaw: '7', area: 7, line: 4 })];

    // An orphan row (its import gone) would be lost: the migration refuses and changes nothing.
    await ds.query(
      `INSERT INTO lcms_peak_areas (id, batch_id, import_id, injection_id, analyte,
         internal_standard, file_compound, area_raw, area, line)
       VALUES ('p-orphan', 'batch-p', 'imp-gone', 'inj-a', '6-MP', false, '6-MP', '1', 1, 2)`,
    );
    await expect(ds.runMigrations({ transaction: 'each' })).rejects.toThrow(
      /lcms_peak_areas holds 1 rows of imports that no longer exist/,
    );
    expect(await tables()).toContain('lcms_peak_areas');
    await ds.query(`DELETE FROM lcms_peak_areas WHERE id = 'p-orphan'`);

    await ds.runMigrations({ transaction: 'each' });
    expect(await tables()).not.toContain('lcms_peak_areas');
    const rows: { id: string; peaks: string; peak_count: number }[] = await ds.query(
      `SELECT id, peaks, peak_count FROM lcms_imports WHERE batch_id = 'batch-p' ORDER BY id`,
    );
    expect(rows.map((r) => [r.id, JSON.parse(r.peaks), Number(r.peak_count)])).toEqual([
      ['imp-1', imp1, 5],
      ['imp-2', [], 0],
      ['imp-3', imp3, 1],
    ]);
    // The entity reads the documents as the application writes them, and only when asked.
    const repo = ds.getRepository(lcmsImport.LcmsImport);
    const withPeaks = await repo.findOneOrFail({
      select: { id: true, peaks: true },
      where: { id: 'imp-1' },
    });
    expect(withPeaks.peaks).toEqual(imp1);
    expect((await repo.findOneByOrFail({ id: 'imp-3' })).peaks).toBeUndefined();
    // The application stores new documents as rows (lcms-peaks-codec.ts); they read back the
    // same, and down() restores them too.
    const imp2 = [
      peak({
        injectionId: 'inj-y',
        analyte: 'azathioprine',
        areaRaw: '1.50E+04',
        area: 15000,
        line: 2,
      }),
      peak({
        injectionId: 'inj-y',
        analyte: 'IS',
        internalStandard: true,
        areaRaw: 'N/A',
        area: null,
        line: 3,
      }),
    ];
    await repo.update({ id: 'imp-2' }, { peaks: imp2 });
    const [raw2] = (await ds.query(`SELECT peaks FROM lcms_imports WHERE id = 'imp-2'`)) as {
      peaks: string;
    }[];
    expect(JSON.parse(raw2.peaks)).toMatchObject({ v: 2, injections: ['inj-y'] });
    expect(
      (await repo.findOneOrFail({ select: { id: true, peaks: true }, where: { id: 'imp-2' } }))
        .peaks,
    ).toEqual(imp2);

    // Down restores one row per peak (with new ids), then up again.
    await undoThrough('LcmsPeaksOnImport');
    const back: Record<string, unknown>[] = await ds.query(
      `SELECT import_id, batch_id, injection_id, analyte, internal_standard, file_compound,
              area_raw, area, is_area_raw, is_area, retention_time_raw, line
         FROM lcms_peak_areas WHERE batch_id = 'batch-p'`,
    );
    const num = (v: unknown) => (v === null ? null : Number(v));
    const restored = back
      .map((r) => ({
        importId: r.import_id,
        batchId: r.batch_id,
        ...peak({
          injectionId: r.injection_id as string,
          analyte: r.analyte as string,
          internalStandard: Boolean(r.internal_standard),
          fileCompound: r.file_compound as string,
          areaRaw: r.area_raw as string,
          area: num(r.area),
          isAreaRaw: r.is_area_raw as string | null,
          isArea: num(r.is_area),
          retentionTimeRaw: r.retention_time_raw as string | null,
          line: Number(r.line),
        }),
      }))
      .sort(
        (x, y) =>
          String(x.importId).localeCompare(String(y.importId)) ||
          x.line - y.line ||
          (x.analyte < y.analyte ? -1 : x.analyte > y.analyte ? 1 : 0),
      );
    expect(restored).toEqual([
      ...imp1.map((p) => ({ importId: 'imp-1', batchId: 'batch-p', ...p })),
      ...imp2.map((p) => ({ importId: 'imp-2', batchId: 'batch-p', ...p })),
      ...imp3.map((p) => ({ importId: 'imp-3', batchId: 'batch-p', ...p })),
    ]);
    await ds.runMigrations({ transaction: 'each' });
    expect((await ds.driver.createSchemaBuilder().log()).upQueries).toEqual([]);
  });
});
