/**
 * The ECS scheduler, one step at a time (ecs-facts §4). Each step, for every
 * service: tasks move one lifecycle stage (PROVISIONING → PENDING → RUNNING,
 * or their scenario's failure); failures count into the deployment's
 * `failedTasks` and may trip the circuit breaker (and roll back); the
 * scheduler launches the PRIMARY deployment's tasks within maximumPercent and
 * drains the older ones within minimumHealthyPercent; a PRIMARY deployment
 * whose tasks all run, with nothing else left, becomes COMPLETED.
 *
 * A task counts as healthy after one full step RUNNING; a crashing task exits
 * before that, so crash loops count as consecutive failures.
 */
import type { LogStore } from './logs.js'
import { AwsError, type RegistryOptions } from './protocol.js'
import { missingImage, parseImage } from './registry-check.js'
import {
  Arns,
  type ClusterRecord,
  type ContainerRecord,
  DEFAULT_CRASH_LINES,
  DEFAULT_ROLLBACK,
  type DeploymentMilestones,
  type DeploymentRecord,
  Ids,
  isAlive,
  type Json,
  nameFromArnOrName,
  type ServiceRecord,
  type TaskDefinitionRecord,
  type TaskFate,
  type TaskRecord,
  withServerDefaults
} from './ecs-state.js'

export interface EngineOptions {
  readonly region: string
  readonly accountId: string
  readonly registry?: RegistryOptions
  readonly now: () => number
  readonly logs: LogStore
  readonly seed: number
  readonly clusters: readonly string[]
  /**
   * Emulated milliseconds one step stands for, to turn the seconds of a
   * RollbackSpec into steps; 0 = zero latency (no waits). Default 1000.
   */
  readonly msPerStep?: number
}

const MAX_EVENTS = 100
/** Stopped tasks kept per service (ECS shows them for about an hour). */
const MAX_STOPPED_TASKS = 100

export class EcsEngine {
  readonly arns: Arns
  readonly ids: Ids
  clusters = new Map<string, ClusterRecord>()
  families = new Map<string, TaskDefinitionRecord[]>()
  services = new Map<string, ServiceRecord>()
  tasks: TaskRecord[] = []
  milestones = new Map<string, DeploymentMilestones>()
  step = 0
  /** More work per step (stand-alone tasks); each returns true when it changed anything. */
  readonly stepHooks: Array<() => boolean> = []
  readonly resetHooks: Array<() => void> = []
  /**
   * Blue/green (ecs-strategy.ts): while it returns true for a service, the
   * PRIMARY deployment starts all its tasks next to the old ones, which keep
   * running (until CLEAN_UP), instead of replacing them within the percents.
   */
  keepsOldTasks: (svc: ServiceRecord) => boolean = () => false

  constructor(readonly options: EngineOptions) {
    this.arns = new Arns(options.region, options.accountId)
    this.ids = new Ids(options.seed)
    this.reset()
  }

  now(): number {
    return this.options.now()
  }

  reset(): void {
    this.clusters = new Map()
    this.families = new Map()
    this.services = new Map()
    this.tasks = []
    this.milestones = new Map()
    this.step = 0
    this.ids.reset()
    for (const c of this.options.clusters) this.ensureCluster(c)
    for (const hook of this.resetHooks) hook()
  }

  // ---- clusters -----------------------------------------------------------

  ensureCluster(name: string): ClusterRecord {
    let c = this.clusters.get(name)
    if (!c) {
      c = { name, arn: this.arns.cluster(name), tags: [] }
      this.clusters.set(name, c)
    }
    return c
  }

  /** The cluster named by a request's `cluster` member (name or ARN; default `default`). */
  requireCluster(value: unknown): ClusterRecord {
    const name = nameFromArnOrName(typeof value === 'string' ? value : 'default')
    const c = this.clusters.get(name)
    if (!c) throw new AwsError('ClusterNotFoundException', 'Cluster not found.')
    return c
  }

  // ---- task definitions ---------------------------------------------------

  register(request: Json): TaskDefinitionRecord {
    const family = String(request['family'])
    const revisions = this.families.get(family) ?? []
    const revision = (revisions[revisions.length - 1]?.revision ?? 0) + 1
    const td: TaskDefinitionRecord = {
      family,
      revision,
      arn: this.arns.taskDefinition(family, revision),
      status: 'ACTIVE',
      body: withServerDefaults(request),
      tags: (request['tags'] as Json[] | undefined) ?? [],
      registeredAt: this.now()
    }
    this.families.set(family, [...revisions, td])
    return td
  }

