/**
 * The only code that deletes anything for previews. Every function here
 * re-reads the resource's tags itself, right before deleting, and refuses
 * unless they name this preview (`preview-of` = base service and
 * `pull-request` = id); the base service is refused by name before any
 * call. Callers cannot talk these functions into deleting something by
 * passing the wrong ARN: the worst they get is a refusal.
 */
import {
  DeleteServiceCommand,
  DeleteTaskDefinitionsCommand,
  DeregisterTaskDefinitionCommand,
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  UpdateServiceCommand,
  type ECSClient,
  type Service
} from '@aws-sdk/client-ecs'
import {
  DeleteRuleCommand,
  DeleteTargetGroupCommand,
  DescribeRulesCommand,
  DescribeTagsCommand,
  type ElasticLoadBalancingV2Client,
  type Rule
} from '@aws-sdk/client-elastic-load-balancing-v2'
import { BatchDeleteImageCommand, type ECRClient } from '@aws-sdk/client-ecr'
import { ELB_RESOURCES, isNotFound } from '../aws/errors.js'
import { ActionError } from '../util/errors.js'
import { forwardTargets } from './lb.js'
import {
  describeIdentity,
  familyOf,
  fromEcsTags,
  fromElbTags,
  isCompleteIdentity,
  isTaggedAs,
  previewImageTagsToDelete,
  previewServiceName,
  type ImageTags,
  type PreviewIdentity,
  type TagMap
} from './names.js'

/** A refusal to delete: the resource is not this preview's. */
export class PreviewGuardError extends ActionError {
  constructor(message: string) {
    super(message)
  }
}

export type DeleteOutcome = 'deleted' | 'absent'

function assertIdentity(identity: PreviewIdentity): void {
  if (!isCompleteIdentity(identity)) {
    throw new PreviewGuardError('Refusing to delete: the preview identity is incomplete.')
  }
}

/** Throws unless `tags` name this preview. Pure; the check every deleter below makes. */
export function assertTaggedAs(
  what: string,
  tags: TagMap | undefined,
  identity: PreviewIdentity
): void {
  assertIdentity(identity)
  if (!isTaggedAs(tags, identity)) {
    throw new PreviewGuardError(
      `Refusing to delete ${what}: it is not tagged ${describeIdentity(identity)}.`
    )
  }
}

/** Throws for a name that is not exactly this preview's service name (in particular the base service). */
export function assertPreviewServiceName(serviceName: string, identity: PreviewIdentity): void {
  assertIdentity(identity)
  if (serviceName === identity.baseService) {
    throw new PreviewGuardError(
      `Refusing to delete service ${serviceName}: it is the base service, never a preview.`
    )
  }
  if (serviceName !== previewServiceName(identity.baseService, identity.id)) {
    throw new PreviewGuardError(
      `Refusing to delete service ${serviceName}: the preview of ${identity.baseService} for ${identity.id} is named ${previewServiceName(identity.baseService, identity.id)}.`
    )
  }
}

/**
 * Scales this preview's service to zero and deletes it (force). Returns the
 * service as it was, or 'absent' when there is none (or it is already
 * INACTIVE). DRAINING means a delete is already under way: nothing to do.
 */
export async function deletePreviewService(
  ecs: ECSClient,
  cluster: string,
  serviceName: string,
  identity: PreviewIdentity
): Promise<{ outcome: DeleteOutcome; service?: Service }> {
  assertPreviewServiceName(serviceName, identity)
  const described = await ecs.send(
    new DescribeServicesCommand({ cluster, services: [serviceName], include: ['TAGS'] })
  )
  const service = described.services?.find((s) => s.serviceName === serviceName)
  if (!service || service.status === 'INACTIVE') return { outcome: 'absent' }
  assertTaggedAs(`service ${serviceName}`, fromEcsTags(service.tags), identity)
  if (service.status === 'DRAINING') return { outcome: 'deleted', service }
  if ((service.desiredCount ?? 0) > 0 && service.schedulingStrategy !== 'DAEMON') {
    await ecs.send(new UpdateServiceCommand({ cluster, service: serviceName, desiredCount: 0 }))
  }
  await ecs.send(new DeleteServiceCommand({ cluster, service: serviceName, force: true }))
  return { outcome: 'deleted', service }
}

