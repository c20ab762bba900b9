import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { createGitHubDeployment, deactivateEnvironment } from '../../../src/github/deployments.js'
import { findOwnComment, upsertStickyComment } from '../../../src/github/comments.js'
import { deploymentRef, deployedCommit, runLinks, runUrl } from '../../../src/github/context.js'
import { isPullRequestClosed } from '../../../src/github/pulls.js'
import { buildPreviewComment, previewCommentMarker } from '../../../src/preview/comment.js'
import type { GitHubConfig } from '../../../src/inputs/config.js'
import { MemoryLogger } from '../../../src/util/log.js'
import {
  pullRequestEvent,
  startGitHubFake,
  type GitHubFake
} from '../../../test-support/github-fake/index.js'
import { previewConfig } from '../preview/config.js'

let gh: GitHubFake
let log: MemoryLogger

async function start(options: Parameters<typeof startGitHubFake>[0] = {}): Promise<void> {
  gh = await startGitHubFake({
    tokens: { ghs_write: 'write', ghs_read: 'read' },
    ...options
  })
}

/** The run's GitHub context (from previewConfig: octo/app, run 4242) against the fake. */
function github(overrides: Partial<GitHubConfig> = {}): GitHubConfig {
  return {
    ...previewConfig({}).github,
    apiUrl: gh.url,
    event: pullRequestEvent({ action: 'synchronize', number: 12, headSha: 'c'.repeat(40) }),
    ...overrides
  }
}

/** The adapter knows nothing of previews: the caller names the marker and the body. */
function upsert(
  access: GitHubConfig,
  pullRequest: number,
  body: string,
  options: { create?: boolean; service?: string } = {}
) {
  return upsertStickyComment(
    access,
    {
      pullRequest,
      marker: previewCommentMarker(options.service ?? 'web'),
      body,
      ...(options.create !== undefined ? { create: options.create } : {})
    },
    log
  )
}

function warnings(): string[] {
  return log.lines.filter((l) => l.startsWith('warning: '))
}

beforeEach(() => {
  log = new MemoryLogger()
})
afterEach(async () => {
  await gh?.close()
})

