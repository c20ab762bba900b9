/**
 * `preview: deploy`, before any write: checks the base service, finds out
 * whether the preview exists already (and is ours), and, with
 * `preview-host`, which listener, priority and target group it gets.
 * Read-only: every call here is a Describe.
 */
import {
  DescribeServicesCommand,
  type CreateServiceCommandInput,
  type ECSClient,
  type Service,
  type Tag
} from '@aws-sdk/client-ecs'
import {
  DescribeLoadBalancersCommand,
  type CreateTargetGroupCommandInput,
  type ElasticLoadBalancingV2Client,
  type Rule,
  type TargetGroup
} from '@aws-sdk/client-elastic-load-balancing-v2'
import type { Config, TaskDefinitionSource } from '../inputs/config.js'
import { loadTaskDefinitionFile } from '../taskdef/load.js'
import type { TaskDef } from '../taskdef/clean.js'
import { ActionError, describeAwsError } from '../util/errors.js'
import type { Logger } from '../util/log.js'
import {
  choosePreviewListener,
  freePriority,
  listListeners,
  listRules,
  hostPatternMatches,
  listenerUrl,
  ruleForHost,
  ruleHosts,
  rulesRoutingHost,
  tagsOf,
  targetGroupByArn,
  targetGroupByName
} from './lb.js'
import {
  clusterName,
  createServiceClientToken,
  describeIdentity,
  familyOf,
  fromEcsTags,
  isTaggedAs,
  previewFamily,
  previewHost,
  previewServiceName,
  previewTags,
  previewTargetGroupName,
  PreviewTagKeys,
  toEcsTags,
  validatePreviewId,
  type PreviewIdentity,
  type TagMap
} from './names.js'

/** Where the preview's traffic comes from, when it sits behind the base service's ALB. */
export interface PreviewLoadBalancerPlan {
  loadBalancerArn: string
  loadBalancerName?: string
  /** The load balancer's DNS name: where the wildcard DNS record points. */
  dnsName?: string
  listenerArn: string
  listenerProtocol: 'HTTP' | 'HTTPS'
  host: string
  /** Rule priority to create the host rule at (re-chosen if taken meanwhile). */
  priority: number
  baseTargetGroupArn: string
  /** CreateTargetGroup input cloned from the base target group, tags included. */
  targetGroup: CreateTargetGroupCommandInput & { Name: string }
  /** Set when a tagged target group of this preview exists (a half-created earlier run). */
  existingTargetGroupArn?: string
  /** Set when a tagged rule for the host exists already. */
  existingRuleArn?: string
  containerName: string
  containerPort: number
}

export interface PreviewPlan {
  identity: PreviewIdentity
  cluster: string
  /** `<service>-pr-<id>` */
  serviceName: string
  /** `<family>-pr-<id>`: the family to register the preview's task definitions under. */
  family: string
  /** The preview service exists (ACTIVE, tagged as ours): update it rather than create. */
  exists: boolean
  existingService?: Service
  /** `https://<host>` (or http), when there is a host. */
  url?: string
  host?: string
  /** Tags of every resource the preview creates. */
  tags: TagMap
  /** The same tags as ECS wants them: add them to the preview's task definition too. */
  ecsTags: Tag[]
  desiredCount: number
  /** CreateService input cloned from the base service, minus the task definition. */
  createService: Omit<CreateServiceCommandInput, 'taskDefinition'> & { serviceName: string }
  loadBalancer?: PreviewLoadBalancerPlan
  /** What was decided, in words (also logged). */
  notes: string[]
}

export interface PlanDeps {
  ecs: ECSClient
  elb: ElasticLoadBalancingV2Client
  log: Logger
  /** The base service as DescribeServices returned it (checked by the caller). */
  baseService: Service
  /** The `task-definition` file as the run loaded it; read here only when not given. */
  taskDefinition?: TaskDef
}

