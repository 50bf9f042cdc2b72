// A Jest reporter: one line saying how many suites and tests were skipped because
// ../shared/fixtures is absent (describeWithFixtures in shared-fixtures.ts registers one
// placeholder test per suite; itWithFixtures a skipped test whose title ends with the marker).
// Plain JavaScript because Jest loads reporters without the TypeScript transform.
const MARKER = 'needs ../shared/fixtures (absent here)';

class SkippedFixturesReporter {
  onRunComplete(_contexts, results) {
    let groups = 0;
    let files = 0;
    for (const file of results.testResults) {
      const n = file.testResults.filter(
        (t) => t.title.endsWith(MARKER) && t.status === 'pending',
      ).length;
      groups += n;
      if (n > 0) files++;
    }
    if (groups > 0) {
      process.stdout.write(
        `\n${groups} suites or tests in ${files} files skipped: they check against the reference ` +
          'fixtures in ../shared/fixtures, which is absent here (CI has it; see README, "Tests").\n',
      );
    }
  }
}

module.exports = SkippedFixturesReporter;
