import { afterEach, describe, expect, it } from '@jest/globals'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import {
  DescribeServicesCommand,
  UpdateServiceCommand,
  type CreateServiceCommandInput,
  type Service
} from '@aws-sdk/client-ecs'
import {
  baseFamily,
  checkBaseService,
  cloneServiceSettings,
  planPreviewDeploy,
  type PreviewPlan
} from '../../../src/preview/plan.js'
import { createPreviewResources } from '../../../src/preview/create.js'
import { loadTaskDefinitionFile } from '../../../src/taskdef/load.js'
import { createServiceClientToken } from '../../../src/preview/names.js'
import { ActionError } from '../../../src/util/errors.js'
import type { Config } from '../../../src/inputs/config.js'
import { ourEcsTags, ourTags, ourTargetGroupName, previewConfig } from './config.js'
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

/** The base service as checkService hands it over (DescribeServices without tags). */
async function baseOf(world: World): Promise<Service> {
  const out = await world.ecs.send(
    new DescribeServicesCommand({ cluster: 'prod', services: ['web'] })
  )
  return out.services![0]!
}

async function plan(world: World, config: Config = previewConfig()): Promise<PreviewPlan> {
  return planPreviewDeploy(config, { ...world.deps, baseService: await baseOf(world) })
}

/** The elb calls the emulator answered (since the last mark). */
function elbCalls(world: World): string[] {
  return world.emulator.calls({ service: 'elasticloadbalancing' }).map((c) => c.operation)
}

/** What CreateService was sent, as the emulator received it. */
function createServiceInput(world: World): CreateServiceCommandInput {
  return world.emulator.calls({ service: 'ecs', operation: 'CreateService' })[0]!
    .input as CreateServiceCommandInput
}

async function failure(promise: Promise<unknown>): Promise<ActionError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e
  )
  expect(error).toBeInstanceOf(ActionError)
  return error as ActionError
}

