/**
 * A base service `web` in cluster `prod`, behind an ALB: the project's
 * emulator in process (ECS and ELBv2 with real state), reached by the real
 * SDK clients over HTTP. What the preview flow tests start from.
 *
 * Time is the fake clock's: the emulator records calls at the clock's time,
 * and stands still (manual mode) except that each sleep of the code under
 * test lets ECS take one scheduler step, so a deleted service drains while
 * destroy waits. Tests read the order of calls from the emulator's records.
 */
import {
  DescribeServicesCommand,
  ECSClient,
  RegisterTaskDefinitionCommand,
  type Service
} from '@aws-sdk/client-ecs'
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2'
import { MemoryLogger } from '../../../src/util/log.js'
import { FakeClock } from '../../../test-support/fake-clock.js'
import {
  createElbv2Service,
  type Elbv2Service,
  type SeedApplicationOptions,
  type SeededApplication
} from '../../../test-support/emulator/elbv2.js'
import type { SeedServiceSpec } from '../../../test-support/emulator/ecs-state.js'
import {
  startEmulator,
  type CallRecord,
  type Emulator
} from '../../../test-support/emulator/server.js'

export const BASE_IMAGE =
  '123456789012.dkr.ecr.us-east-1.amazonaws.com/web@sha256:' + 'b'.repeat(64)

/** A Fargate task definition of `family` whose container `app` listens on 8080. */
export function taskDefinitionBody(family: string, image = 'web:latest') {
  return {
    family,
    networkMode: 'awsvpc' as const,
    requiresCompatibilities: ['FARGATE' as const],
    cpu: '256',
    memory: '512',
    containerDefinitions: [{ name: 'app', image, portMappings: [{ containerPort: 8080 }] }]
  }
}

export interface World {
  emulator: Emulator
  ecs: ECSClient
  elb: { service: Elbv2Service; client: ElasticLoadBalancingV2Client }
  app: SeededApplication
  /** The base service as DescribeServices returns it, without tags (what checkService hands over). */
  base: Service
  baseTaskDefinition: string
  log: MemoryLogger
  clock: FakeClock
  deps: { ecs: ECSClient; elb: ElasticLoadBalancingV2Client; log: MemoryLogger; clock: FakeClock }
  /** Every call the emulator answered since the last `mark()`, in order: `ecs:CreateService web-pr-12`, … */
  order(): string[]
  /** The calls of `order()` that change something (no Describe*, List*). */
  writes(): string[]
  /** Calls since the last `mark()` that changed the base service, its task definition or target group. */
  touchesBase(): CallRecord[]
  /** Forgets the calls so far. */
  mark(): void
  /** Registers a revision of `family` (tagged), as the action does; returns its ARN. */
  register(family: string, tags?: Record<string, string>): Promise<string>
  /** A service already running in `prod` (on the base's task definition unless told). */
  addService(
    spec: Omit<SeedServiceSpec, 'cluster' | 'taskDefinition'> & { taskDefinition?: string }
  ): Promise<void>
  /** The service as DescribeServices shows it (with tags unless told); undefined when ECS reports it MISSING. */
  service(name: string, tags?: boolean): Promise<Service | undefined>
  /** A task definition revision's status as ECS holds it (DELETE_IN_PROGRESS included). */
  taskDefinitionStatus(arn: string): string | undefined
  close(): Promise<void>
}

const nameOf = (ref: unknown): string => {
  const s = String(ref ?? '')
  return s.slice(s.lastIndexOf('/') + 1)
}

/** One call as the preview tests compare them: `ecs:UpdateService web-pr-12 desiredCount=0`. */
function describeCall(call: CallRecord): string {
  const input = (call.input ?? {}) as Record<string, unknown>
  if (call.service === 'elasticloadbalancing') {
    const target = call.operation.startsWith('Delete')
      ? (input['TargetGroupArn'] ?? input['RuleArn'])
      : undefined
    return target ? `elb:${call.operation} ${String(target)}` : `elb:${call.operation}`
  }
  const op = call.operation
  const list = (key: string): string =>
    ((input[key] as unknown[] | undefined) ?? []).map(nameOf).join(',')
  const target: Record<string, () => string> = {
    DescribeServices: () => list('services'),
    CreateService: () => String(input['serviceName']),
    UpdateService: () =>
      nameOf(input['service']) +
      (input['desiredCount'] !== undefined ? ` desiredCount=${String(input['desiredCount'])}` : ''),
    DeleteService: () => nameOf(input['service']),
    ListTaskDefinitions: () =>
      `${String(input['familyPrefix'] ?? '')} ${String(input['status'] ?? 'ACTIVE')}`,
    DescribeTaskDefinition: () => nameOf(input['taskDefinition']),
    DeregisterTaskDefinition: () => nameOf(input['taskDefinition']),
    DeleteTaskDefinitions: () => list('taskDefinitions')
  }
  const what = target[op]?.()
  return `${call.service}:${op}${what ? ` ${what}` : ''}`
}

