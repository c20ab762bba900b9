import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { ECSClient } from '@aws-sdk/client-ecs'
import { EventBridgeClient, PutRuleCommand, PutTargetsCommand } from '@aws-sdk/client-eventbridge'
import { CreateScheduleCommand, SchedulerClient } from '@aws-sdk/client-scheduler'
import { findScheduledTasks } from '../../../src/schedule/follow.js'
import { MemoryLogger } from '../../../src/util/log.js'
import { createEventBridge } from '../../../test-support/emulator/events.js'
import { createScheduler } from '../../../test-support/emulator/scheduler.js'
import { startEmulator, type Emulator } from '../../../test-support/emulator/server.js'

// The listings page for real in the emulator (100 per page, as AWS does):
// with more rules and schedules than one page, the ones that run the family
// are on the second page and are found only by following the tokens.
const CLUSTER = 'cron'
const ROLE = 'arn:aws:iam::123456789012:role/ecsEventsRole'
const PER_PAGE = 100

let emu: Emulator
let ecs: ECSClient
let events: EventBridgeClient
let scheduler: SchedulerClient
let clusterArn: string
const td = (family: string): string =>
  `arn:aws:ecs:us-east-1:123456789012:task-definition/${family}:3`

beforeAll(async () => {
  emu = await startEmulator()
  clusterArn = emu.seedCluster(CLUSTER)
  emu.addJsonService(createEventBridge)
  emu.addRestService(createScheduler)
  const options = {
    region: emu.region,
    endpoint: emu.url,
    credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
    maxAttempts: 1
  }
  ecs = new ECSClient(options)
  events = new EventBridgeClient(options)
  scheduler = new SchedulerClient(options)
  // Names sort the family's own rule and schedule last, onto page 2.
  for (let i = 0; i <= PER_PAGE; i++) {
    const name = i === PER_PAGE ? 'zz-web' : `other-${String(i).padStart(3, '0')}`
    const family = i === PER_PAGE ? 'web' : 'other'
    await events.send(
      new PutRuleCommand({ Name: name, ScheduleExpression: 'rate(1 hour)', State: 'ENABLED' })
    )
    await events.send(
      new PutTargetsCommand({
        Rule: name,
        Targets: [
          {
            Id: 'job',
            Arn: clusterArn,
            RoleArn: ROLE,
            EcsParameters: { TaskDefinitionArn: td(family), LaunchType: 'FARGATE' }
          }
        ]
      })
    )
    await scheduler.send(
      new CreateScheduleCommand({
        Name: name,
        ScheduleExpression: 'rate(1 day)',
        FlexibleTimeWindow: { Mode: 'OFF' },
        Target: {
          Arn: clusterArn,
          RoleArn: ROLE,
          EcsParameters: { TaskDefinitionArn: td(family), LaunchType: 'FARGATE' }
        }
      })
    )
  }
}, 60_000)

afterAll(async () => {
  ecs?.destroy()
  events?.destroy()
  scheduler?.destroy()
  await emu?.close()
})

describe('findScheduledTasks over more than one page', () => {
  it('follows ListRuleNamesByTarget and ListSchedules to their last page', async () => {
    emu.clearCalls()
    const found = await findScheduledTasks({
      clients: { ecs, eventBridge: async () => events, scheduler: async () => scheduler },
      config: { cluster: CLUSTER, scheduledTasks: { mode: 'auto' } },
      service: { clusterArn },
      family: 'web',
      log: new MemoryLogger()
    })
    expect(found.map((t) => t.id)).toEqual(['rule/zz-web', 'schedule/default/zz-web'])

    const calls = (operation: string): unknown[] => emu.calls({ operation }).map((c) => c.input)
    // Two pages each, the second asked with the first one's token.
    const ruleNames = calls('ListRuleNamesByTarget') as Array<{ NextToken?: string }>
    expect(ruleNames).toHaveLength(2)
    expect(ruleNames[0]?.NextToken).toBeUndefined()
    expect(typeof ruleNames[1]?.NextToken).toBe('string')
    expect(calls('ListSchedules')).toHaveLength(2)
    // Every rule's targets were read (101 rules, one ListTargetsByRule each).
    expect(calls('ListTargetsByRule')).toHaveLength(PER_PAGE + 1)
  })
})
