import { readFileSync } from 'node:fs'
import { describe, expect, it } from '@jest/globals'
import { cleanTaskDefinition, type TaskDef } from '../../../src/taskdef/clean.js'
import {
  diffTaskDefinitions,
  normalizeTaskDefinition,
  stableStringify,
  taskDefinitionsEqual
} from '../../../src/taskdef/diff.js'

function fixture(name: string): TaskDef {
  return cleanTaskDefinition(
    JSON.parse(
      readFileSync(new URL(`../../../__fixtures__/taskdef/${name}`, import.meta.url), 'utf8')
    )
  )
}

/** What was registered (written by hand) and what ECS describes back for it. */
const written = fixture('multi-container.json')
const described = fixture('multi-container.described.json')
const web = fixture('describe-web.json')

function edit(td: TaskDef, change: (copy: TaskDef) => void): TaskDef {
  const copy = structuredClone(td)
  change(copy)
  return copy
}

const c = (td: TaskDef, name: string) => td.containerDefinitions!.find((x) => x.name === name)!

describe('taskDefinitionsEqual: what ECS echoes back is not a change', () => {
  it('a definition equals its describe output (defaults, units, order)', () => {
    expect(stableStringify(written)).not.toBe(stableStringify(described))
    expect(taskDefinitionsEqual(written, described)).toBe(true)
    expect(taskDefinitionsEqual(described, written)).toBe(true)
    expect(diffTaskDefinitions(described, written)).toEqual([])
  })

  it.each<[string, (td: TaskDef) => void]>([
    ['container cpu 0', (td) => (c(td, 'api').cpu = 0)],
    [
      'empty lists',
      (td) => Object.assign(c(td, 'api'), { links: [], volumesFrom: [], secrets: [] })
    ],
    ['empty top-level lists', (td) => Object.assign(td, { placementConstraints: [], tags: [] })],
    ['essential left out (true)', (td) => delete c(td, 'api').essential],
    ['protocol tcp written out', (td) => (c(td, 'api').portMappings![0]!.protocol = 'tcp')],
    [
      'hostPort = containerPort under awsvpc',
      (td) => (c(td, 'api').portMappings![0]!.hostPort = 3000)
    ],
    ['task cpu in units', (td) => (td.cpu = '1024')],
    ['task memory in MiB', (td) => (td.memory = '2048')],
    ['container order', (td) => td.containerDefinitions!.reverse()],
    ['environment order', (td) => c(td, 'api').environment!.reverse()],
    [
      'key order',
      (td) =>
        Object.assign(td, {
          containerDefinitions: td.containerDefinitions!.map((x) =>
            Object.fromEntries(Object.entries(x).reverse())
          )
        })
    ],
    ['an empty map', (td) => (c(td, 'api').dockerLabels = {})],
    ['undefined members', (td) => (c(td, 'api').user = undefined)]
  ])('ignores %s', (_name, change) => {
    expect(taskDefinitionsEqual(written, edit(written, change))).toBe(true)
    expect(diffTaskDefinitions(written, edit(written, change))).toEqual([])
  })

  it('requiresCompatibilities in another order are equal', () => {
    const both = edit(written, (td) => (td.requiresCompatibilities = ['EC2', 'FARGATE']))
    const reversed = edit(written, (td) => (td.requiresCompatibilities = ['FARGATE', 'EC2']))
    expect(taskDefinitionsEqual(both, reversed)).toBe(true)
  })

  it('tags in another order are equal', () => {
    const reordered = edit(web, (td) => td.tags!.reverse())
    expect(taskDefinitionsEqual(web, reordered)).toBe(true)
  })

  it('bridge mode: hostPort 0 is a dynamic port, like no hostPort', () => {
    const bridge: TaskDef = {
      family: 'b',
      networkMode: 'bridge',
      containerDefinitions: [{ name: 'a', image: 'i', portMappings: [{ containerPort: 80 }] }]
    }
    const zero = edit(bridge, (td) => (td.containerDefinitions![0]!.portMappings![0]!.hostPort = 0))
    const fixed = edit(
      bridge,
      (td) => (td.containerDefinitions![0]!.portMappings![0]!.hostPort = 80)
    )
    expect(taskDefinitionsEqual(bridge, zero)).toBe(true)
    expect(taskDefinitionsEqual(bridge, fixed)).toBe(false)
  })
})

