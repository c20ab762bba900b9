import { readFileSync } from 'node:fs'
import { describe, expect, it } from '@jest/globals'
import { parse as parseYaml } from 'yaml'
import { fillHostTemplate, hostProblem } from '../../../src/preview/names.js'
import {
  parseBoolean,
  parseInputs,
  parseKeyValueLines,
  pullRequestNumber,
  splitList,
  type Env
} from '../../../src/inputs/parse.js'
import type { Config } from '../../../src/inputs/config.js'
import { ActionError } from '../../../src/util/errors.js'

/** action.yml's defaults, as the runner applies them. */
const actionYml = parseYaml(
  readFileSync(new URL('../../../action.yml', import.meta.url), 'utf8')
) as {
  inputs: Record<string, { default?: string }>
}
const ACTION_DEFAULTS: Record<string, string> = Object.fromEntries(
  Object.entries(actionYml.inputs)
    .filter(([, spec]) => spec.default !== undefined)
    .map(([name, spec]) => [
      name,
      spec.default === '${{ github.token }}' ? 'ghs_token' : spec.default!
    ])
)

const BASE_ENV: Env = {
  AWS_REGION: 'us-east-1',
  GITHUB_SHA: '3f2a9c1d0e8b7a6f5e4d3c2b1a0f9e8d7c6b5a49',
  GITHUB_REPOSITORY: 'acme/shop',
  GITHUB_EVENT_NAME: 'push',
  GITHUB_REF: 'refs/heads/main',
  GITHUB_RUN_ID: '42',
  RUNNER_TEMP: '/home/runner/work/_temp'
}

const PR_EVENT = { action: 'synchronize', number: 17, pull_request: { number: 17 } }

interface Case {
  inputs: Record<string, string>
  env?: Env
  event?: Record<string, unknown>
  /** Apply action.yml's defaults first, as the runner does (default true). */
  runnerDefaults?: boolean
}

function run({ inputs, env = BASE_ENV, event, runnerDefaults = true }: Case): Config {
  const all = { ...(runnerDefaults ? ACTION_DEFAULTS : {}), ...inputs }
  return parseInputs((name) => all[name] ?? '', env, event)
}

function problemsOf(c: Case): string[] {
  try {
    run(c)
  } catch (error) {
    expect(error).toBeInstanceOf(ActionError)
    const lines = (error as Error).message.split('\n')
    return lines.slice(1).map((l) => l.replace(/^- /, ''))
  }
  throw new Error('expected parseInputs to fail')
}

const MINIMAL = { 'ecr-repository': 'shop', service: 'web' }

describe('parseInputs: a minimal build-and-deploy', () => {
  it.each([true, false])('fills every default (runner defaults applied: %s)', (runnerDefaults) => {
    const config = run({ inputs: MINIMAL, runnerDefaults })
    expect(config).toEqual({
      region: 'us-east-1',
      image: {
        kind: 'build',
        repository: 'shop',
        createRepository: false,
        tags: [BASE_ENV['GITHUB_SHA']],
        context: '.',
        dockerfile: 'Dockerfile',
        buildArgs: [],
        buildx: {
          cacheFrom: [],
          cacheTo: [],
          labels: [],
          noCache: false,
          pull: false,
          registries: [],
          revision: '3f2a9c1d0e8b7a6f5e4d3c2b1a0f9e8d7c6b5a49',
          secrets: [],
          sourceUrl: 'https://github.com/acme/shop'
        },
        skipIfExists: true
      },
      images: [
        {
          containers: [],
          source: {
            kind: 'build',
            repository: 'shop',
            createRepository: false,
            tags: [BASE_ENV['GITHUB_SHA']],
            context: '.',
            dockerfile: 'Dockerfile',
            buildArgs: [],
            buildx: {
              cacheFrom: [],
              cacheTo: [],
              labels: [],
              noCache: false,
              pull: false,
              registries: [],
              revision: '3f2a9c1d0e8b7a6f5e4d3c2b1a0f9e8d7c6b5a49',
              secrets: [],
              sourceUrl: 'https://github.com/acme/shop'
            },
            skipIfExists: true
          }
        }
      ],
      taskDefinition: { kind: 'service' },
      containerNames: [],
      environmentVariables: [],
      render: { secrets: [], logOptions: [], dockerLabels: [] },
      deploy: { service: {}, keepNullValueKeys: [] },
      warnings: [],
      cluster: 'default',
      service: 'web',
      forceNewDeployment: false,
      waitForServiceStability: true,
      waitTimeoutMs: 30 * 60_000,
      rollbackOnFailure: true,
      waitForRollback: false,
      strategy: { waitUntil: 'complete', cancelDeploymentOnAbort: false },
      dryRun: false,
      showValuesInDiff: false,
      github: {
        ...(runnerDefaults ? { token: 'ghs_token' } : {}),
        repository: 'acme/shop',
        apiUrl: 'https://api.github.com',
        serverUrl: 'https://github.com',
        eventName: 'push',
        sha: BASE_ENV['GITHUB_SHA'],
        ref: 'refs/heads/main',
        runId: '42'
      },
      tempDir: '/home/runner/work/_temp'
    })
  })
})

