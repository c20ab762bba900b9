/**
 * The emulated service-deployment API (ecs-strategy.ts) through the real SDK:
 * stages over (emulated) time, LINEAR steps, a failing hook with automatic
 * rollback, a hook that answers IN_PROGRESS before it succeeds, blue and green
 * tasks side by side until CLEAN_UP, StopServiceDeployment and its refusal,
 * ListServiceDeployments.
 */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import {
  DescribeServiceDeploymentsCommand,
  DescribeServicesCommand,
  ECSClient,
  ListServiceDeploymentsCommand,
  StopServiceDeploymentCommand,
  UpdateServiceCommand,
  type ServiceDeployment
} from '@aws-sdk/client-ecs'
import { startEmulator, type Emulator } from '../../../test-support/emulator/server.js'
import type { SeedServiceSpec } from '../../../test-support/emulator/ecs-state.js'

const credentials = { accessKeyId: 'test', secretAccessKey: 'test' }
const HOOK = 'arn:aws:lambda:us-east-1:123456789012:function:smoke'

let emu: Emulator
let ecs: ECSClient
let now: number

const taskDefinition = {
  family: 'web',
  networkMode: 'awsvpc',
  requiresCompatibilities: ['FARGATE'],
  cpu: '256',
  memory: '512',
  containerDefinitions: [{ name: 'web', image: 'nginx:1.27', essential: true }]
}

beforeEach(async () => {
  now = Date.UTC(2026, 10, 21, 12, 0, 0)
  // One emulated minute = 1000 ms of the emulator's clock, which the test moves.
  emu = await startEmulator({ mode: 'manual', now: () => now, strategyMinuteMs: 1000 })
  ecs = new ECSClient({ region: 'us-east-1', endpoint: emu.url, credentials, maxAttempts: 1 })
})
afterEach(async () => {
  ecs.destroy()
  await emu.close()
})

async function deploy(extra: Partial<SeedServiceSpec>): Promise<string> {
  await emu.seedService({
    cluster: 'prod',
    serviceName: 'web',
    taskDefinition,
    desiredCount: 1,
    ...extra
  })
  const out = await ecs.send(
    new UpdateServiceCommand({
      cluster: 'prod',
      service: 'web',
      taskDefinition: 'web:1',
      forceNewDeployment: true
    })
  )
  const arn = out.service?.currentServiceDeployment
  expect(arn).toMatch(
    /^arn:aws:ecs:us-east-1:123456789012:service-deployment\/prod\/web\/[A-Za-z0-9_-]+$/
  )
  return arn!
}

async function describeSd(arn: string): Promise<ServiceDeployment> {
  const out = await ecs.send(
    new DescribeServiceDeploymentsCommand({ serviceDeploymentArns: [arn] })
  )
  return out.serviceDeployments![0]!
}

/** Moves the clock by `ms` in 100 ms scheduler steps; returns what a poller then sees. */
async function after(ms: number, arn: string): Promise<ServiceDeployment> {
  for (let t = 0; t < ms; t += 100) {
    now += 100
    emu.advance(1)
  }
  return describeSd(arn)
}

/** The tasks of prod/web as the emulator has them (wire shape). */
function tasksNow(): Array<Record<string, unknown>> {
  const entry = emu.state().ecs.services.find((s) => s.service['serviceName'] === 'web')
  return entry?.tasks ?? []
}

function running(): Array<Record<string, unknown>> {
  return tasksNow().filter((t) => t['lastStatus'] === 'RUNNING')
}

