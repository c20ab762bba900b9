/**
 * ECS-native BLUE_GREEN, LINEAR and CANARY deployments as the
 * service-deployment API shows them (ListServiceDeployments,
 * DescribeServiceDeployments, StopServiceDeployment; shapes per
 * @aws-sdk/client-ecs): a service deployment per UpdateService that moves
 * through the lifecycle stages over time, shifts test then production traffic
 * (LINEAR in steps, CANARY one canary step then the rest), runs lifecycle
 * hooks, bakes, cleans up, and rolls back automatically when a hook fails or
 * the circuit breaker trips. The green tasks are the rolling engine's tasks of
 * the new ECS deployment: SCALE_UP lasts until they are all healthy. The blue
 * tasks keep running next to them (EcsEngine.keepsOldTasks) through traffic
 * shifting and bake time, and are drained in CLEAN_UP, which ends once they
 * have stopped. A rollback makes blue's ECS deployment PRIMARY again with the
 * tasks it kept, and green's tasks are scaled in.
 *
 * Hooks: ECS invokes a hook's Lambda when its stage begins; a Lambda that
 * returns IN_PROGRESS is invoked again after its callBackDelay (30 s by
 * default) until it returns SUCCEEDED or FAILED (`hookInvocations`); the hook
 * shows IN_PROGRESS all along. Each stage entered runs its hooks once.
 *
 * Time: stage durations are in emulated minutes; one emulated minute takes
 * `minuteMs` real milliseconds (default 1000), so a 10-minute bake lasts 10 s.
 * Stages advance on the engine's timer (`advance`), never on a request, so
 * what a poller sees lags ECS as it would.
 *
 * [U]: the exact statusReason texts, the ARN id forms, the order of
 * ListServiceDeployments (newest first here) and the error for stopping a
 * finished deployment.
 */
import type { EcsEngine } from './ecs-rollout.js'
import { isAlive, type DeploymentRecord, type Json, type ServiceRecord } from './ecs-state.js'
import { AwsError, epochSeconds } from './protocol.js'

export interface StrategyScenario {
  /** The lifecycle hook at this stage fails (its Lambda returns FAILED). */
  readonly failingHookStage?: string
  /** How long each hook invocation runs, in emulated minutes (default 2). */
  readonly hookMinutes?: number
  /** Invocations until a hook answers: the ones before return IN_PROGRESS (default 1). */
  readonly hookInvocations?: number
  /** Seconds ECS waits after an IN_PROGRESS answer before invoking again (the callBackDelay; default 30). */
  readonly hookCallBackDelaySeconds?: number
}

/** Emulated seconds per stage (those that do not wait on something else). */
const STAGE_SECONDS: Record<string, number> = {
  PRE_SCALE_UP: 30,
  SCALE_UP: 30,
  POST_SCALE_UP: 30,
  TEST_TRAFFIC_SHIFT: 60,
  POST_TEST_TRAFFIC_SHIFT: 60,
  PRE_PRODUCTION_TRAFFIC_SHIFT: 30,
  PRODUCTION_TRAFFIC_SHIFT: 60,
  POST_PRODUCTION_TRAFFIC_SHIFT: 30,
  CLEAN_UP: 60
}
const ORDER = [
  'PRE_SCALE_UP',
  'SCALE_UP',
  'POST_SCALE_UP',
  'TEST_TRAFFIC_SHIFT',
  'POST_TEST_TRAFFIC_SHIFT',
  'PRE_PRODUCTION_TRAFFIC_SHIFT',
  'PRODUCTION_TRAFFIC_SHIFT',
  'POST_PRODUCTION_TRAFFIC_SHIFT',
  'BAKE_TIME',
  'CLEAN_UP'
]
/** Traffic back to blue and green scaled in; [U] real rollbacks take minutes. */
const ROLLBACK_SECONDS = 180
const STOP_REQUEST_SECONDS = 10

interface HookRecord {
  hookId: string
  targetType: string
  targetArn?: string
  stage: string
  status: 'IN_PROGRESS' | 'SUCCEEDED' | 'FAILED'
  startedAt: number
  /** When each invocation of the hook's Lambda began (ms). */
  invocations: number[]
  /** When ECS invokes it next (after an IN_PROGRESS answer), or undefined while one runs. */
  nextInvocationAt?: number
  timeoutAction: string
  timeoutMinutes: number
}

