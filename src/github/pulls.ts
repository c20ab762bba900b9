/** Whether a pull request is closed, for `preview: cleanup`. */
import type { Logger } from '../util/log.js'
import { connect, requestOptions, warn, type GitHubAccess } from './client.js'

/** True/false from GitHub; undefined (with a warning) when it cannot tell. */
export async function isPullRequestClosed(
  access: GitHubAccess,
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
  const connection = await connect(access, quiet, purpose)
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
