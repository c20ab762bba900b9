/** A complete Config for preview and GitHub tests; override what a test is about. */
import type { Config } from '../../../src/inputs/config.js'

export function previewConfig(overrides: Partial<Config> = {}): Config {
  return {
    region: 'us-east-1',
    image: {
      kind: 'build',
      repository: 'web',
      createRepository: false,
      tags: ['pr-12-3f2a9c1'],
      context: '.',
      dockerfile: 'Dockerfile',
      buildArgs: [],
      skipIfExists: true
    },
    taskDefinition: { kind: 'service' },
    environmentVariables: [],
    cluster: 'prod',
    service: 'web',
    forceNewDeployment: false,
    waitForServiceStability: true,
    waitTimeoutMs: 30 * 60_000,
    rollbackOnFailure: true,
    waitForRollback: false,
    dryRun: false,
    preview: {
      mode: 'deploy',
      id: '12',
      pullRequest: 12,
      hostTemplate: 'pr-{id}.preview.example.com'
    },
    environment: 'pr-12',
    github: {
      token: 'ghs_write',
      repository: 'octo/app',
      apiUrl: 'http://127.0.0.1:9',
      serverUrl: 'https://github.com',
      eventName: 'pull_request',
      sha: 'e'.repeat(40),
      ref: 'refs/pull/12/merge',
      runId: '4242'
    },
    tempDir: '/tmp',
    ...overrides
  }
}
