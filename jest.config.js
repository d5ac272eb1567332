// jest 30 runs our ESM TypeScript through ts-jest; `.js` suffixes of relative imports are stripped so
// the same sources resolve under Node (nodenext) and jest.
const common = {
  preset: 'ts-jest/presets/default-esm',
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1', '^autorenew/nest$': '<rootDir>/nest/src/index.ts' },
  transform: { '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.json' }] },
  testEnvironment: 'node',
};

export default {
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: [
        '<rootDir>/src/**/*.spec.ts',
        '<rootDir>/client/**/*.spec.ts',
        '<rootDir>/nest/**/*.spec.ts',
        '<rootDir>/scripts/**/*.spec.ts',
      ],
    },
    {
      ...common,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
      // Specs that need a networked database (a proxy to cut) belong to the MariaDB run only.
      testPathIgnorePatterns: [
        '/node_modules/',
        // The browser suite needs Chromium and a build: `npm run test:browser`, run by .ci/run.
        ...(process.env.E2E_BROWSER === '1' ? [] : ['browser\\.e2e-spec\\.ts$']),
        ...(process.env.E2E_DB === 'mariadb' ? [] : ['\\.mariadb\\.e2e-spec\\.ts$']),
        // The tabs spec proves the SDK's single flight on a faked timeline paced by real pauses sized for the
        // embedded database; MariaDB's slower round trips stretch a renewal past the lease there. The SDK is
        // the same on either database, so it runs in the SQLite run only.
        ...(process.env.E2E_DB === 'mariadb' ? ['/client-sdk-tabs\\.e2e-spec\\.ts$'] : []),
      ],
      globalSetup: '<rootDir>/test/global-setup.ts',
      // e2e specs boot the app and hash real passwords (argon2, ~15 ms of CPU each): a spec that signs up
      // thirty users needs more than jest's 5 s on a busy 2-core machine without anything being wrong.
      // Tests that wait on purpose (deadlines, outages, renewals) still state their own bound.
      testTimeout: 20_000,
    },
  ],
};
