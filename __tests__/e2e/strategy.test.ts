/**
 * Issue 11, end to end: ECS-native BLUE_GREEN and CANARY deployments watched
 * through the service-deployment API by the bundle on Node 24, against the
 * emulated ECS (ecs-strategy.ts: one emulated minute = 1 s). wait-until, a
 * failing lifecycle hook, a hook that answers IN_PROGRESS before it succeeds,
 * traffic steps, and cancellation with and without a rollback through
 * StopServiceDeployment.
 */
import { afterAll, describe, expect, it } from '@jest/globals'
import type { ServiceDeploymentRecord } from '../../test-support/emulator/ecs-strategy.js'
import { writeCalls } from './world.js'
import { useWorld } from './use-world.js'
import { followedRule, withEventBridge } from './scheduled-support.js'
import type { EventBridgeClient } from '@aws-sdk/client-eventbridge'
import {
  NEW_IMAGE,
  expectEndedAtFirstPollAfter,
  progressLines,
  seedService,
  serviceCalls,
  type SeedSpec
} from './watch-support.js'

let events: EventBridgeClient
const cluster = 'bg'
const HOOK = 'arn:aws:lambda:us-east-1:123456789012:function:smoke-test'
const HOOK_ROLE = 'arn:aws:iam::123456789012:role/ecsLambdaHookRole'

const world = useWorld({
  clusters: [cluster],
  setUp: (w) => {
    events = withEventBridge(w)
  }
})
afterAll(() => events?.destroy())

function blueGreen(extra: Record<string, unknown> = {}): SeedSpec {
  return {
    desiredCount: 2,
    deploymentConfiguration: { strategy: 'BLUE_GREEN', bakeTimeInMinutes: 10, ...extra }
  }
}

/** The emulator's record of the service's (newest) service deployment. */
function recordOf(service: string): ServiceDeploymentRecord {
  const r = world.emulator.serviceDeployments().find((x) => x.service === service)
  expect(r).toBeDefined()
  return r!
}

/** When ECS first showed `test` (emulator time, ms). */
function firstAt(
  r: ServiceDeploymentRecord,
  test: (e: ServiceDeploymentRecord['timeline'][number]) => boolean
): number {
  const e = r.timeline.find(test)
  expect(e).toBeDefined()
  return e!.at
}

function strategyCalls(service: string, operation: string, since: number) {
  return world.emulator
    .calls({ service: 'ecs', operation, since })
    .filter(
      (c) =>
        JSON.stringify(c.input).includes(`/${service}/`) ||
        (c.input as Record<string, unknown>)['service'] === service
    )
}

