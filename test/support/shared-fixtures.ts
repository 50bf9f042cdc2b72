import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * The reference fixtures live in ../shared/fixtures beside the checkout and are never copied
 * into the repository (several are public datasets). When that folder is absent, as in a
 * clone outside this workspace, the suites that need it skip with a printed notice.
 */
export const SHARED_FIXTURES_DIR = resolve(
  process.env.THIOLAB_SHARED_FIXTURES ?? join(__dirname, '..', '..', '..', 'shared', 'fixtures'),
);

export const sharedFixturesPresent = existsSync(SHARED_FIXTURES_DIR);

/** Absolute path of a file under ../shared/fixtures. */
export function fixturePath(...parts: string[]): string {
  return join(SHARED_FIXTURES_DIR, ...parts);
}

export function readFixtureText(...parts: string[]): string {
  return readFileSync(fixturePath(...parts), 'utf8');
}

export function readFixtureJson<T = any>(...parts: string[]): T {
  return JSON.parse(readFixtureText(...parts)) as T;
}

/**
 * `describe` when ../shared/fixtures exists; otherwise `describe.skip`, with a notice printed
 * once per suite so that a skipped reference check is never silent.
 */
export function describeWithFixtures(name: string, fn: () => void): void {
  if (sharedFixturesPresent) {
    describe(name, fn);
  } else {
    console.warn(`[fixtures] ${SHARED_FIXTURES_DIR} is absent: skipping "${name}"`);
    describe.skip(name, fn);
  }
}
