import { beforeEach, describe, expect, it } from '@jest/globals'
import { mockClient } from 'aws-sdk-client-mock'
import {
  AccessDeniedException,
  DescribeServicesCommand,
  DescribeTasksCommand,
  ECSClient,
  ListTasksCommand,
  UpdateServiceCommand,
  type Deployment,
  type Service,
  type ServiceEvent
} from '@aws-sdk/client-ecs'
import {
  AccessDeniedException as LogsAccessDenied,
  CloudWatchLogsClient,
  GetLogEventsCommand
} from '@aws-sdk/client-cloudwatch-logs'
import {
  formatElapsed,
  POLL_INTERVAL_MS,
  STANDING_EVERY_MS,
  watchDeployment,
  type WatchOptions
} from '../../../src/deploy/watch.js'
import { DIAGNOSTICS_BUDGET_MS } from '../../../src/deploy/diagnostics.js'
import { ActionError } from '../../../src/util/errors.js'
import { MemoryLogger } from '../../../src/util/log.js'
import { FakeClock } from '../../../test-support/fake-clock.js'
import {
  NEW_ID as NEW,
  OLD_ID as OLD,
  OTHER_ID as OTHER,
  ROLLBACK_ID as ROLLBACK,
  T0,
  ecsDeployment,
  ecsEvent as event,
  ecsPreviousDeployment,
  ecsService,
  exitedTask,
  taskArn,
  taskDefinitionArn,
  webLogConfiguration
} from '../../../test-support/deployments.js'

const TD = taskDefinitionArn(43, 'eu-west-1')
const TD_OLD = taskDefinitionArn(42, 'eu-west-1')
const TD_OTHER = taskDefinitionArn(44, 'eu-west-1')
/** The watch starts half a second after ECS created the deployment. */
const START = T0 + 500
const TASK = 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'

const ecs = new ECSClient({ region: 'eu-west-1' })
const ecsMock = mockClient(ecs)
const logs = new CloudWatchLogsClient({ region: 'eu-west-1' })
const logsMock = mockClient(logs)

/** This suite's service wants 2 tasks, in eu-west-1. */
function ours(over: Partial<Deployment> = {}): Deployment {
  return ecsDeployment({ taskDefinition: TD, desiredCount: 2, ...over })
}

function previous(over: Partial<Deployment> = {}): Deployment {
  return ecsPreviousDeployment({
    taskDefinition: TD_OLD,
    desiredCount: 2,
    runningCount: 2,
    ...over
  })
}

/** `null`: the service has no circuit breaker configured. */
type Breaker = { enable: boolean; rollback: boolean } | null

function service(
  deployments: Deployment[],
  events: ServiceEvent[] = [],
  breaker: Breaker = { enable: true, rollback: true },
  over: Partial<Service> = {}
): Service {
  return ecsService(deployments, events, breaker, { desiredCount: 2, taskDefinition: TD, ...over })
}

let clock: FakeClock
let log: MemoryLogger
/** Watch-relative times of each DescribeServices call. */
let pollTimes: number[]

/** DescribeServices answers these in turn (a function may throw), then repeats the last. */
function script(...steps: Array<Service | (() => Service)>): void {
  let i = 0
  ecsMock.on(DescribeServicesCommand).callsFake(() => {
    pollTimes.push(clock.now() - START)
    const step = steps[Math.min(i++, steps.length - 1)]!
    return { services: [typeof step === 'function' ? step() : step], failures: [] }
  })
}

function options(over: Partial<WatchOptions> = {}): WatchOptions {
  return {
    ecs,
    logs,
    cluster: 'prod',
    service: 'web',
    deploymentId: NEW,
    taskDefinitionArn: TD,
    taskDefinition: {
      containerDefinitions: [
        {
          name: 'web',
          logConfiguration: webLogConfiguration()
        }
      ]
    },
    previousTaskDefinitionArn: TD_OLD,
    timeoutMs: 30 * 60_000,
    rollbackOnFailure: true,
    clock,
    log,
    ...over
  }
}

function gaps(times: number[]): number[] {
  return times.slice(1).map((t, i) => t - times[i]!)
}

