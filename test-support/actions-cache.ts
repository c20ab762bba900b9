/**
 * A local fake of the GitHub Actions cache service, the one BuildKit's
 * `type=gha` cache talks to from the builder (the legacy v1 REST API under
 * `ACTIONS_CACHE_URL`, which the buildx and BuildKit in this environment
 * speak), on 127.0.0.1:
 *   GET   _apis/artifactcache/cache?keys=a,b&version=v   find: each key exact,
 *         then as a prefix (newest first); 204 when nothing matches
 *   POST  _apis/artifactcache/caches {key, version}       reserve → {cacheId};
 *         409 "Cache already exists" for a key already reserved or saved
 *   PATCH _apis/artifactcache/caches/<id>                 a chunk (Content-Range)
 *   POST  _apis/artifactcache/caches/<id> {size}          commit; the size must match
 *   GET   <archiveLocation>                               the bytes, with Range
 * Requests to the API need `Authorization: Bearer <token>`; the token is a
 * JWT with the claims the clients read (`ac` scopes, `nbf`, `exp`), unsigned
 * in substance (the fake checks it by equality, as the service checks a
 * signature). Archive downloads need no token, like the real pre-signed URLs.
 */
import http from 'node:http'
import type { AddressInfo } from 'node:net'

export interface CacheEntry {
  readonly id: number
  readonly key: string
  readonly version: string
  /** Set when committed; undefined while reserved. */
  size?: number
  readonly chunks: Array<{ start: number; data: Buffer }>
  data?: Buffer
}

export interface ActionsCacheCall {
  readonly method: string
  /** Path and query, without the host. */
  readonly path: string
  readonly status: number
}

export interface ActionsCacheFake {
  /** ACTIONS_CACHE_URL (ends with `/`, as the runner's does). */
  readonly url: string
  /** ACTIONS_RUNTIME_TOKEN. */
  readonly token: string
  /** Committed entries, oldest first. */
  entries(): Array<{ key: string; version: string; size: number }>
  calls(): ActionsCacheCall[]
  close(): Promise<void>
}

const b64url = (s: string): string => Buffer.from(s).toString('base64url')

/** A token shaped like the runner's: a JWT whose `ac` claim lists the cache scopes. */
function runtimeToken(): string {
  const now = Math.floor(Date.now() / 1000)
  const claims = {
    ac: JSON.stringify([{ Scope: 'refs/heads/main', Permission: 3 }]),
    nbf: now - 60,
    exp: now + 6 * 3600,
    iss: 'actions-cache-fake'
  }
  const signature = b64url(`fake-${Math.random().toString(36).slice(2)}`)
  return `${b64url(JSON.stringify({ typ: 'JWT', alg: 'RS256' }))}.${b64url(JSON.stringify(claims))}.${signature}`
}

