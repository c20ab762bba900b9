/**
 * How a preview and everything it creates are named and tagged. Pure: the
 * same base service and id always give the same names, so a later run (a
 * second push, `destroy`, `cleanup`) finds what an earlier one created.
 */
import { createHash } from 'node:crypto'
import { ActionError, quote } from '../util/errors.js'
import { MAX_ECS_NAME_LENGTH } from '../aws/arn.js'

// ARN parsing lives in aws/arn.ts; re-exported for the preview modules that read names here.
export { clusterName, familyOf } from '../aws/arn.js'

/**
 * Tag keys every preview resource carries. Deploy adopts, and destroy and
 * cleanup delete, only resources on which all four name this run's preview.
 */
export const PreviewTagKeys = {
  previewOf: 'preview-of',
  pullRequest: 'pull-request',
  repository: 'repository',
  cluster: 'cluster'
} as const

/**
 * Which preview a resource belongs to: the base service it copies, the
 * preview id, the GitHub repository (`owner/name`) that runs it and the
 * cluster (by name) it lives in. Target groups and task definition families
 * are regional, so name and id alone would make two clusters', or two
 * repositories', `web-pr-12` one preview.
 */
export interface PreviewIdentity {
  baseService: string
  id: string
  repository: string
  cluster: string
}

/**
 * 8 hex digits of a hash of the whole identity: part of the target group
 * name (so two clusters' or repositories' previews never share one) and of
 * the image mark. The id is hashed too, so a name cut to 32 characters still
 * differs per preview.
 */
export function identityHash(identity: PreviewIdentity): string {
  return createHash('sha256')
    .update(
      JSON.stringify([identity.cluster, identity.repository, identity.baseService, identity.id])
    )
    .digest('hex')
    .slice(0, 8)
}

/** Tags as a plain map, the form every check here works on. */
export type TagMap = Record<string, string>

/**
 * A preview id becomes part of a service name, a task definition family, a
 * host label (`pr-<id>`, at most 63), image tags and a GitHub environment
 * name: lowercase letters, digits and inner hyphens, at most 20 characters
 * (the id is lower-cased before it is checked).
 */
export const MAX_PREVIEW_ID_LENGTH = 20
const PREVIEW_ID = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/

/** Why `id` is not a usable preview id, or undefined when it is. */
export function previewIdProblem(id: string): string | undefined {
  if (id.length === 0 || id.length > MAX_PREVIEW_ID_LENGTH || !PREVIEW_ID.test(id)) {
    return `is not a safe preview id; use 1-${MAX_PREVIEW_ID_LENGTH} lowercase letters, digits and inner hyphens (it becomes part of service, family and host names)`
  }
  return undefined
}

export function validatePreviewId(id: string): void {
  const problem = previewIdProblem(id)
  if (problem) throw new ActionError(`\`preview-id\`: ${quote(id)} ${problem}.`)
}

/** `<base>-pr-<id>`: a preview's service or family name; undefined when longer than ECS allows. */
export function previewNameOf(base: string, id: string): string | undefined {
  const name = `${base}-pr-${id}`
  return name.length > MAX_ECS_NAME_LENGTH ? undefined : name
}

function previewName(what: string, base: string, id: string): string {
  const name = previewNameOf(base, id)
  if (name === undefined) {
    throw new ActionError(
      `The preview ${what} ${base}-pr-${id} is longer than the ${MAX_ECS_NAME_LENGTH} characters ECS allows; use a shorter preview-id.`
    )
  }
  return name
}

/** `<service>-pr-<id>` */
export function previewServiceName(service: string, id: string): string {
  return previewName('service name', service, id)
}

/** `<family>-pr-<id>` */
export function previewFamily(family: string, id: string): string {
  return previewName('task definition family', family, id)
}

/** Elastic Load Balancing: ≤ 32 characters, alphanumerics and hyphens, no hyphen at either end. */
export function isValidTargetGroupName(name: string): boolean {
  return /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,30}[A-Za-z0-9])?$/.test(name)
}

/**
 * `<service>-pr-<id>-<hash>`: the readable part made valid (other
 * characters become hyphens) and cut so the whole fits ELB's 32 characters,
 * then the identity hash (cluster, repository, service, id). Target group
 * names are unique per account and region, so without the hash two
 * clusters' `web-pr-12` would be one target group.
 */
