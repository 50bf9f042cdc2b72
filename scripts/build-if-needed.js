#!/usr/bin/env node
// `npm start` runs this first: it compiles the TypeScript when dist/ is missing or older than
// any source, so a fresh clone needs only `npm install && npm start`.
const { execFileSync } = require('node:child_process');
const { existsSync, readdirSync, statSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');
const output = join(root, 'dist', 'src', 'main.js');
// tsc's incremental build leaves unchanged outputs untouched, so freshness is kept in a stamp.
const stamp = join(root, 'dist', '.build-stamp');

function newestMtime(path) {
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

const sources = [
  'src',
  'migrations',
  'seed',
  'tsconfig.json',
  'tsconfig.build.json',
  'package.json',
]
  .map((p) => join(root, p))
  .filter(existsSync);
const stale =
  !existsSync(output) ||
  !existsSync(stamp) ||
  sources.some((p) => newestMtime(p) > statSync(stamp).mtimeMs);

if (stale) {
  process.stdout.write('Building ThioLab (tsc)…\n');
  execFileSync(
    process.execPath,
    [require.resolve('typescript/bin/tsc'), '-p', join(root, 'tsconfig.build.json')],
    {
      stdio: 'inherit',
      cwd: root,
    },
  );
  writeFileSync(stamp, new Date().toISOString());
}
