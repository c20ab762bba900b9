/**
 * The pure part of following scheduled tasks: which ECS targets run this
 * run's family, and each target rewritten to another revision with every
 * other field kept exactly as it was.
 */
import type { Target as RuleTarget } from '@aws-sdk/client-eventbridge'
import type {
  GetScheduleOutput,
  Target as ScheduleTarget,
  UpdateScheduleInput
} from '@aws-sdk/client-scheduler'
import { familyOf } from '../aws/arn.js'

// Task definition ARNs are read by the one parser in aws/arn.ts.
export { familyOf, hasRevision, taskDefinitionRevision as shortRevision } from '../aws/arn.js'

/** One ECS target that follows the revision: a rule's target or a schedule. */
export type FollowedTarget =
  | {
      kind: 'rule'
      /** `rule/<name>` */
      id: string
      rule: string
      eventBusName?: string
      /** The target as ListTargetsByRule returned it. */
      target: RuleTarget
      taskDefinitionArn: string
      roleArn?: string
    }
  | {
      kind: 'schedule'
      /** `schedule/<group>/<name>` */
      id: string
      /** The schedule as GetSchedule returned it. */
      schedule: GetScheduleOutput
      taskDefinitionArn: string
      roleArn?: string
    }

/** The ECS targets of a rule that run `family` (any revision, or the bare family). */
export function ruleTargetsOfFamily(targets: readonly RuleTarget[], family: string): RuleTarget[] {
  return targets.filter(
    (t) =>
      t.EcsParameters?.TaskDefinitionArn !== undefined &&
      familyOf(t.EcsParameters.TaskDefinitionArn) === family
  )
}

export function scheduleRunsFamily(schedule: GetScheduleOutput, family: string): boolean {
  const arn = schedule.Target?.EcsParameters?.TaskDefinitionArn
  return arn !== undefined && familyOf(arn) === family
}

/** The rule target pointed at `taskDefinitionArn`, everything else as it was. */
export function retargetRule(target: RuleTarget, taskDefinitionArn: string): RuleTarget {
  const copy = structuredClone(target)
  copy.EcsParameters = { ...copy.EcsParameters, TaskDefinitionArn: taskDefinitionArn }
  return copy
}

/**
 * UpdateSchedule replaces the whole schedule: every field GetSchedule
 * returned goes back as it was, with only the target's revision changed.
 */
export function retargetSchedule(
  schedule: GetScheduleOutput,
  taskDefinitionArn: string
): UpdateScheduleInput {
  const target = structuredClone(schedule.Target) as ScheduleTarget
  target.EcsParameters = {
    ...target.EcsParameters,
    TaskDefinitionArn: taskDefinitionArn
  }
  const input: UpdateScheduleInput = {
    Name: schedule.Name,
    GroupName: schedule.GroupName,
    ScheduleExpression: schedule.ScheduleExpression,
    FlexibleTimeWindow: schedule.FlexibleTimeWindow,
    Target: target
  }
  if (schedule.StartDate) input.StartDate = schedule.StartDate
  if (schedule.EndDate) input.EndDate = schedule.EndDate
  if (schedule.Description !== undefined) input.Description = schedule.Description
  if (schedule.ScheduleExpressionTimezone)
    input.ScheduleExpressionTimezone = schedule.ScheduleExpressionTimezone
  if (schedule.State) input.State = schedule.State
  if (schedule.KmsKeyArn) input.KmsKeyArn = schedule.KmsKeyArn
  if (schedule.ActionAfterCompletion) input.ActionAfterCompletion = schedule.ActionAfterCompletion
  return input
}

/**
 * What to change so every target runs `to`: the targets that run something
 * else, and (for a rollback) only those that run `onlyFrom` when given.
 */
export function targetsToMove(
  targets: readonly FollowedTarget[],
  to: string,
  onlyFrom?: string
): FollowedTarget[] {
  return targets.filter(
    (t) =>
      t.taskDefinitionArn !== to && (onlyFrom === undefined || t.taskDefinitionArn === onlyFrom)
  )
}

/** The roles the targets pass to EventBridge / Scheduler (for the iam:PassRole hint). */
export function rolesOf(targets: readonly FollowedTarget[]): string[] {
  return [...new Set(targets.flatMap((t) => (t.roleArn ? [t.roleArn] : [])))]
}
