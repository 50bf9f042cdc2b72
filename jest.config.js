/**
 * Three projects: fast unit tests beside the code (`unit`), services against a real temporary
 * database without HTTP (`medium`, test/medium/), and the HTTP API end to end (`e2e`). `.ci/run`
 * runs all three on SQLite, then medium and e2e on PostgreSQL (`npm run test:e2e`).
 */
// isolatedModules (tsconfig) makes ts-jest transpile only; `npm run typecheck` checks types.
const tsJest = ['ts-jest', { tsconfig: 'tsconfig.json' }];
module.exports = {
  // e2e suites boot the app and hash passwords with scrypt; on a loaded 2-core machine that is slow.
  // Booting an app on a fresh PostgreSQL database took over 60 s when other jobs loaded both cores.
  testTimeout: 180000,
  reporters: ['default', '<rootDir>/test/support/skipped-fixtures-reporter.js'],
  projects: [
    {
      displayName: 'unit',
      testEnvironment: 'node',
      rootDir: '.',
      testMatch: ['<rootDir>/src/**/*.spec.ts'],
      transform: { '^.+\\.ts$': tsJest },
    },
    {
      displayName: 'medium',
      testEnvironment: 'node',
      rootDir: '.',
      testMatch: ['<rootDir>/test/medium/**/*.medium-spec.ts'],
      transform: { '^.+\\.ts$': tsJest },
    },
    {
      displayName: 'e2e',
      testEnvironment: 'node',
      rootDir: '.',
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
      transform: { '^.+\\.ts$': tsJest },
    },
  ],
};
