/**
 * Creates a new preview in the order that keeps a half-done run harmless
 * and findable: target group (tagged), then the listener rule (tagged) that
 * attaches it to the load balancer (ECS refuses a target group without
 * one), then the service (tagged). A failure leaves only tagged resources,
 * which `destroy` removes and the next `deploy` reuses.
 */
import { CreateServiceCommand, type ECSClient } from '@aws-sdk/client-ecs'
import {
  CreateRuleCommand,
  CreateTargetGroupCommand,
  type ElasticLoadBalancingV2Client
} from '@aws-sdk/client-elastic-load-balancing-v2'
import { isConflict } from '../aws/errors.js'
import { ActionError, describeAwsError } from '../util/errors.js'
import type { Logger } from '../util/log.js'
import type { Clock } from '../util/time.js'
import { freePriority, listRules, ruleForHost, tagsOf, targetGroupByName } from './lb.js'
import { describeIdentity, isTaggedAs, toElbTags } from './names.js'
import type { PreviewLoadBalancerPlan, PreviewPlan } from './plan.js'

export interface CreateDeps {
  ecs: ECSClient
  elb: ElasticLoadBalancingV2Client
  log: Logger
  clock?: Clock
}

export interface CreatedPreview {
  /** The first deployment of the new service (what the watch follows). */
  deploymentId?: string
  serviceArn?: string
  targetGroupArn?: string
  ruleArn?: string
}

/** How often a rule priority taken by a concurrent run is re-chosen. */
const PRIORITY_ATTEMPTS = 5

export async function createPreviewResources(
  plan: PreviewPlan,
  taskDefinitionArn: string,
  deps: CreateDeps
): Promise<CreatedPreview> {
  const { ecs, elb, log } = deps
  if (plan.exists) {
    throw new ActionError(`The preview ${plan.serviceName} exists already; update it instead.`)
  }
  const created: CreatedPreview = {}
  const lbPlan = plan.loadBalancer
  if (lbPlan) {
    created.targetGroupArn = await ensureTargetGroup(elb, plan, lbPlan, log)
    created.ruleArn = await ensureRule(elb, plan, lbPlan, created.targetGroupArn, log)
  }
  const input = {
    ...plan.createService,
    taskDefinition: taskDefinitionArn,
    ...(lbPlan && created.targetGroupArn
      ? {
          loadBalancers: [
            {
              targetGroupArn: created.targetGroupArn,
              containerName: lbPlan.containerName,
              containerPort: lbPlan.containerPort
            }
          ]
        }
      : {})
  }
  try {
    const out = await ecs.send(new CreateServiceCommand(input))
    const service = out.service
    if (service?.serviceArn) created.serviceArn = service.serviceArn
    const primary =
      service?.deployments?.find((d) => d.status === 'PRIMARY') ?? service?.deployments?.[0]
    if (primary?.id) created.deploymentId = primary.id
    log.info(
      `Created service ${plan.serviceName} (desired count ${plan.desiredCount}, tagged ${describeIdentity(plan.identity)}).`
    )
  } catch (error) {
    const leftover = [created.targetGroupArn, created.ruleArn].filter(Boolean)
    const hint = leftover.length
      ? ` The target group and rule already created are tagged; the next deploy reuses them and \`preview: destroy\` removes them.`
      : ''
    const described = describeAwsError(`Creating service ${plan.serviceName}`, error)
    throw new ActionError(described.message + hint, described.details)
  }
  return created
}

async function ensureTargetGroup(
  elb: ElasticLoadBalancingV2Client,
  plan: PreviewPlan,
  lbPlan: PreviewLoadBalancerPlan,
  log: Logger
): Promise<string> {
  if (lbPlan.existingTargetGroupArn) return lbPlan.existingTargetGroupArn
  try {
    const out = await elb.send(new CreateTargetGroupCommand(lbPlan.targetGroup))
    const arn = out.TargetGroups?.[0]?.TargetGroupArn
    if (!arn) throw new Error('CreateTargetGroup returned no target group')
    log.info(`Created target group ${lbPlan.targetGroup.Name}.`)
    return arn
  } catch (error) {
    if (!isConflict(error, 'targetGroupNameTaken')) {
      throw describeAwsError(`Creating target group ${lbPlan.targetGroup.Name}`, error)
    }
    // Created by a concurrent run since the plan: use it only if it is ours.
    const existing = await targetGroupByName(elb, lbPlan.targetGroup.Name)
    const arn = existing?.TargetGroupArn
    if (!arn || !isTaggedAs((await tagsOf(elb, [arn])).get(arn), plan.identity)) {
      throw new ActionError(
        `A target group named ${lbPlan.targetGroup.Name} exists but is not this preview's; refusing to use it.`
      )
    }
    return arn
  }
}

async function ensureRule(
  elb: ElasticLoadBalancingV2Client,
  plan: PreviewPlan,
  lbPlan: PreviewLoadBalancerPlan,
  targetGroupArn: string,
  log: Logger
): Promise<string> {
  if (lbPlan.existingRuleArn) return lbPlan.existingRuleArn
  let priority = lbPlan.priority
  for (let attempt = 1; ; attempt++) {
    try {
      const out = await elb.send(
        new CreateRuleCommand({
          ListenerArn: lbPlan.listenerArn,
          Priority: priority,
          Conditions: [{ Field: 'host-header', HostHeaderConfig: { Values: [lbPlan.host] } }],
          Actions: [{ Type: 'forward', TargetGroupArn: targetGroupArn }],
          Tags: toElbTags(plan.tags)
        })
      )
      const arn = out.Rules?.[0]?.RuleArn
      if (!arn) throw new Error('CreateRule returned no rule')
      log.info(`Created listener rule for ${lbPlan.host} at priority ${priority}.`)
      return arn
    } catch (error) {
      if (!isConflict(error, 'rulePriorityTaken') || attempt >= PRIORITY_ATTEMPTS) {
        throw describeAwsError(`Creating the listener rule for ${lbPlan.host}`, error)
      }
      // Another pipeline took the priority since the plan: look again.
      const rules = await listRules(elb, lbPlan.listenerArn)
      const mine = ruleForHost(rules, lbPlan.host)
      if (
        mine?.RuleArn &&
        isTaggedAs((await tagsOf(elb, [mine.RuleArn])).get(mine.RuleArn), plan.identity)
      ) {
        return mine.RuleArn
      }
      if (mine) {
        throw new ActionError(
          `A rule for ${lbPlan.host} appeared on the listener that this preview did not create; refusing to change it.`
        )
      }
      priority = freePriority(rules)
      log.info(`Rule priority taken meanwhile; trying ${priority}.`)
    }
  }
}