describe('BLUE_GREEN with a 10-minute bake', () => {
  it('wait-until: traffic-shifted ends the step once production traffic is on green, before the bake ends', async () => {
    const { service, previousArn } = await seedService(world, cluster, blueGreen())
    const rule = await followedRule(world, events, cluster, previousArn)
    const since = Date.now()
    const run = await world.run(
      { image: NEW_IMAGE, cluster, service, 'wait-until': 'traffic-shifted', ...rule.inputs },
      { env: rule.env }
    )

    expect(run.errors).toEqual([])
    expect(run.exitCode).toBe(0)
    expect(run.outputs['deployment-stage']).toBe('BAKE_TIME')
    // Production traffic is on the new revision: the scheduled task follows it.
    expect(await rule.taskDefinition()).toBe(run.outputs['task-definition-arn'])
    expect(run.stdout).toContain(
      'Deployment strategy: BLUE_GREEN deployment (bake time 10 min), watched through the service-deployment API.'
    )
    const r = recordOf(service)
    const bakeAt = firstAt(r, (e) => e.stage === 'BAKE_TIME')
    // Ended at the first poll in the bake, long before the 10 minutes (10 s here) are over.
    expect(run.exitedAt).toBeGreaterThanOrEqual(bakeAt)
    expectEndedAtFirstPollAfter(
      run,
      strategyCalls(service, 'DescribeServiceDeployments', since),
      bakeAt
    )
    expect(r.timeline.some((e) => e.status === 'SUCCESSFUL' && e.at <= run.exitedAt)).toBe(false)
    expect(r.productionWeight).toBe(100)

    const texts = progressLines(run).map((l) => l.text)
    expect(texts[0]).toMatch(/^Service deployment (PENDING|IN_PROGRESS)/)
    expect(texts).toContainEqual(expect.stringMatching(/^Stage \S+ → BAKE_TIME$/))
    expect(texts).toContain('Production traffic on the new revision: 100%')
    expect(texts.at(-1)).toMatch(
      /^Stopped waiting at stage BAKE_TIME \(wait-until: traffic-shifted\): production traffic is on the new revision\. ECS continues the deployment\.$/
    )
    expect(run.summary).toContain('ECS continues the deployment')
    expect(run.summary).toContain('| Service deployment | `BAKE_TIME` |')
    // Watched through the service-deployment API, no rollback, one UpdateService.
    expect(
      strategyCalls(service, 'DescribeServiceDeployments', since).length
    ).toBeGreaterThanOrEqual(2)
    expect(strategyCalls(service, 'StopServiceDeployment', since)).toEqual([])
    expect(serviceCalls(world, service, 'UpdateService', since)).toHaveLength(1)
  })

  it('wait-until: complete waits through the bake until the service deployment is SUCCESSFUL', async () => {
    const { service } = await seedService(world, cluster, blueGreen())
    const since = Date.now()
    const run = await world.run({ image: NEW_IMAGE, cluster, service })

    expect(run.errors).toEqual([])
    expect(run.exitCode).toBe(0)
    expect(run.outputs['deployment-stage']).toBe('SUCCESSFUL')
    const r = recordOf(service)
    const bakeAt = firstAt(r, (e) => e.stage === 'BAKE_TIME')
    const doneAt = firstAt(r, (e) => e.status === 'SUCCESSFUL')
    expect(doneAt - bakeAt).toBeGreaterThanOrEqual(10_000)
    expect(run.exitedAt).toBeGreaterThanOrEqual(doneAt)
    expectEndedAtFirstPollAfter(
      run,
      strategyCalls(service, 'DescribeServiceDeployments', since),
      doneAt
    )
    const texts = progressLines(run).map((l) => l.text)
    expect(texts).toContainEqual(expect.stringMatching(/^Stage \S+ → BAKE_TIME$/))
    expect(texts).toContainEqual(expect.stringMatching(/^Status IN_PROGRESS → SUCCESSFUL/))
    expect(texts.at(-1)).toBe(
      'The service deployment is SUCCESSFUL: the new revision serves all traffic.'
    )
  })
})

describe('wait-until: test-traffic', () => {
  it('ends the step once green is up and receives test traffic, before production traffic moves', async () => {
    const { service, previousArn } = await seedService(world, cluster, blueGreen())
    const rule = await followedRule(world, events, cluster, previousArn)
    const since = Date.now()
    const run = await world.run(
      { image: NEW_IMAGE, cluster, service, 'wait-until': 'test-traffic', ...rule.inputs },
      { env: rule.env }
    )
    expect(run.errors).toEqual([])
    expect(run.exitCode).toBe(0)
    // Production still runs the previous revision: so does the scheduled task.
    expect(run.outputs['task-definition-arn']).not.toBe(previousArn)
    expect(await rule.taskDefinition()).toBe(previousArn)
    const r = recordOf(service)
    const testAt = firstAt(r, (e) => e.stage === 'POST_TEST_TRAFFIC_SHIFT')
    expect(run.exitedAt).toBeGreaterThanOrEqual(testAt)
    expectEndedAtFirstPollAfter(
      run,
      strategyCalls(service, 'DescribeServiceDeployments', since),
      testAt
    )
    expect([
      'POST_TEST_TRAFFIC_SHIFT',
      'PRE_PRODUCTION_TRAFFIC_SHIFT',
      'PRODUCTION_TRAFFIC_SHIFT'
    ]).toContain(run.outputs['deployment-stage'])
    expect(progressLines(run).at(-1)?.text).toMatch(
      /\(wait-until: test-traffic\): the new revision is up and receives test traffic\. ECS continues the deployment\.$/
    )
  })

  it('a wait-until value that is not a stage fails validation and changes nothing', async () => {
    const { service } = await seedService(world, cluster, blueGreen())
    const since = Date.now()
    const run = await world.run({ image: NEW_IMAGE, cluster, service, 'wait-until': 'baked' })
    expect(run.exitCode).not.toBe(0)
    expect(run.errors[0]).toContain(
      '`wait-until`: "baked" is not a stage to wait for; use complete, traffic-shifted or test-traffic.'
    )
    expect(writeCalls(world, since)).toEqual([])
  })
})

