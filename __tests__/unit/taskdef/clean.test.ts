import { readFileSync } from 'node:fs'
import { describe, expect, it } from '@jest/globals'
import { canonicalKey, cleanTaskDefinition, READ_ONLY_FIELDS } from '../../../src/taskdef/clean.js'
import { ActionError } from '../../../src/util/errors.js'

function fixture(name: string): unknown {
  return JSON.parse(
    readFileSync(new URL(`../../../__fixtures__/taskdef/${name}`, import.meta.url), 'utf8')
  )
}

const registered = fixture('web.registered.json')

describe('cleanTaskDefinition: fixtures', () => {
  it.each(['describe-web.json', 'describe-web.pascal.json', 'web.registered.json'])(
    '%s cleans to exactly the registrable definition',
    (name) => {
      expect(cleanTaskDefinition(fixture(name))).toEqual(registered)
    }
  )

  it('drops all nine read-only fields and keeps the describe-form tags', () => {
    const raw = fixture('describe-web.json') as { taskDefinition: Record<string, unknown> }
    const withAll = {
      taskDefinition: {
        ...raw.taskDefinition,
        deregisteredAt: '2026-03-03T00:00:00Z',
        deleteRequestedAt: '2026-03-04T00:00:00Z'
      },
      tags: [{ key: 'a', value: 'b' }]
    }
    const cleaned = cleanTaskDefinition(withAll) as unknown as Record<string, unknown>
    for (const field of READ_ONLY_FIELDS) expect(cleaned).not.toHaveProperty(field)
    expect(cleaned['tags']).toEqual([{ key: 'a', value: 'b' }])
  })

  it('keeps empty strings where they are data', () => {
    const td = cleanTaskDefinition(fixture('describe-web.json'))
    const web = td.containerDefinitions![0]!
    expect(web.environment).toContainEqual({ name: 'FEATURE_FLAGS', value: '' })
    expect(web.dockerLabels).toHaveProperty(['com.datadoghq.ad.check_names'], '')
    expect(web.logConfiguration?.options).toHaveProperty(['awslogs-datetime-format'], '')
    expect(td.tags).toContainEqual({ key: 'cost-center', value: '' })
  })

  it('never changes the keys of user-data maps, PascalCase or not', () => {
    const raw = fixture('multi-container.json')
    const cleaned = cleanTaskDefinition(raw)
    expect(cleaned).toEqual(raw)
    const api = cleaned.containerDefinitions![0]!
    expect(api.logConfiguration?.options).toHaveProperty('Name', 'cloudwatch_logs')
    const router = cleaned.containerDefinitions![2]!
    expect(router.firelensConfiguration?.options).toHaveProperty('Config-File-Type', 'file')
  })

  it('does not modify its input', () => {
    const raw = fixture('describe-web.json')
    const copy = structuredClone(raw)
    cleanTaskDefinition(raw)
    expect(raw).toEqual(copy)
  })
})

describe('cleanTaskDefinition: PascalCase', () => {
  it('maps CloudFormation-style keys, irregular ones included, and leaves map keys alone', () => {
    const cleaned = cleanTaskDefinition({
      Family: 'files',
      ContainerDefinitions: [
        {
          Name: 'app',
          Image: 'app:1',
          DockerLabels: { Team: 'Files', 'traefik.enable': 'true' },
          LogConfiguration: { LogDriver: 'awslogs', Options: { 'awslogs-group': '/x' } }
        }
      ],
      ProxyConfiguration: {
        Type: 'APPMESH',
        ContainerName: 'envoy',
        ProxyConfigurationProperties: [{ Name: 'IgnoredUID', Value: '1337' }]
      },
      Volumes: [
        {
          Name: 'shared',
          EFSVolumeConfiguration: {
            FilesystemId: 'fs-1',
            AuthorizationConfig: { AccessPointId: 'fsap-1', IAM: 'ENABLED' }
          }
        },
        {
          Name: 'scratch',
          DockerVolumeConfiguration: {
            Scope: 'task',
            Driver: 'local',
            DriverOpts: { Type: 'tmpfs', Device: 'tmpfs' },
            Labels: { Owner: 'Ops' }
          }
        },
        {
          Name: 'win',
          FSxWindowsFileServerVolumeConfiguration: {
            FileSystemId: 'fs-2',
            RootDirectory: 'share',
            AuthorizationConfig: { CredentialsParameter: 'arn:p', Domain: 'corp' }
          }
        }
      ],
      Tags: [{ Key: 'Env', Value: 'Prod' }]
    })
    expect(cleaned).toEqual({
      family: 'files',
      containerDefinitions: [
        {
          name: 'app',
          image: 'app:1',
          dockerLabels: { Team: 'Files', 'traefik.enable': 'true' },
          logConfiguration: { logDriver: 'awslogs', options: { 'awslogs-group': '/x' } }
        }
      ],
      proxyConfiguration: {
        type: 'APPMESH',
        containerName: 'envoy',
        properties: [{ name: 'IgnoredUID', value: '1337' }]
      },
      volumes: [
        {
          name: 'shared',
          efsVolumeConfiguration: {
            fileSystemId: 'fs-1',
            authorizationConfig: { accessPointId: 'fsap-1', iam: 'ENABLED' }
          }
        },
        {
          name: 'scratch',
          dockerVolumeConfiguration: {
            scope: 'task',
            driver: 'local',
            driverOpts: { Type: 'tmpfs', Device: 'tmpfs' },
            labels: { Owner: 'Ops' }
          }
        },
        {
          name: 'win',
          fsxWindowsFileServerVolumeConfiguration: {
            fileSystemId: 'fs-2',
            rootDirectory: 'share',
            authorizationConfig: { credentialsParameter: 'arn:p', domain: 'corp' }
          }
        }
      ],
      tags: [{ key: 'Env', value: 'Prod' }]
    })
  })

  it.each([
    ['ContainerDefinitions', 'containerDefinitions'],
    ['EFSVolumeConfiguration', 'efsVolumeConfiguration'],
    ['IAM', 'iam'],
    ['SizeInGiB', 'sizeInGiB'],
    ['image', 'image'],
    ['someFutureMember', 'someFutureMember'],
    ['SomeFutureMember', 'someFutureMember'],
    ['ABCFutureThing', 'abcFutureThing']
  ])('canonicalKey(%s) = %s', (key, expected) => {
    expect(canonicalKey(key)).toBe(expected)
  })
})

