/**
 * A small stateful ECS behind aws-sdk-client-mock, for the preview flow
 * tests: services (tags only with include: TAGS, as ECS does; deleted
 * services drain, then turn INACTIVE after a few describes), task
 * definition revisions with ACTIVE → INACTIVE → DELETE_IN_PROGRESS, and an
 * ordered log of every call shared with the ELB side.
 */
import { mockClient } from 'aws-sdk-client-mock'
import {
  ClientException,
  CreateServiceCommand,
  DeleteServiceCommand,
  DeleteTaskDefinitionsCommand,
  DeregisterTaskDefinitionCommand,
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  ECSClient,
  InvalidParameterException,
  ListServicesCommand,
  ListTaskDefinitionsCommand,
  ServiceNotFoundException,
  UpdateServiceCommand,
  type Service,
  type Tag,
  type TaskDefinition
} from '@aws-sdk/client-ecs'

export const REGION = 'us-east-1'
export const ACCOUNT = '123456789012'
const arnPrefix = `arn:aws:ecs:${REGION}:${ACCOUNT}`

export interface EcsFake {
  client: ECSClient
  mock: ReturnType<typeof mockClient>
  services: Map<string, Service>
  taskDefinitions: Map<string, { taskDefinition: TaskDefinition; tags: Tag[] }>
  /** Shared ordered log: `ecs:CreateService web-pr-12`, … */
  order: string[]
  /** Describes a deleted service stays DRAINING before INACTIVE; Infinity = forever. */
  drainDescribes: number
  addService(service: Service): Service
  registerTaskDefinition(family: string, tags?: Record<string, string>, image?: string): string
  /** Calls that changed something, as `Op target`. */
  writes(): string[]
  /** The next call of `op` throws `error` (after being logged). */
  failNext(op: string, error: Error): void
  restore(): void
}

