/** parseInputs with the official render/deploy inputs and `containers` (issue 8). */
import { describe, expect, it } from '@jest/globals'
import { parseInputs } from '../../../src/inputs/parse.js'
import type { Config } from '../../../src/inputs/config.js'

const ENV = { AWS_REGION: 'us-east-1', GITHUB_SHA: 'abc123', RUNNER_TEMP: '/tmp' }

function run(inputs: Record<string, string>): Config {
  return parseInputs((n) => inputs[n] ?? '', ENV)
}

function problems(inputs: Record<string, string>): string[] {
  try {
    run(inputs)
  } catch (error) {
    return (error as Error).message
      .split('\n')
      .slice(1)
      .map((l) => l.replace(/^- /, ''))
  }
  throw new Error('expected problems')
}

describe('container-name with several names', () => {
  it('every named container gets the image', () => {
    const c = run({ image: 'nginx:1', service: 'web', 'container-name': 'web,sidecar' })
    expect(c.containerName).toBe('web')
    expect(c.containerNames).toEqual(['web', 'sidecar'])
    expect(c.images).toEqual([
      { containers: ['web', 'sidecar'], source: { kind: 'existing', reference: 'nginx:1' } }
    ])
  })
})

describe('containers', () => {
  it('one assignment per distinct image; builds go to ecr-repository', () => {
    const c = run({
      'ecr-repository': 'shop',
      tags: 'v1',
      service: 'web',
      containers: 'web=build:.\nsidecar=build:sidecar\nproxy=nginx:1.27'
    })
    expect(c.images.map((a) => [a.containers, a.source.kind])).toEqual([
      [['web'], 'build'],
      [['sidecar'], 'build'],
      [['proxy'], 'existing']
    ])
    expect(c.images[1]!.source).toMatchObject({
      kind: 'build',
      repository: 'shop',
      context: 'sidecar',
      dockerfile: 'sidecar/Dockerfile',
      tags: ['v1-sidecar']
    })
    expect(c.image).toEqual(c.images[0]!.source)
  })

  it('only images: no ecr-repository needed', () => {
    const c = run({ service: 'web', containers: 'web=nginx:1\nlog=fluent/fluent-bit:3' })
    expect(c.images).toHaveLength(2)
  })

  it('builds need ecr-repository; image, context and dockerfile conflict', () => {
    expect(
      problems({
        service: 'web',
        image: 'nginx:1',
        dockerfile: 'Dockerfile',
        containers: 'web=build:.\nsidecar=build:side'
      })
    ).toEqual([
      '`dockerfile`: only applies to a build, and `image` deploys an existing image without building; remove `dockerfile` or use `ecr-repository` instead of `image`.',
      '`image` and `containers`: give one; with `containers` every image is named on its line (name=image-reference or name=build:<context>[:<dockerfile>]).',
      '`dockerfile` and `containers`: give one; with `containers` every image is named on its line (name=image-reference or name=build:<context>[:<dockerfile>]).',
      '`containers`: web, sidecar are built, so `ecr-repository` is required (every build is pushed there, tagged <tag>-<container>).'
    ])
  })
})

describe('task definition sources of the official render action', () => {
  it('task-definition-arn', () => {
    const arn = 'arn:aws:ecs:us-east-1:123456789012:task-definition/web:7'
    expect(run({ image: 'nginx:1', 'task-definition-arn': arn }).taskDefinition).toEqual({
      kind: 'family',
      reference: arn
    })
  })

  it('task-definition-family + task-definition-revision', () => {
    expect(
      run({ image: 'nginx:1', 'task-definition-family': 'web', 'task-definition-revision': '12' })
        .taskDefinition
    ).toEqual({ kind: 'family', reference: 'web:12' })
  })

  it('conflicts and bad values', () => {
    expect(
      problems({
        image: 'nginx:1',
        'task-definition': 'td.json',
        'task-definition-arn': 'arn:aws:ecs:eu-west-1:123456789012:task-definition/web:7',
        'task-definition-revision': '3'
      })
    ).toEqual([
      '`task-definition` and `task-definition-arn`: give one; a file to start from, or a task definition registered in ECS (ARN, or family with an optional revision).',
      '`task-definition-revision`: needs `task-definition-family` (the revision of which family); set it, or use `task-definition-arn`.'
    ])
    expect(
      problems({
        image: 'nginx:1',
        'task-definition-arn': 'arn:aws:ecs:eu-west-1:123456789012:task-definition/web:7'
      })
    ).toEqual([
      '`task-definition-arn`: the ARN is in eu-west-1 but the region is us-east-1; set `aws-region` to eu-west-1.'
    ])
    expect(
      problems({
        image: 'nginx:1',
        'task-definition-family': 'web',
        'task-definition-revision': 'latest'
      })
    ).toEqual(['`task-definition-revision`: "latest" is not a revision number (1 or more).'])
  })
})

describe('duplicates: the last wins, with a warning', () => {
  it('environment-variables and secrets', () => {
    const c = run({
      image: 'nginx:1',
      service: 'web',
      'environment-variables': 'A=1\nB=x=y\nA=2',
      secrets: 'S=/p/one\nS=/p/two'
    })
    expect(c.environmentVariables).toEqual([
      { name: 'A', value: '2' },
      { name: 'B', value: 'x=y' }
    ])
    expect(c.render.secrets).toEqual([{ name: 'S', valueFrom: '/p/two' }])
    expect(c.warnings).toEqual([
      '`environment-variables` line 3: A was already given on line 1; the value on line 3 is used.',
      '`secrets` line 2: S was already given on line 1; the value on line 2 is used.'
    ])
  })
})

describe('all problems in one message', () => {
  it('render and deploy inputs together', () => {
    expect(
      problems({
        image: 'nginx:1',
        service: 'web',
        command: 'npm run "start',
        'log-configuration-log-driver': 'cloudwatch',
        'log-configuration-options': 'awslogs-group',
        'task-role-arn': 'web-task-role',
        'propagate-tags': 'ALL',
        'max-retries': 'many'
      })
    ).toEqual([
      '`log-configuration-options` line 1: "awslogs-group" has no "="; write key=value.',
      '`command`: the double quote at character 9 is never closed.',
      expect.stringMatching(
        /^`log-configuration-log-driver`: "cloudwatch" is not a log driver ECS supports/
      ),
      '`task-role-arn`: "web-task-role" is not an IAM role ARN; use arn:aws:iam::<account>:role/<name>.',
      '`propagate-tags`: "ALL" is not a tag source; use SERVICE, TASK_DEFINITION or NONE.',
      expect.stringMatching(/^`max-retries`: "many" is not a number of attempts/)
    ])
  })
})