describe('planPreviewDeploy', () => {
  it('plans a new preview behind the HTTPS listener, read-only', async () => {
    const world = await begin()
    const p = await plan(world)
    expect(p).toMatchObject({
      serviceName: 'web-pr-12',
      family: 'web-pr-12',
      exists: false,
      url: 'https://pr-12.preview.example.com',
      host: 'pr-12.preview.example.com',
      desiredCount: 1,
      tags: ourTags('12')
    })
    expect(p.existingService).toBeUndefined()
    expect(p.loadBalancer).toMatchObject({
      listenerArn: world.app.httpsListenerArn,
      listenerProtocol: 'HTTPS',
      priority: 1,
      baseTargetGroupArn: world.app.targetGroupArn,
      containerName: 'app',
      containerPort: 8080,
      dnsName: world.app.dnsName,
      targetGroup: {
        Name: ourTargetGroupName('12'),
        Protocol: 'HTTP',
        Port: 8080,
        TargetType: 'ip',
        HealthCheckPath: '/health',
        Matcher: { HttpCode: '200' }
      }
    })
    // Nothing was written.
    expect(world.writes()).toEqual([])
    expect(elbCalls(world).length).toBeGreaterThan(0)
    expect(elbCalls(world).every((a) => a.startsWith('Describe'))).toBe(true)
  })

  it('uses the HTTP listener and an http URL when that is what forwards to the base', async () => {
    const world = await begin({ app: { https: false } })
    const p = await plan(world)
    expect(p.url).toBe('http://pr-12.preview.example.com')
    expect(p.loadBalancer?.listenerArn).toBe(world.app.httpListenerArn)
  })

  it('prefers HTTPS when HTTP only redirects, and picks the lowest free priority', async () => {
    const world = await begin({
      app: { redirectHttp: true, forwardVia: { priority: 1, pathPattern: '/*' } }
    })
    const p = await plan(world)
    expect(p.loadBalancer?.listenerArn).toBe(world.app.httpsListenerArn)
    expect(p.loadBalancer?.priority).toBe(2)
  })

  it('without preview-host: no load balancer, and says so', async () => {
    const world = await begin()
    const config = previewConfig({ preview: { mode: 'deploy', id: '12', pullRequest: 12 } })
    const p = await plan(world, config)
    expect(p.loadBalancer).toBeUndefined()
    expect(p.url).toBeUndefined()
    expect(world.log.lines.join('\n')).toContain('without preview-host the preview gets none')
    expect(elbCalls(world)).toEqual([])
  })

  it('finds an existing preview that is ours: exists, to be updated', async () => {
    const world = await begin()
    await world.addService({
      serviceName: 'web-pr-12',
      taskDefinition: await world.register('web-pr-12', ourTags('12')),
      tags: ourEcsTags('12')
    })
    const p = await plan(world)
    expect(p.exists).toBe(true)
    expect(p.existingService?.serviceName).toBe('web-pr-12')
  })

  it('refuses to adopt a same-named service without our tags', async () => {
    const world = await begin()
    await world.addService({
      serviceName: 'web-pr-12',
      tags: [{ key: 'pull-request', value: '12' }]
    })
    const error = await failure(plan(world))
    expect(error.message).toContain('refusing to take it over')
    expect(world.writes()).toEqual([])
  })

  it('refuses a preview that is still draining', async () => {
    const world = await begin()
    // ECS takes no step while the plan runs: the deleted preview is still DRAINING.
    await world.addService({
      serviceName: 'web-pr-12',
      status: 'DRAINING',
      tags: ourEcsTags('12')
    })
    expect((await failure(plan(world))).message).toContain('DRAINING')
  })

  it('reuses a tagged target group and rule left by a half-created run', async () => {
    const world = await begin()
    const control = world.elb.service.control
    const tg = control.createTargetGroup({
      Name: ourTargetGroupName('12'),
      Protocol: 'HTTP',
      Port: 8080,
      VpcId: 'vpc-1',
      TargetType: 'ip'
    })
    control.tag(tg, ourTags('12'))
    const rule = control.createRule(world.app.httpsListenerArn!, {
      priority: 7,
      hostHeader: ['pr-12.preview.example.com'],
      action: { type: 'forward', targetGroupArn: tg },
      tags: ourTags('12')
    })
    const p = await plan(world)
    expect(p.loadBalancer).toMatchObject({
      existingTargetGroupArn: tg,
      existingRuleArn: rule.arn,
      priority: 7
    })
  })

  it.each([
    ['a target group with our name but not our tags', 'target group named web-pr-12-'],
    [
      'a rule for our host that is not ours',
      'The listener already routes pr-12.preview.example.com'
    ]
  ])('refuses %s', async (what, message) => {
    const world = await begin()
    const control = world.elb.service.control
    if (what.startsWith('a target group')) {
      control.createTargetGroup({
        Name: ourTargetGroupName('12'),
        Protocol: 'HTTP',
        Port: 80,
        VpcId: 'vpc-1'
      })
    } else {
      control.createRule(world.app.httpsListenerArn!, {
        priority: 4,
        hostHeader: ['pr-12.preview.example.com'],
        action: { type: 'forward', targetGroupArn: world.app.targetGroupArn }
      })
    }
    expect((await failure(plan(world))).message).toContain(message)
  })

  it.each([
    ['a wildcard rule of production', '*.preview.example.com', {}],
    [
      "a rule of another cluster's preview",
      'pr-12.preview.example.com',
      { ...ourTags('12'), cluster: 'staging' }
    ],
    [
      "a rule of another repository's preview",
      'pr-12.preview.example.com',
      { ...ourTags('12'), repository: 'other/app' }
    ]
  ])('never takes a host the listener already routes: %s', async (_what, host, tags) => {
    const world = await begin()
    const rule = world.elb.service.control.createRule(world.app.httpsListenerArn!, {
      priority: 9,
      hostHeader: [host],
      action: { type: 'forward', targetGroupArn: world.app.targetGroupArn },
      ...(Object.keys(tags).length ? { tags } : {})
    })
    const error = await failure(plan(world))
    expect(error.message).toContain(
      `The listener already routes pr-12.preview.example.com: rule ${rule.arn} (priority 9, host ${host})`
    )
    expect(world.writes()).toEqual([])
  })

  it("never takes the load balancer's own DNS name, which its default action serves", async () => {
    const world = await begin()
    const config = previewConfig({
      preview: {
        mode: 'deploy',
        id: '12',
        pullRequest: 12,
        hostTemplate: world.app.dnsName.replace(/^[^.]+/, '{id}')
      }
    })
    // The template gives the ALB's own name only for the id it was made from.
    const id = world.app.dnsName.split('.')[0]!
    const error = await failure(plan(world, { ...config, preview: { ...config.preview!, id } }))
    expect(error.message).toContain("the load balancer's own DNS name")
  })

  it('with preview-host, fails clearly when the base has no load balancer, or it is not an ALB', async () => {
    const world = await begin({ loadBalanced: false })
    expect((await failure(plan(world))).message).toContain('has no load balancer target group')
    await world.close()
    w = undefined

    const nlbWorld = await begin()
    const control = nlbWorld.elb.service.control
    const nlb = control.createLoadBalancer({ name: 'web-nlb', type: 'network' })
    const tg = control.createTargetGroup({
      Name: 'web-tcp',
      Protocol: 'TCP',
      Port: 8080,
      VpcId: 'vpc-1',
      TargetType: 'ip'
    })
    const listener = control.createListener(nlb.arn, {
      protocol: 'TCP',
      port: 80,
      defaultAction: { type: 'forward', targetGroupArn: tg }
    })
    expect(listener.arn).toContain(':listener/net/web-nlb/')
    await nlbWorld.ecs.send(
      new UpdateServiceCommand({
        cluster: 'prod',
        service: 'web',
        loadBalancers: [{ targetGroupArn: tg, containerName: 'app', containerPort: 8080 }]
      })
    )
    expect((await failure(plan(nlbWorld))).message).toContain('network load balancer')
  })

  it('rejects a bad preview id or host template before any call', async () => {
    const world = await begin()
    const bad = previewConfig({ preview: { mode: 'deploy', id: 'a_b', pullRequest: 1 } })
    expect((await failure(plan(world, bad))).message).toContain('preview-id')
    const noId = previewConfig({ preview: { mode: 'deploy', id: '' } })
    expect((await failure(plan(world, noId))).message).toContain('No preview id')
    const host = previewConfig({
      preview: { mode: 'deploy', id: '12', hostTemplate: 'preview.example.com' }
    })
    expect((await failure(plan(world, host))).message).toContain('{id}')
    expect(elbCalls(world)).toEqual([])
  })
})

