// `npm run docs:role-matrix`: writes the README's role table from test/support/role-matrix.ts
// (between the role-matrix markers), formatted as prettier formats the rest of the README.
// test/role-matrix.e2e-spec.ts fails when the two differ.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as prettier from 'prettier';
import { roleMatrixMarkdown } from '../test/support/role-matrix';

async function main(): Promise<void> {
  const path = join(__dirname, '..', 'README.md');
  const readme = readFileSync(path, 'utf8');
  const start = '<!-- role-matrix:start -->';
  const end = '<!-- role-matrix:end -->';
  const from = readme.indexOf(start);
  const to = readme.indexOf(end);
  if (from < 0 || to < from) throw new Error(`README.md needs the markers ${start} and ${end}`);
  const next =
    readme.slice(0, from + start.length) +
    '\n\n' +
    roleMatrixMarkdown() +
    '\n\n' +
    readme.slice(to);
  const options = (await prettier.resolveConfig(path)) ?? {};
  writeFileSync(path, await prettier.format(next, { ...options, filepath: path }));
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
