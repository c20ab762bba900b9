/**
 * The one-off task's I/O against the in-process emulator (manual steps, so
 * every state is reached on purpose): RunTask's lifecycle, idempotency and
 * checks, the log follower reading each line once, and runOneOffTask's
 * verdict and StopTask on cancel.
 */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs'
import {
  DescribeTasksCommand,
  ECSClient,
  RegisterTaskDefinitionCommand,
  RunTaskCommand,
  StopTaskCommand,
  type RegisterTaskDefinitionCommandInput
} from '@aws-sdk/client-ecs'
import { startEmulator, type Emulator } from '../../../test-support/emulator/server.js'
import { LogFollower } from '../../../src/task/logs.js'
import { runOneOffTask } from '../../../src/task/run.js'
import { MemoryLogger } from '../../../src/util/log.js'
import { FakeClock } from '../../../test-support/fake-clock.js'

const credentials = { accessKeyId: 'test', secretAccessKey: 'test' }
const NETWORK = {
  awsvpcConfiguration: {
    subnets: ['subnet-0a1b2c3d4e5f60718'],
    assignPublicIp: 'DISABLED' as const
  }
}
const TD: RegisterTaskDefinitionCommandInput = {
  family: 'migrate',
  networkMode: 'awsvpc',
  requiresCompatibilities: ['FARGATE'],
  cpu: '256',
  memory: '512',
  executionRoleArn: 'arn:aws:iam::123456789012:role/exec',
  containerDefinitions: [
    {
      name: 'app',
      image: 'registry.example.com/app:1',
      logConfiguration: {
        logDriver: 'awslogs',
        options: { 'awslogs-group': '/ecs/app', 'awslogs-stream-prefix': 'run' }
      }
    }
  ]
}

let emulator: Emulator
let ecs: ECSClient
let logs: CloudWatchLogsClient
let arn: string

beforeEach(async () => {
  emulator = await startEmulator({ mode: 'manual' })
  const options = { region: 'us-east-1', endpoint: emulator.url, credentials, maxAttempts: 1 }
  ecs = new ECSClient(options)
  logs = new CloudWatchLogsClient(options)
  const out = await ecs.send(new RegisterTaskDefinitionCommand(TD))
  arn = out.taskDefinition!.taskDefinitionArn!
})
afterEach(async () => {
  await emulator.close()
})

const run = (extra: Record<string, unknown> = {}) =>
  ecs.send(
    new RunTaskCommand({
      taskDefinition: arn,
      launchType: 'FARGATE',
      networkConfiguration: NETWORK,
      startedBy: 'GitHub-Actions',
      ...extra
    })
  )
const describeTask = async (taskArn: string) =>
  (await ecs.send(new DescribeTasksCommand({ tasks: [taskArn] }))).tasks![0]!

describe('emulated RunTask', () => {
  it('starts, runs for a while writing its lines, and exits with the chosen code', async () => {
    emulator.setTaskScenario('migrate', {
      exitCode: 3,
      startSteps: 2,
      runSteps: 4,
      logLines: ['a', 'b', 'c', 'd']
    })
    const out = await run({
      overrides: { containerOverrides: [{ name: 'app', command: ['migrate'] }] }
    })
    const task = out.tasks![0]!
    expect(task).toMatchObject({
      lastStatus: 'PROVISIONING',
      desiredStatus: 'RUNNING',
      group: 'family:migrate',
      startedBy: 'GitHub-Actions',
      launchType: 'FARGATE',
      platformVersion: '1.4.0',
      overrides: { containerOverrides: [{ name: 'app', command: ['migrate'] }] }
    })
    expect(task.attachments![0]!.type).toBe('ElasticNetworkInterface')
    const id = task.taskArn!.split('/').pop()!
    const stream = `run/app/${id}`
    emulator.advance(2)
    expect((await describeTask(task.taskArn!)).lastStatus).toBe('RUNNING')
    emulator.advance(2)
    expect(emulator.state().logs['/ecs/app']![stream]).toEqual(['a', 'b'])
    emulator.advance(2)
    const exited = await describeTask(task.taskArn!)
    expect(exited.lastStatus).toBe('DEACTIVATING')
    expect(exited.containers![0]!.exitCode).toBe(3)
    emulator.advance(2)
    const stopped = await describeTask(task.taskArn!)
    expect(stopped).toMatchObject({
      lastStatus: 'STOPPED',
      stopCode: 'EssentialContainerExited',
      stoppedReason: 'Essential container in task exited'
    })
    expect(emulator.state().logs['/ecs/app']![stream]).toEqual(['a', 'b', 'c', 'd'])
  })

  it('a client token used again returns the same task; checks what ECS checks', async () => {
    const first = await run({ clientToken: 'tok-1' })
    const again = await run({ clientToken: 'tok-1' })
    expect(again.tasks![0]!.taskArn).toBe(first.tasks![0]!.taskArn)
    await expect(run({ clientToken: 'tok-1', startedBy: 'other' })).rejects.toMatchObject({
      name: 'InvalidParameterException'
    })
    await expect(run({ networkConfiguration: undefined })).rejects.toMatchObject({
      name: 'InvalidParameterException',
      message: "Network Configuration must be provided when networkMode 'awsvpc' is specified."
    })
    await expect(
      run({ overrides: { containerOverrides: [{ name: 'nope' }] } })
    ).rejects.toMatchObject({ name: 'InvalidParameterException' })
    await expect(
      run({ capacityProviderStrategy: [{ capacityProvider: 'FARGATE_SPOT', weight: 1 }] })
    ).rejects.toMatchObject({ name: 'InvalidParameterException' })
    await expect(run({ taskDefinition: 'migrate:9' })).rejects.toMatchObject({
      name: 'ClientException'
    })
  })

  it("the control API sets a family's task scenario", async () => {
    const res = await fetch(`${emulator.url}/_emulator/task-scenario`, {
      method: 'POST',
      body: JSON.stringify({ family: 'migrate', scenario: { exitCode: 7, runSteps: 1 } })
    })
    expect(res.status).toBe(200)
    const task = (await run()).tasks![0]!
    emulator.advance(6)
    expect(await describeTask(task.taskArn!)).toMatchObject({
      lastStatus: 'STOPPED',
      containers: [expect.objectContaining({ exitCode: 7 })]
    })
  })

  it('StopTask: the running container gets SIGTERM (143), stop code UserInitiated', async () => {
    emulator.setTaskScenario('migrate', { runSteps: 100 })
    const task = (await run()).tasks![0]!
    emulator.advance(3)
    await ecs.send(new StopTaskCommand({ task: task.taskArn!, reason: 'cancelled' }))
    emulator.advance(2)
    expect(await describeTask(task.taskArn!)).toMatchObject({
      lastStatus: 'STOPPED',
      stopCode: 'UserInitiated',
      stoppedReason: 'cancelled',
      containers: [expect.objectContaining({ exitCode: 143 })]
    })
  })
})