describe('parseInputs: values', () => {
  it.each<[string, Case, (c: Config) => unknown, unknown]>([
    [
      'region from aws-region wins over the environment',
      { inputs: { ...MINIMAL, 'aws-region': 'eu-west-3' } },
      (c) => c.region,
      'eu-west-3'
    ],
    [
      'region from AWS_DEFAULT_REGION',
      {
        inputs: MINIMAL,
        env: { ...BASE_ENV, AWS_REGION: undefined, AWS_DEFAULT_REGION: 'ap-southeast-2' }
      },
      (c) => c.region,
      'ap-southeast-2'
    ],
    [
      'GovCloud region',
      { inputs: { ...MINIMAL, 'aws-region': 'us-gov-west-1' } },
      (c) => c.region,
      'us-gov-west-1'
    ],
    [
      'tags: newline and comma list, trimmed, de-duplicated, order kept',
      { inputs: { ...MINIMAL, tags: ' v1.2.3 ,latest\n\n  v1.2.3\nsha-abc ' } },
      (c) => (c.image.kind === 'build' ? c.image.tags : undefined),
      ['v1.2.3', 'latest', 'sha-abc']
    ],
    [
      'dockerfile defaults to <context>/Dockerfile',
      { inputs: { ...MINIMAL, context: 'services/api' } },
      (c) => (c.image.kind === 'build' ? c.image.dockerfile : undefined),
      'services/api/Dockerfile'
    ],
    [
      'an explicit dockerfile is kept',
      { inputs: { ...MINIMAL, context: 'app', dockerfile: 'docker/prod.Dockerfile' } },
      (c) => (c.image.kind === 'build' ? c.image.dockerfile : undefined),
      'docker/prod.Dockerfile'
    ],
    [
      'build-args: values keep "=", may be empty; comments and blanks ignored',
      {
        inputs: {
          ...MINIMAL,
          'build-args': '# versions\nNODE_VERSION=24\n\nQUERY=a=b&c=d\nEMPTY=\nCMD=$(rm -rf ~)'
        }
      },
      (c) => (c.image.kind === 'build' ? c.image.buildArgs : undefined),
      [
        { name: 'NODE_VERSION', value: '24' },
        { name: 'QUERY', value: 'a=b&c=d' },
        { name: 'EMPTY', value: '' },
        { name: 'CMD', value: '$(rm -rf ~)' }
      ]
    ],
    [
      'target and platform',
      { inputs: { ...MINIMAL, target: 'runtime', platform: 'linux/arm64' } },
      (c) => (c.image.kind === 'build' ? [c.image.target, c.image.platform] : undefined),
      ['runtime', 'linux/arm64']
    ],
    [
      'image deploys an existing reference',
      { inputs: { image: 'public.ecr.aws/nginx/nginx:1.27', service: 'web' } },
      (c) => c.image,
      { kind: 'existing', reference: 'public.ecr.aws/nginx/nginx:1.27' }
    ],
    [
      'image pinned by digest',
      { inputs: { image: `app@sha256:${'a'.repeat(64)}`, service: 'web' } },
      (c) => c.image,
      { kind: 'existing', reference: `app@sha256:${'a'.repeat(64)}` }
    ],
    [
      'environment-variables keep order, "=" in values and empty values; CRLF tolerated',
      {
        inputs: {
          ...MINIMAL,
          'environment-variables': 'URL=postgres://u:p@h/db?a=1\r\nEMPTY=\r\nlog.level=debug'
        }
      },
      (c) => c.environmentVariables,
      [
        { name: 'URL', value: 'postgres://u:p@h/db?a=1' },
        { name: 'EMPTY', value: '' },
        { name: 'log.level', value: 'debug' }
      ]
    ],
    [
      'booleans: yes/no and any case',
      {
        inputs: {
          ...MINIMAL,
          'dry-run': 'YES',
          'rollback-on-failure': 'No',
          'wait-for-rollback': 'yes',
          'create-repository': 'True'
        }
      },
      (c) => [
        c.dryRun,
        c.rollbackOnFailure,
        c.waitForRollback,
        c.image.kind === 'build' && c.image.createRepository
      ],
      [true, false, true, true]
    ],
    [
      'show-values-in-diff: off by default, on when asked',
      { inputs: { ...MINIMAL, 'show-values-in-diff': 'true' } },
      (c) => [c.showValuesInDiff, run({ inputs: MINIMAL }).showValuesInDiff],
      [true, false]
    ],
    [
      'wait-for-minutes with decimals',
      { inputs: { ...MINIMAL, 'wait-for-minutes': '7.5' } },
      (c) => c.waitTimeoutMs,
      450_000
    ],
    [
      'wait-for-minutes at the maximum',
      { inputs: { ...MINIMAL, 'wait-for-minutes': '360' } },
      (c) => c.waitTimeoutMs,
      360 * 60_000
    ],
    [
      'desired-count 0 is kept (not a falsy default)',
      { inputs: { ...MINIMAL, 'desired-count': '0' } },
      (c) => c.desiredCount,
      0
    ],
    [
      'task-definition file',
      { inputs: { ...MINIMAL, 'task-definition': 'deploy/td.json' } },
      (c) => c.taskDefinition,
      { kind: 'file', path: 'deploy/td.json' }
    ],
    [
      'task-definition-family with a revision',
      { inputs: { ...MINIMAL, 'task-definition-family': 'shop-web:12' } },
      (c) => c.taskDefinition,
      { kind: 'family', reference: 'shop-web:12' }
    ],
    [
      'task-definition-family as an ARN',
      {
        inputs: {
          ...MINIMAL,
          'task-definition-family': 'arn:aws:ecs:us-east-1:123456789012:task-definition/shop-web:3'
        }
      },
      (c) => c.taskDefinition.kind,
      'family'
    ],
    [
      'register only: a file and no service',
      { inputs: { 'ecr-repository': 'shop', 'task-definition': 'td.json' } },
      (c) => [c.service, c.taskDefinition.kind],
      [undefined, 'file']
    ],
    [
      'cluster ARN in the same region',
      { inputs: { ...MINIMAL, cluster: 'arn:aws:ecs:us-east-1:123456789012:cluster/prod' } },
      (c) => c.cluster,
      'arn:aws:ecs:us-east-1:123456789012:cluster/prod'
    ],
    [
      'GitHub URLs from GHES variables, trailing slash removed',
      {
        inputs: MINIMAL,
        env: {
          ...BASE_ENV,
          GITHUB_API_URL: 'https://ghe.example.com/api/v3/',
          GITHUB_SERVER_URL: 'https://ghe.example.com'
        }
      },
      (c) => [c.github.apiUrl, c.github.serverUrl],
      ['https://ghe.example.com/api/v3', 'https://ghe.example.com']
    ],
    [
      'the event payload is carried',
      { inputs: MINIMAL, event: PR_EVENT },
      (c) => c.github.event,
      PR_EVENT
    ],
    [
      'environment for a normal deploy',
      { inputs: { ...MINIMAL, environment: 'production' } },
      (c) => c.environment,
      'production'
    ],
    [
      'dry-run with a preview is allowed',
      { inputs: { ...MINIMAL, preview: 'deploy', 'dry-run': 'true' }, event: PR_EVENT },
      (c) => [c.dryRun, c.preview?.mode],
      [true, 'deploy']
    ]
  ])('%s', (_name, c, pick, expected) => {
    expect(pick(run(c))).toEqual(expected)
  })
})