export interface ServiceDeploymentRecord {
  readonly arn: string
  readonly serviceArn: string
  readonly clusterArn: string
  readonly cluster: string
  readonly service: string
  readonly ecsDeploymentId: string
  readonly strategy: string
  readonly deploymentConfiguration: Json
  readonly sourceRevisionArn?: string
  readonly sourceTaskDefinition?: string
  readonly targetRevisionArn: string
  readonly createdAt: number
  startedAt?: number
  finishedAt?: number
  stoppedAt?: number
  updatedAt: number
  status: string
  statusReason?: string
  stage: string
  stageEnteredAt: number
  productionWeight: number
  testWeight: number
  /** Production traffic steps taken (LINEAR, CANARY). */
  step: number
  hooks: HookRecord[]
  rollback?: { reason: string; startedAt: number; serviceRevisionArn?: string }
  /** When the current rollback/stop phase began. */
  undoSince?: number
  /** Every status/stage/traffic change, with its time (ms): what ECS said when. */
  timeline: Array<{ at: number; status: string; stage: string; production: number }>
}

export interface StrategyOptions {
  readonly region: string
  readonly accountId: string
  /** Real ms per emulated minute. */
  readonly minuteMs?: number
}

export class StrategyEngine {
  deployments: ServiceDeploymentRecord[] = []
  private scenarios = new Map<string, StrategyScenario>()
  private readonly minuteMs: number
  private counter = 0

  constructor(
    private readonly engine: EcsEngine,
    private readonly options: StrategyOptions
  ) {
    this.minuteMs = options.minuteMs ?? 1000
    // Blue keeps running until CLEAN_UP while a service deployment is under way.
    engine.keepsOldTasks = (svc) => this.holdsBlue(svc)
  }

  private holdsBlue(svc: ServiceRecord): boolean {
    const primary = svc.deployments.find((d) => d.status === 'PRIMARY')
    return this.deployments.some(
      (r) =>
        r.serviceArn === svc.arn &&
        r.ecsDeploymentId === primary?.id &&
        (r.status === 'PENDING' || r.status === 'IN_PROGRESS') &&
        r.stage !== 'CLEAN_UP'
    )
  }

  reset(): void {
    this.deployments = []
    this.scenarios = new Map()
    this.counter = 0
  }

  setScenario(serviceArn: string, scenario: StrategyScenario): void {
    this.scenarios.set(serviceArn, scenario)
  }

  /** True for services whose deployments this module models. */
  static applies(svc: ServiceRecord): boolean {
    const strategy = (svc.config['deploymentConfiguration'] as Json | undefined)?.['strategy']
    return strategy === 'BLUE_GREEN' || strategy === 'LINEAR' || strategy === 'CANARY'
  }

  private arn(kind: string, svc: ServiceRecord, id: string): string {
    return `arn:aws:ecs:${this.options.region}:${this.options.accountId}:${kind}/${svc.cluster}/${svc.name}/${id}`
  }

  private nextId(): string {
    this.counter += 1
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'
    let n = this.engine.now() * 1000 + this.counter
    let out = ''
    for (let i = 0; i < 21; i++) {
      out += alphabet[n % alphabet.length]
      n = Math.floor(n / alphabet.length) + i * 7919
    }
    return out
  }

  private revisionArn(svc: ServiceRecord): string {
    const digits = String(Date.now() * 1000 + this.counter)
      .padStart(19, '1')
      .slice(-19)
    return this.arn('service-revision', svc, digits)
  }

