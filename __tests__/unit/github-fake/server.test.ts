import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import {
  startGitHubFake,
  writePullRequestEvent,
  type GitHubFake
} from '../../../test-support/github-fake/index.js'

let gh: GitHubFake
beforeEach(async () => {
  gh = await startGitHubFake({ tokens: { w: 'write', r: 'read' } })
})
afterEach(() => gh.close())

async function call(
  method: string,
  p: string,
  token?: string,
  body?: unknown
): Promise<{ status: number; json: Record<string, unknown>; link: string | null }> {
  const res = await fetch(`${gh.url}${p}`, {
    method,
    headers: {
      ...(token ? { authorization: `token ${token}` } : {}),
      ...(body ? { 'content-type': 'application/json' } : {})
    },
    ...(body ? { body: JSON.stringify(body) } : {})
  })
  return {
    status: res.status,
    json: (await res.json()) as Record<string, unknown>,
    link: res.headers.get('link')
  }
}

describe('GitHub fake', () => {
  it('answers like GitHub for missing, bad and read-only tokens', async () => {
    expect(await call('GET', '/repos/octo/app/issues/1/comments')).toMatchObject({
      status: 401,
      json: { message: 'Requires authentication' }
    })
    expect((await call('GET', '/repos/octo/app/issues/1/comments', 'nope')).status).toBe(401)
    expect((await call('GET', '/repos/octo/app/issues/1/comments', 'r')).status).toBe(200)
    expect(
      await call('POST', '/repos/octo/app/issues/1/comments', 'r', { body: 'x' })
    ).toMatchObject({
      status: 403,
      json: { message: 'Resource not accessible by integration' }
    })
    expect(
      (await call('POST', '/repos/octo/app/issues/1/comments', 'w', { body: 'x' })).status
    ).toBe(201)
    expect((await call('GET', '/repos/other/repo/pulls/1', 'w')).status).toBe(404)
  })

  it('validates deployments and statuses', async () => {
    expect(
      (await call('POST', '/repos/octo/app/deployments', 'w', { environment: 'x' })).status
    ).toBe(422)
    const created = await call('POST', '/repos/octo/app/deployments', 'w', {
      ref: 'main',
      environment: 'pr-1'
    })
    expect(created.status).toBe(201)
    const id = created.json['id'] as number
    expect(
      (await call('POST', `/repos/octo/app/deployments/${id}/statuses`, 'w', { state: 'done' }))
        .status
    ).toBe(422)
    expect(
      (await call('POST', `/repos/octo/app/deployments/${id}/statuses`, 'w', { state: 'success' }))
        .status
    ).toBe(201)
    expect(gh.statesOf('pr-1')).toEqual(['success'])
  })

  it('pages with Link headers', async () => {
    for (let i = 0; i < 5; i++) gh.addComment(3, `c${i}`)
    const first = await call('GET', '/repos/octo/app/issues/3/comments?per_page=2', 'w')
    expect(first.link).toContain('rel="next"')
    expect(first.link).toContain('page=3>; rel="last"')
    const last = await call('GET', '/repos/octo/app/issues/3/comments?per_page=2&page=3', 'w')
    expect(last.link).not.toContain('rel="next"')
    expect((last.json as unknown as unknown[]).length).toBe(1)
  })

  it('writes pull_request event payloads, fork or not', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'event-'))
    try {
      const file = await writePullRequestEvent(dir, {
        action: 'opened',
        number: 7,
        fork: 'someone/app'
      })
      const event = JSON.parse(await readFile(file, 'utf8')) as {
        number: number
        pull_request: {
          head: { repo: { full_name: string } }
          base: { repo: { full_name: string } }
        }
      }
      expect(event.number).toBe(7)
      expect(event.pull_request.head.repo.full_name).toBe('someone/app')
      expect(event.pull_request.base.repo.full_name).toBe('octo/app')
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })
})
