/**
 * `preview: destroy`: finds what this preview created, by name and by tags,
 * and deletes it through the guards in guard.ts, which re-check the tags
 * themselves. Order: the service (scaled to zero, deleted, waited for),
 * then listener rules, then target groups (a rule pins its target group),
 * then task definition revisions, then the preview's own image tags.
 * Idempotent: whatever is already gone is skipped, so destroying twice, or
 * destroying a half-created preview, succeeds.
 */
import {
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  paginateListTaskDefinitions,
  type ECSClient,
  type Service
} from '@aws-sdk/client-ecs'
import { paginateDescribeImages, type ECRClient } from '@aws-sdk/client-ecr'
import type {
  ElasticLoadBalancingV2Client,
  TargetGroup
} from '@aws-sdk/client-elastic-load-balancing-v2'
import type { Config } from '../inputs/config.js'
import { isConflict, isNotFound } from '../aws/errors.js'
import { describeAwsError, errorMessage } from '../util/errors.js'
import type { Logger } from '../util/log.js'
import { systemClock, type Clock } from '../util/time.js'
import {
  deletePreviewImageTags,
  deletePreviewRule,
  deletePreviewService,
  deletePreviewTargetGroup,
  deletePreviewTaskDefinitions,
  PreviewGuardError
} from './guard.js'
import {
  forwardTargets,
  listListeners,
  listRules,
  tagsOf,
  targetGroupByArn,
  targetGroupByName,
  targetGroupsOfLoadBalancer
} from './lb.js'
import {
  familyOf,
  isPreviewImageTag,
  isTaggedAs,
  previewFamily,
  previewImageMark,
  previewServiceName,
  previewTargetGroupName,
  type ImageTags,
  type PreviewIdentity
} from './names.js'
import { baseFamily, previewIdentity } from './plan.js'
import { splitImageReference } from '../image/reference.js'
import { loadTaskDefinitionFile } from '../taskdef/load.js'
import type { TaskDef } from '../taskdef/clean.js'

export interface DestroyDeps {
  ecs: ECSClient
  elb: ElasticLoadBalancingV2Client
  /** When given (and the image is built into ECR), the preview's own image tags are deleted. */
  ecr?: ECRClient
  log: Logger
  clock?: Clock
  /** How long to wait for the deleted service to become INACTIVE. Default 10 minutes. */
  waitTimeoutMs?: number
  /** Poll interval while waiting; never below 5 s. */
  pollIntervalMs?: number
  /** Delete `pr-<id>` / `pr-<id>-*` image tags. Default true. */
  deleteImages?: boolean
}

export interface DestroyReport {
  serviceName: string
  /** One line for the log and the job summary. */
  message: string
  service: 'deleted' | 'absent' | 'refused'
  rules: string[]
  targetGroups: string[]
  taskDefinitions: string[]
  images: string[]
  /** Things left in place, and why (not tagged as this preview's, still in use, …). */
  leftInPlace: string[]
}

const DEFAULT_WAIT_MS = 10 * 60_000
const MIN_POLL_MS = 5_000

