import { formatDuration } from '../util/log.js'
import { codeBlock, escapeText, inlineCode, isWebUrl, tableCell } from '../util/markdown.js'

/** Everything the job summary shows; filled in as the run goes. */
export interface RunReport {
  result:
    | 'deployed'
    | 'registered'
    | 'unchanged'
    | 'dry-run'
    | 'destroyed'
    /** Nothing to do, and not a failure (a fork's pull request without AWS credentials). */
    | 'skipped'
    | 'failed'
    | 'cancelled'
  /** One line saying what happened, or why it failed. */
  message: string
  cluster?: string
  service?: string
  image?: string
  digest?: string
  /** Whether the image was built by this run, reused from ECR, or given. */
  imageSource?: 'built' | 'reused' | 'given'
  /** Every container and its image, when the run deployed more than one container's image. */
  images?: Record<string, string>
  taskDefinitionArn?: string
  deploymentId?: string
  /** The CODE_DEPLOY controller: CodeDeploy's deployment (not an ECS deployment id). */
  codeDeployDeploymentId?: string
  rolledBack?: boolean
  /** The deployment that rolls the service back (by ECS or by the action). */
  rollbackDeploymentId?: string
  /** The service's deployments in the AWS console. */
  consoleUrl?: string
  /** Blue/green, linear, canary: the service deployment's stage or final status when the step ended. */
  deploymentStage?: string
  /** The revision running after the run (differs from ours after a rollback). */
  runningTaskDefinition?: string
  url?: string
  diff?: string[]
  /** Markdown produced by the deploy diagnostics. */
  diagnosticsMarkdown?: string
  durationMs: number
  /** Stage timings, in order. */
  timings: Array<{ stage: string; ms: number }>
  /** The one-off task (run-task), when one ran. */
  task?: { taskArn: string; exitCode?: number; result: string; summary: string; markdown?: string }
  /** Scheduled tasks (EventBridge rules, Scheduler schedules) and the revision each runs now. */
  scheduledTasks?: Array<{ id: string; taskDefinition: string; moved: boolean }>
  /** Several services from one build: one row each. */
  services?: ServiceRow[]
}

/** One service of a run over several (src/deploy/fleet). */
export interface ServiceRow {
  service: string
  /** The revision deployed, `family:rev` or an ARN. */
  revision: string
  deploymentId?: string
  /** e.g. `deployed`, `failed; rolled back by ECS to web:7`. */
  result: string
  durationMs: number
  ok: boolean
}

const ICON: Record<RunReport['result'], string> = {
  deployed: '✅',
  registered: '✅',
  unchanged: '✅',
  'dry-run': '📝',
  destroyed: '🧹',
  skipped: '⏭️',
  failed: '❌',
  cancelled: '⚠️'
}

function revisionOf(arn: string): string {
  const m = /task-definition\/(.+)$/.exec(arn)
  return m?.[1] ?? arn
}

/**
 * Markdown for `GITHUB_STEP_SUMMARY`. Pure. Every value may carry untrusted
 * text (AWS error messages, names from inputs, the diff), so values are
 * inline code or escaped text (markdown.ts), and the diff's code fence is
 * longer than any backtick run inside it.
 */
export function buildSummary(r: RunReport): string {
  const rows: Array<[string, string]> = []
  rows.push(['Result', `${ICON[r.result]} ${r.result}`])
  if (r.service) {
    rows.push([
      'Service',
      `${inlineCode(r.service)}${r.cluster ? ` (cluster ${inlineCode(r.cluster)})` : ''}`
    ])
  }
  if (r.url) rows.push(['URL', isWebUrl(r.url) ? `<${r.url}>` : inlineCode(r.url)])
  if (r.images && Object.keys(r.images).length > 1) {
    for (const [container, image] of Object.entries(r.images)) {
      rows.push([`Image (${escapeText(container)})`, inlineCode(image)])
    }
  } else if (r.image) {
    rows.push(['Image', `${inlineCode(r.image)}${r.imageSource ? ` (${r.imageSource})` : ''}`])
  }
  if (r.digest) rows.push(['Digest', inlineCode(r.digest)])
  if (r.taskDefinitionArn) {
    rows.push(['Task definition', inlineCode(revisionOf(r.taskDefinitionArn))])
  }
  if (r.deploymentId) rows.push(['Deployment', inlineCode(r.deploymentId)])
  if (r.codeDeployDeploymentId) {
    rows.push(['CodeDeploy deployment', inlineCode(r.codeDeployDeploymentId)])
  }
  if (r.deploymentStage) rows.push(['Service deployment', inlineCode(r.deploymentStage)])
  if (r.rolledBack !== undefined) rows.push(['Rolled back', r.rolledBack ? 'yes' : 'no'])
  if (r.rollbackDeploymentId) rows.push(['Rollback deployment', `\`${r.rollbackDeploymentId}\``])
  if (r.consoleUrl) rows.push(['AWS console', `[service deployments](${r.consoleUrl})`])
  if (r.runningTaskDefinition)
    rows.push(['Running now', inlineCode(revisionOf(r.runningTaskDefinition))])
  if (r.task) {
    const code = r.task.exitCode !== undefined ? `, exit code ${r.task.exitCode}` : ''
    rows.push([
      'One-off task',
      `${inlineCode(r.task.taskArn.split('/').pop() ?? '')} ${r.task.result}${code}`
    ])
  }
  if (r.scheduledTasks && r.scheduledTasks.length > 0) {
    const list = r.scheduledTasks.map(
      (s) =>
        `${inlineCode(s.id)} → ${inlineCode(revisionOf(s.taskDefinition))}${s.moved ? '' : ' (unchanged)'}`
    )
    rows.push(['Scheduled tasks', list.join('<br>')])
  }
  rows.push(['Duration', formatDuration(r.durationMs)])

  const message = escapeText(r.message).split('\n').join('  \n')
  const lines = ['## ECS deploy', '', message, '', '| | |', '|---|---|']
  // Row values are built above from inline code and fixed words: already cell-safe.
  for (const [k, v] of rows) lines.push(`| ${k} | ${v} |`)
  if (r.services && r.services.length > 0) lines.push('', ...servicesTable(r.services))
  if (r.timings.length > 0) {
    lines.push('', '<details><summary>Timings</summary>', '')
    lines.push('| stage | time |', '|---|---|')
    for (const t of r.timings) lines.push(`| ${tableCell(t.stage)} | ${formatDuration(t.ms)} |`)
    lines.push('', '</details>')
  }
  if (r.diff && r.diff.length > 0) {
    lines.push('', '<details><summary>Task definition changes</summary>', '')
    lines.push(...codeBlock(r.diff, 'diff'), '', '</details>')
  }
  if (r.diagnosticsMarkdown) lines.push('', r.diagnosticsMarkdown)
  if (r.task?.markdown) lines.push('', r.task.markdown)
  return lines.join('\n') + '\n'
}

/** Several services: service, revision, deployment, result, duration; every value escaped. */
function servicesTable(rows: readonly ServiceRow[]): string[] {
  const lines = ['| Service | Revision | Deployment | Result | Duration |', '|---|---|---|---|---|']
  for (const r of rows) {
    lines.push(
      `| ${inlineCode(r.service)} | ${inlineCode(revisionOf(r.revision))} | ${r.deploymentId ? inlineCode(r.deploymentId) : '–'} | ${r.ok ? '✅' : '❌'} ${tableCell(r.result)} | ${formatDuration(r.durationMs)} |`
    )
  }
  return lines
}