describe('parseInputs: previews', () => {
  it.each<[string, Case, Partial<Config>]>([
    [
      'deploy: id and pull request from the event, environment pr-{id}',
      { inputs: { ...MINIMAL, preview: 'deploy' }, event: PR_EVENT },
      { preview: { mode: 'deploy', id: '17', pullRequest: 17 }, environment: 'pr-17' }
    ],
    [
      'deploy: the top-level event number is enough',
      { inputs: { ...MINIMAL, preview: 'Deploy' }, event: { number: 5 } },
      { preview: { mode: 'deploy', id: '5', pullRequest: 5 }, environment: 'pr-5' }
    ],
    [
      'deploy: explicit preview-id lowercased; pull request still from the event',
      {
        inputs: {
          ...MINIMAL,
          preview: 'deploy',
          'preview-id': 'Feature-X',
          'preview-host': 'PR-{id}.Preview.Example.com'
        },
        event: PR_EVENT
      },
      {
        preview: {
          mode: 'deploy',
          id: 'feature-x',
          pullRequest: 17,
          hostTemplate: 'pr-{id}.preview.example.com'
        },
        environment: 'pr-feature-x'
      }
    ],
    [
      'destroy: numeric preview-id outside a pull request event is the pull request',
      { inputs: { ...MINIMAL, preview: 'destroy', 'preview-id': '88' } },
      { preview: { mode: 'destroy', id: '88', pullRequest: 88 }, environment: 'pr-88' }
    ],
    [
      'destroy: no image and no repository needed',
      { inputs: { service: 'web', preview: 'destroy' }, event: PR_EVENT },
      {
        image: { kind: 'none' },
        preview: { mode: 'destroy', id: '17', pullRequest: 17 },
        environment: 'pr-17'
      }
    ],
    [
      'cleanup: no id, no environment, no image',
      { inputs: { service: 'web', preview: 'cleanup' } },
      { image: { kind: 'none' }, preview: { mode: 'cleanup', id: '' } }
    ],
    [
      'environment with {id} is filled',
      { inputs: { ...MINIMAL, preview: 'deploy', environment: 'preview/{id}' }, event: PR_EVENT },
      { environment: 'preview/17' }
    ]
  ])('%s', (_name, c, expected) => {
    const config = run(c)
    expect(config).toMatchObject(expected)
    if (expected.preview) expect(config.preview).toEqual(expected.preview)
    if (!('environment' in expected)) expect(config.environment).toBeUndefined()
  })
})