beforeEach(() => {
  ecsMock.reset()
  logsMock.reset()
  clock = new FakeClock(START)
  log = new MemoryLogger()
  pollTimes = []
  ecsMock.on(ListTasksCommand).resolves({ taskArns: [taskArn(TASK, 'eu-west-1')] })
  ecsMock.on(DescribeTasksCommand).resolves({
    tasks: [exitedTask(TASK, { stoppedAt: new Date(T0 + 8000) }, 'eu-west-1')]
  })
  logsMock.on(GetLogEventsCommand).resolves({
    events: [{ message: 'listening on :8080' }, { message: 'Error: DATABASE_URL is not set' }]
  })
})

describe('watchDeployment: success', () => {
  const started = event(1, `(service web) has started 2 tasks: (task ${TASK}) (task b).`)
  const history = event(-3600, '(service web) has reached a steady state.')
  // Just before this run's deployment: still history, however close.
  const justBefore = event(-0.4, '(service web) has stopped 1 running tasks: (task old).')

  beforeEach(() =>
    script(
      service([ours({ pendingCount: 2 }), previous()], [history, justBefore, started]),
      service(
        [ours({ runningCount: 1, pendingCount: 1 }), previous({ runningCount: 1 })],
        [history, started]
      ),
      service(
        [
          ours({
            runningCount: 2,
            rolloutState: 'COMPLETED',
            rolloutStateReason: `ECS deployment ${NEW} completed.`
          })
        ],
        [
          history,
          started,
          event(12, `(service web) (deployment ${NEW}) deployment completed.`),
          event(12, '(service web) has reached a steady state.')
        ]
      )
    )
  )

  it('polls at once, then every 5 s, and stops at COMPLETED', async () => {
    const result = await watchDeployment(options())
    expect(result).toMatchObject({
      outcome: 'completed',
      deploymentId: NEW,
      rolledBack: false,
      runningTaskDefinition: TD,
      polls: 3,
      elapsedMs: 10_000
    })
    expect(result.diagnostics).toBeUndefined()
    expect(pollTimes).toEqual([0, 5000, 10_000])
    expect(clock.sleeps).toEqual([5000, 5000])
    expect(ecsMock.commandCalls(DescribeServicesCommand)[0]!.args[0].input).toEqual({
      cluster: 'prod',
      services: ['web']
    })
    expect(ecsMock.commandCalls(ListTasksCommand)).toHaveLength(0)
  })

  it('prints each event once with its time, counts when they move, no history', async () => {
    await watchDeployment(options())
    const lines = log.lines
    expect(lines.filter((l) => l.includes('has started 2 tasks'))).toEqual([
      `[0:00] 12:00:01 ${started.message}`
    ])
    expect(lines.some((l) => l.includes('12:00:00') || l.includes('11:00:00'))).toBe(false)
    expect(lines.some((l) => l.includes(justBefore.message!))).toBe(false)
    expect(lines).toContain('[0:00] new ecs-svc/…8715 0/2 running, 2 pending · old 2 running')
    expect(lines).toContain('[0:05] new ecs-svc/…8715 1/2 running, 1 pending · old 1 running')
    expect(lines).toContain(`[0:10] 12:00:12 (service web) has reached a steady state.`)
    expect(lines.at(-1)).toBe(`[0:10] Deployment ${NEW} completed: 2/2 tasks running (web:43).`)
  })

  it('adopts the PRIMARY deployment when none is named', async () => {
    const result = await watchDeployment(options({ deploymentId: undefined }))
    expect(result.outcome).toBe('completed')
    expect(result.deploymentId).toBe(NEW)
  })
})

describe('watchDeployment: timeout', () => {
  const stuck = service(
    [ours({ runningCount: 1, pendingCount: 1 }), previous({ runningCount: 1 })],
    [
      event(
        30,
        '(service web) was unable to place a task. Reason: capacity is unavailable at this time.'
      )
    ]
  )

  it('polls every 5 s up to the deadline and says where it stood', async () => {
    script(stuck)
    const result = await watchDeployment(options({ timeoutMs: 60_000 }))
    expect(result.outcome).toBe('timeout')
    expect(result.polls).toBe(13)
    expect(pollTimes[0]).toBe(0)
    expect(pollTimes.at(-1)).toBe(60_000)
    expect(new Set(gaps(pollTimes))).toEqual(new Set([POLL_INTERVAL_MS]))
    expect(result.message).toContain('service web')
    expect(result.message).toContain(NEW)
    expect(result.message).toContain('1/2 running, 1 pending')
    expect(result.message).toContain('rollout IN_PROGRESS')
    expect(result.message).toContain('capacity is unavailable')
    expect(result.message).toContain('continues in ECS')
    expect(result.rolledBack).toBe(false)
    expect(ecsMock.commandCalls(UpdateServiceCommand)).toHaveLength(0)
  })

  it('does not poll past the deadline when it falls between ticks', async () => {
    script(stuck)
    const result = await watchDeployment(options({ timeoutMs: 12_000 }))
    expect(result.outcome).toBe('timeout')
    expect(pollTimes).toEqual([0, 5000, 10_000])
    expect(result.elapsedMs).toBe(12_000)
  })
})