  /** family (latest ACTIVE), family:revision or ARN; undefined when unknown. */
  resolveTaskDefinition(ref: string): TaskDefinitionRecord | undefined {
    const spec = ref.startsWith('arn:') ? (ref.split(':task-definition/')[1] ?? '') : ref
    const [family, rev] = spec.split(':') as [string, string | undefined]
    const revisions = this.families.get(family) ?? []
    if (rev === undefined) {
      return [...revisions].reverse().find((td) => td.status === 'ACTIVE')
    }
    return revisions.find((td) => String(td.revision) === rev)
  }

  allTaskDefinitions(): TaskDefinitionRecord[] {
    return [...this.families.values()].flat()
  }

  // ---- services -----------------------------------------------------------

  serviceKey(cluster: string, name: string): string {
    return `${cluster}/${name}`
  }

  findService(cluster: string, nameOrArn: string): ServiceRecord | undefined {
    return this.services.get(this.serviceKey(cluster, nameFromArnOrName(nameOrArn)))
  }

  tasksOf(svc: ServiceRecord): TaskRecord[] {
    return this.tasks.filter((t) => t.cluster === svc.cluster && t.service === svc.name)
  }

  addEvent(svc: ServiceRecord, message: string): void {
    svc.events.unshift({ id: this.ids.uuid(), createdAt: this.now(), message })
    if (svc.events.length > MAX_EVENTS) svc.events.length = MAX_EVENTS
  }

  /** A new PRIMARY deployment; the previous ones become ACTIVE with desiredCount 0. */
  createDeployment(
    svc: ServiceRecord,
    td: TaskDefinitionRecord,
    imageFailure: DeploymentRecord['imageFailure']
  ): DeploymentRecord {
    const now = this.now()
    const id = this.ids.deploymentId()
    const previousPrimary = svc.deployments.find((x) => x.status === 'PRIMARY')
    for (const old of svc.deployments) {
      if (old.status === 'PRIMARY' && old.rolloutState === 'IN_PROGRESS') {
        const m = this.milestones.get(old.id)
        if (m) m.supersededAt = now
      }
      old.status = 'ACTIVE'
      old.desiredCount = 0
      old.updatedAt = now
      delete old.rollingBackFrom
      delete old.rollbackStep
      delete old.rollback
    }
    const c = svc.config
    const d: DeploymentRecord = {
      id,
      status: 'PRIMARY',
      taskDefinition: td.arn,
      desiredCount: svc.desiredCount,
      createdAt: now,
      updatedAt: now,
      ...(typeof c['launchType'] === 'string' ? { launchType: c['launchType'] } : {}),
      ...(c['capacityProviderStrategy']
        ? { capacityProviderStrategy: c['capacityProviderStrategy'] as Json[] }
        : {}),
      ...(typeof c['platformVersion'] === 'string' ? { platformVersion: '1.4.0' } : {}),
      ...(c['networkConfiguration']
        ? { networkConfiguration: c['networkConfiguration'] as Json }
        : {}),
      ...(((c['volumeConfigurations'] as Json[] | undefined) ?? []).length > 0
        ? { volumeConfigurations: c['volumeConfigurations'] as Json[] }
        : {}),
      rolloutState: 'IN_PROGRESS',
      rolloutStateReason: `ECS deployment ${id} in progress.`,
      failedTasks: 0,
      scenario: svc.scenario,
      ...(imageFailure ? { imageFailure } : {}),
      retryAtStep: 0,
      throttleEventSent: false
    }
    svc.deployments.unshift(d)
    svc.taskDefinition = td.arn
    this.milestones.set(id, {
      deploymentId: id,
      cluster: svc.cluster,
      service: svc.name,
      taskDefinition: td.arn,
      createdAt: now
    })
    if (previousPrimary && this.isRollback(previousPrimary, d, svc)) {
      this.beginRollback(svc, d, previousPrimary.id)
    }
    return d
  }

