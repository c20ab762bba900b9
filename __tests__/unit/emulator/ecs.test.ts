import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import {
  CreateServiceCommand,
  DeleteServiceCommand,
  DeleteTaskDefinitionsCommand,
  DeregisterTaskDefinitionCommand,
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  DescribeTasksCommand,
  ECSClient,
  DescribeClustersCommand,
  ListTagsForResourceCommand,
  ListTaskDefinitionsCommand,
  ListTasksCommand,
  TagResourceCommand,
  UntagResourceCommand,
  RegisterTaskDefinitionCommand,
  type RegisterTaskDefinitionCommandInput,
  type Service,
  StopTaskCommand,
  UpdateServiceCommand
} from '@aws-sdk/client-ecs'
import { startEmulator, type Emulator } from '../../../test-support/emulator/server.js'

const credentials = { accessKeyId: 'test', secretAccessKey: 'test' }

const taskDef = (image = 'nginx:1.27'): RegisterTaskDefinitionCommandInput => ({
  family: 'web',
  networkMode: 'awsvpc',
  requiresCompatibilities: ['FARGATE'],
  cpu: '256',
  memory: '512',
  executionRoleArn: 'arn:aws:iam::123456789012:role/ecsTaskExecutionRole',
  containerDefinitions: [
    {
      name: 'web',
      image,
      essential: true,
      portMappings: [{ containerPort: 8080 }],
      environment: [{ name: 'EMPTY', value: '' }],
      logConfiguration: {
        logDriver: 'awslogs',
        options: {
          'awslogs-group': '/ecs/web',
          'awslogs-region': 'us-east-1',
          'awslogs-stream-prefix': 'app'
        }
      }
    }
  ],
  tags: [{ key: 'team', value: 'core' }]
})

let emu: Emulator
let ecs: ECSClient

beforeEach(async () => {
  emu = await startEmulator({ mode: 'manual' })
  ecs = new ECSClient({ region: 'us-east-1', endpoint: emu.url, credentials })
})
afterEach(async () => {
  ecs.destroy()
  await emu.close()
})

async function describe1(cluster: string, name: string): Promise<Service> {
  const out = await ecs.send(new DescribeServicesCommand({ cluster, services: [name] }))
  const svc = out.services?.[0]
  if (!svc) throw new Error(`no service ${name}`)
  return svc
}

/** Advances until `done` holds (at most `max` steps); returns the steps taken. */
async function advanceUntil(
  done: (svc: Service) => boolean,
  cluster = 'prod',
  name = 'web',
  max = 40
): Promise<number> {
  for (let i = 1; i <= max; i++) {
    emu.advance()
    if (done(await describe1(cluster, name))) return i
  }
  throw new Error(`not reached in ${max} steps`)
}

async function seedWeb(options: Partial<Parameters<Emulator['seedService']>[0]> = {}) {
  return emu.seedService({
    cluster: 'prod',
    serviceName: 'web',
    taskDefinition: taskDef(),
    desiredCount: 2,
    circuitBreaker: { enable: true, rollback: true },
    ...options
  })
}

async function deployNewRevision(image = 'nginx:1.28'): Promise<string> {
  const reg = await ecs.send(new RegisterTaskDefinitionCommand(taskDef(image)))
  const up = await ecs.send(
    new UpdateServiceCommand({
      cluster: 'prod',
      service: 'web',
      taskDefinition: reg.taskDefinition?.taskDefinitionArn
    })
  )
  const primary = up.service?.deployments?.find((d) => d.status === 'PRIMARY')
  return primary?.id ?? ''
}

