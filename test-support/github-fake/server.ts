/**
 * A local fake of the GitHub REST endpoints the action uses, on 127.0.0.1:
 * deployments and their statuses, issue comments (paged with Link headers,
 * as the real API does), and pull requests with an open/closed state.
 * Point the action at it with GITHUB_API_URL (and `config.github.apiUrl`).
 *
 * Tokens are checked the way GitHub answers them: no Authorization header
 * → 401 "Requires authentication"; an unknown token (when `tokens` is
 * given) → 401 "Bad credentials"; a read-only token writing → 403
 * "Resource not accessible by integration"; a repository other than
 * `repository` → 404 "Not Found".
 */
import http from 'node:http'
import type { AddressInfo } from 'node:net'

export type TokenAccess = 'write' | 'read'

export interface GitHubFakeOptions {
  /** `owner/name`; other repositories answer 404. Default `octo/app`. */
  repository?: string
  /** Known tokens and their access. Omitted: any token may write. */
  tokens?: Record<string, TokenAccess>
  /** Largest page the fake serves, whatever `per_page` asks (to exercise paging). Default 100. */
  maxPageSize?: number
  /**
   * Login of the user the token belongs to (comment author). Default
   * `github-actions[bot]`. A `[bot]` login is an installation token: GET /user
   * answers 403, as GitHub does; any other login is a user's token.
   */
  login?: string
  port?: number
}

export interface FakeDeploymentStatus {
  id: number
  state: string
  description: string
  environment: string
  environment_url: string
  log_url: string
  created_at: string
}

export interface FakeDeployment {
  id: number
  sha: string
  ref: string
  task: string
  environment: string
  description: string | null
  transient_environment: boolean
  production_environment: boolean
  auto_merge: boolean | undefined
  required_contexts: string[] | undefined
  payload: unknown
  created_at: string
  statuses: FakeDeploymentStatus[]
}

export interface FakeComment {
  id: number
  issue_number: number
  body: string
  user: { login: string; type: string }
  created_at: string
  updated_at: string
}

export interface FakePullRequest {
  number: number
  state: 'open' | 'closed'
  merged: boolean
}

export interface FakeRequest {
  method: string
  path: string
  query: Record<string, string>
  token?: string
  body?: unknown
  status: number
}

export interface GitHubFakeState {
  deployments: FakeDeployment[]
  comments: FakeComment[]
  pulls: Map<number, FakePullRequest>
  requests: FakeRequest[]
}

export interface GitHubFake {
  /** Base URL for GITHUB_API_URL, e.g. `http://127.0.0.1:40123`. */
  url: string
  state: GitHubFakeState
  setPullRequest(number: number, state: 'open' | 'closed', merged?: boolean): void
  /** Adds a comment as someone else (e.g. a reviewer), to check it is left alone. */
  addComment(issueNumber: number, body: string, login?: string): FakeComment
  /** Latest status state of each deployment of an environment, oldest deployment first. */
  statesOf(environment: string): string[]
  close(): Promise<void>
}

const DEPLOYMENT_STATES = new Set([
  'error',
  'failure',
  'inactive',
  'in_progress',
  'queued',
  'pending',
  'success'
])

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly extra: Record<string, unknown> = {}
  ) {
    super(message)
  }
}