  /** A new service deployment for the ECS deployment UpdateService created. */
  onDeployment(svc: ServiceRecord, d: DeploymentRecord, sourceTaskDefinition?: string): void {
    const now = this.engine.now()
    // The one in flight is replaced (ECS stops it).
    for (const old of this.deployments) {
      if (old.serviceArn === svc.arn && !isFinished(old.status)) {
        this.set(old, now, {
          status: 'STOPPED',
          statusReason: 'Superseded by a newer service deployment.'
        })
        old.stoppedAt = now
      }
    }
    const current = this.deployments.find(
      (x) => x.serviceArn === svc.arn && x.status === 'SUCCESSFUL'
    )
    const config = (svc.config['deploymentConfiguration'] as Json | undefined) ?? {}
    const record: ServiceDeploymentRecord = {
      arn: this.arn('service-deployment', svc, this.nextId()),
      serviceArn: svc.arn,
      clusterArn: this.engine.arns.cluster(svc.cluster),
      cluster: svc.cluster,
      service: svc.name,
      ecsDeploymentId: d.id,
      strategy: String(config['strategy']),
      deploymentConfiguration: structuredClone(config),
      sourceRevisionArn: current?.targetRevisionArn ?? this.revisionArn(svc),
      ...(sourceTaskDefinition ? { sourceTaskDefinition } : {}),
      targetRevisionArn: this.revisionArn(svc),
      createdAt: now,
      updatedAt: now,
      status: 'PENDING',
      stage: 'PRE_SCALE_UP',
      stageEnteredAt: now,
      productionWeight: 0,
      testWeight: 0,
      step: 0,
      hooks: [],
      timeline: []
    }
    this.deployments.unshift(record)
    this.mark(record, now)
  }

  /** One step of every unfinished service deployment, by the clock. */
  advance(): void {
    const now = this.engine.now()
    for (const r of this.deployments) {
      if (isFinished(r.status)) continue
      const svc = this.engine.findService(r.cluster, r.service)
      if (!svc) continue
      this.step(r, svc, now)
    }
  }

  private seconds(n: number): number {
    return (n / 60) * this.minuteMs
  }

