/** A complete Config for preview and GitHub tests; override what a test is about. */
import type { Config } from '../../../src/inputs/config.js'
import { previewTargetGroupName } from '../../../src/preview/names.js'

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
    images: [],
    taskDefinition: { kind: 'service' },
    containerNames: [],
    environmentVariables: [],
    render: { secrets: [], logOptions: [], dockerLabels: [] },
    deploy: { service: {}, keepNullValueKeys: [] },
    warnings: [],
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

/** The identity previewConfig() gives, and the tags and names that follow from it. */
export const IDENTITY = { baseService: 'web', id: '12', repository: 'octo/app', cluster: 'prod' }

/** This run's preview tags (for another pull request with `id`). */
export function ourTags(id = '12'): Record<string, string> {
  return { 'preview-of': 'web', 'pull-request': id, repository: 'octo/app', cluster: 'prod' }
}

export function ourEcsTags(id = '12'): Array<{ key: string; value: string }> {
  return Object.entries(ourTags(id)).map(([key, value]) => ({ key, value }))
}

/** The preview's target group name: `web-pr-<id>-<hash>`. */
export function ourTargetGroupName(id = '12'): string {
  return previewTargetGroupName({ ...IDENTITY, id })
}
