/**
 * Issue 10, scheduled tasks that follow the revision, end to end: an
 * EventBridge rule and an EventBridge Scheduler schedule, created through the
 * real SDK clients on the emulator, move to the new revision after the
 * deployment succeeds, every other field of their targets kept; after a
 * failed deployment rolls back, none is left on the failed revision; an
 * unrelated rule is never written.
 */
import { describe, expect, it } from '@jest/globals'
import {
  EventBridgeClient,
  ListTargetsByRuleCommand,
  PutRuleCommand,
  PutTargetsCommand,
  type Target as RuleTarget
} from '@aws-sdk/client-eventbridge'
import {
  CreateScheduleCommand,
  GetScheduleCommand,
  SchedulerClient,
  UpdateScheduleCommand,
  type GetScheduleCommandOutput
} from '@aws-sdk/client-scheduler'
import { createEventBridge } from '../../test-support/emulator/events.js'
import { createScheduler } from '../../test-support/emulator/scheduler.js'
import { serviceRecord, uniqueName } from './world.js'
import { useWorld } from './use-world.js'
import { NEW_IMAGE, seedService } from './watch-support.js'

let env: Record<string, string>
let events: EventBridgeClient
let scheduler: SchedulerClient
const cluster = 'cron'
const ROLE = 'arn:aws:iam::123456789012:role/ecsEventsRole'
const SUBNETS = ['subnet-0a1b2c3d4e5f60718']

const world = useWorld({
  clusters: [cluster],
  setUp: () => {
    world.emulator.addJsonService(createEventBridge)
    world.emulator.addRestService(createScheduler)
    env = {
      AWS_ENDPOINT_URL_EVENTBRIDGE: world.emulator.url,
      AWS_ENDPOINT_URL_SCHEDULER: world.emulator.url
    }
    const options = {
      region: world.emulator.region,
      endpoint: world.emulator.url,
      credentials: { accessKeyId: 'AKIAOTHERUSEREXAMPLE', secretAccessKey: 'other-user-secret' },
      maxAttempts: 1
    }
    events = new EventBridgeClient(options)
    scheduler = new SchedulerClient(options)
  }
})

const clusterArn = (): string =>
  `arn:aws:ecs:${world.emulator.region}:${world.emulator.accountId}:cluster/${cluster}`

/** A rule with one ECS target running `taskDefinitionArn`, created through the SDK. */
async function seedRule(name: string, taskDefinitionArn: string): Promise<RuleTarget> {
  await events.send(
    new PutRuleCommand({ Name: name, ScheduleExpression: 'rate(1 hour)', State: 'ENABLED' })
  )
  const target: RuleTarget = {
    Id: 'cleanup',
    Arn: clusterArn(),
    RoleArn: ROLE,
    Input: '{"containerOverrides":[{"name":"web","command":["npm","run","cleanup"]}]}',
    RetryPolicy: { MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 3600 },
    EcsParameters: {
      TaskDefinitionArn: taskDefinitionArn,
      TaskCount: 1,
      LaunchType: 'FARGATE',
      PlatformVersion: 'LATEST',
      NetworkConfiguration: {
        awsvpcConfiguration: { Subnets: SUBNETS, AssignPublicIp: 'DISABLED' }
      },
      PropagateTags: 'TASK_DEFINITION',
      Tags: [{ Key: 'job', Value: 'cleanup' }]
    }
  }
  await events.send(new PutTargetsCommand({ Rule: name, Targets: [target] }))
  return target
}

async function ruleTarget(name: string): Promise<RuleTarget> {
  const out = await events.send(new ListTargetsByRuleCommand({ Rule: name }))
  return out.Targets![0]!
}

