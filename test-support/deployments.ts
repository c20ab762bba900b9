/**
 * The one set of deployment builders for unit tests: an ECS rolling
 * deployment in progress (ours), the COMPLETED one it replaces (previous),
 * service events and stopped tasks, in the two shapes the code reads: the
 * SDK's (`Service`, `Deployment`, `ServiceEvent`, `Task`, what DescribeServices
 * and DescribeTasks answer) and the watch's pure snapshots
 * (src/deploy/evaluate.ts). Each builder takes overrides for what a test is
 * about; the defaults are one consistent scenario (3 tasks wanted, the new
 * deployment just started, the old one still running all 3).
 */
import type { Deployment, LogConfiguration, Service, ServiceEvent, Task } from '@aws-sdk/client-ecs'
import type { DeploymentSnapshot, EventSnapshot, ServiceSnapshot } from '../src/deploy/evaluate.js'
import { FAKE_EPOCH } from './fake-clock.js'

/** ECS deployment ids: this run's, the one it replaces, someone else's, a rollback's. */
export const NEW_ID = 'ecs-svc/8010098638150428715'
export const OLD_ID = 'ecs-svc/1675294001379389663'
export const OTHER_ID = 'ecs-svc/5550000000000004444'
export const ROLLBACK_ID = 'ecs-svc/7770000000000001234'
/** When ECS created this run's deployment. */
export const T0 = FAKE_EPOCH
export const ACCOUNT = '123456789012'
export const REGION = 'us-east-1'

export function taskDefinitionArn(revision: number, region = REGION, family = 'web'): string {
  return `arn:aws:ecs:${region}:${ACCOUNT}:task-definition/${family}:${revision}`
}

export function taskArn(id: string, region = REGION, cluster = 'prod'): string {
  return `arn:aws:ecs:${region}:${ACCOUNT}:task/${cluster}/${id}`
}

/** Revision 43 is this run's, 42 the previous one, 44 someone else's. */
export const TD = taskDefinitionArn(43)
export const TD_OLD = taskDefinitionArn(42)
export const TD_OTHER = taskDefinitionArn(44)

const DAY_MS = 86_400_000

/** This run's deployment, in both shapes: PRIMARY, IN_PROGRESS, nothing running yet. */
const NEW_DEPLOYMENT = {
  id: NEW_ID,
  status: 'PRIMARY',
  taskDefinition: TD,
  desiredCount: 3,
  runningCount: 0,
  pendingCount: 0,
  failedTasks: 0,
  rolloutState: 'IN_PROGRESS',
  rolloutStateReason: `ECS deployment ${NEW_ID} in progress.`
} as const

/** What differs in the deployment it replaces: ACTIVE, COMPLETED a day ago, still running all 3 tasks. */
const PREVIOUS_DEPLOYMENT = {
  id: OLD_ID,
  status: 'ACTIVE',
  taskDefinition: TD_OLD,
  desiredCount: 0,
  runningCount: 3,
  rolloutState: 'COMPLETED',
  rolloutStateReason: `ECS deployment ${OLD_ID} completed.`
} as const

// ---- The watch's snapshots (src/deploy/evaluate.ts) ----

/** This run's deployment: PRIMARY, IN_PROGRESS, nothing running yet. */
export function deploymentSnapshot(over: Partial<DeploymentSnapshot> = {}): DeploymentSnapshot {
  return { ...NEW_DEPLOYMENT, createdAt: T0, ...over }
}

/** The deployment it replaces: ACTIVE, COMPLETED a day ago, still running all 3 tasks. */
export function previousSnapshot(over: Partial<DeploymentSnapshot> = {}): DeploymentSnapshot {
  return deploymentSnapshot({ ...PREVIOUS_DEPLOYMENT, createdAt: T0 - DAY_MS, ...over })
}

/** A service event `seconds` after T0. */
export function eventSnapshot(
  seconds: number,
  message: string,
  id = `e-${seconds}`
): EventSnapshot {
  return { id, createdAt: T0 + seconds * 1000, message }
}

/** Service `web` mid-deployment: ours and the previous one, a circuit breaker with rollback. */
export function serviceSnapshot(over: Partial<ServiceSnapshot> = {}): ServiceSnapshot {
  return {
    name: 'web',
    status: 'ACTIVE',
    desiredCount: 3,
    runningCount: 3,
    pendingCount: 0,
    taskDefinition: TD,
    deployments: [deploymentSnapshot(), previousSnapshot()],
    events: [],
    circuitBreaker: { enable: true, rollback: true },
    ...over
  }
}

// ---- The SDK's shapes (what DescribeServices / DescribeTasks answer) ----

/** This run's deployment as DescribeServices lists it (the defaults of `deploymentSnapshot`). */
export function ecsDeployment(over: Partial<Deployment> = {}): Deployment {
  return { ...NEW_DEPLOYMENT, createdAt: new Date(T0), ...over }
}

/** The deployment it replaces, as DescribeServices lists it (the defaults of `previousSnapshot`). */
export function ecsPreviousDeployment(over: Partial<Deployment> = {}): Deployment {
  return ecsDeployment({ ...PREVIOUS_DEPLOYMENT, createdAt: new Date(T0 - DAY_MS), ...over })
}

/** A service event `seconds` after T0. */
export function ecsEvent(seconds: number, message: string, id?: string): ServiceEvent {
  return {
    id: id ?? `ev-${seconds}-${message.length}`,
    createdAt: new Date(T0 + seconds * 1000),
    message
  }
}

/**
 * Service `web` as DescribeServices answers: `events` oldest first (listed
 * newest first, as ECS does); `breaker` null for no circuit breaker.
 */
export function ecsService(
  deployments: Deployment[] = [ecsDeployment(), ecsPreviousDeployment()],
  events: ServiceEvent[] = [],
  breaker: { enable: boolean; rollback: boolean } | null = { enable: true, rollback: true },
  over: Partial<Service> = {}
): Service {
  return {
    serviceName: 'web',
    status: 'ACTIVE',
    desiredCount: 3,
    taskDefinition: TD,
    deploymentController: { type: 'ECS' },
    ...(breaker ? { deploymentConfiguration: { deploymentCircuitBreaker: breaker } } : {}),
    deployments,
    events: [...events].reverse(),
    ...over
  }
}

/** A task of this run's deployment that stopped (DescribeTasks). */
export function stoppedTask(id: string, over: Partial<Task> = {}, region = REGION): Task {
  return {
    taskArn: taskArn(id, region),
    taskDefinitionArn: taskDefinitionArn(43, region),
    startedBy: NEW_ID,
    lastStatus: 'STOPPED',
    ...over
  }
}

/** A task of this run's deployment whose essential container `web` exited with code 1. */
export function exitedTask(id: string, over: Partial<Task> = {}, region = REGION): Task {
  return stoppedTask(
    id,
    {
      stopCode: 'EssentialContainerExited',
      stoppedReason: 'Essential container in task exited',
      containers: [{ name: 'web', exitCode: 1 }],
      ...over
    },
    region
  )
}

/** How container `web` logs (awslogs to /ecs/web): where the diagnostics read a stopped task's log tail. */
export function webLogConfiguration(): LogConfiguration {
  return {
    logDriver: 'awslogs',
    options: { 'awslogs-group': '/ecs/web', 'awslogs-stream-prefix': 'ecs' }
  }
}
