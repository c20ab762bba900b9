/**
 * ECS task sets, as services with the CODE_DEPLOY controller have them
 * (DescribeTaskSets, DescribeServices `taskSets`; shapes per
 * @aws-sdk/client-ecs `TaskSet`). A seeded service starts with one PRIMARY
 * task set running its tasks; a CodeDeploy deployment (codedeploy.ts) creates
 * the replacement (green) task set ACTIVE with `startedBy: CODE_DEPLOY` and
 * `externalId` = the deployment id, makes it PRIMARY when production traffic
 * moves, and deletes the other one (DRAINING, then gone).
 *
 * Tasks: each task set keeps ceil(desiredCount × scale %) tasks alive; its
 * tasks carry `startedBy` = the task set id (as a service's tasks carry the
 * deployment id) and move through their lifecycle on the rolling engine's
 * steps (EcsEngine.advanceTask), with the service's scenario as their fate:
 * a crashing revision crash-loops in its task set, each stopped task keeping
 * its stop code, reason and exit code.
 *
 * [U]: the exact event and stop-reason texts for task sets, and the task set
 * id form (`ecs-svc/` and 19 digits, like deployment ids).
 */
import type { EcsEngine } from './ecs-rollout.js'
import {
  DEFAULT_CRASH_LINES,
  isAlive,
  type DeploymentRecord,
  type Json,
  type ServiceRecord,
  type TaskDefinitionRecord,
  type TaskRecord
} from './ecs-state.js'
import { epochSeconds } from './protocol.js'

export interface TaskSetRecord {
  readonly id: string
  readonly arn: string
  readonly cluster: string
  readonly service: string
  readonly serviceArn: string
  readonly startedBy?: string
  readonly externalId?: string
  status: 'PRIMARY' | 'ACTIVE' | 'DRAINING'
  readonly taskDefinition: string
  scale: number
  readonly createdAt: number
  updatedAt: number
  stabilityStatus: 'STEADY_STATE' | 'STABILIZING'
  stabilityStatusAt: number
  /** What launchTask needs: the task definition, launch settings and the tasks' fate. */
  readonly launch: DeploymentRecord
  /** Set when test traffic reaches it and its tasks are to crash under it. */
  crashUnderTraffic?: { exitCode: number; logLines: readonly string[] }
}

export class TaskSetStore {
  sets: TaskSetRecord[] = []
  private counter = 0

  constructor(private readonly engine: EcsEngine) {
    engine.stepHooks.push(() => this.step())
    engine.resetHooks.push(() => {
      this.sets = []
      this.counter = 0
    })
  }

  private nextId(): string {
    this.counter += 1
    const digits = String(this.engine.now() * 1000 + this.counter)
      .padStart(19, '7')
      .slice(-19)
    return `ecs-svc/${digits}`
  }

  /** A new task set of `svc` running `td`. `running`: its tasks are up already (seeding). */
  create(
    svc: ServiceRecord,
    td: TaskDefinitionRecord,
    o: {
      status: TaskSetRecord['status']
      scale: number
      startedBy?: string
      externalId?: string
      running?: boolean
    }
  ): TaskSetRecord {
    const now = this.engine.now()
    const id = this.nextId()
    const c = svc.config
    const launch: DeploymentRecord = {
      id,
      status: 'ACTIVE',
      taskDefinition: td.arn,
      desiredCount: 0,
      createdAt: now,
      updatedAt: now,
      ...(typeof c['launchType'] === 'string' ? { launchType: c['launchType'] } : {}),
      ...(c['networkConfiguration']
        ? { networkConfiguration: c['networkConfiguration'] as Json }
        : {}),
      rolloutState: 'IN_PROGRESS',
      rolloutStateReason: '',
      failedTasks: 0,
      scenario: svc.scenario,
      retryAtStep: 0,
      throttleEventSent: false
    }
    const set: TaskSetRecord = {
      id,
      arn: `arn:aws:ecs:${this.engine.options.region}:${this.engine.options.accountId}:task-set/${svc.cluster}/${svc.name}/${id}`,
      cluster: svc.cluster,
      service: svc.name,
      serviceArn: svc.arn,
      ...(o.startedBy ? { startedBy: o.startedBy } : {}),
      ...(o.externalId ? { externalId: o.externalId } : {}),
      status: o.status,
      taskDefinition: td.arn,
      scale: o.scale,
      createdAt: now,
      updatedAt: now,
      stabilityStatus: 'STABILIZING',
      stabilityStatusAt: now,
      launch
    }
    this.sets.push(set)
    if (o.running) {
      for (let i = 0; i < this.desired(set, svc); i++) this.engine.launchRunning(svc, launch, now)
      set.stabilityStatus = 'STEADY_STATE'
    }
    return set
  }

