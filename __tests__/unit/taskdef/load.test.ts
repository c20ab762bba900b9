import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeEach, describe, expect, it } from '@jest/globals'
import {
  ClientException,
  DescribeTaskDefinitionCommand,
  ECSClient,
  ServerException
} from '@aws-sdk/client-ecs'
import { mockClient } from 'aws-sdk-client-mock'
import {
  fetchTaskDefinition,
  loadTaskDefinitionFile,
  parseTaskDefinitionText
} from '../../../src/taskdef/load.js'
import { ActionError } from '../../../src/util/errors.js'

const fixtures = new URL('../../../__fixtures__/taskdef/', import.meta.url).pathname
const registered: unknown = JSON.parse(readFileSync(join(fixtures, 'web.registered.json'), 'utf8'))
const dir = mkdtempSync(join(tmpdir(), 'taskdef-load-'))

function write(name: string, content: string): string {
  const file = join(dir, name)
  writeFileSync(file, content)
  return file
}

async function failure(promise: Promise<unknown>): Promise<string> {
  try {
    await promise
  } catch (error) {
    expect(error).toBeInstanceOf(ActionError)
    return (error as Error).message
  }
  throw new Error('expected a failure')
}

describe('loadTaskDefinitionFile', () => {
  it.each(['describe-web.json', 'describe-web.pascal.json', 'web.yaml', 'web.registered.json'])(
    '%s loads as the registrable definition',
    async (name) => {
      await expect(loadTaskDefinitionFile(join(fixtures, name))).resolves.toEqual(registered)
    }
  )

  it('reads YAML whatever the file is called, and flow-style YAML starting with {', async () => {
    const yamlNamedJson = write(
      'td.json',
      'family: f\ncontainerDefinitions:\n  - name: a\n    image: i\n'
    )
    await expect(loadTaskDefinitionFile(yamlNamedJson)).resolves.toEqual({
      family: 'f',
      containerDefinitions: [{ name: 'a', image: 'i' }]
    })
    const flow = write('flow.yaml', '{family: f, containerDefinitions: [{name: a, image: i}]}')
    await expect(loadTaskDefinitionFile(flow)).resolves.toEqual({
      family: 'f',
      containerDefinitions: [{ name: 'a', image: 'i' }]
    })
  })

  it('keeps YAML 1.2 strings such as yes/no and supports merge keys', async () => {
    const file = write(
      'merge.yaml',
      [
        'family: f',
        'x-common: &common',
        '  essential: true',
        '  environment: [{name: ENABLED, value: yes}]',
        'containerDefinitions:',
        '  - <<: *common',
        '    name: a',
        '    image: i'
      ].join('\n')
    )
    const td = (await loadTaskDefinitionFile(file)) as unknown as Record<string, unknown>
    expect(td['containerDefinitions']).toEqual([
      { essential: true, environment: [{ name: 'ENABLED', value: 'yes' }], name: 'a', image: 'i' }
    ])
  })

  it.each<[string, string, string]>([
    [
      'broken JSON',
      '{\n  "family": "f",\n  containerDefinitions: [\n}',
      'broken.json:3:3 is not valid JSON'
    ],
    [
      'broken YAML',
      'family: f\ncontainerDefinitions:\n  - name: a\n   image: i\n',
      'broken.yaml:4:'
    ],
    ['duplicate YAML keys', 'family: f\nfamily: g\n', 'duplicate.yaml:2:1 is not valid YAML'],
    ['an empty file', '  \n', 'empty.json is empty'],
    ['a YAML scalar', 'just text', 'scalar.yaml is not a task definition']
  ])('%s names the input, the file and the position', async (_name, content, expected) => {
    const fileName = expected.split(/[: ]/)[0]!
    const file = write(fileName, content)
    const message = await failure(loadTaskDefinitionFile(file))
    expect(message).toContain(expected.replace(fileName, file))
    expect(message).toContain('`task-definition`')
  })

  it('a missing file names the input and the working directory', async () => {
    const message = await failure(loadTaskDefinitionFile(join(dir, 'nope.json')))
    expect(message).toBe(
      `\`task-definition\`: the file ${join(dir, 'nope.json')} does not exist (paths are relative to the workspace, ${process.cwd()}).`
    )
  })

  it('a directory is not a file', async () => {
    expect(await failure(loadTaskDefinitionFile(dir))).toContain('is a directory')
  })

  it('a definition ECS would reject names the file', async () => {
    const file = write('nofamily.json', '{"containerDefinitions": [{"name": "a"}]}')
    expect(await failure(loadTaskDefinitionFile(file))).toBe(
      `The task definition in the \`task-definition\` file ${file} cannot be registered:\n- family: missing; add "family": "<name>".`
    )
  })

  it('parseTaskDefinitionText strips a byte order mark', async () => {
    await expect(parseTaskDefinitionText('\uFEFF{"a": 1}', 'x.json')).resolves.toEqual({ a: 1 })
  })
})