  private step(r: ServiceDeploymentRecord, svc: ServiceRecord, now: number): void {
    const inStage = now - r.stageEnteredAt
    if (r.status === 'PENDING') {
      if (inStage >= this.seconds(15)) {
        r.startedAt = now
        this.enter(r, svc, 'PRE_SCALE_UP', now, { status: 'IN_PROGRESS' })
      }
      return
    }
    if (r.status === 'ROLLBACK_REQUESTED') {
      if (now - (r.undoSince ?? now) >= this.seconds(STOP_REQUEST_SECONDS))
        this.startRollback(r, svc, now, r.rollback?.reason ?? 'Rollback requested.')
      return
    }
    if (r.status === 'ROLLBACK_IN_PROGRESS') {
      if (now - (r.undoSince ?? now) >= this.seconds(ROLLBACK_SECONDS)) {
        r.finishedAt = now
        this.set(r, now, {
          status: 'ROLLBACK_SUCCESSFUL',
          statusReason: 'Service deployment rolled back successfully.'
        })
      }
      return
    }
    if (r.status === 'STOP_REQUESTED') {
      if (now - (r.undoSince ?? now) >= this.seconds(STOP_REQUEST_SECONDS)) {
        r.stoppedAt = now
        this.set(r, now, { status: 'STOPPED', statusReason: 'Service deployment stopped by user.' })
      }
      return
    }
    if (r.status !== 'IN_PROGRESS') return

    // The circuit breaker of the green tasks ends the deployment.
    const ecsDeployment = svc.deployments.find((x) => x.id === r.ecsDeploymentId)
    if (ecsDeployment?.rolloutState === 'FAILED' || (!ecsDeployment && r.stage === 'SCALE_UP')) {
      const breaker =
        (r.deploymentConfiguration['deploymentCircuitBreaker'] as Json | undefined) ?? {}
      const reason = 'ECS deployment circuit breaker: tasks failed to start.'
      if (breaker['rollback'] === true) this.startRollback(r, svc, now, reason)
      else {
        r.stoppedAt = now
        this.set(r, now, { status: 'STOPPED', statusReason: reason })
      }
      return
    }

    // Hooks of this stage run first; the stage waits for them.
    const running = r.hooks.find((h) => h.stage === r.stage && h.status === 'IN_PROGRESS')
    if (running) {
      const scenario = this.scenarios.get(r.serviceArn) ?? {}
      if (running.nextInvocationAt !== undefined) {
        if (now >= running.nextInvocationAt) {
          delete running.nextInvocationAt
          running.invocations.push(now)
          r.updatedAt = now
        }
        return
      }
      const invokedAt = running.invocations.at(-1) ?? running.startedAt
      if (now - invokedAt >= this.seconds(60 * (scenario.hookMinutes ?? 2))) {
        if (running.invocations.length < (scenario.hookInvocations ?? 1)) {
          // The Lambda answered IN_PROGRESS: ECS invokes it again after the callBackDelay.
          running.nextInvocationAt = now + this.seconds(scenario.hookCallBackDelaySeconds ?? 30)
          r.updatedAt = now
        } else if (scenario.failingHookStage === r.stage) {
          running.status = 'FAILED'
          const name = running.targetArn ?? running.hookId
          this.startRollback(r, svc, now, `Lifecycle hook ${name} failed at ${r.stage}.`)
        } else {
          running.status = 'SUCCEEDED'
          r.updatedAt = now
        }
      }
      return
    }

    const config = r.deploymentConfiguration
    if (r.stage === 'SCALE_UP') {
      const healthy = this.engine
        .tasksOf(svc)
        .filter(
          (t) => t.deploymentId === r.ecsDeploymentId && t.healthy && t.lastStatus === 'RUNNING'
        ).length
      if (inStage < this.seconds(STAGE_SECONDS['SCALE_UP']!) || healthy < svc.desiredCount) return
    } else if (r.stage === 'TEST_TRAFFIC_SHIFT') {
      if (inStage < this.seconds(STAGE_SECONDS['TEST_TRAFFIC_SHIFT']!)) return
      r.testWeight = 100
    } else if (r.stage === 'PRODUCTION_TRAFFIC_SHIFT') {
      if (!this.shiftProduction(r, inStage, now)) return
    } else if (r.stage === 'BAKE_TIME') {
      if (inStage < this.seconds(60 * num(config['bakeTimeInMinutes'], 0))) return
    } else if (r.stage === 'CLEAN_UP') {
      const blueLeft = this.engine
        .tasksOf(svc)
        .some((t) => t.deploymentId !== r.ecsDeploymentId && t.lastStatus !== 'STOPPED')
      if (inStage < this.seconds(STAGE_SECONDS['CLEAN_UP']!) || blueLeft) return
      r.finishedAt = now
      this.set(r, now, {
        status: 'SUCCESSFUL',
        statusReason: 'Service deployment completed successfully.'
      })
      return
    } else if (inStage < this.seconds(STAGE_SECONDS[r.stage] ?? 30)) return

    const next = ORDER[ORDER.indexOf(r.stage) + 1]
    if (next) this.enter(r, svc, next, now, {})
  }

  /** Production traffic steps; true when all of it is on green. */
  private shiftProduction(r: ServiceDeploymentRecord, inStage: number, now: number): boolean {
    const config = r.deploymentConfiguration
    const shift = this.seconds(STAGE_SECONDS['PRODUCTION_TRAFFIC_SHIFT']!)
    const set = (weight: number): void => {
      r.productionWeight = Math.min(100, Math.round(weight * 10) / 10)
      r.step += 1
      r.stageEnteredAt = now
      this.mark(r, now)
    }
    if (r.strategy === 'LINEAR') {
      const linear = (config['linearConfiguration'] as Json | undefined) ?? {}
      const stepPercent = num(linear['stepPercent'], 10)
      const wait = r.step === 0 ? shift : this.seconds(60 * num(linear['stepBakeTimeInMinutes'], 6))
      if (r.productionWeight >= 100) return inStage >= shift
      if (inStage >= wait) set(r.productionWeight + stepPercent)
      return false
    }
    if (r.strategy === 'CANARY') {
      const canary = (config['canaryConfiguration'] as Json | undefined) ?? {}
      if (r.step === 0) {
        if (inStage >= shift) set(num(canary['canaryPercent'], 5))
        return false
      }
      if (r.step === 1) {
        if (inStage >= this.seconds(60 * num(canary['canaryBakeTimeInMinutes'], 10))) set(100)
        return false
      }
      return inStage >= shift
    }
    if (inStage < shift) return false
    r.productionWeight = 100
    return true
  }

