/**
 * A preview's run-level flows: tearing one down (`preview: destroy`) or all
 * whose pull request is closed (`preview: cleanup`), and the sticky
 * pull-request comment after a preview deploy. The preview knowledge (the
 * comment's text and marker) is here and in preview/; github/ only posts.
 */
import { buildPreviewComment, previewCommentMarker } from '../preview/comment.js'
import { upsertStickyComment } from '../github/comments.js'
import { deployedCommit, runLinks } from '../github/context.js'
import { deactivateEnvironment } from '../github/deployments.js'
import type { Config } from '../inputs/config.js'
import { previews, type RunContext } from './context.js'
import type { Plan } from './plan.js'
import { stage } from './stage.js'

export async function previewTeardown(ctx: RunContext): Promise<void> {
  const { config, clients, log, reporter } = ctx
  const deps = { ecs: clients.ecs, elb: clients.elb, ecr: clients.ecr, log, clock: ctx.clock }
  const { cleanupPreviews, destroyPreview } = await previews()
  if (config.preview?.mode === 'cleanup') {
    const result = await stage(ctx, 'Clean up previews', () => cleanupPreviews(config, deps))
    reporter.finish('destroyed', result.message)
    return
  }
  const result = await stage(ctx, 'Destroy preview', () => destroyPreview(config, deps))
  reporter.finish('destroyed', result.message)
  reporter.record({ service: result.serviceName })
  if (config.environment) await deactivateEnvironment(config.github, config.environment, log)
  const pullRequest = config.preview?.pullRequest
  if (pullRequest !== undefined && config.service) {
    const body = buildPreviewComment({
      service: result.serviceName,
      baseService: config.service,
      state: 'destroyed',
      ...runLinks(config.github)
    })
    await postPreviewComment(ctx, pullRequest, body, { create: false })
  }
}

export async function commentOnPullRequest(ctx: RunContext, plan: Plan): Promise<void> {
  const { config, report } = ctx
  const pullRequest = config.preview?.pullRequest
  if (!plan.preview || pullRequest === undefined) return
  const body = buildPreviewComment({
    service: plan.preview.serviceName,
    baseService: config.service ?? '',
    url: report.url,
    image: report.image,
    taskDefinitionArn: report.taskDefinitionArn,
    sha: deployedCommit(config.github),
    ...runLinks(config.github)
  })
  await postPreviewComment(ctx, pullRequest, body)
}

/** The one comment per previewed service, found again by its marker (the base service). */
async function postPreviewComment(
  ctx: { config: Config; log: RunContext['log'] },
  pullRequest: number,
  body: string,
  options: { create?: boolean } = {}
): Promise<void> {
  await upsertStickyComment(
    ctx.config.github,
    {
      pullRequest,
      marker: previewCommentMarker(ctx.config.service ?? ''),
      body,
      title: 'preview comment',
      ...options
    },
    ctx.log
  )
}