export async function startGitHubFake(options: GitHubFakeOptions = {}): Promise<GitHubFake> {
  const repository = options.repository ?? 'octo/app'
  const login = options.login ?? 'github-actions[bot]'
  const maxPageSize = options.maxPageSize ?? 100
  const state: GitHubFakeState = { deployments: [], comments: [], pulls: new Map(), requests: [] }
  let nextId = 1000
  const now = (): string => new Date().toISOString()
  let baseUrl = ''

  function authorize(req: http.IncomingMessage, write: boolean): string {
    const header = req.headers.authorization
    if (!header) throw new HttpError(401, 'Requires authentication')
    const match = /^(?:token|bearer)\s+(\S+)$/i.exec(header)
    if (!match?.[1]) throw new HttpError(401, 'Bad credentials')
    const token = match[1]
    if (options.tokens) {
      const access = options.tokens[token]
      if (!access) throw new HttpError(401, 'Bad credentials')
      if (write && access !== 'write') {
        throw new HttpError(403, 'Resource not accessible by integration')
      }
    }
    return token
  }

  function paged<T>(
    items: T[],
    query: Record<string, string>,
    path: string,
    res: http.ServerResponse
  ): T[] {
    const perPage = Math.min(Math.max(Number(query['per_page'] ?? 30) || 30, 1), maxPageSize)
    const page = Math.max(Number(query['page'] ?? 1) || 1, 1)
    const last = Math.max(Math.ceil(items.length / perPage), 1)
    const link = (p: number): string => {
      const q = new URLSearchParams({ ...query, per_page: String(perPage), page: String(p) })
      return `${baseUrl}${path}?${q.toString()}`
    }
    const links: string[] = []
    if (page < last) links.push(`<${link(page + 1)}>; rel="next"`, `<${link(last)}>; rel="last"`)
    if (page > 1) links.push(`<${link(1)}>; rel="first"`, `<${link(page - 1)}>; rel="prev"`)
    if (links.length) res.setHeader('link', links.join(', '))
    return items.slice((page - 1) * perPage, page * perPage)
  }

  function deploymentView(d: FakeDeployment): Record<string, unknown> {
    const { statuses: _statuses, auto_merge: _a, required_contexts: _r, ...rest } = d
    return {
      ...rest,
      url: `${baseUrl}/repos/${repository}/deployments/${d.id}`,
      statuses_url: `${baseUrl}/repos/${repository}/deployments/${d.id}/statuses`,
      repository_url: `${baseUrl}/repos/${repository}`,
      creator: { login, type: 'Bot' },
      updated_at: d.statuses.at(-1)?.created_at ?? d.created_at
    }
  }

  function commentView(c: FakeComment): Record<string, unknown> {
    return {
      ...c,
      url: `${baseUrl}/repos/${repository}/issues/comments/${c.id}`,
      html_url: `https://github.com/${repository}/pull/${c.issue_number}#issuecomment-${c.id}`,
      issue_url: `${baseUrl}/repos/${repository}/issues/${c.issue_number}`
    }
  }

  function route(
    method: string,
    path: string,
    query: Record<string, string>,
    body: Record<string, unknown>,
    req: http.IncomingMessage,
    res: http.ServerResponse
  ): { status: number; json: unknown } {
    if (path === '/user' && method === 'GET') {
      // As GitHub answers it: a user's token gets the user; an installation token
      // (GITHUB_TOKEN, a GitHub App's) cannot read /user.
      authorize(req, false)
      if (login.endsWith('[bot]'))
        throw new HttpError(403, 'Resource not accessible by integration')
      return { status: 200, json: { login, id: 4242, type: 'User' } }
    }
    const repoMatch = /^\/repos\/([^/]+)\/([^/]+)(\/.*)$/.exec(path)
    if (!repoMatch) throw new HttpError(404, 'Not Found')
    const write = method !== 'GET' && method !== 'HEAD'
    authorize(req, write)
    if (`${repoMatch[1]}/${repoMatch[2]}`.toLowerCase() !== repository.toLowerCase()) {
      throw new HttpError(404, 'Not Found')
    }
    const rest = repoMatch[3] ?? ''
    let m: RegExpExecArray | null

    if (rest === '/deployments' && method === 'POST') {
      if (typeof body['ref'] !== 'string' || !body['ref']) {
        throw new HttpError(422, 'Invalid request.\n\n"ref" wasn\'t supplied.')
      }
      const environment =
        typeof body['environment'] === 'string' ? body['environment'] : 'production'
      const d: FakeDeployment = {
        id: nextId++,
        sha: /^[0-9a-f]{40}$/.test(body['ref']) ? body['ref'] : 'a'.repeat(40),
        ref: body['ref'],
        task: typeof body['task'] === 'string' ? body['task'] : 'deploy',
        environment,
        description: typeof body['description'] === 'string' ? body['description'] : null,
        transient_environment: body['transient_environment'] === true,
        production_environment:
          typeof body['production_environment'] === 'boolean'
            ? body['production_environment']
            : environment === 'production',
        auto_merge: typeof body['auto_merge'] === 'boolean' ? body['auto_merge'] : undefined,
        required_contexts: Array.isArray(body['required_contexts'])
          ? (body['required_contexts'] as string[])
          : undefined,
        payload: body['payload'] ?? {},
        created_at: now(),
        statuses: []
      }
      state.deployments.push(d)
      return { status: 201, json: deploymentView(d) }
    }
    if (rest === '/deployments' && method === 'GET') {
      const list = state.deployments
        .filter((d) => !query['environment'] || d.environment === query['environment'])
        .filter((d) => !query['ref'] || d.ref === query['ref'])
        .slice()
        .reverse() // newest first, as GitHub lists them
      return { status: 200, json: paged(list, query, path, res).map(deploymentView) }
    }
    if ((m = /^\/deployments\/(\d+)\/statuses$/.exec(rest))) {
      const d = state.deployments.find((x) => x.id === Number(m![1]))
      if (!d) throw new HttpError(404, 'Not Found')
      if (method === 'GET') {
        return { status: 200, json: paged(d.statuses.slice().reverse(), query, path, res) }
      }
      if (method === 'POST') {
        const s = String(body['state'] ?? '')
        if (!DEPLOYMENT_STATES.has(s)) {
          throw new HttpError(422, 'Validation Failed', {
            errors: [
              {
                resource: 'DeploymentStatus',
                code: 'custom',
                field: 'state',
                message: `state is not included in the list`
              }
            ]
          })
        }
        const status: FakeDeploymentStatus = {
          id: nextId++,
          state: s,
          description: typeof body['description'] === 'string' ? body['description'] : '',
          environment:
            typeof body['environment'] === 'string' ? body['environment'] : d.environment,
          environment_url:
            typeof body['environment_url'] === 'string' ? body['environment_url'] : '',
          log_url: typeof body['log_url'] === 'string' ? body['log_url'] : '',
          created_at: now()
        }
        if (status.description.length > 140) {
          throw new HttpError(422, 'Validation Failed', {
            errors: [
              {
                resource: 'DeploymentStatus',
                code: 'custom',
                field: 'description',
                message: 'description is too long (maximum is 140 characters)'
              }
            ]
          })
        }
        d.statuses.push(status)
        // `auto_inactive` (default true): a success marks earlier successful deployments of
        // the same environment inactive, for non-transient, non-production ones.
        if (s === 'success' && body['auto_inactive'] !== false) {
          for (const other of state.deployments) {
            if (
              other !== d &&
              other.environment === d.environment &&
              !other.transient_environment &&
              !other.production_environment
            ) {
              const last = other.statuses.at(-1)
              if (last && last.state === 'success') {
                other.statuses.push({ ...last, id: nextId++, state: 'inactive', created_at: now() })
              }
            }
          }
        }
        return {
          status: 201,
          json: { ...status, deployment_url: `${baseUrl}/repos/${repository}/deployments/${d.id}` }
        }
      }
    }
    if ((m = /^\/issues\/(\d+)\/comments$/.exec(rest))) {
      const issue = Number(m[1])
      if (method === 'GET') {
        const list = state.comments.filter((c) => c.issue_number === issue)
        return { status: 200, json: paged(list, query, path, res).map(commentView) }
      }
      if (method === 'POST') {
        if (typeof body['body'] !== 'string')
          throw new HttpError(422, 'Invalid request.\n\n"body" wasn\'t supplied.')
        const c = fakeComment(issue, body['body'], login)
        state.comments.push(c)
        return { status: 201, json: commentView(c) }
      }
    }
    if ((m = /^\/issues\/comments\/(\d+)$/.exec(rest))) {
      const c = state.comments.find((x) => x.id === Number(m![1]))
      if (!c) throw new HttpError(404, 'Not Found')
      if (method === 'GET') return { status: 200, json: commentView(c) }
      if (method === 'PATCH') {
        if (typeof body['body'] !== 'string')
          throw new HttpError(422, 'Invalid request.\n\n"body" wasn\'t supplied.')
        c.body = body['body']
        c.updated_at = now()
        return { status: 200, json: commentView(c) }
      }
    }
    if ((m = /^\/pulls\/(\d+)$/.exec(rest)) && method === 'GET') {
      const pr = state.pulls.get(Number(m[1]))
      if (!pr) throw new HttpError(404, 'Not Found')
      return {
        status: 200,
        json: {
          number: pr.number,
          state: pr.state,
          merged: pr.merged,
          title: `Pull request ${pr.number}`,
          html_url: `https://github.com/${repository}/pull/${pr.number}`
        }
      }
    }
    throw new HttpError(404, 'Not Found')
  }

  function fakeComment(issue: number, body: string, user: string): FakeComment {
    const at = now()
    return {
      id: nextId++,
      issue_number: issue,
      body,
      user: { login: user, type: user.endsWith('[bot]') ? 'Bot' : 'User' },
      created_at: at,
      updated_at: at
    }
  }

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const url = new URL(req.url ?? '/', baseUrl)
      const query = Object.fromEntries(url.searchParams)
      const raw = Buffer.concat(chunks).toString('utf8')
      const method = req.method ?? 'GET'
      const token = /^(?:token|bearer)\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1]
      let status: number
      let json: unknown
      let parsed: Record<string, unknown> = {}
      try {
        if (raw) {
          try {
            parsed = JSON.parse(raw) as Record<string, unknown>
          } catch {
            throw new HttpError(400, 'Problems parsing JSON')
          }
        }
        ;({ status, json } = route(method, url.pathname, query, parsed, req, res))
      } catch (error) {
        const e = error instanceof HttpError ? error : new HttpError(500, String(error))
        status = e.status
        json = {
          message: e.message,
          documentation_url: 'https://docs.github.com/rest',
          status: String(e.status),
          ...e.extra
        }
      }
      state.requests.push({
        method,
        path: url.pathname,
        query,
        ...(token ? { token } : {}),
        ...(raw ? { body: parsed } : {}),
        status
      })
      res.setHeader('content-type', 'application/json; charset=utf-8')
      res.setHeader('x-github-request-id', `FAKE:${state.requests.length}`)
      res.statusCode = status
      res.end(JSON.stringify(json))
    })
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve())
  })
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`

  return {
    url: baseUrl,
    state,
    setPullRequest(number, prState, merged = false) {
      state.pulls.set(number, { number, state: prState, merged: prState === 'closed' && merged })
    },
    addComment(issueNumber, body, user = 'reviewer') {
      const c = fakeComment(issueNumber, body, user)
      state.comments.push(c)
      return c
    },
    statesOf(environment) {
      return state.deployments
        .filter((d) => d.environment === environment)
        .map((d) => d.statuses.at(-1)?.state ?? 'none')
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      })
  }
}
