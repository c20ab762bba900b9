import { afterEach, describe, expect, it } from '@jest/globals'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import {
  CloudWatchLogsClient,
  DescribeLogStreamsCommand,
  FilterLogEventsCommand,
  GetLogEventsCommand
} from '@aws-sdk/client-cloudwatch-logs'
import {
  DescribeServicesCommand,
  DescribeTasksCommand,
  ECSClient,
  ListClustersCommand,
  ListTasksCommand,
  RegisterTaskDefinitionCommand,
  UpdateServiceCommand
} from '@aws-sdk/client-ecs'
import {
  AwsError,
  type JsonService,
  type QueryService
} from '../../../test-support/emulator/protocol.js'
import { startEmulator, type Emulator } from '../../../test-support/emulator/server.js'

const credentials = { accessKeyId: 'test', secretAccessKey: 'test' }

const taskDef = (image: string) => ({
  family: 'web',
  networkMode: 'awsvpc' as const,
  requiresCompatibilities: ['FARGATE' as const],
  cpu: '256',
  memory: '512',
  executionRoleArn: 'arn:aws:iam::123456789012:role/exec',
  containerDefinitions: [
    {
      name: 'web',
      image,
      logConfiguration: {
        logDriver: 'awslogs' as const,
        options: {
          'awslogs-group': '/ecs/web',
          'awslogs-region': 'us-east-1',
          'awslogs-stream-prefix': 'app'
        }
      }
    },
    { name: 'sidecar', image: 'busybox', essential: false }
  ]
})

const opened: Array<{ close(): Promise<void> }> = []
afterEach(async () => {
  for (const o of opened.splice(0)) await o.close()
})

async function start(options: Parameters<typeof startEmulator>[0] = {}): Promise<Emulator> {
  const emu = await startEmulator(options)
  opened.push(emu)
  return emu
}

function ecsClient(emu: Emulator, extra: Record<string, unknown> = {}): ECSClient {
  return new ECSClient({ region: 'us-east-1', endpoint: emu.url, credentials, ...extra })
}

function rawPost(
  url: string,
  headers: Record<string, string>,
  body: string
): Promise<{ status: number; headers: Headers; text: string }> {
  return fetch(url, { method: 'POST', headers, body }).then(async (r) => ({
    status: r.status,
    headers: r.headers,
    text: await r.text()
  }))
}

const signed = (service: string, region = 'us-east-1'): string =>
  `AWS4-HMAC-SHA256 Credential=test/20260101/${region}/${service}/aws4_request, SignedHeaders=host;x-amz-date, Signature=0123abcd`