  private enter(
    r: ServiceDeploymentRecord,
    svc: ServiceRecord,
    stage: string,
    now: number,
    change: { status?: string }
  ): void {
    r.stage = stage
    r.stageEnteredAt = now
    if (change.status) r.status = change.status
    for (const [i, hook] of (
      (r.deploymentConfiguration['lifecycleHooks'] as Json[] | undefined) ?? []
    ).entries()) {
      const stages = (hook['lifecycleStages'] as string[] | undefined) ?? []
      if (!stages.includes(stage)) continue
      const timeout = (hook['timeoutConfiguration'] as Json | undefined) ?? {}
      r.hooks.push({
        hookId: `${svc.name}-hook-${i + 1}-${stage.toLowerCase()}`,
        targetType: String(hook['targetType'] ?? 'AWS_LAMBDA'),
        ...(typeof hook['hookTargetArn'] === 'string' ? { targetArn: hook['hookTargetArn'] } : {}),
        stage,
        status: 'IN_PROGRESS',
        startedAt: now,
        invocations: [now],
        timeoutAction: String(timeout['action'] ?? 'ROLLBACK'),
        timeoutMinutes: num(timeout['timeoutInMinutes'], 1440)
      })
    }
    this.mark(r, now)
  }

  private startRollback(
    r: ServiceDeploymentRecord,
    svc: ServiceRecord,
    now: number,
    reason: string
  ): void {
    r.rollback = {
      reason,
      startedAt: now,
      ...(r.sourceRevisionArn ? { serviceRevisionArn: r.sourceRevisionArn } : {})
    }
    r.undoSince = now
    r.productionWeight = 0
    r.testWeight = 0
    this.set(r, now, { status: 'ROLLBACK_IN_PROGRESS', statusReason: reason })
    if (this.backToBlue(r, svc, now)) return
    // Blue is gone: the rolling engine redeploys the source revision.
    const td = r.sourceTaskDefinition
      ? this.engine.resolveTaskDefinition(r.sourceTaskDefinition)
      : undefined
    if (td && svc.taskDefinition !== td.arn) {
      this.engine.createDeployment(svc, td, undefined)
      this.engine.addEvent(
        svc,
        `(service ${svc.name}) rolling back to ${td.family}:${td.revision}.`
      )
    }
  }

  /**
   * Blue still runs (before CLEAN_UP it always does): its ECS deployment is
   * PRIMARY again with the tasks it has, and green's tasks are scaled in.
   * False when there is no running blue to go back to.
   */
  private backToBlue(r: ServiceDeploymentRecord, svc: ServiceRecord, now: number): boolean {
    const green = svc.deployments.find((x) => x.id === r.ecsDeploymentId)
    const blue = svc.deployments.find(
      (x) =>
        x !== green &&
        x.rolloutState === 'COMPLETED' &&
        this.engine.tasksOf(svc).some((t) => t.deploymentId === x.id && isAlive(t))
    )
    if (!green || green.status !== 'PRIMARY' || !blue) return false
    green.status = 'ACTIVE'
    green.desiredCount = 0
    green.updatedAt = now
    blue.status = 'PRIMARY'
    blue.desiredCount = svc.desiredCount
    // Completes again (and the green deployment leaves the list) once green's tasks have stopped.
    blue.rolloutState = 'IN_PROGRESS'
    blue.rolloutStateReason = `ECS deployment ${blue.id} in progress.`
    blue.updatedAt = now
    svc.deployments = [blue, ...svc.deployments.filter((x) => x !== blue)]
    svc.taskDefinition = blue.taskDefinition
    this.engine.addEvent(svc, `(service ${svc.name}) rolling back to deployment ${blue.id}.`)
    return true
  }

  private set(
    r: ServiceDeploymentRecord,
    now: number,
    change: { status: string; statusReason: string }
  ): void {
    r.status = change.status
    r.statusReason = change.statusReason
    this.mark(r, now)
  }

  private mark(r: ServiceDeploymentRecord, now: number): void {
    r.updatedAt = now
    r.timeline.push({ at: now, status: r.status, stage: r.stage, production: r.productionWeight })
  }