describe('watchDeployment: cancellation', () => {
  it('stops polling at once and says where the deployment stands', async () => {
    script(service([ours({ runningCount: 1, pendingCount: 1 }), previous({ runningCount: 1 })]))
    const controller = new AbortController()
    clock.onSleep = (n) => {
      if (n === 2) controller.abort()
    }
    const result = await watchDeployment(options({ signal: controller.signal }))
    expect(result.outcome).toBe('cancelled')
    expect(result.polls).toBe(2)
    expect(ecsMock.commandCalls(DescribeServicesCommand)).toHaveLength(2)
    expect(result.message).toContain('keeps going in ECS')
    expect(result.message).toContain('1/2 running')
    expect(result.rolledBack).toBe(false)
    expect(ecsMock.commandCalls(UpdateServiceCommand)).toHaveLength(0)
    expect(ecsMock.commandCalls(ListTasksCommand)).toHaveLength(0)
  })

  it('makes no call when cancelled before it starts', async () => {
    script(service([ours()]))
    const controller = new AbortController()
    controller.abort()
    const result = await watchDeployment(options({ signal: controller.signal }))
    expect(result.outcome).toBe('cancelled')
    expect(result.polls).toBe(0)
  })
})

describe('watchDeployment: API errors', () => {
  it('survives throttling that outlasted the SDK retries', async () => {
    const throttled = Object.assign(new Error('Rate exceeded'), {
      name: 'ThrottlingException',
      $metadata: { httpStatusCode: 400 }
    })
    script(
      service([ours({ pendingCount: 2 }), previous()]),
      () => {
        throw throttled
      },
      service([ours({ runningCount: 2, rolloutState: 'COMPLETED' })])
    )
    const result = await watchDeployment(options())
    expect(result.outcome).toBe('completed')
    expect(pollTimes).toEqual([0, 5000, 10_000])
    expect(log.lines).toContain(
      'warning: [0:05] DescribeServices failed (ThrottlingException: Rate exceeded); trying again at the next poll.'
    )
  })

  it('fails on an error retrying cannot fix', async () => {
    ecsMock
      .on(DescribeServicesCommand)
      .rejects(new AccessDeniedException({ message: 'not authorized', $metadata: {} }))
    await expect(watchDeployment(options())).rejects.toBeInstanceOf(ActionError)
  })
})

const CONSOLE =
  'https://eu-west-1.console.aws.amazon.com/ecs/v2/clusters/prod/services/web/deployments?region=eu-west-1'

describe('watchDeployment: standing line', () => {
  it('prints where things stand every 30 s when nothing changed', async () => {
    script(service([ours({ runningCount: 1, pendingCount: 1 }), previous({ runningCount: 1 })]))
    await watchDeployment(options({ timeoutMs: 65_000 }))
    const standing = log.lines.filter((l) => l.includes('still waiting'))
    expect(STANDING_EVERY_MS).toBe(30_000)
    expect(standing).toEqual([
      '[0:30] still waiting (30s): new ecs-svc/…8715 1/2 running, 1 pending · old 1 running; rollout IN_PROGRESS',
      '[1:00] still waiting (1m00s): new ecs-svc/…8715 1/2 running, 1 pending · old 1 running; rollout IN_PROGRESS'
    ])
  })

  it('stays quiet while something changes', async () => {
    let n = 0
    script(() => service([ours({ pendingCount: (n++ % 2) + 1 }), previous()]))
    await watchDeployment(options({ timeoutMs: 65_000 }))
    expect(log.lines.some((l) => l.includes('still waiting'))).toBe(false)
  })
})