/** The preview's identity from the config, validated; throws an ActionError otherwise. */
export function previewIdentity(config: Config): PreviewIdentity {
  if (!config.service) {
    throw new ActionError('`preview` needs `service`: the service the preview copies.')
  }
  const id = config.preview?.id ?? ''
  if (!id) {
    throw new ActionError(
      'No preview id: set `preview-id`, or run on a pull_request event so the pull request number is used.'
    )
  }
  validatePreviewId(id)
  const repository = config.github.repository ?? ''
  if (!repository) {
    throw new ActionError(
      'Previews need GITHUB_REPOSITORY (owner/name): every preview resource is tagged with the repository that owns it. Run the action in GitHub Actions, or set GITHUB_REPOSITORY.'
    )
  }
  return { baseService: config.service, id, repository, cluster: clusterName(config.cluster) }
}

/** Throws unless the base service can be copied: ACTIVE, deployed by ECS, replica, not a preview itself. */
export function checkBaseService(base: Service, name: string): void {
  if (base.status !== 'ACTIVE') {
    throw new ActionError(`The base service ${name} is ${base.status ?? 'missing'}, not ACTIVE.`)
  }
  const controller = base.deploymentController?.type ?? 'ECS'
  if (controller !== 'ECS') {
    throw new ActionError(
      `The base service ${name} is deployed by ${controller}; previews copy services deployed by ECS only.`
    )
  }
  if (base.schedulingStrategy === 'DAEMON') {
    throw new ActionError(
      `The base service ${name} uses the DAEMON strategy; previews copy REPLICA services only.`
    )
  }
  if (fromEcsTags(base.tags)[PreviewTagKeys.previewOf]) {
    throw new ActionError(`${name} is itself a preview; name the original service instead.`)
  }
}

/**
 * CreateService input copied from the base service: placement (launch type
 * or capacity providers, platform version, network, placement rules), the
 * rolling deployment settings with the circuit breaker, execute-command and
 * tag propagation. Left out on purpose, with a note each: CloudWatch alarms
 * (production's alarms must not roll back a preview), service discovery and
 * Service Connect (a preview must not register under production's names).
 */
export function cloneServiceSettings(
  base: Service,
  options: { cluster: string; serviceName: string; desiredCount: number; tags: TagMap }
): { input: PreviewPlan['createService']; notes: string[] } {
  const notes: string[] = []
  const input: PreviewPlan['createService'] = {
    cluster: options.cluster,
    serviceName: options.serviceName,
    desiredCount: options.desiredCount,
    schedulingStrategy: 'REPLICA',
    deploymentController: { type: 'ECS' },
    tags: toEcsTags(options.tags),
    // Tasks carry the preview's tags unless the base deliberately takes them from the task definition.
    propagateTags: base.propagateTags === 'TASK_DEFINITION' ? 'TASK_DEFINITION' : 'SERVICE'
  }
  if (base.capacityProviderStrategy?.length) {
    input.capacityProviderStrategy = base.capacityProviderStrategy.map((item) => ({ ...item }))
  } else if (base.launchType) {
    input.launchType = base.launchType
  }
  if (base.platformVersion) input.platformVersion = base.platformVersion
  if (base.networkConfiguration)
    input.networkConfiguration = structuredClone(base.networkConfiguration)
  if (base.placementConstraints?.length) {
    input.placementConstraints = structuredClone(base.placementConstraints)
  }
  if (base.placementStrategy?.length)
    input.placementStrategy = structuredClone(base.placementStrategy)
  if (base.enableExecuteCommand !== undefined)
    input.enableExecuteCommand = base.enableExecuteCommand
  if (base.enableECSManagedTags !== undefined)
    input.enableECSManagedTags = base.enableECSManagedTags
  const dc = base.deploymentConfiguration
  if (dc) {
    input.deploymentConfiguration = {
      ...(dc.maximumPercent !== undefined ? { maximumPercent: dc.maximumPercent } : {}),
      ...(dc.minimumHealthyPercent !== undefined
        ? { minimumHealthyPercent: dc.minimumHealthyPercent }
        : {}),
      ...(dc.deploymentCircuitBreaker
        ? { deploymentCircuitBreaker: { ...dc.deploymentCircuitBreaker } }
        : {})
    }
    if (dc.alarms?.alarmNames?.length) {
      notes.push("The base service's CloudWatch alarms are not copied: they watch production.")
    }
    if (dc.strategy && dc.strategy !== 'ROLLING') {
      notes.push(`The base service deploys ${dc.strategy}; the preview uses rolling deployments.`)
    }
  }
  if (base.serviceRegistries?.length) {
    notes.push(
      'Service discovery registries are not copied: the preview must not answer for production.'
    )
  }
  return { input, notes }
}

