/**
 * The preview life cycle against the emulator (world.ts: ECS state,
 * validation and rollouts, ELBv2 behind the emulator's HTTP front, reached
 * by the real SDK clients), as main.ts calls the preview modules, with ECS
 * rolling the preview out and draining it as time passes.
 */
import { afterEach, expect, it } from '@jest/globals'
import { planPreviewDeploy } from '../../../src/preview/plan.js'
import { createPreviewResources } from '../../../src/preview/create.js'
import { destroyPreview } from '../../../src/preview/destroy.js'
import { cleanupPreviews } from '../../../src/preview/cleanup.js'
import { ourEcsTags, previewConfig } from './config.js'
import { startWorld, type World } from './world.js'

let w: World | undefined
afterEach(async () => {
  await w?.close()
  w = undefined
})

it('deploys, finds again, destroys and re-destroys a preview; the base stays as it was', async () => {
  const world = (w = await startWorld())
  const { emulator } = world
  const describe = world.service
  const baseBefore = await describe('web', false)
  const config = previewConfig()

  const plan = await planPreviewDeploy(config, { ...world.deps, baseService: baseBefore! })
  expect(plan).toMatchObject({
    exists: false,
    family: 'web-pr-12',
    url: 'https://pr-12.preview.example.com'
  })
  const registered = await world.register(plan.family, plan.tags)
  const created = await createPreviewResources(plan, registered, world.deps)
  expect(created.deploymentId).toMatch(/^ecs-svc\/\d+$/)
  // ECS starts the preview's task and passes its health checks in its own time.
  expect((await describe('web-pr-12'))?.deployments?.[0]?.rolloutState).toBe('IN_PROGRESS')
  emulator.advance(60)
  const preview = await describe('web-pr-12')
  expect(preview).toMatchObject({
    status: 'ACTIVE',
    desiredCount: 1,
    runningCount: 1,
    enableExecuteCommand: true,
    taskDefinition: registered,
    loadBalancers: [
      { targetGroupArn: created.targetGroupArn, containerName: 'app', containerPort: 8080 }
    ],
    deployments: [{ id: created.deploymentId, rolloutState: 'COMPLETED' }]
  })
  expect(preview?.tags).toEqual(expect.arrayContaining([{ key: 'preview-of', value: 'web' }]))

  const again = await planPreviewDeploy(config, { ...world.deps, baseService: baseBefore! })
  expect(again.exists).toBe(true)

  const destroyConfig = { ...config, preview: { mode: 'destroy' as const, id: '12' } }
  const report = await destroyPreview(destroyConfig, world.deps)
  expect(report.message).toBe(
    'Destroyed preview web-pr-12: the service, 1 listener rule, 1 target group, 1 task definition revision.'
  )
  expect((await describe('web-pr-12'))?.status ?? 'INACTIVE').toBe('INACTIVE')
  expect(world.elb.service.snapshot().targetGroups.map((t) => t.arn)).toEqual([
    world.app.targetGroupArn
  ])

  const twice = await destroyPreview(destroyConfig, world.deps)
  expect(twice.message).toBe('Nothing of preview web-pr-12 to destroy: already gone.')

  const baseAfter = await describe('web', false)
  expect(baseAfter?.status).toBe('ACTIVE')
  expect(baseAfter?.taskDefinition).toBe(baseBefore?.taskDefinition)
  expect(baseAfter?.desiredCount).toBe(baseBefore?.desiredCount)
  expect(baseAfter?.deployments).toEqual(baseBefore?.deployments)
})

it('cleanup lists every service of the cluster: 120 services over 40 ListServices pages of 3', async () => {
  const world = (w = await startWorld())
  const { emulator } = world
  // With the base service `web`, 119 others; the preview is the last one.
  for (let i = 0; i < 118; i++) {
    await world.addService({ serviceName: `svc-${String(i).padStart(3, '0')}` })
  }
  await world.addService({ serviceName: 'web-pr-4', tags: ourEcsTags('4') })
  world.mark()
  const config = previewConfig({ preview: { mode: 'cleanup', id: '' } })
  const report = await cleanupPreviews(
    { ...config, github: { ...config.github, token: '' } },
    world.deps
  )
  // Found on page 2; kept, as GitHub cannot be asked without a token.
  expect(report.previews).toEqual([
    { id: '4', serviceName: 'web-pr-4', pullRequest: 'unknown', action: 'kept' }
  ])
  const lists = emulator.calls({ operation: 'ListServices' }).map((c) => c.input)
  // The world's emulator answers at most 3 per page whatever maxResults asks.
  expect(lists).toHaveLength(40)
  expect(lists[0]).toMatchObject({ cluster: 'prod', maxResults: 100 })
  expect(
    lists.slice(1).every((l) => typeof (l as { nextToken?: unknown }).nextToken === 'string')
  ).toBe(true)
  // Described ten at a time, as DescribeServices takes at most ten.
  expect(emulator.calls({ operation: 'DescribeServices' })).toHaveLength(12)
})
