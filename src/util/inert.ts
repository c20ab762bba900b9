import { randomBytes } from 'node:crypto'

/**
 * Untrusted text made inert for the runner's log. Pure.
 *
 * The runner reads a step's stdout line by line (a line ends at `\n`, `\r\n`
 * or a lone `\r`) and acts on two forms (actions/runner ActionCommand.cs):
 *  - `::name …::data` when the line, after .NET's `TrimStart()`, starts
 *    with `::` (so leading spaces, tabs and Unicode spaces do not help);
 *  - `##[name …]data` ANYWHERE in the line.
 * A log event holding `\n::stop-commands::x` would otherwise switch off
 * every later command of the job (`::add-mask::` included), and
 * `\n::warning::…` or `##[error]…` would forge annotations.
 *
 * What we do, and why this and not the alternatives:
 *  - Embedded line breaks are split here, and every continuation line is
 *    given the first line's gutter (indent, `[0:42] ` elapsed tag, `| `),
 *    so a multi-line log event still reads as one block.
 *  - A line the runner could parse as a command is printed byte for byte,
 *    between `::stop-commands::<token>` and `::<token>::`, with a fresh
 *    128-bit random token that the text cannot guess. Escaping instead
 *    (inserting a zero-width or other character into `::` / `##[`) would
 *    change the text, so a secret that contains `##[` would no longer match
 *    the runner's masker and would leak; and it would make the line
 *    unsearchable. The pause is as short as possible (only around such
 *    lines, resumed at once), so our own `::add-mask::` commands always run.
 *  - Most lines are not command-like and are printed as they are (no noise).
 * The check over-approximates (any `::` start, any `##[`), so a future
 * command name registered by the runner is covered too.
 */

/** Line breaks as the runner's line reader sees them. */
const LINE_BREAK = /\r\n|\r|\n/

/**
 * Leading characters .NET's `TrimStart()` may remove (Char.IsWhiteSpace),
 * widened with the zero-width characters and BOM to stay on the safe side.
 */
const LEADING_SPACE = /^[\s\u0085\u180e\u200b-\u200d\u2060\ufeff]*/

/** True when the runner could take `line` (one line, no breaks) as a workflow command. */
export function isCommandLike(line: string): boolean {
  return line.replace(LEADING_SPACE, '').startsWith('::') || line.includes('##[')
}

/** Splits on every line break the runner recognizes. */
export function splitLines(text: string): string[] {
  return text.split(LINE_BREAK)
}

/**
 * The gutter of a log line that continuation lines repeat: leading spaces,
 * then an optional `[…] ` tag (the watch's elapsed time), more spaces, and an
 * optional `| ` or `> ` quote marker.
 */
const GUTTER = /^[ \t]*(?:\[[^\]\r\n]{1,16}\][ \t]+)?[ \t]*(?:[|>][ \t])?/

export function gutterOf(firstLine: string): string {
  return GUTTER.exec(firstLine)?.[0] ?? ''
}

/** A token the runner accepts as a command name: lowercase hex, unguessable. */
export function newStopToken(): string {
  return `inert-${randomBytes(16).toString('hex')}`
}

/**
 * The physical lines to print for `message`: embedded breaks split (each
 * continuation line behind the first line's gutter), and every run of
 * command-like lines wrapped in a stop-commands pause with a fresh token.
 */
export function inertLines(message: string, token: () => string = newStopToken): string[] {
  const [first = '', ...rest] = splitLines(message)
  const gutter = gutterOf(first)
  const lines = [first, ...rest.map((l) => gutter + l)]
  const out: string[] = []
  let i = 0
  while (i < lines.length) {
    if (!isCommandLike(lines[i]!)) {
      out.push(lines[i]!)
      i++
      continue
    }
    const t = token()
    out.push(`::stop-commands::${t}`)
    while (i < lines.length && isCommandLike(lines[i]!)) out.push(lines[i++]!)
    out.push(`::${t}::`)
  }
  return out
}

/** `inertLines` joined for one write. */
export function inertText(message: string, token?: () => string): string {
  return inertLines(message, token).join('\n')
}
