// Generates one migration per engine from the difference between the entities and a fresh
// database migrated to the current head:
//   npm run migration:generate -- <Name> [--replace]
// --replace first removes an existing migration called <Name> (only for one that has not been
// merged yet: merged migrations are never edited). Read the generated files before committing.
// PostgreSQL needs THIOLAB_ADMIN_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test).
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(__dirname, '..');
type Engine = 'sqlite' | 'postgres';

function usage(): never {
  process.stderr.write('usage: npm run migration:generate -- <PascalCaseName> [--replace]\n');
  process.exit(2);
}

function pascal(name: string): string {
  if (!/^[A-Z][A-Za-z0-9]*$/.test(name)) usage();
  return name;
}

function removeExisting(engine: Engine, name: string): void {
  const dir = join(root, 'migrations', engine);
  for (const file of readdirSync(dir).filter((f) => f.endsWith(`-${name}.ts`))) {
    unlinkSync(join(dir, file));
  }
}

function quote(sql: string): string {
  return '`' + sql.replace(/\\/g, '\\\\').replace(/`/g, '\\`').replace(/\$\{/g, '\\${') + '`';
}

/** Child mode: migrate a fresh database of one engine, diff it, write the file. */
async function child(engine: Engine, name: string): Promise<void> {
  // Loaded here, after the parent set DATABASE_URL: entities read the engine at import time.
  await import('reflect-metadata');
  const { DataSource } = await import('typeorm');
  const { databaseOptions } = await import('../src/config/database.config');
  const ds = new DataSource(
    databaseOptions({
      DATABASE_URL: process.env.DATABASE_URL,
      SQLITE_PATH: process.env.SQLITE_PATH ?? ':memory:',
      SQLITE_BUSY_TIMEOUT_MS: 5000,
      PG_LOCK_TIMEOUT_MS: 0,
      PG_IDLE_IN_TRANSACTION_TIMEOUT_MS: 0,
    }),
  );
  await ds.initialize();
  await ds.runMigrations({ transaction: 'each' });
  const sql = await ds.driver.createSchemaBuilder().log();
  await ds.destroy();
  if (sql.upQueries.length === 0) {
    process.stdout.write(`${engine}: no changes, no migration written\n`);
    return;
  }
  const timestamp = Date.now() + (engine === 'postgres' ? 1 : 0);
  const className = `${name}${timestamp}`;
  const stem = `${timestamp}-${name}`;
  const up = sql.upQueries.map((q) => `    await queryRunner.query(${quote(q.query)});`).join('\n');
  const down = sql.downQueries
    .reverse()
    .map((q) => `    await queryRunner.query(${quote(q.query)});`)
    .join('\n');
  const file = `import { MigrationInterface, QueryRunner } from 'typeorm';\n\nexport class ${className} implements MigrationInterface {\n  name = '${className}';\n\n  public async up(queryRunner: QueryRunner): Promise<void> {\n${up}\n  }\n\n  public async down(queryRunner: QueryRunner): Promise<void> {\n${down}\n  }\n}\n`;
  writeFileSync(join(root, 'migrations', engine, `${stem}.ts`), file);
  process.stdout.write(
    `${engine}: wrote migrations/${engine}/${stem}.ts (${sql.upQueries.length} statements)\n`,
  );
}

async function main(): Promise<void> {
  const [mode, ...rest] = process.argv.slice(2);
  if (mode === '--child') return child(rest[0] as Engine, rest[1]);
  // Two developers regenerating at once on one machine would race for the same timestamps.
  if (!process.env.THIOLAB_MIGRATION_LOCKED) {
    const r = spawnSync(
      'flock',
      [
        join(tmpdir(), 'thiolab-migration.lock'),
        process.execPath,
        ...process.execArgv,
        ...process.argv.slice(1),
      ],
      {
        stdio: 'inherit',
        env: { ...process.env, THIOLAB_MIGRATION_LOCKED: '1' },
      },
    );
    process.exit(r.status ?? 1);
  }
  const args = [mode, ...rest].filter((a) => a !== undefined);
  const name = pascal(args.find((a) => !a.startsWith('--')) ?? usage());
  const replace = args.includes('--replace');
  const engines: Engine[] = ['sqlite', 'postgres'];
  for (const engine of engines) {
    const exists = readdirSync(join(root, 'migrations', engine)).some((f) =>
      f.endsWith(`-${name}.ts`),
    );
    if (exists && !replace) {
      process.stderr.write(
        `migrations/${engine} already has ${name}; pass --replace to regenerate an unmerged one\n`,
      );
      process.exit(1);
    }
    if (exists) removeExisting(engine, name);
  }
  const adminUrl =
    process.env.THIOLAB_ADMIN_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const pgName = `thiolab_gen_${randomBytes(4).toString('hex')}`;
  const pgUrl = new URL(adminUrl);
  pgUrl.pathname = `/${pgName}`;
  const psql = (sql: string) => execFileSync('psql', [adminUrl, '-qc', sql], { stdio: 'inherit' });
  const tmp = mkdtempSync(join(tmpdir(), 'thiolab-gen-'));
  try {
    psql(`CREATE DATABASE "${pgName}"`);
    for (const engine of engines) {
      const env: Record<string, string | undefined> = { ...process.env };
      delete env.DATABASE_URL;
      if (engine === 'postgres') env.DATABASE_URL = pgUrl.toString();
      else env.SQLITE_PATH = join(tmp, 'gen.sqlite');
      const r = spawnSync(
        process.execPath,
        [
          require.resolve('ts-node/dist/bin.js'),
          '--transpile-only',
          __filename,
          '--child',
          engine,
          name,
        ],
        {
          env,
          stdio: 'inherit',
          cwd: root,
        },
      );
      if (r.status !== 0) process.exit(r.status ?? 1);
    }
  } finally {
    psql(`DROP DATABASE IF EXISTS "${pgName}" WITH (FORCE)`);
    rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