describe('cleanTaskDefinition: members unknown to this action', () => {
  it('keeps them exactly as written, contents included', () => {
    const cleaned = cleanTaskDefinition({
      family: 'f',
      containerDefinitions: [
        { name: 'a', image: 'i', futureSetting: { Mode: 'X', Weights: { Web: 2 } } }
      ],
      futureTopLevel: ['A', { Key: 'V' }]
    }) as unknown as Record<string, unknown>
    expect(cleaned['futureTopLevel']).toEqual(['A', { Key: 'V' }])
    expect(cleaned['containerDefinitions']).toEqual([
      { name: 'a', image: 'i', futureSetting: { Mode: 'X', Weights: { Web: 2 } } }
    ])
  })

  it('drops null values at any depth', () => {
    expect(
      cleanTaskDefinition({
        family: 'f',
        pidMode: null,
        containerDefinitions: [
          {
            name: 'a',
            image: 'i',
            user: null,
            command: ['run', null],
            dockerLabels: { keep: '', drop: null },
            futureSetting: { x: null, y: 1 }
          }
        ]
      })
    ).toEqual({
      family: 'f',
      containerDefinitions: [
        {
          name: 'a',
          image: 'i',
          command: ['run'],
          dockerLabels: { keep: '' },
          futureSetting: { y: 1 }
        }
      ]
    })
  })
})

describe('cleanTaskDefinition: errors', () => {
  const origin = 'The task definition in the `task-definition` file td.json'
  it.each<[string, unknown, string[]]>([
    ['a list', [1], ['is not a task definition', 'found a list']],
    ['a string', 'family: x', ['is not a task definition', 'found a string']],
    ['null', null, ['found null']],
    ['no family', { containerDefinitions: [{ name: 'a' }] }, ['family: missing']],
    [
      'a bad family',
      { family: 'my app', containerDefinitions: [{ name: 'a' }] },
      ['"my app" is not a family name']
    ],
    ['no containers', { family: 'f' }, ['containerDefinitions: missing']],
    ['empty containers', { family: 'f', containerDefinitions: [] }, ['at least one container']],
    [
      'describe form without the definition',
      { taskDefinition: 'shop-web:3' },
      ['family: missing', 'containerDefinitions: missing']
    ],
    [
      'a container without a name and a duplicate',
      { family: 'f', containerDefinitions: [{ image: 'x' }, { name: 'a' }, { name: 'a' }] },
      [
        'containerDefinitions[0]: has no name',
        'containerDefinitions[2]: the name "a" is already used'
      ]
    ],
    [
      'unquoted YAML numbers where ECS needs strings',
      {
        family: 'f',
        cpu: 256,
        containerDefinitions: [
          {
            name: 'web',
            environment: [{ name: 'PORT', value: 8080 }],
            dockerLabels: { enabled: true },
            logConfiguration: { logDriver: 'awslogs', options: { 'max-buffer-size': 4 } }
          }
        ]
      },
      [
        'cpu: 256 must be a string for ECS; write "256"',
        'containerDefinitions[web].environment.PORT: value 8080 is a number; ECS needs a string, so quote it ("8080")',
        'containerDefinitions[web].dockerLabels.enabled: true is a boolean',
        'containerDefinitions[web].logConfiguration.options.max-buffer-size: 4 is a number'
      ]
    ],
    [
      'the same key in two cases',
      { family: 'f', Family: 'g', containerDefinitions: [{ name: 'a' }] },
      ['family: written twice, as "family" and "Family"']
    ]
  ])('%s', (_name, raw, fragments) => {
    let error: unknown
    try {
      cleanTaskDefinition(raw, origin)
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(ActionError)
    const message = (error as Error).message
    expect(message.startsWith(origin)).toBe(true)
    for (const f of fragments) expect(message).toContain(f)
  })
})
