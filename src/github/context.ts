/** What the workflow run's GitHub context says: its URL, and the commit it deploys. Pure. */
import type { GitHubConfig } from '../inputs/config.js'

/** `https://github.com/<owner>/<repo>/actions/runs/<id>`, when the run is known. */
export function runUrl(github: GitHubConfig): string | undefined {
  const { serverUrl, repository, runId } = github
  return repository && runId ? `${serverUrl}/${repository}/actions/runs/${runId}` : undefined
}

/** Links to the repository and this workflow run, when known. */
export function runLinks(github: GitHubConfig): { repositoryUrl?: string; runUrl?: string } {
  const { serverUrl, repository, runId } = github
  if (!repository) return {}
  const repositoryUrl = `${serverUrl}/${repository}`
  return { repositoryUrl, ...(runId ? { runUrl: `${repositoryUrl}/actions/runs/${runId}` } : {}) }
}

/**
 * The commit to record the deployment against. A pull request's merge ref
 * (`refs/pull/<n>/merge`) is not something a deployment can name, so
 * pull-request runs use the pull request's head commit.
 */
export function deploymentRef(github: GitHubConfig, ref: string): string {
  if (!ref.startsWith('refs/pull/')) return ref
  return pullRequestHead(github) ?? github.sha ?? ref
}

/**
 * The commit a pull request's run deploys, as people know it: the head of
 * the pull request. GITHUB_SHA on `pull_request` events is the merge commit
 * GitHub made for the run, which appears nowhere in the pull request.
 * Other events: GITHUB_SHA.
 */
export function deployedCommit(github: GitHubConfig): string | undefined {
  return pullRequestHead(github) ?? github.sha
}

function pullRequestHead(github: GitHubConfig): string | undefined {
  const pr = github.event?.['pull_request'] as { head?: { sha?: unknown } } | undefined
  const head = pr?.head?.sha
  return typeof head === 'string' && head ? head : undefined
}
