import { describe, expect, it } from '@jest/globals'
import { Reporter } from '../../../src/report/reporter.js'
import { buildSummary } from '../../../src/report/summary.js'

function recorder(): { outputs: Array<[string, string]>; reporter: Reporter } {
  const outputs: Array<[string, string]> = []
  return { outputs, reporter: new Reporter((name, value) => outputs.push([name, value])) }
}

describe('Reporter', () => {
  it('sets a report field and its output in one call, under the output names', () => {
    const { outputs, reporter } = recorder()
    reporter.record({
      image: 'repo:sha',
      digest: 'sha256:abc',
      images: { web: 'repo@sha256:abc', sidecar: 'envoy:1' },
      taskDefinitionArn: 'arn:td/web:8',
      deploymentId: 'ecs-svc/1',
      rolledBack: true,
      rollbackDeploymentId: 'ecs-svc/0',
      deploymentStage: 'BAKE_TIME',
      service: 'web-pr-12',
      url: 'https://pr-12.example.com'
    })
    expect(outputs).toEqual([
      ['image', 'repo:sha'],
      ['image-digest', 'sha256:abc'],
      ['images', '{"web":"repo@sha256:abc","sidecar":"envoy:1"}'],
      ['task-definition-arn', 'arn:td/web:8'],
      ['deployment-id', 'ecs-svc/1'],
      ['rolled-back', 'true'],
      ['rollback-deployment-id', 'ecs-svc/0'],
      ['deployment-stage', 'BAKE_TIME'],
      ['service', 'web-pr-12'],
      ['url', 'https://pr-12.example.com']
    ])
    expect(reporter.report).toMatchObject({
      image: 'repo:sha',
      digest: 'sha256:abc',
      taskDefinitionArn: 'arn:td/web:8',
      rolledBack: true,
      service: 'web-pr-12'
    })
    expect(buildSummary(reporter.report)).toContain('| Rolled back | yes |')
  })

  it('writes false as "false" and skips undefined facts', () => {
    const { outputs, reporter } = recorder()
    reporter.record({ rolledBack: false, digest: undefined, deploymentId: undefined })
    expect(outputs).toEqual([['rolled-back', 'false']])
    expect('digest' in reporter.report).toBe(false)
    expect(reporter.report.rolledBack).toBe(false)
  })

  it('keeps summary-only facts out of the outputs', () => {
    const { outputs, reporter } = recorder()
    reporter.record({ diff: ['~ image'], consoleUrl: 'https://console', imageSource: 'built' })
    reporter.subject('prod', 'web')
    expect(outputs).toEqual([])
    expect(reporter.report).toMatchObject({
      diff: ['~ image'],
      consoleUrl: 'https://console',
      imageSource: 'built',
      cluster: 'prod',
      service: 'web'
    })
  })

  it('sets outputs without a report field on their own, and records the end and timings', () => {
    const { outputs, reporter } = recorder()
    reporter.output('registry', '1.dkr.ecr.eu-west-1.amazonaws.com')
    reporter.timing('Validate', 120)
    reporter.finish('deployed', 'stable')
    expect(outputs).toEqual([['registry', '1.dkr.ecr.eu-west-1.amazonaws.com']])
    expect(reporter.report).toMatchObject({
      result: 'deployed',
      message: 'stable',
      timings: [{ stage: 'Validate', ms: 120 }]
    })
    expect(Object.values(reporter.report)).not.toContain('1.dkr.ecr.eu-west-1.amazonaws.com')
  })

  it('records a CodeDeploy deployment under codedeploy-deployment-id, not deployment-id', () => {
    const { outputs, reporter } = recorder()
    reporter.record({ codeDeployDeploymentId: 'd-ABCDEF123' })
    expect(outputs).toEqual([['codedeploy-deployment-id', 'd-ABCDEF123']])
    expect(reporter.report.deploymentId).toBeUndefined()
    expect(buildSummary(reporter.report)).toContain('| CodeDeploy deployment | `d-ABCDEF123` |')
  })
})
