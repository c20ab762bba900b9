/**
 * Stand-alone tasks (RunTask): a one-off task starts (PROVISIONING →
 * PENDING → RUNNING), writes its CloudWatch lines a few at a time while it
 * runs, and exits with the code its family's task scenario chose; ECS then
 * stops it (DEACTIVATING → STOPPING → STOPPED). StopTask (ecs.ts) asks it to
 * stop early: the containers get SIGTERM and exit 143. Tasks live in the
 * engine's task list, so DescribeTasks, ListTasks and StopTask see them.
 * Steps are the engine's (realtime: one every `stepMs`).
 */
import type { EcsEngine } from './ecs-rollout.js'
import {
  type ContainerRecord,
  type Json,
  type TaskDefinitionRecord,
  type TaskRecord,
  wireTask
} from './ecs-state.js'
import { checkPlacement, checkTags } from './ecs-validate.js'
import { AwsError } from './protocol.js'

/** What the one-off tasks of a family do (set with `setTaskScenario`). */
export interface TaskScenario {
  /** The exit code of the main container (default the first essential one). Default 0. */
  readonly exitCode?: number
  /** Steps from launch to RUNNING. Default 2. */
  readonly startSteps?: number
  /** Steps RUNNING before the container exits. Default 3. */
  readonly runSteps?: number
  /** Lines the main container writes to CloudWatch, spread over its running steps. */
  readonly logLines?: readonly string[]
  /** The container that exits with `exitCode` (and writes the lines). */
  readonly container?: string
  /** When set, the task fails to start with this stopped reason (e.g. a CannotPullContainerError). */
  readonly failToStart?: string
  /**
   * When set, RunTask places no task and answers this failure reason instead
   * (e.g. `RESOURCE:MEMORY`, `AGENT`), as ECS does when no capacity fits.
   */
  readonly placementFailure?: string
}

interface Job {
  readonly scenario: TaskScenario
  readonly main: string
  written: number
}

const invalid = (message: string): AwsError => new AwsError('InvalidParameterException', message)
const client = (message: string): AwsError => new AwsError('ClientException', message)

/** How long ECS remembers a RunTask client token (ms). [U] */
const TOKEN_TTL_MS = 60 * 60 * 1000

export class StandaloneTasks {
  private scenarios = new Map<string, TaskScenario>()
  private jobs = new Map<string, Job>()
  private tokens = new Map<string, { request: string; arns: string[]; at: number }>()

  constructor(private readonly engine: EcsEngine) {
    engine.stepHooks.push(() => this.tick())
    engine.resetHooks.push(() => this.reset())
  }

  setScenario(family: string, scenario: TaskScenario): void {
    this.scenarios.set(family, scenario)
  }

  reset(): void {
    this.scenarios = new Map()
    this.jobs = new Map()
    this.tokens = new Map()
  }

