import { beforeEach, describe, expect, it } from '@jest/globals'
import { mockClient } from 'aws-sdk-client-mock'
import {
  ConflictException,
  DescribeServiceDeploymentsCommand,
  DescribeServicesCommand,
  ECSClient,
  ListServiceDeploymentsCommand,
  ListTasksCommand,
  StopServiceDeploymentCommand,
  type ServiceDeployment
} from '@aws-sdk/client-ecs'
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs'
import {
  STRATEGY_POLL_MS,
  watchStrategyDeployment,
  type StrategyWatchOptions
} from '../../../../src/deploy/strategy/watch.js'
import { MemoryLogger } from '../../../../src/util/log.js'
import { FAKE_EPOCH, FakeClock } from '../../../../test-support/fake-clock.js'

const ARN = 'arn:aws:ecs:eu-west-1:123456789012:service-deployment/prod/web/AbCdEf0123456789_-xyz'
const T0 = FAKE_EPOCH

const ecs = new ECSClient({ region: 'eu-west-1' })
const ecsMock = mockClient(ecs)
const logs = new CloudWatchLogsClient({ region: 'eu-west-1' })
let clock: FakeClock
let log: MemoryLogger

function options(over: Partial<StrategyWatchOptions> = {}): StrategyWatchOptions {
  return {
    ecs,
    logs,
    cluster: 'prod',
    service: 'web',
    strategy: 'BLUE_GREEN',
    serviceDeploymentArn: ARN,
    deploymentId: 'ecs-svc/8010098638150428715',
    updatedAt: T0,
    timeoutMs: 30 * 60_000,
    waitUntil: 'complete',
    rollbackOnFailure: true,
    cancelDeploymentOnAbort: false,
    clock,
    log,
    ...over
  }
}

function sd(over: Partial<ServiceDeployment>): ServiceDeployment {
  return { serviceDeploymentArn: ARN, status: 'IN_PROGRESS', lifecycleStage: 'SCALE_UP', ...over }
}

/** Answers DescribeServiceDeployments with these, one per call, the last one forever. */
function sequence(...items: Array<ServiceDeployment | Error>): void {
  const stub = ecsMock.on(DescribeServiceDeploymentsCommand)
  let chain = stub
  for (const item of items) {
    chain =
      item instanceof Error
        ? chain.rejectsOnce(item)
        : chain.resolvesOnce({ serviceDeployments: [item], failures: [] })
  }
  const last = items.at(-1)
  if (last && !(last instanceof Error)) chain.resolves({ serviceDeployments: [last], failures: [] })
}

beforeEach(() => {
  ecsMock.reset()
  clock = new FakeClock()
  log = new MemoryLogger()
  ecsMock.on(DescribeServicesCommand).resolves({ services: [{ serviceName: 'web', events: [] }] })
  ecsMock.on(ListTasksCommand).resolves({ taskArns: [] })
})

