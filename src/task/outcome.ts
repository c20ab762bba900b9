/**
 * What a stopped one-off task means: it succeeded only when every essential
 * container exited 0. Pure: a described task and its task definition in, a
 * verdict with the lines that explain it out.
 */
import type { Task } from '@aws-sdk/client-ecs'
import type { TaskDef } from '../taskdef/clean.js'

export interface ContainerResult {
  name: string
  essential: boolean
  exitCode?: number
  reason?: string
}

export interface TaskOutcome {
  succeeded: boolean
  taskArn: string
  taskId: string
  /** The main container's exit code (the `run-task-exit-code` output), when it has one. */
  exitCode?: number
  stopCode?: string
  stoppedReason?: string
  containers: ContainerResult[]
  /** One line: what happened. */
  summary: string
}

export function taskId(arn: string): string {
  return arn.split('/').pop() ?? arn
}

export function taskOutcome(
  task: Task,
  taskDefinition: TaskDef,
  mainContainer: string
): TaskOutcome {
  const essentialByName = new Map(
    (taskDefinition.containerDefinitions ?? []).map((c) => [c.name ?? '', c.essential !== false])
  )
  const containers: ContainerResult[] = (task.containers ?? []).map((c) => ({
    name: c.name ?? '',
    essential: essentialByName.get(c.name ?? '') ?? true,
    ...(typeof c.exitCode === 'number' ? { exitCode: c.exitCode } : {}),
    ...(c.reason ? { reason: c.reason } : {})
  }))
  const essentials = containers.filter((c) => c.essential)
  const failed = essentials.filter((c) => c.exitCode !== 0)
  const succeeded = essentials.length > 0 && failed.length === 0
  const arn = task.taskArn ?? ''
  const id = taskId(arn)
  const main = containers.find((c) => c.name === mainContainer)
  const exitCode = main?.exitCode ?? essentials.find((c) => c.exitCode !== undefined)?.exitCode
  const codes = containers.map((c) => `${c.name} ${exitText(c)}`).join(', ')
  const why = [task.stopCode, task.stoppedReason].filter(Boolean).join(': ')
  const summary = succeeded
    ? `Task ${id} succeeded: ${codes}.`
    : `Task ${id} failed: ${failed.map((c) => `${c.name} ${exitText(c)}`).join(', ')}${why ? ` (stopped: ${why})` : ''}.`
  return {
    succeeded,
    taskArn: arn,
    taskId: id,
    ...(exitCode !== undefined ? { exitCode } : {}),
    ...(task.stopCode ? { stopCode: task.stopCode } : {}),
    ...(task.stoppedReason ? { stoppedReason: task.stoppedReason } : {}),
    containers,
    summary
  }
}

function exitText(c: ContainerResult): string {
  const code = c.exitCode !== undefined ? `exited ${c.exitCode}` : 'did not run to an exit code'
  return c.reason ? `${code} (${c.reason})` : code
}

/** The lines a failure shows: each container, the stop reason, the log tail. */
export function failureDetails(outcome: TaskOutcome, logTail: readonly string[]): string[] {
  const lines = outcome.containers.map(
    (c) => `  container ${c.name}${c.essential ? '' : ' (not essential)'}: ${exitText(c)}`
  )
  if (outcome.stopCode || outcome.stoppedReason) {
    lines.push(`  stopped: ${[outcome.stopCode, outcome.stoppedReason].filter(Boolean).join(': ')}`)
  }
  if (logTail.length > 0) {
    lines.push(`  last ${logTail.length} log lines:`)
    for (const l of logTail) lines.push(`    | ${l}`)
  }
  return lines
}

/** Task status changes worth a line: each new lastStatus, once. */
export function statusLine(previous: string | undefined, task: Task): string | undefined {
  const status = task.lastStatus
  if (!status || status === previous) return undefined
  return `Task ${taskId(task.taskArn ?? '')} ${status}`
}

/**
 * The failure as a job-summary section: containers and the log tail, the
 * log in a code fence longer than any backtick run in it, names escaped.
 */
export function failureMarkdown(outcome: TaskOutcome, logTail: readonly string[]): string {
  const out = [`### One-off task \`${outcome.taskId}\` failed`, '']
  out.push('| Container | Essential | Exit code | Reason |', '|---|---|---|---|')
  for (const c of outcome.containers) {
    out.push(
      `| ${cell(c.name)} | ${c.essential ? 'yes' : 'no'} | ${c.exitCode ?? ''} | ${cell(c.reason ?? '')} |`
    )
  }
  if (outcome.stopCode || outcome.stoppedReason) {
    out.push(
      '',
      `Stopped: ${cell([outcome.stopCode, outcome.stoppedReason].filter(Boolean).join(': '))}`
    )
  }
  if (logTail.length > 0) {
    let longest = 0
    for (const line of logTail) {
      for (const run of line.match(/`+/g) ?? []) longest = Math.max(longest, run.length)
    }
    const fence = '`'.repeat(Math.max(3, longest + 1))
    out.push('', `<details><summary>Last ${logTail.length} log lines</summary>`, '')
    out.push(`${fence}text`, ...logTail, fence, '', '</details>')
  }
  return out.join('\n') + '\n'
}

function cell(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\|/g, '\\|')
    .replace(/[\r\n]+/g, ' ')
}
