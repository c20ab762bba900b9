import { describe, expect, it } from '@jest/globals'
import { createHash } from 'node:crypto'
import {
  appSpecContent,
  appSpecFromFile,
  generateAppSpec
} from '../../../src/deploy/codedeploy/appspec.js'
import {
  decideCodeDeploy,
  type CodeDeployMemory,
  type CodeDeploySnapshot
} from '../../../src/deploy/codedeploy/decide.js'
import {
  defaultApplicationName,
  defaultDeploymentGroupName
} from '../../../src/deploy/codedeploy/names.js'
import { parseCodeDeployInputs } from '../../../src/inputs/codedeploy.js'
import { ActionError } from '../../../src/util/errors.js'

const TD = 'arn:aws:ecs:us-east-1:123456789012:task-definition/web:8'
const EVENTS = [
  'BeforeInstall',
  'Install',
  'AfterInstall',
  'AllowTestTraffic',
  'AfterAllowTestTraffic',
  'BeforeAllowTraffic',
  'AllowTraffic',
  'AfterAllowTraffic'
]

/** Events up to `done` Succeeded, the next one `next`, the rest Pending. */
function events(done: number, next = 'Pending'): CodeDeploySnapshot['events'] {
  return EVENTS.map((name, i) => ({
    name,
    status: i < done ? 'Succeeded' : i === done ? next : 'Pending'
  }))
}

describe('names', () => {
  it('are the console defaults, from names or ARNs', () => {
    expect(defaultApplicationName('prod', 'web')).toBe('AppECS-prod-web')
    expect(defaultDeploymentGroupName('prod', 'web')).toBe('DgpECS-prod-web')
    expect(
      defaultApplicationName(
        'arn:aws:ecs:us-east-1:123456789012:cluster/prod',
        'arn:aws:ecs:us-east-1:123456789012:service/prod/web'
      )
    ).toBe('AppECS-prod-web')
  })
})

describe('AppSpec', () => {
  it('is generated with the new revision and the load-balanced container, without hooks', () => {
    const spec = generateAppSpec(TD, 'web', 8080)
    expect(spec).toEqual({
      version: 0,
      Resources: [
        {
          TargetService: {
            Type: 'AWS::ECS::Service',
            Properties: {
              TaskDefinition: TD,
              LoadBalancerInfo: { ContainerName: 'web', ContainerPort: 8080 }
            }
          }
        }
      ]
    })
    const { content, sha256 } = appSpecContent(spec)
    expect(JSON.parse(content)).toEqual(spec)
    expect(sha256).toBe(createHash('sha256').update(content).digest('hex'))
  })

  it('from a YAML or JSON file keeps everything but the TaskDefinition', async () => {
    const yaml = [
      'version: 0.0',
      'Resources:',
      '  - TargetService:',
      '      Type: AWS::ECS::Service',
      '      Properties:',
      '        TaskDefinition: old',
      '        LoadBalancerInfo: { ContainerName: web, ContainerPort: 80 }',
      '        PlatformVersion: LATEST',
      'Hooks:',
      '  - BeforeAllowTraffic: arn:aws:lambda:us-east-1:1:function:check'
    ].join('\n')
    const spec = await appSpecFromFile(yaml, 'appspec.yaml', TD)
    const props = (spec.Resources[0]!['TargetService'] as { Properties: Record<string, unknown> })
      .Properties
    expect(props).toEqual({
      TaskDefinition: TD,
      LoadBalancerInfo: { ContainerName: 'web', ContainerPort: 80 },
      PlatformVersion: 'LATEST'
    })
    expect(spec.Hooks).toEqual([
      { BeforeAllowTraffic: 'arn:aws:lambda:us-east-1:1:function:check' }
    ])
    const json = await appSpecFromFile(JSON.stringify({ ...spec, version: 0 }), 'a.json', 'new')
    expect(JSON.stringify(json)).toContain('"TaskDefinition":"new"')
  })

  it('a file that is not an ECS AppSpec is an ActionError naming codedeploy-appspec', async () => {
    await expect(appSpecFromFile('version: 0.0\nResources: []\n', 'a.yaml', TD)).rejects.toThrow(
      ActionError
    )
    await expect(appSpecFromFile('version: 0.0\nResources: []\n', 'a.yaml', TD)).rejects.toThrow(
      /`codedeploy-appspec`: a\.yaml has no Resources\[0\]\.TargetService\.Properties/
    )
    await expect(appSpecFromFile('a: [', 'b.yaml', TD)).rejects.toThrow(
      /`codedeploy-appspec`: b\.yaml is not YAML or JSON/
    )
  })
})

