/**
 * Finds the EventBridge rules and EventBridge Scheduler schedules whose ECS
 * target runs this run's family (read-only, during validation) and points
 * them at a revision (PutTargets / UpdateSchedule), keeping every other field
 * of each target as it was. The clients are loaded only when a run uses this.
 */
import { DescribeClustersCommand, type ECSClient } from '@aws-sdk/client-ecs'
import type { EventBridgeClient } from '@aws-sdk/client-eventbridge'
import type { SchedulerClient } from '@aws-sdk/client-scheduler'
import { isNotFound } from '../aws/errors.js'
import { pagesOf } from '../aws/pages.js'
import { ActionError, describeAwsError } from '../util/errors.js'
import type { Logger } from '../util/log.js'
import { refId, type ScheduledTaskRef, type ScheduledTasksConfig } from './config.js'
import {
  familyOf,
  hasRevision,
  retargetRule,
  retargetSchedule,
  rolesOf,
  ruleTargetsOfFamily,
  scheduleRunsFamily,
  shortRevision,
  targetsToMove,
  type FollowedTarget
} from './targets.js'

export interface ScheduleClients {
  eventBridge(): Promise<EventBridgeClient>
  scheduler(): Promise<SchedulerClient>
}

/** One target moved: for the summary and to move it back. */
export interface ScheduledTaskChange {
  id: string
  from: string
  to: string
}

/** The cluster's ARN (ECS targets name the cluster by ARN). */
export async function clusterArnOf(ecs: ECSClient, cluster: string): Promise<string> {
  if (cluster.startsWith('arn:')) return cluster
  let out
  try {
    out = await ecs.send(new DescribeClustersCommand({ clusters: [cluster] }))
  } catch (error) {
    throw describeAwsError(`DescribeClusters (${cluster})`, error)
  }
  const arn = out.clusters?.[0]?.clusterArn
  if (!arn)
    throw new ActionError(`Cluster ${cluster} not found. Check \`cluster\` and \`aws-region\`.`)
  return arn
}

export interface FindOptions {
  clients: ScheduleClients & { ecs: ECSClient }
  config: { cluster: string; scheduledTasks?: ScheduledTasksConfig | undefined }
  /** The service this run deploys (its cluster ARN saves a DescribeClusters). */
  service?: { clusterArn?: string | undefined } | undefined
  family: string | undefined
  log: Logger
}

/** The targets that follow this run's family; an explicit entry that does not is an error. */
export async function findScheduledTasks(options: FindOptions): Promise<FollowedTarget[]> {
  const config = options.config.scheduledTasks
  if (!config) return []
  const o: Located = {
    clients: options.clients,
    config,
    clusterArn:
      options.service?.clusterArn ??
      (await clusterArnOf(options.clients.ecs, options.config.cluster)),
    family: options.family ?? '',
    log: options.log
  }
  const found: FollowedTarget[] = []
  if (o.config.mode === 'auto') {
    const events = await o.clients.eventBridge()
    for (const rule of await ruleNamesTargeting(events, o.clusterArn)) {
      found.push(...(await ruleTargets(events, rule, o.family, o.clusterArn)))
    }
    const scheduler = await o.clients.scheduler()
    for (const s of await schedulesTargeting(scheduler, o.clusterArn)) {
      const schedule = await getSchedule(scheduler, s)
      if (scheduleRunsFamily(schedule, o.family)) found.push(scheduleTarget(schedule))
    }
  } else {
    for (const ref of o.config.refs) found.push(...(await explicit(o, ref)))
  }
  // A target without a revision already runs the family's latest: nothing to follow.
  const bare = found.filter((t) => !hasRevision(t.taskDefinitionArn))
  for (const t of bare) {
    o.log.info(
      `${t.id} runs ${t.taskDefinitionArn} without a revision (always the latest): left as it is.`
    )
  }
  const followed = found.filter((t) => hasRevision(t.taskDefinitionArn))
  if (followed.length === 0 && o.config.mode === 'auto') {
    o.log.info(`No EventBridge rule or schedule runs ${o.family} in this cluster.`)
  }
  for (const t of followed) {
    o.log.info(
      `Scheduled task ${t.id} runs ${shortRevision(t.taskDefinitionArn)}: it will follow this revision.`
    )
  }
  const roles = rolesOf(followed)
  if (roles.length > 0) {
    o.log.info(
      `Their targets pass ${roles.join(', ')}: moving them needs iam:PassRole on ${roles.length === 1 ? 'that role' : 'those roles'}.`
    )
  }
  return followed
}

interface Located {
  clients: ScheduleClients
  config: ScheduledTasksConfig
  clusterArn: string
  family: string
  log: Logger
}