describe('HTTP front', () => {
  it('answers with the JSON 1.1 headers the SDK expects', async () => {
    const emu = await start()
    const res = await rawPost(
      emu.url,
      {
        'Content-Type': 'application/x-amz-json-1.1',
        'X-Amz-Target': 'AmazonEC2ContainerServiceV20141113.ListClusters',
        Authorization: signed('ecs')
      },
      '{}'
    )
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/x-amz-json-1.1')
    expect(res.headers.get('x-amzn-requestid')).toMatch(/^[0-9a-f-]{36}$/)
    expect(Date.parse(res.headers.get('date') ?? '')).not.toBeNaN()
    expect(JSON.parse(res.text)).toEqual({
      clusterArns: ['arn:aws:ecs:us-east-1:123456789012:cluster/default']
    })
  })

  it('rejects requests without SigV4, or scoped to another service or region', async () => {
    const emu = await start()
    const headers = {
      'Content-Type': 'application/x-amz-json-1.1',
      'X-Amz-Target': 'AmazonEC2ContainerServiceV20141113.ListClusters'
    }
    const none = await rawPost(emu.url, headers, '{}')
    expect(none.status).toBe(403)
    expect(JSON.parse(none.text).__type).toBe('MissingAuthenticationTokenException')

    const wrongService = await rawPost(emu.url, { ...headers, Authorization: signed('ecr') }, '{}')
    expect(wrongService.status).toBe(403)
    expect(wrongService.headers.get('x-amzn-errortype')).toBe('InvalidSignatureException')
    expect(JSON.parse(wrongService.text).message).toBe(
      "Credential should be scoped to correct service: 'ecs'. "
    )

    const wrongRegion = ecsClient(emu, { region: 'eu-west-1' })
    await expect(wrongRegion.send(new ListClustersCommand({}))).rejects.toMatchObject({
      name: 'InvalidSignatureException',
      $metadata: { httpStatusCode: 403 }
    })
  })

  it('answers an unknown operation and a malformed body', async () => {
    const emu = await start()
    const unknown = await rawPost(
      emu.url,
      {
        'X-Amz-Target': 'AmazonEC2ContainerServiceV20141113.LaunchRocket',
        Authorization: signed('ecs')
      },
      '{}'
    )
    expect(unknown.status).toBe(400)
    expect(JSON.parse(unknown.text).__type).toBe('UnknownOperationException')
    const malformed = await rawPost(
      emu.url,
      {
        'X-Amz-Target': 'AmazonEC2ContainerServiceV20141113.ListClusters',
        Authorization: signed('ecs')
      },
      '{"cluster":'
    )
    expect(JSON.parse(malformed.text).__type).toBe('SerializationException')
  })

  it('injects throttling that the SDK retries, and records every call', async () => {
    const emu = await start()
    const ecs = ecsClient(emu)
    emu.injectFault({
      service: 'ecs',
      operation: 'ListClusters',
      code: 'ThrottlingException',
      count: 2
    })
    const out = await ecs.send(new ListClustersCommand({}))
    expect(out.clusterArns).toHaveLength(1)
    expect(out.$metadata.attempts).toBe(3)
    const calls = emu.calls({ operation: 'ListClusters' })
    expect(calls.map((c) => c.error)).toEqual([
      'ThrottlingException',
      'ThrottlingException',
      undefined
    ])
    expect(calls.every((c) => c.service === 'ecs' && typeof c.at === 'number')).toBe(true)
  })

  it('injects errors the SDK does not retry, with their status', async () => {
    const emu = await start()
    const ecs = ecsClient(emu)
    emu.injectFault({ operation: 'ListClusters', code: 'AccessDeniedException' })
    await expect(ecs.send(new ListClustersCommand({}))).rejects.toMatchObject({
      name: 'AccessDeniedException',
      message: expect.stringContaining('is not authorized to perform: ecs:ListClusters'),
      $metadata: { httpStatusCode: 400, attempts: 1 }
    })
    emu.injectFault({ operation: 'ListClusters', code: 'ServerException', count: 5 })
    await expect(ecs.send(new ListClustersCommand({}))).rejects.toMatchObject({
      name: 'ServerException',
      $metadata: { httpStatusCode: 500, attempts: 3 }
    })
  })

  it('hangs a call on request: the connection is accepted and never answered', async () => {
    const emu = await start()
    const ecs = ecsClient(emu, {
      maxAttempts: 1,
      requestHandler: { requestTimeout: 300, throwOnRequestTimeout: true }
    })
    emu.injectFault({ operation: 'ListClusters', code: 'ServerException', hang: true })
    await expect(ecs.send(new ListClustersCommand({}))).rejects.toMatchObject({
      name: 'TimeoutError'
    })
    expect(emu.calls({ operation: 'ListClusters' }).map((c) => c.error)).toEqual(['hang'])
    // Only that call: the next one is answered.
    await expect(ecs.send(new ListClustersCommand({}))).resolves.toMatchObject({
      clusterArns: [expect.any(String)]
    })
  })

  it('loses a response on request: the change is made, the caller sees the error', async () => {
    const emu = await start()
    const ecs = ecsClient(emu, { maxAttempts: 1 })
    emu.injectFault({
      operation: 'RegisterTaskDefinition',
      code: 'ServerException',
      afterApply: true
    })
    await expect(
      ecs.send(new RegisterTaskDefinitionCommand(taskDef('nginx')))
    ).rejects.toMatchObject({ name: 'ServerException' })
    expect(emu.state().ecs.taskDefinitions.map((td) => td['revision'])).toEqual([1])
  })

  it('routes the query protocol by Version and writes XML responses and errors', async () => {
    const fake: QueryService = {
      version: '2015-12-01',
      signingName: 'elasticloadbalancing',
      xmlns: 'http://example.test/doc/',
      handle(action) {
        if (action === 'Ping') return '<Pong>yes</Pong>'
        throw new AwsError('InvalidAction', `No ${action} <here>`)
      }
    }
    const emu = await start({ queryServices: [fake] })
    const form = (action: string): string =>
      new URLSearchParams({ Action: action, Version: '2015-12-01' }).toString()
    const headers = {
      'Content-Type': 'application/x-www-form-urlencoded',
      Authorization: signed('elasticloadbalancing')
    }
    const ok = await rawPost(emu.url, headers, form('Ping'))
    expect(ok.status).toBe(200)
    expect(ok.text).toMatch(
      /^<PingResponse xmlns="http:\/\/example.test\/doc\/"><PingResult><Pong>yes<\/Pong><\/PingResult><ResponseMetadata><RequestId>[0-9a-f-]{36}<\/RequestId><\/ResponseMetadata><\/PingResponse>$/
    )
    const bad = await rawPost(emu.url, headers, form('Nope'))
    expect(bad.status).toBe(400)
    expect(bad.text).toContain('<Code>InvalidAction</Code><Message>No Nope &lt;here&gt;</Message>')
    expect(emu.calls({ service: 'elasticloadbalancing' }).map((c) => c.operation)).toEqual([
      'Ping',
      'Nope'
    ])
  })

  it('takes services added after start', async () => {
    const emu = await start()
    emu.addJsonService((ctx) => ({
      targetPrefix: 'Echo_1',
      signingName: 'echo',
      handle: (op, input) => ({ op, input, region: ctx.region })
    }))
    const res = await rawPost(
      emu.url,
      { 'X-Amz-Target': 'Echo_1.Say', Authorization: signed('echo') },
      '{"a":1}'
    )
    expect(JSON.parse(res.text)).toEqual({ op: 'Say', input: { a: 1 }, region: 'us-east-1' })
  })

  it('routes a request signed for another region to that region’s service, and records the region', async () => {
    const echo = (ctx: { region: string }): JsonService => ({
      targetPrefix: 'Echo_1',
      signingName: 'echo',
      handle: (op) => ({ op, region: ctx.region })
    })
    const emu = await start({ jsonServices: [echo], regionalJsonServices: { 'us-west-2': [echo] } })
    const say = async (region: string): Promise<{ status: number; body: unknown }> => {
      const res = await rawPost(
        emu.url,
        { 'X-Amz-Target': 'Echo_1.Say', Authorization: signed('echo', region) },
        '{}'
      )
      return { status: res.status, body: JSON.parse(res.text) }
    }
    expect(await say('us-west-2')).toEqual({
      status: 200,
      body: { op: 'Say', region: 'us-west-2' }
    })
    expect(await say('us-east-1')).toEqual({
      status: 200,
      body: { op: 'Say', region: 'us-east-1' }
    })
    // A region with no service of its own is still refused, as before.
    expect((await say('eu-west-1')).status).toBe(403)
    expect(emu.calls({ service: 'echo' }).map((c) => [c.region, c.error])).toEqual([
      ['us-west-2', undefined],
      [undefined, undefined],
      [undefined, 'InvalidSignatureException']
    ])
    // ECS has no us-west-2 service: a request signed for it is refused.
    await expect(
      ecsClient(emu, { region: 'us-west-2' }).send(new ListClustersCommand({}))
    ).rejects.toMatchObject({ name: 'InvalidSignatureException' })
  })
})