describe('createGitHubDeployment', () => {
  beforeEach(() => start())

  it('creates a transient deployment at the pull request head, in progress, then success with the URL', async () => {
    const deployment = await createGitHubDeployment(github(), {
      description: 'Deploy web',
      ref: 'refs/pull/12/merge',
      environment: 'pr-12',
      transient: true,
      log
    })
    expect(deployment?.environment).toBe('pr-12')
    expect(gh.state.deployments).toHaveLength(1)
    const stored = gh.state.deployments[0]!
    expect(stored).toMatchObject({
      ref: 'c'.repeat(40),
      environment: 'pr-12',
      transient_environment: true,
      production_environment: false,
      auto_merge: false,
      required_contexts: [],
      description: 'Deploy web'
    })
    expect(stored.statuses.map((s) => s.state)).toEqual(['in_progress'])
    expect(stored.statuses[0]?.log_url).toBe('https://github.com/octo/app/actions/runs/4242')

    await deployment?.setStatus('success', {
      environmentUrl: 'https://pr-12.preview.example.com',
      description: 'x'.repeat(300)
    })
    expect(stored.statuses.map((s) => s.state)).toEqual(['in_progress', 'success'])
    expect(stored.statuses[1]).toMatchObject({
      environment_url: 'https://pr-12.preview.example.com',
      description: 'x'.repeat(140)
    })
    expect(warnings()).toEqual([])
    // Every request carried the token.
    expect(gh.state.requests.every((r) => r.token === 'ghs_write')).toBe(true)
  })

  it('keeps a branch or SHA ref as given, and marks non-preview deployments non-transient', async () => {
    await createGitHubDeployment(github(), {
      description: 'Deploy web',
      ref: 'main',
      environment: 'production',
      log
    })
    expect(gh.state.deployments[0]).toMatchObject({
      ref: 'main',
      transient_environment: false,
      production_environment: true
    })
  })

  it('without a token: one warning, no request', async () => {
    const result = await createGitHubDeployment(github({ token: '' }), {
      description: 'Deploy web',
      ref: 'main',
      environment: 'pr-12',
      log
    })
    expect(result).toBeUndefined()
    expect(gh.state.requests).toEqual([])
    expect(warnings()).toEqual(['warning: No github-token: GitHub deployment for pr-12 skipped.'])
  })

  it.each([
    ['a read-only token (403)', { token: 'ghs_read' }, 403],
    ['an unknown token (401)', { token: 'ghs_nope' }, 401],
    ['another repository (404)', { repository: 'someone/else' }, 404]
  ])(
    'with %s: a warning naming deployments: write, never a throw',
    async (_name, overrides, status) => {
      const result = await createGitHubDeployment(github(overrides), {
        description: 'Deploy web',
        ref: 'main',
        environment: 'pr-12',
        log
      })
      expect(result).toBeUndefined()
      expect(gh.state.deployments).toEqual([])
      expect(warnings()).toHaveLength(1)
      expect(warnings()[0]).toContain(`GitHub answered ${status}`)
      expect(warnings()[0]).toContain('permissions: deployments: write')
    }
  )

  it('a status GitHub refuses is a warning', async () => {
    const deployment = await createGitHubDeployment(github(), {
      description: 'Deploy web',
      ref: 'main',
      environment: 'pr-12',
      log
    })
    // The deployment is gone by the time the status is set.
    gh.state.deployments.length = 0
    await expect(deployment?.setStatus('failure')).resolves.toBeUndefined()
    expect(warnings()[0]).toContain('GitHub deployment status failure skipped: GitHub answered 404')
  })

  it('an unreachable API is a warning', async () => {
    const url = gh.url
    await gh.close()
    const result = await createGitHubDeployment(github({ apiUrl: url }), {
      description: 'Deploy web',
      ref: 'main',
      environment: 'pr-12',
      log
    })
    expect(result).toBeUndefined()
    expect(warnings()).toHaveLength(1)
    gh = await startGitHubFake() // for afterEach
  })
})

describe('deploymentRef', () => {
  it('uses the head SHA for a pull request merge ref, else the ref', () => {
    const c = previewConfig({}).github
    expect(deploymentRef(c, 'refs/heads/main')).toBe('refs/heads/main')
    expect(deploymentRef(c, 'refs/pull/12/merge')).toBe('e'.repeat(40)) // no event: the run's SHA
    const withEvent = {
      ...c,
      event: pullRequestEvent({ action: 'opened', number: 12, headSha: 'd'.repeat(40) })
    }
    expect(deploymentRef(withEvent, 'refs/pull/12/merge')).toBe('d'.repeat(40))
  })
})

describe('deployedCommit', () => {
  it("is the pull request's head, not the run's merge commit; else GITHUB_SHA", () => {
    const c = previewConfig({}).github
    expect(deployedCommit(c)).toBe('e'.repeat(40))
    const withEvent = {
      ...c,
      event: pullRequestEvent({ action: 'synchronize', number: 12, headSha: 'd'.repeat(40) })
    }
    expect(deployedCommit(withEvent)).toBe('d'.repeat(40))
    const push = { ...c, event: { ref: 'refs/heads/main' } }
    expect(deployedCommit(push)).toBe('e'.repeat(40))
  })
})

describe('runUrl and runLinks', () => {
  it('link the workflow run and the repository when GitHub names them', () => {
    const c = previewConfig({}).github
    expect(runUrl(c)).toBe('https://github.com/octo/app/actions/runs/4242')
    expect(runLinks(c)).toEqual({
      repositoryUrl: 'https://github.com/octo/app',
      runUrl: 'https://github.com/octo/app/actions/runs/4242'
    })
    const { runId: _runId, ...noRun } = c
    expect(runUrl(noRun)).toBeUndefined()
    expect(runLinks(noRun)).toEqual({ repositoryUrl: 'https://github.com/octo/app' })
    const { repository: _repository, ...noRepository } = c
    expect(runLinks(noRepository)).toEqual({})
  })
})