describe('fetchTaskDefinition', () => {
  const ecsMock = mockClient(ECSClient)
  const ecs = new ECSClient({
    region: 'us-east-1',
    credentials: { accessKeyId: 'a', secretAccessKey: 'b' }
  })
  const describeOutput = JSON.parse(readFileSync(join(fixtures, 'describe-web.json'), 'utf8')) as {
    taskDefinition: Record<string, unknown>
    tags: unknown[]
  }

  beforeEach(() => {
    ecsMock.reset()
  })

  it('describes with tags and returns the cleaned definition with its tags and ARN', async () => {
    ecsMock.on(DescribeTaskDefinitionCommand).resolves({
      taskDefinition: { ...describeOutput.taskDefinition, registeredAt: new Date() },
      tags: describeOutput.tags
    } as never)
    const result = await fetchTaskDefinition(ecs, 'shop-web')
    expect(ecsMock.commandCalls(DescribeTaskDefinitionCommand).map((c) => c.args[0].input)).toEqual(
      [{ taskDefinition: 'shop-web', include: ['TAGS'] }]
    )
    expect(result.arn).toBe('arn:aws:ecs:us-east-1:123456789012:task-definition/shop-web:41')
    expect(result.taskDefinition).toEqual(registered)
  })

  it('leaves tags out when ECS returns none', async () => {
    ecsMock.on(DescribeTaskDefinitionCommand).resolves({
      taskDefinition: { ...describeOutput.taskDefinition },
      tags: []
    })
    const { taskDefinition } = await fetchTaskDefinition(ecs, 'shop-web:41')
    expect(taskDefinition).not.toHaveProperty('tags')
  })

  it('an unknown family names the task-definition-family input and the region', async () => {
    ecsMock
      .on(DescribeTaskDefinitionCommand)
      .rejects(
        new ClientException({ message: 'Unable to describe task definition.', $metadata: {} })
      )
    expect(await failure(fetchTaskDefinition(ecs, 'shop-wbe'))).toBe(
      '`task-definition-family`: shop-wbe was not found in us-east-1 (Unable to describe task definition.). Check the family name, the revision and the region.'
    )
  })

  it("a service's unreadable revision says whose revision it is", async () => {
    ecsMock
      .on(DescribeTaskDefinitionCommand)
      .rejects(
        new ClientException({ message: 'Unable to describe task definition.', $metadata: {} })
      )
    const arn = 'arn:aws:ecs:us-east-1:123456789012:task-definition/shop-web:7'
    const message = await failure(fetchTaskDefinition(ecs, arn, 'web'))
    expect(message).toContain(`The task definition ${arn} that service web runs could not be read`)
    expect(message).toContain('set `task-definition` or `task-definition-family`')
  })

  it('other AWS errors are described with what was being done', async () => {
    ecsMock
      .on(DescribeTaskDefinitionCommand)
      .rejects(new ServerException({ message: 'Internal error', $metadata: {} }))
    expect(await failure(fetchTaskDefinition(ecs, 'shop-web'))).toContain(
      'Reading the task definition shop-web failed: ServerException: Internal error.'
    )
  })
})
