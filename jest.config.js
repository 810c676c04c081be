// The SDK warns on Node 20 that its releases after January 2027 will need Node 22: the project pins
// its SDK version and ships on node24, so 26 copies of that notice in a test run say nothing new.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

/** @type {import('jest').Config} */
export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.test.json' }],
  },
  testMatch: ['<rootDir>/test/**/*.test.ts'],
  // Integration tests start moto_server and run the bundle as child processes.
  testTimeout: 120000,
  maxWorkers: 2,
};
