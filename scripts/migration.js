#!/usr/bin/env node
// Applies or reverts migrations with the TypeORM CLI: npm run migration:run | migration:revert.
// The engine follows DATABASE_URL (unset: SQLite at SQLITE_PATH). Generating new migrations is
// scripts/generate-migration.ts (npm run migration:generate -- Name), for both engines at once.
const { spawnSync } = require('node:child_process');
const { join } = require('node:path');

const [command] = process.argv.slice(2);
const cli = require.resolve('typeorm/cli-ts-node-commonjs.js');
const dataSource = join(__dirname, '..', 'src', 'config', 'data-source.ts');
const args = {
  run: ['migration:run', '-d', dataSource],
  revert: ['migration:revert', '-d', dataSource],
}[command];
if (!args) {
  process.stderr.write('usage: node scripts/migration.js run | revert\n');
  process.exit(2);
}
const result = spawnSync(process.execPath, [cli, ...args], {
  stdio: 'inherit',
  cwd: join(__dirname, '..'),
});
process.exit(result.status ?? 1);
