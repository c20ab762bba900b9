/**
 * Amazon ECS over AWS JSON 1.1 (target prefix
 * `AmazonEC2ContainerServiceV20141113`, signing name `ecs`): clusters, task
 * definitions, services with deployments rolled out step by step
 * (ecs-rollout.ts), tasks, tags. Every request is checked against the real
 * request shape first (shapes.ts), then against ECS's own rules
 * (ecs-validate.ts).
 *
 * Time: `manual` moves only on `advance()`; `realtime` steps on a timer;
 * realtime with `stepMs: 0` settles after every request and control call.
 */
import { EcsEngine, failureThreshold, usesEcsController } from './ecs-rollout.js'
import { StrategyEngine } from './ecs-strategy.js'
import { TaskSetStore } from './ecs-task-sets.js'
import {
  type DeploymentMilestones,
  type EcsSnapshot,
  type Json,
  nameFromArnOrName,
  SCENARIOS,
  type ScenarioName,
  type ScenarioOptions,
  type SeedServiceSpec,
  type SeededService,
  type ServiceRecord,
  type TaskDefinitionRecord,
  wireService,
  wireTask,
  wireTaskDefinition
} from './ecs-state.js'
import {
  checkDesiredCount,
  checkPlacement,
  checkRegisterTaskDefinition,
  checkServiceName,
  checkTags,
  validateEcsShape
} from './ecs-validate.js'
import type { LogStore } from './logs.js'
import { StandaloneTasks, type TaskScenario } from './ecs-run-task.js'
import { AwsError, type EmulatorContext, type JsonService, unknownOperation } from './protocol.js'

export interface EcsOptions extends EmulatorContext {
  readonly logs: LogStore
  readonly mode: 'manual' | 'realtime'
  readonly stepMs: number
  /** Emulated seconds per real second in realtime mode (ECS runs this much faster); default 1. */
  readonly timeScale?: number
  readonly clusters: readonly string[]
  readonly seed: number
  /** Real ms per emulated minute for blue/green, linear and canary stages (ecs-strategy.ts). */
  readonly strategyMinuteMs?: number
  /** At most this many items per List* page, whatever maxResults asks (see EmulatorOptions). */
  readonly maxPageSize?: number
}

export interface EcsControl {
  seedCluster(name: string): string
  seedService(spec: SeedServiceSpec): Promise<SeededService>
  setScenario(
    cluster: string,
    service: string,
    scenario: ScenarioName,
    options?: ScenarioOptions
  ): void
  advance(steps: number): void
  /** What one-off tasks (RunTask) of this family do from now on. */
  setTaskScenario(family: string, scenario: TaskScenario): void
  snapshot(): EcsSnapshot
  milestones(): DeploymentMilestones[]
  reset(): void
  /** Starts the realtime timer (no-op in manual mode). */
  start(): void
  stop(): void
}

export interface EcsEmulator extends JsonService {
  readonly control: EcsControl
  readonly engine: EcsEngine
  readonly strategy: StrategyEngine
  /** Task sets of CODE_DEPLOY services (ecs-task-sets.ts). */
  readonly taskSets: TaskSetStore
}

type Handler = (input: Json) => unknown

const client = (message: string): AwsError => new AwsError('ClientException', message)
const invalid = (message: string): AwsError => new AwsError('InvalidParameterException', message)

