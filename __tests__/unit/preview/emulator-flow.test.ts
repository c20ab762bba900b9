/**
 * The preview life cycle against the real emulator, in process: the ECS
 * emulator (state, validation, rollouts) and the ELBv2 emulator behind the
 * emulator's HTTP front, reached by the real SDK clients, as main.ts calls
 * the preview modules.
 */
import { afterEach, beforeEach, expect, it } from '@jest/globals'
import {
  DescribeServicesCommand,
  ECSClient,
  RegisterTaskDefinitionCommand,
  type Service
} from '@aws-sdk/client-ecs'
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2'
import { startEmulator, type Emulator } from '../../../test-support/emulator/server.js'
import { createElbv2Service, type Elbv2Service } from '../../../test-support/emulator/elbv2.js'
import { planPreviewDeploy } from '../../../src/preview/plan.js'
import { createPreviewResources } from '../../../src/preview/create.js'
import { destroyPreview } from '../../../src/preview/destroy.js'
import { cleanupPreviews } from '../../../src/preview/cleanup.js'
import { MemoryLogger } from '../../../src/util/log.js'
import { systemClock, type Clock } from '../../../src/util/time.js'
import { ourEcsTags, previewConfig } from './config.js'

const taskDefinition = (family: string) => ({
  family,
  networkMode: 'awsvpc' as const,
  requiresCompatibilities: ['FARGATE' as const],
  cpu: '256',
  memory: '512',
  containerDefinitions: [{ name: 'app', image: 'nginx:1', portMappings: [{ containerPort: 8080 }] }]
})

let emulator: Emulator
let elb: Elbv2Service
let ecs: ECSClient
let elbClient: ElasticLoadBalancingV2Client
const log = new MemoryLogger()
// Real ECS drains in steps; the destroy wait only needs short real pauses here.
const clock: Clock = {
  now: systemClock.now,
  sleep: (ms, signal) => systemClock.sleep(Math.min(ms, 20), signal)
}

beforeEach(async () => {
  emulator = await startEmulator({
    mode: 'realtime',
    stepMs: 0,
    queryServices: [(ctx) => (elb = createElbv2Service(ctx))]
  })
  const options = {
    region: emulator.region,
    endpoint: emulator.url,
    credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
    maxAttempts: 1
  }
  ecs = new ECSClient(options)
  elbClient = new ElasticLoadBalancingV2Client(options)
})
afterEach(async () => {
  ecs.destroy()
  elbClient.destroy()
  await emulator.close()
})

it('deploys, finds again, destroys and re-destroys a preview; the base stays as it was', async () => {
  const app = elb.control.seedApplication({ name: 'web-alb' })
  await emulator.seedService({
    cluster: 'prod',
    serviceName: 'web',
    taskDefinition: taskDefinition('web'),
    loadBalancers: [
      { targetGroupArn: app.targetGroupArn, containerName: 'app', containerPort: 8080 }
    ],
    circuitBreaker: { enable: true, rollback: true },
    enableExecuteCommand: true,
    healthCheckGracePeriodSeconds: 10
  })
  const describe = async (name: string): Promise<Service | undefined> =>
    (
      await ecs.send(
        new DescribeServicesCommand({ cluster: 'prod', services: [name], include: ['TAGS'] })
      )
    ).services?.[0]
  const baseBefore = await describe('web')
  const config = previewConfig()

  const plan = await planPreviewDeploy(config, {
    ecs,
    elb: elbClient,
    log,
    baseService: baseBefore!
  })
  expect(plan).toMatchObject({
    exists: false,
    family: 'web-pr-12',
    url: 'https://pr-12.preview.example.com'
  })
  const registered = await ecs.send(
    new RegisterTaskDefinitionCommand({ ...taskDefinition(plan.family), tags: plan.ecsTags })
  )
  const created = await createPreviewResources(
    plan,
    registered.taskDefinition!.taskDefinitionArn!,
    {
      ecs,
      elb: elbClient,
      log
    }
  )
  expect(created.deploymentId).toMatch(/^ecs-svc\/\d+$/)
  const preview = await describe('web-pr-12')
  expect(preview).toMatchObject({
    status: 'ACTIVE',
    desiredCount: 1,
    enableExecuteCommand: true,
    loadBalancers: [
      { targetGroupArn: created.targetGroupArn, containerName: 'app', containerPort: 8080 }
    ]
  })
  expect(preview?.tags).toEqual(expect.arrayContaining([{ key: 'preview-of', value: 'web' }]))

  const again = await planPreviewDeploy(config, {
    ecs,
    elb: elbClient,
    log,
    baseService: baseBefore!
  })
  expect(again.exists).toBe(true)

  const destroyConfig = { ...config, preview: { mode: 'destroy' as const, id: '12' } }
  const report = await destroyPreview(destroyConfig, { ecs, elb: elbClient, log, clock })
  expect(report.message).toBe(
    'Destroyed preview web-pr-12: the service, 1 listener rule, 1 target group, 1 task definition revision.'
  )
  expect((await describe('web-pr-12'))?.status ?? 'INACTIVE').toBe('INACTIVE')
  expect(elb.snapshot().targetGroups.map((t) => t.arn)).toEqual([app.targetGroupArn])

  const twice = await destroyPreview(destroyConfig, { ecs, elb: elbClient, log, clock })
  expect(twice.message).toBe('Nothing of preview web-pr-12 to destroy: already gone.')

  const baseAfter = await describe('web')
  expect(baseAfter?.status).toBe('ACTIVE')
  expect(baseAfter?.taskDefinition).toBe(baseBefore?.taskDefinition)
  expect(baseAfter?.desiredCount).toBe(baseBefore?.desiredCount)
})

it('cleanup lists every service of the cluster: 120 services are two ListServices pages', async () => {
  // Seeded services share one registered task definition; the preview is the last one.
  for (let i = 0; i < 119; i++) {
    await emulator.seedService({
      cluster: 'prod',
      serviceName: `svc-${String(i).padStart(3, '0')}`,
      taskDefinition: taskDefinition('svc')
    })
  }
  await emulator.seedService({
    cluster: 'prod',
    serviceName: 'web-pr-4',
    taskDefinition: taskDefinition('web-pr-4'),
    tags: ourEcsTags('4')
  })
  emulator.clearCalls()
  const config = previewConfig({ preview: { mode: 'cleanup', id: '' } })
  const report = await cleanupPreviews(
    { ...config, github: { ...config.github, token: '' } },
    { ecs, elb: elbClient, log, clock }
  )
  // Found on page 2; kept, as GitHub cannot be asked without a token.
  expect(report.previews).toEqual([
    { id: '4', serviceName: 'web-pr-4', pullRequest: 'unknown', action: 'kept' }
  ])
  const lists = emulator.calls({ operation: 'ListServices' }).map((c) => c.input)
  expect(lists).toHaveLength(2)
  expect(lists[0]).toMatchObject({ cluster: 'prod', maxResults: 100 })
  expect(lists[1]).toMatchObject({ maxResults: 100, nextToken: expect.any(String) })
  // Described ten at a time, as DescribeServices takes at most ten.
  expect(emulator.calls({ operation: 'DescribeServices' })).toHaveLength(12)
})