describe('control API over HTTP', () => {
  it('seeds, sets a scenario, advances, injects faults and reads state and calls', async () => {
    const emu = await start()
    const post = (path: string, body: unknown) =>
      fetch(`${emu.url}/_emulator/${path}`, { method: 'POST', body: JSON.stringify(body) }).then(
        async (r) => ({ status: r.status, body: (await r.json()) as Record<string, unknown> })
      )
    const seeded = await post('seed-service', {
      cluster: 'prod',
      serviceName: 'web',
      taskDefinition: taskDef('nginx:1'),
      desiredCount: 1,
      circuitBreaker: { enable: true, rollback: true }
    })
    expect(seeded.status).toBe(200)
    expect(seeded.body['deploymentId']).toMatch(/^ecs-svc\/\d{19}$/)
    expect(
      (await post('scenario', { cluster: 'prod', service: 'web', scenario: 'crash' })).status
    ).toBe(200)
    expect(
      (await post('scenario', { cluster: 'prod', service: 'web', scenario: 'boom' })).status
    ).toBe(400)

    const ecs = ecsClient(emu)
    await ecs.send(new RegisterTaskDefinitionCommand(taskDef('nginx:2')))
    await ecs.send(
      new UpdateServiceCommand({ cluster: 'prod', service: 'web', taskDefinition: 'web' })
    )
    expect((await post('advance', { steps: 12 })).body['step']).toBe(12)
    const early = (await (await fetch(`${emu.url}/_emulator/milestones`)).json()) as {
      milestones: Array<{ failedAt?: number; rolledBackAt?: number }>
    }
    expect(early.milestones[1]?.failedAt).toBeDefined()
    // The rollback takes its time (a minute by default, one emulated second per step here).
    expect(early.milestones[1]?.rolledBackAt).toBeUndefined()
    expect((await post('advance', { steps: 70 })).body['step']).toBe(82)

    const state = (await (await fetch(`${emu.url}/_emulator/state`)).json()) as {
      ecs: { services: Array<{ service: { deployments: Array<{ rolloutState: string }> } }> }
      logs: Record<string, Record<string, string[]>>
    }
    expect(state.ecs.services[0]?.service.deployments[0]?.rolloutState).toBe('COMPLETED')
    expect(Object.keys(state.logs['/ecs/web'] ?? {}).length).toBe(3)

    await post('fault', { operation: 'DescribeServices', code: 'ServerException', count: 1 })
    const noRetry = ecsClient(emu, { maxAttempts: 1 })
    await expect(
      noRetry.send(new DescribeServicesCommand({ cluster: 'prod', services: ['web'] }))
    ).rejects.toMatchObject({ name: 'ServerException' })
    const calls = (await (
      await fetch(`${emu.url}/_emulator/calls?operation=DescribeServices`)
    ).json()) as { calls: Array<{ error?: string }> }
    expect(calls.calls.map((c) => c.error)).toEqual(['ServerException'])

    const milestones = (await (await fetch(`${emu.url}/_emulator/milestones`)).json()) as {
      milestones: Array<{ failedAt?: number; rolledBackAt?: number }>
    }
    expect(milestones.milestones[1]?.failedAt).toBeDefined()
    expect(milestones.milestones[1]?.rolledBackAt).toBeDefined()

    expect((await post('reset', {})).status).toBe(200)
    expect(emu.state().ecs.services).toEqual([])
    expect(emu.calls()).toEqual([])
  })
})

