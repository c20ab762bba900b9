/**
 * What a person would otherwise dig out of the console after a failed
 * deployment: the stopped tasks of this run's deployment and why they
 * stopped, the last service events, and the tail of the failed task's
 * CloudWatch log. Collected only on failure; a missing permission is a
 * warning naming the IAM action to grant, never a failure of its own.
 */
import {
  DescribeTasksCommand,
  ListTasksCommand,
  type ECSClient,
  type Task
} from '@aws-sdk/client-ecs'
import type { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs'
import { createAwsClients } from '../aws/clients.js'
import { logStreamUrl, serviceDeploymentsUrl, taskUrl } from '../aws/console.js'
import { clientRegion, isAborted, isAccessDenied, isNotFound } from '../aws/errors.js'
import { awsErrorName, errorMessage } from '../util/errors.js'
import type { Logger } from '../util/log.js'
import { formatClock, type EventSnapshot } from './evaluate.js'

/** Newest stopped tasks shown. */
export const MAX_TASKS = 5
/** Service events shown. */
export const MAX_EVENTS = 10
/** Log lines fetched per container. */
export const LOG_LINES = 30

export interface ContainerStop {
  name: string
  exitCode?: number
  reason?: string
}

export interface StoppedTask {
  taskId: string
  taskArn: string
  taskDefinitionArn?: string
  stopCode?: string
  stoppedReason?: string
  /** Epoch milliseconds. */
  stoppedAt?: number
  containers: ContainerStop[]
  /** The task in the AWS console. */
  consoleUrl?: string
}

export interface LogTail {
  taskId: string
  container: string
  group: string
  stream: string
  region: string
  lines: string[]
  /** Why there are no lines (stream not found, no stream prefix, …). */
  note?: string
  /** The stream in the AWS console. */
  consoleUrl?: string
}

export interface Diagnostics {
  cluster: string
  service: string
  deploymentId: string
  /** Newest first, at most MAX_TASKS. */
  stoppedTasks: StoppedTask[]
  /** Stopped tasks of this deployment among those ECS listed. */
  stoppedTaskCount: number
  /** Oldest first, at most MAX_EVENTS. */
  events: Array<{ createdAt?: number; message: string }>
  logs: LogTail[]
  /** Permission and lookup problems met on the way (also logged as warnings). */
  warnings: string[]
  /** The service's deployments in the AWS console. */
  serviceUrl?: string
}

/** The part of a task definition that says where containers log; any task definition shape fits. */
export interface TaskDefinitionLike {
  containerDefinitions?: unknown
}

export interface CollectDiagnosticsOptions {
  ecs: ECSClient
  logs: CloudWatchLogsClient
  cluster: string
  service: string
  deploymentId: string
  /** The deployed task definition, to find the containers' awslogs configuration. */
  taskDefinition?: TaskDefinitionLike | undefined
  /** The service's events as last seen, newest first. */
  events: readonly EventSnapshot[]
  log: Logger
  /** A logs client for another region (awslogs-region); defaults to the action's client factory. */
  logsForRegion?: (region: string) => CloudWatchLogsClient
  /** Aborts the calls still running (the watch bounds diagnostics to DIAGNOSTICS_BUDGET_MS). */
  signal?: AbortSignal
}

/** How long diagnostics may add to a failed run: the calls still running then are abandoned. */
export const DIAGNOSTICS_BUDGET_MS = 2_000

export async function collectDiagnostics(options: CollectDiagnosticsOptions): Promise<Diagnostics> {
  const { ecs, cluster, service, deploymentId, log } = options
  const warnings: string[] = []
  const warn = (message: string): void => {
    warnings.push(message)
    log.warning(message)
  }
  const events = options.events
    .slice(0, MAX_EVENTS)
    .reverse()
    .map((e) => ({
      ...(e.createdAt !== undefined ? { createdAt: e.createdAt } : {}),
      message: e.message
    }))

  const region = await clientRegion(ecs)
  const tasks = await stoppedTasksOf(ecs, cluster, service, deploymentId, warn, options.signal)
  const stoppedTasks = tasks.slice(0, MAX_TASKS).map((t) => {
    const stopped = toStoppedTask(t)
    return region ? { ...stopped, consoleUrl: taskUrl(region, cluster, stopped.taskId) } : stopped
  })
  const logs = await logTails(options, stoppedTasks, warn)
  return {
    cluster,
    service,
    deploymentId,
    stoppedTasks,
    stoppedTaskCount: tasks.length,
    events,
    logs,
    warnings,
    ...(region ? { serviceUrl: serviceDeploymentsUrl(region, cluster, service) } : {})
  }
}

/** Stopped tasks started by the deployment, newest first: one ListTasks page and one DescribeTasks per 100. */
async function stoppedTasksOf(
  ecs: ECSClient,
  cluster: string,
  service: string,
  deploymentId: string,
  warn: (m: string) => void,
  signal?: AbortSignal
): Promise<Task[]> {
  const abort = signal ? { abortSignal: signal } : {}
  let arns: string[]
  try {
    const listed = await ecs.send(
      new ListTasksCommand({
        cluster,
        serviceName: service,
        desiredStatus: 'STOPPED',
        maxResults: 100
      }),
      abort
    )
    arns = listed.taskArns ?? []
  } catch (error) {
    warn(diagnosticFailure('list the stopped tasks', 'ecs:ListTasks', error))
    return []
  }
  const tasks: Task[] = []
  for (let i = 0; i < arns.length; i += 100) {
    try {
      const described = await ecs.send(
        new DescribeTasksCommand({ cluster, tasks: arns.slice(i, i + 100) }),
        abort
      )
      tasks.push(...(described.tasks ?? []))
    } catch (error) {
      warn(diagnosticFailure('describe the stopped tasks', 'ecs:DescribeTasks', error))
      return []
    }
  }
  return tasks
    .filter((t) => t.startedBy === deploymentId)
    .sort((a, b) => time(b.stoppedAt ?? b.createdAt) - time(a.stoppedAt ?? a.createdAt))
}

function toStoppedTask(task: Task): StoppedTask {
  const taskArn = task.taskArn ?? ''
  return {
    taskId: taskArn.slice(taskArn.lastIndexOf('/') + 1),
    taskArn,
    ...(task.taskDefinitionArn ? { taskDefinitionArn: task.taskDefinitionArn } : {}),
    ...(task.stopCode ? { stopCode: task.stopCode } : {}),
    ...(task.stoppedReason ? { stoppedReason: task.stoppedReason } : {}),
    ...(task.stoppedAt ? { stoppedAt: task.stoppedAt.getTime() } : {}),
    containers: (task.containers ?? []).map((c) => ({
      name: c.name ?? '?',
      ...(c.exitCode !== undefined ? { exitCode: c.exitCode } : {}),
      ...(c.reason ? { reason: c.reason } : {})
    }))
  }
}

interface AwsLogsConfig {
  container: string
  group: string
  region?: string
  prefix?: string
}

/** The containers that log with the awslogs driver, from a task definition of any shape. */
export function awslogsContainers(taskDefinition: TaskDefinitionLike | undefined): AwsLogsConfig[] {
  const defs = taskDefinition?.containerDefinitions
  if (!Array.isArray(defs)) return []
  const found: AwsLogsConfig[] = []
  for (const def of defs as unknown[]) {
    if (!def || typeof def !== 'object') continue
    const c = def as { name?: unknown; logConfiguration?: unknown }
    const lc = c.logConfiguration as { logDriver?: unknown; options?: unknown } | undefined
    if (typeof c.name !== 'string' || lc?.logDriver !== 'awslogs') continue
    const opts = (lc.options && typeof lc.options === 'object' ? lc.options : {}) as Record<
      string,
      unknown
    >
    const group = opts['awslogs-group']
    if (typeof group !== 'string' || group === '') continue
    const region = opts['awslogs-region']
    const prefix = opts['awslogs-stream-prefix']
    found.push({
      container: c.name,
      group,
      ...(typeof region === 'string' && region !== '' ? { region } : {}),
      ...(typeof prefix === 'string' && prefix !== '' ? { prefix } : {})
    })
  }
  return found
}

/**
 * The last lines of the failed task's streams: the newest stopped task whose
 * containers ran (one with an exit code; a task that never started has no
 * log), one that exited non-zero first, one GetLogEvents per awslogs
 * container that ran.
 */
async function logTails(
  options: CollectDiagnosticsOptions,
  tasks: StoppedTask[],
  warn: (m: string) => void
): Promise<LogTail[]> {
  const configs = awslogsContainers(options.taskDefinition)
  if (configs.length === 0) return []
  // A crashed task's log says why; one scaled in (exit code 0) rarely does.
  const task =
    tasks.find((t) => t.containers.some((c) => c.exitCode !== undefined && c.exitCode !== 0)) ??
    tasks.find((t) => t.containers.some((c) => c.exitCode !== undefined))
  if (!task) return []
  const defaultRegion = (await clientRegion(options.logs)) ?? ''
  const forRegion = options.logsForRegion ?? ((r: string) => createAwsClients(r).logs)
  const { GetLogEventsCommand } = await import('@aws-sdk/client-cloudwatch-logs') // a chunk: see aws/clients.ts
  const abort = options.signal ? { abortSignal: options.signal } : {}
  let denied: string | undefined
  // One GetLogEvents per container, all at once: diagnostics are bounded in time.
  const tails = await Promise.all(
    configs.map(async (config): Promise<LogTail | undefined> => {
      const ran = task.containers.find((c) => c.name === config.container)
      if (!ran || ran.exitCode === undefined) return undefined
      const region = config.region ?? defaultRegion
      const base = { taskId: task.taskId, container: config.container, group: config.group, region }
      if (!config.prefix) {
        return {
          ...base,
          stream: '',
          lines: [],
          note: 'no awslogs-stream-prefix: the stream is named after the Docker container id, which ECS does not report'
        }
      }
      const stream = `${config.prefix}/${config.container}/${task.taskId}`
      const link = region ? { consoleUrl: logStreamUrl(region, config.group, stream) } : {}
      const client =
        config.region && config.region !== defaultRegion ? forRegion(config.region) : options.logs
      try {
        const out = await client.send(
          new GetLogEventsCommand({
            logGroupName: config.group,
            logStreamName: stream,
            startFromHead: false,
            limit: LOG_LINES
          }),
          abort
        )
        const lines = (out.events ?? []).map((e) => (e.message ?? '').replace(/\r?\n$/, ''))
        return {
          ...base,
          stream,
          lines,
          ...(lines.length === 0 ? { note: 'the stream is empty' } : {}),
          ...link
        }
      } catch (error) {
        if (isAccessDenied(error)) {
          denied ??= diagnosticFailure(`read log group ${config.group}`, 'logs:GetLogEvents', error)
          return undefined
        }
        const note = isNotFound(error, 'resource')
          ? 'log stream not found'
          : `could not read it: ${errorMessage(error)}`
        return { ...base, stream, lines: [], note, ...link }
      }
    })
  )
  if (denied) warn(denied)
  return tails.filter((t): t is LogTail => t !== undefined)
}

function diagnosticFailure(what: string, action: string, error: unknown): string {
  if (isAborted(error)) {
    return `Diagnostics: did not ${what} within ${DIAGNOSTICS_BUDGET_MS / 1000} s; skipped so the failure is reported now.`
  }
  if (isAccessDenied(error)) {
    return `Diagnostics: not allowed to ${what}. Grant \`${action}\` to the role this action uses to see it here.`
  }
  return `Diagnostics: could not ${what} (${awsErrorName(error) ?? 'Error'}: ${errorMessage(error)}).`
}

function time(d: Date | undefined): number {
  return d ? d.getTime() : 0
}

/** The diagnostics as log lines. */
export function formatDiagnostics(d: Diagnostics): string[] {
  const lines: string[] = []
  lines.push(`Diagnostics for deployment ${d.deploymentId} of service ${d.service}:`)
  if (d.stoppedTaskCount === 0) {
    lines.push('  No stopped tasks of this deployment found.')
  } else {
    const shown =
      d.stoppedTaskCount > d.stoppedTasks.length ? ` (newest ${d.stoppedTasks.length} shown)` : ''
    lines.push(`  Stopped tasks: ${d.stoppedTaskCount}${shown}`)
    for (const t of d.stoppedTasks) {
      const why = [t.stopCode, t.stoppedReason].filter(Boolean).join(': ')
      lines.push(
        `  - task ${t.taskId}${t.stoppedAt !== undefined ? ` stopped ${formatClock(t.stoppedAt)}` : ''}${why ? ` · ${why}` : ''}`
      )
      for (const c of t.containers) lines.push(`      container ${c.name}: ${containerText(c)}`)
      if (t.consoleUrl) lines.push(`      console: ${t.consoleUrl}`)
    }
  }
  for (const tail of d.logs) {
    lines.push(
      `  Log of task ${tail.taskId}, container ${tail.container} (${tail.group}${tail.stream ? ` ${tail.stream}` : ''}):`
    )
    if (tail.note) lines.push(`      (${tail.note})`)
    for (const line of tail.lines) lines.push(`      | ${line}`)
    if (tail.consoleUrl) lines.push(`      console: ${tail.consoleUrl}`)
  }
  if (d.events.length > 0) {
    lines.push('  Last service events:')
    for (const e of d.events) lines.push(`      ${formatClock(e.createdAt)} ${e.message}`)
  }
  if (d.serviceUrl) lines.push(`  Service deployments in the AWS console: ${d.serviceUrl}`)
  return lines
}

/** The diagnostics as a job-summary section. */
export function diagnosticsMarkdown(d: Diagnostics): string {
  const out: string[] = []
  out.push(`### Diagnostics: deployment \`${d.deploymentId}\``, '')
  if (d.stoppedTaskCount === 0) {
    out.push('No stopped tasks of this deployment found.', '')
  } else {
    const shown =
      d.stoppedTaskCount > d.stoppedTasks.length ? `, newest ${d.stoppedTasks.length} shown` : ''
    out.push(`**Stopped tasks** (${d.stoppedTaskCount}${shown})`, '')
    out.push('| Task | Stopped (UTC) | Stop code | Reason | Containers |', '|---|---|---|---|---|')
    for (const t of d.stoppedTasks) {
      const containers = t.containers.map((c) => `${c.name}: ${containerText(c)}`).join('<br>')
      const task = t.consoleUrl ? `[\`${t.taskId}\`](${t.consoleUrl})` : `\`${t.taskId}\``
      out.push(
        `| ${task} | ${t.stoppedAt !== undefined ? formatClock(t.stoppedAt) : ''} | ${cell(t.stopCode ?? '')} | ${cell(t.stoppedReason ?? '')} | ${cell(containers, true)} |`
      )
    }
    out.push('')
  }
  for (const tail of d.logs) {
    out.push(
      `<details><summary>Log of task <code>${html(tail.taskId)}</code>, container <code>${html(tail.container)}</code> (${html(tail.group)})</summary>`,
      ''
    )
    if (tail.note) out.push(`_${html(tail.note)}_`, '')
    if (tail.consoleUrl) out.push(`[Log stream in the AWS console](${tail.consoleUrl})`, '')
    if (tail.lines.length > 0) {
      const fence = codeFence(tail.lines)
      out.push(`${fence}text`, ...tail.lines, fence, '')
    }
    out.push('</details>', '')
  }
  if (d.events.length > 0) {
    out.push('**Last service events**', '', '| Time (UTC) | Event |', '|---|---|')
    for (const e of d.events) out.push(`| ${formatClock(e.createdAt)} | ${cell(e.message)} |`)
    out.push('')
  }
  if (d.warnings.length > 0) {
    out.push(...d.warnings.map((w) => `> ${html(w)}`), '')
  }
  if (d.serviceUrl) out.push(`[Service deployments in the AWS console](${d.serviceUrl})`, '')
  return out.join('\n').trimEnd() + '\n'
}

function containerText(c: ContainerStop): string {
  const parts: string[] = []
  if (c.exitCode !== undefined) parts.push(`exit code ${c.exitCode}`)
  if (c.reason) parts.push(c.reason)
  return parts.length > 0 ? parts.join(' · ') : 'no exit code'
}

function html(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
}

/** A markdown table cell: no pipes or newlines break out of it. `keepBr` keeps our own `<br>` joins. */
function cell(text: string, keepBr = false): string {
  const parts = keepBr ? text.split('<br>') : [text]
  return parts.map((p) => html(p).replace(/\|/g, '\\|').replace(/\r?\n/g, ' ')).join('<br>')
}

/** A backtick fence longer than any run of backticks in the lines. */
function codeFence(lines: string[]): string {
  let longest = 0
  for (const line of lines) {
    for (const run of line.match(/`+/g) ?? []) longest = Math.max(longest, run.length)
  }
  return '`'.repeat(Math.max(3, longest + 1))
}