/** Tags of one load balancer resource, or undefined when it does not exist. */
async function elbTagsOf(
  elb: ElasticLoadBalancingV2Client,
  arn: string
): Promise<TagMap | undefined> {
  try {
    const out = await elb.send(new DescribeTagsCommand({ ResourceArns: [arn] }))
    const description = out.TagDescriptions?.find((d) => d.ResourceArn === arn)
    return fromElbTags(description?.Tags)
  } catch (error) {
    if (isElbNotFound(error)) return undefined
    throw error
  }
}

export function isElbNotFound(error: unknown): boolean {
  return isNotFound(error, ...ELB_RESOURCES)
}

/**
 * Deletes a listener rule that is tagged as this preview's; never a default
 * rule, and never one that forwards to a `protectedTargetGroups` (the base
 * service's), tags or not: that rule is how production traffic arrives.
 */
export async function deletePreviewRule(
  elb: ElasticLoadBalancingV2Client,
  ruleArn: string,
  identity: PreviewIdentity,
  protectedTargetGroups: ReadonlySet<string> = new Set()
): Promise<DeleteOutcome> {
  assertIdentity(identity)
  let rule: Rule | undefined
  try {
    const out = await elb.send(new DescribeRulesCommand({ RuleArns: [ruleArn] }))
    rule = out.Rules?.find((r) => r.RuleArn === ruleArn)
    if (!rule) return 'absent'
  } catch (error) {
    if (isElbNotFound(error)) return 'absent'
    throw error
  }
  if (rule.IsDefault === true) {
    throw new PreviewGuardError(`Refusing to delete ${ruleArn}: it is a listener's default rule.`)
  }
  const base = forwardTargets(rule.Actions).find((arn) => protectedTargetGroups.has(arn))
  if (base) {
    throw new PreviewGuardError(
      `Refusing to delete listener rule ${ruleArn}: it forwards to ${base}, a target group of the base service ${identity.baseService}.`
    )
  }
  return deleteIfTagged(elb, `listener rule ${ruleArn}`, ruleArn, identity, () =>
    elb.send(new DeleteRuleCommand({ RuleArn: ruleArn }))
  )
}

/**
 * Deletes a target group that is tagged as this preview's. `protectedArns`
 * (the base service's target groups) are refused outright, tags or not.
 * A target group a rule still forwards to fails with ResourceInUse, which
 * is passed on.
 */
export async function deletePreviewTargetGroup(
  elb: ElasticLoadBalancingV2Client,
  targetGroupArn: string,
  identity: PreviewIdentity,
  protectedArns: ReadonlySet<string> = new Set()
): Promise<DeleteOutcome> {
  assertIdentity(identity)
  if (protectedArns.has(targetGroupArn)) {
    throw new PreviewGuardError(
      `Refusing to delete ${targetGroupArn}: it is a target group of the base service ${identity.baseService}.`
    )
  }
  return deleteIfTagged(elb, `target group ${targetGroupArn}`, targetGroupArn, identity, () =>
    elb.send(new DeleteTargetGroupCommand({ TargetGroupArn: targetGroupArn }))
  )
}

/** The last step of every load-balancer delete: re-read the tags, then delete; gone = absent. */
async function deleteIfTagged(
  elb: ElasticLoadBalancingV2Client,
  label: string,
  arn: string,
  identity: PreviewIdentity,
  remove: () => Promise<unknown>
): Promise<DeleteOutcome> {
  const tags = await elbTagsOf(elb, arn)
  if (tags === undefined) return 'absent'
  assertTaggedAs(label, tags, identity)
  try {
    await remove()
  } catch (error) {
    if (isElbNotFound(error)) return 'absent'
    throw error
  }
  return 'deleted'
}

