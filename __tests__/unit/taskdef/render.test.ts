import { readFileSync } from 'node:fs'
import { describe, expect, it } from '@jest/globals'
import { cleanTaskDefinition, type TaskDef } from '../../../src/taskdef/clean.js'
import {
  mergeEnvironment,
  renderTaskDefinition,
  resolveContainerName
} from '../../../src/taskdef/render.js'
import { ActionError } from '../../../src/util/errors.js'

function fixture(name: string): TaskDef {
  return cleanTaskDefinition(
    JSON.parse(
      readFileSync(new URL(`../../../__fixtures__/taskdef/${name}`, import.meta.url), 'utf8')
    )
  )
}

const single = fixture('describe-web.json')
const multi = fixture('multi-container.json')

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v)
    Object.freeze(value)
  }
  return value
}

describe('resolveContainerName', () => {
  it.each<[string, TaskDef, string | undefined, string]>([
    ['the only container when none is named', single, undefined, 'web'],
    ['the only container for an empty name', single, '', 'web'],
    ['the named one', multi, 'migrate', 'migrate'],
    ['the named one when it is the only one', single, 'web', 'web']
  ])('%s', (_name, td, requested, expected) => {
    expect(resolveContainerName(td, requested)).toBe(expected)
  })

  it.each<[string, TaskDef, string | undefined, string]>([
    [
      'several and none named',
      multi,
      undefined,
      'Task definition shop-api has 3 containers ("api", "migrate", "log-router"); set `container-name` to the one that gets the image.'
    ],
    [
      'a name that is not there',
      multi,
      'worker',
      '`container-name`: task definition shop-api has no container "worker"; its containers: "api", "migrate", "log-router".'
    ],
    [
      'a name in the wrong case',
      single,
      'Web',
      '`container-name`: task definition shop-web has no container "Web" (names are case-sensitive: did you mean "web"?); its containers: "web".'
    ]
  ])('%s fails with the names', (_name, td, requested, message) => {
    expect(() => resolveContainerName(td, requested)).toThrow(new ActionError(message))
  })
})

describe('renderTaskDefinition', () => {
  const image = `123456789012.dkr.ecr.us-east-1.amazonaws.com/shop@sha256:${'b'.repeat(64)}`

  it('sets the image of the chosen container only', () => {
    const out = renderTaskDefinition(multi, { containerName: 'migrate', image, environment: [] })
    expect(out.containerDefinitions!.map((c) => c.image)).toEqual([
      multi.containerDefinitions![0]!.image,
      image,
      multi.containerDefinitions![2]!.image
    ])
  })

  it('changes nothing else', () => {
    const out = renderTaskDefinition(single, { containerName: 'web', image, environment: [] })
    const expected = structuredClone(single)
    expected.containerDefinitions![0]!.image = image
    expect(out).toEqual(expected)
  })

  it('never mutates its input and shares no objects with it', () => {
    const frozen = deepFreeze(structuredClone(single))
    const out = renderTaskDefinition(frozen, {
      containerName: 'web',
      image,
      environment: [{ name: 'NEW', value: '1' }],
      family: 'shop-web-pr-7'
    })
    expect(frozen.family).toBe('shop-web')
    out.containerDefinitions![0]!.portMappings![0]!.containerPort = 1
    expect(frozen.containerDefinitions![0]!.portMappings![0]!.containerPort).toBe(8080)
  })

  it('merges environment: same name replaced in place, new ones appended in input order', () => {
    const out = renderTaskDefinition(single, {
      containerName: 'web',
      image,
      environment: [
        { name: 'ZED', value: 'last' },
        { name: 'FEATURE_FLAGS', value: 'checkout-v2=on' },
        { name: 'ALPHA', value: '' }
      ]
    })
    expect(out.containerDefinitions![0]!.environment).toEqual([
      { name: 'NODE_ENV', value: 'production' },
      { name: 'FEATURE_FLAGS', value: 'checkout-v2=on' },
      { name: 'DATABASE_URL', value: 'postgres://shop@db.internal:5432/shop?sslmode=require' },
      { name: 'ZED', value: 'last' },
      { name: 'ALPHA', value: '' }
    ])
  })

  it('adds an environment to a container that had none, only when there is something to add', () => {
    const bare: TaskDef = { family: 'f', containerDefinitions: [{ name: 'a', image: 'old' }] }
    expect(
      renderTaskDefinition(bare, { containerName: 'a', image: 'new', environment: [] })
        .containerDefinitions![0]
    ).toEqual({ name: 'a', image: 'new' })
    expect(
      renderTaskDefinition(bare, {
        containerName: 'a',
        image: 'new',
        environment: [{ name: 'A', value: '1' }]
      }).containerDefinitions![0]
    ).toEqual({ name: 'a', image: 'new', environment: [{ name: 'A', value: '1' }] })
  })

  it('renames the family for a preview and keeps everything else', () => {
    const out = renderTaskDefinition(single, {
      containerName: 'web',
      image,
      environment: [],
      family: 'shop-web-pr-17'
    })
    expect(out.family).toBe('shop-web-pr-17')
    expect(out.tags).toEqual(single.tags)
  })

  it('keeps members unknown to the SDK', () => {
    const future = { ...single, futureTopLevel: { a: 1 } } as TaskDef
    const out = renderTaskDefinition(future, { containerName: 'web', image, environment: [] })
    expect(out).toHaveProperty('futureTopLevel', { a: 1 })
  })

  it('fails with the container names for a container that is not there', () => {
    expect(() =>
      renderTaskDefinition(multi, { containerName: 'nope', image, environment: [] })
    ).toThrow('its containers: "api", "migrate", "log-router"')
  })
})

describe('mergeEnvironment', () => {
  it.each<
    [
      string,
      Array<{ name: string; value: string }>,
      Array<{ name: string; value: string }>,
      unknown
    ]
  >([
    ['nothing to merge', [{ name: 'A', value: '1' }], [], [{ name: 'A', value: '1' }]],
    ['into nothing', [], [{ name: 'A', value: '1' }], [{ name: 'A', value: '1' }]],
    [
      'replaces every entry of a duplicated name',
      [
        { name: 'A', value: '1' },
        { name: 'B', value: '2' },
        { name: 'A', value: '3' }
      ],
      [{ name: 'A', value: 'x' }],
      [
        { name: 'A', value: 'x' },
        { name: 'B', value: '2' },
        { name: 'A', value: 'x' }
      ]
    ],
    [
      'replaces with an empty value',
      [{ name: 'A', value: '1' }],
      [{ name: 'A', value: '' }],
      [{ name: 'A', value: '' }]
    ]
  ])('%s', (_name, current, changes, expected) => {
    const before = structuredClone(current)
    expect(mergeEnvironment(current, changes)).toEqual(expected)
    expect(current).toEqual(before)
  })
})
