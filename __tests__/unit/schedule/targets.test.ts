import { describe, expect, it } from '@jest/globals'
import type { GetScheduleOutput } from '@aws-sdk/client-scheduler'
import type { Target } from '@aws-sdk/client-eventbridge'
import { parseScheduledTasks } from '../../../src/schedule/config.js'
import {
  familyOf,
  hasRevision,
  retargetRule,
  retargetSchedule,
  rolesOf,
  ruleTargetsOfFamily,
  targetsToMove,
  type FollowedTarget
} from '../../../src/schedule/targets.js'

const TD = 'arn:aws:ecs:us-east-1:123456789012:task-definition/shop-web:7'
const NEW = 'arn:aws:ecs:us-east-1:123456789012:task-definition/shop-web:8'

function parse(raw: string, previewMode?: string): { config: unknown; problems: string[] } {
  const problems: string[] = []
  const config = parseScheduledTasks(raw, { previewMode }, problems)
  return { config, problems }
}

describe('scheduled-tasks input', () => {
  it('false, auto or a list of rules and schedules', () => {
    expect(parse('')).toEqual({ config: undefined, problems: [] })
    expect(parse('false')).toEqual({ config: undefined, problems: [] })
    expect(parse('auto')).toEqual({ config: { mode: 'auto' }, problems: [] })
    expect(
      parse('rule/nightly-cleanup\nschedule/reports/daily.summary, rule/nightly-cleanup')
    ).toEqual({
      config: {
        mode: 'list',
        refs: [
          { kind: 'rule', name: 'nightly-cleanup' },
          { kind: 'schedule', group: 'reports', name: 'daily.summary' }
        ]
      },
      problems: []
    })
  })

  it('names what is wrong', () => {
    expect(parse('schedule/daily').problems).toEqual([
      '`scheduled-tasks`: "schedule/daily" is not false, auto, rule/<name> or schedule/<group>/<name> (e.g. schedule/default/nightly-report).'
    ])
    expect(parse('rule/has space').problems).toHaveLength(1)
    expect(parse('auto', 'deploy').problems).toEqual([
      '`scheduled-tasks`: not available with `preview`; scheduled tasks follow the production revision only.'
    ])
  })
})

describe('targets', () => {
  it('families from ARNs, family:revision and bare families', () => {
    expect(familyOf(TD)).toBe('shop-web')
    expect(familyOf('shop-web:3')).toBe('shop-web')
    expect(familyOf('arn:aws:ecs:us-east-1:123456789012:task-definition/shop-web')).toBe('shop-web')
    expect(hasRevision(TD)).toBe(true)
    expect(hasRevision('arn:aws:ecs:us-east-1:123456789012:task-definition/shop-web')).toBe(false)
  })

  it("a rule's ECS targets of the family only (not other families, not other target kinds)", () => {
    const targets: Target[] = [
      { Id: 'a', Arn: 'arn:cluster', EcsParameters: { TaskDefinitionArn: TD } },
      {
        Id: 'b',
        Arn: 'arn:cluster',
        EcsParameters: { TaskDefinitionArn: TD.replace('shop-web', 'shop-webhooks') }
      },
      { Id: 'c', Arn: 'arn:aws:lambda:us-east-1:123456789012:function:f' }
    ]
    expect(ruleTargetsOfFamily(targets, 'shop-web').map((t) => t.Id)).toEqual(['a'])
  })

  it('a rule target keeps every field but the revision', () => {
    const target: Target = {
      Id: 'a',
      Arn: 'arn:cluster',
      RoleArn: 'arn:aws:iam::123456789012:role/events',
      Input: '{"x":1}',
      EcsParameters: { TaskDefinitionArn: TD, TaskCount: 2, Tags: [{ Key: 'k', Value: 'v' }] }
    }
    const moved = retargetRule(target, NEW)
    expect(moved).toEqual({
      ...target,
      EcsParameters: { ...target.EcsParameters, TaskDefinitionArn: NEW }
    })
    expect(target.EcsParameters?.TaskDefinitionArn).toBe(TD)
  })

  it('UpdateSchedule gets every field GetSchedule returned, with the new revision', () => {
    const schedule: GetScheduleOutput = {
      Arn: 'arn:aws:scheduler:us-east-1:123456789012:schedule/default/nightly',
      Name: 'nightly',
      GroupName: 'default',
      ScheduleExpression: 'cron(0 3 * * ? *)',
      ScheduleExpressionTimezone: 'Europe/Berlin',
      StartDate: new Date('2026-01-01T00:00:00Z'),
      Description: 'report',
      State: 'DISABLED',
      KmsKeyArn: 'arn:aws:kms:us-east-1:123456789012:key/1',
      ActionAfterCompletion: 'NONE',
      FlexibleTimeWindow: { Mode: 'FLEXIBLE', MaximumWindowInMinutes: 5 },
      CreationDate: new Date(),
      LastModificationDate: new Date(),
      Target: {
        Arn: 'arn:cluster',
        RoleArn: 'arn:aws:iam::123456789012:role/scheduler',
        RetryPolicy: { MaximumRetryAttempts: 0 },
        EcsParameters: { TaskDefinitionArn: TD, LaunchType: 'FARGATE' }
      }
    }
    expect(retargetSchedule(schedule, NEW)).toEqual({
      Name: 'nightly',
      GroupName: 'default',
      ScheduleExpression: 'cron(0 3 * * ? *)',
      ScheduleExpressionTimezone: 'Europe/Berlin',
      StartDate: schedule.StartDate,
      Description: 'report',
      State: 'DISABLED',
      KmsKeyArn: 'arn:aws:kms:us-east-1:123456789012:key/1',
      ActionAfterCompletion: 'NONE',
      FlexibleTimeWindow: { Mode: 'FLEXIBLE', MaximumWindowInMinutes: 5 },
      Target: {
        ...schedule.Target,
        EcsParameters: { TaskDefinitionArn: NEW, LaunchType: 'FARGATE' }
      }
    })
  })

  it('what moves: targets not on the revision; after a rollback only those on the failed one', () => {
    const t = (id: string, arn: string, roleArn?: string): FollowedTarget => ({
      kind: 'rule',
      id,
      rule: id,
      target: { Id: id, Arn: 'arn:cluster' },
      taskDefinitionArn: arn,
      ...(roleArn ? { roleArn } : {})
    })
    const targets = [
      t('a', TD, 'arn:role/x'),
      t('b', NEW, 'arn:role/x'),
      t('c', TD.replace(':7', ':5'))
    ]
    expect(targetsToMove(targets, NEW).map((x) => x.id)).toEqual(['a', 'c'])
    expect(targetsToMove(targets, TD, NEW).map((x) => x.id)).toEqual(['b'])
    expect(rolesOf(targets)).toEqual(['arn:role/x'])
  })
})
