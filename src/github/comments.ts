/**
 * A sticky comment on a pull request: created once, found again by its
 * hidden marker and its author, updated in place. What the marker and body
 * say is the caller's business.
 */
import type { Logger } from '../util/log.js'
import { connect, requestOptions, warn, type GitHubAccess, type Octokit } from './client.js'

/**
 * Creates or updates the one comment that opens with `marker` (added to
 * `body` when missing) and was written by the token's own identity
 * (`findOwnComment`). With `create: false` only an existing comment is
 * updated (a teardown says nothing on a pull request that never had one).
 */
export async function upsertStickyComment(
  access: GitHubAccess,
  comment: {
    pullRequest: number
    marker: string
    body: string
    create?: boolean
    /** What the log calls it ("preview comment"); default "comment". */
    title?: string
  },
  log: Logger
): Promise<{ action: 'created' | 'updated'; id: number } | undefined> {
  const { pullRequest, marker, body } = comment
  const title = comment.title ?? 'comment'
  const purpose = `Comment on pull request #${pullRequest}`
  const connection = await connect(access, log, purpose)
  if (!connection) return undefined
  const { octokit, repo } = connection
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
      log.info(`Updated the ${title} on pull request #${pullRequest}.`)
      return { action: 'updated', id: existing.id }
    }
    if (comment.create === false) {
      log.info(`No ${title} on pull request #${pullRequest} to update.`)
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