describe('checkBaseService', () => {
  const ok: Service = {
    status: 'ACTIVE',
    deploymentController: { type: 'ECS' },
    schedulingStrategy: 'REPLICA'
  }
  it.each([
    [{ status: 'DRAINING' }, 'not ACTIVE'],
    [{ deploymentController: { type: 'CODE_DEPLOY' as const } }, 'CODE_DEPLOY'],
    [{ deploymentController: { type: 'EXTERNAL' as const } }, 'EXTERNAL'],
    [{ schedulingStrategy: 'DAEMON' as const }, 'DAEMON'],
    [{ tags: [{ key: 'preview-of', value: 'web' }] }, 'itself a preview']
  ])('refuses %j', (change, message) => {
    expect(() => checkBaseService({ ...ok, ...change }, 'web')).toThrow(message)
  })
  it('accepts an ACTIVE ECS replica service, controller unset included', () => {
    expect(() => checkBaseService(ok, 'web')).not.toThrow()
    expect(() => checkBaseService({ status: 'ACTIVE' }, 'web')).not.toThrow()
  })
})

describe('cloneServiceSettings', () => {
  const options = {
    cluster: 'prod',
    serviceName: 'web-pr-12',
    desiredCount: 1,
    tags: ourTags('12')
  }

  it('copies placement, network, execute-command and the rolling settings with the breaker', () => {
    const base: Service = {
      launchType: 'FARGATE',
      platformVersion: 'LATEST',
      networkConfiguration: {
        awsvpcConfiguration: { subnets: ['s1'], securityGroups: ['g1'], assignPublicIp: 'ENABLED' }
      },
      enableExecuteCommand: true,
      enableECSManagedTags: true,
      propagateTags: 'NONE',
      deploymentConfiguration: {
        maximumPercent: 150,
        minimumHealthyPercent: 50,
        deploymentCircuitBreaker: { enable: true, rollback: false },
        alarms: { alarmNames: ['prod-alarm'], enable: true, rollback: true }
      }
    }
    const { input, notes } = cloneServiceSettings(base, options)
    expect(input).toEqual({
      cluster: 'prod',
      serviceName: 'web-pr-12',
      desiredCount: 1,
      schedulingStrategy: 'REPLICA',
      deploymentController: { type: 'ECS' },
      tags: ourEcsTags('12'),
      propagateTags: 'SERVICE',
      launchType: 'FARGATE',
      platformVersion: 'LATEST',
      networkConfiguration: base.networkConfiguration,
      enableExecuteCommand: true,
      enableECSManagedTags: true,
      deploymentConfiguration: {
        maximumPercent: 150,
        minimumHealthyPercent: 50,
        deploymentCircuitBreaker: { enable: true, rollback: false }
      }
    })
    expect(input.networkConfiguration).not.toBe(base.networkConfiguration)
    expect(notes.join(' ')).toContain('alarms are not copied')
  })

  it('takes a capacity provider strategy instead of a launch type', () => {
    const { input } = cloneServiceSettings(
      {
        launchType: 'FARGATE',
        capacityProviderStrategy: [{ capacityProvider: 'FARGATE_SPOT', weight: 1 }]
      },
      options
    )
    expect(input.capacityProviderStrategy).toEqual([
      { capacityProvider: 'FARGATE_SPOT', weight: 1 }
    ])
    expect(input.launchType).toBeUndefined()
  })

  it('keeps TASK_DEFINITION tag propagation and notes what it leaves out', () => {
    const { input, notes } = cloneServiceSettings(
      {
        propagateTags: 'TASK_DEFINITION',
        serviceRegistries: [{ registryArn: 'arn:sd' }],
        deploymentConfiguration: { strategy: 'BLUE_GREEN' }
      },
      options
    )
    expect(input.propagateTags).toBe('TASK_DEFINITION')
    expect(input).not.toHaveProperty('serviceRegistries')
    expect(notes.join(' ')).toContain('Service discovery')
    expect(notes.join(' ')).toContain('BLUE_GREEN')
  })
})