describe('service deployments', () => {
  it('BLUE_GREEN: takes time in each stage, bakes for bakeTimeInMinutes, then SUCCESSFUL', async () => {
    const arn = await deploy({
      deploymentConfiguration: { strategy: 'BLUE_GREEN', bakeTimeInMinutes: 5 }
    })
    const first = await describeSd(arn)
    expect(first).toMatchObject({ status: 'PENDING', lifecycleStage: 'PRE_SCALE_UP' })
    expect(first.targetServiceRevision).toMatchObject({
      requestedProductionTrafficWeight: 0,
      requestedTestTrafficWeight: 0
    })
    const stages: string[] = []
    let sd = first
    let bakeAt: number | undefined
    for (let i = 0; i < 400 && sd.status !== 'SUCCESSFUL'; i++) {
      sd = await after(100, arn)
      if (stages.at(-1) !== sd.lifecycleStage) stages.push(sd.lifecycleStage!)
      if (sd.lifecycleStage === 'BAKE_TIME' && bakeAt === undefined) {
        bakeAt = now
        expect(sd.targetServiceRevision?.requestedProductionTrafficWeight).toBe(100)
        expect(sd.sourceServiceRevisions?.[0]?.requestedProductionTrafficWeight).toBe(0)
      }
    }
    expect(sd.status).toBe('SUCCESSFUL')
    expect(stages).toEqual([
      'PRE_SCALE_UP',
      'SCALE_UP',
      'POST_SCALE_UP',
      'TEST_TRAFFIC_SHIFT',
      'POST_TEST_TRAFFIC_SHIFT',
      'PRE_PRODUCTION_TRAFFIC_SHIFT',
      'PRODUCTION_TRAFFIC_SHIFT',
      'POST_PRODUCTION_TRAFFIC_SHIFT',
      'BAKE_TIME',
      'CLEAN_UP'
    ])
    // 5 emulated minutes of bake, 1 of clean-up.
    expect(now - bakeAt!).toBeGreaterThanOrEqual(6_000)
    expect(sd.finishedAt).toBeInstanceOf(Date)
    const listed = await ecs.send(
      new ListServiceDeploymentsCommand({ cluster: 'prod', service: 'web', status: ['SUCCESSFUL'] })
    )
    expect(listed.serviceDeployments?.map((b) => b.serviceDeploymentArn)).toEqual([arn])
    const svc = await ecs.send(new DescribeServicesCommand({ cluster: 'prod', services: ['web'] }))
    expect(svc.services?.[0]?.currentServiceDeployment).toBe(arn)
  })

  it("BLUE_GREEN: both revisions' tasks run through traffic shifting and BAKE_TIME; blue drains in CLEAN_UP", async () => {
    await emu.seedService({
      cluster: 'prod',
      serviceName: 'web',
      taskDefinition,
      desiredCount: 2,
      deploymentConfiguration: { strategy: 'BLUE_GREEN', bakeTimeInMinutes: 3 }
    })
    const blueIds = running().map((t) => t['taskArn'])
    expect(blueIds).toHaveLength(2)
    const out = await ecs.send(
      new UpdateServiceCommand({ cluster: 'prod', service: 'web', forceNewDeployment: true })
    )
    const arn = out.service!.currentServiceDeployment!
    let sd = await describeSd(arn)
    const seen = new Set<string>()
    for (let i = 0; i < 400 && sd.status !== 'SUCCESSFUL'; i++) {
      sd = await after(100, arn)
      const stage = sd.lifecycleStage!
      if (
        ['PRODUCTION_TRAFFIC_SHIFT', 'POST_PRODUCTION_TRAFFIC_SHIFT', 'BAKE_TIME'].includes(stage)
      ) {
        seen.add(stage)
        // Blue and green side by side: two RUNNING tasks each.
        expect(sd.sourceServiceRevisions?.[0]?.runningTaskCount).toBe(2)
        expect(sd.targetServiceRevision?.runningTaskCount).toBe(2)
        const tasks = running()
        expect(tasks.filter((t) => blueIds.includes(t['taskArn']))).toHaveLength(2)
        expect(tasks).toHaveLength(4)
      }
    }
    expect(sd.status).toBe('SUCCESSFUL')
    expect([...seen]).toEqual([
      'PRODUCTION_TRAFFIC_SHIFT',
      'POST_PRODUCTION_TRAFFIC_SHIFT',
      'BAKE_TIME'
    ])
    // Blue was stopped in CLEAN_UP (not before), and the deployment ended after it had stopped.
    const record = emu.serviceDeployments()[0]!
    const cleanUpAt = record.timeline.find((e) => e.stage === 'CLEAN_UP')!.at
    const blue = tasksNow().filter((t) => blueIds.includes(t['taskArn']))
    expect(blue.map((t) => t['lastStatus'])).toEqual(['STOPPED', 'STOPPED'])
    for (const t of blue) {
      expect((t['stoppingAt'] as number) * 1000).toBeGreaterThanOrEqual(cleanUpAt)
      expect((t['stoppedAt'] as number) * 1000).toBeLessThanOrEqual(record.finishedAt!)
    }
    expect(running()).toHaveLength(2)
  })

  it('a hook whose Lambda answers IN_PROGRESS is invoked again after the callBackDelay until it succeeds', async () => {
    const arn = await deploy({
      deploymentConfiguration: {
        strategy: 'BLUE_GREEN',
        bakeTimeInMinutes: 0,
        lifecycleHooks: [
          {
            hookTargetArn: HOOK,
            roleArn: 'arn:aws:iam::123456789012:role/r',
            lifecycleStages: ['POST_TEST_TRAFFIC_SHIFT']
          }
        ]
      },
      // Three invocations of one emulated minute each, 30 s apart: IN_PROGRESS, IN_PROGRESS, SUCCEEDED.
      strategyScenario: { hookMinutes: 1, hookInvocations: 3 }
    })
    let sd = await describeSd(arn)
    const hookStatuses: string[] = []
    let hookStageFrom: number | undefined
    let hookStageTo: number | undefined
    for (let i = 0; i < 400 && sd.status !== 'SUCCESSFUL'; i++) {
      sd = await after(100, arn)
      if (sd.lifecycleStage === 'POST_TEST_TRAFFIC_SHIFT') {
        hookStageFrom ??= now
        const status = sd.lifecycleHookDetails?.[0]?.status
        if (status && hookStatuses.at(-1) !== status) hookStatuses.push(status)
      } else if (hookStageFrom !== undefined) hookStageTo ??= now
    }
    expect(sd.status).toBe('SUCCESSFUL')
    // IN_PROGRESS all along while ECS keeps invoking it, SUCCEEDED at the end, then the stage moved on.
    expect(hookStatuses).toEqual(['IN_PROGRESS', 'SUCCEEDED'])
    const hook = emu.serviceDeployments()[0]!.hooks[0]!
    expect(hook.status).toBe('SUCCEEDED')
    expect(hook.invocations).toHaveLength(3)
    const gaps = hook.invocations.slice(1).map((at, i) => at - hook.invocations[i]!)
    // Each invocation runs one emulated minute (1000 ms), then ECS waits the 30 s callBackDelay (500 ms).
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(1_500)
    expect(hookStageTo! - hookStageFrom!).toBeGreaterThanOrEqual(3 * 1_000 + 2 * 500)
  })

  it('LINEAR: production traffic moves in steps of stepPercent, one per stepBakeTimeInMinutes', async () => {
    const arn = await deploy({
      deploymentConfiguration: {
        strategy: 'LINEAR',
        bakeTimeInMinutes: 0,
        linearConfiguration: { stepPercent: 25, stepBakeTimeInMinutes: 2 }
      }
    })
    const weights: number[] = []
    let sd = await describeSd(arn)
    for (let i = 0; i < 400 && sd.status !== 'SUCCESSFUL'; i++) {
      sd = await after(100, arn)
      const w = sd.targetServiceRevision?.requestedProductionTrafficWeight ?? 0
      if (weights.at(-1) !== w) weights.push(w)
    }
    expect(weights).toEqual([0, 25, 50, 75, 100])
  })

  it('a failing hook: hook FAILED, then the deployment rolls back by itself', async () => {
    const arn = await deploy({
      deploymentConfiguration: {
        strategy: 'BLUE_GREEN',
        bakeTimeInMinutes: 5,
        lifecycleHooks: [
          {
            hookTargetArn: HOOK,
            roleArn: 'arn:aws:iam::123456789012:role/r',
            lifecycleStages: ['POST_SCALE_UP']
          }
        ]
      },
      strategyScenario: { failingHookStage: 'POST_SCALE_UP', hookMinutes: 1 }
    })
    const blueIds = running().map((t) => t['taskArn'])
    expect(blueIds).toHaveLength(1)
    let sd = await describeSd(arn)
    let hookRunning: ServiceDeployment | undefined
    for (let i = 0; i < 200 && !sd.status?.startsWith('ROLLBACK'); i++) {
      sd = await after(100, arn)
      if (sd.lifecycleHookDetails?.[0]?.status === 'IN_PROGRESS') hookRunning = sd
    }
    expect(hookRunning?.lifecycleStage).toBe('POST_SCALE_UP')
    expect(hookRunning?.lifecycleHookDetails?.[0]).toMatchObject({
      targetArn: HOOK,
      targetType: 'AWS_LAMBDA',
      timeoutAction: 'ROLLBACK'
    })
    expect(sd.status).toBe('ROLLBACK_IN_PROGRESS')
    expect(sd.lifecycleHookDetails?.[0]?.status).toBe('FAILED')
    expect(sd.rollback?.reason).toBe(`Lifecycle hook ${HOOK} failed at POST_SCALE_UP.`)
    // Nothing completes at once: the rollback takes emulated minutes.
    expect((await after(1_000, arn)).status).toBe('ROLLBACK_IN_PROGRESS')
    expect((await after(3_000, arn)).status).toBe('ROLLBACK_SUCCESSFUL')
    // Blue never stopped: traffic went back to it and green's tasks were scaled in.
    expect(running().map((t) => t['taskArn'])).toEqual(blueIds)
    const green = tasksNow().filter((t) => !blueIds.includes(t['taskArn']))
    expect(green.length).toBeGreaterThan(0)
    for (const t of green) expect(t['lastStatus']).toBe('STOPPED')
    const svc = await ecs.send(new DescribeServicesCommand({ cluster: 'prod', services: ['web'] }))
    expect(svc.services?.[0]?.deployments?.map((d) => [d.status, d.rolloutState])).toEqual([
      ['PRIMARY', 'COMPLETED']
    ])
  })

  it('StopServiceDeployment ROLLBACK: requested, then in progress, then rolled back; refused when finished', async () => {
    const arn = await deploy({
      deploymentConfiguration: { strategy: 'BLUE_GREEN', bakeTimeInMinutes: 5 }
    })
    await after(1_000, arn)
    const out = await ecs.send(
      new StopServiceDeploymentCommand({ serviceDeploymentArn: arn, stopType: 'ROLLBACK' })
    )
    expect(out.serviceDeploymentArn).toBe(arn)
    expect((await describeSd(arn)).status).toBe('ROLLBACK_REQUESTED')
    expect((await after(300, arn)).status).toBe('ROLLBACK_IN_PROGRESS')
    expect((await after(4_000, arn)).status).toBe('ROLLBACK_SUCCESSFUL')
    await expect(
      ecs.send(
        new StopServiceDeploymentCommand({ serviceDeploymentArn: arn, stopType: 'ROLLBACK' })
      )
    ).rejects.toMatchObject({ name: 'ConflictException' })
    const missing = await ecs.send(
      new DescribeServiceDeploymentsCommand({ serviceDeploymentArns: [`${arn}x`] })
    )
    expect(missing.failures).toEqual([{ arn: `${arn}x`, reason: 'MISSING' }])
  })
})
