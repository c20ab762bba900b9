import { inlineCode, isWebUrl } from '../util/markdown.js'
import { taskDefinitionRevision as revisionOf } from '../aws/arn.js'

/**
 * The one sticky pull-request comment of a preview, as markdown. Pure. The
 * hidden marker names the base service, so one pull request can carry one
 * comment per previewed service, each updated in place on every push.
 * Every value is inline code sized to its content (it cannot close its
 * backticks, open a link, tag or mention) or a checked http(s) URL.
 */

/** `<!-- ecs-ship:preview:<service> -->`: how the comment is found again. */
export function previewCommentMarker(baseService: string): string {
  return `<!-- ecs-ship:preview:${baseService.replace(/--+/g, '-')} -->`
}

export interface PreviewCommentInput {
  /** The preview service, `<service>-pr-<id>`. */
  service: string
  /** The service it copies; names the marker. */
  baseService: string
  url?: string | undefined
  image?: string | undefined
  taskDefinitionArn?: string | undefined
  /** Commit deployed. */
  sha?: string | undefined
  /** `https://github.com/<owner>/<repo>` to link the commit, when known. */
  repositoryUrl?: string | undefined
  /** Link to the workflow run, when known. */
  runUrl?: string | undefined
  /** `destroyed` after teardown; default `deployed`. */
  state?: 'deployed' | 'destroyed'
}

export function buildPreviewComment(input: PreviewCommentInput): string {
  const lines = [previewCommentMarker(input.baseService)]
  if (input.state === 'destroyed') {
    lines.push(
      `### Preview ${code(input.service)} destroyed`,
      '',
      `The preview of ${code(input.baseService)} for this pull request was torn down.`
    )
    if (input.runUrl && isWebUrl(input.runUrl)) lines.push('', `[Workflow run](${input.runUrl})`)
    return lines.join('\n') + '\n'
  }
  lines.push(`### Preview ${code(input.service)} deployed`, '')
  if (input.url && isWebUrl(input.url)) lines.push(`**<${input.url}>**`, '')
  lines.push('| | |', '|---|---|')
  lines.push(`| Service | ${code(input.service)} (copy of ${code(input.baseService)}) |`)
  if (input.image) lines.push(`| Image | ${code(input.image)} |`)
  if (input.taskDefinitionArn) {
    lines.push(`| Task definition | ${code(revisionOf(input.taskDefinitionArn))} |`)
  }
  if (input.sha) {
    const short = input.sha.slice(0, 7)
    const commit =
      input.repositoryUrl && isWebUrl(input.repositoryUrl) && /^[0-9a-f]{7,64}$/i.test(input.sha)
        ? `[${code(short)}](${input.repositoryUrl}/commit/${input.sha})`
        : code(short)
    lines.push(`| Commit | ${commit} |`)
  }
  if (input.runUrl && isWebUrl(input.runUrl)) lines.push(`| Run | [logs](${input.runUrl}) |`)
  lines.push(
    '',
    '<sub>Updated on every push; removed resources when the pull request closes.</sub>'
  )
  return lines.join('\n') + '\n'
}

/** `family:revision` from a task definition ARN (the one parser in aws/arn.ts). */
export { revisionOf }

/** Inline code that cannot break out of its backticks or a table cell. */
function code(text: string): string {
  return inlineCode(text)
}