describe('baseFamily', () => {
  const service: Service = {
    taskDefinition: 'arn:aws:ecs:us-east-1:123456789012:task-definition/from-service:9'
  }
  const containers = [{ name: 'app', image: 'nginx:1' }]

  it('reads the family reference, the loaded file, or the service', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'family-'))
    try {
      const json = path.join(dir, 'td.json')
      await writeFile(
        json,
        JSON.stringify({
          taskDefinition: { family: 'described', revision: 3, containerDefinitions: containers }
        })
      )
      const yaml = path.join(dir, 'td.yaml')
      await writeFile(
        yaml,
        'family: from-yaml\ncontainerDefinitions:\n  - name: app\n    image: nginx:1\n'
      )
      const file = { kind: 'file', path: json } as const
      expect(
        baseFamily(
          { kind: 'family', reference: 'arn:aws:ecs:us-east-1:1:task-definition/fam:3' },
          service
        )
      ).toBe('fam')
      expect(baseFamily(file, service, await loadTaskDefinitionFile(json))).toBe('described')
      expect(baseFamily(file, service, await loadTaskDefinitionFile(yaml))).toBe('from-yaml')
      expect(baseFamily({ kind: 'service' }, service)).toBe('from-service')
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })

  it('planPreviewDeploy takes the family from the file the run loaded, without reading it again', async () => {
    const world = await begin()
    const config = previewConfig({ taskDefinition: { kind: 'file', path: '/nonexistent/td.json' } })
    const p = await planPreviewDeploy(config, {
      ...world.deps,
      baseService: await baseOf(world),
      taskDefinition: { family: 'loaded-once', containerDefinitions: containers }
    })
    expect(p.family).toBe('loaded-once-pr-12')
  })

  it('planPreviewDeploy reports an unreadable file rather than falling back to the service', async () => {
    const world = await begin()
    const config = previewConfig({ taskDefinition: { kind: 'file', path: '/nonexistent/td.json' } })
    const error = await failure(plan(world, config))
    expect(error.message).toContain(
      '`task-definition`: the file /nonexistent/td.json does not exist'
    )
  })
})