  async runTask(input: Json): Promise<Json> {
    const engine = this.engine
    const cluster = engine.requireCluster(input['cluster'])
    const td =
      typeof input['taskDefinition'] === 'string'
        ? engine.resolveTaskDefinition(input['taskDefinition'])
        : undefined
    if (!td || td.status === 'DELETE_IN_PROGRESS') throw client('TaskDefinition not found.')
    if (td.status !== 'ACTIVE') throw client('TaskDefinition is inactive') // [U]
    const count = typeof input['count'] === 'number' ? input['count'] : 1
    if (count < 1 || count > 10) throw invalid('count must be between 1 and 10.') // [U]
    const startedBy = input['startedBy']
    if (typeof startedBy === 'string' && !/^[A-Za-z0-9_/-]{1,128}$/.test(startedBy)) {
      throw invalid(
        'startedBy can have up to 128 letters (uppercase and lowercase), numbers, hyphens, forward slashes and underscores.'
      ) // [U]
    }
    const strategy = input['capacityProviderStrategy'] as Json[] | undefined
    if (input['launchType'] !== undefined && strategy !== undefined) {
      checkPlacement(td, input['launchType'], strategy, input['networkConfiguration'])
    }
    const launchType =
      (input['launchType'] as string | undefined) ?? (strategy === undefined ? 'EC2' : undefined)
    const fargate =
      launchType === 'FARGATE' ||
      (strategy ?? []).some((s) => String(s['capacityProvider']).startsWith('FARGATE'))
    checkPlacement(td, fargate ? 'FARGATE' : undefined, undefined, input['networkConfiguration'])
    checkTags(input['tags'])
    const defs = td.body['containerDefinitions'] as Json[]
    const overrides = ((input['overrides'] as Json | undefined)?.['containerOverrides'] ??
      []) as Json[]
    for (const o of overrides) {
      if (!defs.some((c) => c['name'] === o['name'])) {
        throw invalid(
          `Override for container named ${String(o['name'])} is not a container in the TaskDefinition.`
        )
      }
    }

    const token = input['clientToken']
    const requestKey = JSON.stringify({ ...input, clientToken: undefined })
    if (typeof token === 'string') {
      const seen = this.tokens.get(token)
      if (seen && engine.now() - seen.at < TOKEN_TTL_MS) {
        if (seen.request !== requestKey) {
          throw invalid(
            'The specified client token has already been used with different parameters.'
          ) // [U]
        }
        // Idempotent: the same tasks again, as they are now.
        const tasks = seen.arns
          .map((arn) => engine.tasks.find((t) => t.arn === arn))
          .filter((t): t is TaskRecord => t !== undefined)
          .map((t) => wireTask(t, cluster.arn, true))
        return { tasks, failures: [] }
      }
    }

    const placementFailure = this.scenarios.get(td.family)?.placementFailure
    if (placementFailure) {
      return {
        tasks: [],
        failures: [{ arn: cluster.arn, reason: placementFailure }]
      }
    }
    const imageFailure = await engine.missingImage(td)
    const tasks: TaskRecord[] = []
    for (let i = 0; i < count; i++) {
      const scenario: TaskScenario = {
        ...(this.scenarios.get(td.family) ?? {}),
        ...(imageFailure ? { failToStart: imageFailure.reason } : {})
      }
      tasks.push(this.launch(cluster.name, td, input, scenario, launchType, strategy))
    }
    if (typeof token === 'string') {
      this.tokens.set(token, {
        request: requestKey,
        arns: tasks.map((t) => t.arn),
        at: engine.now()
      })
    }
    return { tasks: tasks.map((t) => wireTask(t, cluster.arn, true)), failures: [] }
  }

