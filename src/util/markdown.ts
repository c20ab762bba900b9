/**
 * Untrusted text in GitHub-flavoured Markdown (job summary, pull-request
 * comment), kept as data. Pure. GitHub sanitizes dangerous HTML itself, but
 * untrusted text could still close our `<details>`, open a heading or a
 * link that looks like ours, break a table, or end a code block early and
 * render whatever follows. So:
 *  - running text: `& < >` become entities and every Markdown punctuation
 *    character is backslash-escaped (CommonMark allows that for any ASCII
 *    punctuation, so it always renders as the character itself);
 *  - inline code and code blocks are delimited by a backtick run longer than
 *    any run inside the content, so the content cannot close them;
 *  - table cells escape `|` and fold line breaks.
 */

const HTML: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' }

/** Text that renders literally: no HTML, no emphasis, links, headings, lists or tables. */
export function escapeText(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/[&<>]/g, (c) => HTML[c]!)
    .replace(/[\\`*_{}[\]()#+\-.!|~=:@]/g, (c) => `\\${c}`)
}

/** The longest run of backticks in `text`. */
function longestBacktickRun(text: string): number {
  let longest = 0
  for (const run of text.match(/`+/g) ?? []) longest = Math.max(longest, run.length)
  return longest
}

/**
 * Inline code that shows `text` exactly (line breaks folded to spaces) and
 * cannot be closed by it; `|` escaped so it can sit in a table cell.
 */
export function inlineCode(text: string): string {
  const flat = text.replace(/\r\n|\r|\n/g, ' ').replace(/\|/g, '\\|')
  const ticks = '`'.repeat(longestBacktickRun(flat) + 1)
  // A space pads content that starts or ends with a backtick (CommonMark strips one each side).
  const pad = flat.startsWith('`') || flat.endsWith('`') ? ' ' : ''
  return `${ticks}${pad}${flat}${pad}${ticks}`
}

/** The fence for a code block of `lines`: longer than any backtick run in them, at least 3. */
export function codeFence(lines: readonly string[]): string {
  let longest = 0
  for (const line of lines) longest = Math.max(longest, longestBacktickRun(line))
  return '`'.repeat(Math.max(3, longest + 1))
}

/** A fenced code block whose content cannot end it early. */
export function codeBlock(lines: readonly string[], info = ''): string[] {
  const physical = lines.flatMap((l) => l.split(/\r\n|\r|\n/))
  const fence = codeFence(physical)
  return [`${fence}${info}`, ...physical, fence]
}

/** A table cell: literal text, no `|` or line break breaking out of it. */
export function tableCell(text: string): string {
  return escapeText(text).replace(/\n/g, ' ')
}

/** An http(s) URL safe to link as is (no spaces, quotes or brackets that could end the link). */
export function isWebUrl(url: string): boolean {
  return /^https?:\/\/[^\s()<>[\]"'`\\]+$/.test(url)
}
