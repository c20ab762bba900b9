// Two projects: fast pure/unit tests, and the end-to-end suite that runs the
// bundled dist/ against the emulator, the real Docker engine and registry.
const tsJest = ['ts-jest', { useESM: true, tsconfig: 'tsconfig.test.json', isolatedModules: true }]
const common = {
  preset: 'ts-jest/presets/default-esm',
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: { '^.+\\.ts$': tsJest }
}
export default {
  testTimeout: 120000,
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/__tests__/unit/**/*.test.ts'] },
    { ...common, displayName: 'e2e', testMatch: ['<rootDir>/__tests__/e2e/**/*.test.ts'] }
  ]
}