describe('watchDeployment: failure without a circuit breaker', () => {
  const rollbackPrimary = (over: Partial<Deployment> = {}): Deployment => ({
    ...previous({ desiredCount: 1, runningCount: 0, pendingCount: 1 }),
    id: ROLLBACK,
    status: 'PRIMARY',
    rolloutState: 'IN_PROGRESS',
    rolloutStateReason: `ECS deployment ${ROLLBACK} in progress.`,
    createdAt: new Date(T0 + 10_000),
    ...over
  })
  /** Then: the rollback deployment as it goes (IN_PROGRESS, then `after`). */
  function failing(
    after: Deployment = rollbackPrimary({
      runningCount: 1,
      pendingCount: 0,
      rolloutState: 'COMPLETED'
    })
  ): void {
    script(
      service(
        [ours({ desiredCount: 1, failedTasks: 1 }), previous({ desiredCount: 1, runningCount: 1 })],
        [],
        null
      ),
      service(
        [ours({ desiredCount: 1, failedTasks: 3 }), previous({ desiredCount: 1, runningCount: 1 })],
        [event(8, `(service web) has stopped 1 running tasks: (task ${TASK}).`)],
        null
      ),
      service(
        [rollbackPrimary(), ours({ status: 'ACTIVE', desiredCount: 0, failedTasks: 3 })],
        [],
        null,
        { taskDefinition: TD_OLD }
      ),
      service([after], [event(25, '(service web) has reached a steady state.')], null, {
        taskDefinition: TD_OLD
      })
    )
    ecsMock.on(UpdateServiceCommand).resolves({
      service: service(
        [rollbackPrimary({ pendingCount: 0 }), ours({ status: 'ACTIVE', failedTasks: 3 })],
        [],
        null,
        { taskDefinition: TD_OLD }
      )
    })
  }

  it('fails at the threshold, starts the rollback and reports at once, without waiting for it', async () => {
    failing()
    const result = await watchDeployment(options())
    expect(result).toMatchObject({
      outcome: 'failed',
      rolledBack: true,
      rollback: {
        by: 'action',
        deploymentId: ROLLBACK,
        taskDefinitionArn: TD_OLD,
        state: 'in-progress'
      },
      deploymentId: NEW,
      consoleUrl: CONSOLE,
      polls: 2,
      elapsedMs: 5000
    })
    const updates = ecsMock.commandCalls(UpdateServiceCommand)
    expect(updates).toHaveLength(1)
    expect(updates[0]!.args[0].input).toEqual({
      cluster: 'prod',
      service: 'web',
      taskDefinition: TD_OLD,
      forceNewDeployment: false
    })
    expect(result.message).toBe(
      `Deployment ${NEW} failed: 3 tasks failed in a row, the threshold ECS's deployment circuit breaker would use for a desired count of 1 (3). The service has no circuit breaker, so ECS would keep retrying. This action is rolling back to web:42 (deployment ${ROLLBACK}); it continues after this step. Service deployments: ${CONSOLE}`
    )
    expect(pollTimes).toEqual([0, 5000])
    expect(log.lines).toContain(
      `[0:05] This action is rolling back to web:42 (deployment ${ROLLBACK}); it continues after this step.`
    )
  })

  it('with wait-for-rollback: follows the rollback until the previous revision is steady again', async () => {
    failing()
    const result = await watchDeployment(options({ waitForRollback: true }))
    expect(result).toMatchObject({
      outcome: 'failed',
      rolledBack: true,
      rollback: { by: 'action', deploymentId: ROLLBACK, state: 'completed' },
      runningTaskDefinition: TD_OLD
    })
    expect(result.message).toContain(
      `Rolled the service back to web:42 (deployment ${ROLLBACK}): the previous revision is steady again.`
    )
    expect(pollTimes).toEqual([0, 5000, 10_000, 15_000])
    expect(log.lines).toContain(
      '[0:10] rollback ecs-svc/…1234 0/1 running, 1 pending · old 0 running, 3 failed'
    )
  })

  it('with wait-for-rollback: reports a rollback that fails too', async () => {
    failing(rollbackPrimary({ pendingCount: 0, failedTasks: 3 }))
    const result = await watchDeployment(options({ waitForRollback: true }))
    expect(result.outcome).toBe('failed')
    expect(result.rollback?.state).toBe('failed')
    expect(result.rolledBack).toBe(true)
    expect(result.message).toContain(
      `The rollback to web:42 (deployment ${ROLLBACK}) failed too: Deployment ${ROLLBACK} failed: 3 tasks failed in a row`
    )
    expect(result.message).toContain('The service may have no healthy tasks.')
  })

  it('with wait-for-rollback: bounded by wait-for-minutes', async () => {
    failing(rollbackPrimary())
    const result = await watchDeployment(options({ waitForRollback: true, timeoutMs: 60_000 }))
    expect(result.rollback?.state).toBe('timeout')
    expect(result.elapsedMs).toBe(60_000)
    expect(result.message).toContain(
      `The rollback to web:42 (deployment ${ROLLBACK}) did not finish within wait-for-minutes (0/1 running, 1 pending`
    )
    expect(result.message).toContain('it continues in ECS.')
  })

  it('collects diagnostics next to the rollback and leaves printing them to the caller', async () => {
    failing()
    const result = await watchDeployment(options())
    expect(result.diagnostics?.stoppedTasks.map((t) => t.taskId)).toEqual([TASK])
    expect(result.diagnostics?.logs[0]?.lines).toEqual([
      'listening on :8080',
      'Error: DATABASE_URL is not set'
    ])
    expect(ecsMock.commandCalls(UpdateServiceCommand)).toHaveLength(1)
    expect(log.lines.some((l) => l.startsWith('Diagnostics for deployment'))).toBe(false)
  })

  it('reports within the diagnostics budget when a diagnostics call hangs', async () => {
    failing()
    ecsMock.on(ListTasksCommand).callsFake(() => new Promise(() => undefined))
    const t0 = Date.now()
    const result = await watchDeployment(options())
    expect(Date.now() - t0).toBeGreaterThanOrEqual(DIAGNOSTICS_BUDGET_MS)
    expect(result.outcome).toBe('failed')
    expect(result.rolledBack).toBe(true)
    expect(result.diagnostics).toBeUndefined()
    expect(log.lines).toContain(
      'warning: Diagnostics: not collected within 2 s; skipped so the failure is reported now.'
    )
  })

  it('without logs permission: a warning naming logs:GetLogEvents, and the rest goes on', async () => {
    failing()
    logsMock
      .on(GetLogEventsCommand)
      .rejects(new LogsAccessDenied({ message: 'not authorized', $metadata: {} }))
    const result = await watchDeployment(options())
    expect(result.outcome).toBe('failed')
    expect(result.rolledBack).toBe(true)
    expect(result.diagnostics?.stoppedTasks).toHaveLength(1)
    expect(result.diagnostics?.logs).toEqual([])
    expect(log.lines.filter((l) => l.startsWith('warning:'))).toEqual([
      expect.stringContaining('logs:GetLogEvents')
    ])
  })

  it('leaves it when rollback-on-failure is false', async () => {
    failing()
    const result = await watchDeployment(options({ rollbackOnFailure: false }))
    expect(result.outcome).toBe('failed')
    expect(result.rolledBack).toBe(false)
    expect(result.rollback).toBeUndefined()
    expect(result.message).toContain('rollback-on-failure: false')
    expect(result.runningTaskDefinition).toBe(TD_OLD)
    expect(ecsMock.commandCalls(UpdateServiceCommand)).toHaveLength(0)
    expect(result.polls).toBe(2)
  })

  it('does not roll back when the previous revision is the one deployed', async () => {
    failing()
    const result = await watchDeployment(options({ previousTaskDefinitionArn: TD }))
    expect(result.rolledBack).toBe(false)
    expect(ecsMock.commandCalls(UpdateServiceCommand)).toHaveLength(0)
  })

  it('reports a rollback ECS refused', async () => {
    failing()
    ecsMock.on(UpdateServiceCommand).rejects(
      new AccessDeniedException({
        message: 'not authorized to perform: ecs:UpdateService',
        $metadata: {}
      })
    )
    const result = await watchDeployment(options())
    expect(result.rolledBack).toBe(false)
    expect(result.message).toContain('The rollback to web:42 failed:')
    expect(result.message).toContain('ecs:UpdateService')
  })
})

