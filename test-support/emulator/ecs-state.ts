/**
 * ECS state: clusters, task definition families, services with their
 * deployments and events, tasks, and the per-deployment milestones the
 * benchmark reads. Also how each of them looks on the wire (ecs-facts §3).
 * The rollout engine (ecs-rollout.ts) moves this state; the API (ecs.ts)
 * reads and writes it.
 */
import { epochSeconds } from './protocol.js'
import type { StrategyScenario } from './ecs-strategy.js'

export type Json = Record<string, unknown>

/** What a service's new deployments do (set with `setScenario`). */
export type ScenarioName = 'healthy' | 'fail-to-start' | 'crash' | 'unhealthy' | 'never-settle'

export interface ScenarioOptions {
  /** Steps from launch to RUNNING (or to the start failure). Default 2 (PROVISIONING → PENDING → …). */
  readonly startSteps?: number
  /** Steps a failed task's replacement waits before launch (ECS's start throttle). Default 0. */
  readonly retryDelaySteps?: number
  /** crash / unhealthy: steps a task stays RUNNING before it exits / is killed. Default 1. */
  readonly runSteps?: number
  /** crash: the container's exit code. Default 1. */
  readonly exitCode?: number
  /** crash: the container's `reason`, e.g. `OutOfMemoryError: Container killed due to memory usage`. */
  readonly containerReason?: string
  /** fail-to-start: the stopped reason. Default a CannotPullContainerError naming the image. */
  readonly reason?: string
  /** The container that fails; default the first essential one. */
  readonly container?: string
  /**
   * Lines the failing container writes to CloudWatch (awslogs driver only):
   * crash — written before it exits (default a short Node.js stack trace);
   * healthy — written when it starts (default none).
   */
  readonly logLines?: readonly string[]
  /** How a rollback of this service's deployments goes (by the circuit breaker or an UpdateService back). */
  readonly rollback?: RollbackSpec
}

/**
 * A rollback takes time like any deployment (ecs-facts §4.3): the rollback
 * deployment starts tasks of the previous revision, each pulls and starts and
 * then passes its health checks, and the tasks it replaces drain (target
 * deregistration delay) before it completes. Times are emulated seconds
 * (EcsOptions: a step stands for stepMs × timeScale in real time, 1 s when
 * stepped by hand). Defaults: 20 + 30 + 10 s, a one-minute rollback.
 */
export interface RollbackSpec {
  /** Image pull and start of each task of the previous revision. Default 20. */
  readonly taskStartSeconds?: number
  /** Container and load-balancer health checks until a started task counts as healthy. Default 30. */
  readonly healthCheckSeconds?: number
  /** How long a replaced running task drains before it stops. Default 10. */
  readonly deregistrationDelaySeconds?: number
  /**
   * The previous revision's tasks kept running and count at once (the fast case: minimum
   * healthy 100 %, no failed task ever registered): only the failed revision's tasks drain.
   */
  readonly keepRunningTasks?: boolean
  /** What the rollback's tasks do; default healthy. `fail-to-start` or `crash`: the rollback fails too. */
  readonly scenario?: ScenarioName
  readonly scenarioOptions?: Omit<ScenarioOptions, 'rollback'>
}

export const DEFAULT_ROLLBACK = {
  taskStartSeconds: 20,
  healthCheckSeconds: 30,
  deregistrationDelaySeconds: 10
} as const

export interface Scenario {
  readonly name: ScenarioName
  readonly options: ScenarioOptions
}

export const SCENARIOS: readonly ScenarioName[] = [
  'healthy',
  'fail-to-start',
  'crash',
  'unhealthy',
  'never-settle'
]

export const DEFAULT_CRASH_LINES: readonly string[] = [
  'Server starting on port 8080',
  'Error: connect ECONNREFUSED 10.0.1.17:5432',
  '    at TCPConnectWrap.afterConnect [as oncomplete] (node:net:1637:16)',
  'Process exited with code 1'
]