describe('task definitions', () => {
  it('registers and describes by family, family:revision and ARN, with server defaults and tags', async () => {
    const first = await ecs.send(new RegisterTaskDefinitionCommand(taskDef()))
    const second = await ecs.send(new RegisterTaskDefinitionCommand(taskDef('nginx:2')))
    expect(first.taskDefinition?.revision).toBe(1)
    expect(second.taskDefinition?.taskDefinitionArn).toBe(
      'arn:aws:ecs:us-east-1:123456789012:task-definition/web:2'
    )
    expect(second.tags).toEqual([{ key: 'team', value: 'core' }])

    const latest = await ecs.send(
      new DescribeTaskDefinitionCommand({ taskDefinition: 'web', include: ['TAGS'] })
    )
    const byRev = await ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: 'web:1' }))
    const byArn = await ecs.send(
      new DescribeTaskDefinitionCommand({
        taskDefinition: first.taskDefinition?.taskDefinitionArn
      })
    )
    expect(latest.taskDefinition?.revision).toBe(2)
    expect(latest.tags).toEqual([{ key: 'team', value: 'core' }])
    expect(byRev.tags).toBeUndefined()
    expect(byArn.taskDefinition?.containerDefinitions?.[0]?.image).toBe('nginx:1.27')

    const td = latest.taskDefinition
    expect(td?.status).toBe('ACTIVE')
    expect(td?.registeredAt).toBeInstanceOf(Date)
    expect(td?.compatibilities).toEqual(['EC2', 'FARGATE'])
    const c = td?.containerDefinitions?.[0]
    expect(c?.cpu).toBe(0)
    expect(c?.portMappings).toEqual([{ containerPort: 8080, hostPort: 8080, protocol: 'tcp' }])
    expect(c?.environment).toEqual([{ name: 'EMPTY', value: '' }])
    expect(c?.mountPoints).toEqual([])
  })

  it('answers an unknown revision with ClientException', async () => {
    await expect(
      ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: 'nope:3' }))
    ).rejects.toMatchObject({
      name: 'ClientException',
      message: 'Unable to describe task definition.'
    })
  })

  it('deregisters, then deletes, and lists by status', async () => {
    await ecs.send(new RegisterTaskDefinitionCommand(taskDef()))
    await ecs.send(new RegisterTaskDefinitionCommand(taskDef()))
    const early = await ecs.send(new DeleteTaskDefinitionsCommand({ taskDefinitions: ['web:1'] }))
    expect(early.failures?.[0]?.reason).toMatch(/ACTIVE/)

    const dereg = await ecs.send(new DeregisterTaskDefinitionCommand({ taskDefinition: 'web:1' }))
    expect(dereg.taskDefinition?.status).toBe('INACTIVE')
    const del = await ecs.send(new DeleteTaskDefinitionsCommand({ taskDefinitions: ['web:1'] }))
    expect(del.taskDefinitions?.[0]?.status).toBe('DELETE_IN_PROGRESS')

    const active = await ecs.send(new ListTaskDefinitionsCommand({ familyPrefix: 'web' }))
    expect(active.taskDefinitionArns).toEqual([
      'arn:aws:ecs:us-east-1:123456789012:task-definition/web:2'
    ])
    const deleting = await ecs.send(
      new ListTaskDefinitionsCommand({ familyPrefix: 'web', status: 'DELETE_IN_PROGRESS' })
    )
    expect(deleting.taskDefinitionArns).toHaveLength(1)
    // A bare family now means revision 2, the latest ACTIVE one.
    const latest = await ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: 'web' }))
    expect(latest.taskDefinition?.revision).toBe(2)
  })
})

describe('request validation', () => {
  it('rejects a read-only field sent back in a raw request (the SDK would drop it)', async () => {
    const body = { ...taskDef(), revision: 3, status: 'ACTIVE' }
    const res = await fetch(emu.url, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-amz-json-1.1',
        'X-Amz-Target': 'AmazonEC2ContainerServiceV20141113.RegisterTaskDefinition',
        Authorization:
          'AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/ecs/aws4_request, SignedHeaders=host, Signature=abc123'
      },
      body: JSON.stringify(body)
    })
    expect(res.status).toBe(400)
    expect(res.headers.get('x-amzn-errortype')).toBe('SerializationException')
    expect(await res.json()).toEqual({
      __type: 'SerializationException',
      message: 'Unrecognized field "revision"'
    })
    const list = await ecs.send(new ListTaskDefinitionsCommand({}))
    expect(list.taskDefinitionArns).toEqual([])
  })

  it('rejects a wrong JSON type that the SDK passes through', async () => {
    const bad = { ...taskDef(), cpu: 256 } as unknown as RegisterTaskDefinitionCommandInput
    await expect(ecs.send(new RegisterTaskDefinitionCommand(bad))).rejects.toMatchObject({
      name: 'SerializationException',
      message: expect.stringContaining('can not be converted to an String (at "cpu")')
    })
  })

  it('rejects PascalCase keys (dropped by the SDK) as a missing required member', async () => {
    const pascal = {
      Family: 'web',
      ContainerDefinitions: [{ Name: 'web', Image: 'nginx' }]
    } as unknown as RegisterTaskDefinitionCommandInput
    await expect(ecs.send(new RegisterTaskDefinitionCommand(pascal))).rejects.toMatchObject({
      name: 'ClientException',
      message: 'family should not be null or empty.'
    })
  })

  it('applies ECS rules beyond the shape: an image is required, Fargate needs awsvpc', async () => {
    const noImage = taskDef()
    noImage.containerDefinitions = [{ name: 'web', image: '' }]
    await expect(ecs.send(new RegisterTaskDefinitionCommand(noImage))).rejects.toMatchObject({
      name: 'ClientException',
      message: 'Container.image should not be null or empty.'
    })
    const bridge = { ...taskDef(), networkMode: 'bridge' as const }
    await expect(ecs.send(new RegisterTaskDefinitionCommand(bridge))).rejects.toMatchObject({
      name: 'ClientException',
      message: "Fargate only supports network mode 'awsvpc'."
    })
  })

  it('answers an unknown cluster with ClusterNotFoundException', async () => {
    await expect(
      ecs.send(new DescribeServicesCommand({ cluster: 'nope', services: ['web'] }))
    ).rejects.toMatchObject({ name: 'ClusterNotFoundException', message: 'Cluster not found.' })
  })
})

