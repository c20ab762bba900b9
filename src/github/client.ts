/**
 * The connection to GitHub's REST API that every call here shares: Octokit
 * at `apiUrl` (GITHUB_API_URL on the runner) with the token, the repository
 * split into owner and name, a per-request timeout, and one warning shape.
 *
 * Nothing in github/ may fail a deploy: a missing token, a token without the
 * permission (401/403/404) or an unreachable API become one warning that
 * names the permission to grant, and the call returns undefined.
 */
import type { getOctokit } from '@actions/github'
import type { GitHubConfig } from '../inputs/config.js'
import { errorMessage } from '../util/errors.js'
import type { Logger } from '../util/log.js'

/** What a call needs to reach the repository: the token, `owner/name`, the API's URL. */
export type GitHubAccess = Pick<GitHubConfig, 'token' | 'repository' | 'apiUrl'>

export type Octokit = ReturnType<typeof getOctokit>

export interface Repo {
  owner: string
  repo: string
}

const REQUEST_TIMEOUT_MS = 30_000

/**
 * Octokit and the repository, or a warning and undefined. Octokit is loaded
 * here, on first use (a chunk of dist/): most runs never call GitHub.
 */
export async function connect(
  access: GitHubAccess,
  log: Logger,
  purpose: string
): Promise<{ octokit: Octokit; repo: Repo } | undefined> {
  const token = access.token
  const [owner, repo, ...rest] = (access.repository ?? '').split('/')
  if (!token) {
    log.warning(`No github-token: ${purpose} skipped.`)
    return undefined
  }
  if (!owner || !repo || rest.length) {
    log.warning(`GITHUB_REPOSITORY is not set (owner/name): ${purpose} skipped.`)
    return undefined
  }
  const { getOctokit } = await import('@actions/github')
  return { octokit: getOctokit(token, { baseUrl: access.apiUrl }), repo: { owner, repo } }
}

/** Per-request options: a timeout so a hung API cannot hold the job. */
export function requestOptions(): { request: { signal: AbortSignal } } {
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
export function warn(log: Logger, purpose: string, permission: string, error: unknown): void {
  const status = statusOf(error)
  if (status === 401 || status === 403 || status === 404) {
    log.warning(
      `${purpose} skipped: GitHub answered ${status} (${errorMessage(error)}). The token needs \`permissions: ${permission}\` in the workflow (a pull request from a fork gets a read-only token).`
    )
  } else {
    log.warning(`${purpose} skipped: ${errorMessage(error)}`)
  }
}
