/**
 * `preview: cleanup`, for a scheduled workflow: finds every preview of
 * `service` (services and target groups tagged preview-of=<service> and
 * with this run's repository and cluster), asks
 * GitHub whether each pull request is closed, and destroys those that are.
 * A preview whose pull request GitHub cannot confirm closed is kept.
 */
import { DescribeServicesCommand, ListServicesCommand, type Service } from '@aws-sdk/client-ecs'
import { DescribeTargetGroupsCommand } from '@aws-sdk/client-elastic-load-balancing-v2'
import type { Config } from '../inputs/config.js'
import { deactivateEnvironment } from '../github/deployments.js'
import { isPullRequestClosed } from '../github/pulls.js'
import { ActionError, describeAwsError, errorMessage } from '../util/errors.js'
import { destroyPreview, type DestroyDeps } from './destroy.js'
import { tagsOf } from './lb.js'
import { clusterName, fromEcsTags, PreviewTagKeys, type TagMap } from './names.js'

export interface CleanupDeps extends DestroyDeps {
  /** Defaults to the GitHub API (github/pulls.ts). */
  isPullRequestClosed?: (config: Config, pullRequest: number) => Promise<boolean | undefined>
  /** Called for each destroyed preview; defaults to marking environment `pr-<id>` inactive. */
  onDestroyed?: (config: Config, id: string) => Promise<void>
}

export interface CleanupEntry {
  id: string
  serviceName?: string
  pullRequest: 'closed' | 'open' | 'unknown' | 'not a number'
  action: 'destroyed' | 'kept' | 'failed'
  detail?: string
}

export interface CleanupReport {
  message: string
  previews: CleanupEntry[]
}

export async function cleanupPreviews(config: Config, deps: CleanupDeps): Promise<CleanupReport> {
  const { log } = deps
  const base = config.service
  if (!base)
    throw new ActionError('`preview: cleanup` needs `service`: whose previews to clean up.')
  const closed = deps.isPullRequestClosed ?? ((c, n) => isPullRequestClosed(c.github, n, log))
  const onDestroyed =
    deps.onDestroyed ??
    (async (c: Config, id: string) => {
      await deactivateEnvironment(c.github, `pr-${id}`, log)
    })

  const found = new Map<string, { serviceName?: string }>()
  const repository = config.github.repository ?? ''
  if (!repository) {
    throw new ActionError(
      '`preview: cleanup` needs GITHUB_REPOSITORY (owner/name): it cleans up only the previews tagged with this repository.'
    )
  }
  const cluster = clusterName(config.cluster)
  // A preview of this run: same base service, repository and cluster (destroy re-checks all four).
  const belongs = (tags: TagMap): string | undefined => {
    if (tags[PreviewTagKeys.previewOf] !== base) return undefined
    if (tags[PreviewTagKeys.repository] !== repository) return undefined
    if (tags[PreviewTagKeys.cluster] !== cluster) return undefined
    return tags[PreviewTagKeys.pullRequest] || undefined
  }
  try {
    for (const service of await servicesOf(deps, config.cluster)) {
      const id = belongs(fromEcsTags(service.tags))
      if (id && service.serviceName) found.set(id, { serviceName: service.serviceName })
    }
    // Half-created previews may have a target group and no service.
    const groups = await allTargetGroupArns(deps)
    for (const [, tags] of await tagsOf(deps.elb, groups)) {
      const id = belongs(tags)
      if (id && !found.has(id)) found.set(id, {})
    }
  } catch (error) {
    throw describeAwsError(`Listing the previews of ${base}`, error, config.region)
  }
  log.info(`Found ${found.size} preview(s) of ${base}.`)

  const previews: CleanupEntry[] = []
  for (const [id, { serviceName }] of [...found].sort(([a], [b]) =>
    a.localeCompare(b, 'en', { numeric: true })
  )) {
    const entry: CleanupEntry = {
      id,
      pullRequest: 'unknown',
      action: 'kept',
      ...(serviceName ? { serviceName } : {})
    }
    previews.push(entry)
    if (!/^[1-9]\d*$/.test(id)) {
      entry.pullRequest = 'not a number'
      entry.detail = 'its preview id is not a pull request number'
      continue
    }
    const isClosed = await closed(config, Number(id))
    entry.pullRequest = isClosed === undefined ? 'unknown' : isClosed ? 'closed' : 'open'
    if (!isClosed) continue
    try {
      const report = await log.group(`Destroy preview ${id}`, () =>
        destroyPreview(
          { ...config, preview: { mode: 'destroy', id, pullRequest: Number(id) } },
          deps
        )
      )
      entry.action = 'destroyed'
      entry.detail = report.message
      await onDestroyed(config, id)
    } catch (error) {
      entry.action = 'failed'
      entry.detail = errorMessage(error)
      log.error(`Destroying preview ${id} failed: ${entry.detail}`)
    }
  }

  for (const e of previews) {
    log.info(
      `#${e.id}: pull request ${e.pullRequest}, ${e.action}${e.detail ? ` (${e.detail})` : ''}`
    )
  }
  const count = (action: CleanupEntry['action']): number =>
    previews.filter((e) => e.action === action).length
  const message = `Cleanup of ${base} previews: ${count('destroyed')} destroyed, ${count('kept')} kept, ${count('failed')} failed.`
  const failed = previews.filter((e) => e.action === 'failed')
  if (failed.length) {
    throw new ActionError(
      message,
      failed.map((e) => `#${e.id}: ${e.detail ?? 'failed'}`)
    )
  }
  return { message, previews }
}

async function servicesOf(deps: CleanupDeps, cluster: string): Promise<Service[]> {
  const arns: string[] = []
  let nextToken: string | undefined
  do {
    const out = await deps.ecs.send(
      new ListServicesCommand({ cluster, maxResults: 100, ...(nextToken ? { nextToken } : {}) })
    )
    arns.push(...(out.serviceArns ?? []))
    nextToken = out.nextToken
  } while (nextToken)
  const services: Service[] = []
  for (let i = 0; i < arns.length; i += 10) {
    const out = await deps.ecs.send(
      new DescribeServicesCommand({ cluster, services: arns.slice(i, i + 10), include: ['TAGS'] })
    )
    services.push(...(out.services ?? []).filter((s) => s.status !== 'INACTIVE'))
  }
  return services
}

async function allTargetGroupArns(deps: CleanupDeps): Promise<string[]> {
  const arns: string[] = []
  let Marker: string | undefined
  do {
    const out = await deps.elb.send(
      new DescribeTargetGroupsCommand({ PageSize: 400, ...(Marker ? { Marker } : {}) })
    )
    for (const tg of out.TargetGroups ?? []) if (tg.TargetGroupArn) arns.push(tg.TargetGroupArn)
    Marker = out.NextMarker
  } while (Marker)
  return arns
}