/** Wall-clock milliseconds of what happened to one deployment. */
export interface DeploymentMilestones {
  readonly deploymentId: string
  readonly cluster: string
  readonly service: string
  readonly taskDefinition: string
  /** When UpdateService/CreateService (or the seed) created it. */
  createdAt: number
  /** When it became COMPLETED (steady). A rollback target keeps its first time. */
  steadyAt?: number
  /** When the threshold-th consecutive task failure happened (with or without a circuit breaker). */
  thresholdAt?: number
  /** When ECS marked its rollout FAILED. */
  failedAt?: number
  /** When the circuit breaker started rolling back from it. */
  rollbackStartedAt?: number
  /** When the deployment rolled back to reached COMPLETED again. */
  rolledBackAt?: number
  /** The rollback from it: its deployment id, and when that deployment failed too. */
  rollbackDeploymentId?: string
  rollbackFailedAt?: number
  /** When a newer deployment replaced it before it completed. */
  supersededAt?: number
}

export interface EventRecord {
  readonly id: string
  readonly createdAt: number
  readonly message: string
}

export interface ClusterRecord {
  readonly name: string
  readonly arn: string
  tags: Json[]
}

export interface TaskDefinitionRecord {
  readonly family: string
  readonly revision: number
  readonly arn: string
  status: 'ACTIVE' | 'INACTIVE' | 'DELETE_IN_PROGRESS'
  /** The registered members (no tags) with ECS's server-side defaults. */
  readonly body: Json
  tags: Json[]
  readonly registeredAt: number
  deregisteredAt?: number
  deleteRequestedAt?: number
}

export type RolloutState = 'IN_PROGRESS' | 'COMPLETED' | 'FAILED'

export interface DeploymentRecord {
  readonly id: string
  status: 'PRIMARY' | 'ACTIVE'
  readonly taskDefinition: string
  desiredCount: number
  readonly createdAt: number
  updatedAt: number
  readonly launchType?: string
  readonly capacityProviderStrategy?: Json[]
  readonly platformVersion?: string
  readonly networkConfiguration?: Json
  /** Service-managed EBS volumes of this deployment (UpdateService `volumeConfigurations`). */
  readonly volumeConfigurations?: Json[]
  rolloutState: RolloutState
  rolloutStateReason: string
  failedTasks: number
  readonly scenario: Scenario
  /** CannotPullContainerError text when an image is not in the local registry. */
  readonly imageFailure?: { readonly container: string; readonly reason: string }
  /** No launches before this step (start throttle after failures). */
  retryAtStep: number
  /** The unable-to-start event was emitted (it is not repeated). */
  throttleEventSent: boolean
  /** The deployment this one rolled back from, while rolling back. */
  rollingBackFrom?: string
  /** Step the rollback started at: it completes on a later step at the earliest. */
  rollbackStep?: number
  /** While this deployment rolls back: how its tasks start and what they replace drains. */
  rollback?: {
    readonly startSteps: number
    readonly healthSteps: number
    readonly drainSteps: number
    readonly scenario: Scenario
  }
}

export interface ServiceRecord {
  readonly name: string
  readonly arn: string
  readonly cluster: string
  status: 'ACTIVE' | 'DRAINING' | 'INACTIVE'
  desiredCount: number
  taskDefinition: string
  /** The wire members that are configuration (launchType, networkConfiguration, …). */
  config: Json
  tags: Json[]
  readonly createdAt: number
  deployments: DeploymentRecord[]
  events: EventRecord[]
  scenario: Scenario
  /** A desired-count change waits for its steady-state event. */
  steadyPending: boolean
}

export interface ContainerRecord {
  readonly name: string
  readonly image: string
  readonly essential: boolean
  readonly arn: string
  readonly runtimeId: string
  lastStatus: string
  exitCode?: number
  reason?: string
  /** awslogs destination, when the container logs there. */
  readonly awslogs?: { readonly group: string; readonly stream: string }
}

export type TaskFate =
  | { readonly kind: 'healthy'; readonly logLines: readonly string[] }
  | { readonly kind: 'never-settle' }
  | { readonly kind: 'fail-to-start'; readonly container: string; readonly reason: string }
  | {
      readonly kind: 'crash'
      readonly container: string
      readonly exitCode: number
      readonly containerReason?: string
      readonly logLines: readonly string[]
      readonly runSteps: number
    }
  | { readonly kind: 'unhealthy'; readonly runSteps: number }

