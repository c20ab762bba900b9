/**
 * GitHub deployments: one with statuses for the run's environment, and
 * marking every deployment of an environment inactive (a torn-down preview).
 */
import type { GitHubConfig } from '../inputs/config.js'
import type { Logger } from '../util/log.js'
import { connect, requestOptions, warn, type GitHubAccess } from './client.js'
import { deploymentRef, runUrl } from './context.js'

export type DeploymentState = 'success' | 'failure' | 'inactive' | 'in_progress'

export interface DeploymentStatusOptions {
  environmentUrl?: string
  logUrl?: string
  description?: string
}

export interface GitHubDeployment {
  readonly id: number
  readonly environment: string
  /** Adds a status; warns (never throws) when GitHub refuses. */
  setStatus(state: DeploymentState, options?: DeploymentStatusOptions): Promise<void>
}

/**
 * Creates the deployment (at the pull request's head for a merge ref) and
 * sets it in progress, linking the workflow run. Undefined, with a warning,
 * when GitHub refuses.
 */
export async function createGitHubDeployment(
  github: GitHubConfig,
  options: {
    ref: string
    environment: string
    description: string
    log: Logger
    transient?: boolean
  }
): Promise<GitHubDeployment | undefined> {
  const { log, environment } = options
  const purpose = `GitHub deployment for ${environment}`
  const connection = await connect(github, log, purpose)
  if (!connection) return undefined
  const { octokit, repo } = connection
  let id: number
  try {
    const response = await octokit.rest.repos.createDeployment({
      ...repo,
      ref: deploymentRef(github, options.ref),
      environment,
      auto_merge: false,
      required_contexts: [],
      transient_environment: options.transient ?? false,
      ...(options.transient ? { production_environment: false } : {}),
      description: options.description.slice(0, 140),
      ...requestOptions()
    })
    const data = response.data as { id?: unknown; message?: unknown }
    if (typeof data.id !== 'number') {
      log.warning(
        `${purpose} skipped: GitHub did not create it (${String(data.message ?? response.status)}).`
      )
      return undefined
    }
    id = data.id
  } catch (error) {
    warn(log, purpose, 'deployments: write', error)
    return undefined
  }
  log.info(`GitHub deployment ${id} for environment ${environment}.`)
  const logUrl = runUrl(github)
  const deployment: GitHubDeployment = {
    id,
    environment,
    async setStatus(state, statusOptions = {}) {
      try {
        await octokit.rest.repos.createDeploymentStatus({
          ...repo,
          deployment_id: id,
          state,
          ...(statusOptions.environmentUrl
            ? { environment_url: statusOptions.environmentUrl }
            : {}),
          ...logUrlField(statusOptions.logUrl ?? logUrl),
          ...(statusOptions.description
            ? { description: statusOptions.description.slice(0, 140) }
            : {}),
          ...requestOptions()
        })
      } catch (error) {
        warn(log, `GitHub deployment status ${state}`, 'deployments: write', error)
      }
    }
  }
  await deployment.setStatus('in_progress')
  return deployment
}

/** Marks every deployment of `environment` inactive. Returns how many, or undefined when GitHub refused. */
export async function deactivateEnvironment(
  access: GitHubAccess,
  environment: string,
  log: Logger
): Promise<number | undefined> {
  const purpose = `Marking GitHub environment ${environment} inactive`
  const connection = await connect(access, log, purpose)
  if (!connection) return undefined
  const { octokit, repo } = connection
  try {
    const deployments = await octokit.paginate(octokit.rest.repos.listDeployments, {
      ...repo,
      environment,
      per_page: 100,
      ...requestOptions()
    })
    for (const deployment of deployments) {
      await octokit.rest.repos.createDeploymentStatus({
        ...repo,
        deployment_id: deployment.id,
        state: 'inactive',
        ...requestOptions()
      })
    }
    log.info(`Marked ${deployments.length} GitHub deployment(s) of ${environment} inactive.`)
    return deployments.length
  } catch (error) {
    warn(log, purpose, 'deployments: write', error)
    return undefined
  }
}

/** The status's `log_url`, only when there is one (an absent field, not undefined). */
function logUrlField(url: string | undefined): { log_url?: string } {
  return url ? { log_url: url } : {}
}