describe('deactivateEnvironment', () => {
  beforeEach(() => start({ maxPageSize: 2 }))

  it('marks every deployment of the environment inactive, across pages, and no other', async () => {
    for (const environment of ['pr-12', 'pr-12', 'pr-13', 'pr-12', 'pr-12', 'pr-12']) {
      const d = await createGitHubDeployment(github(), {
        description: 'Deploy web',
        ref: 'main',
        environment,
        transient: true,
        log
      })
      await d?.setStatus('success')
    }
    const count = await deactivateEnvironment(github(), 'pr-12', log)
    expect(count).toBe(5)
    expect(gh.statesOf('pr-12')).toEqual([
      'inactive',
      'inactive',
      'inactive',
      'inactive',
      'inactive'
    ])
    expect(gh.statesOf('pr-13')).toEqual(['success'])
    // It really paged: listing took more than one request.
    const lists = gh.state.requests.filter(
      (r) => r.method === 'GET' && r.path.endsWith('/deployments')
    )
    expect(lists.length).toBe(3)
  })

  it('with a read-only token: a warning, undefined', async () => {
    await createGitHubDeployment(github(), {
      description: 'Deploy web',
      ref: 'main',
      environment: 'pr-12',
      log
    })
    expect(await deactivateEnvironment(github({ token: 'ghs_read' }), 'pr-12', log)).toBeUndefined()
    expect(warnings()[0]).toContain('GitHub answered 403')
  })
})

describe('upsertStickyComment', () => {
  beforeEach(() => start())

  const body = (image: string): string =>
    buildPreviewComment({
      service: 'web-pr-12',
      baseService: 'web',
      url: 'https://pr-12.preview.example.com',
      image,
      taskDefinitionArn: 'arn:aws:ecs:us-east-1:123456789012:task-definition/web-pr-12:3',
      sha: 'c'.repeat(40)
    })

  it('creates one comment, then updates it on the next push', async () => {
    gh.addComment(12, 'Looks good to me')
    const first = await upsert(github(), 12, body('web:one'))
    expect(first?.action).toBe('created')
    const second = await upsert(github(), 12, body('web:two'))
    expect(second).toEqual({ action: 'updated', id: first?.id })
    const mine = gh.state.comments.filter((c) => c.body.includes(previewCommentMarker('web')))
    expect(mine).toHaveLength(1)
    expect(mine[0]?.body).toContain('web:two')
    expect(gh.state.comments.find((c) => c.user.login === 'reviewer')?.body).toBe(
      'Looks good to me'
    )
  })

  it('with create: false, updates an existing comment and creates none', async () => {
    const none = await upsert(github(), 12, body('gone'), { create: false })
    expect(none).toBeUndefined()
    expect(gh.state.comments).toEqual([])
    const first = await upsert(github(), 12, body('web:one'))
    const later = await upsert(github(), 12, body('gone'), { create: false })
    expect(later).toEqual({ action: 'updated', id: first?.id })
    expect(gh.state.comments.map((c) => c.body)).toEqual([body('gone')])
  })

  it('finds its comment on a later page (Link rel="next")', async () => {
    await gh.close()
    await start({ maxPageSize: 100 })
    for (let i = 0; i < 230; i++) gh.addComment(12, `comment ${i}`)
    gh.addComment(12, `${previewCommentMarker('web')}\nold`, 'github-actions[bot]')
    const result = await upsert(github(), 12, body('web:new'))
    expect(result?.action).toBe('updated')
    expect(gh.state.comments).toHaveLength(231)
    const pages = gh.state.requests.filter(
      (r) => r.method === 'GET' && r.path.endsWith('/comments')
    )
    expect(pages.map((r) => r.query['page'] ?? '1')).toEqual(['1', '2', '3'])
  })

  it('keeps comments of another service separate, and adds the marker when missing', async () => {
    await upsert(github(), 12, 'plain body', { service: 'api' })
    await upsert(github(), 12, body('web:one'))
    expect(gh.state.comments).toHaveLength(2)
    expect(gh.state.comments[0]?.body).toBe(`${previewCommentMarker('api')}\nplain body`)
  })

  it('never takes over a comment someone else planted with the marker', async () => {
    const planted = gh.addComment(
      12,
      `${previewCommentMarker('web')}\nclick [here](https://evil.example)`,
      'attacker'
    )
    const result = await upsert(github(), 12, body('web:one'))
    expect(result?.action).toBe('created')
    expect(result?.id).not.toBe(planted.id)
    expect(gh.state.comments.find((c) => c.id === planted.id)?.body).toContain('evil.example')
    expect(gh.state.comments.filter((c) => c.user.login === 'github-actions[bot]')).toHaveLength(1)
    // and the next push updates our comment, still not theirs
    const again = await upsert(github(), 12, body('web:two'))
    expect(again).toEqual({ action: 'updated', id: result?.id })
  })

  it("with a user's token: finds the comment by that user only (GET /user)", async () => {
    await gh.close()
    await start({ login: 'deploy-bot-user' })
    const planted = gh.addComment(12, `${previewCommentMarker('web')}\nfake`, 'someone-else')
    const first = await upsert(github(), 12, body('web:one'))
    expect(first?.action).toBe('created')
    const second = await upsert(github(), 12, body('web:two'))
    expect(second).toEqual({ action: 'updated', id: first?.id })
    expect(gh.state.comments.find((c) => c.id === planted.id)?.body).toContain('fake')
    expect(gh.state.requests.some((r) => r.path === '/user' && r.status === 200)).toBe(true)
  })

  it('with a read-only token: a warning naming pull-requests: write', async () => {
    const result = await upsert(github({ token: 'ghs_read' }), 12, body('x'))
    expect(result).toBeUndefined()
    expect(warnings()).toHaveLength(1)
    expect(warnings()[0]).toContain('permissions: pull-requests: write')
  })
})