export interface TaskRecord {
  readonly id: string
  readonly arn: string
  readonly cluster: string
  readonly service: string
  readonly deploymentId: string
  readonly taskDefinitionArn: string
  readonly group: string
  readonly launchType?: string
  readonly cpu?: string
  readonly memory?: string
  readonly fate: TaskFate
  readonly startSteps: number
  /** Steps RUNNING before it counts as healthy (health checks). Default 1. */
  readonly healthSteps?: number
  /** A task of the rollback target from before the rollback: replaced like an old deployment's. */
  stale?: boolean
  /** Draining (deregistration delay): it reaches STOPPED at this step. */
  drainUntilStep?: number
  lastStatus: string
  desiredStatus: 'RUNNING' | 'STOPPED'
  /** Steps since launch, and since RUNNING. */
  age: number
  runningFor: number
  /** RUNNING for a full step: counts toward completion. */
  healthy: boolean
  readonly createdAt: number
  pullStartedAt?: number
  pullStoppedAt?: number
  startedAt?: number
  stoppingAt?: number
  stoppedAt?: number
  stopCode?: string
  stoppedReason?: string
  version: number
  readonly containers: ContainerRecord[]
  tags: Json[]
  /** Stand-alone tasks (RunTask): the overrides, platform and ENI as RunTask set them. */
  readonly overrides?: Json
  readonly platformVersion?: string
  readonly capacityProviderName?: string
  readonly attachments?: Json[]
}