describe('crash logs through CloudWatch Logs', () => {
  it('writes the configured lines to <prefix>/<container>/<taskId> and serves them', async () => {
    const emu = await start()
    await emu.seedService({
      cluster: 'prod',
      serviceName: 'web',
      taskDefinition: taskDef('nginx:1'),
      desiredCount: 1,
      circuitBreaker: { enable: true, rollback: false }
    })
    emu.setScenario('prod', 'web', 'crash', {
      exitCode: 137,
      containerReason: 'OutOfMemoryError: Container killed due to memory usage',
      logLines: ['booting', 'allocating', 'killed']
    })
    const ecs = ecsClient(emu)
    await ecs.send(new RegisterTaskDefinitionCommand(taskDef('nginx:2')))
    const up = await ecs.send(
      new UpdateServiceCommand({ cluster: 'prod', service: 'web', taskDefinition: 'web' })
    )
    const id = up.service?.deployments?.[0]?.id ?? ''
    emu.advance(4)

    const stopped = await ecs.send(
      new ListTasksCommand({ cluster: 'prod', serviceName: 'web', desiredStatus: 'STOPPED' })
    )
    const described = await ecs.send(
      new DescribeTasksCommand({ cluster: 'prod', tasks: stopped.taskArns ?? [] })
    )
    const task = described.tasks?.find((t) => t.startedBy === id)
    expect(task).toMatchObject({
      stopCode: 'EssentialContainerExited',
      stoppedReason: 'Essential container in task exited',
      lastStatus: 'STOPPED'
    })
    const web = task?.containers?.find((c) => c.name === 'web')
    expect(web).toMatchObject({
      exitCode: 137,
      reason: 'OutOfMemoryError: Container killed due to memory usage'
    })
    const taskId = task?.taskArn?.split('/').pop() ?? ''

    const logs = new CloudWatchLogsClient({ region: 'us-east-1', endpoint: emu.url, credentials })
    const events = await logs.send(
      new GetLogEventsCommand({
        logGroupName: '/ecs/web',
        logStreamName: `app/web/${taskId}`,
        startFromHead: true
      })
    )
    expect(events.events?.map((e) => e.message)).toEqual(['booting', 'allocating', 'killed'])
    const tail = await logs.send(
      new GetLogEventsCommand({
        logGroupName: '/ecs/web',
        logStreamName: `app/web/${taskId}`,
        limit: 1
      })
    )
    expect(tail.events?.map((e) => e.message)).toEqual(['killed'])

    const streams = await logs.send(
      new DescribeLogStreamsCommand({
        logGroupName: '/ecs/web',
        orderBy: 'LastEventTime',
        descending: true
      })
    )
    expect(streams.logStreams?.every((s) => s.logStreamName?.startsWith('app/web/'))).toBe(true)
    const filtered = await logs.send(
      new FilterLogEventsCommand({
        logGroupName: '/ecs/web',
        logStreamNames: [`app/web/${taskId}`],
        filterPattern: 'alloc'
      })
    )
    expect(filtered.events?.map((e) => e.message)).toEqual(['allocating'])
    await expect(
      logs.send(new GetLogEventsCommand({ logGroupName: '/nope', logStreamName: 'x' }))
    ).rejects.toMatchObject({ name: 'ResourceNotFoundException' })
    logs.destroy()
  })
})