export async function destroyPreview(config: Config, deps: DestroyDeps): Promise<DestroyReport> {
  const { ecs, elb, log } = deps
  const identity = previewIdentity(config)
  const serviceName = previewServiceName(identity.baseService, identity.id)
  const report: DestroyReport = {
    serviceName,
    message: '',
    service: 'absent',
    rules: [],
    targetGroups: [],
    taskDefinitions: [],
    images: [],
    leftInPlace: []
  }
  const leave = (what: string): void => {
    report.leftInPlace.push(what)
    log.warning(what)
  }

  // What exists now: the preview service and the base service (for its load balancer and family).
  let preview: Service | undefined
  let base: Service | undefined
  try {
    const out = await ecs.send(
      new DescribeServicesCommand({
        cluster: config.cluster,
        services: [serviceName, identity.baseService],
        include: ['TAGS']
      })
    )
    const live = (name: string): Service | undefined =>
      out.services?.find((s) => s.serviceName === name && s.status !== 'INACTIVE')
    preview = live(serviceName)
    base = live(identity.baseService)
  } catch (error) {
    if (!isNotFound(error, 'cluster')) {
      throw describeAwsError(`Describing ${serviceName}`, error, config.region)
    }
    log.info(`Cluster ${config.cluster} not found: no preview service to delete.`)
  }

  // 1. The service.
  if (preview) {
    try {
      const deleted = await deletePreviewService(ecs, config.cluster, serviceName, identity)
      report.service = deleted.outcome
      if (deleted.outcome === 'deleted') {
        log.info(`Deleting service ${serviceName} (scaled to 0, forced).`)
        await waitUntilGone(ecs, config.cluster, serviceName, deps)
      }
    } catch (error) {
      if (!(error instanceof PreviewGuardError)) {
        throw describeAwsError(`Deleting service ${serviceName}`, error, config.region)
      }
      report.service = 'refused'
      leave(error.message)
    }
  } else {
    log.info(`Service ${serviceName}: not there.`)
  }

  // 2 and 3. Listener rules, then target groups.
  const baseTargetGroups = new Set(
    (base?.loadBalancers ?? []).map((lb) => lb.targetGroupArn).filter((a): a is string => !!a)
  )
  try {
    await destroyLoadBalancing(elb, identity, preview, baseTargetGroups, report, log, leave)
  } catch (error) {
    throw describeAwsError(
      `Deleting the load balancer resources of ${serviceName}`,
      error,
      config.region
    )
  }

  // 4. Task definition revisions.
  const families = new Set<string>()
  if (preview?.taskDefinition) families.add(familyOf(preview.taskDefinition))
  const fromConfig = baseFamily(config.taskDefinition, base, await destroyFile(config, log))
  if (fromConfig) families.add(previewFamily(fromConfig, identity.id))
  try {
    for (const family of families) {
      if (!family.endsWith(`-pr-${identity.id}`)) continue
      const arns = await familyRevisions(ecs, family)
      if (!arns.length) continue
      const result = await deletePreviewTaskDefinitions(ecs, arns, identity)
      report.taskDefinitions.push(...result.deleted)
      for (const r of result.refused) leave(`Task definition ${r.arn} left in place: ${r.reason}.`)
    }
  } catch (error) {
    throw describeAwsError(`Deleting the task definitions of ${serviceName}`, error, config.region)
  }
  if (report.taskDefinitions.length) {
    log.info(
      `Deregistered and deleted ${report.taskDefinitions.length} task definition revision(s).`
    )
  }

  // 5. Image tags made for this preview only.
  if (deps.ecr && deps.deleteImages !== false && config.image.kind === 'build') {
    try {
      const images = await destroyImages(deps.ecr, ecs, config.image.repository, identity, base)
      report.images = images.deleted
      if (report.images.length) {
        log.info(
          `Deleted image tag(s) ${report.images.join(', ')} from ${config.image.repository}.`
        )
      }
      if (images.unmarked.length) {
        log.info(
          `Image tag(s) ${images.unmarked.join(', ')} left in ${config.image.repository}: their images do not carry this preview's mark (${previewImageMark(identity, 'sha256:…')}), so this preview did not push them.`
        )
      }
    } catch (error) {
      leave(`Could not delete the preview's image tags: ${errorMessage(error)}`)
    }
  }

  report.message = summarize(report)
  log.info(report.message)
  return report
}

async function waitUntilGone(
  ecs: ECSClient,
  cluster: string,
  serviceName: string,
  deps: DestroyDeps
): Promise<void> {
  const clock = deps.clock ?? systemClock
  const deadline = clock.now() + (deps.waitTimeoutMs ?? DEFAULT_WAIT_MS)
  const interval = Math.max(MIN_POLL_MS, deps.pollIntervalMs ?? MIN_POLL_MS)
  for (;;) {
    const out = await ecs.send(new DescribeServicesCommand({ cluster, services: [serviceName] }))
    const service = out.services?.find((s) => s.serviceName === serviceName)
    if (!service || service.status === 'INACTIVE') {
      deps.log.info(`Service ${serviceName} is gone.`)
      return
    }
    if (clock.now() + interval > deadline) {
      deps.log.warning(
        `Service ${serviceName} is still ${service.status} (running ${service.runningCount ?? 0}); ECS finishes deleting it on its own. Continuing.`
      )
      return
    }
    await clock.sleep(interval)
  }
}

