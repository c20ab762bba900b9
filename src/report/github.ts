/**
 * The GitHub side of a deploy: a deployment with statuses for the
 * environment, the sticky pull-request comment, and whether a pull request
 * is closed (for `cleanup`). All through @actions/github's Octokit, at
 * `config.github.apiUrl` (GITHUB_API_URL on the runner).
 *
 * Nothing here may fail a deploy: a missing token, a token without the
 * permission (401/403/404) or an unreachable API become one warning that
 * names the permission to grant, and the function returns undefined.
 */
import type { getOctokit } from '@actions/github'
import type { Config } from '../inputs/config.js'
import { errorMessage } from '../util/errors.js'
import type { Logger } from '../util/log.js'
import { previewCommentMarker } from '../preview/comment.js'

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

type Octokit = ReturnType<typeof getOctokit>

const REQUEST_TIMEOUT_MS = 30_000

interface Repo {
  owner: string
  repo: string
}

/**
 * Octokit and the repository, or a warning and undefined. Octokit is loaded
 * here, on first use (a chunk of dist/): most runs never call GitHub.
 */
async function connect(
  config: Config,
  log: Logger,
  purpose: string
): Promise<{ octokit: Octokit; repo: Repo } | undefined> {
  const token = config.github.token
  const [owner, repo, ...rest] = (config.github.repository ?? '').split('/')
  if (!token) {
    log.warning(`No github-token: ${purpose} skipped.`)
    return undefined
  }
  if (!owner || !repo || rest.length) {
    log.warning(`GITHUB_REPOSITORY is not set (owner/name): ${purpose} skipped.`)
    return undefined
  }
  const { getOctokit } = await import('@actions/github')
  return { octokit: getOctokit(token, { baseUrl: config.github.apiUrl }), repo: { owner, repo } }
}

/** Per-request options: a timeout so a hung API cannot hold the job. */
function requestOptions(): { request: { signal: AbortSignal } } {
  return { request: { signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) } }
}

function statusOf(error: unknown): number | undefined {
  if (error && typeof error === 'object' && 'status' in error) {
    const status = error.status
    return typeof status === 'number' ? status : undefined
  }
  return undefined
}

/** One warning that says what failed and, for permission errors, what to grant. */
function warn(log: Logger, purpose: string, permission: string, error: unknown): void {
  const status = statusOf(error)
  if (status === 401 || status === 403 || status === 404) {
    log.warning(
      `${purpose} skipped: GitHub answered ${status} (${errorMessage(error)}). The token needs \`permissions: ${permission}\` in the workflow (a pull request from a fork gets a read-only token).`
    )
  } else {
    log.warning(`${purpose} skipped: ${errorMessage(error)}`)
  }
}

/** `https://github.com/<owner>/<repo>/actions/runs/<id>`, when the run is known. */
export function runUrl(config: Config): string | undefined {
  const { serverUrl, repository, runId } = config.github
  return repository && runId ? `${serverUrl}/${repository}/actions/runs/${runId}` : undefined
}

/**
 * The commit to record the deployment against. A pull request's merge ref
 * (`refs/pull/<n>/merge`) is not something a deployment can name, so
 * previews use the pull request's head commit.
 */
export function deploymentRef(config: Config, ref: string): string {
  if (!ref.startsWith('refs/pull/')) return ref
  return pullRequestHead(config) ?? config.github.sha ?? ref
}

/**
 * The commit a pull request's run deploys, as people know it: the head of
 * the pull request. GITHUB_SHA on `pull_request` events is the merge commit
 * GitHub made for the run, which appears nowhere in the pull request.
 * Other events: GITHUB_SHA.
 */
export function deployedCommit(config: Config): string | undefined {
  return pullRequestHead(config) ?? config.github.sha
}

function pullRequestHead(config: Config): string | undefined {
  const pr = config.github.event?.['pull_request'] as { head?: { sha?: unknown } } | undefined
  const head = pr?.head?.sha
  return typeof head === 'string' && head ? head : undefined
}