async function explicit(o: Located, ref: ScheduledTaskRef): Promise<FollowedTarget[]> {
  if (ref.kind === 'rule') {
    const events = await o.clients.eventBridge()
    const targets = await ruleTargets(events, ref.name, o.family)
    if (targets.length === 0) {
      throw new ActionError(
        `\`scheduled-tasks\`: rule ${ref.name} has no ECS target that runs ${o.family}; remove it from the list or point it at ${o.family} first.`
      )
    }
    return targets
  }
  const scheduler = await o.clients.scheduler()
  const schedule = await getSchedule(scheduler, ref)
  if (!scheduleRunsFamily(schedule, o.family)) {
    throw new ActionError(
      `\`scheduled-tasks\`: ${refId(ref)} does not run ${o.family} (its target is ${schedule.Target?.EcsParameters?.TaskDefinitionArn ?? schedule.Target?.Arn ?? 'not ECS'}); remove it from the list.`
    )
  }
  return [scheduleTarget(schedule)]
}

async function ruleNamesTargeting(
  events: EventBridgeClient,
  clusterArn: string
): Promise<string[]> {
  const { ListRuleNamesByTargetCommand } = await import('@aws-sdk/client-eventbridge')
  const names: string[] = []
  const pages = pagesOf(
    (token) =>
      events.send(
        new ListRuleNamesByTargetCommand({
          TargetArn: clusterArn,
          ...(token ? { NextToken: token } : {})
        })
      ),
    (page) => page.NextToken
  )
  try {
    for await (const page of pages) names.push(...(page.RuleNames ?? []))
  } catch (error) {
    throw describeAwsError('ListRuleNamesByTarget (events:ListRuleNamesByTarget)', error)
  }
  return names
}

async function ruleTargets(
  events: EventBridgeClient,
  rule: string,
  family: string,
  clusterArn?: string
): Promise<FollowedTarget[]> {
  const { ListTargetsByRuleCommand } = await import('@aws-sdk/client-eventbridge')
  const all = []
  const pages = pagesOf(
    (token) =>
      events.send(
        new ListTargetsByRuleCommand({ Rule: rule, ...(token ? { NextToken: token } : {}) })
      ),
    (page) => page.NextToken
  )
  try {
    for await (const page of pages) all.push(...(page.Targets ?? []))
  } catch (error) {
    if (isNotFound(error, 'resource')) {
      throw new ActionError(
        `\`scheduled-tasks\`: EventBridge rule ${rule} not found on the default event bus. Check the name and \`aws-region\`.`
      )
    }
    throw describeAwsError(`ListTargetsByRule (rule ${rule}; events:ListTargetsByRule)`, error)
  }
  return ruleTargetsOfFamily(all, family)
    .filter((t) => clusterArn === undefined || t.Arn === clusterArn)
    .map((target) => ({
      kind: 'rule' as const,
      id: `rule/${rule}`,
      rule,
      target,
      taskDefinitionArn: target.EcsParameters?.TaskDefinitionArn ?? '',
      ...(target.RoleArn ? { roleArn: target.RoleArn } : {})
    }))
}

async function schedulesTargeting(
  scheduler: SchedulerClient,
  clusterArn: string
): Promise<Array<{ group: string; name: string }>> {
  const { paginateListSchedules } = await import('@aws-sdk/client-scheduler')
  const found: Array<{ group: string; name: string }> = []
  try {
    for await (const page of paginateListSchedules({ client: scheduler }, {})) {
      for (const s of page.Schedules ?? []) {
        if (s.Target?.Arn === clusterArn && s.Name && s.GroupName) {
          found.push({ group: s.GroupName, name: s.Name })
        }
      }
    }
  } catch (error) {
    throw describeAwsError('ListSchedules (scheduler:ListSchedules)', error)
  }
  return found
}

async function getSchedule(
  scheduler: SchedulerClient,
  ref: { group: string; name: string }
): Promise<import('@aws-sdk/client-scheduler').GetScheduleOutput> {
  const { GetScheduleCommand } = await import('@aws-sdk/client-scheduler')
  try {
    return await scheduler.send(new GetScheduleCommand({ Name: ref.name, GroupName: ref.group }))
  } catch (error) {
    if (isNotFound(error, 'resource')) {
      throw new ActionError(
        `\`scheduled-tasks\`: schedule ${ref.name} not found in group ${ref.group}. Check the name, the group and \`aws-region\`.`
      )
    }
    throw describeAwsError(`GetSchedule (${ref.group}/${ref.name}; scheduler:GetSchedule)`, error)
  }
}