describe('watchStrategyDeployment', () => {
  it('polls every 5 s and succeeds on SUCCESSFUL, printing the stages with elapsed time', async () => {
    sequence(
      sd({ lifecycleStage: 'SCALE_UP' }),
      sd({ lifecycleStage: 'BAKE_TIME' }),
      sd({ status: 'SUCCESSFUL', lifecycleStage: 'CLEAN_UP' })
    )
    const r = await watchStrategyDeployment(options())
    expect(r).toMatchObject({ outcome: 'completed', stage: 'SUCCESSFUL', polls: 3 })
    expect(clock.sleeps).toEqual([STRATEGY_POLL_MS, STRATEGY_POLL_MS])
    expect(log.lines.filter((l) => l.startsWith('['))).toEqual([
      '[0:00] Service deployment IN_PROGRESS, stage SCALE_UP',
      '[0:05] Stage SCALE_UP → BAKE_TIME',
      '[0:10] Stage BAKE_TIME → CLEAN_UP',
      '[0:10] Status IN_PROGRESS → SUCCESSFUL',
      '[0:10] The service deployment is SUCCESSFUL: the new revision serves all traffic.'
    ])
    expect(ecsMock.commandCalls(StopServiceDeploymentCommand)).toHaveLength(0)
  })

  it('finds the service deployment with ListServiceDeployments when UpdateService gave none', async () => {
    ecsMock.on(ListServiceDeploymentsCommand).resolves({
      serviceDeployments: [
        { serviceDeploymentArn: 'arn:older', createdAt: new Date(T0 - 2_000) },
        { serviceDeploymentArn: ARN, createdAt: new Date(T0 + 300) }
      ]
    })
    sequence(sd({ status: 'SUCCESSFUL' }))
    const r = await watchStrategyDeployment(options({ serviceDeploymentArn: undefined }))
    expect(r.outcome).toBe('completed')
    expect(r.serviceDeploymentArn).toBe(ARN)
    const list = ecsMock.commandCalls(ListServiceDeploymentsCommand)[0]!.args[0].input
    expect(list).toEqual({
      cluster: 'prod',
      service: 'web',
      createdAt: { after: new Date(T0 - 5_000) }
    })
    expect(ecsMock.commandCalls(DescribeServiceDeploymentsCommand)[0]!.args[0].input).toEqual({
      serviceDeploymentArns: [ARN]
    })
  })

  it('a failed hook while ECS has not reacted yet: rolls back through StopServiceDeployment (ROLLBACK)', async () => {
    const hook = {
      hookId: 'h1',
      targetArn: 'arn:aws:lambda:eu-west-1:123456789012:function:smoke',
      status: 'IN_PROGRESS' as const
    }
    sequence(
      sd({ lifecycleStage: 'POST_TEST_TRAFFIC_SHIFT', lifecycleHookDetails: [hook] }),
      sd({
        lifecycleStage: 'POST_TEST_TRAFFIC_SHIFT',
        lifecycleHookDetails: [{ ...hook, status: 'FAILED' }]
      })
    )
    ecsMock.on(StopServiceDeploymentCommand).resolves({ serviceDeploymentArn: ARN })
    const r = await watchStrategyDeployment(options())
    expect(r.outcome).toBe('failed')
    expect(r.rollbackRequested).toBe(true)
    expect(r.message).toBe(
      'Lifecycle hook smoke at POST_TEST_TRAFFIC_SHIFT failed; the service deployment is IN_PROGRESS. ECS is rolling it back to the previous service revision (StopServiceDeployment, ROLLBACK).'
    )
    expect(ecsMock.commandCalls(StopServiceDeploymentCommand).map((c) => c.args[0].input)).toEqual([
      { serviceDeploymentArn: ARN, stopType: 'ROLLBACK' }
    ])
    expect(r.diagnostics?.deploymentId).toBe('ecs-svc/8010098638150428715')
  })

  it('a hook that stays IN_PROGRESS (ECS invokes it again) is reported as running every 30 s until it succeeds', async () => {
    const hook = {
      hookId: 'h1',
      targetArn: 'arn:aws:lambda:eu-west-1:123456789012:function:smoke',
      status: 'IN_PROGRESS' as const
    }
    const running = sd({ lifecycleStage: 'POST_TEST_TRAFFIC_SHIFT', lifecycleHookDetails: [hook] })
    // 80 s of IN_PROGRESS (17 polls), then SUCCEEDED, then the next stages.
    sequence(
      ...Array.from({ length: 17 }, () => running),
      sd({
        lifecycleStage: 'POST_TEST_TRAFFIC_SHIFT',
        lifecycleHookDetails: [{ ...hook, status: 'SUCCEEDED' }]
      }),
      sd({ status: 'SUCCESSFUL', lifecycleStage: 'CLEAN_UP' })
    )
    const r = await watchStrategyDeployment(options())
    expect(r.outcome).toBe('completed')
    const texts = log.lines.filter((l) => /^\[\d+:\d\d\] Hook /.test(l))
    expect(texts).toEqual([
      '[0:00] Hook smoke at POST_TEST_TRAFFIC_SHIFT: IN_PROGRESS',
      '[0:30] Hook smoke at POST_TEST_TRAFFIC_SHIFT: still running (IN_PROGRESS)',
      '[1:00] Hook smoke at POST_TEST_TRAFFIC_SHIFT: still running (IN_PROGRESS)',
      '[1:25] Hook smoke at POST_TEST_TRAFFIC_SHIFT: SUCCEEDED'
    ])
  })

  it('rollback-on-failure: false leaves it; a refused StopServiceDeployment is reported, not thrown', async () => {
    const failed = sd({
      lifecycleHookDetails: [{ hookId: 'h', targetArn: 'arn:x:function:gate', status: 'FAILED' }]
    })
    sequence(failed)
    const left = await watchStrategyDeployment(options({ rollbackOnFailure: false }))
    expect(left.message).toMatch(/Left as is \(rollback-on-failure: false\)\.$/)
    expect(ecsMock.commandCalls(StopServiceDeploymentCommand)).toHaveLength(0)

    ecsMock
      .on(StopServiceDeploymentCommand)
      .rejects(new ConflictException({ message: 'already rolling back', $metadata: {} }))
    const refused = await watchStrategyDeployment(options())
    expect(refused.rollbackRequested).toBe(false)
    expect(refused.message).toMatch(
      /The rollback request failed \(ConflictException: already rolling back\)/
    )
  })

  it('ECS rolling back by itself: fails without a StopServiceDeployment of ours', async () => {
    sequence(sd({ status: 'ROLLBACK_IN_PROGRESS', statusReason: 'Alarm high-5xx triggered.' }))
    const r = await watchStrategyDeployment(options())
    expect(r.outcome).toBe('failed')
    expect(r.stage).toBe('ROLLBACK_IN_PROGRESS')
    expect(r.message).toBe(
      'The service deployment is ROLLBACK_IN_PROGRESS (stage SCALE_UP): Alarm high-5xx triggered. ECS rolls it back itself to the previous service revision.'
    )
    expect(ecsMock.commandCalls(StopServiceDeploymentCommand)).toHaveLength(0)
  })

  it('wait-until: traffic-shifted ends in the bake with the stage as where it stood', async () => {
    sequence(
      sd({ lifecycleStage: 'PRODUCTION_TRAFFIC_SHIFT' }),
      sd({ lifecycleStage: 'BAKE_TIME' })
    )
    const r = await watchStrategyDeployment(options({ waitUntil: 'traffic-shifted' }))
    expect(r).toMatchObject({ outcome: 'reached', stage: 'BAKE_TIME', rollbackRequested: false })
  })

  it('throttling is retried at the next poll', async () => {
    sequence(
      Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' }),
      sd({ status: 'SUCCESSFUL' })
    )
    const r = await watchStrategyDeployment(options())
    expect(r.outcome).toBe('completed')
    expect(
      log.lines.some((l) => /warning: \[0:00\] ThrottlingException \(Rate exceeded\)/.test(l))
    ).toBe(true)
  })

  it('times out at the budget and says the deployment continues', async () => {
    sequence(sd({ lifecycleStage: 'BAKE_TIME' }))
    const r = await watchStrategyDeployment(options({ timeoutMs: 12_000 }))
    expect(r.outcome).toBe('timeout')
    expect(clock.t - T0).toBe(12_000)
    expect(r.message).toMatch(
      /\(status IN_PROGRESS, stage BAKE_TIME\)\. The deployment continues in ECS\.$/
    )
    expect(ecsMock.commandCalls(StopServiceDeploymentCommand)).toHaveLength(0)
  })

  it('cancellation leaves it running unless cancel-deployment-on-abort, which rolls it back', async () => {
    for (const cancelDeploymentOnAbort of [false, true]) {
      ecsMock.reset()
      sequence(sd({ lifecycleStage: 'BAKE_TIME' }))
      ecsMock.on(StopServiceDeploymentCommand).resolves({ serviceDeploymentArn: ARN })
      const abort = new AbortController()
      clock = new FakeClock()
      clock.onSleep = (n) => {
        if (n === 2) abort.abort()
      }
      const r = await watchStrategyDeployment(
        options({ cancelDeploymentOnAbort, signal: abort.signal, clock })
      )
      expect(r.outcome).toBe('cancelled')
      expect(r.rollbackRequested).toBe(cancelDeploymentOnAbort)
      expect(ecsMock.commandCalls(StopServiceDeploymentCommand)).toHaveLength(
        cancelDeploymentOnAbort ? 1 : 0
      )
      expect(ecsMock.commandCalls(DescribeServiceDeploymentsCommand)).toHaveLength(2)
    }
  })
})
