/**
 * The run's side of a BLUE_GREEN, LINEAR or CANARY deployment: calls the
 * strategy watch with the run's configuration. What its result means for the
 * run is `strategyOutcome` (deploy/decide.ts).
 */
import type { Service } from '@aws-sdk/client-ecs'
import type { Config } from '../../inputs/config.js'
import type { AwsClients } from '../../aws/clients.js'
import type { Reporter } from '../../report/reporter.js'
import type { RunReport } from '../../report/summary.js'
import type { Logger } from '../../util/log.js'
import type { Clock } from '../../util/time.js'
import type { TaskDefinitionLike } from '../diagnostics.js'
import { deploymentStrategy } from './detect.js'
import { watchStrategyDeployment, type StrategyWatchResult } from './watch.js'

export interface StrategyStart {
  /** Epoch ms just before UpdateService. */
  updatedAt: number
  /** UpdateService's `service.currentServiceDeployment`, when given. */
  serviceDeploymentArn?: string | undefined
}

/** What the strategy and CodeDeploy flows use of a run (run/context.ts `RunContext`). */
export interface StrategyRun {
  config: Config
  clients: AwsClients
  log: Logger
  clock: Clock
  signal: AbortSignal
  report: RunReport
  /** Sets report fields and their outputs together. */
  reporter: Reporter
}

export async function watchStrategy(
  ctx: StrategyRun,
  service: Service,
  taskDefinition: TaskDefinitionLike,
  deploymentId: string,
  start: StrategyStart
): Promise<StrategyWatchResult> {
  const { config } = ctx
  const inputs = config.strategy ?? { waitUntil: 'complete', cancelDeploymentOnAbort: false }
  return watchStrategyDeployment({
    ecs: ctx.clients.ecs,
    logs: ctx.clients.logs,
    cluster: config.cluster,
    service: service.serviceName ?? config.service ?? '',
    strategy: deploymentStrategy(service),
    serviceDeploymentArn: start.serviceDeploymentArn,
    deploymentId,
    updatedAt: start.updatedAt,
    taskDefinition,
    timeoutMs: config.waitTimeoutMs,
    waitUntil: inputs.waitUntil,
    rollbackOnFailure: config.rollbackOnFailure,
    cancelDeploymentOnAbort: inputs.cancelDeploymentOnAbort,
    clock: ctx.clock,
    log: ctx.log,
    signal: ctx.signal
  })
}
