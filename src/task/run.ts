/**
 * Runs the one-off task and waits for it: RunTask (with the run's client
 * token), then every few seconds DescribeTasks for its status and the new
 * lines of its CloudWatch streams, printed as they come. A cancelled run
 * stops the task (StopTask) before it returns. The verdict is outcome.ts's.
 */
import {
  DescribeTasksCommand,
  RunTaskCommand,
  StopTaskCommand,
  type ECSClient,
  type RunTaskCommandInput,
  type Task
} from '@aws-sdk/client-ecs'
import type { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs'
import { awslogsContainers } from '../deploy/diagnostics.js'
import type { TaskDef } from '../taskdef/clean.js'
import { ActionError, describeAwsError, errorMessage } from '../util/errors.js'
import { formatDuration, type Logger } from '../util/log.js'
import type { Clock } from '../util/time.js'
import { LogFollower, streamsOf } from './logs.js'
import { failureDetails, statusLine, taskId, taskOutcome, type TaskOutcome } from './outcome.js'

/** How often the task and its logs are read. */
export const TASK_POLL_MS = 3_000

export interface RunOneOffTaskOptions {
  ecs: ECSClient
  logs: CloudWatchLogsClient
  /** A logs client for another region (awslogs-region). */
  logsForRegion: (region: string) => CloudWatchLogsClient
  request: RunTaskCommandInput
  taskDefinition: TaskDef
  mainContainer: string
  wait: boolean
  timeoutMs: number
  log: Logger
  clock: Clock
  signal: AbortSignal
  /** Called as soon as ECS accepted the task, before any wait. */
  onStarted(taskArn: string): void
  pollMs?: number
}

export type RunOneOffTaskResult =
  | { status: 'started'; taskArn: string }
  | { status: 'stopped'; outcome: TaskOutcome; logTail: string[] }

export async function runOneOffTask(o: RunOneOffTaskOptions): Promise<RunOneOffTaskResult> {
  const { ecs, log, clock, request } = o
  const cluster = request.cluster
  let response
  try {
    response = await ecs.send(new RunTaskCommand(request))
  } catch (error) {
    throw describeAwsError(`RunTask (${request.taskDefinition} in cluster ${cluster})`, error)
  }
  const task = response.tasks?.[0]
  if (!task?.taskArn) {
    const f = response.failures?.[0]
    const why = f
      ? `${f.reason ?? 'unknown reason'}${f.detail ? ` (${f.detail})` : ''}${f.arn ? ` for ${f.arn}` : ''}`
      : 'ECS returned no task and no failure'
    throw new ActionError(`RunTask started no task: ${why}.`)
  }
  const arn = task.taskArn
  const id = taskId(arn)
  o.onStarted(arn)
  log.info(`Started task ${id} (${arn}) from ${request.taskDefinition}.`)
  if (!o.wait) {
    log.info('Not waiting for it to stop (wait-for-task-stopped: false).')
    return { status: 'started', taskArn: arn }
  }

  const { streams, unreadable } = streamsOf(awslogsContainers(o.taskDefinition), id)
  const followers = streams.map(
    (s) => new LogFollower(s.region ? o.logsForRegion(s.region) : o.logs, s)
  )
  for (const name of unreadable) {
    log.info(
      `Container ${name} logs with awslogs but without awslogs-stream-prefix: its stream cannot be found, so its lines are not shown.`
    )
  }
  if (followers.length === 0 && unreadable.length === 0) {
    log.info('No container logs to CloudWatch (awslogs): only the exit codes will be shown.')
  }
  const prefixWidth = Math.max(0, ...followers.map((f) => f.ref.container.length))
  const warned = new Set<LogFollower>()
  const printNewLines = async (): Promise<void> => {
    for (const f of followers) {
      const lines = await f.poll()
      for (const line of lines) log.info(`${f.ref.container.padEnd(prefixWidth)} | ${line}`)
      if (f.problem && !warned.has(f)) {
        warned.add(f)
        log.warning(
          `Cannot read the log of container ${f.ref.container} (${f.ref.group}): ${f.problem}. Grant logs:GetLogEvents to see it here.`
        )
      }
    }
  }

  const started = clock.now()
  const pollMs = o.pollMs ?? TASK_POLL_MS
  let status: string | undefined
  let last: Task = task
  for (;;) {
    const line = statusLine(status, last)
    if (line) {
      log.info(`${line} (${formatDuration(clock.now() - started)})`)
      status = last.lastStatus
    }
    await printNewLines()
    if (last.lastStatus === 'STOPPED') break
    if (o.signal.aborted) {
      await stopTask(o, arn, 'The GitHub Actions run was cancelled.')
      throw new ActionError(
        `Cancelled: stopped the one-off task ${id}; the service was not updated.`
      )
    }
    if (clock.now() - started > o.timeoutMs) {
      throw new ActionError(
        `Task ${id} is still ${last.lastStatus ?? 'running'} after ${formatDuration(o.timeoutMs)} (wait-for-minutes); the service was not updated. It keeps running: stop it with \`aws ecs stop-task --cluster ${cluster ?? 'default'} --task ${id}\` or raise wait-for-minutes.`
      )
    }
    await clock.sleep(pollMs, o.signal)
    if (o.signal.aborted) continue
    last = await describe(o, arn, last)
  }
  // CloudWatch ingests with a small delay: one more read catches the last lines.
  await clock.sleep(Math.min(pollMs, 1_000), o.signal)
  await printNewLines()
  const outcome = taskOutcome(last, o.taskDefinition, o.mainContainer)
  const logTail = followers.length === 1 ? (followers[0]?.lastLines() ?? []) : tailOf(followers)
  return { status: 'stopped', outcome, logTail }
}

/** The failure as an ActionError: the exit codes, the stop reason and the log tail. */
export function taskFailure(outcome: TaskOutcome, logTail: string[], after: string): ActionError {
  return new ActionError(`${outcome.summary} ${after}`, failureDetails(outcome, logTail))
}

function tailOf(followers: LogFollower[]): string[] {
  return followers.flatMap((f) => f.lastLines().map((l) => `${f.ref.container} | ${l}`)).slice(-30)
}

async function describe(o: RunOneOffTaskOptions, arn: string, previous: Task): Promise<Task> {
  try {
    const out = await o.ecs.send(
      new DescribeTasksCommand({ cluster: o.request.cluster, tasks: [arn] })
    )
    return out.tasks?.[0] ?? previous
  } catch (error) {
    // A failed read is retried at the next poll (the SDK already retried throttling).
    o.log.warning(`DescribeTasks failed: ${errorMessage(error)}; trying again.`)
    return previous
  }
}

async function stopTask(o: RunOneOffTaskOptions, arn: string, reason: string): Promise<void> {
  try {
    await o.ecs.send(new StopTaskCommand({ cluster: o.request.cluster, task: arn, reason }))
    o.log.warning(`Stopped task ${taskId(arn)}: ${reason}`)
  } catch (error) {
    o.log.error(
      `Could not stop task ${taskId(arn)} (${errorMessage(error)}); stop it by hand: aws ecs stop-task --task ${arn}`
    )
  }
}
