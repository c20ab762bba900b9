import { afterEach, describe, expect, it } from '@jest/globals'
import { mockClient } from 'aws-sdk-client-mock'
import {
  BatchDeleteImageCommand,
  DescribeImagesCommand,
  ECRClient,
  RepositoryNotFoundException
} from '@aws-sdk/client-ecr'
import {
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  TagResourceCommand,
  type Service
} from '@aws-sdk/client-ecs'
import { planPreviewDeploy } from '../../../src/preview/plan.js'
import { createPreviewResources } from '../../../src/preview/create.js'
import { destroyPreview, imageReferenceParts } from '../../../src/preview/destroy.js'
import type { Config } from '../../../src/inputs/config.js'
import { IDENTITY, ourEcsTags, ourTags, ourTargetGroupName, previewConfig } from './config.js'
import { previewImageMark } from '../../../src/preview/names.js'
import { startWorld, type World } from './world.js'

let w: World | undefined
afterEach(async () => {
  await w?.close()
  w = undefined
})
async function begin(options: Parameters<typeof startWorld>[0] = {}): Promise<World> {
  w = await startWorld(options)
  return w
}

const OURS = ourTags('12')
const destroyConfig = (over: Partial<Config> = {}): Config =>
  previewConfig({ preview: { mode: 'destroy', id: '12', pullRequest: 12 }, ...over })

async function baseOf(world: World): Promise<Service> {
  const out = await world.ecs.send(
    new DescribeServicesCommand({ cluster: 'prod', services: ['web'] })
  )
  return out.services![0]!
}

/** Deploys preview 12 the way main.ts does: plan, register (tagged), create. */
async function deployPreview(world: World, id = '12'): Promise<{ taskDefinitionArn: string }> {
  const config = previewConfig({
    preview: {
      mode: 'deploy',
      id,
      pullRequest: Number(id),
      hostTemplate: 'pr-{id}.preview.example.com'
    }
  })
  const plan = await planPreviewDeploy(config, { ...world.deps, baseService: await baseOf(world) })
  const taskDefinitionArn = await world.register(plan.family, plan.tags)
  await createPreviewResources(plan, taskDefinitionArn, world.deps)
  return { taskDefinitionArn }
}

/** Everything about the base service that destroy must never change (read without a call). */
async function baseSnapshot(world: World): Promise<unknown> {
  const control = world.elb.service.control
  const ecs = world.emulator.state().ecs
  const taskDefinition = await world.ecs.send(
    new DescribeTaskDefinitionCommand({
      taskDefinition: world.baseTaskDefinition,
      include: ['TAGS']
    })
  )
  const service = ecs.services.find((s) => s.service['serviceName'] === 'web')
  if (!service) throw new Error('the base service is gone')
  return {
    service,
    taskDefinition: { ...taskDefinition, $metadata: undefined },
    targetGroup: structuredClone(control.state.targetGroups.get(world.app.targetGroupArn)),
    targetGroupTags: control.tagsOf(world.app.targetGroupArn),
    defaultRules: [...control.state.rules.values()]
      .filter((r) => r.priority === 'default')
      .map((r) => structuredClone(r)),
    listeners: [...control.state.listeners.values()].map((l) => structuredClone(l))
  }
}

function touchesBase(world: World): string[] {
  return world.touchesBase().map((c) => `${c.service}:${c.operation}`)
}

