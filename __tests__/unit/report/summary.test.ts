import { describe, expect, it } from '@jest/globals'
import { buildSummary, type RunReport } from '../../../src/report/summary.js'

const base: RunReport = {
  result: 'deployed',
  message: 'Deployment ecs-svc/1 completed.',
  cluster: 'prod',
  service: 'web',
  image: '127.0.0.1:5055/app@sha256:' + 'a'.repeat(64),
  digest: 'sha256:' + 'a'.repeat(64),
  imageSource: 'built',
  taskDefinitionArn: 'arn:aws:ecs:us-east-1:123456789012:task-definition/web:7',
  deploymentId: 'ecs-svc/1',
  durationMs: 42_000,
  timings: [{ stage: 'Image', ms: 1500 }]
}

describe('buildSummary', () => {
  it('shows image, digest, revision, service, result and duration', () => {
    const md = buildSummary(base)
    expect(md).toContain('| Result | ✅ deployed |')
    expect(md).toContain('`web` (cluster `prod`)')
    expect(md).toContain(`\`sha256:${'a'.repeat(64)}\``)
    expect(md).toContain('| Task definition | `web:7` |')
    expect(md).toContain('| Duration | 42.0s |')
    expect(md).toContain('| Image | 1.5s |')
  })

  it('says which revision runs after a rollback and carries diagnostics', () => {
    const md = buildSummary({
      ...base,
      result: 'failed',
      rolledBack: true,
      runningTaskDefinition: 'arn:aws:ecs:us-east-1:123456789012:task-definition/web:6',
      diagnosticsMarkdown: '### Stopped tasks\n- CannotPullContainerError'
    })
    expect(md).toContain('| Result | ❌ failed |')
    expect(md).toContain('| Rolled back | yes |')
    expect(md).toContain('| Running now | `web:6` |')
    expect(md).toContain('CannotPullContainerError')
  })

  it('says where a blue/green deployment stood when the step ended', () => {
    const md = buildSummary({ ...base, deploymentStage: 'BAKE_TIME' })
    expect(md).toContain('| Service deployment | `BAKE_TIME` |')
    expect(buildSummary(base)).not.toContain('Service deployment')
  })

  it('escapes table cells and includes the diff', () => {
    const md = buildSummary({ ...base, message: 'a|b', service: 'x|y', diff: ['~ image: a -> b'] })
    expect(md).toContain('`x\\|y`')
    expect(md).toContain('```diff\n~ image: a -> b\n```')
  })
})
