/**
 * Issue 12: no AWS call can hang the job. A local server accepts the TCP
 * connection, reads the request and never answers: the call fails with its
 * request timeout, is retried by the SDK, and the final error names the call.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { createServer, type Server, type Socket } from 'node:net'
import type { AddressInfo } from 'node:net'
import { DescribeServicesCommand } from '@aws-sdk/client-ecs'
import { DescribeTagsCommand } from '@aws-sdk/client-elastic-load-balancing-v2'
import { createAwsClients } from '../../../src/aws/clients.js'
import { listRules } from '../../../src/preview/lb.js'
import {
  callName,
  DEFAULT_CONNECTION_TIMEOUT_MS,
  DEFAULT_REQUEST_TIMEOUT_MS,
  httpTimeouts,
  requestHandlerOptions
} from '../../../src/aws/http.js'

describe('timeouts (pure)', () => {
  it('defaults, and seconds from the environment', () => {
    expect(httpTimeouts({})).toEqual({
      connectionTimeoutMs: DEFAULT_CONNECTION_TIMEOUT_MS,
      requestTimeoutMs: DEFAULT_REQUEST_TIMEOUT_MS
    })
    expect(
      httpTimeouts({ ECS_SHIP_AWS_CONNECT_TIMEOUT: '2', ECS_SHIP_AWS_REQUEST_TIMEOUT: '0.5' })
    ).toEqual({ connectionTimeoutMs: 2000, requestTimeoutMs: 500 })
    // Nonsense falls back to the defaults rather than to "no timeout".
    expect(
      httpTimeouts({ ECS_SHIP_AWS_CONNECT_TIMEOUT: '0', ECS_SHIP_AWS_REQUEST_TIMEOUT: 'soon' })
    ).toEqual({
      connectionTimeoutMs: DEFAULT_CONNECTION_TIMEOUT_MS,
      requestTimeoutMs: DEFAULT_REQUEST_TIMEOUT_MS
    })
  })

  it('sets a connection timeout, a throwing request timeout and a socket timeout', () => {
    expect(requestHandlerOptions({ connectionTimeoutMs: 1000, requestTimeoutMs: 9000 })).toEqual({
      connectionTimeout: 1000,
      requestTimeout: 9000,
      socketTimeout: 9000,
      throwOnRequestTimeout: true
    })
  })

  it('names calls by service and operation', () => {
    expect(callName('ECSClient', 'DescribeServicesCommand')).toBe('ECS DescribeServices')
    expect(callName('ElasticLoadBalancingV2Client', 'DescribeTagsCommand')).toBe(
      'ElasticLoadBalancingV2 DescribeTags'
    )
  })
})

describe('a server that accepts the connection and never answers', () => {
  let server: Server
  const sockets: Socket[] = []
  let requests = 0
  const saved: Record<string, string | undefined> = {}
  const env: Record<string, string> = {
    AWS_ACCESS_KEY_ID: 'AKIAEXAMPLE',
    AWS_SECRET_ACCESS_KEY: 'secret',
    AWS_MAX_ATTEMPTS: '2',
    ECS_SHIP_AWS_REQUEST_TIMEOUT: '0.4',
    ECS_SHIP_AWS_CONNECT_TIMEOUT: '1'
  }

  beforeAll(async () => {
    server = createServer((socket) => {
      sockets.push(socket)
      // Read the request, never write a byte back.
      socket.on('data', (chunk) => {
        if (chunk.toString('latin1').includes('HTTP/1.1')) requests++
      })
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    env['AWS_ENDPOINT_URL_ECS'] = url
    env['AWS_ENDPOINT_URL_ELASTIC_LOAD_BALANCING_V2'] = url
    for (const [k, v] of Object.entries(env)) {
      saved[k] = process.env[k]
      process.env[k] = v
    }
  })

  afterAll(async () => {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k]
      else process.env[k] = v
    }
    for (const s of sockets) s.destroy()
    await new Promise<void>((resolve) => server.close(() => resolve()))
  })

  it('ECS: fails after the retries, and the error names DescribeServices', async () => {
    requests = 0
    const clients = createAwsClients('us-east-1')
    const error = await clients.ecs
      .send(new DescribeServicesCommand({ cluster: 'c', services: ['web'] }))
      .then(
        () => undefined,
        (e: unknown) => e as Error & { $metadata?: { attempts?: number } }
      )
    expect(error?.name).toBe('TimeoutError')
    expect(error?.message).toMatch(
      /^ECS DescribeServices got no answer \(connection 1 s, request 0\.4 s timeout, 2 attempts\)/
    )
    // Retried by the SDK: both attempts reached the server.
    expect(requests).toBe(2)
  }, 20_000)

  it('ELBv2 (which has no socket timeout by default) times out too', async () => {
    requests = 0
    const clients = createAwsClients('us-east-1')
    const error = await clients.elb
      .send(new DescribeTagsCommand({ ResourceArns: ['arn:aws:x'] }))
      .then(
        () => undefined,
        (e: unknown) => e as Error
      )
    expect(error?.message).toMatch(/^ElasticLoadBalancingV2 DescribeTags got no answer/)
    expect(requests).toBe(2)
  }, 20_000)

  it('a paginated listing (SDK paginator through the stand-in) is timed out and named too', async () => {
    requests = 0
    const clients = createAwsClients('us-east-1')
    const error = await listRules(clients.elb, 'arn:aws:listener').then(
      () => undefined,
      (e: unknown) => e as Error
    )
    expect(error?.message).toMatch(/^ElasticLoadBalancingV2 DescribeRules got no answer/)
    expect(requests).toBe(2)
  }, 20_000)
})