describe('a failing lifecycle hook', () => {
  it('fails the step at the first poll after ECS reports it, naming the hook, with diagnostics; ECS rolls back itself', async () => {
    const { service } = await seedService(world, cluster, {
      ...blueGreen({
        lifecycleHooks: [
          { hookTargetArn: HOOK, roleArn: HOOK_ROLE, lifecycleStages: ['POST_TEST_TRAFFIC_SHIFT'] }
        ]
      }),
      strategyScenario: { failingHookStage: 'POST_TEST_TRAFFIC_SHIFT', hookMinutes: 8 }
    })
    const since = Date.now()
    const run = await world.run({ image: NEW_IMAGE, cluster, service })

    expect(run.exitCode).not.toBe(0)
    expect(run.errors).toHaveLength(1)
    expect(run.errors[0]).toMatch(
      /^Lifecycle hook smoke-test at POST_TEST_TRAFFIC_SHIFT failed; the service deployment is ROLLBACK_(IN_PROGRESS|SUCCESSFUL): .* ECS rolls it back itself to the previous service revision\.$/
    )
    // The rollback may have finished by the poll that saw the failure.
    expect(run.outputs['deployment-stage']).toMatch(/^ROLLBACK_(IN_PROGRESS|SUCCESSFUL)$/)
    expect(run.outputs['rolled-back']).toBe('true')

    const texts = progressLines(run).map((l) => l.text)
    // Seen running (the hook runs 8 emulated minutes), then failed.
    expect(texts).toContain('Hook smoke-test at POST_TEST_TRAFFIC_SHIFT: IN_PROGRESS')
    expect(texts).toContain('Hook smoke-test at POST_TEST_TRAFFIC_SHIFT: FAILED')
    expect(run.stdout).toContain(`Diagnostics for deployment ${run.outputs['deployment-id']}`)
    expect(run.summary).toContain('### Diagnostics')

    // At the first poll after ECS said so: that DescribeServiceDeployments was the last one.
    const failedAt = firstAt(recordOf(service), (e) => e.status === 'ROLLBACK_IN_PROGRESS')
    const polls = strategyCalls(service, 'DescribeServiceDeployments', since)
    expectEndedAtFirstPollAfter(run, polls, failedAt)
    // ECS was already rolling back: no StopServiceDeployment, no UpdateService to the old revision.
    expect(strategyCalls(service, 'StopServiceDeployment', since)).toEqual([])
    expect(serviceCalls(world, service, 'UpdateService', since)).toHaveLength(1)
  })
})