async function seedSchedule(name: string, taskDefinitionArn: string): Promise<void> {
  await scheduler.send(
    new CreateScheduleCommand({
      Name: name,
      ScheduleExpression: 'cron(0 3 * * ? *)',
      ScheduleExpressionTimezone: 'Europe/Berlin',
      Description: 'nightly report',
      FlexibleTimeWindow: { Mode: 'FLEXIBLE', MaximumWindowInMinutes: 15 },
      Target: {
        Arn: clusterArn(),
        RoleArn: ROLE,
        Input: '{"containerOverrides":[{"name":"web","command":["npm","run","report"]}]}',
        RetryPolicy: { MaximumRetryAttempts: 1 },
        EcsParameters: {
          TaskDefinitionArn: taskDefinitionArn,
          LaunchType: 'FARGATE',
          NetworkConfiguration: { awsvpcConfiguration: { Subnets: SUBNETS } }
        }
      }
    })
  )
}

async function schedule(name: string): Promise<GetScheduleCommandOutput> {
  return scheduler.send(new GetScheduleCommand({ Name: name, GroupName: 'default' }))
}

/** What the schedule is apart from its revision and server-set times. */
function scheduleBody(s: GetScheduleCommandOutput): Record<string, unknown> {
  const { LastModificationDate: _m, $metadata: _meta, ...rest } = s
  const target = structuredClone(rest.Target!)
  const { TaskDefinitionArn: _arn, ...ecs } = target.EcsParameters!
  target.EcsParameters = ecs as typeof target.EcsParameters
  return { ...rest, Target: target }
}

function writes(since: number): string[] {
  return world.emulator
    .calls({ since })
    .filter((c) => ['PutTargets', 'UpdateSchedule', 'PutRule'].includes(c.operation))
    .map((c) => `${c.operation} ${JSON.stringify(c.input)}`)
}

