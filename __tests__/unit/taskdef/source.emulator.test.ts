/**
 * loadTaskDefinitionSource against the in-process emulator: it reads what
 * chooseTaskDefinitionSource chose, and the target service's revision only
 * once when it is both the base and what the diff compares with.
 */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ECSClient, RegisterTaskDefinitionCommand } from '@aws-sdk/client-ecs'
import { startEmulator, type Emulator } from '../../../test-support/emulator/server.js'
import {
  chooseTaskDefinitionSource,
  loadTaskDefinitionSource
} from '../../../src/taskdef/source.js'
import type { TaskDef } from '../../../src/taskdef/clean.js'
import { MemoryLogger } from '../../../src/util/log.js'

const credentials = { accessKeyId: 'test', secretAccessKey: 'test' }
const td = (image: string) => ({
  family: 'web',
  containerDefinitions: [{ name: 'app', image, memory: 256 }]
})

let emulator: Emulator
let ecs: ECSClient
let v1: string
let v2: string
let log: MemoryLogger

beforeEach(async () => {
  emulator = await startEmulator({ mode: 'manual' })
  ecs = new ECSClient({ region: 'us-east-1', endpoint: emulator.url, credentials, maxAttempts: 1 })
  v1 = (await ecs.send(new RegisterTaskDefinitionCommand(td('app:1')))).taskDefinition!
    .taskDefinitionArn!
  v2 = (await ecs.send(new RegisterTaskDefinitionCommand(td('app:2')))).taskDefinition!
    .taskDefinitionArn!
  log = new MemoryLogger()
})
afterEach(async () => {
  await emulator.close()
})

const reads = (): string[] =>
  emulator
    .calls({ operation: 'DescribeTaskDefinition' })
    .map((c) => (c.input as { taskDefinition: string }).taskDefinition)
const imageOf = (t: TaskDef): string | undefined => t.containerDefinitions?.[0]?.image

describe('loadTaskDefinitionSource', () => {
  it("starts from the service's revision, read once for the base and the diff", async () => {
    const web = { serviceName: 'web', taskDefinition: v2 }
    const choice = chooseTaskDefinitionSource({ kind: 'service' }, { target: web, base: web })
    const loaded = await loadTaskDefinitionSource(ecs, choice, log)
    expect(imageOf(loaded.base)).toBe('app:2')
    expect(loaded.current?.arn).toBe(v2)
    expect(loaded.current?.taskDefinition).toEqual(loaded.base)
    expect(reads()).toEqual([v2])
    expect(log.lines).toEqual([`Task definition from the service's current revision ${v2}.`])
  })

  it('starts from a family revision and compares with what the service runs', async () => {
    const web = { serviceName: 'web', taskDefinition: v2 }
    const choice = chooseTaskDefinitionSource(
      { kind: 'family', reference: 'web:1' },
      { target: web, base: web }
    )
    const loaded = await loadTaskDefinitionSource(ecs, choice, log)
    expect(imageOf(loaded.base)).toBe('app:1')
    expect(loaded.current?.arn).toBe(v2)
    expect(imageOf(loaded.current!.taskDefinition)).toBe('app:2')
    expect(reads()).toEqual(['web:1', v2])
  })

  it('starts from a file; a new preview has nothing to compare with', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'source-'))
    const path = join(dir, 'td.json')
    writeFileSync(path, JSON.stringify(td('app:file')))
    const choice = chooseTaskDefinitionSource(
      { kind: 'file', path },
      { base: { serviceName: 'web', taskDefinition: v1 } }
    )
    const loaded = await loadTaskDefinitionSource(ecs, choice, log)
    expect(imageOf(loaded.base)).toBe('app:file')
    expect(loaded.current).toBeUndefined()
    expect(reads()).toEqual([])
    expect(log.lines).toEqual([`Task definition from ${path}.`])
  })

  it("a new preview starts from the base service's revision, without a current one", async () => {
    const choice = chooseTaskDefinitionSource(
      { kind: 'service' },
      { base: { serviceName: 'web', taskDefinition: v1 } }
    )
    const loaded = await loadTaskDefinitionSource(ecs, choice, log)
    expect(imageOf(loaded.base)).toBe('app:1')
    expect(loaded.current).toBeUndefined()
    expect(reads()).toEqual([v1])
  })
})