/** Deterministic ids (deployment, task, event) from a seeded generator. */
export class Ids {
  private s: number
  constructor(private readonly seed: number) {
    this.s = seed >>> 0
  }
  reset(): void {
    this.s = this.seed >>> 0
  }
  private next(): number {
    // mulberry32
    this.s = (this.s + 0x6d2b79f5) >>> 0
    let t = this.s
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  private chars(n: number, alphabet: string): string {
    let out = ''
    for (let i = 0; i < n; i++) out += alphabet[Math.floor(this.next() * alphabet.length)]
    return out
  }
  hex(n: number): string {
    return this.chars(n, '0123456789abcdef')
  }
  /** `ecs-svc/` + 19 digits. */
  deploymentId(): string {
    return `ecs-svc/${this.chars(1, '123456789')}${this.chars(18, '0123456789')}`
  }
  uuid(): string {
    const h = this.hex(32)
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20)}`
  }
}

/** ARNs and names the way ECS writes them. */
export class Arns {
  constructor(
    readonly region: string,
    readonly accountId: string
  ) {}
  private base(): string {
    return `arn:aws:ecs:${this.region}:${this.accountId}`
  }
  cluster(name: string): string {
    return `${this.base()}:cluster/${name}`
  }
  service(cluster: string, name: string): string {
    return `${this.base()}:service/${cluster}/${name}`
  }
  /** The form DescribeServices puts in a MISSING failure ([U] facts §1.3). */
  missingService(name: string): string {
    return `${this.base()}:service/${name}`
  }
  taskDefinition(family: string, revision: number): string {
    return `${this.base()}:task-definition/${family}:${revision}`
  }
  task(cluster: string, id: string): string {
    return `${this.base()}:task/${cluster}/${id}`
  }
  container(cluster: string, taskId: string, uuid: string): string {
    return `${this.base()}:container/${cluster}/${taskId}/${uuid}`
  }
  principal(): string {
    return `arn:aws:iam::${this.accountId}:root`
  }
}

/** Name from a name or an ARN (`…:cluster/x`, `…:service/c/x`, `…:service/x`). */
export function nameFromArnOrName(value: string): string {
  if (!value.startsWith('arn:')) return value
  const resource = value.split(':').slice(5).join(':')
  const parts = resource.split('/')
  return parts[parts.length - 1] ?? value
}

/** Members ECS fills in when a task definition is registered ([U] facts §3.1). */
export function withServerDefaults(request: Json): Json {
  const body: Json = { ...request }
  delete body['tags']
  const awsvpc = body['networkMode'] === 'awsvpc'
  const containers = (body['containerDefinitions'] as Json[]).map((c) => {
    const out: Json = {
      cpu: 0,
      portMappings: [],
      environment: [],
      mountPoints: [],
      volumesFrom: [],
      systemControls: [],
      ...c
    }
    out['portMappings'] = (out['portMappings'] as Json[]).map((p) => ({
      ...p,
      ...(awsvpc && p['containerPort'] !== undefined && p['hostPort'] === undefined
        ? { hostPort: p['containerPort'] }
        : {}),
      protocol: p['protocol'] ?? 'tcp'
    }))
    return out
  })
  return {
    ...body,
    containerDefinitions: containers,
    volumes: body['volumes'] ?? [],
    placementConstraints: body['placementConstraints'] ?? []
  }
}

/** `requiresAttributes` and `compatibilities` the way ECS derives them (a plausible subset). */
function derivedAttributes(body: Json): { requiresAttributes: Json[]; compatibilities: string[] } {
  const names = new Set<string>()
  const containers = body['containerDefinitions'] as Json[]
  for (const c of containers) {
    const log = c['logConfiguration'] as Json | undefined
    if (log?.['logDriver'] === 'awslogs') {
      names.add('com.amazonaws.ecs.capability.logging-driver.awslogs')
      names.add('com.amazonaws.ecs.capability.docker-remote-api.1.19')
      if (body['executionRoleArn']) names.add('ecs.capability.execution-role-awslogs')
    }
    if (
      typeof c['image'] === 'string' &&
      c['image'].includes('.dkr.ecr.') &&
      body['executionRoleArn']
    ) {
      names.add('ecs.capability.execution-role-ecr-pull')
    }
    if (c['dockerLabels']) names.add('com.amazonaws.ecs.capability.docker-remote-api.1.18')
  }
  if (body['taskRoleArn']) names.add('com.amazonaws.ecs.capability.task-iam-role')
  if (body['networkMode'] === 'awsvpc') names.add('ecs.capability.task-eni')
  const compatibilities = body['networkMode'] === 'awsvpc' ? ['EC2', 'FARGATE'] : ['EC2']
  return { requiresAttributes: [...names].map((name) => ({ name })), compatibilities }
}

export function wireTaskDefinition(td: TaskDefinitionRecord, principal: string): Json {
  const { requiresAttributes, compatibilities } = derivedAttributes(td.body)
  return {
    taskDefinitionArn: td.arn,
    ...td.body,
    family: td.family,
    revision: td.revision,
    status: td.status,
    requiresAttributes,
    compatibilities,
    registeredAt: epochSeconds(td.registeredAt),
    registeredBy: principal,
    ...(td.deregisteredAt !== undefined ? { deregisteredAt: epochSeconds(td.deregisteredAt) } : {}),
    ...(td.deleteRequestedAt !== undefined
      ? { deleteRequestedAt: epochSeconds(td.deleteRequestedAt) }
      : {})
  }
}

export function isAlive(t: TaskRecord): boolean {
  return t.lastStatus !== 'STOPPED' && t.desiredStatus !== 'STOPPED'
}

export function isPending(t: TaskRecord): boolean {
  return (
    t.lastStatus === 'PROVISIONING' || t.lastStatus === 'PENDING' || t.lastStatus === 'ACTIVATING'
  )
}

export function wireDeployment(d: DeploymentRecord, tasks: readonly TaskRecord[]): Json {
  // Tasks a rollback replaces (`stale`) are no longer the deployment's own.
  const mine = tasks.filter(
    (t) => t.deploymentId === d.id && t.lastStatus !== 'STOPPED' && t.stale !== true
  )
  const launchFields =
    d.launchType === 'FARGATE'
      ? { platformVersion: d.platformVersion ?? '1.4.0', platformFamily: 'Linux' }
      : {}
  return {
    id: d.id,
    status: d.status,
    taskDefinition: d.taskDefinition,
    desiredCount: d.desiredCount,
    pendingCount: mine.filter(isPending).length,
    runningCount: mine.filter((t) => t.lastStatus === 'RUNNING').length,
    failedTasks: d.failedTasks,
    createdAt: epochSeconds(d.createdAt),
    updatedAt: epochSeconds(d.updatedAt),
    ...(d.capacityProviderStrategy ? { capacityProviderStrategy: d.capacityProviderStrategy } : {}),
    ...(d.launchType ? { launchType: d.launchType } : {}),
    ...launchFields,
    ...(d.networkConfiguration ? { networkConfiguration: d.networkConfiguration } : {}),
    ...(d.volumeConfigurations ? { volumeConfigurations: d.volumeConfigurations } : {}),
    rolloutState: d.rolloutState,
    rolloutStateReason: d.rolloutStateReason
  }
}

export function wireService(
  s: ServiceRecord,
  clusterArn: string,
  tasks: readonly TaskRecord[],
  createdBy: string,
  includeTags: boolean
): Json {
  const live = tasks.filter((t) => t.service === s.name && t.lastStatus !== 'STOPPED')
  const ecsController =
    ((s.config['deploymentController'] as Json | undefined)?.['type'] ?? 'ECS') === 'ECS'
  return {
    serviceArn: s.arn,
    serviceName: s.name,
    clusterArn,
    loadBalancers: s.config['loadBalancers'] ?? [],
    serviceRegistries: s.config['serviceRegistries'] ?? [],
    status: s.status,
    desiredCount: s.desiredCount,
    runningCount: live.filter((t) => t.lastStatus === 'RUNNING').length,
    pendingCount: live.filter(isPending).length,
    ...pick(s.config, [
      'launchType',
      'capacityProviderStrategy',
      'platformVersion',
      'platformFamily'
    ]),
    taskDefinition: s.taskDefinition,
    deploymentConfiguration: s.config['deploymentConfiguration'],
    ...(ecsController ? {} : { taskSets: [] }),
    deployments: s.deployments.map((d) => wireDeployment(d, tasks)),
    ...pick(s.config, ['roleArn']),
    events: s.events.map((e) => ({
      id: e.id,
      createdAt: epochSeconds(e.createdAt),
      message: e.message
    })),
    createdAt: epochSeconds(s.createdAt),
    placementConstraints: s.config['placementConstraints'] ?? [],
    placementStrategy: s.config['placementStrategy'] ?? [],
    ...pick(s.config, ['networkConfiguration', 'healthCheckGracePeriodSeconds']),
    schedulingStrategy: s.config['schedulingStrategy'] ?? 'REPLICA',
    deploymentController: s.config['deploymentController'] ?? { type: 'ECS' },
    ...(includeTags ? { tags: s.tags } : {}),
    createdBy,
    enableECSManagedTags: s.config['enableECSManagedTags'] ?? false,
    propagateTags: s.config['propagateTags'] ?? 'NONE',
    enableExecuteCommand: s.config['enableExecuteCommand'] ?? false,
    availabilityZoneRebalancing: s.config['availabilityZoneRebalancing'] ?? 'DISABLED'
  }
}

export function wireTask(t: TaskRecord, clusterArn: string, includeTags: boolean): Json {
  const ts = (ms: number | undefined, key: string): Json =>
    ms === undefined ? {} : { [key]: epochSeconds(ms) }
  return {
    attachments: t.attachments ?? [],
    attributes: [],
    availabilityZone: 'us-east-1a',
    clusterArn,
    connectivity: t.startedAt !== undefined ? 'CONNECTED' : undefined,
    ...ts(t.startedAt, 'connectivityAt'),
    containers: t.containers.map((c) => ({
      containerArn: c.arn,
      taskArn: t.arn,
      name: c.name,
      image: c.image,
      runtimeId: c.runtimeId,
      lastStatus: c.lastStatus,
      ...(c.exitCode !== undefined ? { exitCode: c.exitCode } : {}),
      ...(c.reason !== undefined ? { reason: c.reason } : {}),
      networkBindings: [],
      networkInterfaces: [],
      healthStatus: 'UNKNOWN',
      cpu: '0'
    })),
    ...(t.cpu !== undefined ? { cpu: t.cpu } : {}),
    ...(t.memory !== undefined ? { memory: t.memory } : {}),
    ...ts(t.createdAt, 'createdAt'),
    desiredStatus: t.desiredStatus,
    enableExecuteCommand: false,
    ...ts(t.stoppedAt, 'executionStoppedAt'),
    group: t.group,
    healthStatus: 'UNKNOWN',
    lastStatus: t.lastStatus,
    ...(t.launchType ? { launchType: t.launchType } : {}),
    overrides: t.overrides ?? {
      containerOverrides: t.containers.map((c) => ({ name: c.name })),
      inferenceAcceleratorOverrides: []
    },
    ...(t.capacityProviderName ? { capacityProviderName: t.capacityProviderName } : {}),
    ...(t.launchType === 'FARGATE' || t.platformVersion
      ? { platformVersion: t.platformVersion ?? '1.4.0', platformFamily: 'Linux' }
      : {}),
    ...ts(t.pullStartedAt, 'pullStartedAt'),
    ...ts(t.pullStoppedAt, 'pullStoppedAt'),
    ...ts(t.startedAt, 'startedAt'),
    ...(t.deploymentId ? { startedBy: t.deploymentId } : {}),
    ...(t.stopCode ? { stopCode: t.stopCode } : {}),
    ...ts(t.stoppedAt, 'stoppedAt'),
    ...(t.stoppedReason ? { stoppedReason: t.stoppedReason } : {}),
    ...ts(t.stoppingAt, 'stoppingAt'),
    ...(includeTags ? { tags: t.tags } : {}),
    taskArn: t.arn,
    taskDefinitionArn: t.taskDefinitionArn,
    version: t.version
  }
}

function pick(obj: Json, keys: readonly string[]): Json {
  const out: Json = {}
  for (const k of keys) if (obj[k] !== undefined) out[k] = obj[k]
  return out
}

/** State a test or the benchmark can read (`GET /_emulator/state`). */
export interface EcsSnapshot {
  readonly step: number
  readonly clusters: string[]
  readonly taskDefinitions: Json[]
  readonly services: Array<{
    readonly cluster: string
    readonly scenario: Scenario
    /** Consecutive failures that trip (or would trip) the breaker for the newest deployment. */
    readonly failureThreshold?: number
    readonly service: Json
    readonly tasks: Json[]
  }>
  readonly milestones: DeploymentMilestones[]
}

/** What `seedService` takes. */
export interface SeedServiceSpec {
  /** Default `default`; created when missing. */
  readonly cluster?: string
  readonly serviceName: string
  /**
   * A RegisterTaskDefinition input (e.g. an SDK `RegisterTaskDefinitionCommandInput`,
   * checked and registered now) or an existing family / family:rev / ARN.
   */
  readonly taskDefinition: object | string
  /** Default 1. */
  readonly desiredCount?: number
  /** Omitted: no circuit breaker. */
  readonly circuitBreaker?:
    | undefined
    | {
        readonly enable: boolean
        readonly rollback: boolean
        readonly thresholdConfiguration?: { readonly type: string; readonly value: number }
      }
  /** `ECS` (default), `CODE_DEPLOY` or `EXTERNAL`. */
  readonly deploymentController?: string
  readonly loadBalancers?: Json[]
  /** Default `FARGATE` (unless capacityProviderStrategy is given). */
  readonly launchType?: string
  readonly capacityProviderStrategy?: Json[]
  readonly platformVersion?: string
  /** Default for awsvpc: one subnet and security group, public IP disabled. */
  readonly networkConfiguration?: Json
  readonly tags?: Json[]
  /** Default ACTIVE. DRAINING drains the seeded tasks on the next steps; INACTIVE has none. */
  readonly status?: 'ACTIVE' | 'DRAINING' | 'INACTIVE'
  readonly enableExecuteCommand?: boolean
  readonly propagateTags?: string
  readonly enableECSManagedTags?: boolean
  readonly healthCheckGracePeriodSeconds?: number
  readonly minimumHealthyPercent?: number
  readonly maximumPercent?: number
  /** Scenario for later deployments (default healthy). */
  readonly scenario?: ScenarioName
  readonly scenarioOptions?: ScenarioOptions
  /** Extra deploymentConfiguration members: strategy, bakeTimeInMinutes, lifecycleHooks, linear/canaryConfiguration. */
  readonly deploymentConfiguration?: Json
  /** Blue/green, linear and canary behaviour (ecs-strategy.ts): a failing hook, hook duration. */
  readonly strategyScenario?: StrategyScenario
}

export interface SeededService {
  readonly clusterArn: string
  readonly serviceArn: string
  readonly taskDefinitionArn: string
  /** The COMPLETED deployment the service starts on. */
  readonly deploymentId: string
}