describe('scheduled-tasks: auto', () => {
  it('moves a rule and a schedule to the new revision after success, leaves an unrelated rule, and none stays on a failed revision after a rollback', async () => {
    const seeded = await seedService(world, cluster, {
      circuitBreaker: { enable: true, rollback: true }
    })
    const other = await seedService(world, cluster)
    const rule = uniqueName('cleanup')
    const unrelated = uniqueName('other')
    const report = uniqueName('report')
    const original = await seedRule(rule, seeded.previousArn)
    const unrelatedTarget = await seedRule(unrelated, other.previousArn)
    await seedSchedule(report, seeded.previousArn)
    const before = await schedule(report)

    // 1. A successful deployment: both follow, after the deployment completed.
    const since = Date.now()
    const run = await world.run(
      { image: NEW_IMAGE, cluster, service: seeded.service, 'scheduled-tasks': 'auto' },
      { env }
    )
    expect(run.errors).toEqual([])
    expect(run.exitCode).toBe(0)
    const newArn = run.outputs['task-definition-arn']!
    expect(newArn).not.toBe(seeded.previousArn)

    expect(await ruleTarget(rule)).toEqual({
      ...original,
      EcsParameters: { ...original.EcsParameters, TaskDefinitionArn: newArn }
    })
    const after = await schedule(report)
    expect(after.Target!.EcsParameters!.TaskDefinitionArn).toBe(newArn)
    expect(scheduleBody(after)).toEqual(scheduleBody(before))
    expect(await ruleTarget(unrelated)).toEqual(unrelatedTarget)

    const deployment = world.emulator
      .milestones()
      .find((m) => m.deploymentId === run.outputs['deployment-id'])!
    const moves = world.emulator
      .calls({ since })
      .filter((c) => c.operation === 'PutTargets' || c.operation === 'UpdateSchedule')
    expect(moves.map((c) => c.operation).sort()).toEqual(['PutTargets', 'UpdateSchedule'])
    for (const c of moves) expect(c.at).toBeGreaterThanOrEqual(deployment.steadyAt!)
    expect(writes(since).join('\n')).not.toContain(unrelated)
    expect(run.summary).toContain(`\`rule/${rule}\``)
    expect(run.summary).toContain(`\`schedule/default/${report}\``)

    // 2. A deployment that crashes and is rolled back. Meanwhile another run (or a
    //    person) points both at the failing revision: the rollback takes them back.
    world.emulator.setScenario(cluster, seeded.service, 'crash')
    const since2 = Date.now()
    let moved = false
    const moveToFailing = async (arn: string): Promise<void> => {
      const t = await ruleTarget(rule)
      await events.send(
        new PutTargetsCommand({
          Rule: rule,
          Targets: [{ ...t, EcsParameters: { ...t.EcsParameters, TaskDefinitionArn: arn } }]
        })
      )
      const s = await schedule(report)
      const { Arn: _a, CreationDate: _c, LastModificationDate: _l, $metadata: _m, ...input } = s
      await scheduler.send(
        new UpdateScheduleCommand({
          ...input,
          Name: s.Name!,
          ScheduleExpression: s.ScheduleExpression!,
          FlexibleTimeWindow: s.FlexibleTimeWindow!,
          Target: {
            ...s.Target!,
            Arn: s.Target!.Arn!,
            RoleArn: s.Target!.RoleArn!,
            EcsParameters: { ...s.Target!.EcsParameters!, TaskDefinitionArn: arn }
          }
        })
      )
    }
    let pending: Promise<void> | undefined
    const run2 = await world.run(
      {
        image: NEW_IMAGE,
        cluster,
        service: seeded.service,
        'scheduled-tasks': 'auto',
        'environment-variables': 'BREAK=1'
      },
      {
        env,
        onOutput: (chunk) => {
          const m = /Registered (arn:\S+task-definition\/\S+)/.exec(chunk)
          if (m && !moved) {
            moved = true
            pending = moveToFailing(m[1]!)
          }
        }
      }
    )
    await pending
    expect(moved).toBe(true)
    expect(run2.exitCode).not.toBe(0)
    expect(run2.outputs['rolled-back']).toBe('true')
    const failedArn = run2.outputs['task-definition-arn']!
    expect(failedArn).not.toBe(newArn)
    expect(serviceRecord(world, cluster, seeded.service)!['taskDefinition']).toBe(newArn)
    // Back on the revision the service runs again, every other field as it was.
    expect(await ruleTarget(rule)).toEqual({
      ...original,
      EcsParameters: { ...original.EcsParameters, TaskDefinitionArn: newArn }
    })
    const back = await schedule(report)
    expect(back.Target!.EcsParameters!.TaskDefinitionArn).toBe(newArn)
    expect(scheduleBody(back)).toEqual(scheduleBody(before))
    expect(await ruleTarget(unrelated)).toEqual(unrelatedTarget)
    // The action itself never pointed anything at the failing revision.
    const own = world.emulator
      .calls({ since: since2 })
      .filter((c) => c.operation === 'PutTargets' || c.operation === 'UpdateSchedule')
      .filter((c) => !JSON.stringify(c.input).includes(failedArn))
    expect(own.length).toBe(2)
  })
})

describe('scheduled-tasks: explicit list', () => {
  it('without a service: registers and moves the listed schedule right away; a missing one fails before any write', async () => {
    const seeded = await seedService(world, cluster)
    const report = uniqueName('report')
    await seedSchedule(report, seeded.previousArn)

    const since = Date.now()
    const bad = await world.run(
      {
        image: NEW_IMAGE,
        cluster,
        'task-definition-family': seeded.family,
        'scheduled-tasks': `schedule/default/${report}\nschedule/default/nope`
      },
      { env }
    )
    expect(bad.exitCode).not.toBe(0)
    expect(bad.errors.join('\n')).toContain('schedule nope not found in group default')
    expect(world.emulator.calls({ since }).map((c) => c.operation)).not.toContain(
      'RegisterTaskDefinition'
    )

    const run = await world.run(
      {
        image: NEW_IMAGE,
        cluster,
        'task-definition-family': seeded.family,
        'scheduled-tasks': `schedule/default/${report}`
      },
      { env }
    )
    expect(run.errors).toEqual([])
    expect(run.exitCode).toBe(0)
    expect((await schedule(report)).Target!.EcsParameters!.TaskDefinitionArn).toBe(
      run.outputs['task-definition-arn']
    )
    // No service: nothing was updated.
    expect(serviceRecord(world, cluster, seeded.service)!['taskDefinition']).toBe(
      seeded.previousArn
    )
  })
})