describe('watchDeployment: circuit breaker without rollback', () => {
  const failedOurs = ours({
    failedTasks: 3,
    rolloutState: 'FAILED',
    rolloutStateReason: 'ECS deployment circuit breaker: tasks failed to start.'
  })
  const breaker = { enable: true, rollback: false }

  it('rolls back itself while its deployment is still PRIMARY', async () => {
    script(
      service([ours({ pendingCount: 2 }), previous()], [], breaker),
      service([failedOurs, previous()], [], breaker)
    )
    ecsMock.on(UpdateServiceCommand).resolves({
      service: service(
        [
          { ...previous(), id: ROLLBACK, status: 'PRIMARY', rolloutState: 'IN_PROGRESS' },
          { ...failedOurs, status: 'ACTIVE' }
        ],
        [],
        breaker
      )
    })
    const result = await watchDeployment(options())
    expect(result.rollback).toEqual({
      by: 'action',
      deploymentId: ROLLBACK,
      taskDefinitionArn: TD_OLD,
      state: 'in-progress'
    })
    expect(ecsMock.commandCalls(UpdateServiceCommand)).toHaveLength(1)
  })

  it('does not roll back a deployment another run has superseded, and says so', async () => {
    const theirs: Deployment = { ...ours({ pendingCount: 2 }), id: OTHER, taskDefinition: TD_OTHER }
    script(
      service([ours({ pendingCount: 2 }), previous()], [], breaker),
      service([theirs, { ...failedOurs, status: 'ACTIVE' }, previous()], [], breaker, {
        taskDefinition: TD_OTHER
      })
    )
    const result = await watchDeployment(options())
    expect(result.outcome).toBe('failed')
    expect(result.rolledBack).toBe(false)
    expect(ecsMock.commandCalls(UpdateServiceCommand)).toHaveLength(0)
    expect(result.message).toContain(
      `Not rolled back: deployment ${OTHER} (web:44) is now the service's PRIMARY deployment (another run or someone else updated the service since), and rolling back would undo it.`
    )
  })
})