describe('LogFollower', () => {
  it('nothing before the stream exists; then each line once, across pages; multi-line events split', async () => {
    const follower = new LogFollower(logs, { container: 'app', group: '/ecs/app', stream: 's/1' })
    expect(await follower.poll()).toEqual([])
    emulator.putLogLines('/ecs/app', 's/1', ['one', 'two\nthree\n'])
    expect(await follower.poll()).toEqual(['one', 'two', 'three'])
    expect(await follower.poll()).toEqual([])
    const many = Array.from({ length: 10_500 }, (_, i) => `line ${i}`)
    emulator.putLogLines('/ecs/app', 's/1', many)
    const read = await follower.poll()
    expect(read).toEqual(many)
    expect(await follower.poll()).toEqual([])
    expect(follower.lastLines()).toEqual(many.slice(-30))
  })
})

describe('runOneOffTask', () => {
  /** A clock whose sleeps advance the emulator instead of waiting. */
  function steppingClock(stepsPerSleep: number, onSleep?: (n: number) => void): FakeClock {
    const clock = new FakeClock(0)
    clock.onSleep = (n) => {
      onSleep?.(n)
      emulator.advance(stepsPerSleep)
    }
    return clock
  }
  const base = () => ({
    ecs,
    logs,
    logsForRegion: () => logs,
    request: {
      cluster: 'default',
      taskDefinition: arn,
      launchType: 'FARGATE' as const,
      networkConfiguration: NETWORK
    },
    taskDefinition: TD,
    mainContainer: 'app',
    wait: true,
    timeoutMs: 600_000,
    pollMs: 3_000,
    onStarted: () => undefined
  })

  it('prints the lines as they come and returns the verdict', async () => {
    emulator.setTaskScenario('migrate', {
      exitCode: 0,
      runSteps: 6,
      logLines: ['x', '::error::y', 'z']
    })
    const log = new MemoryLogger()
    const result = await runOneOffTask({
      ...base(),
      log,
      clock: steppingClock(2),
      signal: new AbortController().signal
    })
    expect(result.status).toBe('stopped')
    if (result.status !== 'stopped') return
    expect(result.outcome.succeeded).toBe(true)
    expect(result.outcome.exitCode).toBe(0)
    const printed = log.lines.filter((l) => l.startsWith('app | '))
    expect(printed).toEqual(['app | x', 'app | ::error::y', 'app | z'])
    // The lines came while the task ran: before the STOPPED line.
    const stoppedAt = log.lines.findIndex((l) => / STOPPED /.test(l))
    expect(log.lines.indexOf('app | x')).toBeLessThan(stoppedAt)
  })

  it('a cancelled run stops the task before it returns', async () => {
    emulator.setTaskScenario('migrate', { runSteps: 1000 })
    const abort = new AbortController()
    const log = new MemoryLogger()
    await expect(
      runOneOffTask({
        ...base(),
        log,
        clock: steppingClock(2, (n) => n === 3 && abort.abort()),
        signal: abort.signal
      })
    ).rejects.toThrow('Cancelled: stopped the one-off task')
    const stop = emulator.calls({ operation: 'StopTask' })
    expect(stop).toHaveLength(1)
  })

  it('a task ECS could not place is reported with the failure reason', async () => {
    emulator.setTaskScenario('migrate', { placementFailure: 'RESOURCE:MEMORY' })
    await expect(
      runOneOffTask({
        ...base(),
        log: new MemoryLogger(),
        clock: steppingClock(1),
        signal: new AbortController().signal
      })
    ).rejects.toThrow(
      'RunTask started no task: RESOURCE:MEMORY for arn:aws:ecs:us-east-1:123456789012:cluster/default.'
    )
  })

  it('RunTask failures are reported with their reason, not as [null]', async () => {
    emulator.injectFault({ operation: 'RunTask', code: 'AccessDeniedException' })
    await expect(
      runOneOffTask({
        ...base(),
        log: new MemoryLogger(),
        clock: steppingClock(1),
        signal: new AbortController().signal
      })
    ).rejects.toThrow(
      /RunTask .* failed: AccessDeniedException: User: .* is not authorized to perform: ecs:RunTask/
    )
  })
})