  // ---- API ------------------------------------------------------------------

  list(input: Json, svc: ServiceRecord): Json {
    const statuses = input['status'] as string[] | undefined
    const created = (input['createdAt'] as Json | undefined) ?? {}
    const after = typeof created['after'] === 'number' ? created['after'] * 1000 : undefined
    const before = typeof created['before'] === 'number' ? created['before'] * 1000 : undefined
    const max = typeof input['maxResults'] === 'number' ? input['maxResults'] : 20
    if (max < 1 || max > 100)
      throw new AwsError('InvalidParameterException', 'maxResults must be between 1 and 100.') // [U]
    const offset =
      typeof input['nextToken'] === 'string'
        ? Number(Buffer.from(input['nextToken'], 'base64').toString('utf8')) || 0
        : 0
    const all = this.deployments.filter(
      (r) =>
        r.serviceArn === svc.arn &&
        (statuses === undefined || statuses.includes(r.status)) &&
        (after === undefined || r.createdAt >= after) &&
        (before === undefined || r.createdAt <= before)
    )
    const page = all.slice(offset, offset + max)
    return {
      serviceDeployments: page.map((r) => ({
        serviceDeploymentArn: r.arn,
        serviceArn: r.serviceArn,
        clusterArn: r.clusterArn,
        ...(r.startedAt !== undefined ? { startedAt: epochSeconds(r.startedAt) } : {}),
        createdAt: epochSeconds(r.createdAt),
        ...(r.finishedAt !== undefined ? { finishedAt: epochSeconds(r.finishedAt) } : {}),
        targetServiceRevisionArn: r.targetRevisionArn,
        status: r.status,
        ...(r.statusReason ? { statusReason: r.statusReason } : {})
      })),
      ...(offset + max < all.length
        ? { nextToken: Buffer.from(String(offset + max)).toString('base64') }
        : {})
    }
  }

  describe(input: Json): Json {
    const arns = input['serviceDeploymentArns'] as string[]
    if (arns.length === 0 || arns.length > 20) {
      throw new AwsError(
        'InvalidParameterException',
        'serviceDeploymentArns must contain between 1 and 20 items.'
      ) // [U]
    }
    const serviceDeployments: Json[] = []
    const failures: Json[] = []
    for (const arn of arns) {
      const r = this.deployments.find((x) => x.arn === arn)
      if (r) serviceDeployments.push(this.wire(r))
      else failures.push({ arn, reason: 'MISSING' })
    }
    return { serviceDeployments, failures }
  }

  stop(input: Json): Json {
    const arn = String(input['serviceDeploymentArn'])
    const r = this.deployments.find((x) => x.arn === arn)
    if (!r)
      throw new AwsError(
        'ServiceDeploymentNotFoundException',
        'The service deployment does not exist.'
      ) // [U]
    if (r.status !== 'IN_PROGRESS' && r.status !== 'PENDING') {
      throw new AwsError(
        'ConflictException',
        `The service deployment is ${r.status} and cannot be stopped.`
      ) // [U]
    }
    const now = this.engine.now()
    r.undoSince = now
    if ((input['stopType'] ?? 'ROLLBACK') === 'ROLLBACK') {
      r.rollback = {
        reason: 'Rollback requested by StopServiceDeployment.',
        startedAt: now,
        ...(r.sourceRevisionArn ? { serviceRevisionArn: r.sourceRevisionArn } : {})
      }
      this.set(r, now, {
        status: 'ROLLBACK_REQUESTED',
        statusReason: 'Rollback requested by user.'
      })
    } else {
      this.set(r, now, { status: 'STOP_REQUESTED', statusReason: 'Stop requested by user.' })
    }
    return { serviceDeploymentArn: r.arn }
  }

  /** DescribeServices members for a service with service deployments. */
  serviceFields(svc: ServiceRecord): Json {
    const current = this.deployments.find((r) => r.serviceArn === svc.arn)
    return current ? { currentServiceDeployment: current.arn } : {}
  }