export function createEcs(options: EcsOptions): EcsEmulator {
  // A step stands for stepMs × timeScale of ECS's time in real time, for 1 s when stepped by hand.
  const msPerStep = options.mode === 'realtime' ? options.stepMs * (options.timeScale ?? 1) : 1000
  const engine = new EcsEngine({ ...options, msPerStep })
  const strategy = new StrategyEngine(engine, {
    region: options.region,
    accountId: options.accountId,
    ...(options.strategyMinuteMs !== undefined ? { minuteMs: options.strategyMinuteMs } : {})
  })
  const taskSets = new TaskSetStore(engine)
  const zeroLatency = options.mode === 'realtime' && options.stepMs <= 0
  let timer: NodeJS.Timeout | undefined
  const tick = (): boolean => {
    const changed = engine.tick()
    strategy.advance()
    return changed
  }
  const settleIfZero = (): void => {
    if (zeroLatency) engine.settle()
  }
  const principal = engine.arns.principal()
  const page = (items: readonly string[], input: Json, defaultMax: number, key: string): Json =>
    pageOf(items, input, defaultMax, key, options.maxPageSize)
  const standalone = new StandaloneTasks(engine)

  const taskDefinitionOrFail = (
    ref: unknown,
    message = 'TaskDefinition not found.'
  ): TaskDefinitionRecord => {
    const td = typeof ref === 'string' ? engine.resolveTaskDefinition(ref) : undefined
    if (!td || td.status === 'DELETE_IN_PROGRESS') throw client(message)
    return td
  }

  const serviceOrFail = (input: Json): ServiceRecord => {
    const cluster = engine.requireCluster(input['cluster'])
    const svc = engine.findService(cluster.name, String(input['service']))
    if (!svc) throw new AwsError('ServiceNotFoundException', 'Service not found.')
    return svc
  }

  const wire = (svc: ServiceRecord, includeTags = false): Json => ({
    ...wireService(
      svc,
      engine.arns.cluster(svc.cluster),
      engine.tasksOf(svc),
      principal,
      includeTags
    ),
    ...strategy.serviceFields(svc),
    ...taskSets.serviceFields(svc)
  })

  const includes = (input: Json, what: string): boolean =>
    ((input['include'] as string[] | undefined) ?? []).includes(what)

  /** Builds the service record CreateService and seedService share. */
  const newService = (
    cluster: string,
    name: string,
    input: Json,
    td: TaskDefinitionRecord
  ): ServiceRecord => {
    const launchType =
      input['launchType'] ?? (input['capacityProviderStrategy'] === undefined ? 'EC2' : undefined)
    const fargate = launchType === 'FARGATE'
    const dc = (input['deploymentConfiguration'] as Json | undefined) ?? {}
    const config: Json = {
      ...(launchType !== undefined ? { launchType } : {}),
      ...copy(input, [
        'capacityProviderStrategy',
        'networkConfiguration',
        'loadBalancers',
        'serviceRegistries',
        'placementConstraints',
        'placementStrategy',
        'schedulingStrategy',
        'enableECSManagedTags',
        'propagateTags',
        'enableExecuteCommand',
        'availabilityZoneRebalancing'
      ]),
      ...(fargate
        ? { platformVersion: input['platformVersion'] ?? 'LATEST', platformFamily: 'Linux' }
        : {}),
      ...(input['role'] !== undefined ? { roleArn: input['role'] } : {}),
      ...(input['healthCheckGracePeriodSeconds'] !== undefined
        ? { healthCheckGracePeriodSeconds: input['healthCheckGracePeriodSeconds'] }
        : ((input['loadBalancers'] as Json[] | undefined) ?? []).length > 0
          ? { healthCheckGracePeriodSeconds: 0 }
          : {}),
      deploymentConfiguration: {
        deploymentCircuitBreaker: { enable: false, rollback: false },
        maximumPercent: 200,
        minimumHealthyPercent: 100,
        ...dc
      },
      deploymentController: input['deploymentController'] ?? { type: 'ECS' }
    }
    const svc: ServiceRecord = {
      name,
      arn: engine.arns.service(cluster, name),
      cluster,
      status: 'ACTIVE',
      desiredCount: typeof input['desiredCount'] === 'number' ? input['desiredCount'] : 0,
      taskDefinition: td.arn,
      config,
      tags: (input['tags'] as Json[] | undefined) ?? [],
      createdAt: engine.now(),
      deployments: [],
      events: [],
      scenario: { name: 'healthy', options: {} },
      steadyPending: false
    }
    engine.services.set(engine.serviceKey(cluster, name), svc)
    return svc
  }

  /** CreateService client tokens by service ARN (ECS makes the call idempotent per token). */
  const createServiceTokens = new Map<string, string>()

  const handlers: Record<string, Handler> = {
    // ---- clusters ----
    DescribeClusters: (input) => {
      const names = (input['clusters'] as string[] | undefined) ?? ['default']
      const clusters: Json[] = []
      const failures: Json[] = []
      for (const ref of names) {
        const c = engine.clusters.get(nameFromArnOrName(ref))
        if (!c) {
          failures.push({ arn: engine.arns.cluster(nameFromArnOrName(ref)), reason: 'MISSING' })
          continue
        }
        const tasks = engine.tasks.filter((t) => t.cluster === c.name && t.lastStatus !== 'STOPPED')
        clusters.push({
          clusterArn: c.arn,
          clusterName: c.name,
          status: 'ACTIVE',
          registeredContainerInstancesCount: 0,
          runningTasksCount: tasks.filter((t) => t.lastStatus === 'RUNNING').length,
          pendingTasksCount: tasks.filter((t) => t.lastStatus !== 'RUNNING').length,
          activeServicesCount: [...engine.services.values()].filter(
            (s) => s.cluster === c.name && s.status === 'ACTIVE'
          ).length,
          statistics: [],
          ...(includes(input, 'TAGS') ? { tags: c.tags } : {}),
          settings: [{ name: 'containerInsights', value: 'disabled' }],
          capacityProviders: ['FARGATE', 'FARGATE_SPOT'],
          defaultCapacityProviderStrategy: []
        })
      }
      return { clusters, failures }
    },
    ListClusters: (input) =>
      page(
        [...engine.clusters.values()].map((c) => c.arn),
        input,
        100,
        'clusterArns'
      ),

    // ---- task definitions ----
    RegisterTaskDefinition: (input) => {
      checkRegisterTaskDefinition(input)
      const td = engine.register(input)
      return { taskDefinition: wireTaskDefinition(td, principal), tags: td.tags }
    },
    DescribeTaskDefinition: (input) => {
      const td = taskDefinitionOrFail(
        input['taskDefinition'],
        'Unable to describe task definition.'
      )
      return {
        taskDefinition: wireTaskDefinition(td, principal),
        ...(includes(input, 'TAGS') ? { tags: td.tags } : {})
      }
    },
    DeregisterTaskDefinition: (input) => {
      const ref = String(input['taskDefinition'])
      if (!/:\d+$/.test(ref)) throw client('Invalid revision number. Number: ' + ref) // [U]
      const td = taskDefinitionOrFail(ref, 'The specified task definition does not exist.') // [U]
      // [U] idempotent: deregistering an INACTIVE revision answers it again.
      if (td.status === 'ACTIVE') {
        td.status = 'INACTIVE'
        td.deregisteredAt = engine.now()
      }
      return { taskDefinition: wireTaskDefinition(td, principal) }
    },
    DeleteTaskDefinitions: (input) => {
      const refs = input['taskDefinitions'] as string[]
      if (refs.length === 0 || refs.length > 10) {
        throw invalid('taskDefinitions must contain between 1 and 10 items.') // [U]
      }
      const taskDefinitions: Json[] = []
      const failures: Json[] = []
      for (const ref of refs) {
        const td = /:\d+$/.test(ref) ? engine.resolveTaskDefinition(ref) : undefined
        if (!td) {
          failures.push({ arn: ref, reason: 'The specified task definition does not exist.' }) // [U]
        } else if (td.status === 'ACTIVE') {
          failures.push({
            arn: td.arn,
            reason:
              'The specified task definition is still in ACTIVE status. Please deregister the target and try again.'
          }) // [U]
        } else {
          if (td.status === 'INACTIVE') {
            td.status = 'DELETE_IN_PROGRESS'
            td.deleteRequestedAt = engine.now()
          }
          taskDefinitions.push(wireTaskDefinition(td, principal))
        }
      }
      return { taskDefinitions, failures }
    },
    ListTaskDefinitions: (input) => {
      // familyPrefix is the full family name (real semantics despite the name).
      const family = input['familyPrefix'] as string | undefined
      const status = (input['status'] as string | undefined) ?? 'ACTIVE'
      const desc = input['sort'] === 'DESC'
      const arns = engine
        .allTaskDefinitions()
        .filter((td) => (family === undefined || td.family === family) && td.status === status)
        .sort((a, b) => a.family.localeCompare(b.family) || a.revision - b.revision)
        .map((td) => td.arn)
      if (desc) arns.reverse()
      return page(arns, input, 100, 'taskDefinitionArns')
    },
    ListTaskDefinitionFamilies: (input) => {
      const prefix = (input['familyPrefix'] as string | undefined) ?? ''
      const status = (input['status'] as string | undefined) ?? 'ACTIVE'
      const families = [...engine.families.entries()]
        .filter(([name]) => name.startsWith(prefix))
        .filter(([, revs]) => {
          const active = revs.some((td) => td.status === 'ACTIVE')
          return status === 'ALL' || (status === 'ACTIVE' ? active : !active)
        })
        .map(([name]) => name)
        .sort()
      return page(families, input, 100, 'families')
    },

    // ---- services ----
    CreateService: async (input) => {
      const cluster = engine.requireCluster(input['cluster'])
      const name = String(input['serviceName'])
      checkServiceName(name)
      checkDesiredCount(input['desiredCount'])
      checkTags(input['tags'])
      const controller = (input['deploymentController'] as Json | undefined)?.['type'] ?? 'ECS'
      if (input['taskDefinition'] === undefined && controller === 'ECS') {
        throw invalid('TaskDefinition must be specified.') // [U]
      }
      if (
        input['desiredCount'] === undefined &&
        (input['schedulingStrategy'] ?? 'REPLICA') === 'REPLICA'
      ) {
        // The API reference: required when schedulingStrategy is REPLICA or not given.
        throw invalid('desiredCount is required when schedulingStrategy is REPLICA.') // [U] text
      }
      const token = input['clientToken']
      if (token !== undefined && (typeof token !== 'string' || !/^[!-~]{1,36}$/.test(token))) {
        throw invalid('clientToken must be 1-36 ASCII characters.') // [U] text
      }
      const existing = engine.findService(cluster.name, name)
      // A retried call with the client token of the call that created the service gets that service.
      if (
        existing?.status === 'ACTIVE' &&
        token !== undefined &&
        createServiceTokens.get(existing.arn) === token
      ) {
        return { service: wire(existing, true) }
      }
      if (existing?.status === 'ACTIVE') throw invalid('Creation of service was not idempotent.')
      if (existing?.status === 'DRAINING')
        throw invalid('Unable to Start a service that is still Draining.')
      const td = taskDefinitionOrFail(input['taskDefinition'])
      if (td.status !== 'ACTIVE') throw client('TaskDefinition is inactive') // [U]
      checkPlacement(
        td,
        input['launchType'],
        input['capacityProviderStrategy'],
        input['networkConfiguration']
      )
      const imageFailure = await engine.missingImage(td)
      const svc = newService(cluster.name, name, input, td)
      if (typeof token === 'string') createServiceTokens.set(svc.arn, token)
      if (usesEcsController(svc)) engine.createDeployment(svc, td, imageFailure)
      return { service: wire(svc, true) }
    },
    UpdateService: async (input) => {
      const svc = serviceOrFail(input)
      if (svc.status !== 'ACTIVE')
        throw new AwsError('ServiceNotActiveException', 'Service was not ACTIVE.')
      checkDesiredCount(input['desiredCount'])
      const controller = String(
        (svc.config['deploymentController'] as Json | undefined)?.['type'] ?? 'ECS'
      )
      if (
        controller !== 'ECS' &&
        (input['taskDefinition'] !== undefined || input['forceNewDeployment'] === true)
      ) {
        throw invalid(
          controller === 'CODE_DEPLOY'
            ? 'Unable to update task definition on services with a CODE_DEPLOY deployment controller. Use AWS CodeDeploy to trigger a new deployment.'
            : 'Unable to update task definition on services with a EXTERNAL deployment controller.' // [U]
        )
      }
      // Without a new taskDefinition the current one is used; a scale-only update
      // still works when that revision has been deleted meanwhile.
      const td =
        input['taskDefinition'] !== undefined
          ? taskDefinitionOrFail(input['taskDefinition'])
          : engine.resolveTaskDefinition(svc.taskDefinition)
      if (input['taskDefinition'] !== undefined && td?.status !== 'ACTIVE') {
        throw client('TaskDefinition is inactive') // [U]
      }
      const launchType =
        input['capacityProviderStrategy'] !== undefined ? undefined : svc.config['launchType']
      if (td) {
        checkPlacement(
          td,
          launchType,
          input['capacityProviderStrategy'] ??
            (launchType === undefined ? svc.config['capacityProviderStrategy'] : undefined),
          input['networkConfiguration'] ?? svc.config['networkConfiguration']
        )
      }
      const deploymentFields = [
        'networkConfiguration',
        'platformVersion',
        'capacityProviderStrategy',
        'loadBalancers',
        'serviceRegistries'
      ]
      const fieldChanged = deploymentFields.some(
        (k) => input[k] !== undefined && JSON.stringify(input[k]) !== JSON.stringify(svc.config[k])
      )
      const wantsDeployment =
        controller === 'ECS' &&
        (td?.arn !== svc.taskDefinition || input['forceNewDeployment'] === true || fieldChanged)
      if (wantsDeployment && (!td || td.status === 'DELETE_IN_PROGRESS')) {
        throw client('TaskDefinition not found.') // [U]
      }
      const newDeployment = wantsDeployment ? td : undefined
      const imageFailure = newDeployment ? await engine.missingImage(newDeployment) : undefined

      for (const k of [
        ...deploymentFields,
        'healthCheckGracePeriodSeconds',
        'enableExecuteCommand',
        'enableECSManagedTags',
        'propagateTags',
        'placementConstraints',
        'placementStrategy',
        'availabilityZoneRebalancing',
        'volumeConfigurations'
      ]) {
        if (input[k] !== undefined) svc.config[k] = input[k]
      }
      if (input['capacityProviderStrategy'] !== undefined) delete svc.config['launchType']
      if (input['deploymentConfiguration'] !== undefined) {
        svc.config['deploymentConfiguration'] = {
          ...(svc.config['deploymentConfiguration'] as Json),
          ...(input['deploymentConfiguration'] as Json)
        }
      }
      if (typeof input['desiredCount'] === 'number' && input['desiredCount'] !== svc.desiredCount) {
        svc.desiredCount = input['desiredCount']
        svc.steadyPending = true
      }
      if (newDeployment) {
        const source = svc.taskDefinition
        const d = engine.createDeployment(svc, newDeployment, imageFailure)
        if (StrategyEngine.applies(svc)) strategy.onDeployment(svc, d, source)
      }
      return { service: wire(svc) }
    },
    DeleteService: (input) => {
      const svc = serviceOrFail(input)
      if (svc.status !== 'ACTIVE')
        throw new AwsError('ServiceNotActiveException', 'Service was not ACTIVE.')
      if (svc.desiredCount > 0 && input['force'] !== true) {
        throw invalid('The service cannot be stopped while it is scaled above 0.')
      }
      svc.desiredCount = 0
      svc.status = 'DRAINING'
      for (const d of svc.deployments) d.desiredCount = 0
      return { service: wire(svc) }
    },
    DescribeServices: (input) => {
      const cluster = engine.requireCluster(input['cluster'])
      const refs = input['services'] as string[]
      if (refs.length === 0 || refs.length > 10) {
        throw invalid('services should have at least 1 and at most 10 items.') // [U]
      }
      const services: Json[] = []
      const failures: Json[] = []
      for (const ref of refs) {
        const svc = engine.findService(cluster.name, ref)
        if (svc) services.push(wire(svc, includes(input, 'TAGS')))
        else
          failures.push({
            arn: engine.arns.missingService(nameFromArnOrName(ref)),
            reason: 'MISSING'
          })
      }
      return { services, failures }
    },
    ListServices: (input) => {
      const cluster = engine.requireCluster(input['cluster'])
      const arns = [...engine.services.values()]
        .filter(
          (s) =>
            s.cluster === cluster.name &&
            s.status !== 'INACTIVE' &&
            (input['launchType'] === undefined || s.config['launchType'] === input['launchType']) &&
            (input['schedulingStrategy'] === undefined ||
              (s.config['schedulingStrategy'] ?? 'REPLICA') === input['schedulingStrategy'])
        )
        .map((s) => s.arn)
      return page(arns, input, 10, 'serviceArns')
    },

    // ---- tasks ----
    ListTasks: (input) => {
      const cluster = engine.requireCluster(input['cluster'])
      const startedBy = input['startedBy'] as string | undefined
      const others = ['serviceName', 'family', 'containerInstance', 'desiredStatus', 'launchType']
      if (startedBy !== undefined && others.some((k) => input[k] !== undefined)) {
        // ListTasks docs: with startedBy, it must be the only filter.
        throw invalid('startedBy must be the only filter when it is specified.') // [U] text
      }
      const serviceName = input['serviceName'] as string | undefined
      if (serviceName !== undefined && !engine.findService(cluster.name, serviceName)) {
        throw new AwsError('ServiceNotFoundException', 'Service not found.')
      }
      const desired = (input['desiredStatus'] as string | undefined) ?? 'RUNNING'
      const family = input['family'] as string | undefined
      const arns = engine.tasks
        .filter(
          (t) =>
            t.cluster === cluster.name &&
            (startedBy !== undefined
              ? t.deploymentId === startedBy
              : t.desiredStatus === desired) &&
            (serviceName === undefined || t.service === nameFromArnOrName(serviceName)) &&
            (family === undefined || t.taskDefinitionArn.includes(`:task-definition/${family}:`)) &&
            (input['launchType'] === undefined || t.launchType === input['launchType'])
        )
        .map((t) => t.arn)
      return page(arns, input, 100, 'taskArns')
    },
    DescribeTasks: (input) => {
      const cluster = engine.requireCluster(input['cluster'])
      const refs = input['tasks'] as string[]
      if (refs.length > 100) throw invalid('tasks can have at most 100 items.') // [U]
      const tasks: Json[] = []
      const failures: Json[] = []
      for (const ref of refs) {
        const t = engine.tasks.find(
          (x) => x.cluster === cluster.name && (x.arn === ref || x.id === ref)
        )
        if (t) tasks.push(wireTask(t, cluster.arn, includes(input, 'TAGS')))
        else
          failures.push({
            arn: ref.startsWith('arn:') ? ref : engine.arns.task(cluster.name, ref),
            reason: 'MISSING'
          })
      }
      return { tasks, failures }
    },
    RunTask: (input) => standalone.runTask(input),
    StopTask: (input) => {
      const cluster = engine.requireCluster(input['cluster'])
      const ref = String(input['task'])
      const t = engine.tasks.find(
        (x) => x.cluster === cluster.name && (x.arn === ref || x.id === ref)
      )
      if (!t) throw invalid('The referenced task was not found.')
      const reason = typeof input['reason'] === 'string' ? input['reason'] : 'Task stopped by user' // [U] default
      engine.stopTask(t, 'UserInitiated', reason, engine.now())
      return { task: wireTask(t, cluster.arn, false) }
    },

    // ---- tags ----
    TagResource: (input) => {
      const holder = taggable(String(input['resourceArn']))
      checkTags(input['tags'])
      const incoming = input['tags'] as Json[]
      holder.tags = [
        ...holder.tags.filter((t) => !incoming.some((n) => n['key'] === t['key'])),
        ...incoming
      ]
      return {}
    },
    UntagResource: (input) => {
      const holder = taggable(String(input['resourceArn']))
      const keys = input['tagKeys'] as string[]
      holder.tags = holder.tags.filter((t) => !keys.includes(String(t['key'])))
      return {}
    },
    ListTagsForResource: (input) => ({ tags: taggable(String(input['resourceArn'])).tags }),

    // ---- service deployments (blue/green, linear, canary: ecs-strategy.ts) ----
    ListServiceDeployments: (input) => strategy.list(input, serviceOrFail(input)),
    DescribeServiceDeployments: (input) => strategy.describe(input),
    StopServiceDeployment: (input) => strategy.stop(input),
    DescribeTaskSets: (input) => taskSets.describe(input, serviceOrFail(input))
  }

  /** The record behind a cluster, service, task definition or task ARN. */
  function taggable(arn: string): { tags: Json[] } {
    const resource = arn.split(':').slice(5).join(':')
    const [kind, ...rest] = resource.split('/')
    let found: { tags: Json[] } | undefined
    if (kind === 'cluster') found = engine.clusters.get(rest[0] ?? '')
    else if (kind === 'service') {
      const svc = rest.length === 2 ? engine.findService(rest[0] ?? '', rest[1] ?? '') : undefined
      found = svc && svc.status !== 'INACTIVE' ? svc : undefined
    } else if (kind === 'task-definition') found = engine.resolveTaskDefinition(arn)
    else if (kind === 'task') found = engine.tasks.find((t) => t.arn === arn)
    if (!found)
      throw new AwsError('ResourceNotFoundException', 'The specified resource could not be found.') // [U]
    return found
  }

  const control: EcsControl = {
    seedCluster: (name) => {
      const arn = engine.ensureCluster(name).arn
      return arn
    },
    seedService: async (spec) => {
      const clusterName = spec.cluster ?? 'default'
      const cluster = engine.ensureCluster(clusterName)
      let td: TaskDefinitionRecord
      if (typeof spec.taskDefinition === 'string') {
        td = taskDefinitionOrFail(spec.taskDefinition)
      } else {
        const request = spec.taskDefinition as Json
        validateEcsShape('RegisterTaskDefinition', request)
        checkRegisterTaskDefinition(request)
        td = engine.register(request)
      }
      const awsvpc = td.body['networkMode'] === 'awsvpc'
      const controller = spec.deploymentController ?? 'ECS'
      const input: Json = {
        ...(spec.capacityProviderStrategy
          ? { capacityProviderStrategy: spec.capacityProviderStrategy }
          : { launchType: spec.launchType ?? 'FARGATE' }),
        ...(spec.platformVersion ? { platformVersion: spec.platformVersion } : {}),
        desiredCount: spec.desiredCount ?? 1,
        deploymentConfiguration: {
          deploymentCircuitBreaker: spec.circuitBreaker
            ? {
                enable: spec.circuitBreaker.enable,
                rollback: spec.circuitBreaker.rollback,
                ...(spec.circuitBreaker.thresholdConfiguration
                  ? { thresholdConfiguration: spec.circuitBreaker.thresholdConfiguration }
                  : {})
              }
            : { enable: false, rollback: false },
          maximumPercent: spec.maximumPercent ?? 200,
          minimumHealthyPercent: spec.minimumHealthyPercent ?? 100,
          ...(spec.deploymentConfiguration ?? {})
        },
        deploymentController: { type: controller },
        ...(spec.networkConfiguration || awsvpc
          ? {
              networkConfiguration: spec.networkConfiguration ?? {
                awsvpcConfiguration: {
                  subnets: ['subnet-0a1b2c3d4e5f60718'],
                  securityGroups: ['sg-0a1b2c3d4e5f60718'],
                  assignPublicIp: 'DISABLED'
                }
              }
            }
          : {}),
        ...(spec.loadBalancers ? { loadBalancers: spec.loadBalancers } : {}),
        ...(spec.tags ? { tags: spec.tags } : {}),
        ...(spec.enableExecuteCommand !== undefined
          ? { enableExecuteCommand: spec.enableExecuteCommand }
          : {}),
        ...(spec.propagateTags ? { propagateTags: spec.propagateTags } : {}),
        ...(spec.enableECSManagedTags !== undefined
          ? { enableECSManagedTags: spec.enableECSManagedTags }
          : {}),
        ...(spec.healthCheckGracePeriodSeconds !== undefined
          ? { healthCheckGracePeriodSeconds: spec.healthCheckGracePeriodSeconds }
          : {})
      }
      checkPlacement(
        td,
        input['launchType'],
        input['capacityProviderStrategy'],
        input['networkConfiguration']
      )
      const imageFailure = await engine.missingImage(td)
      const svc = newService(cluster.name, spec.serviceName, input, td)
      let deploymentId = ''
      if (controller === 'ECS') {
        const d = engine.createDeployment(svc, td, imageFailure)
        deploymentId = d.id
        if (spec.status !== 'INACTIVE') engine.completeImmediately(svc, d)
      } else if (controller === 'CODE_DEPLOY' && spec.status !== 'INACTIVE') {
        taskSets.create(svc, td, { status: 'PRIMARY', scale: 100, running: true })
      }
      if (spec.status === 'DRAINING' || spec.status === 'INACTIVE') {
        svc.status = spec.status
        svc.desiredCount = 0
      }
      if (spec.scenario || spec.scenarioOptions) {
        svc.scenario = { name: spec.scenario ?? 'healthy', options: spec.scenarioOptions ?? {} }
      }
      if (spec.strategyScenario) strategy.setScenario(svc.arn, spec.strategyScenario)
      settleIfZero()
      return {
        clusterArn: cluster.arn,
        serviceArn: svc.arn,
        taskDefinitionArn: td.arn,
        deploymentId
      }
    },
    setScenario: (cluster, service, scenario, opts = {}) => {
      if (!SCENARIOS.includes(scenario)) {
        throw new Error(`Unknown scenario '${String(scenario)}'; one of ${SCENARIOS.join(', ')}`)
      }
      const svc = engine.findService(cluster, service)
      if (!svc) throw new Error(`No service ${cluster}/${service}`)
      svc.scenario = { name: scenario, options: opts }
    },
    advance: (steps) => {
      for (let i = 0; i < steps; i++) tick()
    },
    setTaskScenario: (family, scenario) => standalone.setScenario(family, scenario),
    snapshot: () => ({
      step: engine.step,
      clusters: [...engine.clusters.keys()],
      taskDefinitions: engine.allTaskDefinitions().map((td) => wireTaskDefinition(td, principal)),
      services: [...engine.services.values()].map((svc) => ({
        cluster: svc.cluster,
        scenario: svc.scenario,
        ...(svc.deployments[0]
          ? { failureThreshold: failureThreshold(svc, svc.deployments[0]) }
          : {}),
        service: wire(svc, true),
        tasks: engine.tasksOf(svc).map((t) => wireTask(t, engine.arns.cluster(svc.cluster), true))
      })),
      milestones: control.milestones()
    }),
    milestones: () => [...engine.milestones.values()].map((m) => ({ ...m })),
    reset: () => {
      createServiceTokens.clear()
      engine.reset()
      strategy.reset()
    },
    start: () => {
      if (options.mode === 'realtime' && options.stepMs > 0 && !timer) {
        timer = setInterval(tick, options.stepMs)
        timer.unref()
      }
    },
    stop: () => {
      if (timer) clearInterval(timer)
      timer = undefined
    }
  }

  return {
    targetPrefix: 'AmazonEC2ContainerServiceV20141113',
    signingName: 'ecs',
    engine,
    strategy,
    taskSets,
    control,
    async handle(op, input) {
      const handler = handlers[op]
      if (!handler || !validateEcsShape(op, input)) throw unknownOperation(op)
      try {
        return await handler(input)
      } finally {
        settleIfZero()
      }
    },
    reset: () => control.reset(),
    snapshot: () => control.snapshot()
  }
}

function copy(input: Json, keys: readonly string[]): Json {
  const out: Json = {}
  for (const k of keys) if (input[k] !== undefined) out[k] = input[k]
  return out
}

/** maxResults / nextToken paging over a list, as the List* operations do. */
function pageOf(
  items: readonly string[],
  input: Json,
  defaultMax: number,
  key: string,
  maxPageSize = Infinity
): Json {
  const asked = typeof input['maxResults'] === 'number' ? input['maxResults'] : defaultMax
  if (asked < 1 || asked > 100) throw invalid('maxResults must be between 1 and 100.') // [U]
  const max = Math.min(asked, maxPageSize)
  let offset = 0
  if (typeof input['nextToken'] === 'string') {
    const parsed = Number(Buffer.from(input['nextToken'], 'base64').toString('utf8'))
    if (!Number.isInteger(parsed) || parsed < 0) throw invalid('Invalid nextToken.') // [U]
    offset = parsed
  }
  const slice = items.slice(offset, offset + max)
  return {
    [key]: slice,
    ...(offset + max < items.length
      ? { nextToken: Buffer.from(String(offset + max)).toString('base64') }
      : {})
  }
}