describe('watchDeployment: circuit breaker with rollback', () => {
  const failedEvents = [
    event(20, `(service web) (deployment ${NEW}) deployment failed: tasks failed to start.`),
    event(20, `(service web) rolling back to deployment ${OLD}.`)
  ]
  const rollingBack = service(
    [
      previous({
        status: 'PRIMARY',
        runningCount: 0,
        pendingCount: 2,
        rolloutState: 'IN_PROGRESS',
        rolloutStateReason: `ECS deployment circuit breaker: rolling back to deploymentId ${OLD}.`
      }),
      ours({
        status: 'ACTIVE',
        failedTasks: 3,
        rolloutState: 'FAILED',
        rolloutStateReason: 'ECS deployment circuit breaker: tasks failed to start.'
      })
    ],
    failedEvents,
    { enable: true, rollback: true },
    { taskDefinition: TD_OLD }
  )
  const rolledBack = service(
    [previous({ status: 'PRIMARY', runningCount: 2, rolloutState: 'COMPLETED' })],
    [...failedEvents, event(40, `(service web) (deployment ${OLD}) deployment completed.`)],
    { enable: true, rollback: true },
    { taskDefinition: TD_OLD }
  )

  it('reports at the poll that showed FAILED: ECS is rolling back, it continues after this step', async () => {
    script(service([ours({ pendingCount: 2 }), previous()]), rollingBack, rollingBack, rolledBack)
    const result = await watchDeployment(options())
    expect(result).toMatchObject({
      outcome: 'failed',
      rolledBack: true,
      rollback: { by: 'ecs', deploymentId: OLD, taskDefinitionArn: TD_OLD, state: 'in-progress' },
      polls: 2,
      elapsedMs: 5000
    })
    expect(result.message).toBe(
      `Deployment ${NEW} failed: ECS deployment circuit breaker: tasks failed to start. ECS is rolling back to web:42 (deployment ${OLD}); it continues after this step. Service deployments: ${CONSOLE}`
    )
    expect(ecsMock.commandCalls(UpdateServiceCommand)).toHaveLength(0)
    expect(pollTimes).toEqual([0, 5000])
    expect(result.diagnostics).toBeDefined()
    expect(log.lines).toContain(`[0:05] 12:00:20 (service web) rolling back to deployment ${OLD}.`)
  })

  it('with wait-for-rollback: follows it with the same live view until the old revision is steady', async () => {
    script(service([ours({ pendingCount: 2 }), previous()]), rollingBack, rollingBack, rolledBack)
    const result = await watchDeployment(options({ waitForRollback: true }))
    expect(result).toMatchObject({
      outcome: 'failed',
      rolledBack: true,
      rollback: { by: 'ecs', deploymentId: OLD, state: 'completed' },
      runningTaskDefinition: TD_OLD
    })
    expect(result.message).toBe(
      `Deployment ${NEW} failed: ECS deployment circuit breaker: tasks failed to start. ECS's circuit breaker rolled the service back to web:42 (deployment ${OLD}): the previous revision is steady again.`
    )
    expect(pollTimes).toEqual([0, 5000, 10_000, 15_000])
    expect(log.lines).toContain(
      `[0:15] 12:00:40 (service web) (deployment ${OLD}) deployment completed.`
    )
  })

  it('says so when ECS had already finished rolling back at the poll that showed the failure', async () => {
    const events = [
      event(3, `(service web) (deployment ${NEW}) deployment failed: tasks failed to start.`),
      event(3, `(service web) rolling back to deployment ${OLD}.`),
      event(4, `(service web) (deployment ${OLD}) deployment completed.`)
    ]
    script(
      service([ours({ pendingCount: 2 }), previous()]),
      service(
        [
          previous({
            status: 'PRIMARY',
            rolloutState: 'COMPLETED',
            rolloutStateReason: `ECS deployment ${OLD} completed.`
          })
        ],
        events,
        { enable: true, rollback: true },
        { taskDefinition: TD_OLD }
      )
    )
    const result = await watchDeployment(options())
    expect(result).toMatchObject({
      outcome: 'failed',
      rolledBack: true,
      rollback: { by: 'ecs', deploymentId: OLD, state: 'completed' },
      runningTaskDefinition: TD_OLD,
      polls: 2,
      elapsedMs: 5000
    })
    expect(result.message).toContain(`rolled the service back to web:42 (deployment ${OLD})`)
  })

  it('says when no rollback deployment is listed (nothing COMPLETED to go back to)', async () => {
    script(
      service([
        ours({
          rolloutState: 'FAILED',
          rolloutStateReason: 'ECS deployment circuit breaker: tasks failed to start.'
        })
      ])
    )
    const result = await watchDeployment(options({ timeoutMs: 60_000 }))
    expect(result.outcome).toBe('failed')
    expect(result.rolledBack).toBe(false)
    expect(result.message).toContain('no rollback deployment is listed')
    expect(result.polls).toBe(1)
    expect(ecsMock.commandCalls(UpdateServiceCommand)).toHaveLength(0)
  })
})