describe('decideCodeDeploy', () => {
  const start: CodeDeployMemory = { events: {} }

  it('prints status, event and traffic changes once, and succeeds on Succeeded', () => {
    const a = decideCodeDeploy(
      { status: 'InProgress', events: events(0, 'InProgress') },
      start,
      'complete'
    )
    expect(a.lines).toEqual(['Deployment InProgress', 'BeforeInstall: InProgress'])
    expect(a.stage).toBe('BeforeInstall')
    const b = decideCodeDeploy(
      { status: 'InProgress', events: events(7, 'InProgress'), greenTraffic: 100 },
      a.memory,
      'complete'
    )
    expect(b.verdict).toBe('continue')
    expect(b.lines).toContain('AllowTraffic: Succeeded')
    expect(b.lines).toContain('Production traffic on the Green task set: 100%')
    expect(b.lines).not.toContain('BeforeInstall: InProgress')
    const c = decideCodeDeploy({ status: 'Succeeded', events: events(8) }, b.memory, 'complete')
    expect(c.verdict).toBe('succeeded')
    expect(c.lines).toEqual(['Deployment InProgress → Succeeded', 'AfterAllowTraffic: Succeeded'])
  })

  it('fails on Failed or Stopped with the failed event and its diagnostics', () => {
    const failed = events(4, 'Failed')
    failed[4] = { ...failed[4]!, diagnostics: 'ScriptFailed: smoke: returned Failed' }
    const d = decideCodeDeploy(
      {
        status: 'Failed',
        errorCode: 'HEALTH_CONSTRAINTS',
        errorMessage: 'hook failed.',
        events: failed
      },
      start,
      'traffic-shifted'
    )
    expect(d.verdict).toBe('failed')
    expect(d.reason).toBe(
      'The CodeDeploy deployment Failed at AfterAllowTestTraffic (ScriptFailed: smoke: returned Failed): hook failed. [HEALTH_CONSTRAINTS].'
    )
    expect(
      decideCodeDeploy({ status: 'Stopped', events: events(2) }, start, 'complete').verdict
    ).toBe('failed')
  })

  it('wait-until: traffic-shifted after AfterAllowTraffic, test-traffic after AfterAllowTestTraffic', () => {
    const shifted = { status: 'InProgress', events: events(8) }
    expect(decideCodeDeploy(shifted, start, 'traffic-shifted').verdict).toBe('reached')
    expect(decideCodeDeploy(shifted, start, 'complete').verdict).toBe('continue')
    expect(
      decideCodeDeploy(
        { status: 'InProgress', events: events(7, 'InProgress') },
        start,
        'traffic-shifted'
      ).verdict
    ).toBe('continue')
    expect(
      decideCodeDeploy({ status: 'InProgress', events: events(5) }, start, 'test-traffic').verdict
    ).toBe('reached')
    expect(
      decideCodeDeploy(
        { status: 'InProgress', events: events(4, 'InProgress') },
        start,
        'test-traffic'
      ).verdict
    ).toBe('continue')
  })
})

describe('codedeploy inputs', () => {
  const get = (inputs: Record<string, string>) => (name: string) => inputs[name] ?? ''
  it('takes the official names; bad names are problems naming the input', () => {
    const problems: string[] = []
    expect(
      parseCodeDeployInputs(
        get({
          'codedeploy-appspec': 'appspec.yaml',
          'codedeploy-application': 'shop',
          'codedeploy-deployment-group': 'shop-dg',
          'codedeploy-deployment-description': 'd'.repeat(600),
          'codedeploy-deployment-config': 'CodeDeployDefault.ECSAllAtOnce'
        }),
        problems
      )
    ).toEqual({
      appspec: 'appspec.yaml',
      application: 'shop',
      deploymentGroup: 'shop-dg',
      description: `${'d'.repeat(509)}...`,
      deploymentConfig: 'CodeDeployDefault.ECSAllAtOnce'
    })
    expect(problems).toEqual([])
    parseCodeDeployInputs(get({ 'codedeploy-application': 'a b' }), problems)
    expect(problems).toEqual([
      '`codedeploy-application`: "a b" is not a CodeDeploy name; use at most 100 letters, digits and . _ + @ = , -.'
    ])
    expect(parseCodeDeployInputs(get({}), [])).toEqual({})
  })
})
