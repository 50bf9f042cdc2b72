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

/** The title of the one placeholder test a skipped fixture suite registers (the reporter counts it). */
export const FIXTURES_ABSENT_TEST = 'needs ../shared/fixtures (absent here)';

/**
 * `describe` when ../shared/fixtures exists. Otherwise the suite's body is never run (it would
 * read the fixture files while Jest collects tests): one skipped placeholder test stands for it,
 * and `test/support/skipped-fixtures-reporter.js` prints one line with how many suites skipped.
 */
export function describeWithFixtures(name: string, fn: () => void): void {
  if (sharedFixturesPresent) {
    describe(name, fn);
  } else {
    describe.skip(name, () => {
      it(FIXTURES_ABSENT_TEST, () => undefined);
    });
  }
}

/**
 * `it` when ../shared/fixtures exists; otherwise a skipped test whose title ends with
 * {@link FIXTURES_ABSENT_TEST}, so that the reporter counts it with the skipped suites.
 */
export function itWithFixtures(name: string, fn: () => Promise<unknown>, timeout?: number): void {
  if (sharedFixturesPresent) it(name, fn, timeout);
  else it.skip(`${name}: ${FIXTURES_ABSENT_TEST}`, () => undefined);
}
