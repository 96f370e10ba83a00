import { createDefaultEsmPreset } from 'ts-jest';

// ESM project (see README, Development): ts-jest compiles each file in isolation
// (isolatedModules), the mapper points `#platform/*` and `#domain/*` at the sources
// instead of dist/, and strips the `.js` of relative ESM imports.
const preset = createDefaultEsmPreset({ tsconfig: 'tsconfig.json' });
const moduleNameMapper = {
  '^#platform/(.*)\\.js$': '<rootDir>/libs/platform/src/$1',
  '^#domain/(.*)\\.js$': '<rootDir>/libs/domain/src/$1',
  '^(\\.{1,2}/.*)\\.js$': '$1',
};

export default {
  // Setting up an e2e file (clone a database, boot the API, hash demo passwords) can pass 30 s
  // on a 2-core machine while the other worker drives a browser; a real hang still fails, just
  // later. Top level on purpose: Jest 30 reads testTimeout from the global configuration only.
  testTimeout: 60_000,
  // npm test runs two workers (one per core). Jest's ESM module registry grows with every file a
  // worker runs; in one process the whole suite passed 3.7 GB and died (CI, stop 19). A worker
  // that ends a file above this limit is replaced by a fresh one.
  workerIdleMemoryLimit: '1GB',
  projects: [
    { ...preset, displayName: 'unit', testEnvironment: 'node', moduleNameMapper, testMatch: ['<rootDir>/{apps,libs,test}/**/*.spec.ts'] },
    {
      ...preset,
      displayName: 'e2e',
      testEnvironment: 'node',
      moduleNameMapper,
      testMatch: ['<rootDir>/test/e2e/**/*.e2e-spec.ts'],
      globalSetup: '<rootDir>/test/helpers/global-setup.ts',
      globalTeardown: '<rootDir>/test/helpers/global-teardown.ts',
    },
    {
      // Domain services on a real database, without HTTP (test/helpers/service-env.ts).
      ...preset,
      displayName: 'service',
      testEnvironment: 'node',
      moduleNameMapper,
      testMatch: ['<rootDir>/test/service/**/*.service-spec.ts'],
      globalSetup: '<rootDir>/test/helpers/global-setup.ts',
      globalTeardown: '<rootDir>/test/helpers/global-teardown.ts',
    },
  ],
};
