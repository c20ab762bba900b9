/**
 * Application Load Balancer facts for previews: which listener carries the
 * base service, which rule priority is free, which rule serves a host.
 * The choices are pure functions over what Describe* returned; the reads
 * below them only page through the API.
 */
import {
  DescribeTagsCommand,
  DescribeTargetGroupsCommand,
  paginateDescribeListeners,
  paginateDescribeRules,
  paginateDescribeTargetGroups,
  type Action,
  type ElasticLoadBalancingV2Client,
  type Listener,
  type Rule,
  type TargetGroup
} from '@aws-sdk/client-elastic-load-balancing-v2'
import { sdkClient } from '../aws/clients.js'
import { ELB_RESOURCES, isNotFound } from '../aws/errors.js'
import { fromElbTags, type TagMap } from './names.js'

/** ALB rule priorities run from 1 to 50000; lower is evaluated first. */
export const MAX_RULE_PRIORITY = 50_000

/** True when `actions` forward (plainly or weighted) to `targetGroupArn`. */
export function forwardsTo(
  actions: readonly Action[] | undefined,
  targetGroupArn: string
): boolean {
  return (actions ?? []).some(
    (action) =>
      action.Type === 'forward' &&
      (action.TargetGroupArn === targetGroupArn ||
        (action.ForwardConfig?.TargetGroups ?? []).some((t) => t.TargetGroupArn === targetGroupArn))
  )
}

/** Every target group `actions` forward to. */
export function forwardTargets(actions: readonly Action[] | undefined): string[] {
  const arns = new Set<string>()
  for (const action of actions ?? []) {
    if (action.Type !== 'forward') continue
    if (action.TargetGroupArn) arns.add(action.TargetGroupArn)
    for (const t of action.ForwardConfig?.TargetGroups ?? []) {
      if (t.TargetGroupArn) arns.add(t.TargetGroupArn)
    }
  }
  return [...arns]
}

/** Host names a rule's host-header conditions match (both the old `Values` and `HostHeaderConfig`). */
export function ruleHosts(rule: Rule): string[] {
  const hosts: string[] = []
  for (const condition of rule.Conditions ?? []) {
    if (condition.Field !== 'host-header') continue
    hosts.push(...(condition.HostHeaderConfig?.Values ?? []), ...(condition.Values ?? []))
  }
  return [...new Set(hosts.map((h) => h.toLowerCase()))]
}

/**
 * True when an ALB host-header pattern matches `host`: case-insensitive,
 * `*` any run of characters, `?` exactly one (as ALB evaluates them).
 */
export function hostPatternMatches(pattern: string, host: string): boolean {
  const regex = pattern
    .toLowerCase()
    .split('')
    .map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&')))
    .join('')
  return new RegExp(`^${regex}$`).test(host.toLowerCase())
}

/** Every non-default rule with a host-header condition that matches `host`, wildcards included. */
export function rulesRoutingHost(rules: readonly Rule[], host: string): Rule[] {
  return rules.filter(
    (rule) =>
      !rule.IsDefault && ruleHosts(rule).some((pattern) => hostPatternMatches(pattern, host))
  )
}

/** The non-default rule that matches exactly `host`, if any. */
export function ruleForHost(rules: readonly Rule[], host: string): Rule | undefined {
  const wanted = host.toLowerCase()
  return rules.find((rule) => !rule.IsDefault && ruleHosts(rule).includes(wanted))
}

/**
 * The lowest priority no rule uses. Host rules are exact matches, so
 * putting the preview's first cannot take traffic from any other host, and
 * it keeps a catch-all rule of the base service from shadowing it.
 */
export function freePriority(rules: readonly Rule[]): number {
  const used = new Set(
    rules.filter((r) => !r.IsDefault && r.Priority !== 'default').map((r) => Number(r.Priority))
  )
  for (let p = 1; p <= MAX_RULE_PRIORITY; p++) if (!used.has(p)) return p
  throw new Error('Every listener rule priority is in use.')
}

/**
 * The listener the preview's rule goes on: among HTTP(S) listeners, those
 * with a rule (the default one included) forwarding to the base target
 * group; HTTPS before HTTP; when none forwards there, any HTTPS listener,
 * then any HTTP one.
 */