const isRead = (call: CallRecord): boolean => /^(Describe|List)/.test(call.operation)

export async function startWorld(
  options: {
    app?: Partial<SeedApplicationOptions>
    base?: Partial<SeedServiceSpec>
    loadBalanced?: boolean
  } = {}
): Promise<World> {
  const clock = new FakeClock(1_800_000_000_000)
  let elbService: Elbv2Service | undefined
  const emulator = await startEmulator({
    mode: 'manual',
    clusters: ['prod'],
    now: () => clock.now(),
    // Short pages, so the flows' paging over ListServices / ListTaskDefinitions is exercised.
    maxPageSize: 3,
    queryServices: [(ctx) => (elbService = createElbv2Service(ctx))]
  })
  // While the code under test waits, ECS works: one scheduler step per sleep.
  clock.onSleep = () => emulator.advance(1)
  const clientOptions = {
    region: emulator.region,
    endpoint: emulator.url,
    credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
    // One attempt per call: an injected fault reaches the flow as the one failure it is about.
    maxAttempts: 1
  }
  const ecs = new ECSClient(clientOptions)
  const elbClient = new ElasticLoadBalancingV2Client(clientOptions)
  const elb = { service: elbService!, client: elbClient }
  const app = elb.service.control.seedApplication({ name: 'web-alb', ...options.app })
  const seeded = await emulator.seedService({
    cluster: 'prod',
    serviceName: 'web',
    taskDefinition: taskDefinitionBody('web', BASE_IMAGE),
    desiredCount: 3,
    launchType: 'FARGATE',
    platformVersion: '1.4.0',
    networkConfiguration: {
      awsvpcConfiguration: {
        subnets: ['subnet-a', 'subnet-b'],
        securityGroups: ['sg-web'],
        assignPublicIp: 'DISABLED'
      }
    },
    enableExecuteCommand: true,
    propagateTags: 'SERVICE',
    healthCheckGracePeriodSeconds: 30,
    maximumPercent: 200,
    minimumHealthyPercent: 100,
    circuitBreaker: { enable: true, rollback: true },
    deploymentConfiguration: { alarms: { alarmNames: ['web-5xx'], enable: true, rollback: true } },
    ...(options.loadBalanced === false
      ? {}
      : {
          loadBalancers: [
            { targetGroupArn: app.targetGroupArn, containerName: 'app', containerPort: 8080 }
          ]
        }),
    tags: [{ key: 'team', value: 'web' }],
    ...options.base
  })
  const describe = async (name: string, tags: boolean): Promise<Service | undefined> =>
    (
      await ecs.send(
        new DescribeServicesCommand({
          cluster: 'prod',
          services: [name],
          ...(tags ? { include: ['TAGS' as const] } : {})
        })
      )
    ).services?.[0]
  const base = (await describe('web', false))!
  emulator.clearCalls()
  const log = new MemoryLogger()
  const baseTg = app.targetGroupArn
  const baseTd = seeded.taskDefinitionArn
  const world: World = {
    emulator,
    ecs,
    elb,
    app,
    base,
    baseTaskDefinition: baseTd,
    log,
    clock,
    deps: { ecs, elb: elbClient, log, clock },
    order: () => emulator.calls().map(describeCall),
    writes: () =>
      emulator
        .calls()
        .filter((c) => !isRead(c))
        .map(describeCall),
    touchesBase: () =>
      emulator
        .calls()
        .filter((c) => !isRead(c))
        .filter((c) => {
          const input = (c.input ?? {}) as Record<string, unknown>
          const text = JSON.stringify(input)
          return (
            (c.service === 'ecs' && nameOf(input['service'] ?? input['serviceName']) === 'web') ||
            text.includes(`"${baseTd}"`) ||
            text.includes(`"${seeded.serviceArn}"`) ||
            text.includes(`"${baseTg}"`)
          )
        }),
    mark: () => emulator.clearCalls(),
    register: async (family, tags = {}) => {
      const out = await ecs.send(
        new RegisterTaskDefinitionCommand({
          ...taskDefinitionBody(family),
          ...(Object.keys(tags).length
            ? { tags: Object.entries(tags).map(([key, value]) => ({ key, value })) }
            : {})
        })
      )
      return out.taskDefinition!.taskDefinitionArn!
    },
    addService: async ({ taskDefinition, ...spec }) => {
      await emulator.seedService({
        cluster: 'prod',
        taskDefinition: taskDefinition ?? baseTd,
        ...spec
      })
    },
    service: (name, tags = true) => describe(name, tags),
    taskDefinitionStatus: (arn) =>
      emulator.state().ecs.taskDefinitions.find((td) => td['taskDefinitionArn'] === arn)?.[
        'status'
      ] as string | undefined,
    close: async () => {
      ecs.destroy()
      elbClient.destroy()
      await emulator.close()
    }
  }
  return world
}