  /** Marks a deployment COMPLETED right away with its tasks running (seeding). */
  completeImmediately(svc: ServiceRecord, d: DeploymentRecord): void {
    const now = this.now()
    for (let i = 0; i < svc.desiredCount; i++) this.launchRunning(svc, d, now)
    d.rolloutState = 'COMPLETED'
    d.rolloutStateReason = `ECS deployment ${d.id} completed.`
    const m = this.milestones.get(d.id)
    if (m) m.steadyAt = now
    this.addEvent(svc, `(service ${svc.name}) has reached a steady state.`)
  }

  /** Steps that `seconds` of emulated time take (at least `least`). */
  stepsFor(seconds: number, least = 0): number {
    const msPerStep = this.options.msPerStep ?? 1000
    if (msPerStep <= 0) return least
    return Math.max(least, Math.ceil((seconds * 1000) / msPerStep))
  }

  /**
   * `d` rolls the service back from deployment `fromId`: it starts tasks of
   * the previous revision with the scenario's rollback timing, the target's
   * own tasks from before count as old ones (unless they kept running, the
   * fast case), and it completes once the replaced tasks have drained.
   */
  beginRollback(svc: ServiceRecord, d: DeploymentRecord, fromId: string): void {
    const spec = svc.scenario.options.rollback ?? {}
    d.rollingBackFrom = fromId
    d.rollbackStep = this.step
    d.rollback = {
      startSteps: this.stepsFor(spec.taskStartSeconds ?? DEFAULT_ROLLBACK.taskStartSeconds, 1),
      healthSteps: this.stepsFor(spec.healthCheckSeconds ?? DEFAULT_ROLLBACK.healthCheckSeconds, 1),
      drainSteps: this.stepsFor(
        spec.deregistrationDelaySeconds ?? DEFAULT_ROLLBACK.deregistrationDelaySeconds
      ),
      scenario: { name: spec.scenario ?? 'healthy', options: spec.scenarioOptions ?? {} }
    }
    if (!spec.keepRunningTasks) {
      for (const t of this.tasksOf(svc)) if (t.deploymentId === d.id && isAlive(t)) t.stale = true
    }
    const m = this.milestones.get(fromId)
    if (m) {
      m.rollbackStartedAt ??= this.now()
      m.rollbackDeploymentId = d.id
    }
  }

  /** Whether a new PRIMARY `d` goes back to a revision a COMPLETED deployment ran, from one that did not complete. */
  isRollback(
    previousPrimary: DeploymentRecord | undefined,
    d: DeploymentRecord,
    svc: ServiceRecord
  ): boolean {
    if (!previousPrimary || previousPrimary.rolloutState === 'COMPLETED') return false
    return svc.deployments.some(
      (x) => x !== d && x.rolloutState === 'COMPLETED' && x.taskDefinition === d.taskDefinition
    )
  }

  // ---- images --------------------------------------------------------------

  /** A container whose image is on the local registry but not in it (see registry-check.ts). */
  missingImage(td: TaskDefinitionRecord): Promise<DeploymentRecord['imageFailure']> {
    return missingImage(this.options.registry, td.body['containerDefinitions'] as Json[])
  }

  // ---- stepping -------------------------------------------------------------

  /** One scheduler step over every service; true when anything changed. */
  tick(): boolean {
    this.step += 1
    let changed = false
    for (const svc of this.services.values()) {
      if (svc.status === 'INACTIVE' || !usesEcsController(svc)) continue
      if (this.stepService(svc)) changed = true
    }
    for (const hook of this.stepHooks) if (hook()) changed = true
    return changed
  }

  /** Steps until nothing moves for a few steps in a row (bounded). */
  settle(maxSteps = 300): void {
    let idle = 0
    for (let i = 0; i < maxSteps && idle < 5; i++) idle = this.tick() ? 0 : idle + 1
  }

