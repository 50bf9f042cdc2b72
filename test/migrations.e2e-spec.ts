import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { createTestDatabase, TestDatabase } from './support/test-app';

// Runs on whichever engine the suite targets (DATABASE_URL set: PostgreSQL, else SQLite).
describe('migrations', () => {
  let db: TestDatabase;
  let ds: DataSource;
  const saved = { ...process.env };

  beforeAll(async () => {
    db = await createTestDatabase();
    delete process.env.DATABASE_URL;
    Object.assign(process.env, db.env);
    // Entities read the engine at import time, so load them after the env is set.
    const { databaseOptions } = await import('../src/config/database.config');
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
});