describe('isPullRequestClosed', () => {
  beforeEach(() => start())

  it('reads the state from GitHub; unknown pull requests are undefined with a warning', async () => {
    gh.setPullRequest(12, 'open')
    gh.setPullRequest(13, 'closed', true)
    expect(await isPullRequestClosed(github(), 12, log)).toBe(false)
    expect(await isPullRequestClosed(github(), 13, log)).toBe(true)
    gh.setPullRequest(12, 'closed')
    expect(await isPullRequestClosed(github(), 12, log)).toBe(true)
    expect(await isPullRequestClosed(github(), 99, log)).toBeUndefined()
    expect(warnings()).toHaveLength(1)
    expect(warnings()[0]).toContain('GitHub answered 404')
  })
})

describe('findOwnComment', () => {
  const marker = previewCommentMarker('web')
  const c = (id: number, login: string, text = `${marker}\nx`) => ({
    id,
    body: text,
    user: { login, type: login.endsWith('[bot]') ? 'Bot' : 'User' }
  })

  it('with a known identity: only that author', () => {
    const list = [c(1, 'mallory'), c(2, 'github-actions[bot]'), c(3, 'me')]
    expect(findOwnComment(list, marker, 'me')?.id).toBe(3)
    expect(findOwnComment(list, marker, 'nobody')).toBeUndefined()
  })

  it('with an installation token: bot authors only, github-actions[bot] first', () => {
    expect(findOwnComment([c(1, 'mallory')], marker, undefined)).toBeUndefined()
    expect(
      findOwnComment([c(1, 'other-app[bot]'), c(2, 'github-actions[bot]')], marker, undefined)?.id
    ).toBe(2)
    expect(findOwnComment([c(1, 'mallory'), c(2, 'my-app[bot]')], marker, undefined)?.id).toBe(2)
    // a user named like a bot is still a User
    expect(
      findOwnComment(
        [{ id: 9, body: `${marker}\n`, user: { login: 'x[bot]', type: 'User' } }],
        marker,
        undefined
      )
    ).toBeUndefined()
  })

  it('the marker must open the body', () => {
    expect(
      findOwnComment([c(1, 'github-actions[bot]', `quote: ${marker}`)], marker, undefined)
    ).toBeUndefined()
  })
})