  private stepService(svc: ServiceRecord): boolean {
    const now = this.now()
    let changed = false
    const failed: TaskRecord[] = []
    const becameHealthy = new Set<string>()
    const nowRunning: TaskRecord[] = []
    for (const t of this.tasksOf(svc)) {
      if (t.lastStatus === 'STOPPED') continue
      const outcome = this.advanceTask(svc, t, now)
      if (outcome === 'none') continue
      changed = true
      const d = svc.deployments.find((x) => x.id === t.deploymentId)
      if (d) d.updatedAt = now
      if (outcome === 'failed') failed.push(t)
      if (outcome === 'healthy') becameHealthy.add(t.deploymentId)
      if (outcome === 'running') nowRunning.push(t)
    }
    if (nowRunning.length > 0) this.targetEvents(svc, 'registered', nowRunning.length)

    for (const id of becameHealthy) {
      const d = svc.deployments.find((x) => x.id === id)
      const breaker = circuitBreaker(svc)
      if (d && d.rolloutState === 'IN_PROGRESS' && breaker?.['resetOnHealthyTask'] !== false) {
        d.failedTasks = 0
      }
    }
    for (const t of failed) this.countFailure(svc, t, now)

    if (this.schedule(svc, now)) changed = true
    if (this.checkCompletion(svc, now)) changed = true

    if (svc.status === 'DRAINING' && this.tasksOf(svc).every((t) => t.lastStatus === 'STOPPED')) {
      svc.status = 'INACTIVE'
      changed = true
    }
    this.pruneStopped(svc)
    return changed
  }

  /** One lifecycle step of a task (also for task sets' tasks, ecs-task-sets.ts). */
  advanceTask(
    svc: ServiceRecord,
    t: TaskRecord,
    now: number
  ): 'none' | 'changed' | 'failed' | 'running' | 'healthy' {
    if (t.desiredStatus === 'STOPPED') {
      if (t.drainUntilStep !== undefined && this.step < t.drainUntilStep) return 'none'
      this.finishStop(t, now)
      return 'changed'
    }
    t.age += 1
    const fate = t.fate
    if (t.lastStatus === 'PROVISIONING' || t.lastStatus === 'PENDING') {
      if (fate.kind === 'never-settle' || t.age < t.startSteps) {
        if (t.lastStatus === 'PENDING') return 'none'
        t.lastStatus = 'PENDING'
        t.pullStartedAt = now
        t.version += 1
        return 'changed'
      }
      if (fate.kind === 'fail-to-start') {
        t.pullStartedAt ??= now
        for (const c of t.containers) {
          c.lastStatus = 'STOPPED'
          if (c.name === fate.container) c.reason = fate.reason
        }
        this.stopTask(t, 'TaskFailedToStart', fate.reason, now)
        this.finishStop(t, now)
        return 'failed'
      }
      t.lastStatus = 'RUNNING'
      t.pullStartedAt ??= now
      t.pullStoppedAt = now
      t.startedAt = now
      t.version += 1
      for (const c of t.containers) c.lastStatus = 'RUNNING'
      if (fate.kind === 'healthy' && fate.logLines.length > 0) {
        for (const c of t.containers) this.writeLogs(c, fate.logLines, now)
      }
      return 'running'
    }
    if (t.lastStatus === 'RUNNING') {
      t.runningFor += 1
      if (fate.kind === 'crash' && t.runningFor >= fate.runSteps) {
        for (const c of t.containers) {
          c.lastStatus = 'STOPPED'
          if (c.name === fate.container) {
            c.exitCode = fate.exitCode
            if (fate.containerReason) c.reason = fate.containerReason
            this.writeLogs(c, fate.logLines, now - fate.logLines.length)
          }
        }
        this.stopTask(t, 'EssentialContainerExited', 'Essential container in task exited', now)
        this.finishStop(t, now)
        return 'failed'
      }
      if (fate.kind === 'unhealthy' && t.runningFor >= fate.runSteps) {
        const tg = firstTargetGroup(svc)
        this.addEvent(
          svc,
          tg
            ? `(service ${svc.name}) (task ${t.id}) (port ${firstContainerPort(svc)}) is unhealthy in (target-group ${tg}) due to (reason Health checks failed).`
            : `(service ${svc.name}) (task ${t.id}) failed container health checks.`
        )
        this.stopTask(
          t,
          'ServiceSchedulerInitiated',
          tg
            ? `Task failed ELB health checks in (target-group ${tg})`
            : 'Task failed container health checks',
          now
        )
        return 'failed'
      }
      if (!t.healthy && t.runningFor >= (t.healthSteps ?? 1)) {
        t.healthy = true
        return 'healthy'
      }
    }
    return 'none'
  }