export function choosePreviewListener(
  listeners: readonly Listener[],
  rulesByListener: ReadonlyMap<string, readonly Rule[]>,
  baseTargetGroupArn: string
): Listener | undefined {
  const web = listeners.filter((l) => l.Protocol === 'HTTPS' || l.Protocol === 'HTTP')
  const forwarding = web.filter(
    (l) =>
      forwardsTo(l.DefaultActions, baseTargetGroupArn) ||
      (rulesByListener.get(l.ListenerArn ?? '') ?? []).some((r) =>
        forwardsTo(r.Actions, baseTargetGroupArn)
      )
  )
  const byPreference = (pool: readonly Listener[]): Listener | undefined =>
    pool.find((l) => l.Protocol === 'HTTPS') ?? pool.find((l) => l.Protocol === 'HTTP')
  return byPreference(forwarding) ?? byPreference(web)
}

/** `https://host` (or http), with the port when it is not the protocol's default. */
export function listenerUrl(listener: Listener, host: string): string {
  const https = listener.Protocol === 'HTTPS'
  const port = listener.Port
  const defaultPort = https ? 443 : 80
  return `${https ? 'https' : 'http'}://${host}${port && port !== defaultPort ? `:${port}` : ''}`
}

// ---- reads -------------------------------------------------------------

export async function listListeners(
  elb: ElasticLoadBalancingV2Client,
  loadBalancerArn: string
): Promise<Listener[]> {
  const listeners: Listener[] = []
  const client = await sdkClient(elb)
  for await (const page of paginateDescribeListeners(
    { client },
    { LoadBalancerArn: loadBalancerArn }
  )) {
    listeners.push(...(page.Listeners ?? []))
  }
  return listeners
}

export async function listRules(
  elb: ElasticLoadBalancingV2Client,
  listenerArn: string
): Promise<Rule[]> {
  const rules: Rule[] = []
  const client = await sdkClient(elb)
  for await (const page of paginateDescribeRules({ client }, { ListenerArn: listenerArn })) {
    rules.push(...(page.Rules ?? []))
  }
  return rules
}

/** Tags of many resources (DescribeTags takes 20 at a time). Missing resources are left out. */
export async function tagsOf(
  elb: ElasticLoadBalancingV2Client,
  arns: readonly string[]
): Promise<Map<string, TagMap>> {
  const result = new Map<string, TagMap>()
  for (let i = 0; i < arns.length; i += 20) {
    const batch = arns.slice(i, i + 20)
    try {
      const out = await elb.send(new DescribeTagsCommand({ ResourceArns: batch }))
      for (const d of out.TagDescriptions ?? []) {
        if (d.ResourceArn) result.set(d.ResourceArn, fromElbTags(d.Tags))
      }
    } catch (error) {
      // One vanished resource fails the whole batch; ask one by one instead.
      if (!isNotFound(error, ...ELB_RESOURCES)) throw error
      if (batch.length === 1) continue
      for (const arn of batch) {
        for (const [k, v] of await tagsOf(elb, [arn])) result.set(k, v)
      }
    }
  }
  return result
}

/** A target group by name, or undefined. */
export async function targetGroupByName(
  elb: ElasticLoadBalancingV2Client,
  name: string
): Promise<TargetGroup | undefined> {
  try {
    const out = await elb.send(new DescribeTargetGroupsCommand({ Names: [name] }))
    return out.TargetGroups?.[0]
  } catch (error) {
    if (isNotFound(error, 'targetGroup')) return undefined
    throw error
  }
}

export async function targetGroupByArn(
  elb: ElasticLoadBalancingV2Client,
  arn: string
): Promise<TargetGroup | undefined> {
  try {
    const out = await elb.send(new DescribeTargetGroupsCommand({ TargetGroupArns: [arn] }))
    return out.TargetGroups?.[0]
  } catch (error) {
    if (isNotFound(error, 'targetGroup')) return undefined
    throw error
  }
}

/** Every target group attached to a load balancer. */
export async function targetGroupsOfLoadBalancer(
  elb: ElasticLoadBalancingV2Client,
  loadBalancerArn: string
): Promise<TargetGroup[]> {
  const groups: TargetGroup[] = []
  const client = await sdkClient(elb)
  for await (const page of paginateDescribeTargetGroups(
    { client },
    { LoadBalancerArn: loadBalancerArn }
  )) {
    groups.push(...(page.TargetGroups ?? []))
  }
  return groups
}
