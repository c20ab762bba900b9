import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { fetchBlob } from '../../../src/image/registry-read.js'

/** A registry that redirects blobs to a second server, as ECR redirects to S3. */
let registry: Server
let storage: Server
let registryUrl = ''
const seen: Array<{ server: string; headers: IncomingHttpHeaders }> = []

function listen(server: Server): Promise<string> {
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)
    })
  )
}

beforeAll(async () => {
  storage = createServer((req, res) => {
    seen.push({ server: 'storage', headers: req.headers })
    res.end('{"config":{}}')
  })
  const storageUrl = await listen(storage)
  registry = createServer((req, res) => {
    seen.push({ server: 'registry', headers: req.headers })
    if (req.headers.authorization !== `Basic ${Buffer.from('AWS:pw').toString('base64')}`) {
      res.statusCode = 401
      res.end()
      return
    }
    res.statusCode = 307
    res.setHeader('location', `${storageUrl}/bucket/blob?X-Amz-Signature=abc`)
    res.end()
  })
  registryUrl = await listen(registry)
})

afterAll(async () => {
  await new Promise((r) => registry.close(r))
  await new Promise((r) => storage.close(r))
})

describe('fetchBlob', () => {
  it('follows the redirect to storage without the registry password', async () => {
    const blob = await fetchBlob(
      { endpoint: registryUrl, username: 'AWS', password: 'pw' },
      'web',
      `sha256:${'a'.repeat(64)}`
    )
    expect(Buffer.isBuffer(blob) && blob.toString()).toBe('{"config":{}}')
    expect(seen.map((s) => s.server)).toEqual(['registry', 'storage'])
    expect(seen[1]?.headers.authorization).toBeUndefined()
  })

  it('says what the registry answered when it refuses', async () => {
    const blob = await fetchBlob(
      { endpoint: registryUrl, username: 'AWS', password: 'wrong' },
      'web',
      `sha256:${'a'.repeat(64)}`
    )
    expect(blob).toBe('the registry answered HTTP 401 for the config blob')
  })
})
