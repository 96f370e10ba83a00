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
  // Setting up an e2e file (clone a database, boot the API, hash demo passwords) can pass 5 s
  // on a loaded 2-core machine; a real hang still fails, just later. Top level on purpose: Jest 30
  // reads testTimeout from the global configuration only and ignores it inside a project.
  testTimeout: 30_000,
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