export function startEcsFake(cluster = 'prod'): EcsFake {
  const mock = mockClient(ECSClient)
  const client = new ECSClient({ region: REGION })
  const services = new Map<string, Service>()
  const taskDefinitions = new Map<string, { taskDefinition: TaskDefinition; tags: Tag[] }>()
  const drainCount = new Map<string, number>()
  const order: string[] = []
  const revisions = new Map<string, number>()
  let deploymentSeq = 1000
  const failures = new Map<string, Error>()
  const take = (op: string): void => {
    const error = failures.get(op)
    if (error) {
      failures.delete(op)
      throw error
    }
  }

  const fake: EcsFake = {
    client,
    mock,
    services,
    taskDefinitions,
    order,
    drainDescribes: 2,
    addService(service) {
      const name = service.serviceName ?? ''
      const full: Service = {
        serviceArn: `${arnPrefix}:service/${cluster}/${name}`,
        clusterArn: `${arnPrefix}:cluster/${cluster}`,
        status: 'ACTIVE',
        desiredCount: 1,
        runningCount: 1,
        pendingCount: 0,
        deploymentController: { type: 'ECS' },
        schedulingStrategy: 'REPLICA',
        deployments: [
          { id: `ecs-svc/${deploymentSeq++}`, status: 'PRIMARY', rolloutState: 'COMPLETED' }
        ],
        ...service
      }
      services.set(name, full)
      return full
    },
    registerTaskDefinition(family, tags = {}, image = 'web:latest') {
      const revision = (revisions.get(family) ?? 0) + 1
      revisions.set(family, revision)
      const arn = `${arnPrefix}:task-definition/${family}:${revision}`
      taskDefinitions.set(arn, {
        taskDefinition: {
          taskDefinitionArn: arn,
          family,
          revision,
          status: 'ACTIVE',
          containerDefinitions: [{ name: 'app', image }]
        },
        tags: Object.entries(tags).map(([key, value]) => ({ key, value }))
      })
      return arn
    },
    writes() {
      return order.filter((o) => !/^(ecs|elb):(Describe|List)/.test(o))
    },
    failNext(op, error) {
      failures.set(op, error)
    },
    restore() {
      mock.restore()
    }
  }

  const nameOf = (ref: string): string => ref.slice(ref.lastIndexOf('/') + 1)
  const view = (s: Service, withTags: boolean): Service => {
    const copy = structuredClone(s)
    if (!withTags) delete copy.tags
    return copy
  }

  mock
    .on(DescribeServicesCommand)
    .callsFake((input: { cluster?: string; services?: string[]; include?: string[] }) => {
      order.push(`ecs:DescribeServices ${(input.services ?? []).map(nameOf).join(',')}`)
      take('DescribeServices')
      const found: Service[] = []
      const failures: Array<{ arn: string; reason: string }> = []
      for (const ref of input.services ?? []) {
        const name = nameOf(ref)
        const s = services.get(name)
        if (!s) {
          failures.push({ arn: `${arnPrefix}:service/${cluster}/${name}`, reason: 'MISSING' })
          continue
        }
        if (s.status === 'DRAINING') {
          const n = (drainCount.get(name) ?? 0) + 1
          drainCount.set(name, n)
          if (n > fake.drainDescribes) {
            s.status = 'INACTIVE'
            s.runningCount = 0
          }
        }
        found.push(view(s, (input.include ?? []).includes('TAGS')))
      }
      return { services: found, failures }
    })

  mock.on(ListServicesCommand).callsFake((input: { nextToken?: string; maxResults?: number }) => {
    order.push('ecs:ListServices')
    const arns = [...services.values()]
      .filter((s) => s.status !== 'INACTIVE')
      .map((s) => s.serviceArn ?? '')
    const start = Number(input.nextToken ?? 0)
    const size = Math.min(input.maxResults ?? 10, 3) // small pages, to exercise paging
    const page = arns.slice(start, start + size)
    return start + size < arns.length
      ? { serviceArns: page, nextToken: String(start + size) }
      : { serviceArns: page }
  })

  mock.on(CreateServiceCommand).callsFake((input: Record<string, unknown>) => {
    const name = String(input['serviceName'])
    order.push(`ecs:CreateService ${name}`)
    take('CreateService')
    const existing = services.get(name)
    if (existing && existing.status !== 'INACTIVE') {
      throw new InvalidParameterException({
        message: 'Creation of service was not idempotent.',
        $metadata: {}
      })
    }
    const taskDefinition = String(input['taskDefinition'])
    const { cluster: _c, clientToken: _t, ...rest } = input
    const created = fake.addService({
      ...(rest as Service),
      serviceName: name,
      taskDefinition,
      runningCount: 0,
      deployments: [
        {
          id: `ecs-svc/${deploymentSeq++}`,
          status: 'PRIMARY',
          rolloutState: 'IN_PROGRESS',
          taskDefinition
        }
      ]
    })
    return { service: view(created, false) }
  })

  mock.on(UpdateServiceCommand).callsFake((input: { service?: string; desiredCount?: number }) => {
    const name = nameOf(input.service ?? '')
    order.push(
      `ecs:UpdateService ${name}${input.desiredCount !== undefined ? ` desiredCount=${input.desiredCount}` : ''}`
    )
    take('UpdateService')
    const s = services.get(name)
    if (!s || s.status === 'INACTIVE')
      throw new ServiceNotFoundException({ message: 'Service not found.', $metadata: {} })
    if (input.desiredCount !== undefined) s.desiredCount = input.desiredCount
    return { service: view(s, false) }
  })

  mock.on(DeleteServiceCommand).callsFake((input: { service?: string; force?: boolean }) => {
    const name = nameOf(input.service ?? '')
    order.push(`ecs:DeleteService ${name}`)
    take('DeleteService')
    const s = services.get(name)
    if (!s || s.status === 'INACTIVE')
      throw new ServiceNotFoundException({ message: 'Service not found.', $metadata: {} })
    if (!input.force && (s.desiredCount ?? 0) > 0) {
      throw new InvalidParameterException({
        message: 'The service cannot be stopped while it is scaled above 0.',
        $metadata: {}
      })
    }
    s.status = 'DRAINING'
    return { service: view(s, false) }
  })

  mock
    .on(ListTaskDefinitionsCommand)
    .callsFake(
      (input: {
        familyPrefix?: string
        status?: string
        nextToken?: string
        maxResults?: number
      }) => {
        order.push(
          `ecs:ListTaskDefinitions ${input.familyPrefix ?? ''} ${input.status ?? 'ACTIVE'}`
        )
        take('ListTaskDefinitions')
        const arns = [...taskDefinitions.values()]
          .filter((t) => (t.taskDefinition.family ?? '').startsWith(input.familyPrefix ?? ''))
          .filter((t) => t.taskDefinition.status === (input.status ?? 'ACTIVE'))
          .map((t) => t.taskDefinition.taskDefinitionArn ?? '')
        const start = Number(input.nextToken ?? 0)
        const size = Math.min(input.maxResults ?? 100, 2) // small pages, to exercise paging
        return start + size < arns.length
          ? { taskDefinitionArns: arns.slice(start, start + size), nextToken: String(start + size) }
          : { taskDefinitionArns: arns.slice(start) }
      }
    )

  mock
    .on(DescribeTaskDefinitionCommand)
    .callsFake((input: { taskDefinition?: string; include?: string[] }) => {
      order.push(`ecs:DescribeTaskDefinition ${nameOf(input.taskDefinition ?? '')}`)
      take('DescribeTaskDefinition')
      const t = taskDefinitions.get(input.taskDefinition ?? '')
      if (!t || t.taskDefinition.status === 'DELETE_IN_PROGRESS') {
        throw new ClientException({ message: 'Unable to describe task definition.', $metadata: {} })
      }
      return {
        taskDefinition: structuredClone(t.taskDefinition),
        ...((input.include ?? []).includes('TAGS') ? { tags: structuredClone(t.tags) } : {})
      }
    })

  mock.on(DeregisterTaskDefinitionCommand).callsFake((input: { taskDefinition?: string }) => {
    order.push(`ecs:DeregisterTaskDefinition ${nameOf(input.taskDefinition ?? '')}`)
    take('DeregisterTaskDefinition')
    const t = taskDefinitions.get(input.taskDefinition ?? '')
    if (!t)
      throw new ClientException({ message: 'Unable to describe task definition.', $metadata: {} })
    t.taskDefinition.status = 'INACTIVE'
    return { taskDefinition: structuredClone(t.taskDefinition) }
  })

  mock.on(DeleteTaskDefinitionsCommand).callsFake((input: { taskDefinitions?: string[] }) => {
    order.push(`ecs:DeleteTaskDefinitions ${(input.taskDefinitions ?? []).map(nameOf).join(',')}`)
    take('DeleteTaskDefinitions')
    if ((input.taskDefinitions ?? []).length > 10) {
      throw new InvalidParameterException({
        message: 'At most 10 task definitions.',
        $metadata: {}
      })
    }
    const deleted: TaskDefinition[] = []
    const failures: Array<{ arn: string; reason: string }> = []
    for (const arn of input.taskDefinitions ?? []) {
      const t = taskDefinitions.get(arn)
      if (!t) failures.push({ arn, reason: 'TASK_DEFINITION_NOT_FOUND' })
      else if (t.taskDefinition.status !== 'INACTIVE') {
        failures.push({ arn, reason: 'The specified task definition is still in ACTIVE status.' })
      } else {
        t.taskDefinition.status = 'DELETE_IN_PROGRESS'
        deleted.push(structuredClone(t.taskDefinition))
      }
    }
    return { taskDefinitions: deleted, failures }
  })

  return fake
}