  private wire(r: ServiceDeploymentRecord): Json {
    const svc = this.engine.findService(r.cluster, r.service)
    const tasks = svc ? this.engine.tasksOf(svc).filter((t) => t.lastStatus !== 'STOPPED') : []
    const count = (id: string | undefined, status: string): number =>
      tasks.filter(
        (t) =>
          (id === undefined ? t.deploymentId !== r.ecsDeploymentId : t.deploymentId === id) &&
          (status === 'RUNNING' ? t.lastStatus === 'RUNNING' : t.lastStatus !== 'RUNNING')
      ).length
    const breaker =
      (r.deploymentConfiguration['deploymentCircuitBreaker'] as Json | undefined) ?? {}
    const alarms = (r.deploymentConfiguration['alarms'] as Json | undefined) ?? {}
    const ecsDeployment = svc?.deployments.find((x) => x.id === r.ecsDeploymentId)
    return {
      serviceDeploymentArn: r.arn,
      serviceArn: r.serviceArn,
      clusterArn: r.clusterArn,
      createdAt: epochSeconds(r.createdAt),
      ...(r.startedAt !== undefined ? { startedAt: epochSeconds(r.startedAt) } : {}),
      ...(r.finishedAt !== undefined ? { finishedAt: epochSeconds(r.finishedAt) } : {}),
      ...(r.stoppedAt !== undefined ? { stoppedAt: epochSeconds(r.stoppedAt) } : {}),
      updatedAt: epochSeconds(r.updatedAt),
      sourceServiceRevisions: r.sourceRevisionArn
        ? [
            {
              arn: r.sourceRevisionArn,
              requestedTaskCount: svc?.desiredCount ?? 0,
              runningTaskCount: count(undefined, 'RUNNING'),
              pendingTaskCount: count(undefined, 'PENDING'),
              requestedTestTrafficWeight: 100 - r.testWeight,
              requestedProductionTrafficWeight: 100 - r.productionWeight
            }
          ]
        : [],
      targetServiceRevision: {
        arn: r.targetRevisionArn,
        requestedTaskCount: svc?.desiredCount ?? 0,
        runningTaskCount: count(r.ecsDeploymentId, 'RUNNING'),
        pendingTaskCount: count(r.ecsDeploymentId, 'PENDING'),
        requestedTestTrafficWeight: r.testWeight,
        requestedProductionTrafficWeight: r.productionWeight
      },
      status: r.status,
      ...(r.statusReason ? { statusReason: r.statusReason } : {}),
      lifecycleStage: r.stage,
      lifecycleHookDetails: r.hooks
        .filter((h) => h.stage === r.stage || h.status === 'FAILED')
        .map((h) => ({
          hookId: h.hookId,
          targetType: h.targetType,
          ...(h.targetArn ? { targetArn: h.targetArn } : {}),
          status: h.status,
          expiresAt: epochSeconds(h.startedAt + h.timeoutMinutes * this.minuteMs),
          timeoutAction: h.timeoutAction
        })),
      deploymentConfiguration: r.deploymentConfiguration,
      ...(r.rollback
        ? {
            rollback: {
              reason: r.rollback.reason,
              startedAt: epochSeconds(r.rollback.startedAt),
              ...(r.rollback.serviceRevisionArn
                ? { serviceRevisionArn: r.rollback.serviceRevisionArn }
                : {})
            }
          }
        : {}),
      deploymentCircuitBreaker: {
        status:
          breaker['enable'] === true
            ? isFinished(r.status)
              ? 'MONITORING_COMPLETE'
              : 'MONITORING'
            : 'DISABLED',
        failureCount: ecsDeployment?.failedTasks ?? 0,
        threshold: 3
      },
      alarms: {
        status: alarms['enable'] === true ? 'MONITORING' : 'DISABLED',
        alarmNames: (alarms['alarmNames'] as string[] | undefined) ?? [],
        triggeredAlarmNames: []
      }
    }
  }
}

function isFinished(status: string): boolean {
  return ['SUCCESSFUL', 'STOPPED', 'ROLLBACK_SUCCESSFUL', 'ROLLBACK_FAILED'].includes(status)
}

function num(value: unknown, fallback: number): number {
  return typeof value === 'number' ? value : fallback
}