async function destroyLoadBalancing(
  elb: ElasticLoadBalancingV2Client,
  identity: PreviewIdentity,
  preview: Service | undefined,
  baseTargetGroups: ReadonlySet<string>,
  report: DestroyReport,
  log: Logger,
  leave: (what: string) => void
): Promise<void> {
  // Candidate target groups: by the preview's name, from the preview service, and every group
  // attached to the base service's load balancers (a renamed group is still found by its tags).
  const candidates = new Map<string, TargetGroup>()
  const add = (tg: TargetGroup | undefined): void => {
    if (tg?.TargetGroupArn) candidates.set(tg.TargetGroupArn, tg)
  }
  add(await targetGroupByName(elb, previewTargetGroupName(identity)))
  for (const lb of preview?.loadBalancers ?? []) {
    if (lb.targetGroupArn && !candidates.has(lb.targetGroupArn)) {
      add(await targetGroupByArn(elb, lb.targetGroupArn))
    }
  }
  const loadBalancers = new Set<string>()
  for (const arn of baseTargetGroups) {
    const tg = await targetGroupByArn(elb, arn)
    for (const lbArn of tg?.LoadBalancerArns ?? []) loadBalancers.add(lbArn)
  }
  for (const lbArn of loadBalancers) {
    for (const tg of await targetGroupsOfLoadBalancer(elb, lbArn)) add(tg)
  }
  for (const arn of baseTargetGroups) candidates.delete(arn)
  const tgTags = await tagsOf(elb, [...candidates.keys()])
  const ours = [...candidates.values()].filter((tg) =>
    isTaggedAs(tgTags.get(tg.TargetGroupArn ?? ''), identity)
  )
  for (const tg of ours) for (const lbArn of tg.LoadBalancerArns ?? []) loadBalancers.add(lbArn)

  // Rules: every tagged-as-ours rule on those load balancers' listeners.
  const oursArns = new Set(ours.map((tg) => tg.TargetGroupArn ?? ''))
  const rulesToDelete: string[] = []
  for (const lbArn of loadBalancers) {
    for (const listener of await listListeners(elb, lbArn)) {
      if (!listener.ListenerArn) continue
      const rules = (await listRules(elb, listener.ListenerArn)).filter((r) => !r.IsDefault)
      const ruleTags = await tagsOf(elb, rules.map((r) => r.RuleArn ?? '').filter(Boolean))
      for (const rule of rules) {
        if (!rule.RuleArn) continue
        if (isTaggedAs(ruleTags.get(rule.RuleArn), identity)) rulesToDelete.push(rule.RuleArn)
        else if (forwardTargets(rule.Actions).some((arn) => oursArns.has(arn))) {
          leave(
            `Listener rule ${rule.RuleArn} forwards to the preview's target group but is not tagged as the preview's: left in place.`
          )
        }
      }
    }
  }
  for (const ruleArn of rulesToDelete) {
    try {
      if ((await deletePreviewRule(elb, ruleArn, identity, baseTargetGroups)) === 'deleted') {
        report.rules.push(ruleArn)
        log.info(`Deleted listener rule ${ruleArn}.`)
      }
    } catch (error) {
      if (!(error instanceof PreviewGuardError)) throw error
      leave(error.message)
    }
  }
  for (const tg of ours) {
    const arn = tg.TargetGroupArn ?? ''
    try {
      if ((await deletePreviewTargetGroup(elb, arn, identity, baseTargetGroups)) === 'deleted') {
        report.targetGroups.push(arn)
        log.info(`Deleted target group ${tg.TargetGroupName ?? arn}.`)
      }
    } catch (error) {
      if (error instanceof PreviewGuardError) leave(error.message)
      else if (isConflict(error, 'inUse')) {
        leave(
          `Target group ${tg.TargetGroupName ?? arn} is still used by a rule this preview did not create: left in place.`
        )
      } else throw error
    }
  }
}