describe('time', () => {
  it('realtime mode completes a deployment on its own timer', async () => {
    const emu = await start({ mode: 'realtime', stepMs: 20 })
    const seeded = await emu.seedService({
      cluster: 'prod',
      serviceName: 'web',
      taskDefinition: taskDef('nginx:1'),
      desiredCount: 1
    })
    const ecs = ecsClient(emu)
    await ecs.send(new RegisterTaskDefinitionCommand(taskDef('nginx:2')))
    const up = await ecs.send(
      new UpdateServiceCommand({ cluster: 'prod', service: 'web', taskDefinition: 'web' })
    )
    const id = up.service?.deployments?.[0]?.id
    expect(id).not.toBe(seeded.deploymentId)
    const deadline = Date.now() + 5000
    let state = ''
    while (Date.now() < deadline && state !== 'COMPLETED') {
      await new Promise((r) => setTimeout(r, 25))
      const svc = await ecs.send(
        new DescribeServicesCommand({ cluster: 'prod', services: ['web'] })
      )
      state = svc.services?.[0]?.deployments?.[0]?.rolloutState ?? ''
    }
    expect(state).toBe('COMPLETED')
    const m = emu.milestones().find((x) => x.deploymentId === id)
    expect((m?.steadyAt ?? 0) - (m?.createdAt ?? 0)).toBeGreaterThanOrEqual(4 * 20 - 10)
  })

  it('realtime with stepMs 0 settles within the request that created the deployment', async () => {
    const emu = await start({ mode: 'realtime', stepMs: 0 })
    await emu.seedService({
      cluster: 'prod',
      serviceName: 'web',
      taskDefinition: taskDef('nginx:1'),
      desiredCount: 2
    })
    const ecs = ecsClient(emu)
    await ecs.send(new RegisterTaskDefinitionCommand(taskDef('nginx:2')))
    const up = await ecs.send(
      new UpdateServiceCommand({ cluster: 'prod', service: 'web', taskDefinition: 'web' })
    )
    // The response shows the synchronous state; by the next call it is done.
    expect(up.service?.deployments?.[0]?.rolloutState).toBe('IN_PROGRESS')
    const svc = await ecs.send(new DescribeServicesCommand({ cluster: 'prod', services: ['web'] }))
    expect(svc.services?.[0]?.deployments).toHaveLength(1)
    expect(svc.services?.[0]?.deployments?.[0]).toMatchObject({
      id: up.service?.deployments?.[0]?.id,
      rolloutState: 'COMPLETED',
      runningCount: 2
    })
  })
})