export async function createGitHubDeployment(
  config: Config,
  options: {
    ref: string
    environment: string
    log: Logger
    transient?: boolean
    description?: string
  }
): Promise<GitHubDeployment | undefined> {
  const { log, environment } = options
  const purpose = `GitHub deployment for ${environment}`
  const connection = await connect(config, log, purpose)
  if (!connection) return undefined
  const { octokit, repo } = connection
  let id: number
  try {
    const response = await octokit.rest.repos.createDeployment({
      ...repo,
      ref: deploymentRef(config, options.ref),
      environment,
      auto_merge: false,
      required_contexts: [],
      transient_environment: options.transient ?? false,
      ...(options.transient ? { production_environment: false } : {}),
      description: (options.description ?? `Deploy ${config.service ?? ''}`.trim()).slice(0, 140),
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
  const logUrl = runUrl(config)
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
  config: Config,
  environment: string,
  log: Logger
): Promise<number | undefined> {
  const purpose = `Marking GitHub environment ${environment} inactive`
  const connection = await connect(config, log, purpose)
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

/**
 * Creates or updates the one comment of this preview on the pull request,
 * found by its hidden marker (`<!-- ecs-ship:preview:<service> -->`, added
 * to `body` when missing) and its author (`findOwnComment`). With
 * `create: false` only an existing comment is updated (a teardown says
 * nothing on a pull request that never had a preview).
 */
export async function upsertPullRequestComment(
  config: Config,
  pullRequest: number,
  body: string,
  log: Logger,
  options: { create?: boolean } = {}
): Promise<{ action: 'created' | 'updated'; id: number } | undefined> {
  const purpose = `Comment on pull request #${pullRequest}`
  const connection = await connect(config, log, purpose)
  if (!connection) return undefined
  const { octokit, repo } = connection
  const marker = previewCommentMarker(config.service ?? '')
  const text = body.trimStart().startsWith(marker) ? body : `${marker}\n${body}`
  try {
    const comments = await octokit.paginate(octokit.rest.issues.listComments, {
      ...repo,
      issue_number: pullRequest,
      per_page: 100,
      ...requestOptions()
    })
    const identity = await tokenIdentity(octokit)
    const existing = findOwnComment(comments, marker, identity)
    if (existing) {
      await octokit.rest.issues.updateComment({
        ...repo,
        comment_id: existing.id,
        body: text,
        ...requestOptions()
      })
      log.info(`Updated the preview comment on pull request #${pullRequest}.`)
      return { action: 'updated', id: existing.id }
    }
    if (options.create === false) {
      log.info(`No preview comment on pull request #${pullRequest} to update.`)
      return undefined
    }
    const created = await octokit.rest.issues.createComment({
      ...repo,
      issue_number: pullRequest,
      body: text,
      ...requestOptions()
    })
    log.info(`Commented on pull request #${pullRequest}.`)
    return { action: 'created', id: created.data.id }
  } catch (error) {
    warn(log, purpose, 'pull-requests: write', error)
    return undefined
  }
}

/** What `findOwnComment` needs of a listed comment. */
export interface ListedComment {
  id: number
  body?: string | null | undefined
  user?: { login?: string; type?: string } | null | undefined
}

/**
 * The login the token acts as, from GET /user; undefined when GitHub will
 * not say, which is the case for installation tokens (the workflow's
 * GITHUB_TOKEN, acting as `github-actions[bot]`, and GitHub App tokens,
 * acting as `<app>[bot]`) or when the call fails.
 */
async function tokenIdentity(octokit: Octokit): Promise<string | undefined> {
  try {
    const response = await octokit.rest.users.getAuthenticated(requestOptions())
    const login = (response.data as { login?: unknown }).login
    return typeof login === 'string' && login !== '' ? login : undefined
  } catch {
    return undefined
  }
}

/**
 * Our sticky comment among a pull request's comments. A marker alone proves
 * nothing (anyone who can comment can paste it, and the token may edit any
 * comment), so the author must be the token's own identity:
 *  - known identity (a user's token): only that user's comments;
 *  - unknown (an installation token): only comments by a bot account
 *    (`…[bot]`, type Bot), `github-actions[bot]` first. People cannot post
 *    as a bot; only apps installed on the repository can.
 * And the body must start with the marker, as every comment we write does.
 */
export function findOwnComment<C extends ListedComment>(
  comments: readonly C[],
  marker: string,
  identity: string | undefined
): C | undefined {
  const marked = comments.filter((c) => (c.body ?? '').trimStart().startsWith(marker))
  if (identity !== undefined) return marked.find((c) => c.user?.login === identity)
  const bots = marked.filter(
    (c) => c.user?.type === 'Bot' && (c.user.login ?? '').endsWith('[bot]')
  )
  return bots.find((c) => c.user?.login === 'github-actions[bot]') ?? bots[0]
}

/** True/false from GitHub; undefined (with a warning) when it cannot tell. */
export async function isPullRequestClosed(
  config: Config,
  pullRequest: number,
  log?: Logger
): Promise<boolean | undefined> {
  const quiet: Logger = log ?? {
    info() {},
    warning() {},
    error() {},
    debug() {},
    group: (_name, fn) => fn(),
    secret() {}
  }
  const purpose = `Checking pull request #${pullRequest}`
  const connection = await connect(config, quiet, purpose)
  if (!connection) return undefined
  const { octokit, repo } = connection
  try {
    const response = await octokit.rest.pulls.get({
      ...repo,
      pull_number: pullRequest,
      ...requestOptions()
    })
    return response.data.state === 'closed'
  } catch (error) {
    warn(quiet, purpose, 'pull-requests: read', error)
    return undefined
  }
}

/** The status's `log_url`, only when there is one (an absent field, not undefined). */
function logUrlField(url: string | undefined): { log_url?: string } {
  return url ? { log_url: url } : {}
}