describe('taskDefinitionsEqual: real changes', () => {
  it.each<[string, (td: TaskDef) => void]>([
    ['an image', (td) => (c(td, 'api').image = 'x:2')],
    ['an environment value', (td) => (c(td, 'api').environment![0]!.value = 'debug')],
    ['an environment value emptied', (td) => (c(td, 'api').environment![0]!.value = '')],
    ['cpu 0 -> 128', (td) => (c(td, 'api').cpu = 128)],
    ['essential false -> true', (td) => (c(td, 'migrate').essential = true)],
    ['protocol udp', (td) => (c(td, 'api').portMappings![0]!.protocol = 'udp')],
    ['a command order', (td) => c(td, 'migrate').command!.reverse()],
    ['a log option', (td) => (c(td, 'api').logConfiguration!.options!['region'] = 'eu-west-1')],
    ['a family', (td) => (td.family = 'shop-api-pr-3')],
    ['a tag', (td) => (td.tags = [{ key: 'a', value: 'b' }])]
  ])('notices %s', (_name, change) => {
    expect(taskDefinitionsEqual(written, edit(written, change))).toBe(false)
    expect(diffTaskDefinitions(written, edit(written, change))).not.toEqual([])
  })
})

describe('diffTaskDefinitions: readable lines (show-values-in-diff: true)', () => {
  const digest = `123456789012.dkr.ecr.us-east-1.amazonaws.com/shop@sha256:${'c'.repeat(64)}`
  it.each<[string, TaskDef, (td: TaskDef) => void, string[]]>([
    [
      'image',
      web,
      (td) => (c(td, 'web').image = digest),
      [
        `~ containerDefinitions[web].image: 123456789012.dkr.ecr.us-east-1.amazonaws.com/shop:2f9c1e7 -> ${digest}`
      ]
    ],
    [
      'environment by name (sorted): added, changed, emptied, removed',
      web,
      (td) => {
        c(td, 'web').environment = [
          { name: 'NODE_ENV', value: 'staging' },
          { name: 'DATABASE_URL', value: '' },
          { name: 'FOO', value: 'bar' }
        ]
      },
      [
        '~ containerDefinitions[web].environment.DATABASE_URL: "postgres://shop@db.internal:5432/shop?sslmode=require" -> ""',
        '- containerDefinitions[web].environment.FEATURE_FLAGS = ""',
        '+ containerDefinitions[web].environment.FOO = "bar"',
        '~ containerDefinitions[web].environment.NODE_ENV: "production" -> "staging"'
      ]
    ],
    [
      'secrets by name, valueFrom shown',
      web,
      (td) =>
        c(td, 'web').secrets!.push({
          name: 'API_KEY',
          valueFrom: 'arn:aws:ssm:us-east-1:123456789012:parameter/api-key'
        }),
      [
        '+ containerDefinitions[web].secrets.API_KEY = arn:aws:ssm:us-east-1:123456789012:parameter/api-key'
      ]
    ],
    [
      'docker labels and log options per key',
      web,
      (td) => {
        c(td, 'web').dockerLabels = { team: 'checkout', 'com.datadoghq.ad.check_names': '' }
        c(td, 'web').logConfiguration!.options!['mode'] = 'non-blocking'
      },
      [
        '~ containerDefinitions[web].dockerLabels.team: "storefront" -> "checkout"',
        '+ containerDefinitions[web].logConfiguration.options.mode = "non-blocking"'
      ]
    ],
    [
      'task size and a nested object',
      web,
      (td) => {
        td.cpu = '1 vCPU'
        td.memory = '4096'
        c(td, 'web').healthCheck!.retries = 5
      },
      [
        '~ containerDefinitions[web].healthCheck.retries: 3 -> 5',
        '~ cpu: 512 -> 1024',
        '~ memory: 1024 -> 4096'
      ]
    ],
    [
      'a container added and one removed',
      written,
      (td) => {
        td.containerDefinitions = td.containerDefinitions!.filter((x) => x.name !== 'migrate')
        td.containerDefinitions.push({
          name: 'xray',
          image: 'public.ecr.aws/xray/aws-xray-daemon:3'
        })
      },
      [
        '- containerDefinitions[migrate] (image 123456789012.dkr.ecr.us-east-1.amazonaws.com/shop-api:1.4.0)',
        '+ containerDefinitions[xray] (image public.ecr.aws/xray/aws-xray-daemon:3)'
      ]
    ],
    [
      'a port mapping list',
      written,
      (td) => c(td, 'api').portMappings!.push({ containerPort: 9090, protocol: 'tcp' }),
      [
        '~ containerDefinitions[api].portMappings: [{"containerPort":3000,"hostPort":3000,"protocol":"tcp"}] -> [{"containerPort":3000,"hostPort":3000,"protocol":"tcp"},{"containerPort":9090,"hostPort":9090,"protocol":"tcp"}]'
      ]
    ],
    [
      'tags by key',
      web,
      (td) =>
        (td.tags = [
          { key: 'service', value: 'shop' },
          { key: 'owner', value: 'web-team' }
        ]),
      ['- tags.cost-center = ""', '+ tags.owner = "web-team"']
    ],
    [
      'a family rename comes first',
      web,
      (td) => {
        td.family = 'shop-web-pr-4'
        td.taskRoleArn = 'arn:aws:iam::123456789012:role/preview'
      },
      [
        '~ family: shop-web -> shop-web-pr-4',
        '~ taskRoleArn: arn:aws:iam::123456789012:role/shop-web-task -> arn:aws:iam::123456789012:role/preview'
      ]
    ],
    [
      'a member added and one removed',
      web,
      (td) => {
        td.pidMode = 'task'
        delete td.runtimePlatform
      },
      [
        '+ pidMode = task',
        '- runtimePlatform = {"cpuArchitecture":"ARM64","operatingSystemFamily":"LINUX"}'
      ]
    ]
  ])('%s', (_name, base, change, expected) => {
    expect(diffTaskDefinitions(base, edit(base, change), { showValues: true })).toEqual(expected)
  })

  it('a dependency on a removed container shows as a whole-entry change', () => {
    const next = edit(written, (td) => {
      c(td, 'api').dependsOn = [{ containerName: 'xray', condition: 'START' }]
    })
    expect(diffTaskDefinitions(written, next)).toEqual([
      '- containerDefinitions[api].dependsOn[migrate] = {"condition":"SUCCESS","containerName":"migrate"}',
      '+ containerDefinitions[api].dependsOn[xray] = {"condition":"START","containerName":"xray"}'
    ])
  })

  it('cuts very long values', () => {
    const next = edit(
      web,
      (td) => (c(td, 'web').command = Array.from({ length: 60 }, (_, i) => `arg${i}`))
    )
    const [line] = diffTaskDefinitions(web, next)
    expect(line!.startsWith('+ containerDefinitions[web].command = ["arg0","arg1"')).toBe(true)
    expect(line!.endsWith('…')).toBe(true)
    expect(line!.length).toBeLessThan(220)
  })
})