/**
 * The base task definition family the preview's family derives from: the
 * family reference's, the loaded `task-definition` file's, or the base
 * service's. Pure: the file is loaded once, by the caller.
 */
export function baseFamily(
  source: TaskDefinitionSource,
  baseService: Service | undefined,
  file?: TaskDef
): string | undefined {
  if (source.kind === 'family') return familyOf(source.reference)
  if (source.kind === 'file' && file?.family) return file.family
  return baseService?.taskDefinition ? familyOf(baseService.taskDefinition) : undefined
}

export async function planPreviewDeploy(config: Config, deps: PlanDeps): Promise<PreviewPlan> {
  const { ecs, elb, log, baseService } = deps
  const identity = previewIdentity(config)
  checkBaseService(baseService, identity.baseService)
  const serviceName = previewServiceName(identity.baseService, identity.id)
  const source = config.taskDefinition
  const file =
    source.kind === 'file'
      ? (deps.taskDefinition ?? (await loadTaskDefinitionFile(source.path)))
      : undefined
  const family = baseFamily(source, baseService, file)
  if (!family) {
    throw new ActionError(
      `Could not tell the task definition family of ${identity.baseService}; set task-definition-family.`
    )
  }
  const tags = previewTags(identity)
  const notes: string[] = []

  // Does the preview exist, and is it ours?
  let existingService: Service | undefined
  try {
    const out = await ecs.send(
      new DescribeServicesCommand({
        cluster: config.cluster,
        services: [serviceName],
        include: ['TAGS']
      })
    )
    existingService = out.services?.find((s) => s.serviceName === serviceName)
  } catch (error) {
    throw describeAwsError(`Describing ${serviceName}`, error, config.region)
  }
  if (existingService?.status === 'INACTIVE') existingService = undefined
  if (existingService) {
    if (!isTaggedAs(fromEcsTags(existingService.tags), identity)) {
      throw new ActionError(
        `A service named ${serviceName} exists in ${config.cluster} but is not tagged as this preview (${describeIdentity(identity)}); refusing to take it over. Rename or tag it, or use another preview-id.`
      )
    }
    if (existingService.status === 'DRAINING') {
      throw new ActionError(
        `The preview service ${serviceName} is still being deleted (DRAINING); re-run when it is gone.`
      )
    }
    notes.push(`Preview ${serviceName} exists: it will be updated.`)
  } else {
    notes.push(`Preview ${serviceName} does not exist yet: it will be created.`)
  }

  const desiredCount = config.desiredCount ?? 1
  const cloned = cloneServiceSettings(baseService, {
    cluster: config.cluster,
    serviceName,
    desiredCount,
    tags
  })
  notes.push(...cloned.notes)
  // One service per run attempt: a retried CreateService returns the one the first attempt made.
  cloned.input.clientToken = createServiceClientToken({
    repository: identity.repository,
    runId: config.github.runId ?? '',
    runAttempt: config.github.runAttempt ?? '1',
    cluster: identity.cluster,
    serviceName
  })

  const template = config.preview?.hostTemplate
  const host = template ? previewHost(template, identity.id) : undefined
  const baseLb = (baseService.loadBalancers ?? []).find((lb) => lb.targetGroupArn)
  let loadBalancer: (PreviewLoadBalancerPlan & { url: string; notes: string[] }) | undefined
  let url: string | undefined
  if (host) {
    if (!baseLb?.targetGroupArn) {
      throw new ActionError(
        `preview-host is set, but the base service ${identity.baseService} has no load balancer target group to copy. Remove preview-host, or put the base service behind an Application Load Balancer.`
      )
    }
    loadBalancer = await planLoadBalancer(elb, {
      host,
      identity,
      baseTargetGroupArn: baseLb.targetGroupArn,
      containerName: baseLb.containerName ?? '',
      containerPort: baseLb.containerPort ?? 0,
      tags,
      region: config.region,
      previewExists: existingService !== undefined
    })
    url = loadBalancer.url
    notes.push(...loadBalancer.notes)
    if (baseService.healthCheckGracePeriodSeconds !== undefined) {
      cloned.input.healthCheckGracePeriodSeconds = baseService.healthCheckGracePeriodSeconds
    }
  } else if (baseLb) {
    notes.push(
      `The base service is behind a load balancer, but without preview-host the preview gets none (it is reachable only inside the VPC).`
    )
  }

  for (const note of notes) log.info(note)
  if (url) log.info(`Preview URL: ${url}`)

  const plan: PreviewPlan = {
    identity,
    cluster: config.cluster,
    serviceName,
    family: previewFamily(family, identity.id),
    exists: existingService !== undefined,
    tags,
    ecsTags: toEcsTags(tags),
    desiredCount,
    createService: cloned.input,
    notes
  }
  if (existingService) plan.existingService = existingService
  if (host) plan.host = host
  if (url) plan.url = url
  if (loadBalancer) {
    const { url: _url, notes: _notes, ...rest } = loadBalancer
    plan.loadBalancer = rest
  }
  return plan
}