  private launch(
    cluster: string,
    td: TaskDefinitionRecord,
    input: Json,
    scenario: TaskScenario,
    launchType: string | undefined,
    strategy: Json[] | undefined
  ): TaskRecord {
    const engine = this.engine
    const id = engine.ids.hex(32)
    const defs = td.body['containerDefinitions'] as Json[]
    const given = ((input['overrides'] as Json | undefined)?.['containerOverrides'] ?? []) as Json[]
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
        arn: engine.arns.container(cluster, id, engine.ids.uuid()),
        runtimeId: `${id}-${engine.ids.hex(10)}`,
        lastStatus: 'PENDING',
        ...(log?.['logDriver'] === 'awslogs' && group
          ? { awslogs: { group, stream: prefix ? `${prefix}/${name}/${id}` : id } }
          : {})
      }
    })
    const essential = defs.find((c) => c['essential'] !== false) ?? defs[0]
    const main = scenario.container ?? String(essential?.['name'] ?? '')
    const fargate =
      launchType === 'FARGATE' ||
      (strategy ?? []).some((s) => String(s['capacityProvider']).startsWith('FARGATE'))
    const awsvpc = (input['networkConfiguration'] as Json | undefined)?.['awsvpcConfiguration'] as
      Json | undefined
    const subnet = ((awsvpc?.['subnets'] as string[] | undefined) ?? [])[0]
    const t: TaskRecord = {
      id,
      arn: engine.arns.task(cluster, id),
      cluster,
      // Not a service's task: the service scheduler never sees it.
      service: '',
      deploymentId: typeof input['startedBy'] === 'string' ? input['startedBy'] : '',
      taskDefinitionArn: td.arn,
      group: typeof input['group'] === 'string' ? input['group'] : `family:${td.family}`,
      ...(launchType ? { launchType } : {}),
      ...(typeof td.body['cpu'] === 'string' ? { cpu: td.body['cpu'] } : {}),
      ...(typeof td.body['memory'] === 'string' ? { memory: td.body['memory'] } : {}),
      // The rollout engine's fate is unused for stand-alone tasks: the Job says what happens.
      fate: { kind: 'never-settle' },
      startSteps: Math.max(1, scenario.startSteps ?? 2),
      lastStatus: 'PROVISIONING',
      desiredStatus: 'RUNNING',
      age: 0,
      runningFor: 0,
      healthy: false,
      createdAt: engine.now(),
      version: 1,
      containers,
      tags: (input['tags'] as Json[] | undefined) ?? [],
      overrides: {
        containerOverrides: containers.map((c) => ({
          name: c.name,
          ...(given.find((o) => o['name'] === c.name) ?? {})
        })),
        inferenceAcceleratorOverrides: []
      },
      ...(fargate
        ? {
            platformVersion:
              typeof input['platformVersion'] === 'string' && input['platformVersion'] !== 'LATEST'
                ? input['platformVersion']
                : '1.4.0'
          }
        : {}),
      ...(strategy?.[0] ? { capacityProviderName: String(strategy[0]['capacityProvider']) } : {}),
      ...(subnet
        ? {
            attachments: [
              {
                id: engine.ids.uuid(),
                type: 'ElasticNetworkInterface',
                status: 'PRECREATED',
                details: [
                  { name: 'subnetId', value: subnet },
                  { name: 'networkInterfaceId', value: `eni-${engine.ids.hex(17)}` },
                  { name: 'macAddress', value: '0e:4b:1c:2d:3e:4f' },
                  { name: 'privateIPv4Address', value: '10.0.1.23' }
                ]
              }
            ]
          }
        : {})
    }
    engine.tasks.push(t)
    this.jobs.set(t.id, { scenario, main, written: 0 })
    return t
  }

  /** One step for every stand-alone task; true when anything changed. */
  private tick(): boolean {
    const now = this.engine.now()
    let changed = false
    for (const t of this.engine.tasks) {
      const job = this.jobs.get(t.id)
      if (!job || t.lastStatus === 'STOPPED') continue
      changed = true
      t.version += 1
      if (t.desiredStatus === 'STOPPED') {
        this.stopping(t, now)
        continue
      }
      t.age += 1
      if (t.lastStatus === 'PROVISIONING' || t.lastStatus === 'PENDING') {
        if (t.lastStatus === 'PROVISIONING') {
          t.lastStatus = 'PENDING'
          t.pullStartedAt = now
          if (t.age < t.startSteps) continue
        }
        if (t.age < t.startSteps) continue
        if (job.scenario.failToStart) {
          for (const c of t.containers) {
            c.lastStatus = 'STOPPED'
            if (c.name === job.main) c.reason = job.scenario.failToStart
          }
          this.engine.stopTask(t, 'TaskFailedToStart', job.scenario.failToStart, now)
          this.finish(t, now)
          continue
        }
        t.lastStatus = 'RUNNING'
        t.pullStoppedAt = now
        t.startedAt = now
        for (const c of t.containers) c.lastStatus = 'RUNNING'
        continue
      }
      if (t.lastStatus === 'RUNNING') {
        t.runningFor += 1
        const runSteps = Math.max(1, job.scenario.runSteps ?? 3)
        this.writeLines(t, job, runSteps, now)
        if (t.runningFor >= runSteps) {
          const main = t.containers.find((c) => c.name === job.main)
          if (main) {
            main.exitCode = job.scenario.exitCode ?? 0
            main.lastStatus = 'STOPPED'
          }
          // An essential container exited: ECS stops the rest of the task.
          this.engine.stopTask(
            t,
            'EssentialContainerExited',
            'Essential container in task exited',
            now
          )
        }
      }
    }
    return changed
  }

  /** The main container's lines, spread evenly over its running steps. */
  private writeLines(t: TaskRecord, job: Job, runSteps: number, now: number): void {
    const lines = job.scenario.logLines ?? []
    const due = Math.min(lines.length, Math.ceil((lines.length * t.runningFor) / runSteps))
    if (due <= job.written) return
    const c = t.containers.find((x) => x.name === job.main)
    if (c?.awslogs) {
      this.engine.options.logs.put(
        c.awslogs.group,
        c.awslogs.stream,
        lines.slice(job.written, due),
        now
      )
    }
    job.written = due
  }

  /** DEACTIVATING → STOPPING → STOPPED; a stop before RUNNING goes straight to STOPPED. */
  private stopping(t: TaskRecord, now: number): void {
    if (t.lastStatus === 'DEACTIVATING') {
      t.lastStatus = 'STOPPING'
      // Containers still running get SIGTERM (exit 143); an exited one keeps its code.
      for (const c of t.containers) {
        if (c.lastStatus === 'RUNNING') {
          c.exitCode = t.stopCode === 'EssentialContainerExited' ? 0 : 143
          c.lastStatus = 'STOPPED'
        }
      }
      return
    }
    this.finish(t, now)
  }

  private finish(t: TaskRecord, now: number): void {
    t.lastStatus = 'STOPPED'
    t.desiredStatus = 'STOPPED'
    t.stoppingAt ??= now
    t.stoppedAt = now
    for (const c of t.containers) c.lastStatus = 'STOPPED'
  }
}