describe('watchDeployment: someone else took over', () => {
  it('fails clearly when another deployment supersedes this one', async () => {
    script(
      service([ours({ pendingCount: 2 }), previous()]),
      service([
        { ...ours({ pendingCount: 2 }), id: OTHER, taskDefinition: TD_OTHER },
        ours({ status: 'ACTIVE', runningCount: 1 }),
        previous()
      ])
    )
    const result = await watchDeployment(options())
    expect(result.outcome).toBe('superseded')
    expect(result.message).toContain(OTHER)
    expect(result.message).toContain('web:44')
    expect(result.rolledBack).toBe(false)
    expect(ecsMock.commandCalls(UpdateServiceCommand)).toHaveLength(0)
    expect(ecsMock.commandCalls(ListTasksCommand)).toHaveLength(0)
  })

  it('stops when the service is being deleted, with diagnostics', async () => {
    script(service([ours()]), service([ours()], [], undefined, { status: 'DRAINING' }))
    const result = await watchDeployment(options())
    expect(result.outcome).toBe('inactive')
    expect(result.message).toContain('DRAINING')
    expect(result.diagnostics).toBeDefined()
    expect(ecsMock.commandCalls(UpdateServiceCommand)).toHaveLength(0)
  })
})

describe('formatElapsed', () => {
  it.each([
    [0, '0:00'],
    [42_900, '0:42'],
    [725_000, '12:05'],
    [3_723_000, '1:02:03']
  ])('%d ms -> %s', (ms, text) => {
    expect(formatElapsed(ms)).toBe(text)
  })
})