describe('destroyPreview', () => {
  it('removes service, rule, target group and task definitions of a deployed preview, and nothing of the base', async () => {
    const world = await begin()
    const { taskDefinitionArn } = await deployPreview(world)
    const second = await world.register('web-pr-12', OURS)
    const before = await baseSnapshot(world)
    world.mark()

    const report = await destroyPreview(destroyConfig(), world.deps)

    expect(report).toMatchObject({ serviceName: 'web-pr-12', service: 'deleted', leftInPlace: [] })
    expect(report.rules).toHaveLength(1)
    expect(report.targetGroups).toHaveLength(1)
    expect(report.taskDefinitions.sort()).toEqual([taskDefinitionArn, second].sort())
    expect(report.message).toBe(
      'Destroyed preview web-pr-12: the service, 1 listener rule, 1 target group, 2 task definition revisions.'
    )
    // The safe order: scale down and delete, wait, then rule, then target group, then revisions.
    const writes = world.writes()
    expect(writes.slice(0, 2)).toEqual([
      'ecs:UpdateService web-pr-12 desiredCount=0',
      'ecs:DeleteService web-pr-12'
    ])
    const at = (prefix: string): number => writes.findIndex((o) => o.startsWith(prefix))
    expect(at('elb:DeleteRule')).toBeGreaterThan(1)
    expect(at('elb:DeleteRule')).toBeLessThan(at('elb:DeleteTargetGroup'))
    expect(at('elb:DeleteTargetGroup')).toBeLessThan(at('ecs:Deregister'))
    expect((await world.service('web-pr-12'))?.status).toBe('INACTIVE')
    const control = world.elb.service.control
    expect([...control.state.targetGroups.values()].map((tg) => tg.name)).toEqual(['web-alb-tg'])
    expect([...control.state.rules.values()].every((r) => r.priority === 'default')).toBe(true)
    expect(world.taskDefinitionStatus(taskDefinitionArn)).toBe('DELETE_IN_PROGRESS')

    expect(touchesBase(world)).toEqual([])
    expect(await baseSnapshot(world)).toEqual(before)
  })

  it('deletes every revision of the family, over several ListTaskDefinitions pages', async () => {
    const world = await begin()
    const { taskDefinitionArn } = await deployPreview(world)
    const more: string[] = []
    for (let i = 0; i < 4; i++) more.push(await world.register('web-pr-12', OURS))
    world.mark()

    const report = await destroyPreview(destroyConfig(), world.deps)

    expect(report.taskDefinitions.sort()).toEqual([taskDefinitionArn, ...more].sort())
    // The world's emulator answers three revisions a page: five ACTIVE revisions take two calls.
    const lists = world.order().filter((o) => o === 'ecs:ListTaskDefinitions web-pr-12 ACTIVE')
    expect(lists).toHaveLength(2)
  })

  it('waits for the service to go, polling no faster than every 5 s, and gives up after the budget', async () => {
    const world = await begin()
    await deployPreview(world)
    // The preview's task runs, then ECS stops it (one step) and the service goes INACTIVE (the next).
    world.emulator.advance(5)
    world.mark()
    await destroyPreview(destroyConfig(), { ...world.deps, pollIntervalMs: 1000 })
    expect(world.clock.sleeps).toEqual([5000, 5000])
    // The emulator's records (at the fake clock's time): polls 5 s apart until it was gone.
    const polls = world.emulator
      .calls({ service: 'ecs', operation: 'DescribeServices' })
      .filter((c) => (c.input as { include?: string[] }).include === undefined)
    const deleted = world.emulator.calls({ service: 'ecs', operation: 'DeleteService' })[0]!.at
    expect(polls.map((c) => c.at - deleted)).toEqual([0, 5000, 10_000])
    await world.close()

    const stuck = await begin()
    await deployPreview(stuck)
    // ECS never finishes deleting it while destroy waits.
    stuck.clock.onSleep = undefined
    const report = await destroyPreview(destroyConfig(), { ...stuck.deps, waitTimeoutMs: 60_000 })
    expect(stuck.clock.sleeps.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(60_000)
    expect(stuck.log.lines.join('\n')).toContain('still DRAINING')
    // It still removes the rule and target group.
    expect(report.rules).toHaveLength(1)
  })

  it('is idempotent: destroying twice succeeds and the second run deletes nothing', async () => {
    const world = await begin()
    await deployPreview(world)
    await destroyPreview(destroyConfig(), world.deps)
    world.mark()
    const again = await destroyPreview(destroyConfig(), world.deps)
    expect(again.message).toBe('Nothing of preview web-pr-12 to destroy: already gone.')
    expect(world.writes()).toEqual([])
  })

  it('a preview that never existed: success, nothing deleted', async () => {
    const world = await begin()
    const report = await destroyPreview(destroyConfig(), world.deps)
    expect(report.service).toBe('absent')
    expect(world.writes()).toEqual([])
  })

  it('cleans a half-created preview: only a target group', async () => {
    const world = await begin()
    const control = world.elb.service.control
    const tg = control.createTargetGroup({
      Name: ourTargetGroupName('12'),
      Protocol: 'HTTP',
      Port: 8080,
      VpcId: 'vpc-1',
      TargetType: 'ip'
    })
    control.tag(tg, OURS)
    const report = await destroyPreview(destroyConfig(), world.deps)
    expect(report.targetGroups).toEqual([tg])
    expect(control.state.targetGroups.has(tg)).toBe(false)
  })

  it('cleans a half-created preview: target group and rule, no service', async () => {
    const world = await begin()
    const plan = await planPreviewDeploy(previewConfig(), {
      ...world.deps,
      baseService: await baseOf(world)
    })
    const taskDefinitionArn = await world.register(plan.family, plan.tags)
    world.emulator.injectFault({
      service: 'ecs',
      operation: 'CreateService',
      code: 'ServerException'
    })
    await expect(createPreviewResources(plan, taskDefinitionArn, world.deps)).rejects.toThrow()
    const report = await destroyPreview(destroyConfig(), world.deps)
    expect(report.service).toBe('absent')
    expect(report.rules).toHaveLength(1)
    expect(report.targetGroups).toHaveLength(1)
    expect(world.elb.service.snapshot().targetGroups.map((t) => t.name)).toEqual(['web-alb-tg'])
  })

  it('finds a renamed target group of the preview by its tags on the base load balancer', async () => {
    const world = await begin()
    const control = world.elb.service.control
    const tg = control.createTargetGroup({
      Name: 'legacy-name',
      Protocol: 'HTTP',
      Port: 8080,
      VpcId: 'vpc-0a1b2c3d4e5f60718',
      TargetType: 'ip'
    })
    control.tag(tg, OURS)
    const rule = control.createRule(world.app.httpsListenerArn!, {
      priority: 9,
      hostHeader: ['pr-12.preview.example.com'],
      action: { type: 'forward', targetGroupArn: tg },
      tags: OURS
    })
    const report = await destroyPreview(destroyConfig(), world.deps)
    expect(report.rules).toEqual([rule.arn])
    expect(report.targetGroups).toEqual([tg])
  })

  it('leaves untagged look-alikes in place and says so', async () => {
    const world = await begin()
    const control = world.elb.service.control
    // A service with the preview's name that someone else owns.
    await world.addService({
      serviceName: 'web-pr-12',
      desiredCount: 2,
      tags: [{ key: 'owner', value: 'someone' }]
    })
    // A target group with the preview's name, untagged, and another preview's.
    const foreignTg = control.createTargetGroup({
      Name: 'web-pr-12',
      Protocol: 'HTTP',
      Port: 8080,
      VpcId: 'vpc-0a1b2c3d4e5f60718',
      TargetType: 'ip'
    })
    const otherTg = control.createTargetGroup({
      Name: 'web-pr-13',
      Protocol: 'HTTP',
      Port: 8080,
      VpcId: 'vpc-0a1b2c3d4e5f60718',
      TargetType: 'ip'
    })
    control.tag(otherTg, ourTags('13'))
    // Rules on the base listener: an untagged one for our host, another preview's.
    const foreignRule = control.createRule(world.app.httpsListenerArn!, {
      priority: 5,
      hostHeader: ['pr-12.preview.example.com'],
      action: { type: 'forward', targetGroupArn: foreignTg }
    })
    const otherRule = control.createRule(world.app.httpsListenerArn!, {
      priority: 6,
      hostHeader: ['pr-13.preview.example.com'],
      action: { type: 'forward', targetGroupArn: otherTg },
      tags: ourTags('13')
    })
    // Task definition revisions of the family, untagged.
    const untaggedTd = await world.register('web-pr-12')
    world.mark()

    const report = await destroyPreview(destroyConfig(), world.deps)

    expect(report.service).toBe('refused')
    expect(world.writes()).toEqual([])
    expect((await world.service('web-pr-12'))?.status).toBe('ACTIVE')
    expect(control.state.targetGroups.has(foreignTg)).toBe(true)
    expect(control.state.targetGroups.has(otherTg)).toBe(true)
    expect(control.state.rules.has(foreignRule.arn)).toBe(true)
    expect(control.state.rules.has(otherRule.arn)).toBe(true)
    expect(world.taskDefinitionStatus(untaggedTd)).toBe('ACTIVE')
    expect(report.leftInPlace.join('\n')).toContain('Refusing to delete service web-pr-12')
    expect(report.leftInPlace.join('\n')).toContain(`Task definition ${untaggedTd} left in place`)
    expect(world.log.lines.filter((l) => l.startsWith('warning:')).length).toBe(
      report.leftInPlace.length
    )
  })

  it('keeps a preview target group that a foreign rule still forwards to, and says why', async () => {
    const world = await begin()
    await deployPreview(world)
    const control = world.elb.service.control
    const tg = [...control.state.targetGroups.values()].find(
      (t) => t.name === ourTargetGroupName('12')
    )!
    const foreign = control.createRule(world.app.httpListenerArn!, {
      priority: 40,
      hostHeader: ['other.example.com'],
      action: { type: 'forward', targetGroupArn: tg.arn }
    })
    const report = await destroyPreview(destroyConfig(), world.deps)
    expect(report.rules).toHaveLength(1)
    expect(report.targetGroups).toEqual([])
    expect(control.state.rules.has(foreign.arn)).toBe(true)
    expect(report.leftInPlace.join('\n')).toContain(
      'still used by a rule this preview did not create'
    )
  })

  it('cannot touch the base service even when the base and its target group carry the preview tags', async () => {
    const world = await begin({
      base: {
        tags: ourEcsTags('12')
      }
    })
    world.elb.service.control.tag(world.app.targetGroupArn, OURS)
    await world.ecs.send(
      new TagResourceCommand({ resourceArn: world.baseTaskDefinition, tags: ourEcsTags('12') })
    )
    await deployPreview(world)
    const before = await baseSnapshot(world)
    world.mark()
    for (const id of ['12', '13']) {
      await destroyPreview(destroyConfig({ preview: { mode: 'destroy', id } }), world.deps)
    }
    expect(world.writes().length).toBeGreaterThan(0)
    expect(touchesBase(world)).toEqual([])
    expect(await baseSnapshot(world)).toEqual(before)
  })

  it("deletes the pr-<id> tags of images this preview marked, never the base's image", async () => {
    const BASE_DIGEST = 'sha256:' + 'b'.repeat(64) // what the base service runs (world.ts)
    const d1 = 'sha256:' + '1'.repeat(64)
    const d2 = 'sha256:' + '2'.repeat(64)
    const d3 = 'sha256:' + '3'.repeat(64)
    const mark = (digest: string, over: Partial<typeof IDENTITY> = {}): string =>
      previewImageMark({ ...IDENTITY, ...over }, digest)
    const world = await begin()
    await deployPreview(world)
    const ecrMock = mockClient(ECRClient)
    try {
      ecrMock
        .on(DescribeImagesCommand)
        .resolvesOnce({
          imageDetails: [
            // The base service's image, even though this preview marked it: never.
            { imageDigest: BASE_DIGEST, imageTags: ['pr-12-base', 'main', mark(BASE_DIGEST)] },
            { imageDigest: d1, imageTags: ['pr-12-3f2a9c1', '3f2a9c1', mark(d1)] },
            // pr-12 tags another repository (or a person) pushed: no mark of this preview.
            { imageDigest: d3, imageTags: ['pr-12-foreign', mark(d3, { cluster: 'staging' })] }
          ],
          nextToken: 'page2'
        })
        .resolvesOnce({
          imageDetails: [{ imageDigest: d2, imageTags: ['pr-12', 'pr-120-x', mark(d2)] }]
        })
      ecrMock
        .on(BatchDeleteImageCommand)
        .callsFake((input: { imageIds: unknown[] }) => ({ imageIds: input.imageIds }))
      const report = await destroyPreview(destroyConfig(), {
        ...world.deps,
        ecr: new ECRClient({ region: 'us-east-1' })
      })
      expect(report.images).toEqual(['pr-12-3f2a9c1', mark(d1), 'pr-12', mark(d2)])
      expect(world.log.lines.join('\n')).toContain(
        `Image tag(s) pr-12-foreign, ${mark(d3, { cluster: 'staging' })} left in web: their images do not carry this preview's mark`
      )
      expect(ecrMock.commandCalls(DescribeImagesCommand)[1]?.args[0].input.nextToken).toBe('page2')

      ecrMock.reset()
      ecrMock
        .on(DescribeImagesCommand)
        .rejects(new RepositoryNotFoundException({ message: 'no repo', $metadata: {} }))
      const again = await destroyPreview(destroyConfig(), {
        ...world.deps,
        ecr: new ECRClient({ region: 'us-east-1' })
      })
      expect(again.images).toEqual([])
      expect(again.leftInPlace).toEqual([])

      ecrMock.reset()
      const skipped = await destroyPreview(
        destroyConfig({ image: { kind: 'existing', reference: 'web:1' } }),
        {
          ...world.deps,
          ecr: new ECRClient({ region: 'us-east-1' })
        }
      )
      expect(skipped.images).toEqual([])
      expect(ecrMock.calls()).toHaveLength(0)
    } finally {
      ecrMock.restore()
    }
  })
})

describe('imageReferenceParts', () => {
  it.each([
    ['repo/app:tag', { tag: 'tag' }],
    ['127.0.0.1:5000/app:v1', { tag: 'v1' }],
    ['127.0.0.1:5000/app', {}],
    ['app@sha256:abc', { digest: 'sha256:abc' }],
    ['app:v1@sha256:abc', { tag: 'v1', digest: 'sha256:abc' }]
  ])('%s', (reference, parts) => {
    expect(imageReferenceParts(reference)).toEqual(parts)
  })
})
