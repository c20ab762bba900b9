/**
 * A model of how the GitHub Actions runner reads a step's output for
 * workflow commands (actions/runner: ActionCommand.TryParseV2 / TryParse and
 * ActionCommandManager.TryProcessCommand), stricter than the harness's
 * `parseWorkflowCommands`: it follows `stop-commands` pauses, reads the
 * legacy `##[name]` form anywhere in a line, trims leading whitespace as
 * .NET's `TrimStart()` does, and splits lines at `\n`, `\r\n` and a lone `\r`
 * as the runner's line reader does. Tests use it to assert which lines the
 * runner would have acted on.
 */

/** The commands the runner registers (its command extensions) plus `stop-commands`. */
export const RUNNER_COMMANDS = [
  'stop-commands',
  'set-env',
  'set-output',
  'save-state',
  'add-mask',
  'add-path',
  'add-matcher',
  'remove-matcher',
  'warning',
  'error',
  'notice',
  'debug',
  'group',
  'endgroup',
  'echo'
] as const

export interface RunnerCommand {
  /** Lowercased command name. */
  readonly command: string
  readonly data: string
  /** 0-based physical line. */
  readonly line: number
  readonly form: 'v2' | 'v1'
}

export interface RunnerStream {
  /** Every command the runner acted on, in order (stop/resume included). */
  readonly commands: RunnerCommand[]
  /** Values registered with add-mask, in order. */
  readonly masks: string[]
  /** Whether commands are still paused at the end of the output. */
  readonly stopped: boolean
  /** Physical lines as the runner's reader splits them. */
  readonly lines: string[]
}

// Char.IsWhiteSpace, which .NET's TrimStart() uses.
const DOTNET_LEADING_SPACE =
  /^[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*/

function parse(
  line: string,
  registered: Set<string>
): { command: string; data: string; form: 'v2' | 'v1' } | undefined {
  const trimmed = line.replace(DOTNET_LEADING_SPACE, '')
  if (trimmed.startsWith('::')) {
    const end = trimmed.indexOf('::', 2)
    if (end >= 0) {
      const info = trimmed.slice(2, end)
      const space = info.indexOf(' ')
      const name = (space < 0 ? info : info.slice(0, space)).toLowerCase()
      if (registered.has(name)) {
        return { command: name, data: unescapeData(trimmed.slice(end + 2)), form: 'v2' }
      }
    }
  }
  const prefix = line.indexOf('##[')
  if (prefix >= 0) {
    const rb = line.indexOf(']', prefix)
    if (rb >= 0) {
      const info = line.slice(prefix + 3, rb)
      const space = info.indexOf(' ')
      const name = (space < 0 ? info : info.slice(0, space)).toLowerCase()
      if (registered.has(name)) return { command: name, data: line.slice(rb + 1), form: 'v1' }
    }
  }
  return undefined
}

function unescapeData(s: string): string {
  return s.replace(/%0D/gi, '\r').replace(/%0A/gi, '\n').replace(/%25/g, '%')
}

/** Reads `output` as the runner would and returns what it acted on. */
export function readAsRunner(output: string): RunnerStream {
  const registered = new Set<string>(RUNNER_COMMANDS)
  const lines = output.split(/\r\n|\r|\n/)
  const commands: RunnerCommand[] = []
  const masks: string[] = []
  let stopToken: string | undefined
  lines.forEach((line, index) => {
    if (line === '') return
    const parsed = parse(line, registered)
    if (!parsed) return
    if (stopToken !== undefined) {
      if (parsed.command === stopToken) {
        commands.push({ ...parsed, line: index })
        registered.delete(stopToken)
        stopToken = undefined
      }
      return
    }
    commands.push({ ...parsed, line: index })
    if (parsed.command === 'stop-commands') {
      stopToken = parsed.data.toLowerCase()
      registered.add(stopToken)
    } else if (parsed.command === 'add-mask' && parsed.data.trim() !== '') {
      masks.push(parsed.data)
    }
  })
  return { commands, masks, stopped: stopToken !== undefined, lines }
}