export async function startActionsCache(): Promise<ActionsCacheFake> {
  const token = runtimeToken()
  const entries: CacheEntry[] = []
  const calls: ActionsCacheCall[] = []
  let nextId = 1
  let base = ''

  const json = (res: http.ServerResponse, status: number, body?: unknown): void => {
    const text = body === undefined ? '' : JSON.stringify(body)
    res.writeHead(status, {
      ...(text ? { 'Content-Type': 'application/json; charset=utf-8' } : {}),
      'Content-Length': Buffer.byteLength(text)
    })
    res.end(text)
  }
  const apiError = (
    res: http.ServerResponse,
    status: number,
    typeKey: string,
    message: string
  ): void =>
    json(res, status, {
      $id: '1',
      innerException: null,
      message,
      typeName: `Microsoft.Azure.DevOps.ArtifactCache.WebApi.${typeKey}, Microsoft.Azure.DevOps.ArtifactCache.WebApi`,
      typeKey,
      errorCode: 0,
      eventId: 3000
    })

  const find = (keys: string[], version: string): CacheEntry | undefined => {
    const saved = entries.filter((e) => e.size !== undefined && e.version === version).reverse()
    for (const key of keys) {
      const hit = saved.find((e) => e.key === key) ?? saved.find((e) => e.key.startsWith(key))
      if (hit) return hit
    }
    return undefined
  }

  const handle = (req: http.IncomingMessage, res: http.ServerResponse, body: Buffer): void => {
    const url = new URL(req.url ?? '/', 'http://fake')
    const method = req.method ?? 'GET'
    const download = /^\/download\/(\d+)$/.exec(url.pathname)
    if (download && method === 'GET') {
      const entry = entries.find((e) => e.id === Number(download[1]) && e.data)
      if (!entry?.data) return json(res, 404)
      const range = /^bytes=(\d+)-$/.exec(req.headers.range ?? '')
      const start = range ? Number(range[1]) : 0
      if (start > entry.data.length) {
        res.writeHead(416)
        return void res.end()
      }
      const part = entry.data.subarray(start)
      res.writeHead(range ? 206 : 200, {
        'Content-Type': 'application/octet-stream',
        'Content-Length': part.length,
        ...(range
          ? { 'Content-Range': `bytes ${start}-${entry.data.length - 1}/${entry.data.length}` }
          : {})
      })
      return void res.end(part)
    }
    if (req.headers.authorization !== `Bearer ${token}`) {
      return apiError(res, 401, 'UnauthorizedException', 'Bad credentials')
    }
    const api = '/_apis/artifactcache/'
    if (!url.pathname.startsWith(api)) return json(res, 404)
    const rest = url.pathname.slice(api.length)
    if (rest === 'cache' && method === 'GET') {
      const keys = (url.searchParams.get('keys') ?? '').split(',').filter(Boolean)
      const hit = find(keys, url.searchParams.get('version') ?? '')
      if (!hit) return json(res, 204)
      return json(res, 200, {
        cacheKey: hit.key,
        scope: 'refs/heads/main',
        creationTime: new Date().toISOString(),
        archiveLocation: `${base}download/${hit.id}`
      })
    }
    if (rest === 'caches' && method === 'POST') {
      const { key, version } = JSON.parse(body.toString('utf8') || '{}') as {
        key?: string
        version?: string
      }
      if (!key || !version) return apiError(res, 400, 'ArgumentException', 'key and version')
      if (entries.some((e) => e.key === key && e.version === version)) {
        return apiError(
          res,
          409,
          'ArtifactCacheEntryAlreadyExistsException',
          `Cache already exists. Scope: refs/heads/main, Key: ${key}, Version: ${version}`
        )
      }
      const id = nextId++
      entries.push({ id, key, version, chunks: [] })
      return json(res, 201, { cacheId: id })
    }
    const byId = /^caches\/(\d+)$/.exec(rest)
    const entry = byId ? entries.find((e) => e.id === Number(byId[1])) : undefined
    if (byId && !entry) return apiError(res, 404, 'CacheNotFoundException', 'Cache not found')
    if (entry && method === 'PATCH') {
      const range = /^bytes (\d+)-(\d+)\/\*$/.exec(req.headers['content-range'] ?? '')
      if (!range || Number(range[2]) - Number(range[1]) + 1 !== body.length) {
        return apiError(res, 400, 'ArgumentException', 'Content-Range does not match the body')
      }
      entry.chunks.push({ start: Number(range[1]), data: body })
      return json(res, 204)
    }
    if (entry && method === 'POST') {
      const { size } = JSON.parse(body.toString('utf8') || '{}') as { size?: number }
      const data = Buffer.alloc(size ?? 0)
      let covered = 0
      for (const c of entry.chunks) {
        c.data.copy(data, c.start)
        covered += c.data.length
      }
      if (size === undefined || covered !== size) {
        return apiError(res, 400, 'ArgumentException', `uploaded ${covered} bytes, size ${size}`)
      }
      entry.data = data
      entry.size = size
      return json(res, 204)
    }
    return json(res, 404)
  }

  const server = http.createServer((req, res) => {
    const parts: Buffer[] = []
    req.on('data', (c: Buffer) => parts.push(c))
    req.on('end', () => {
      res.on('finish', () =>
        calls.push({ method: req.method ?? '', path: req.url ?? '', status: res.statusCode })
      )
      try {
        handle(req, res, Buffer.concat(parts))
      } catch (error) {
        json(res, 500, { message: String(error) })
      }
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`
  return {
    url: base,
    token,
    entries: () =>
      entries.flatMap((e) =>
        e.size === undefined ? [] : [{ key: e.key, version: e.version, size: e.size }]
      ),
    calls: () => [...calls],
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      })
  }
}
