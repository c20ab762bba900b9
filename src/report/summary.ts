import { formatDuration } from '../util/log.js'

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
  taskDefinitionArn?: string
  deploymentId?: string
  rolledBack?: boolean
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

function cell(value: string): string {
  return value.replace(/\|/g, '\\|').replace(/\n/g, ' ')
}

/** Markdown for `GITHUB_STEP_SUMMARY`. Pure. */
export function buildSummary(r: RunReport): string {
  const rows: Array<[string, string]> = []
  rows.push(['Result', `${ICON[r.result]} ${r.result}`])
  if (r.service)
    rows.push(['Service', `\`${r.service}\`${r.cluster ? ` (cluster \`${r.cluster}\`)` : ''}`])
  if (r.url) rows.push(['URL', r.url])
  if (r.image) rows.push(['Image', `\`${r.image}\`${r.imageSource ? ` (${r.imageSource})` : ''}`])
  if (r.digest) rows.push(['Digest', `\`${r.digest}\``])
  if (r.taskDefinitionArn) rows.push(['Task definition', `\`${revisionOf(r.taskDefinitionArn)}\``])
  if (r.deploymentId) rows.push(['Deployment', `\`${r.deploymentId}\``])
  if (r.deploymentStage) rows.push(['Service deployment', `\`${r.deploymentStage}\``])
  if (r.rolledBack !== undefined) rows.push(['Rolled back', r.rolledBack ? 'yes' : 'no'])
  if (r.runningTaskDefinition)
    rows.push(['Running now', `\`${revisionOf(r.runningTaskDefinition)}\``])
  rows.push(['Duration', formatDuration(r.durationMs)])

  const lines = ['## ECS deploy', '', r.message, '', '| | |', '|---|---|']
  for (const [k, v] of rows) lines.push(`| ${k} | ${cell(v)} |`)
  if (r.timings.length > 0) {
    lines.push('', '<details><summary>Timings</summary>', '')
    lines.push('| stage | time |', '|---|---|')
    for (const t of r.timings) lines.push(`| ${cell(t.stage)} | ${formatDuration(t.ms)} |`)
    lines.push('', '</details>')
  }
  if (r.diff && r.diff.length > 0) {
    lines.push('', '<details><summary>Task definition changes</summary>', '', '```diff')
    lines.push(...r.diff, '```', '', '</details>')
  }
  if (r.diagnosticsMarkdown) lines.push('', r.diagnosticsMarkdown)
  return lines.join('\n') + '\n'
}
