const { availableParallelism } = require('node:os');

/** @type {import('jest').Config} */
module.exports = {
  // Most suites wait on promtool, Prometheus or Alertmanager rather than compute: one worker more than the cores
  // keeps both cores busy (on the 2-core CI machine the suite took 4m50s with jest's default of one worker, 3m11s
  // with three).
  maxWorkers: availableParallelism() + 1,
  testSequencer: '<rootDir>/test/support/slow-first-sequencer.js',
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022' } }] },
  moduleNameMapper: {
    '^sre-constructs$': '<rootDir>/lib/index.ts',
    '^sre-constructs/(cdk8s|pulumi)$': '<rootDir>/lib/$1/index.ts',
    // nodenext wants `.js` on relative dynamic imports; the sources are .ts.
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  testTimeout: 60000,
};