async function planLoadBalancer(
  elb: ElasticLoadBalancingV2Client,
  input: {
    host: string
    identity: PreviewIdentity
    baseTargetGroupArn: string
    containerName: string
    containerPort: number
    tags: TagMap
    region: string
    previewExists: boolean
  }
): Promise<PreviewLoadBalancerPlan & { url: string; notes: string[] }> {
  const { host, identity, baseTargetGroupArn } = input
  const notes: string[] = []
  try {
    const baseTg = await targetGroupByArn(elb, baseTargetGroupArn)
    if (!baseTg) {
      throw new ActionError(`The base service's target group ${baseTargetGroupArn} does not exist.`)
    }
    if (baseTg.TargetType === 'lambda') {
      throw new ActionError(
        `The base target group ${baseTg.TargetGroupName} targets Lambda; cannot copy it.`
      )
    }
    const loadBalancerArn = baseTg.LoadBalancerArns?.[0]
    if (!loadBalancerArn) {
      throw new ActionError(
        `The base target group ${baseTg.TargetGroupName} is not attached to a load balancer.`
      )
    }
    const lbOut = await elb.send(
      new DescribeLoadBalancersCommand({ LoadBalancerArns: [loadBalancerArn] })
    )
    const lb = lbOut.LoadBalancers?.[0]
    if (lb?.Type && lb.Type !== 'application') {
      throw new ActionError(
        `preview-host needs an Application Load Balancer; ${lb.LoadBalancerName} is a ${lb.Type} load balancer (no host-header rules).`
      )
    }
    const listeners = await listListeners(elb, loadBalancerArn)
    const rulesByListener = new Map<string, Rule[]>()
    for (const listener of listeners) {
      if (listener.ListenerArn && (listener.Protocol === 'HTTP' || listener.Protocol === 'HTTPS')) {
        rulesByListener.set(listener.ListenerArn, await listRules(elb, listener.ListenerArn))
      }
    }
    const listener = choosePreviewListener(listeners, rulesByListener, baseTargetGroupArn)
    if (!listener?.ListenerArn) {
      throw new ActionError(
        `The load balancer ${lb?.LoadBalancerName ?? loadBalancerArn} has no HTTP or HTTPS listener.`
      )
    }
    const rules = rulesByListener.get(listener.ListenerArn) ?? []
    notes.push(
      `Preview rule goes on the ${listener.Protocol}:${listener.Port} listener of ${lb?.LoadBalancerName ?? loadBalancerArn}.`
    )

    const targetGroupName = previewTargetGroupName(identity)
    const existingTg = await targetGroupByName(elb, targetGroupName)
    // Every rule that already routes the host (wildcards too): the preview's rule goes first
    // (lowest free priority), so it would take that host's traffic from each of them.
    const routing = rulesRoutingHost(rules, host)
    const toCheck = [existingTg?.TargetGroupArn, ...routing.map((r) => r.RuleArn)].filter(
      (a): a is string => !!a
    )
    const tags = toCheck.length ? await tagsOf(elb, toCheck) : new Map<string, TagMap>()
    if (existingTg?.TargetGroupArn && !isTaggedAs(tags.get(existingTg.TargetGroupArn), identity)) {
      throw new ActionError(
        `A target group named ${targetGroupName} exists but is not tagged as this preview (${describeIdentity(identity)}); refusing to use it.`
      )
    }
    const foreign = routing.find((r) => !isTaggedAs(tags.get(r.RuleArn ?? ''), identity))
    if (foreign) {
      throw new ActionError(
        `The listener already routes ${host}: rule ${foreign.RuleArn ?? '?'} (priority ${foreign.Priority ?? '?'}, host ${ruleHosts(foreign).join(', ')}) is not this preview's (${describeIdentity(identity)}); refusing to take its traffic. Use another preview-host.`
      )
    }
    if (lb?.DNSName && hostPatternMatches(lb.DNSName, host)) {
      throw new ActionError(
        `preview-host gives ${host}, the load balancer's own DNS name, which its default action serves; refusing to take it. Use a host under your own domain.`
      )
    }
    const existingRule = ruleForHost(routing, host)
    if (!input.previewExists) {
      if (existingTg)
        notes.push(`Target group ${targetGroupName} exists from an earlier run: reused.`)
      if (existingRule) notes.push(`The rule for ${host} exists from an earlier run: reused.`)
    }

    const plan: PreviewLoadBalancerPlan & { url: string; notes: string[] } = {
      loadBalancerArn,
      listenerArn: listener.ListenerArn,
      listenerProtocol: listener.Protocol === 'HTTPS' ? 'HTTPS' : 'HTTP',
      host,
      priority: existingRule ? Number(existingRule.Priority) : freePriority(rules),
      baseTargetGroupArn,
      targetGroup: cloneTargetGroup(baseTg, targetGroupName, input.tags),
      containerName: input.containerName,
      containerPort: input.containerPort,
      url: listenerUrl(listener, host),
      notes
    }
    if (lb?.LoadBalancerName) plan.loadBalancerName = lb.LoadBalancerName
    if (lb?.DNSName) plan.dnsName = lb.DNSName
    if (existingTg?.TargetGroupArn) plan.existingTargetGroupArn = existingTg.TargetGroupArn
    if (existingRule?.RuleArn) plan.existingRuleArn = existingRule.RuleArn
    return plan
  } catch (error) {
    throw describeAwsError('Looking up the load balancer for the preview', error, input.region)
  }
}

