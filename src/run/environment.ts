/**
 * The GitHub deployment of the run's `environment`: started before the
 * service update, given the run's result at the end. Never fails the run.
 */
import { createGitHubDeployment, type GitHubDeployment } from '../github/deployments.js'
import type { RunReport } from '../report/summary.js'
import { errorMessage } from '../util/errors.js'
import type { Logger } from '../util/log.js'
import type { RunContext } from './context.js'

export async function startGitHubDeployment(
  ctx: RunContext,
  options: { transient: boolean }
): Promise<GitHubDeployment | undefined> {
  const { config, log } = ctx
  if (!config.environment) return undefined
  return createGitHubDeployment(config.github, {
    ref: config.github.ref ?? config.github.sha ?? 'HEAD',
    environment: config.environment,
    description: `Deploy ${config.service ?? ''}`.trim(),
    transient: options.transient,
    log
  })
}

export async function finishGitHubDeployment(
  deployment: GitHubDeployment | undefined,
  report: RunReport,
  log: Logger
): Promise<void> {
  if (!deployment) return
  const ok = report.result === 'deployed' || report.result === 'unchanged'
  try {
    await deployment.setStatus(ok ? 'success' : 'failure', {
      ...(report.url ? { environmentUrl: report.url } : {}),
      description: report.message.slice(0, 140)
    })
  } catch (error) {
    log.warning(`Could not update the GitHub deployment: ${errorMessage(error)}`)
  }
}