  find(id: string): TaskSetRecord | undefined {
    return this.sets.find((s) => s.id === id)
  }

  of(svc: ServiceRecord): TaskSetRecord[] {
    return this.sets.filter((s) => s.serviceArn === svc.arn)
  }

  tasks(set: TaskSetRecord): TaskRecord[] {
    return this.engine.tasks.filter(
      (t) => t.cluster === set.cluster && t.service === set.service && t.deploymentId === set.id
    )
  }

  /** Makes `set` PRIMARY; the PRIMARY before it becomes ACTIVE. */
  promote(set: TaskSetRecord): void {
    const now = this.engine.now()
    for (const s of this.sets) {
      if (s.serviceArn === set.serviceArn && s.status === 'PRIMARY') {
        s.status = 'ACTIVE'
        s.updatedAt = now
      }
    }
    set.status = 'PRIMARY'
    set.updatedAt = now
  }

  /** DeleteTaskSet: it drains (its tasks stop) and leaves the list once they have. */
  remove(set: TaskSetRecord): void {
    set.status = 'DRAINING'
    set.scale = 0
    set.updatedAt = this.engine.now()
  }

  /** Its running tasks crash (exit code, log lines) on the next step, and so will their replacements. */
  crashUnderTraffic(set: TaskSetRecord, o: { exitCode?: number; logLines?: readonly string[] }) {
    set.crashUnderTraffic = {
      exitCode: o.exitCode ?? 1,
      logLines: o.logLines ?? DEFAULT_CRASH_LINES
    }
    for (const t of this.tasks(set)) if (t.desiredStatus === 'RUNNING') this.doom(set, t)
  }

  private doom(set: TaskSetRecord, t: TaskRecord): void {
    const crash = set.crashUnderTraffic
    if (!crash) return
    const essential = t.containers.find((c) => c.essential) ?? t.containers[0]
    // A task's fate is fixed at launch; test traffic is what changes this one.
    ;(t as { fate: TaskRecord['fate'] }).fate = {
      kind: 'crash',
      container: essential?.name ?? '',
      exitCode: crash.exitCode,
      logLines: crash.logLines,
      runSteps: t.lastStatus === 'RUNNING' ? t.runningFor + 1 : 2
    }
  }

  private desired(set: TaskSetRecord, svc: ServiceRecord): number {
    return Math.ceil((svc.desiredCount * set.scale) / 100)
  }