describe('local registry check', () => {
  it('fails tasks whose image is on the local registry but not in it', async () => {
    const seen: string[] = []
    const registry = http.createServer((req, res) => {
      seen.push(`${req.method} ${req.url} ${req.headers.authorization ?? ''}`)
      res.writeHead(req.url === '/v2/app/manifests/good' ? 200 : 404).end()
    })
    await new Promise<void>((r) => registry.listen(0, '127.0.0.1', () => r()))
    opened.push({ close: () => new Promise<void>((r) => registry.close(() => r())) })
    const port = (registry.address() as AddressInfo).port
    const host = `127.0.0.1:${port}`
    const emu = await start({
      registry: { url: `http://${host}`, username: 'AWS', password: 'secret' }
    })
    await emu.seedService({
      cluster: 'prod',
      serviceName: 'web',
      taskDefinition: taskDef(`${host}/app:good`),
      desiredCount: 1,
      circuitBreaker: { enable: true, rollback: true }
    })
    const ecs = ecsClient(emu)
    await ecs.send(new RegisterTaskDefinitionCommand(taskDef(`${host}/app:missing`)))
    const up = await ecs.send(
      new UpdateServiceCommand({ cluster: 'prod', service: 'web', taskDefinition: 'web' })
    )
    const id = up.service?.deployments?.[0]?.id ?? ''
    // One step launches, two more reach the pull.
    emu.advance(3)
    const stopped = await ecs.send(
      new ListTasksCommand({ cluster: 'prod', serviceName: 'web', desiredStatus: 'STOPPED' })
    )
    const described = await ecs.send(
      new DescribeTasksCommand({ cluster: 'prod', tasks: stopped.taskArns ?? [] })
    )
    expect(described.tasks?.[0]).toMatchObject({
      startedBy: id,
      stopCode: 'TaskFailedToStart',
      stoppedReason: `CannotPullContainerError: pull image manifest has been retried 5 time(s): failed to resolve ref ${host}/app:missing: not found`
    })
    const basic = `Basic ${Buffer.from('AWS:secret').toString('base64')}`
    expect(seen).toEqual([
      `HEAD /v2/app/manifests/good ${basic}`,
      `HEAD /v2/app/manifests/missing ${basic}`
    ])
  })
})