/**
 * Deregisters and deletes task definition revisions of this preview: each
 * must belong to a family ending in `-pr-<id>` and carry this preview's
 * tags. Returns what was deleted and what was refused (with the reason);
 * refusals do not stop the others.
 */
export async function deletePreviewTaskDefinitions(
  ecs: ECSClient,
  arns: readonly string[],
  identity: PreviewIdentity
): Promise<{ deleted: string[]; refused: Array<{ arn: string; reason: string }> }> {
  assertIdentity(identity)
  const deletable: string[] = []
  const refused: Array<{ arn: string; reason: string }> = []
  for (const arn of arns) {
    if (!familyOf(arn).endsWith(`-pr-${identity.id}`)) {
      refused.push({ arn, reason: `its family does not end in -pr-${identity.id}` })
      continue
    }
    let described
    try {
      described = await ecs.send(
        new DescribeTaskDefinitionCommand({ taskDefinition: arn, include: ['TAGS'] })
      )
    } catch (error) {
      if (isNotFound(error, 'taskDefinition')) continue // already gone
      throw error
    }
    if (!isTaggedAs(fromEcsTags(described.tags), identity)) {
      refused.push({
        arn,
        reason: `it is not tagged ${describeIdentity(identity)}`
      })
      continue
    }
    if (described.taskDefinition?.status === 'ACTIVE') {
      await ecs.send(new DeregisterTaskDefinitionCommand({ taskDefinition: arn }))
    }
    if (described.taskDefinition?.status !== 'DELETE_IN_PROGRESS') deletable.push(arn)
  }
  const deleted: string[] = []
  for (let i = 0; i < deletable.length; i += 10) {
    const batch = deletable.slice(i, i + 10)
    const out = await ecs.send(new DeleteTaskDefinitionsCommand({ taskDefinitions: batch }))
    for (const td of out.taskDefinitions ?? [])
      if (td.taskDefinitionArn) deleted.push(td.taskDefinitionArn)
    for (const failure of out.failures ?? []) {
      refused.push({ arn: failure.arn ?? '?', reason: failure.reason ?? 'delete failed' })
    }
  }
  return { deleted, refused }
}

/**
 * Deletes the image tags the rule in names.ts (previewImageTagsToDelete)
 * allows: `pr-<id>` tags only of images that carry this preview's mark,
 * by tag, so an image that also carries another tag keeps it and survives.
 * `images` must list every tag of each image (DescribeImages does): the
 * mark is checked here, not by the caller. Images the base service runs
 * (`protect`: its digests and tags) are left alone entirely.
 */
export async function deletePreviewImageTags(
  ecr: ECRClient,
  repository: string,
  images: readonly ImageTags[],
  identity: PreviewIdentity,
  protect: { digests?: ReadonlySet<string>; tags?: ReadonlySet<string> } = {}
): Promise<{ deleted: string[]; unmarked: string[] }> {
  assertIdentity(identity)
  const rule = previewImageTagsToDelete(images, identity)
  const tags = rule.tags
    .filter((image) => !protect.digests?.has(image.digest))
    .filter((image) => !protect.tags?.has(image.tag))
    .map((image) => image.tag)
  const deleted: string[] = []
  for (let i = 0; i < tags.length; i += 100) {
    const batch = tags.slice(i, i + 100)
    const out = await ecr.send(
      new BatchDeleteImageCommand({
        repositoryName: repository,
        imageIds: batch.map((imageTag) => ({ imageTag }))
      })
    )
    for (const id of out.imageIds ?? []) if (id.imageTag) deleted.push(id.imageTag)
  }
  return { deleted, unmarked: rule.unmarked }
}
