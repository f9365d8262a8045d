/** @type {import('jest').Config} */
module.exports = {
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
