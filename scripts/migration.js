#!/usr/bin/env node
// Wraps the TypeORM CLI for this project's per-engine migration folders.
//   npm run migration:generate -- Name     (writes migrations/<engine>/<timestamp>-Name.ts)
//   npm run migration:run | migration:revert
// The engine follows DATABASE_URL (unset: SQLite at SQLITE_PATH). Generate against an empty,
// fully migrated database of each engine, read the result, then add it to that folder's index.ts.
const { spawnSync } = require('node:child_process');
const { join } = require('node:path');

const [command, name] = process.argv.slice(2);
const engine = process.env.DATABASE_URL ? 'postgres' : 'sqlite';
const cli = require.resolve('typeorm/cli-ts-node-commonjs.js');
const dataSource = join(__dirname, '..', 'src', 'config', 'data-source.ts');
const args = {
  generate: ['migration:generate', '-d', dataSource, join('migrations', engine, name ?? 'Change')],
  run: ['migration:run', '-d', dataSource],
  revert: ['migration:revert', '-d', dataSource],
}[command];
if (!args) {
  process.stderr.write('usage: node scripts/migration.js generate <Name> | run | revert\n');
  process.exit(2);
}
const result = spawnSync(process.execPath, [cli, ...args], {
  stdio: 'inherit',
  cwd: join(__dirname, '..'),
});
process.exit(result.status ?? 1);