  private countFailure(svc: ServiceRecord, t: TaskRecord, now: number): void {
    const d = svc.deployments.find((x) => x.id === t.deploymentId)
    if (!d) return
    d.failedTasks += 1
    d.updatedAt = now
    d.retryAtStep = this.step + Math.max(0, d.scenario.options.retryDelaySteps ?? 0)
    if (d.status !== 'PRIMARY' || d.rolloutState !== 'IN_PROGRESS') return
    if (d.failedTasks < failureThreshold(svc, d)) return
    const m = this.milestones.get(d.id)
    if (m && m.thresholdAt === undefined) m.thresholdAt = now
    if (d.rollingBackFrom) {
      const from = this.milestones.get(d.rollingBackFrom)
      if (from) from.rollbackFailedAt ??= now
    }
    const breaker = circuitBreaker(svc)
    if (breaker?.['enable'] === true) {
      this.trip(svc, d, breaker['rollback'] === true, now)
    } else if (!d.throttleEventSent) {
      d.throttleEventSent = true
      this.addEvent(
        svc,
        `(service ${svc.name}) is unable to consistently start tasks successfully.`
      )
    }
  }

  /** Circuit breaker: FAILED, and with rollback the last COMPLETED deployment becomes PRIMARY again. */
  private trip(svc: ServiceRecord, d: DeploymentRecord, rollback: boolean, now: number): void {
    d.rolloutState = 'FAILED'
    d.rolloutStateReason = 'ECS deployment circuit breaker: tasks failed to start.'
    d.updatedAt = now
    const m = this.milestones.get(d.id)
    if (m) m.failedAt = now
    this.addEvent(
      svc,
      `(service ${svc.name}) (deployment ${d.id}) deployment failed: tasks failed to start.`
    )
    if (!rollback) return
    const target = svc.deployments
      .filter((x) => x !== d && x.rolloutState === 'COMPLETED')
      .sort((a, b) => b.createdAt - a.createdAt)[0]
    // Without a COMPLETED deployment the rollback stalls (facts §4.3).
    if (!target) return
    d.status = 'ACTIVE'
    d.desiredCount = 0
    target.status = 'PRIMARY'
    target.rolloutState = 'IN_PROGRESS'
    target.rolloutStateReason = `ECS deployment circuit breaker: rolling back to deploymentId ${target.id}.`
    target.desiredCount = svc.desiredCount
    target.updatedAt = now
    target.retryAtStep = 0
    target.failedTasks = 0
    this.beginRollback(svc, target, d.id)
    // The PRIMARY deployment comes first in the list.
    svc.deployments = [target, ...svc.deployments.filter((x) => x !== target)]
    svc.taskDefinition = target.taskDefinition
    this.addEvent(svc, `(service ${svc.name}) rolling back to deployment ${target.id}.`)
  }

