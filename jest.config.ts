import type { Config } from 'jest';

// Every test file gets a fresh simulated phone from our own environment (the
// TypeScript source, so tests need no build step for the runtime itself).
const config: Config = {
  testEnvironment: '<rootDir>/jest-environment.ts',
  // Our own suite fails on any rejection nobody handles (a runtime bug would hide behind
  // the phone-like logging); files that run SDK code which leaks rejections by design opt
  // back into 'log' with a docblock.
  testEnvironmentOptions: { mpsim: { unhandledRejections: 'fail' } },
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json', diagnostics: { warnOnly: false } }],
    // framework runtimes (tests/frameworks) ship ES modules: compiled as the devtools compile step does
    '/node_modules/(@tarojs|@dcloudio)/.+\\.js$': '<rootDir>/tests/helpers/esm-transform.js',
  },
  transformIgnorePatterns: ['/node_modules/(?!(@tarojs|@dcloudio)/)'],
  testMatch: ['<rootDir>/tests/**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  // Unpacked outside suites (npm run conformance) are not ours to crawl.
  modulePathIgnorePatterns: ['<rootDir>/.conformance/'],
  moduleFileExtensions: ['ts', 'js', 'json'],
  testTimeout: 30000,
  maxWorkers: 2,
};

export default config;