export function previewTargetGroupName(identity: PreviewIdentity): string {
  const hash = identityHash(identity)
  const head = `${identity.baseService}-pr-${identity.id}`
    .replace(/[^A-Za-z0-9-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^-+/, '')
    .slice(0, 32 - hash.length - 1)
    .replace(/-+$/, '')
  return head ? `${head}-${hash}` : hash
}

/**
 * The CreateService client token: the same for every attempt of one call
 * in one workflow run attempt (so an SDK retry after a lost response gets
 * the service the first attempt created, not a second one or an error),
 * different for every other run. ECS takes up to 36 characters.
 */
export function createServiceClientToken(run: {
  repository: string
  runId: string
  runAttempt: string
  cluster: string
  serviceName: string
}): string {
  return createHash('sha256')
    .update(
      JSON.stringify([run.repository, run.runId, run.runAttempt, run.cluster, run.serviceName])
    )
    .digest('hex')
    .slice(0, 32)
}

/**
 * A host for a load balancer host-header rule: at most 128 characters
 * (ELB's limit for a host condition value), dot-separated DNS labels of
 * letters, digits and inner hyphens (at most 63 each), at least one dot,
 * and only letters after the last dot (ELB's rule for host conditions).
 */
export const MAX_HOST_LENGTH = 128
const DNS_LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/

/** Why `host` is not a valid preview host name, or undefined when it is. */
export function hostProblem(host: string): string | undefined {
  if (host.length > MAX_HOST_LENGTH) {
    return `is ${host.length} characters long; a load balancer host rule takes at most ${MAX_HOST_LENGTH}`
  }
  const labels = host.split('.')
  if (labels.length < 2) return 'needs a domain, e.g. pr-{id}.preview.example.com'
  const bad = labels.find((l) => !DNS_LABEL.test(l))
  if (bad !== undefined) {
    return `has an invalid part ${quote(bad)} (each part: letters, digits and -, not starting or ending with -, at most 63)`
  }
  if (!/^[a-z]+$/i.test(labels[labels.length - 1] ?? '')) {
    return 'must end in a domain of letters only (a load balancer host rule takes no digits or - after the last dot)'
  }
  return undefined
}

/** Fills a `preview-host` template (`{id}` replaced, lower-cased). */
export function fillHostTemplate(template: string, id: string): string {
  return template.trim().split('{id}').join(id).toLowerCase()
}

/**
 * Why the `preview-host` template is unusable for preview `id`, or undefined.
 * It must contain `{id}` (otherwise every preview would claim the same host),
 * be a bare host name, and give a valid host name.
 */
export function hostTemplateProblem(template: string, id: string): string | undefined {
  if (!template.includes('{id}')) {
    return 'has no {id}: it must contain {id} so every pull request gets its own host, e.g. pr-{id}.preview.example.com'
  }
  if (/^[a-z]+:\/\//i.test(template) || template.includes('/')) {
    return 'is not a valid host name: it must be a bare host name (no scheme, no path), e.g. pr-{id}.preview.example.com'
  }
  const host = fillHostTemplate(template, id)
  const problem = hostProblem(host)
  return problem ? `gives ${quote(host)}, which is not a valid host name: it ${problem}` : undefined
}

/** The preview's host from a template such as `pr-{id}.preview.example.com`. */
export function previewHost(template: string, id: string): string {
  const problem = hostTemplateProblem(template, id)
  if (problem) throw new ActionError(`\`preview-host\`: ${quote(template)} ${problem}.`)
  return fillHostTemplate(template, id)
}

/** The tags of every resource a preview creates. */
export function previewTags(identity: PreviewIdentity): TagMap {
  return {
    [PreviewTagKeys.previewOf]: identity.baseService,
    [PreviewTagKeys.pullRequest]: identity.id,
    [PreviewTagKeys.repository]: identity.repository,
    [PreviewTagKeys.cluster]: identity.cluster
  }
}

/** True when the identity names one preview: every part present. */
export function isCompleteIdentity(identity: PreviewIdentity): boolean {
  return !!(identity.baseService && identity.id && identity.repository && identity.cluster)
}

/**
 * True when `tags` mark the resource as this preview's: all four identity
 * tags present and equal. A resource missing one (e.g. made before the
 * `cluster` tag existed) is not this preview's.
 */
export function isTaggedAs(tags: TagMap | undefined, identity: PreviewIdentity): boolean {
  if (!tags || !isCompleteIdentity(identity)) return false
  const wanted = previewTags(identity)
  return Object.entries(wanted).every(([key, value]) => tags[key] === value)
}

/** `preview-of=web, pull-request=12, repository=octo/app, cluster=prod`: for messages. */
export function describeIdentity(identity: PreviewIdentity): string {
  return Object.entries(previewTags(identity))
    .map(([key, value]) => `${key}=${value}`)
    .join(', ')
}

/** ECS tags (`key`/`value`) as a map. */
export function fromEcsTags(
  tags: ReadonlyArray<{ key?: string | undefined; value?: string | undefined }> | undefined
): TagMap {
  const map: TagMap = {}
  for (const tag of tags ?? []) if (tag.key !== undefined) map[tag.key] = tag.value ?? ''
  return map
}

/** Elastic Load Balancing tags (`Key`/`Value`) as a map. */
export function fromElbTags(
  tags: ReadonlyArray<{ Key?: string | undefined; Value?: string | undefined }> | undefined
): TagMap {
  const map: TagMap = {}
  for (const tag of tags ?? []) if (tag.Key !== undefined) map[tag.Key] = tag.Value ?? ''
  return map
}

export function toEcsTags(tags: TagMap): Array<{ key: string; value: string }> {
  return Object.entries(tags).map(([key, value]) => ({ key, value }))
}

export function toElbTags(tags: TagMap): Array<{ Key: string; Value: string }> {
  return Object.entries(tags).map(([Key, Value]) => ({ Key, Value }))
}

/**
 * Image tags named for one preview id: `pr-<id>` and `pr-<id>-…` (e.g.
 * `pr-12-3f2a9c1`). Destroy deletes such tags only from images that carry
 * this preview's mark (previewImageMark); a commit-SHA tag may be shared
 * with the main branch, so it is never touched.
 */
export function isPreviewImageTag(tag: string, id: string): boolean {
  return tag === `pr-${id}` || tag.startsWith(`pr-${id}-`)
}

/**
 * The tag a preview deploy adds to the image it deploys, saying "this
 * preview pushed this image": `pr-<id>-preview-<identity hash>-<12 hex of
 * the digest>`. A tag names exactly one image in a repository, so finding
 * this tag on the image with that digest is the proof; the digest in it
 * keeps the tag new for every image, which IMMUTABLE repositories need.
 */
export function previewImageMark(identity: PreviewIdentity, digest: string): string {
  const hex = digest.replace(/^sha256:/, '').slice(0, 12)
  return `pr-${identity.id}-preview-${identityHash(identity)}-${hex}`
}

/** True for any preview's mark for this id (this preview's or another cluster's/repository's). */
export function isPreviewImageMark(tag: string, id: string): boolean {
  return tag.startsWith(`pr-${id}-preview-`) && /-preview-[0-9a-f]{8}-[0-9a-f]{12}$/.test(tag)
}

/** One image as DescribeImages lists it. */
export interface ImageTags {
  digest: string
  tags: readonly string[]
}

/**
 * The deletion rule for image tags, pure. Of each image that carries this
 * preview's mark (for its own digest): when no other preview's mark is on
 * it, every `pr-<id>` / `pr-<id>-…` tag (the mark included); when another
 * preview (another cluster or repository) marked it too, only this
 * preview's mark, since the other one pushed those tags as well. Images
 * without the mark lose nothing: `unmarked` lists their `pr-<id>` tags,
 * for the log.
 */
export function previewImageTagsToDelete(
  images: readonly ImageTags[],
  identity: PreviewIdentity
): { tags: Array<{ tag: string; digest: string }>; unmarked: string[] } {
  const tags: Array<{ tag: string; digest: string }> = []
  const unmarked: string[] = []
  for (const image of images) {
    const named = image.tags.filter((t) => isPreviewImageTag(t, identity.id))
    if (!named.length) continue
    const mark = previewImageMark(identity, image.digest)
    if (!image.digest || !image.tags.includes(mark)) {
      unmarked.push(...named)
      continue
    }
    const others = named.filter((t) => t !== mark && isPreviewImageMark(t, identity.id))
    for (const tag of others.length ? [mark] : named) {
      tags.push({ tag, digest: image.digest })
    }
  }
  return { tags, unmarked }
}