describe('parseInputs: problems', () => {
  it.each<[string, Case, string[]]>([
    [
      'no region at all',
      { inputs: MINIMAL, env: { ...BASE_ENV, AWS_REGION: undefined } },
      ['`aws-region`: no region']
    ],
    [
      'a malformed region',
      { inputs: { ...MINIMAL, 'aws-region': 'US East' } },
      ['"US East" is not an AWS region']
    ],
    [
      'neither image nor repository',
      { inputs: { service: 'web' } },
      ['`ecr-repository` or `image`: one is required']
    ],
    [
      'both image and repository',
      { inputs: { ...MINIMAL, image: 'nginx:1' } },
      ['`image` and `ecr-repository`: give one']
    ],
    [
      'a repository URI in another AWS partition',
      {
        inputs: {
          ...MINIMAL,
          'ecr-repository': '123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn/shop'
        }
      },
      [
        "`ecr-repository`: 123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn/shop is in cn-north-1, another AWS partition than this run's region us-east-1"
      ]
    ],
    [
      'a Public ECR repository',
      { inputs: { ...MINIMAL, 'ecr-repository': 'public.ecr.aws/acme/shop' } },
      ['pushing to Public ECR (public.ecr.aws) is not supported']
    ],
    [
      'a repository URL with a scheme',
      { inputs: { ...MINIMAL, 'ecr-repository': 'https://example.com/shop' } },
      ['or its URI without a scheme']
    ],
    [
      'an uppercase repository name',
      { inputs: { ...MINIMAL, 'ecr-repository': 'Shop' } },
      ['"Shop" is not a repository name']
    ],
    [
      'an invalid tag',
      { inputs: { ...MINIMAL, tags: 'v1, -bad, feature/x' } },
      ['"-bad" is not a valid image tag', '"feature/x" is not a valid image tag']
    ],
    [
      'no tags and no GITHUB_SHA',
      { inputs: MINIMAL, env: { ...BASE_ENV, GITHUB_SHA: undefined } },
      ['`tags`: not set and GITHUB_SHA is empty']
    ],
    [
      'build inputs with an existing image',
      {
        inputs: {
          image: 'nginx:1',
          service: 'web',
          tags: 'v1',
          'build-args': 'A=1',
          'create-repository': 'true'
        }
      },
      [
        '`tags`: only applies to a build',
        '`build-args`: only applies to a build',
        '`create-repository`: only applies to a build'
      ]
    ],
    [
      'a build context with an existing image',
      { inputs: { image: 'nginx:1', service: 'web', context: 'app' } },
      ['`context`: only applies to a build']
    ],
    [
      'a preview service name over 255 characters',
      { inputs: { ...MINIMAL, service: 's'.repeat(250), preview: 'deploy', 'preview-id': 'abc' } },
      ['`preview-id`: the preview service']
    ],
    [
      'an image with spaces',
      { inputs: { image: 'nginx latest', service: 'web' } },
      ['"nginx latest" contains whitespace']
    ],
    ['an image URL', { inputs: { image: 'https://ecr/app:1', service: 'web' } }, ['is a URL']],
    [
      'a malformed digest',
      { inputs: { image: 'app@sha256:abc', service: 'web' } },
      ['has a malformed digest']
    ],
    [
      'build-args without "=" and with a spaced key',
      { inputs: { ...MINIMAL, 'build-args': 'GOOD=1\nNOEQUALS\nexport TOKEN=x' } },
      [
        '`build-args` line 2: "NOEQUALS" has no "="',
        '`build-args` line 3: "export TOKEN" is not a valid name; remove the spaces'
      ]
    ],
    [
      'environment-variables: a bad key (a duplicate is only a warning)',
      { inputs: { ...MINIMAL, 'environment-variables': 'A=1\n1ABC=2\nA=3' } },
      ['`environment-variables` line 2: "1ABC" is not a valid name']
    ],
    [
      'loose booleans',
      { inputs: { ...MINIMAL, 'dry-run': 'on', 'force-new-deployment': '1' } },
      ['`force-new-deployment`: "1" is not a boolean', '`dry-run`: "on" is not a boolean']
    ],
    [
      'a negative desired-count',
      { inputs: { ...MINIMAL, 'desired-count': '-1' } },
      ['`desired-count`: "-1" is not a whole number']
    ],
    [
      'a fractional desired-count',
      { inputs: { ...MINIMAL, 'desired-count': '1.5' } },
      ['`desired-count`: "1.5" is not a whole number']
    ],
    [
      'desired-count and force-new-deployment without a service',
      {
        inputs: {
          'ecr-repository': 'shop',
          'task-definition': 'td.json',
          'desired-count': '2',
          'force-new-deployment': 'true'
        }
      },
      ['`desired-count`: needs `service`', '`force-new-deployment`: needs `service`']
    ],
    [
      'wait-for-minutes zero',
      { inputs: { ...MINIMAL, 'wait-for-minutes': '0' } },
      ['`wait-for-minutes`: 0 is out of range']
    ],
    [
      'wait-for-minutes too long',
      { inputs: { ...MINIMAL, 'wait-for-minutes': '361' } },
      ['`wait-for-minutes`: 361 is out of range']
    ],
    [
      'wait-for-minutes not a number',
      { inputs: { ...MINIMAL, 'wait-for-minutes': '10m' } },
      ['`wait-for-minutes`: "10m" is not a number']
    ],
    [
      'both task definition sources',
      { inputs: { ...MINIMAL, 'task-definition': 'td.json', 'task-definition-family': 'web' } },
      ['`task-definition` and `task-definition-family`: give one']
    ],
    ['nothing to start from', { inputs: { 'ecr-repository': 'shop' } }, ['nothing to start from']],
    [
      'a bad family',
      { inputs: { ...MINIMAL, 'task-definition-family': 'web:latest' } },
      ['"web:latest" is not a family']
    ],
    [
      'a bad container name',
      { inputs: { ...MINIMAL, 'container-name': 'web app' } },
      ['`container-name`: "web app" is not a container name']
    ],
    [
      'a bad service name',
      { inputs: { ...MINIMAL, service: 'web/app' } },
      ['`service`: "web/app" is not a service name']
    ],
    [
      'a cluster ARN from another region',
      { inputs: { ...MINIMAL, cluster: 'arn:aws:ecs:eu-west-1:123456789012:cluster/prod' } },
      ['`cluster`: the ARN is in eu-west-1 but the region is us-east-1']
    ],
    [
      'an unknown preview mode',
      { inputs: { ...MINIMAL, preview: 'create' } },
      ['`preview`: "create" is not a preview mode']
    ],
    [
      'preview without a service',
      {
        inputs: { 'ecr-repository': 'shop', 'task-definition': 'td.json', preview: 'deploy' },
        event: PR_EVENT
      },
      ['`preview`: needs `service`']
    ],
    [
      'preview with a service ARN',
      {
        inputs: {
          ...MINIMAL,
          service: 'arn:aws:ecs:us-east-1:123456789012:service/prod/web',
          preview: 'deploy'
        },
        event: PR_EVENT
      },
      ['give its name, not its ARN']
    ],
    [
      'preview deploy outside a pull request',
      { inputs: { ...MINIMAL, preview: 'deploy' } },
      ['`preview-id`: not set and the event has no pull request number']
    ],
    [
      'an unsafe preview-id',
      { inputs: { ...MINIMAL, preview: 'deploy', 'preview-id': 'feat/x_y' } },
      ['`preview-id`: "feat/x_y" is not a safe preview id']
    ],
    [
      'a too long preview-id',
      { inputs: { ...MINIMAL, preview: 'destroy', 'preview-id': 'a'.repeat(21) } },
      ['is not a safe preview id']
    ],
    [
      'preview-id with cleanup',
      { inputs: { service: 'web', preview: 'cleanup', 'preview-id': '3' } },
      ['`preview-id`: `preview: cleanup` acts on every closed preview']
    ],
    [
      'preview inputs without preview',
      { inputs: { ...MINIMAL, 'preview-id': '3', 'preview-host': '{id}.example.com' } },
      ['`preview-id`: only applies to previews', '`preview-host`: only applies to previews']
    ],
    [
      'preview-host without {id}',
      {
        inputs: { ...MINIMAL, preview: 'deploy', 'preview-host': 'preview.example.com' },
        event: PR_EVENT
      },
      ['has no {id}']
    ],
    [
      'preview-host with a scheme',
      {
        inputs: { ...MINIMAL, preview: 'deploy', 'preview-host': 'https://pr-{id}.example.com' },
        event: PR_EVENT
      },
      ['must be a bare host name']
    ],
    [
      'preview-host that fills to a bad host',
      {
        inputs: { ...MINIMAL, preview: 'deploy', 'preview-host': 'pr_{id}.example.com' },
        event: PR_EVENT
      },
      ['has an invalid part "pr_17"']
    ],
    [
      'environment {id} without a preview',
      { inputs: { ...MINIMAL, environment: 'pr-{id}' } },
      ['`environment`: {id} is filled only']
    ]
  ])('%s', (_name, c, expected) => {
    const problems = problemsOf(c)
    for (const fragment of expected) {
      expect(problems.some((p) => p.includes(fragment))).toBe(true)
    }
    expect(problems).toHaveLength(expected.length)
  })

  it('reports every problem at once, one per line, in a single ActionError', () => {
    const problems = problemsOf({
      inputs: { 'aws-region': 'moon', image: 'a b', 'desired-count': 'x', 'dry-run': 'maybe' }
    })
    expect(problems).toHaveLength(6)
    expect(problems.every((p) => p.startsWith('`'))).toBe(true)
    expect(problems.filter((p) => p.startsWith('`desired-count`'))).toHaveLength(2)
  })

  it('says how many problems in the first line', () => {
    expect(() => run({ inputs: { ...MINIMAL, 'dry-run': 'maybe' } })).toThrow(
      "The action's inputs have a problem; nothing was changed:\n- `dry-run`"
    )
  })
})

