/**
 * A preview's run-level flows: tearing one down (`preview: destroy`) or all
 * whose pull request is closed (`preview: cleanup`), and the sticky
 * pull-request comment after a preview deploy.
 */
import type { Config } from '../inputs/config.js'
import { buildPreviewComment } from '../preview/comment.js'
import {
  deactivateEnvironment,
  deployedCommit,
  upsertPullRequestComment
} from '../report/github.js'
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
  if (config.environment) await deactivateEnvironment(config, config.environment, log)
  const pullRequest = config.preview?.pullRequest
  if (pullRequest !== undefined && config.service) {
    const body = buildPreviewComment({
      service: result.serviceName,
      baseService: config.service,
      state: 'destroyed',
      ...runLinks(config)
    })
    await upsertPullRequestComment(config, pullRequest, body, log, { create: false })
  }
}

export async function commentOnPullRequest(ctx: RunContext, plan: Plan): Promise<void> {
  const { config, log, report } = ctx
  const pullRequest = config.preview?.pullRequest
  if (!plan.preview || pullRequest === undefined) return
  const body = buildPreviewComment({
    service: plan.preview.serviceName,
    baseService: config.service ?? '',
    url: report.url,
    image: report.image,
    taskDefinitionArn: report.taskDefinitionArn,
    sha: deployedCommit(config),
    ...runLinks(config)
  })
  await upsertPullRequestComment(config, pullRequest, body, log)
}

/** Links to the repository and this workflow run, for comments. */
function runLinks(config: Config): { repositoryUrl?: string; runUrl?: string } {
  const { serverUrl, repository, runId } = config.github
  if (!repository) return {}
  const repositoryUrl = `${serverUrl}/${repository}`
  return { repositoryUrl, ...(runId ? { runUrl: `${repositoryUrl}/actions/runs/${runId}` } : {}) }
}
