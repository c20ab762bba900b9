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

  it('says what happens now after a failure: the rollback deployment and a console link', () => {
    const url =
      'https://eu-west-1.console.aws.amazon.com/ecs/v2/clusters/prod/services/web/deployments?region=eu-west-1'
    const md = buildSummary({
      ...base,
      result: 'failed',
      message:
        'Deployment ecs-svc/1 failed: tasks failed to start. ECS is rolling back to web:6 (deployment ecs-svc/2); it continues after this step.',
      rolledBack: true,
      rollbackDeploymentId: 'ecs-svc/2',
      consoleUrl: url
    })
    // The message is untrusted text, escaped for Markdown: read it as rendered.
    expect(md.replace(/\\(.)/g, '$1')).toContain(
      'ECS is rolling back to web:6 (deployment ecs-svc/2); it continues after this step.'
    )
    expect(md).toContain('| Rollback deployment | `ecs-svc/2` |')
    expect(md).toContain(`| AWS console | [service deployments](${url}) |`)
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

  it('keeps untrusted text in the message and the diff as data', () => {
    const message =
      'UpdateService failed: </details><img src=x onerror=alert(1)> ## Fake heading [click](https://evil.example) **bold**\n---'
    const diff = ['~ containerDefinitions[web].command: "echo ```" -> "x"', '```', '</details>']
    const md = buildSummary({ ...base, result: 'failed', message, diff })
    expect(md).not.toContain('<img')
    expect(md).not.toContain('</details><img')
    expect(md).toContain('&lt;img src\\=x onerror\\=alert\\(1\\)&gt;')
    expect(md).not.toMatch(/^## Fake/m)
    expect(md).not.toContain('[click](')
    expect(md).not.toMatch(/^---$/m)
    // The diff's fence is longer than the ``` inside it, so it is closed only by its own fence.
    const block = md.slice(md.indexOf('````diff'))
    expect(
      block.startsWith(
        '````diff\n~ containerDefinitions[web].command: "echo ```" -> "x"\n```\n</details>\n````\n'
      )
    ).toBe(true)
    // Our own <details> is closed exactly once, after the block.
    expect(md.split('</details>').length - 1).toBe(3)
  })

  it('links a web URL and shows anything else as code', () => {
    expect(buildSummary({ ...base, url: 'https://web.example.com/' })).toContain(
      '| URL | <https://web.example.com/> |'
    )
    expect(buildSummary({ ...base, url: 'javascript:alert(1)' })).toContain(
      '| URL | `javascript:alert(1)` |'
    )
  })
})
