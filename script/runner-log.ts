/**
 * A terminal view of a step's output, rendered the way the GitHub runner's
 * log shows it: workflow commands are interpreted (groups become headed,
 * indented blocks; `::error::` / `::warning::` / `::notice::` become
 * annotations; `::debug::` is hidden unless step debugging is on;
 * `::add-mask::` values are replaced by `***` from then on) and everything
 * else is printed as is. Fed chunk by chunk as the step writes, so the demo
 * shows the log while it happens. Pure: it returns lines, the caller prints.
 */
import { parseWorkflowCommands } from '../test-support/harness.js'

/** How annotations and headings are coloured; identity when not on a terminal. */
export interface LogStyle {
  readonly group: (s: string) => string
  readonly error: (s: string) => string
  readonly warning: (s: string) => string
  readonly notice: (s: string) => string
  readonly dim: (s: string) => string
}

const same = (s: string): string => s

export const PLAIN_STYLE: LogStyle = {
  group: same,
  error: same,
  warning: same,
  notice: same,
  dim: same
}

/** ANSI colours, for a TTY. */
export const ANSI_STYLE: LogStyle = {
  group: (s) => `\x1b[1;36m${s}\x1b[0m`,
  error: (s) => `\x1b[31m${s}\x1b[0m`,
  warning: (s) => `\x1b[33m${s}\x1b[0m`,
  notice: (s) => `\x1b[34m${s}\x1b[0m`,
  dim: (s) => `\x1b[2m${s}\x1b[0m`
}

export interface RunnerLogOptions {
  readonly style?: LogStyle
  /** Show `::debug::` lines (the runner does with ACTIONS_STEP_DEBUG). */
  readonly debug?: boolean
  /** Put before every line, e.g. two spaces to nest the step under a heading. */
  readonly indent?: string
}

/** Commands the runner acts on without printing anything. */
const SILENT = new Set(['add-mask', 'save-state', 'set-output', 'set-env', 'add-path', 'echo'])

export class RunnerLogView {
  private readonly style: LogStyle
  private readonly debug: boolean
  private readonly indent: string
  private readonly masks: string[] = []
  private partial = ''
  private inGroup = false

  constructor(options: RunnerLogOptions = {}) {
    this.style = options.style ?? PLAIN_STYLE
    this.debug = options.debug ?? false
    this.indent = options.indent ?? ''
  }

  /** Takes a chunk of output; returns the complete lines it finished, rendered. */
  push(chunk: string): string[] {
    const text = this.partial + chunk
    const parts = text.split('\n')
    this.partial = parts.pop() ?? ''
    return parts.flatMap((line) => this.line(line.replace(/\r$/, '')))
  }

  /** Renders what is left after the last newline (the end of the output). */
  flush(): string[] {
    const rest = this.partial
    this.partial = ''
    return rest === '' ? [] : this.line(rest)
  }

  private line(raw: string): string[] {
    const command = raw.trimStart().startsWith('::') ? parseWorkflowCommands(raw)[0] : undefined
    if (!command) return [this.out(this.mask(raw))]
    const message = this.mask(command.message)
    switch (command.command) {
      case 'add-mask':
        if (command.message !== '') this.masks.push(command.message)
        return []
      case 'group':
        this.inGroup = true
        return [`${this.indent}${this.style.group(`▸ ${message}`)}`]
      case 'endgroup':
        this.inGroup = false
        return []
      case 'debug':
        return this.debug ? this.lines(message, (s) => this.style.dim(`##[debug]${s}`)) : []
      case 'error':
        return this.lines(message, (s, i) => this.style.error(i === 0 ? `Error: ${s}` : s))
      case 'warning':
        return this.lines(message, (s, i) => this.style.warning(i === 0 ? `Warning: ${s}` : s))
      case 'notice':
        return this.lines(message, (s, i) => this.style.notice(i === 0 ? `Notice: ${s}` : s))
      default:
        return SILENT.has(command.command) ? [] : [this.out(this.mask(raw))]
    }
  }

  private lines(message: string, render: (line: string, index: number) => string): string[] {
    return message.split('\n').map((l, i) => this.out(render(l, i)))
  }

  private out(text: string): string {
    return `${this.indent}${this.inGroup ? '  ' : ''}${text}`
  }

  private mask(text: string): string {
    let out = text
    for (const secret of this.masks) out = out.split(secret).join('***')
    return out
  }
}