describe('services and deployments', () => {
  it('reports a missing service as a MISSING failure, not an error', async () => {
    await seedWeb()
    const out = await ecs.send(
      new DescribeServicesCommand({ cluster: 'prod', services: ['web', 'ghost'] })
    )
    expect(out.services?.map((s) => s.serviceName)).toEqual(['web'])
    expect(out.failures).toEqual([
      { arn: 'arn:aws:ecs:us-east-1:123456789012:service/ghost', reason: 'MISSING' }
    ])
    await expect(
      ecs.send(new UpdateServiceCommand({ cluster: 'prod', service: 'ghost', desiredCount: 1 }))
    ).rejects.toMatchObject({ name: 'ServiceNotFoundException' })
  })

  it('starts seeded services steady on a COMPLETED deployment', async () => {
    const seeded = await seedWeb()
    const svc = await describe1('prod', 'web')
    expect(svc.deployments).toHaveLength(1)
    expect(svc.deployments?.[0]).toMatchObject({
      id: seeded.deploymentId,
      status: 'PRIMARY',
      rolloutState: 'COMPLETED',
      runningCount: 2
    })
    expect(seeded.deploymentId).toMatch(/^ecs-svc\/\d{19}$/)
    expect(svc.events?.[0]?.message).toBe('(service web) has reached a steady state.')
  })

  it('rolls a healthy deployment out step by step to COMPLETED, with the real events', async () => {
    const seeded = await seedWeb()
    const id = await deployNewRevision()
    expect(id).toMatch(/^ecs-svc\/\d{19}$/)
    const right = await describe1('prod', 'web')
    expect(right.taskDefinition).toMatch(/task-definition\/web:2$/)
    expect(right.deployments?.map((d) => [d.id, d.status, d.rolloutState])).toEqual([
      [id, 'PRIMARY', 'IN_PROGRESS'],
      [seeded.deploymentId, 'ACTIVE', 'COMPLETED']
    ])
    expect(right.deployments?.[0]?.rolloutStateReason).toBe(`ECS deployment ${id} in progress.`)

    emu.advance()
    const launched = await describe1('prod', 'web')
    expect(launched.deployments?.[0]?.pendingCount).toBe(2)
    const tasks = await ecs.send(new ListTasksCommand({ cluster: 'prod', startedBy: id }))
    expect(tasks.taskArns).toHaveLength(2)
    const described = await ecs.send(
      new DescribeTasksCommand({ cluster: 'prod', tasks: tasks.taskArns ?? [] })
    )
    expect(described.tasks?.[0]).toMatchObject({ group: 'service:web', startedBy: id })

    await advanceUntil((s) => s.deployments?.[0]?.rolloutState === 'COMPLETED')
    const done = await describe1('prod', 'web')
    expect(done.deployments).toHaveLength(1)
    expect(done.deployments?.[0]).toMatchObject({
      id,
      runningCount: 2,
      rolloutStateReason: `ECS deployment ${id} completed.`
    })
    const messages = (done.events ?? []).map((e) => e.message ?? '')
    expect(messages[0]).toBe('(service web) has reached a steady state.')
    expect(messages[1]).toBe(`(service web) (deployment ${id}) deployment completed.`)
    expect(messages).toContainEqual(
      expect.stringMatching(
        /^\(service web\) has stopped 2 running tasks: \(task [0-9a-f]{32}\) \(task [0-9a-f]{32}\)\.$/
      )
    )
    expect(messages).toContainEqual(
      expect.stringMatching(
        /^\(service web\) has started 2 tasks: \(task [0-9a-f]{32}\) \(task [0-9a-f]{32}\)\.$/
      )
    )
    const old = await ecs.send(
      new ListTasksCommand({ cluster: 'prod', serviceName: 'web', desiredStatus: 'STOPPED' })
    )
    const oldTasks = await ecs.send(
      new DescribeTasksCommand({ cluster: 'prod', tasks: old.taskArns ?? [] })
    )
    expect(oldTasks.tasks?.map((t) => [t.startedBy, t.stopCode, t.stoppedReason])).toEqual([
      [
        seeded.deploymentId,
        'ServiceSchedulerInitiated',
        `Scaling activity initiated by (deployment ${id})`
      ],
      [
        seeded.deploymentId,
        'ServiceSchedulerInitiated',
        `Scaling activity initiated by (deployment ${id})`
      ]
    ])
    const m = emu.milestones().find((x) => x.deploymentId === id)
    expect(m?.steadyAt).toBeGreaterThanOrEqual(m?.createdAt ?? Infinity)
  })

  it('creates no deployment for an unchanged definition, and one when forced', async () => {
    await seedWeb()
    const same = await ecs.send(
      new UpdateServiceCommand({ cluster: 'prod', service: 'web', taskDefinition: 'web:1' })
    )
    expect(same.service?.deployments).toHaveLength(1)
    const forced = await ecs.send(
      new UpdateServiceCommand({ cluster: 'prod', service: 'web', forceNewDeployment: true })
    )
    expect(forced.service?.deployments).toHaveLength(2)
  })

  it('scales on a desiredCount change without a deployment, then reports steady state', async () => {
    const seeded = await seedWeb()
    await ecs.send(new UpdateServiceCommand({ cluster: 'prod', service: 'web', desiredCount: 3 }))
    await advanceUntil((s) => s.runningCount === 3)
    emu.advance()
    const svc = await describe1('prod', 'web')
    expect(svc.deployments?.map((d) => d.id)).toEqual([seeded.deploymentId])
    expect(svc.events?.[0]?.message).toBe('(service web) has reached a steady state.')
    expect(svc.events?.[1]?.message).toMatch(/^\(service web\) has started 1 tasks: /)
  })

  it('fails to start with a circuit breaker and rolls back to the last COMPLETED deployment', async () => {
    const seeded = await seedWeb({ desiredCount: 1 })
    emu.setScenario('prod', 'web', 'fail-to-start')
    const id = await deployNewRevision('nginx:missing')

    await advanceUntil((s) => s.deployments?.some((d) => d.rolloutState === 'FAILED') ?? false)
    const rolling = await describe1('prod', 'web')
    expect(rolling.taskDefinition).toMatch(/task-definition\/web:1$/)
    expect(
      rolling.deployments?.map((d) => [d.id, d.status, d.rolloutState, d.failedTasks])
    ).toEqual([
      [seeded.deploymentId, 'PRIMARY', 'IN_PROGRESS', 0],
      [id, 'ACTIVE', 'FAILED', 3]
    ])
    expect(rolling.deployments?.[0]?.rolloutStateReason).toBe(
      `ECS deployment circuit breaker: rolling back to deploymentId ${seeded.deploymentId}.`
    )
    expect(rolling.deployments?.[1]?.rolloutStateReason).toBe(
      'ECS deployment circuit breaker: tasks failed to start.'
    )
    // The rollback starts its tasks at once.
    expect(rolling.events?.slice(0, 3).map((e) => e.message)).toEqual([
      expect.stringMatching(/^\(service web\) has started 1 tasks: \(task [0-9a-f]{32}\)\.$/),
      `(service web) rolling back to deployment ${seeded.deploymentId}.`,
      `(service web) (deployment ${id}) deployment failed: tasks failed to start.`
    ])

    const stopped = await ecs.send(
      new ListTasksCommand({ cluster: 'prod', serviceName: 'web', desiredStatus: 'STOPPED' })
    )
    const failed = await ecs.send(
      new DescribeTasksCommand({ cluster: 'prod', tasks: stopped.taskArns ?? [] })
    )
    const mine = failed.tasks?.filter((t) => t.startedBy === id) ?? []
    expect(mine).toHaveLength(3)
    expect(mine[0]).toMatchObject({
      stopCode: 'TaskFailedToStart',
      stoppedReason:
        'CannotPullContainerError: pull image manifest has been retried 5 time(s): failed to resolve ref docker.io/library/nginx:missing: not found'
    })
    expect(mine[0]?.containers?.[0]?.reason).toMatch(/^CannotPullContainerError/)
    expect(mine[0]?.containers?.[0]?.exitCode).toBeUndefined()

    // Nothing completes in the step that showed the failure: the default rollback starts
    // tasks of web:1 (20 s), health-checks them (30 s) and drains the tasks it replaces
    // (10 s), at one emulated second per step here.
    const steps = await advanceUntil((s) => s.deployments?.length === 1, 'prod', 'web', 200)
    expect(steps).toBeGreaterThanOrEqual(60)
    expect(steps).toBeLessThan(70)
    const back = await describe1('prod', 'web')
    expect(back.deployments?.[0]).toMatchObject({
      id: seeded.deploymentId,
      rolloutState: 'COMPLETED'
    })
    expect(back.events?.slice(0, 2).map((e) => e.message)).toEqual([
      '(service web) has reached a steady state.',
      `(service web) (deployment ${seeded.deploymentId}) deployment completed.`
    ])
    const m = emu.milestones().find((x) => x.deploymentId === id)
    expect(m?.failedAt).toBeDefined()
    expect(m?.thresholdAt).toBe(m?.failedAt)
    expect(m?.rolledBackAt).toBeGreaterThanOrEqual(m?.failedAt ?? Infinity)
  })

  it('rolls back slowly: new tasks of the previous revision start and pass health checks, the replaced ones drain', async () => {
    const seeded = await seedWeb({ desiredCount: 2 })
    emu.setScenario('prod', 'web', 'fail-to-start', {
      rollback: { taskStartSeconds: 5, healthCheckSeconds: 4, deregistrationDelaySeconds: 3 }
    })
    const before = (await ecs.send(new ListTasksCommand({ cluster: 'prod', serviceName: 'web' })))
      .taskArns
    const id = await deployNewRevision('nginx:missing')
    await advanceUntil((s) => s.deployments?.some((d) => d.rolloutState === 'FAILED') ?? false)
    const failedStep = emu.state().ecs.step

    // The rollback deployment counts only the tasks it starts; the old ones still serve.
    const rolling = await describe1('prod', 'web')
    expect(rolling.deployments?.[0]).toMatchObject({
      id: seeded.deploymentId,
      rolloutState: 'IN_PROGRESS',
      runningCount: 0
    })
    expect(rolling.runningCount).toBe(2)

    const steps = await advanceUntil((s) => s.deployments?.length === 1, 'prod', 'web', 100)
    // 5 s start + 4 s health checks + 3 s drain, one second per step (± a step of scheduling).
    expect(steps).toBeGreaterThanOrEqual(12)
    expect(steps).toBeLessThanOrEqual(14)
    const running = await ecs.send(new ListTasksCommand({ cluster: 'prod', serviceName: 'web' }))
    expect(running.taskArns).toHaveLength(2)
    expect(running.taskArns?.some((arn) => before?.includes(arn))).toBe(false)
    const described = await ecs.send(
      new DescribeTasksCommand({ cluster: 'prod', tasks: running.taskArns ?? [] })
    )
    expect(described.tasks?.map((t) => [t.startedBy, t.taskDefinitionArn?.split('/')[1]])).toEqual([
      [seeded.deploymentId, 'web:1'],
      [seeded.deploymentId, 'web:1']
    ])
    const m = emu.milestones().find((x) => x.deploymentId === id)
    expect(m?.rollbackDeploymentId).toBe(seeded.deploymentId)
    expect(m?.rolledBackAt).toBeDefined()
    expect(emu.state().ecs.step - failedStep).toBe(steps)
  })

  it('rolls back within a step when the old tasks kept running, if the scenario says so', async () => {
    await seedWeb({ desiredCount: 1 })
    emu.setScenario('prod', 'web', 'fail-to-start', { rollback: { keepRunningTasks: true } })
    await deployNewRevision('nginx:missing')
    await advanceUntil((s) => s.deployments?.some((d) => d.rolloutState === 'FAILED') ?? false)
    expect(await advanceUntil((s) => s.deployments?.length === 1)).toBe(1)
  })

  it('a rollback that fails too: its tasks cannot start, the breaker fails it and nothing is left to go back to', async () => {
    const seeded = await seedWeb({ desiredCount: 1 })
    emu.setScenario('prod', 'web', 'fail-to-start', {
      rollback: { taskStartSeconds: 2, scenario: 'fail-to-start' }
    })
    const id = await deployNewRevision('nginx:missing')
    await advanceUntil((s) => s.deployments?.some((d) => d.rolloutState === 'FAILED') ?? false)
    await advanceUntil((s) => s.deployments?.[0]?.rolloutState === 'FAILED', 'prod', 'web', 100)
    const svc = await describe1('prod', 'web')
    expect(svc.deployments?.map((d) => [d.id, d.status, d.rolloutState])).toEqual([
      [seeded.deploymentId, 'PRIMARY', 'FAILED'],
      [id, 'ACTIVE', 'FAILED']
    ])
    const m = emu.milestones().find((x) => x.deploymentId === id)
    expect(m?.rollbackFailedAt).toBeDefined()
    expect(m?.rolledBackAt).toBeUndefined()
  })

  it("an UpdateService back to the previous revision after a failure is a rollback: it takes the rollback's time", async () => {
    await seedWeb({ desiredCount: 1, circuitBreaker: { enable: true, rollback: false } })
    emu.setScenario('prod', 'web', 'crash', {
      rollback: { taskStartSeconds: 6, healthCheckSeconds: 6, deregistrationDelaySeconds: 0 }
    })
    const id = await deployNewRevision('nginx:crash')
    await advanceUntil((s) => s.deployments?.[0]?.rolloutState === 'FAILED')
    const up = await ecs.send(
      new UpdateServiceCommand({ cluster: 'prod', service: 'web', taskDefinition: 'web:1' })
    )
    const rollbackId = up.service?.deployments?.find((d) => d.status === 'PRIMARY')?.id
    const steps = await advanceUntil(
      (s) => s.deployments?.[0]?.rolloutState === 'COMPLETED',
      'prod',
      'web',
      100
    )
    // The rollback's tasks run the previous revision healthily (not the crash scenario).
    expect(steps).toBeGreaterThanOrEqual(12)
    const m = emu.milestones().find((x) => x.deploymentId === id)
    expect(m?.rollbackDeploymentId).toBe(rollbackId)
    expect(m?.rolledBackAt).toBeDefined()
  })

  it('keeps a FAILED deployment PRIMARY when rollback is off', async () => {
    const seeded = await seedWeb({
      desiredCount: 1,
      circuitBreaker: { enable: true, rollback: false }
    })
    emu.setScenario('prod', 'web', 'fail-to-start')
    const id = await deployNewRevision()
    await advanceUntil((s) => s.deployments?.[0]?.rolloutState === 'FAILED')
    emu.advance(10)
    const svc = await describe1('prod', 'web')
    expect(svc.deployments?.map((d) => [d.id, d.status, d.rolloutState, d.runningCount])).toEqual([
      [id, 'PRIMARY', 'FAILED', 0],
      [seeded.deploymentId, 'ACTIVE', 'COMPLETED', 1]
    ])
    expect(svc.deployments?.[0]?.failedTasks).toBe(3)
  })

  it('without a circuit breaker stays IN_PROGRESS with failedTasks climbing', async () => {
    await seedWeb({ desiredCount: 1, circuitBreaker: undefined })
    emu.setScenario('prod', 'web', 'crash')
    const id = await deployNewRevision()
    await advanceUntil((s) => (s.deployments?.[0]?.failedTasks ?? 0) >= 5)
    const svc = await describe1('prod', 'web')
    expect(svc.deployments?.[0]).toMatchObject({
      id,
      status: 'PRIMARY',
      rolloutState: 'IN_PROGRESS'
    })
    expect(svc.events?.map((e) => e.message)).toContain(
      '(service web) is unable to consistently start tasks successfully.'
    )
    expect(emu.milestones().find((x) => x.deploymentId === id)?.thresholdAt).toBeDefined()
  })

  it('never settles: new tasks stay PENDING and the old ones keep running', async () => {
    await seedWeb({ desiredCount: 1 })
    emu.setScenario('prod', 'web', 'never-settle')
    await deployNewRevision()
    emu.advance(20)
    const svc = await describe1('prod', 'web')
    expect(svc.deployments?.map((d) => [d.rolloutState, d.runningCount, d.pendingCount])).toEqual([
      ['IN_PROGRESS', 0, 1],
      ['COMPLETED', 1, 0]
    ])
  })

  it('lets a second UpdateService supersede the first deployment', async () => {
    const seeded = await seedWeb({ desiredCount: 1 })
    emu.setScenario('prod', 'web', 'never-settle')
    const first = await deployNewRevision('nginx:a')
    emu.advance(2)
    emu.setScenario('prod', 'web', 'healthy')
    const second = await deployNewRevision('nginx:b')
    const svc = await describe1('prod', 'web')
    expect(svc.deployments?.map((d) => [d.id, d.status])).toEqual([
      [second, 'PRIMARY'],
      [first, 'ACTIVE'],
      [seeded.deploymentId, 'ACTIVE']
    ])
    await advanceUntil((s) => s.deployments?.length === 1)
    expect((await describe1('prod', 'web')).deployments?.[0]?.id).toBe(second)
    expect(emu.milestones().find((m) => m.deploymentId === first)?.supersededAt).toBeDefined()
  })

  it('insists that startedBy is the only ListTasks filter', async () => {
    const seeded = await seedWeb()
    await expect(
      ecs.send(
        new ListTasksCommand({
          cluster: 'prod',
          serviceName: 'web',
          startedBy: seeded.deploymentId
        })
      )
    ).rejects.toMatchObject({ name: 'InvalidParameterException' })
  })

  it('stops a task on request and replaces it', async () => {
    await seedWeb({ desiredCount: 1 })
    const running = await ecs.send(new ListTasksCommand({ cluster: 'prod', serviceName: 'web' }))
    const arn = running.taskArns?.[0] ?? ''
    const out = await ecs.send(new StopTaskCommand({ cluster: 'prod', task: arn, reason: 'test' }))
    expect(out.task).toMatchObject({ desiredStatus: 'STOPPED', stopCode: 'UserInitiated' })
    emu.advance(4)
    const now = await ecs.send(new ListTasksCommand({ cluster: 'prod', serviceName: 'web' }))
    expect(now.taskArns).toHaveLength(1)
    expect(now.taskArns?.[0]).not.toBe(arn)
  })

  it('deletes a service: scaled above 0 needs force, then DRAINING, then INACTIVE', async () => {
    await seedWeb()
    await expect(
      ecs.send(new DeleteServiceCommand({ cluster: 'prod', service: 'web' }))
    ).rejects.toMatchObject({
      name: 'InvalidParameterException',
      message: 'The service cannot be stopped while it is scaled above 0.'
    })
    const del = await ecs.send(
      new DeleteServiceCommand({ cluster: 'prod', service: 'web', force: true })
    )
    expect(del.service?.status).toBe('DRAINING')
    await expect(
      ecs.send(new UpdateServiceCommand({ cluster: 'prod', service: 'web', desiredCount: 1 }))
    ).rejects.toMatchObject({
      name: 'ServiceNotActiveException',
      message: 'Service was not ACTIVE.'
    })
    await advanceUntil((s) => s.status === 'INACTIVE')
    const gone = await describe1('prod', 'web')
    expect(gone.runningCount).toBe(0)

    // An INACTIVE name can be used again.
    const created = await ecs.send(
      new CreateServiceCommand({
        cluster: 'prod',
        serviceName: 'web',
        taskDefinition: 'web',
        desiredCount: 1,
        launchType: 'FARGATE',
        networkConfiguration: { awsvpcConfiguration: { subnets: ['subnet-1'] } }
      })
    )
    expect(created.service?.status).toBe('ACTIVE')
    expect(created.service?.deployments?.[0]?.rolloutState).toBe('IN_PROGRESS')
    await advanceUntil((s) => s.deployments?.[0]?.rolloutState === 'COMPLETED')
  })

  it('CreateService with a client token is idempotent for that token only', async () => {
    await seedWeb()
    const input = {
      cluster: 'prod',
      serviceName: 'api',
      taskDefinition: 'web',
      desiredCount: 1,
      launchType: 'FARGATE' as const,
      networkConfiguration: { awsvpcConfiguration: { subnets: ['subnet-1'] } },
      clientToken: 'run-4242-1'
    }
    const first = await ecs.send(new CreateServiceCommand(input))
    const again = await ecs.send(new CreateServiceCommand(input))
    expect(again.service?.serviceArn).toBe(first.service?.serviceArn)
    expect(again.service?.deployments?.map((d) => d.id)).toEqual(
      first.service?.deployments?.map((d) => d.id)
    )
    for (const clientToken of ['run-4243-1', undefined]) {
      await expect(
        ecs.send(new CreateServiceCommand({ ...input, clientToken }))
      ).rejects.toMatchObject({
        name: 'InvalidParameterException',
        message: 'Creation of service was not idempotent.'
      })
    }
    await expect(
      ecs.send(
        new CreateServiceCommand({ ...input, serviceName: 'x', clientToken: 'a'.repeat(37) })
      )
    ).rejects.toMatchObject({ name: 'InvalidParameterException' })
  })

  it('requires a network configuration for awsvpc services', async () => {
    await ecs.send(new RegisterTaskDefinitionCommand(taskDef()))
    await expect(
      ecs.send(
        new CreateServiceCommand({
          serviceName: 'api',
          taskDefinition: 'web',
          desiredCount: 1,
          launchType: 'FARGATE'
        })
      )
    ).rejects.toMatchObject({
      name: 'InvalidParameterException',
      message: "Network Configuration must be provided when networkMode 'awsvpc' is specified."
    })
  })

  it('kills tasks failing ELB health checks and counts them toward the breaker', async () => {
    const tg =
      'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web/0c44b1cdb3437902'
    await seedWeb({
      desiredCount: 1,
      circuitBreaker: { enable: true, rollback: false },
      loadBalancers: [{ targetGroupArn: tg, containerName: 'web', containerPort: 8080 }]
    })
    emu.setScenario('prod', 'web', 'unhealthy')
    const id = await deployNewRevision()
    await advanceUntil((s) => s.deployments?.[0]?.rolloutState === 'FAILED')
    const svc = await describe1('prod', 'web')
    const messages = (svc.events ?? []).map((e) => e.message ?? '')
    expect(messages).toContainEqual(
      expect.stringMatching(
        new RegExp(
          `^\\(service web\\) \\(task [0-9a-f]{32}\\) \\(port 8080\\) is unhealthy in \\(target-group ${tg}\\)`
        )
      )
    )
    expect(messages).toContain(`(service web) registered 1 targets in (target-group ${tg})`)
    emu.advance()
    const stopped = await ecs.send(
      new ListTasksCommand({ cluster: 'prod', serviceName: 'web', desiredStatus: 'STOPPED' })
    )
    const tasks = await ecs.send(
      new DescribeTasksCommand({ cluster: 'prod', tasks: stopped.taskArns ?? [] })
    )
    expect(tasks.tasks?.filter((t) => t.startedBy === id).map((t) => t.stoppedReason)).toEqual([
      `Task failed ELB health checks in (target-group ${tg})`,
      `Task failed ELB health checks in (target-group ${tg})`,
      `Task failed ELB health checks in (target-group ${tg})`
    ])
  })
})