/** Every ACTIVE and INACTIVE revision of exactly `family` (ListTaskDefinitions matches by prefix). */
async function familyRevisions(ecs: ECSClient, family: string): Promise<string[]> {
  const arns: string[] = []
  for (const status of ['ACTIVE', 'INACTIVE'] as const) {
    for await (const page of paginateListTaskDefinitions(
      { client: ecs },
      { familyPrefix: family, status }
    )) {
      arns.push(...(page.taskDefinitionArns ?? []).filter((arn) => familyOf(arn) === family))
    }
  }
  return arns
}

async function destroyImages(
  ecr: ECRClient,
  ecs: ECSClient,
  repository: string,
  identity: PreviewIdentity,
  base: Service | undefined
): Promise<{ deleted: string[]; unmarked: string[] }> {
  const images: ImageTags[] = []
  try {
    for await (const page of paginateDescribeImages(
      { client: ecr },
      { repositoryName: repository, filter: { tagStatus: 'TAGGED' } }
    )) {
      for (const detail of page.imageDetails ?? []) {
        const tags = detail.imageTags ?? []
        if (detail.imageDigest && tags.some((tag) => isPreviewImageTag(tag, identity.id))) {
          images.push({ digest: detail.imageDigest, tags })
        }
      }
    }
  } catch (error) {
    if (isNotFound(error, 'repository')) return { deleted: [], unmarked: [] }
    throw error
  }
  if (!images.length) return { deleted: [], unmarked: [] }
  // Never take away an image the base service runs, even through a preview tag.
  const digests = new Set<string>()
  const tags = new Set<string>()
  if (base?.taskDefinition) {
    const out = await ecs.send(
      new DescribeTaskDefinitionCommand({ taskDefinition: base.taskDefinition })
    )
    for (const container of out.taskDefinition?.containerDefinitions ?? []) {
      const ref = imageReferenceParts(container.image ?? '')
      if (ref.digest) digests.add(ref.digest)
      if (ref.tag) tags.add(ref.tag)
    }
  }
  return deletePreviewImageTags(ecr, repository, images, identity, { digests, tags })
}

/**
 * The `task-definition` file, for its family. Teardown goes on without it
 * (the base service's family is used), but says why.
 */
async function destroyFile(config: Config, log: Logger): Promise<TaskDef | undefined> {
  const source = config.taskDefinition
  if (source.kind !== 'file') return undefined
  try {
    return await loadTaskDefinitionFile(source.path)
  } catch (error) {
    log.warning(
      `${errorMessage(error)} The preview's task definition family is taken from the base service instead.`
    )
    return undefined
  }
}

/** `repo:tag` / `repo@sha256:…` / `repo:tag@sha256:…` → its tag and digest. */
export function imageReferenceParts(reference: string): { tag?: string; digest?: string } {
  const { tag, digest } = splitImageReference(reference)
  return { ...(tag ? { tag } : {}), ...(digest ? { digest } : {}) }
}

function summarize(report: DestroyReport): string {
  const parts: string[] = []
  if (report.service === 'deleted') parts.push('the service')
  const count = (n: number, one: string, many: string): void => {
    if (n) parts.push(`${n} ${n === 1 ? one : many}`)
  }
  count(report.rules.length, 'listener rule', 'listener rules')
  count(report.targetGroups.length, 'target group', 'target groups')
  count(report.taskDefinitions.length, 'task definition revision', 'task definition revisions')
  count(report.images.length, 'image tag', 'image tags')
  const left = report.leftInPlace.length
    ? ` ${report.leftInPlace.length} thing(s) left in place (see the warnings).`
    : ''
  if (!parts.length)
    return `Nothing of preview ${report.serviceName} to destroy: already gone.${left}`
  return `Destroyed preview ${report.serviceName}: ${parts.join(', ')}.${left}`
}