/** CreateTargetGroup input with the base group's protocol, port, VPC, target type and health check. */
export function cloneTargetGroup(
  base: TargetGroup,
  name: string,
  tags: TagMap
): CreateTargetGroupCommandInput & { Name: string } {
  const input: CreateTargetGroupCommandInput & { Name: string } = {
    Name: name,
    Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value }))
  }
  const copy = <K extends keyof TargetGroup & keyof CreateTargetGroupCommandInput>(
    key: K
  ): void => {
    const value = base[key]
    if (value !== undefined)
      (input as unknown as Record<string, unknown>)[key] = structuredClone(value)
  }
  copy('Protocol')
  copy('ProtocolVersion')
  copy('Port')
  copy('VpcId')
  copy('TargetType')
  copy('IpAddressType')
  copy('HealthCheckProtocol')
  copy('HealthCheckPort')
  copy('HealthCheckEnabled')
  copy('HealthCheckPath')
  copy('HealthCheckIntervalSeconds')
  copy('HealthCheckTimeoutSeconds')
  copy('HealthyThresholdCount')
  copy('UnhealthyThresholdCount')
  copy('Matcher')
  return input
}

/**
 * The task definition with the preview's tags merged in (same keys
 * replaced). Register preview revisions with these tags: destroy deletes
 * only revisions that carry them.
 */
export function withPreviewTags<
  T extends { tags?: Array<{ key?: string | undefined; value?: string | undefined }> | undefined }
>(taskDefinition: T, plan: Pick<PreviewPlan, 'tags'>): T {
  const kept = (taskDefinition.tags ?? []).filter(
    (t) => t.key === undefined || !(t.key in plan.tags)
  )
  return { ...taskDefinition, tags: [...kept, ...toEcsTags(plan.tags)] }
}