function scheduleTarget(
  schedule: import('@aws-sdk/client-scheduler').GetScheduleOutput
): FollowedTarget {
  const roleArn = schedule.Target?.RoleArn
  return {
    kind: 'schedule',
    id: `schedule/${schedule.GroupName ?? 'default'}/${schedule.Name ?? ''}`,
    schedule,
    taskDefinitionArn: schedule.Target?.EcsParameters?.TaskDefinitionArn ?? '',
    ...(roleArn ? { roleArn } : {})
  }
}

/** Reads each target again and records the revision it runs now. */
async function refresh(
  clients: ScheduleClients,
  targets: readonly FollowedTarget[]
): Promise<void> {
  for (const t of targets) {
    if (t.kind === 'rule') {
      const family = familyOf(t.taskDefinitionArn)
      const now = (await ruleTargets(await clients.eventBridge(), t.rule, family)).find(
        (x) => x.kind === 'rule' && x.target.Id === t.target.Id
      )
      if (now?.kind === 'rule') {
        t.target = now.target
        t.taskDefinitionArn = now.taskDefinitionArn
      }
    } else {
      const schedule = await getSchedule(await clients.scheduler(), {
        group: t.schedule.GroupName ?? 'default',
        name: t.schedule.Name ?? ''
      })
      t.schedule = schedule
      t.taskDefinitionArn = schedule.Target?.EcsParameters?.TaskDefinitionArn ?? t.taskDefinitionArn
    }
  }
}

export interface PointOptions {
  clients: ScheduleClients
  targets: readonly FollowedTarget[]
  to: string
  /**
   * Going back after a rollback: the targets are read again and only those
   * that run this revision now (moved by another run, or by hand) are moved.
   */
  onlyFrom?: string
  log: Logger
}

/** Points the targets at `to`; returns what changed. Targets already there are left alone. */
export async function pointScheduledTasks(o: PointOptions): Promise<ScheduledTaskChange[]> {
  const changes: ScheduledTaskChange[] = []
  if (o.onlyFrom) await refresh(o.clients, o.targets)
  const moving = targetsToMove(o.targets, o.to, o.onlyFrom)
  // A rule's matching targets go in one PutTargets.
  const byRule = new Map<string, Extract<FollowedTarget, { kind: 'rule' }>[]>()
  for (const t of moving) {
    if (t.kind === 'rule') byRule.set(t.rule, [...(byRule.get(t.rule) ?? []), t])
  }
  if (byRule.size > 0) {
    const { PutTargetsCommand } = await import('@aws-sdk/client-eventbridge')
    const events = await o.clients.eventBridge()
    for (const [rule, targets] of byRule) {
      let out
      try {
        out = await events.send(
          new PutTargetsCommand({
            Rule: rule,
            Targets: targets.map((t) => retargetRule(t.target, o.to))
          })
        )
      } catch (error) {
        throw describeAwsError(
          `PutTargets (rule ${rule}; events:PutTargets${targets.some((t) => t.roleArn) ? ' and iam:PassRole on the target role' : ''})`,
          error
        )
      }
      const failed = out.FailedEntries ?? []
      if ((out.FailedEntryCount ?? 0) > 0) {
        throw new ActionError(
          `PutTargets on rule ${rule} failed for ${failed.map((f) => `target ${f.TargetId ?? '?'}: ${f.ErrorCode ?? ''} ${f.ErrorMessage ?? ''}`.trim()).join('; ')}.`
        )
      }
      for (const t of targets) {
        changes.push({ id: t.id, from: t.taskDefinitionArn, to: o.to })
        t.taskDefinitionArn = o.to
        t.target = retargetRule(t.target, o.to)
      }
    }
  }
  const schedules = moving.filter((t) => t.kind === 'schedule')
  if (schedules.length > 0) {
    const { UpdateScheduleCommand } = await import('@aws-sdk/client-scheduler')
    const scheduler = await o.clients.scheduler()
    for (const t of schedules) {
      const input = retargetSchedule(t.schedule, o.to)
      try {
        await scheduler.send(new UpdateScheduleCommand(input))
      } catch (error) {
        throw describeAwsError(
          `UpdateSchedule (${t.id}; scheduler:UpdateSchedule${t.roleArn ? ' and iam:PassRole on the target role' : ''})`,
          error
        )
      }
      changes.push({ id: t.id, from: t.taskDefinitionArn, to: o.to })
      t.taskDefinitionArn = o.to
      t.schedule = { ...t.schedule, Target: input.Target }
    }
  }
  for (const c of changes) {
    o.log.info(`${c.id}: ${shortRevision(c.from)} → ${shortRevision(c.to)}`)
  }
  return changes
}