  /** One engine step: tasks advance, the missing ones launch, extra ones stop; true when anything changed. */
  private step(): boolean {
    const now = this.engine.now()
    let changed = false
    for (const set of [...this.sets]) {
      const svc = this.engine.findService(set.cluster, set.service)
      if (!svc) continue
      for (const t of this.tasks(set)) {
        if (t.lastStatus === 'STOPPED') continue
        if (this.engine.advanceTask(svc, t, now) !== 'none') changed = true
      }
      const alive = this.tasks(set).filter(isAlive)
      const desired = this.desired(set, svc)
      if (alive.length < desired) {
        const started = Array.from({ length: desired - alive.length }, () => {
          const t = this.engine.launchTask(svc, set.launch)
          this.doom(set, t)
          return t
        })
        this.engine.addEvent(
          svc,
          `(service ${svc.name}, taskSet ${set.id}) has started ${started.length} tasks: ${started.map((t) => `(task ${t.id})`).join(' ')}.`
        )
        changed = true
      } else if (alive.length > desired) {
        const extra = [...alive.filter((t) => !t.healthy), ...alive.filter((t) => t.healthy)]
        for (const t of extra.slice(0, alive.length - desired)) {
          this.engine.stopTask(
            t,
            'ServiceSchedulerInitiated',
            `Scaling activity initiated by (deployment ${set.id})`,
            now
          )
        }
        this.engine.addEvent(
          svc,
          `(service ${svc.name}, taskSet ${set.id}) has stopped ${alive.length - desired} running tasks.`
        )
        changed = true
      }
      const live = this.tasks(set).filter((t) => t.lastStatus !== 'STOPPED')
      const steady =
        live.length === desired && live.every((t) => t.healthy && t.desiredStatus === 'RUNNING')
      const stability = steady ? 'STEADY_STATE' : 'STABILIZING'
      if (stability !== set.stabilityStatus) {
        set.stabilityStatus = stability
        set.stabilityStatusAt = now
        set.updatedAt = now
        changed = true
      }
      if (set.status === 'DRAINING' && live.length === 0) {
        this.sets = this.sets.filter((s) => s !== set)
        changed = true
      }
    }
    return changed
  }

  /** True when the task set runs all its tasks, healthy. */
  steady(set: TaskSetRecord): boolean {
    return set.stabilityStatus === 'STEADY_STATE'
  }

  wire(set: TaskSetRecord): Json {
    const svc = this.engine.findService(set.cluster, set.service)
    const live = this.tasks(set).filter((t) => t.lastStatus !== 'STOPPED')
    const lbs = (svc?.config['loadBalancers'] as Json[] | undefined) ?? []
    return {
      id: set.id,
      taskSetArn: set.arn,
      serviceArn: set.serviceArn,
      clusterArn: this.engine.arns.cluster(set.cluster),
      ...(set.startedBy ? { startedBy: set.startedBy } : {}),
      ...(set.externalId ? { externalId: set.externalId } : {}),
      status: set.status,
      taskDefinition: set.taskDefinition,
      computedDesiredCount: svc ? this.desired(set, svc) : 0,
      pendingCount: live.filter((t) => t.lastStatus !== 'RUNNING').length,
      runningCount: live.filter((t) => t.lastStatus === 'RUNNING').length,
      createdAt: epochSeconds(set.createdAt),
      updatedAt: epochSeconds(set.updatedAt),
      ...(set.launch.launchType ? { launchType: set.launch.launchType } : {}),
      ...(set.launch.launchType === 'FARGATE'
        ? { platformVersion: '1.4.0', platformFamily: 'Linux' }
        : {}),
      ...(set.launch.networkConfiguration
        ? { networkConfiguration: set.launch.networkConfiguration }
        : {}),
      loadBalancers: lbs,
      serviceRegistries: [],
      scale: { value: set.scale, unit: 'PERCENT' },
      stabilityStatus: set.stabilityStatus,
      stabilityStatusAt: epochSeconds(set.stabilityStatusAt),
      tags: []
    }
  }

  /** DescribeServices members for a service with task sets. */
  serviceFields(svc: ServiceRecord): Json {
    const sets = this.of(svc)
    return sets.length > 0 ? { taskSets: sets.map((s) => this.wire(s)) } : {}
  }

  /** DescribeTaskSets: all of the service's task sets, or the ones named (id or ARN). */
  describe(input: Json, svc: ServiceRecord): Json {
    const refs = input['taskSets'] as string[] | undefined
    const mine = this.of(svc)
    if (!refs) return { taskSets: mine.map((s) => this.wire(s)), failures: [] }
    const taskSets: Json[] = []
    const failures: Json[] = []
    for (const ref of refs) {
      const s = mine.find((x) => x.id === ref || x.arn === ref)
      if (s) taskSets.push(this.wire(s))
      else failures.push({ arn: ref, reason: 'MISSING' })
    }
    return { taskSets, failures }
  }
}