  /** Launches PRIMARY tasks and drains the rest; true when it did anything. */
  private schedule(svc: ServiceRecord, now: number): boolean {
    const primary = svc.deployments.find((d) => d.status === 'PRIMARY')
    const active = svc.status === 'ACTIVE'
    const target = active ? svc.desiredCount : 0
    const config = (svc.config['deploymentConfiguration'] as Json | undefined) ?? {}
    const maxPercent = numberOr(config['maximumPercent'], 200)
    const minPercent = numberOr(config['minimumHealthyPercent'], 100)
    let changed = false

    if (primary && active) primary.desiredCount = target
    const live = (): TaskRecord[] => this.tasksOf(svc).filter(isAlive)

    if (
      primary &&
      active &&
      primary.rolloutState !== 'FAILED' &&
      this.step >= primary.retryAtStep
    ) {
      const alivePrimary = live().filter((t) => ownTask(t, primary)).length
      const ceiling = Math.max(Math.floor((target * maxPercent) / 100), target > 0 ? 1 : 0)
      const room = this.keepsOldTasks(svc) ? target : ceiling - live().length
      const n = Math.max(0, Math.min(target - alivePrimary, room))
      if (n > 0) {
        const started = Array.from({ length: n }, () => this.launchTask(svc, primary))
        this.addEvent(
          svc,
          `(service ${svc.name}) has started ${n} tasks: ${started.map((t) => `(task ${t.id})`).join(' ')}.`
        )
        primary.updatedAt = now
        changed = true
      }
    }

    const minHealthy = active ? Math.ceil((target * minPercent) / 100) : 0
    const tasks = live()
    let budget = tasks.filter((t) => t.healthy).length - minHealthy
    const toStop: TaskRecord[] = []
    const olderFirst = this.keepsOldTasks(svc)
      ? []
      : tasks.filter((t) => !primary || !ownTask(t, primary))
    for (const t of olderFirst) {
      if (!t.healthy) toStop.push(t)
      else if (budget > 0) {
        toStop.push(t)
        budget -= 1
      }
    }
    if (primary) {
      const mine = tasks.filter((t) => ownTask(t, primary))
      const excess = mine.length - target
      if (excess > 0) {
        const order = [...mine.filter((t) => !t.healthy), ...mine.filter((t) => t.healthy)]
        toStop.push(...order.slice(0, excess))
      }
    }
    if (toStop.length === 0) return changed

    const reason = `Scaling activity initiated by (deployment ${primary?.id ?? svc.deployments[0]?.id ?? ''})`
    const running = toStop.filter((t) => t.lastStatus === 'RUNNING')
    const pending = toStop.filter((t) => t.lastStatus !== 'RUNNING')
    for (const t of toStop) this.stopTask(t, 'ServiceSchedulerInitiated', reason, now)
    // A rollback replaces running tasks through the target group's deregistration delay.
    const drain = primary?.rollback?.drainSteps ?? 0
    if (drain > 0) for (const t of running) t.drainUntilStep = this.step + drain
    if (pending.length > 0)
      this.addEvent(svc, `(service ${svc.name}) stopped ${pending.length} pending tasks.`)
    if (running.length > 0) {
      if (firstTargetGroup(svc)) {
        this.addEvent(
          svc,
          `(service ${svc.name}) has begun draining connections on ${running.length} tasks.`
        )
        this.targetEvents(svc, 'deregistered', running.length)
      }
      this.addEvent(
        svc,
        `(service ${svc.name}) has stopped ${running.length} running tasks: ${running.map((t) => `(task ${t.id})`).join(' ')}.`
      )
    }
    for (const d of svc.deployments) {
      if (d.status !== 'PRIMARY') d.desiredCount = 0
    }
    return true
  }

  private checkCompletion(svc: ServiceRecord, now: number): boolean {
    const primary = svc.deployments.find((d) => d.status === 'PRIMARY')
    if (!primary || svc.status !== 'ACTIVE') return false
    // A poller can see a rollback in progress even when the old tasks never stopped.
    if (primary.rollbackStep === this.step) return false
    const notStopped = this.tasksOf(svc).filter((t) => t.lastStatus !== 'STOPPED')
    const mine = notStopped.filter((t) => ownTask(t, primary))
    const others = notStopped.filter((t) => !ownTask(t, primary))
    const settled =
      others.length === 0 &&
      mine.length === svc.desiredCount &&
      mine.every((t) => t.healthy && t.desiredStatus === 'RUNNING')
    if (!settled) return false
    if (primary.rolloutState === 'IN_PROGRESS') {
      primary.rolloutState = 'COMPLETED'
      primary.rolloutStateReason = `ECS deployment ${primary.id} completed.`
      primary.updatedAt = now
      const m = this.milestones.get(primary.id)
      if (m && m.steadyAt === undefined) m.steadyAt = now
      if (primary.rollingBackFrom) {
        const from = this.milestones.get(primary.rollingBackFrom)
        if (from) from.rolledBackAt = now
        delete primary.rollingBackFrom
        delete primary.rollbackStep
        delete primary.rollback
      }
      // Replaced deployments go INACTIVE and leave the list.
      svc.deployments = [primary]
      this.addEvent(svc, `(service ${svc.name}) (deployment ${primary.id}) deployment completed.`)
      this.addEvent(svc, `(service ${svc.name}) has reached a steady state.`)
      svc.steadyPending = false
      return true
    }
    if (svc.steadyPending && primary.rolloutState === 'COMPLETED') {
      svc.steadyPending = false
      this.addEvent(svc, `(service ${svc.name}) has reached a steady state.`)
      return true
    }
    return false
  }

  // ---- tasks ----------------------------------------------------------------