describe('clusters and tags', () => {
  it('describes clusters with MISSING failures', async () => {
    await seedWeb()
    const out = await ecs.send(new DescribeClustersCommand({ clusters: ['prod', 'nope'] }))
    expect(out.clusters?.[0]).toMatchObject({
      clusterName: 'prod',
      status: 'ACTIVE',
      runningTasksCount: 2
    })
    expect(out.failures).toEqual([
      { arn: 'arn:aws:ecs:us-east-1:123456789012:cluster/nope', reason: 'MISSING' }
    ])
  })

  it('tags services and task definitions', async () => {
    const seeded = await seedWeb({ tags: [{ key: 'preview-of', value: 'web' }] })
    await ecs.send(
      new TagResourceCommand({
        resourceArn: seeded.serviceArn,
        tags: [
          { key: 'pull-request', value: '7' },
          { key: 'preview-of', value: 'api' }
        ]
      })
    )
    await ecs.send(
      new UntagResourceCommand({ resourceArn: seeded.serviceArn, tagKeys: ['pull-request'] })
    )
    const tags = await ecs.send(new ListTagsForResourceCommand({ resourceArn: seeded.serviceArn }))
    expect(tags.tags).toEqual([{ key: 'preview-of', value: 'api' }])
    const described = await ecs.send(
      new DescribeServicesCommand({
        cluster: 'prod',
        services: [seeded.serviceArn],
        include: ['TAGS']
      })
    )
    expect(described.services?.[0]?.tags).toEqual([{ key: 'preview-of', value: 'api' }])
    const tdTags = await ecs.send(
      new ListTagsForResourceCommand({ resourceArn: seeded.taskDefinitionArn })
    )
    expect(tdTags.tags).toEqual([{ key: 'team', value: 'core' }])
  })
})

