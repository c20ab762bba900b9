/**
 * How a preview and everything it creates are named and tagged. Pure: the
 * same base service and id always give the same names, so a later run (a
 * second push, `destroy`, `cleanup`) finds what an earlier one created.
 */
import { createHash } from 'node:crypto'
import { ActionError } from '../util/errors.js'

/** Tag keys every preview resource carries; destroy acts only on resources bearing them. */
export const PreviewTagKeys = {
  previewOf: 'preview-of',
  pullRequest: 'pull-request',
  repository: 'repository'
} as const

/** Which preview a resource belongs to: the base service it copies and the preview id. */
export interface PreviewIdentity {
  baseService: string
  id: string
}

/** Tags as a plain map, the form every check here works on. */
export type TagMap = Record<string, string>

/**
 * A preview id becomes part of a service name, a target group name and a
 * DNS label, so it is held to the strictest of those: letters, digits and
 * inner hyphens, at most 32 characters.
 */
const PREVIEW_ID = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,30}[A-Za-z0-9])?$/

export function validatePreviewId(id: string): void {
  if (!PREVIEW_ID.test(id)) {
    throw new ActionError(
      `preview-id ${JSON.stringify(id)} is not usable: use 1-32 letters, digits or inner hyphens (it becomes part of service, target group and host names).`
    )
  }
}

/** `<service>-pr-<id>` */
export function previewServiceName(service: string, id: string): string {
  const name = `${service}-pr-${id}`
  if (name.length > 255) {
    throw new ActionError(
      `The preview service name ${name} is longer than the 255 characters ECS allows; use a shorter preview-id.`
    )
  }
  return name
}

/** `<family>-pr-<id>` */
export function previewFamily(family: string, id: string): string {
  const name = `${family}-pr-${id}`
  if (name.length > 255) {
    throw new ActionError(
      `The preview task definition family ${name} is longer than the 255 characters ECS allows; use a shorter preview-id.`
    )
  }
  return name
}

/** The family of a task definition ARN or `family:revision` reference. */
export function familyOf(reference: string): string {
  const afterSlash = reference.includes(':task-definition/')
    ? reference.slice(reference.indexOf(':task-definition/') + ':task-definition/'.length)
    : reference
  const colon = afterSlash.lastIndexOf(':')
  return colon > 0 && /^\d+$/.test(afterSlash.slice(colon + 1))
    ? afterSlash.slice(0, colon)
    : afterSlash
}

/** Elastic Load Balancing: ≤ 32 characters, alphanumerics and hyphens, no hyphen at either end. */
export function isValidTargetGroupName(name: string): boolean {
  return /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,30}[A-Za-z0-9])?$/.test(name)
}

/**
 * `<service>-pr-<id>` when that is a valid target group name; otherwise the
 * same text made valid (other characters become hyphens), cut to fit, and
 * ended with 8 hex digits of a hash of the full name so that two long
 * services sharing a prefix still get different names.
 */
export function previewTargetGroupName(service: string, id: string): string {
  const readable = `${service}-pr-${id}`
  if (isValidTargetGroupName(readable)) return readable
  const hash = createHash('sha256').update(readable).digest('hex').slice(0, 8)
  const head = readable
    .replace(/[^A-Za-z0-9-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^-+/, '')
    .slice(0, 32 - hash.length - 1)
    .replace(/-+$/, '')
  return head ? `${head}-${hash}` : hash
}

/**
 * The preview's host from a template such as `pr-{id}.preview.example.com`.
 * The template must contain `{id}` (otherwise every preview would claim the
 * same host) and the result must be a valid host name.
 */
export function previewHost(template: string, id: string): string {
  if (!template.includes('{id}')) {
    throw new ActionError(
      `preview-host ${JSON.stringify(template)} must contain {id}, e.g. pr-{id}.preview.example.com, so each pull request gets its own host.`
    )
  }
  const host = template.trim().replaceAll('{id}', id).toLowerCase()
  const label = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/
  if (host.length > 128 || !host.split('.').every((part) => label.test(part))) {
    throw new ActionError(
      `preview-host ${JSON.stringify(template)} gives ${JSON.stringify(host)}, which is not a valid host name (dot-separated labels of letters, digits and inner hyphens, at most 128 characters).`
    )
  }
  return host
}

/** The tags of every resource a preview creates. */
export function previewTags(identity: PreviewIdentity, repository?: string): TagMap {
  const tags: TagMap = {
    [PreviewTagKeys.previewOf]: identity.baseService,
    [PreviewTagKeys.pullRequest]: identity.id
  }
  if (repository) tags[PreviewTagKeys.repository] = repository
  return tags
}

/** True when `tags` mark the resource as this preview's: both identity tags match exactly. */
export function isTaggedAs(tags: TagMap | undefined, identity: PreviewIdentity): boolean {
  if (!tags || !identity.baseService || !identity.id) return false
  return (
    tags[PreviewTagKeys.previewOf] === identity.baseService &&
    tags[PreviewTagKeys.pullRequest] === identity.id
  )
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
 * Image tags that belong to one preview only: `pr-<id>` and `pr-<id>-…`
 * (e.g. `pr-12-3f2a9c1`). Destroy deletes these tags and nothing else; a
 * commit-SHA tag may be shared with the main branch, so it is never touched.
 */
export function isPreviewImageTag(tag: string, id: string): boolean {
  return tag === `pr-${id}` || tag.startsWith(`pr-${id}-`)
}
