import * as core from './runner.js'
import { inertText } from './inert.js'

/**
 * The one logger. Pure modules take a `Logger` so tests can capture what a
 * user would read; the action passes `actionsLogger`, which writes through
 * the runner's workflow commands (./runner.ts; groups fold in the runner's log view).
 *
 * Every message may hold untrusted text (application logs, service events,
 * docker output, AWS error text), so `actionsLogger` is the one output path
 * that keeps it inert: `info` goes through `inertText` (see inert.ts), which
 * is the only one that needs it, since runner.ts's `warning`, `error`, `debug`
 * and `group` already print their text as one escaped command argument
 * (`%0A` for a newline), which the runner never reads as a new command.
 */
export interface Logger {
  info(message: string): void
  warning(message: string): void
  error(message: string): void
  debug(message: string): void
  /** Runs `fn` inside a collapsible group named `name`. */
  group<T>(name: string, fn: () => Promise<T>): Promise<T>
  /** Masks `value` in everything printed from now on. */
  secret(value: string): void
}

export const actionsLogger: Logger = {
  info: (m) => core.info(inertText(m)),
  warning: (m) => core.warning(m),
  error: (m) => core.error(m),
  debug: (m) => core.debug(m),
  group: (name, fn) => core.group(name, fn),
  secret: (v) => core.setSecret(v)
}

/** A logger that records lines, for tests and for building summaries. */
export class MemoryLogger implements Logger {
  readonly lines: string[] = []
  readonly secrets: string[] = []
  info(m: string): void {
    this.lines.push(m)
  }
  warning(m: string): void {
    this.lines.push(`warning: ${m}`)
  }
  error(m: string): void {
    this.lines.push(`error: ${m}`)
  }
  debug(): void {}
  async group<T>(name: string, fn: () => Promise<T>): Promise<T> {
    this.lines.push(`[${name}]`)
    return fn()
  }
  secret(v: string): void {
    this.secrets.push(v)
  }
}

/** `12.3s` / `850ms`, for "what took how long" log lines. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)}s`
  const m = Math.floor(ms / 60_000)
  const s = Math.round((ms % 60_000) / 1000)
  return `${m}m${String(s).padStart(2, '0')}s`
}
