/**
 * The one-off task as a stage of the run: after registration and before the
 * service update, run the registered revision and go on only when every
 * essential container exited 0. main.ts calls `oneOffTask` in one line.
 */
import type { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs'
import type { ECSClient } from '@aws-sdk/client-ecs'
import type { TaskDef } from '../taskdef/clean.js'
import { ActionError } from '../util/errors.js'
import type { Logger } from '../util/log.js'
import type { Clock } from '../util/time.js'
import type { RunTaskConfig } from './config.js'
import { runTaskClientToken, runTaskRequest, type RunTaskPlan } from './plan.js'
import { failureMarkdown } from './outcome.js'
import { runOneOffTask, taskFailure } from './run.js'

/** What the summary shows about the task. */
export interface TaskReport {
  taskArn: string
  exitCode?: number
  result: 'succeeded' | 'failed' | 'started' | 'cancelled'
  summary: string
  /** A failure's containers and log tail, for the job summary. */
  markdown?: string
}

export interface OneOffTaskOptions {
  ecs: ECSClient
  logs: CloudWatchLogsClient
  logsForRegion: (region: string) => CloudWatchLogsClient
  config: RunTaskConfig
  plan: RunTaskPlan
  taskDefinition: TaskDef
  taskDefinitionArn: string
  /** The service updated afterwards, and the revision it keeps on failure. */
  service?: string | undefined
  previousTaskDefinitionArn?: string | undefined
  timeoutMs: number
  log: Logger
  clock: Clock
  signal: AbortSignal
  /** Sets `run-task-arn` / `run-task-exit-code` as soon as each is known. */
  setOutput(name: 'run-task-arn' | 'run-task-exit-code', value: string): void
  /** Receives what the summary shows, also when the task fails. */
  report(task: TaskReport): void
  /** Fallback client token outside a workflow run. */
  fallbackToken: string
}

export async function oneOffTask(o: OneOffTaskOptions): Promise<TaskReport> {
  const { plan, log } = o
  const token = runTaskClientToken(o.config.runIdentity, o.taskDefinitionArn, o.fallbackToken)
  const request = runTaskRequest(plan, o.taskDefinitionArn, token)
  for (const note of plan.notes) log.info(`One-off task: ${note}.`)
  const command = request.overrides?.containerOverrides?.find(
    (c) => c.name === plan.mainContainer
  )?.command
  if (command) log.info(`Command (${plan.mainContainer}): ${JSON.stringify(command)}`)
  let taskArn = ''
  const keeps = o.service
    ? `The service ${o.service} was not updated${o.previousTaskDefinitionArn ? `: it keeps running ${o.previousTaskDefinitionArn}` : ''}.`
    : ''
  try {
    const result = await runOneOffTask({
      ecs: o.ecs,
      logs: o.logs,
      logsForRegion: o.logsForRegion,
      request,
      taskDefinition: o.taskDefinition,
      mainContainer: plan.mainContainer,
      wait: o.config.wait,
      timeoutMs: o.timeoutMs,
      log,
      clock: o.clock,
      signal: o.signal,
      onStarted: (arn) => {
        taskArn = arn
        // The official action's format: a JSON array of the task ARNs.
        o.setOutput('run-task-arn', JSON.stringify([arn]))
      }
    })
    if (result.status === 'started') {
      if (o.service) {
        log.warning(
          'wait-for-task-stopped is false: the service update does not wait for the one-off task or its exit code.'
        )
      }
      const report: TaskReport = {
        taskArn: result.taskArn,
        result: 'started',
        summary: 'started (not waited for)'
      }
      o.report(report)
      return report
    }
    const { outcome, logTail } = result
    if (outcome.exitCode !== undefined) o.setOutput('run-task-exit-code', String(outcome.exitCode))
    const report: TaskReport = {
      taskArn: outcome.taskArn,
      ...(outcome.exitCode !== undefined ? { exitCode: outcome.exitCode } : {}),
      result: outcome.succeeded ? 'succeeded' : 'failed',
      summary: outcome.summary,
      ...(outcome.succeeded ? {} : { markdown: failureMarkdown(outcome, logTail) })
    }
    o.report(report)
    if (!outcome.succeeded) throw taskFailure(outcome, logTail, keeps)
    log.info(outcome.summary)
    return report
  } catch (error) {
    if (taskArn && o.signal.aborted) {
      o.report({ taskArn, result: 'cancelled', summary: 'stopped: the run was cancelled' })
    }
    // Before the task started (RunTask refused): say what became of the service.
    if (error instanceof ActionError && !taskArn && keeps) {
      throw new ActionError(`${error.message} ${keeps}`, error.details)
    }
    if (error instanceof ActionError || !taskArn) throw error
    throw new ActionError(`${String(error)} ${keeps}`)
  }
}