  /** A task that is already running and healthy at `now` (seeded, no start-up to watch). */
  launchRunning(svc: ServiceRecord, d: DeploymentRecord, now: number): TaskRecord {
    const t = this.launchTask(svc, d)
    t.age = t.startSteps
    t.lastStatus = 'RUNNING'
    t.healthy = true
    t.pullStartedAt = now
    t.pullStoppedAt = now
    t.startedAt = now
    for (const c of t.containers) c.lastStatus = 'RUNNING'
    return t
  }

  launchTask(svc: ServiceRecord, d: DeploymentRecord): TaskRecord {
    const td = this.resolveTaskDefinition(d.taskDefinition)
    const body = td?.body ?? { containerDefinitions: [] }
    const id = this.ids.hex(32)
    const now = this.now()
    const defs = body['containerDefinitions'] as Json[]
    const containers: ContainerRecord[] = defs.map((c) => {
      const name = String(c['name'])
      const log = c['logConfiguration'] as Json | undefined
      const options = (log?.['options'] as Record<string, string> | undefined) ?? {}
      const group = options['awslogs-group']
      const prefix = options['awslogs-stream-prefix']
      return {
        name,
        image: String(c['image']),
        essential: c['essential'] !== false,
        arn: this.arns.container(svc.cluster, id, this.ids.uuid()),
        runtimeId: `${id}-${this.ids.hex(10)}`,
        lastStatus: 'PENDING',
        ...(log?.['logDriver'] === 'awslogs' && group
          ? { awslogs: { group, stream: prefix ? `${prefix}/${name}/${id}` : id } }
          : {})
      }
    })
    const propagate = svc.config['propagateTags']
    const t: TaskRecord = {
      id,
      arn: this.arns.task(svc.cluster, id),
      cluster: svc.cluster,
      service: svc.name,
      deploymentId: d.id,
      taskDefinitionArn: d.taskDefinition,
      group: `service:${svc.name}`,
      ...(d.launchType ? { launchType: d.launchType } : {}),
      ...(typeof body['cpu'] === 'string' ? { cpu: body['cpu'] } : {}),
      ...(typeof body['memory'] === 'string' ? { memory: body['memory'] } : {}),
      fate: this.fateFor(d, defs),
      startSteps: d.rollback?.startSteps ?? Math.max(1, d.scenario.options.startSteps ?? 2),
      ...(d.rollback ? { healthSteps: d.rollback.healthSteps } : {}),
      lastStatus: 'PROVISIONING',
      desiredStatus: 'RUNNING',
      age: 0,
      runningFor: 0,
      healthy: false,
      createdAt: now,
      version: 1,
      containers,
      tags:
        propagate === 'SERVICE'
          ? [...svc.tags]
          : propagate === 'TASK_DEFINITION'
            ? [...(td?.tags ?? [])]
            : []
    }
    this.tasks.push(t)
    return t
  }

  private fateFor(d: DeploymentRecord, defs: Json[]): TaskFate {
    if (d.imageFailure) return { kind: 'fail-to-start', ...d.imageFailure }
    const { name, options } = d.rollback?.scenario ?? d.scenario
    const essential = defs.find((c) => c['essential'] !== false) ?? defs[0]
    const container = options.container ?? String(essential?.['name'] ?? '')
    const image = String(defs.find((c) => c['name'] === container)?.['image'] ?? '')
    switch (name) {
      case 'healthy':
        return { kind: 'healthy', logLines: options.logLines ?? [] }
      case 'never-settle':
        return { kind: 'never-settle' }
      case 'fail-to-start':
        return {
          kind: 'fail-to-start',
          container,
          reason:
            options.reason ??
            `CannotPullContainerError: pull image manifest has been retried 5 time(s): failed to resolve ref ${parseImage(image).full}: not found`
        }
      case 'crash':
        return {
          kind: 'crash',
          container,
          exitCode: options.exitCode ?? 1,
          ...(options.containerReason ? { containerReason: options.containerReason } : {}),
          logLines: options.logLines ?? DEFAULT_CRASH_LINES,
          runSteps: Math.max(1, options.runSteps ?? 1)
        }
      case 'unhealthy':
        return { kind: 'unhealthy', runSteps: Math.max(1, options.runSteps ?? 1) }
    }
  }