describe('several services in one DescribeServices (issue 10)', () => {
  it('answers up to 10 services in one call, each rolling out on its own scenario', async () => {
    for (const [name, scenario] of [
      ['web', 'healthy'],
      ['worker', 'healthy'],
      ['cron', 'crash']
    ] as const) {
      await emu.seedService({
        cluster: 'prod',
        serviceName: name,
        taskDefinition: { ...taskDef(), family: name },
        desiredCount: 1,
        circuitBreaker: { enable: true, rollback: true },
        scenario
      })
      const reg = await ecs.send(
        new RegisterTaskDefinitionCommand({ ...taskDef('nginx:1.28'), family: name })
      )
      await ecs.send(
        new UpdateServiceCommand({
          cluster: 'prod',
          service: name,
          taskDefinition: reg.taskDefinition?.taskDefinitionArn
        })
      )
    }
    const names = ['web', 'worker', 'cron']
    const read = async (): Promise<Service[]> =>
      (await ecs.send(new DescribeServicesCommand({ cluster: 'prod', services: names })))
        .services ?? []
    const primary = (s: Service | undefined) => s?.deployments?.find((d) => d.status === 'PRIMARY')
    let services: Service[] = await read()
    expect(services.map((s) => s.serviceName)).toEqual(names)
    for (let i = 0; i < 200; i++) {
      emu.advance()
      services = await read()
      const failed = services[2]?.deployments?.some((d) => d.rolloutState === 'FAILED')
      if (failed && services.slice(0, 2).every((s) => primary(s)?.rolloutState === 'COMPLETED'))
        break
    }
    expect(services.slice(0, 2).map((s) => [s.taskDefinition, primary(s)?.rolloutState])).toEqual([
      ['arn:aws:ecs:us-east-1:123456789012:task-definition/web:2', 'COMPLETED'],
      ['arn:aws:ecs:us-east-1:123456789012:task-definition/worker:2', 'COMPLETED']
    ])
    // The circuit breaker failed cron's deployment and rolls it back to its first revision.
    expect(services[2]?.taskDefinition).toBe(
      'arn:aws:ecs:us-east-1:123456789012:task-definition/cron:1'
    )
    await expect(
      ecs.send(
        new DescribeServicesCommand({
          cluster: 'prod',
          services: Array.from({ length: 11 }, (_, i) => `s${i}`)
        })
      )
    ).rejects.toMatchObject({ name: 'InvalidParameterException' })
  })
})