describe('traffic steps', () => {
  it('a CANARY deployment shows its canary step, then all traffic; a hook ECS invokes again (IN_PROGRESS) is reported running until it succeeds', async () => {
    const { service } = await seedService(world, cluster, {
      desiredCount: 1,
      deploymentConfiguration: {
        strategy: 'CANARY',
        bakeTimeInMinutes: 0,
        canaryConfiguration: { canaryPercent: 10, canaryBakeTimeInMinutes: 8 },
        lifecycleHooks: [
          { hookTargetArn: HOOK, roleArn: HOOK_ROLE, lifecycleStages: ['POST_TEST_TRAFFIC_SHIFT'] }
        ]
      },
      // Three invocations of 12 emulated minutes, the first two answer IN_PROGRESS: 37 s here.
      strategyScenario: { hookMinutes: 12, hookInvocations: 3 }
    })
    const run = await world.run({ image: NEW_IMAGE, cluster, service })
    expect(run.errors).toEqual([])
    expect(run.exitCode).toBe(0)
    expect(run.stdout).toContain(
      'CANARY deployment (10% canary for 8 min, then the rest, bake time 0 min, 1 lifecycle hook)'
    )
    const traffic = progressLines(run)
      .map((l) => l.text)
      .filter((t) => t.startsWith('Production traffic'))
    expect(traffic).toEqual([
      'Production traffic on the new revision: 10%',
      'Production traffic on the new revision: 100%'
    ])
    const hook = recordOf(service).hooks[0]!
    expect(hook.status).toBe('SUCCEEDED')
    expect(hook.invocations).toHaveLength(3)
    const texts = progressLines(run).map((l) => l.text)
    const at = texts.indexOf('Hook smoke-test at POST_TEST_TRAFFIC_SHIFT: IN_PROGRESS')
    expect(at).toBeGreaterThanOrEqual(0)
    // Nothing else changes while ECS re-invokes the hook: the action says it still runs.
    const still = texts.filter(
      (t) => t === 'Hook smoke-test at POST_TEST_TRAFFIC_SHIFT: still running (IN_PROGRESS)'
    )
    expect(still.length).toBeGreaterThanOrEqual(1)
    expect(texts.indexOf(still[0]!)).toBeGreaterThan(at)
    expect(texts.indexOf(still[0]!)).toBeLessThan(texts.indexOf(traffic[0]!))
  })
})

describe('cancellation', () => {
  async function cancelDuringBake(extra: Record<string, string>) {
    const { service } = await seedService(world, cluster, blueGreen())
    const since = Date.now()
    const run = await world.runCancelled(
      { image: NEW_IMAGE, cluster, service, ...extra },
      { cancelWhen: (stdout) => / → BAKE_TIME/.test(stdout) }
    )
    return { run, service, since }
  }

  it('leaves the deployment running in ECS by default', async () => {
    const { run, service, since } = await cancelDuringBake({})
    expect(run.exitCode).not.toBe(0)
    expect(run.errors[0]).toMatch(
      /^Cancelled: stopped watching the BLUE_GREEN deployment of \S+ \(status IN_PROGRESS, stage BAKE_TIME\)\. It keeps going in ECS/
    )
    expect(strategyCalls(service, 'StopServiceDeployment', since)).toEqual([])
    expect(recordOf(service).status).toBe('IN_PROGRESS')
    await run.cleanup()
  })

  it('cancel-deployment-on-abort: true rolls it back through StopServiceDeployment (ROLLBACK), never UpdateService', async () => {
    const { run, service, since } = await cancelDuringBake({ 'cancel-deployment-on-abort': 'true' })
    expect(run.exitCode).not.toBe(0)
    expect(run.signal).toBeNull()
    const stops = strategyCalls(service, 'StopServiceDeployment', since)
    expect(stops).toHaveLength(1)
    const r = recordOf(service)
    expect(stops[0]!.input).toEqual({ serviceDeploymentArn: r.arn, stopType: 'ROLLBACK' })
    expect(run.errors[0]).toContain(
      'ECS is rolling it back to the previous service revision (StopServiceDeployment, ROLLBACK).'
    )
    expect(run.outputs['rolled-back']).toBe('true')
    expect(serviceCalls(world, service, 'UpdateService', since)).toHaveLength(1)
    expect(r.timeline.map((e) => e.status)).toContain('ROLLBACK_REQUESTED')
    await run.cleanup()
  })
})
