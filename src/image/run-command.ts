import { spawn } from 'node:child_process'

/**
 * Runs one external command (docker, buildx) with an argument array, never a
 * shell. The stable, small API every image command goes through:
 * arguments in; exit code, stdout and stderr out; output lines streamed to
 * `onLine` as they come; an AbortSignal; an inactivity timeout.
 *
 * The child is the leader of its own process group (`detached`), so a stop
 * reaches everything it started (docker's credential helpers, buildx's
 * plugins): SIGTERM to the group, then SIGKILL after a grace period. It also
 * means a SIGINT the runner sends to the action does not reach the child
 * directly; the action decides (through `signal`) and stops the group.
 */
export interface RunCommandOptions {
  /** The whole environment of the child (nothing is inherited implicitly). */
  env: Record<string, string>
  /** Written to stdin, then stdin is closed (e.g. a password). */
  input?: string
  cwd?: string
  /** Receives stdout and stderr, one line at a time (no line break). */
  onLine?: (line: string) => void
  /** Aborting stops the process group; the result then has `stopped: 'aborted'`. */
  signal?: AbortSignal
  /** No output at all for this long stops the process group (`stopped: 'inactive'`). */
  inactivityTimeoutMs?: number
  /** Between SIGTERM and SIGKILL when stopping. Default 3 s. */
  killGraceMs?: number
}

export interface CommandResult {
  /** Null when the process ended by a signal. */
  exitCode: number | null
  /** The signal that ended it, if any. */
  exitSignal: NodeJS.Signals | null
  stdout: string
  stderr: string
  /** Why the action stopped it, if it did. */
  stopped?: 'aborted' | 'inactive'
}

const DEFAULT_KILL_GRACE_MS = 3_000

/** Rejects only when the command could not be started at all (e.g. ENOENT). */
export function runCommand(
  command: string,
  args: readonly string[],
  options: RunCommandOptions
): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, [...args], {
      env: options.env,
      ...(options.cwd !== undefined ? { cwd: options.cwd } : {}),
      detached: true,
      stdio: ['pipe', 'pipe', 'pipe'],
      windowsHide: true
    })
    let stdout = ''
    let stderr = ''
    let stopped: CommandResult['stopped']
    let inactivity: NodeJS.Timeout | undefined
    let killTimer: NodeJS.Timeout | undefined
    let settled = false
    const grace = options.killGraceMs ?? DEFAULT_KILL_GRACE_MS

    const signalGroup = (sig: NodeJS.Signals): void => {
      if (child.pid === undefined) return
      try {
        process.kill(-child.pid, sig) // negative pid: the whole process group
      } catch {
        // the group is gone already
      }
    }
    const stop = (why: NonNullable<CommandResult['stopped']>): void => {
      if (stopped !== undefined || settled) return
      stopped = why
      clearTimeout(inactivity)
      signalGroup('SIGTERM')
      killTimer = setTimeout(() => signalGroup('SIGKILL'), grace)
    }
    const armInactivity = (): void => {
      if (options.inactivityTimeoutMs === undefined || stopped !== undefined) return
      clearTimeout(inactivity)
      inactivity = setTimeout(() => stop('inactive'), options.inactivityTimeoutMs)
    }
    const onAbort = (): void => stop('aborted')

    const lineSplitter = (): ((chunk: string, end?: boolean) => void) => {
      let partial = ''
      return (chunk, end = false) => {
        partial += chunk
        const parts = partial.split(/\r?\n/)
        partial = end ? '' : (parts.pop() ?? '')
        if (end && parts.at(-1) === '') parts.pop()
        if (options.onLine) for (const line of parts) options.onLine(line)
      }
    }
    const outLines = lineSplitter()
    const errLines = lineSplitter()
    child.stdout.setEncoding('utf8')
    child.stderr.setEncoding('utf8')
    child.stdout.on('data', (chunk: string) => {
      stdout += chunk
      armInactivity()
      outLines(chunk)
    })
    child.stderr.on('data', (chunk: string) => {
      stderr += chunk
      armInactivity()
      errLines(chunk)
    })

    child.on('error', (error) => {
      if (settled) return
      settled = true
      clearTimeout(inactivity)
      clearTimeout(killTimer)
      options.signal?.removeEventListener('abort', onAbort)
      reject(error)
    })
    child.on('close', (code, sig) => {
      if (settled) return
      settled = true
      clearTimeout(inactivity)
      options.signal?.removeEventListener('abort', onAbort)
      outLines('', true)
      errLines('', true)
      // The leader is gone; make sure nothing it started lingers in the group.
      if (stopped !== undefined) {
        clearTimeout(killTimer)
        signalGroup('SIGKILL')
      }
      resolve({
        exitCode: code,
        exitSignal: sig,
        stdout,
        stderr,
        ...(stopped !== undefined ? { stopped } : {})
      })
    })

    child.stdin.on('error', () => {}) // a child that exits without reading stdin
    child.stdin.end(options.input ?? '')
    armInactivity()
    if (options.signal?.aborted) stop('aborted')
    else options.signal?.addEventListener('abort', onAbort, { once: true })
  })
}