describe('helpers', () => {
  it.each([
    ['true', true],
    ['FALSE', false],
    [' yes ', true],
    ['No', false],
    ['1', undefined],
    ['', undefined],
    ['y', undefined]
  ])('parseBoolean(%j) = %j', (raw, expected) => {
    expect(parseBoolean(raw)).toBe(expected)
  })

  it.each([
    ['a,b\nc', ['a', 'b', 'c']],
    [' a , a ,, b ', ['a', 'b']],
    ['', []]
  ])('splitList(%j)', (raw, expected) => {
    expect(splitList(raw)).toEqual(expected)
  })

  it('parseKeyValueLines numbers lines from the raw input', () => {
    const problems: string[] = []
    const result = parseKeyValueLines('\n  A=1  \nB\n', 'build-args', problems)
    expect(result).toEqual([{ name: 'A', value: '1' }])
    expect(problems).toEqual([
      '`build-args` line 3: "B" has no "="; write KEY=VALUE (KEY= for an empty value).'
    ])
  })

  it.each([
    [{ pull_request: { number: 3 }, number: 4 }, 3],
    [{ number: 9 }, 9],
    [{ number: '9' }, undefined],
    [{ ref: 'refs/heads/main' }, undefined],
    [undefined, undefined]
  ])('pullRequestNumber(%j) = %j', (event, expected) => {
    expect(pullRequestNumber(event as Record<string, unknown> | undefined)).toBe(expected)
  })

  it.each([
    ['pr-{id}.preview.example.com', '12', 'pr-12.preview.example.com', undefined],
    ['{id}.Example.COM', 'ab', 'ab.example.com', undefined],
    ['pr-{id}', '1', 'pr-1', 'needs a domain'],
    ['{id}-.example.com', '1', '1-.example.com', 'invalid part "1-"']
  ])('%s with %s -> %s', (template, id, host, problem) => {
    expect(fillHostTemplate(template, id)).toBe(host)
    const found = hostProblem(host)
    if (problem === undefined) expect(found).toBeUndefined()
    else expect(found).toContain(problem)
  })
})