describe('createPreviewResources', () => {
  it('creates target group, then rule, then service; all tagged; cloned from the base', async () => {
    const world = await begin()
    const TD = await world.register('web-pr-12', ourTags('12'))
    const p = await plan(world)
    world.mark()
    const created = await createPreviewResources(p, TD, world.deps)

    expect(world.writes()).toEqual([
      'elb:CreateTargetGroup',
      'elb:CreateRule',
      'ecs:CreateService web-pr-12'
    ])
    const control = world.elb.service.control
    expect(control.tagsOf(created.targetGroupArn!)).toEqual(ourTags('12'))
    expect(control.tagsOf(created.ruleArn!)).toEqual(ourTags('12'))
    const rule = control.state.rules.get(created.ruleArn!)!
    expect(rule).toMatchObject({ listenerArn: world.app.httpsListenerArn, priority: 1 })
    expect(rule.conditions[0]).toMatchObject({
      Field: 'host-header',
      Values: ['pr-12.preview.example.com']
    })
    const tg = control.state.targetGroups.get(created.targetGroupArn!)!
    expect(tg.settings).toMatchObject({
      Protocol: 'HTTP',
      Port: 8080,
      TargetType: 'ip',
      HealthCheckPath: '/health'
    })

    const input = createServiceInput(world)
    expect(input).toMatchObject({
      cluster: 'prod',
      serviceName: 'web-pr-12',
      taskDefinition: TD,
      desiredCount: 1,
      launchType: 'FARGATE',
      platformVersion: '1.4.0',
      networkConfiguration: world.base.networkConfiguration,
      enableExecuteCommand: true,
      propagateTags: 'SERVICE',
      healthCheckGracePeriodSeconds: 30,
      deploymentConfiguration: {
        maximumPercent: 200,
        minimumHealthyPercent: 100,
        deploymentCircuitBreaker: { enable: true, rollback: true }
      },
      loadBalancers: [
        { targetGroupArn: created.targetGroupArn, containerName: 'app', containerPort: 8080 }
      ],
      tags: ourEcsTags('12'),
      // Derived from the run (repository, run id, attempt, cluster, service): a retry cannot create twice.
      clientToken: createServiceClientToken({
        repository: 'octo/app',
        runId: '4242',
        runAttempt: '1',
        cluster: 'prod',
        serviceName: 'web-pr-12'
      })
    })
    expect(input.deploymentConfiguration?.alarms).toBeUndefined()
    expect(created.deploymentId).toMatch(/^ecs-svc\//)
    expect((await world.service('web-pr-12'))?.deployments?.[0]?.id).toBe(created.deploymentId)

    // A second push finds it: the lead updates it instead.
    const again = await plan(world)
    expect(again.exists).toBe(true)
    await expect(createPreviewResources(again, TD, world.deps)).rejects.toThrow('exists already')
  })

  it('honours desired-count and creates no load balancer resources without preview-host', async () => {
    const world = await begin()
    const config = previewConfig({
      desiredCount: 2,
      preview: { mode: 'deploy', id: '12', pullRequest: 12 }
    })
    const TD = await world.register('web-pr-12', ourTags('12'))
    const p = await plan(world, config)
    world.mark()
    const created = await createPreviewResources(p, TD, world.deps)
    expect(world.writes()).toEqual(['ecs:CreateService web-pr-12'])
    const input = createServiceInput(world)
    expect(input.desiredCount).toBe(2)
    expect(input.loadBalancers).toBeUndefined()
    expect(input.healthCheckGracePeriodSeconds).toBeUndefined()
    expect(created.targetGroupArn).toBeUndefined()
  })

  it('picks another priority when a concurrent run took the planned one', async () => {
    const world = await begin()
    const TD = await world.register('web-pr-12', ourTags('12'))
    const p = await plan(world)
    world.elb.service.control.createRule(world.app.httpsListenerArn!, {
      priority: p.loadBalancer!.priority,
      hostHeader: ['pr-99.preview.example.com'],
      action: { type: 'forward', targetGroupArn: world.app.targetGroupArn }
    })
    const created = await createPreviewResources(p, TD, world.deps)
    expect(world.elb.service.control.state.rules.get(created.ruleArn!)?.priority).toBe(2)
    expect(world.writes().filter((o) => o === 'elb:CreateRule')).toHaveLength(2)
  })

  it('completes a half-created preview without creating its target group or rule again', async () => {
    const world = await begin()
    const TD = await world.register('web-pr-12', ourTags('12'))
    const first = await plan(world)
    // The first run created the target group and the rule, then failed at CreateService.
    world.emulator.injectFault({
      service: 'ecs',
      operation: 'CreateService',
      code: 'ServiceUnavailable'
    })
    await expect(createPreviewResources(first, TD, world.deps)).rejects.toThrow(
      'the next deploy reuses them'
    )
    expect(await world.service('web-pr-12')).toBeUndefined()
    const [tgArn] = [...world.elb.service.control.state.targetGroups.values()]
      .filter((tg) => tg.name === ourTargetGroupName('12'))
      .map((tg) => tg.arn)

    const second = await plan(world)
    expect(second.exists).toBe(false)
    expect(second.loadBalancer?.existingTargetGroupArn).toBe(tgArn)
    expect(second.loadBalancer?.existingRuleArn).toBeDefined()
    world.mark()
    const created = await createPreviewResources(second, TD, world.deps)
    expect(world.writes()).toEqual(['ecs:CreateService web-pr-12'])
    expect(created.targetGroupArn).toBe(tgArn)
    expect(world.elb.service.control.state.rules.size).toBe(3) // two default rules + ours
  })
})
