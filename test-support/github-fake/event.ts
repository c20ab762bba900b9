/**
 * `pull_request` event payloads as the runner writes them to
 * GITHUB_EVENT_PATH: the fields the action reads (number, action, head and
 * base repositories, head SHA and ref, merged), in GitHub's shape.
 */
import { mkdir, writeFile } from 'node:fs/promises'
import path from 'node:path'

export interface PullRequestEventOptions {
  action: 'opened' | 'synchronize' | 'reopened' | 'closed'
  number: number
  /** Base repository `owner/name`. Default `octo/app`. */
  repository?: string
  /** The head comes from a fork: its `owner/name`, or `deleted` for a fork that no longer exists. */
  fork?: string | 'deleted'
  headSha?: string
  headRef?: string
  baseRef?: string
  /** For `closed`: merged or just closed. */
  merged?: boolean
}

export function pullRequestEvent(options: PullRequestEventOptions): Record<string, unknown> {
  const repository = options.repository ?? 'octo/app'
  const [owner = 'octo', name = 'app'] = repository.split('/')
  const repo = (fullName: string, fork: boolean): Record<string, unknown> => {
    const [o = '', n = ''] = fullName.split('/')
    return {
      full_name: fullName,
      name: n,
      owner: { login: o },
      fork,
      html_url: `https://github.com/${fullName}`
    }
  }
  const headRepo =
    options.fork === 'deleted'
      ? null
      : options.fork
        ? repo(options.fork, true)
        : repo(repository, false)
  const headSha = options.headSha ?? '3f2a9c1d4b5e6f708192a3b4c5d6e7f809a1b2c3'
  const closed = options.action === 'closed'
  return {
    action: options.action,
    number: options.number,
    pull_request: {
      number: options.number,
      state: closed ? 'closed' : 'open',
      merged: closed && options.merged === true,
      title: `Pull request ${options.number}`,
      html_url: `https://github.com/${repository}/pull/${options.number}`,
      head: {
        ref: options.headRef ?? `feature-${options.number}`,
        sha: headSha,
        label: `${options.fork && options.fork !== 'deleted' ? options.fork.split('/')[0] : owner}:${options.headRef ?? `feature-${options.number}`}`,
        repo: headRepo
      },
      base: { ref: options.baseRef ?? 'main', sha: '0'.repeat(40), repo: repo(repository, false) }
    },
    repository: { ...repo(repository, false), name, owner: { login: owner } },
    sender: { login: 'contributor' }
  }
}

/** Writes the payload to `<dir>/event.json` (or `file`) and returns its path for GITHUB_EVENT_PATH. */
export async function writePullRequestEvent(
  dir: string,
  options: PullRequestEventOptions,
  file = 'event.json'
): Promise<string> {
  await mkdir(dir, { recursive: true })
  const target = path.join(dir, file)
  await writeFile(target, JSON.stringify(pullRequestEvent(options), null, 2))
  return target
}

/** The environment a runner sets for a pull_request event (merge ref and merge SHA). */
export function pullRequestEnv(
  options: PullRequestEventOptions & { eventPath: string; apiUrl: string }
): Record<string, string> {
  const repository = options.repository ?? 'octo/app'
  return {
    GITHUB_EVENT_NAME: 'pull_request',
    GITHUB_EVENT_PATH: options.eventPath,
    GITHUB_REPOSITORY: repository,
    GITHUB_API_URL: options.apiUrl,
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_REF: `refs/pull/${options.number}/merge`,
    GITHUB_SHA: 'e'.repeat(40),
    GITHUB_HEAD_REF: options.headRef ?? `feature-${options.number}`,
    GITHUB_BASE_REF: options.baseRef ?? 'main',
    GITHUB_RUN_ID: '4242'
  }
}