describe('parseInputs: BuildKit inputs', () => {
  it('takes a full repository URI in another account of the same region', () => {
    const config = run({
      inputs: {
        ...MINIMAL,
        'ecr-repository': '210987654321.dkr.ecr.us-east-1.amazonaws.com/team/shop'
      }
    })
    expect(config.image).toMatchObject({
      kind: 'build',
      repository: 'team/shop',
      registryId: '210987654321'
    })
  })

  it('takes a full repository URI in another region, and keeps that region for its ECR client', () => {
    const image = (uri: string): unknown =>
      run({ inputs: { ...MINIMAL, 'ecr-repository': uri } }).image
    expect(image('210987654321.dkr.ecr.eu-west-1.amazonaws.com/shop')).toMatchObject({
      kind: 'build',
      repository: 'shop',
      registryId: '210987654321',
      region: 'eu-west-1'
    })
    // A preview tags and deletes its images through the run's region: refused, not half-done.
    expect(() =>
      run({
        inputs: {
          ...MINIMAL,
          'ecr-repository': '210987654321.dkr.ecr.eu-west-1.amazonaws.com/shop',
          preview: 'deploy',
          'preview-id': '7'
        }
      })
    ).toThrow(
      '`ecr-repository`: previews are not supported with a repository of another region (eu-west-1) yet: give a repository of us-east-1.'
    )
    // The run's own region: no region kept, the run's client answers.
    expect(image('210987654321.dkr.ecr.us-east-1.amazonaws.com/shop')).not.toHaveProperty('region')
  })

  it('parses cache, secrets, labels, flags, provenance, sbom, network and registries', () => {
    const config = run({
      inputs: {
        ...MINIMAL,
        'cache-from': 'type=registry,ref=x:c\n\ntype=gha',
        'cache-to': 'type=gha,mode=max',
        'build-secrets': 'id=npm,env=NPM_TOKEN\nid=key,src=./key.pem',
        labels: 'team=web\norg.opencontainers.image.title=Shop',
        'no-cache': 'true',
        pull: 'true',
        provenance: 'mode=max',
        sbom: 'true',
        network: 'none',
        registries: '111111111111, 222222222222,public.ecr.aws'
      },
      env: { ...BASE_ENV, NPM_TOKEN: 'x' }
    })
    expect(config.image.kind === 'build' && config.image.buildx).toEqual({
      cacheFrom: ['type=registry,ref=x:c', 'type=gha'],
      cacheTo: ['type=gha,mode=max'],
      secrets: [
        { id: 'npm', env: 'NPM_TOKEN' },
        { id: 'key', src: './key.pem' }
      ],
      labels: [
        { name: 'team', value: 'web' },
        { name: 'org.opencontainers.image.title', value: 'Shop' }
      ],
      noCache: true,
      pull: true,
      provenance: 'mode=max',
      sbom: 'true',
      network: 'none',
      registries: ['111111111111', '222222222222', 'public.ecr.aws'],
      revision: BASE_ENV['GITHUB_SHA'],
      sourceUrl: 'https://github.com/acme/shop'
    })
  })

  it('reports every bad BuildKit input, naming it and the fix', () => {
    const problems = problemsOf({
      inputs: {
        ...MINIMAL,
        'cache-from': 'type=registry, ref=x',
        'build-secrets': 'id=npm,env=NPM_TOKEN\nhunter2',
        labels: 'org.opencontainers.image.revision=other',
        network: 'bridge',
        registries: '12345'
      }
    })
    expect(problems.join('\n')).not.toContain('hunter2')
    expect(problems).toEqual([
      expect.stringContaining('`cache-from`: "type=registry, ref=x" contains whitespace'),
      expect.stringContaining(
        '`build-secrets`: secret npm reads the environment variable NPM_TOKEN, which is not set'
      ),
      expect.stringContaining('`build-secrets` line 2: has a part that is not key=value'),
      expect.stringContaining('`labels`: org.opencontainers.image.revision is set by the action'),
      expect.stringContaining('`registries`: "12345" is not an AWS account id'),
      expect.stringContaining('`network`: "bridge" is not a build network')
    ])
  })

  it('refuses BuildKit inputs next to `image`, which builds nothing', () => {
    const problems = problemsOf({
      inputs: { image: 'nginx:1', service: 'web', 'cache-to': 'type=gha', 'no-cache': 'true' }
    })
    expect(problems).toEqual([
      expect.stringContaining('`cache-to`: only applies to a build'),
      expect.stringContaining('`no-cache`: only applies to a build')
    ])
  })
})