  /** Asks a task to stop; it reaches STOPPED on the next step (or now, via finishStop). */
  stopTask(t: TaskRecord, stopCode: string, reason: string, now: number): void {
    if (t.desiredStatus === 'STOPPED' || t.lastStatus === 'STOPPED') return
    t.desiredStatus = 'STOPPED'
    t.stopCode = stopCode
    t.stoppedReason = reason
    t.stoppingAt = now
    if (t.lastStatus === 'RUNNING') t.lastStatus = 'DEACTIVATING'
    t.version += 1
  }

  private finishStop(t: TaskRecord, now: number): void {
    t.lastStatus = 'STOPPED'
    t.desiredStatus = 'STOPPED'
    t.stoppingAt ??= now
    t.stoppedAt = now
    t.healthy = false
    t.version += 1
    for (const c of t.containers) {
      if (c.lastStatus === 'RUNNING' && c.exitCode === undefined) c.exitCode = 0
      c.lastStatus = 'STOPPED'
    }
  }

  private writeLogs(c: ContainerRecord, lines: readonly string[], at: number): void {
    if (c.awslogs) this.options.logs.put(c.awslogs.group, c.awslogs.stream, lines, at)
  }

  private targetEvents(svc: ServiceRecord, verb: 'registered' | 'deregistered', n: number): void {
    for (const lb of (svc.config['loadBalancers'] as Json[] | undefined) ?? []) {
      const tg = lb['targetGroupArn']
      if (typeof tg === 'string')
        this.addEvent(svc, `(service ${svc.name}) ${verb} ${n} targets in (target-group ${tg})`)
    }
  }

  private pruneStopped(svc: ServiceRecord): void {
    const stopped = this.tasksOf(svc).filter((t) => t.lastStatus === 'STOPPED')
    if (stopped.length <= MAX_STOPPED_TASKS) return
    const drop = new Set(stopped.slice(0, stopped.length - MAX_STOPPED_TASKS))
    this.tasks = this.tasks.filter((t) => !drop.has(t))
  }
}

// ---- helpers ------------------------------------------------------------------

/** A task the deployment counts as its own (not one it is replacing during a rollback). */
function ownTask(t: TaskRecord, d: DeploymentRecord): boolean {
  return t.deploymentId === d.id && t.stale !== true
}

export function usesEcsController(svc: ServiceRecord): boolean {
  const type = (svc.config['deploymentController'] as Json | undefined)?.['type']
  return type === undefined || type === 'ECS'
}

function circuitBreaker(svc: ServiceRecord): Json | undefined {
  const config = svc.config['deploymentConfiguration'] as Json | undefined
  return config?.['deploymentCircuitBreaker'] as Json | undefined
}

/**
 * Consecutive failures that trip the breaker: clamp(3, ceil(0.5 × desired),
 * 200) by default (facts §4.2); thresholdConfiguration COUNT sets it, the
 * percent types scale it (UNBOUNDED without the 3..200 clamp, [U]). Also the
 * point at which a run without a breaker is "as failed as ECS would say".
 */
export function failureThreshold(svc: ServiceRecord, d: DeploymentRecord): number {
  const tc = circuitBreaker(svc)?.['thresholdConfiguration'] as Json | undefined
  const desired = Math.max(d.desiredCount, svc.desiredCount)
  const value = typeof tc?.['value'] === 'number' ? tc['value'] : undefined
  if (tc?.['type'] === 'COUNT' && value !== undefined) return Math.max(1, value)
  const raw = Math.ceil((desired * (value ?? 50)) / 100)
  if (tc?.['type'] === 'UNBOUNDED_PERCENT') return Math.max(1, raw)
  return Math.min(200, Math.max(3, raw))
}

function firstTargetGroup(svc: ServiceRecord): string | undefined {
  const lbs = (svc.config['loadBalancers'] as Json[] | undefined) ?? []
  const tg = lbs.find((lb) => typeof lb['targetGroupArn'] === 'string')?.['targetGroupArn']
  return typeof tg === 'string' ? tg : undefined
}

function firstContainerPort(svc: ServiceRecord): number {
  const lbs = (svc.config['loadBalancers'] as Json[] | undefined) ?? []
  const port = lbs[0]?.['containerPort']
  return typeof port === 'number' ? port : 80
}

function numberOr(v: unknown, fallback: number): number {
  return typeof v === 'number' ? v : fallback
}
