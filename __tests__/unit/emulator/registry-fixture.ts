import { execFile, spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { existsSync } from 'node:fs'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'

/**
 * A private `docker-registry` (the distribution server) for one test file:
 * htpasswd auth with user `AWS` and a random password, deletes enabled,
 * storage in a temp directory, on a free 127.0.0.1 port.
 */
export interface TestRegistry {
  url: string
  host: string
  username: string
  password: string
  /** Fetch against the registry with its basic auth. */
  fetch(path: string, init?: RequestInit): Promise<Response>
  stop(): Promise<void>
}

const run = promisify(execFile)

export const REGISTRY_BIN = ['/usr/bin/docker-registry', '/usr/local/bin/docker-registry'].find(
  (p) => existsSync(p)
)
const HAVE_HTPASSWD = ['/usr/bin/htpasswd', '/usr/local/bin/htpasswd'].some((p) => existsSync(p))

/** Undefined when a registry can be started; otherwise why not. */
export const registryMissing: string | undefined =
  REGISTRY_BIN && HAVE_HTPASSWD
    ? undefined
    : 'a real registry is needed: install the Debian packages docker-registry and apache2-utils (script/test-env.sh does)'

export async function startTestRegistry(): Promise<TestRegistry> {
  if (!REGISTRY_BIN) throw new Error(registryMissing)
  const work = await mkdtemp(join(tmpdir(), 'test-registry-'))
  const password = randomBytes(18).toString('base64url')
  const port = await freePort()
  const host = `127.0.0.1:${port}`
  const url = `http://${host}`
  await run('htpasswd', ['-Bbc', join(work, 'htpasswd'), 'AWS', password])
  await writeFile(
    join(work, 'registry.yml'),
    [
      'version: 0.1',
      'log:',
      '  level: error',
      '  accesslog:',
      '    disabled: true',
      'storage:',
      '  filesystem:',
      `    rootdirectory: ${join(work, 'data')}`,
      '  delete:',
      '    enabled: true',
      'http:',
      `  addr: ${host}`,
      'auth:',
      '  htpasswd:',
      '    realm: test-registry',
      `    path: ${join(work, 'htpasswd')}`,
      ''
    ].join('\n')
  )
  const child: ChildProcess = spawn(REGISTRY_BIN, ['serve', join(work, 'registry.yml')], {
    stdio: 'ignore'
  })
  let up = false
  for (let i = 0; i < 150 && !up; i++) {
    const status = await fetch(`${url}/v2/`).then(
      (r) => r.status,
      () => 0
    )
    up = status === 401
    if (!up) await new Promise((r) => setTimeout(r, 100))
  }
  if (!up) {
    child.kill('SIGTERM')
    throw new Error(`docker-registry did not come up on ${host}`)
  }
  const auth = `Basic ${Buffer.from(`AWS:${password}`).toString('base64')}`
  return {
    url,
    host,
    username: 'AWS',
    password,
    fetch: (path, init = {}) =>
      fetch(path.startsWith('http') ? path : `${url}${path}`, {
        ...init,
        headers: { ...(init.headers as Record<string, string> | undefined), authorization: auth }
      }),
    async stop() {
      const exited = new Promise((resolve) => child.once('exit', resolve))
      child.kill('SIGTERM')
      let timer: NodeJS.Timeout | undefined
      await Promise.race([exited, new Promise((r) => (timer = setTimeout(r, 3000)))])
      clearTimeout(timer)
      await rm(work, { recursive: true, force: true })
    }
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      const port = typeof address === 'object' && address ? address.port : 0
      server.close(() => resolve(port))
    })
  })
}