describe('diffTaskDefinitions: values that may be secrets are never shown by default', () => {
  const SECRET = 'hunter2-Pa55word'
  const OLD_SECRET = 'postgres://shop@db.internal:5432/shop?sslmode=require'

  function noValues(lines: string[]): void {
    const text = lines.join('\n')
    for (const v of [SECRET, OLD_SECRET, 'staging', 'production', 'checkout', 'storefront']) {
      expect(text).not.toContain(v)
    }
    expect(text).not.toContain('arn:aws:ssm')
    expect(text).not.toContain('non-blocking')
  }

  it('environment: added, changed, emptied and removed by name only', () => {
    const next = edit(web, (td) => {
      c(td, 'web').environment = [
        { name: 'NODE_ENV', value: 'staging' },
        { name: 'DATABASE_URL', value: '' },
        { name: 'DB_PASSWORD', value: SECRET }
      ]
    })
    const lines = diffTaskDefinitions(web, next)
    expect(lines).toEqual([
      '~ containerDefinitions[web].environment.DATABASE_URL (changed)',
      '+ containerDefinitions[web].environment.DB_PASSWORD (added)',
      '- containerDefinitions[web].environment.FEATURE_FLAGS (removed)',
      '~ containerDefinitions[web].environment.NODE_ENV (changed)'
    ])
    noValues(lines)
  })

  it('secrets, docker labels and log options by name only', () => {
    const next = edit(web, (td) => {
      c(td, 'web').secrets!.push({
        name: 'API_KEY',
        valueFrom: 'arn:aws:ssm:us-east-1:123456789012:parameter/api-key'
      })
      c(td, 'web').dockerLabels = { team: 'checkout', 'com.datadoghq.ad.check_names': '' }
      c(td, 'web').logConfiguration!.options!['mode'] = 'non-blocking'
    })
    const lines = diffTaskDefinitions(web, next)
    expect(lines).toEqual([
      '~ containerDefinitions[web].dockerLabels.team (changed)',
      '+ containerDefinitions[web].logConfiguration.options.mode (added)',
      '+ containerDefinitions[web].secrets.API_KEY (added)'
    ])
    noValues(lines)
  })

  it('a whole list or block added or removed is still listed by name, without values', () => {
    const bare = edit(web, (td) => {
      delete c(td, 'web').environment
      delete c(td, 'web').logConfiguration
      delete c(td, 'web').dockerLabels
    })
    const added = diffTaskDefinitions(bare, web)
    expect(added).toContain('+ containerDefinitions[web].environment.DATABASE_URL (added)')
    expect(
      added.some((l) => l.startsWith('+ containerDefinitions[web].logConfiguration.options.'))
    ).toBe(true)
    expect(added).toContain('+ containerDefinitions[web].logConfiguration.logDriver = awslogs')
    noValues(added)
    const removed = diffTaskDefinitions(web, bare)
    expect(removed).toContain('- containerDefinitions[web].environment.DATABASE_URL (removed)')
    noValues(removed)
  })

  it('a sidecar entry of a keyed list holding secrets is expanded, not printed whole', () => {
    const next = edit(web, (td) => {
      td.volumes = [{ name: 'v', dockerVolumeConfiguration: { scope: 'task', labels: { a: 'b' } } }]
      c(td, 'web').secrets = [{ name: 'TOKEN', valueFrom: SECRET }]
    })
    const lines = diffTaskDefinitions(web, next)
    noValues(lines)
    expect(lines.join('\n')).toContain('containerDefinitions[web].secrets.TOKEN (added)')
  })

  it('shows the values only when asked', () => {
    const next = edit(web, (td) => {
      c(td, 'web').environment!.push({ name: 'DB_PASSWORD', value: SECRET })
    })
    expect(diffTaskDefinitions(web, next)).toEqual([
      '+ containerDefinitions[web].environment.DB_PASSWORD (added)'
    ])
    expect(diffTaskDefinitions(web, next, { showValues: true })).toEqual([
      `+ containerDefinitions[web].environment.DB_PASSWORD = "${SECRET}"`
    ])
  })
})

describe('normalizeTaskDefinition', () => {
  it('drops read-only members and keeps empty strings', () => {
    const raw = JSON.parse(
      readFileSync(
        new URL('../../../__fixtures__/taskdef/describe-web.json', import.meta.url),
        'utf8'
      )
    ) as { taskDefinition: TaskDef }
    const n = normalizeTaskDefinition(raw.taskDefinition)
    expect(n).not.toHaveProperty('revision')
    expect(n).not.toHaveProperty('taskDefinitionArn')
    expect(JSON.stringify(n)).toContain('{"name":"FEATURE_FLAGS","value":""}')
  })

  it('does not modify its input', () => {
    const copy = structuredClone(written)
    normalizeTaskDefinition(written)
    expect(written).toEqual(copy)
  })
})
