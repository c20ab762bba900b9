/**
 * The run's side of a BLUE_GREEN, LINEAR or CANARY deployment: calls the
 * strategy watch with the run's configuration and turns its result into the
 * report, the outputs (`deployment-stage`, `rolled-back`) and, when it did not
 * succeed, an ActionError.
 */
import * as core from '../../util/runner.js'
import type { Service } from '@aws-sdk/client-ecs'
import type { Config } from '../../inputs/config.js'
import type { AwsClients } from '../../aws/clients.js'
import { Outputs } from '../../report/outputs.js'
import type { RunReport } from '../../report/summary.js'
import { ActionError } from '../../util/errors.js'
import type { Logger } from '../../util/log.js'
import type { Clock } from '../../util/time.js'
import { diagnosticsMarkdown, type TaskDefinitionLike } from '../diagnostics.js'
import { deploymentStrategy } from './detect.js'
import { watchStrategyDeployment } from './watch.js'

/** ECS is rolling the service deployment back, or has (ROLLBACK_FAILED is not a rollback). */
const ROLLING_BACK = new Set(['ROLLBACK_REQUESTED', 'ROLLBACK_IN_PROGRESS', 'ROLLBACK_SUCCESSFUL'])

export interface StrategyStart {
  /** Epoch ms just before UpdateService. */
  updatedAt: number
  /** UpdateService's `service.currentServiceDeployment`, when given. */
  serviceDeploymentArn?: string | undefined
}

export interface StrategyRun {
  config: Config
  clients: AwsClients
  log: Logger
  clock: Clock
  signal: AbortSignal
  report: RunReport
}

export async function watchStrategy(
  ctx: StrategyRun,
  service: Service,
  taskDefinition: TaskDefinitionLike,
  deploymentId: string,
  start: StrategyStart
): Promise<void> {
  const { config, report } = ctx
  const inputs = config.strategy ?? { waitUntil: 'complete', cancelDeploymentOnAbort: false }
  const result = await watchStrategyDeployment({
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
  if (result.stage) {
    report.deploymentStage = result.stage
    core.setOutput(Outputs.deploymentStage, result.stage)
  }
  const rolledBack = result.rollbackRequested || ROLLING_BACK.has(result.stage ?? '')
  report.rolledBack = rolledBack
  core.setOutput(Outputs.rolledBack, String(rolledBack))
  if (result.diagnostics) report.diagnosticsMarkdown = diagnosticsMarkdown(result.diagnostics)
  report.message = result.message
  if (result.outcome === 'completed' || result.outcome === 'reached') {
    report.result = 'deployed'
    return
  }
  report.result = result.outcome === 'cancelled' ? 'cancelled' : 'failed'
  throw new ActionError(result.message)
}
