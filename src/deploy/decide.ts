/**
 * What a run does with a service once its revision is registered, and what
 * a watch's result means for the run. Pure: plain data in, plain data out.
 */
import type { Service } from '@aws-sdk/client-ecs'
import type { WaitUntil } from '../inputs/config.js'
import type { CodeDeployWatchResult } from './codedeploy/watch.js'
import { usesStrategyWatch } from './strategy/detect.js'
import type { StrategyWatchResult } from './strategy/watch.js'
import type { WatchResult } from './watch.js'

export type DeployAction =
  /** The CODE_DEPLOY controller: a CodeDeploy deployment, not UpdateService. */
  | 'codedeploy'
  /** A new preview: the service is created with the revision. */
  | 'create'
  /** The service already runs this revision and nothing asks for more: no deployment. */
  | 'none'
  | 'update'

export interface DeployFacts {
  /** The service's controller is CODE_DEPLOY (and the run is not a preview). */
  codeDeploy: boolean
  /** The service does not exist yet (a new preview). */
  createsService: boolean
  /** The rendered revision equals the one the service runs. */
  unchanged: boolean
  forceNewDeployment: boolean
  desiredCount?: number | undefined
}

export function decideDeploy(f: DeployFacts): DeployAction {
  if (f.codeDeploy) return 'codedeploy'
  if (f.createsService) return 'create'
  // A new count or a forced deployment is a reason to update even an unchanged revision.
  if (f.unchanged && !f.forceNewDeployment && f.desiredCount === undefined) return 'none'
  return 'update'
}

/** How the run follows the deployment it started (or did not start). */
export type WatchChoice =
  /** Nothing to watch: the run ends here with this result. */
  | { kind: 'done'; result: 'unchanged' | 'deployed'; message: string }
  /** BLUE_GREEN, LINEAR, CANARY: the service deployment's stages. */
  | { kind: 'strategy'; deploymentId: string }
  /** ROLLING: the deployment's rollout state, tasks and events. */
  | { kind: 'rolling'; deploymentId: string }

export function decideWatch(f: {
  service: string
  taskDefinitionArn: string
  deploymentId: string | undefined
  waitForServiceStability: boolean
  /** The service as it was before the run (its deployment configuration). */
  before?: Pick<Service, 'deploymentConfiguration'> | undefined
}): WatchChoice {
  const { deploymentId } = f
  if (!deploymentId) {
    return {
      kind: 'done',
      result: 'unchanged',
      message: `${f.service} already runs ${f.taskDefinitionArn}.`
    }
  }
  if (!f.waitForServiceStability) {
    return {
      kind: 'done',
      result: 'deployed',
      message: `Deployment ${deploymentId} started; not waiting (wait-for-service-stability: false).`
    }
  }
  if (f.before && usesStrategyWatch(f.before)) return { kind: 'strategy', deploymentId }
  return { kind: 'rolling', deploymentId }
}

/** A watch's end as the run reports it. */
export interface DeployOutcome {
  result: 'deployed' | 'failed' | 'cancelled'
  message: string
  /** Undefined when the run does not know (CodeDeploy's own rollbacks are not followed). */
  rolledBack?: boolean
  rollbackDeploymentId?: string
  /** The service's deployments in the console: shown only when it did not complete. */
  consoleUrl?: string
  runningTaskDefinition?: string
  /** Blue/green, linear, canary: where the service deployment stood. */
  deploymentStage?: string
  /**
   * The watch ended early at this `wait-until` point: ECS or CodeDeploy
   * carries on with the deployment after the step.
   */
  stoppedAt?: Exclude<WaitUntil, 'complete'>
}

export function rollingOutcome(w: WatchResult): DeployOutcome {
  return {
    result:
      w.outcome === 'completed' ? 'deployed' : w.outcome === 'cancelled' ? 'cancelled' : 'failed',
    message: w.message,
    rolledBack: w.rolledBack,
    ...(w.rollback ? { rollbackDeploymentId: w.rollback.deploymentId } : {}),
    ...(w.outcome !== 'completed' && w.consoleUrl ? { consoleUrl: w.consoleUrl } : {}),
    ...(w.runningTaskDefinition ? { runningTaskDefinition: w.runningTaskDefinition } : {})
  }
}

/** ECS is rolling the service deployment back, or has (ROLLBACK_FAILED is not a rollback). */
const ROLLING_BACK = new Set(['ROLLBACK_REQUESTED', 'ROLLBACK_IN_PROGRESS', 'ROLLBACK_SUCCESSFUL'])

export function strategyOutcome(
  w: StrategyWatchResult,
  waitUntil: WaitUntil = 'complete'
): DeployOutcome {
  return {
    ...stagedOutcome(w, waitUntil),
    rolledBack: w.rollbackRequested || ROLLING_BACK.has(w.stage ?? '')
  }
}

/**
 * A CodeDeploy watch's end. Whether CodeDeploy rolled back is not followed:
 * `rolledBack` stays unknown (the `rolled-back` output says `false`).
 */
export function codeDeployOutcome(
  w: CodeDeployWatchResult,
  waitUntil: WaitUntil = 'complete'
): DeployOutcome {
  return stagedOutcome(w, waitUntil)
}

/** A strategy or CodeDeploy watch's end: both report a stage and may stop at a `wait-until` point. */
function stagedOutcome(
  w: Pick<StrategyWatchResult | CodeDeployWatchResult, 'outcome' | 'message' | 'stage'>,
  waitUntil: WaitUntil
): DeployOutcome {
  const reached = w.outcome === 'reached'
  return {
    result:
      w.outcome === 'completed' || reached
        ? 'deployed'
        : w.outcome === 'cancelled'
          ? 'cancelled'
          : 'failed',
    message: w.message,
    ...(w.stage ? { deploymentStage: w.stage } : {}),
    ...(reached && waitUntil !== 'complete' ? { stoppedAt: waitUntil } : {})
  }
}

/**
 * Where the scheduled tasks go after a watch (rolling, strategy or
 * CodeDeploy): to the new revision on success, once production traffic is
 * on it (`wait-until: traffic-shifted` counts; `test-traffic` does not, the
 * old revision still serves production); after a rollback, back to the
 * previous one (whether or not the rollback has finished), and only those
 * already moved to the failed revision. Otherwise they stay.
 */
export function scheduledTasksAfter(
  outcome: Pick<DeployOutcome, 'result' | 'rolledBack' | 'runningTaskDefinition' | 'stoppedAt'>,
  revisions: { taskDefinitionArn: string; previousTaskDefinitionArn?: string | undefined }
): { to: string; onlyFrom?: string } | undefined {
  if (outcome.result === 'deployed') {
    return outcome.stoppedAt === 'test-traffic' ? undefined : { to: revisions.taskDefinitionArn }
  }
  if (!outcome.rolledBack) return undefined
  const back = revisions.previousTaskDefinitionArn ?? outcome.runningTaskDefinition
  return back ? { to: back, onlyFrom: revisions.taskDefinitionArn } : undefined
}
