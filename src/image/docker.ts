import { ActionError, errorMessage } from '../util/errors.js'
import { actionsLogger, formatDuration } from '../util/log.js'
import {
  buildCommandArgs,
  loginCommandArgs,
  pushCommandArgs,
  repoDigestsCommandArgs,
  type BuildOptions
} from './docker-args.js'
import { prepareLogin } from './docker-config.js'
import { digestFromPushOutput } from './reference.js'
import { runCommand } from './run-command.js'

/** Default inactivity timeout: a docker command silent this long is stopped. */
export const DOCKER_INACTIVITY_TIMEOUT_MS = 20 * 60_000

export interface DockerCliOptions {
  /** The docker executable, a name looked up on PATH or a path. Default `docker`. */
  command?: string
  /**
   * Receives docker's own output (build steps, push progress), line by line.
   * Default: the one logger (untrusted text kept inert; secrets masked).
   */
  output?: (line: string) => void
  /** Cancels the running command: its process group is stopped. */
  signal?: AbortSignal
  /**
   * A command that prints nothing (stdout or stderr) for this long is
   * stopped and fails, naming the command. Default 20 minutes.
   */
  inactivityTimeoutMs?: number
}

interface RunOptions {
  /** Written to docker's stdin (the login password). */
  input?: string
  /** Forward output lines to the output sink while running. */
  stream?: boolean
}

/**
 * The docker CLI, run through `runCommand` with argument arrays (no shell)
 * and `DOCKER_CONFIG` pointing at the run's private config directory, so the
 * registry login is kept there and nowhere else. The command line is never
 * echoed; output reaches the log only through the output sink.
 */
export class DockerCli {
  readonly configDir: string
  private readonly command: string
  private readonly output: (line: string) => void
  private readonly signal: AbortSignal | undefined
  private readonly inactivityTimeoutMs: number

  constructor(configDir: string, options: DockerCliOptions = {}) {
    this.configDir = configDir
    this.command = options.command ?? 'docker'
    this.output = options.output ?? ((line) => actionsLogger.info(line))
    this.signal = options.signal
    this.inactivityTimeoutMs = options.inactivityTimeoutMs ?? DOCKER_INACTIVITY_TIMEOUT_MS
  }

  /** `docker login --password-stdin`: the password never appears in argv. */
  async login(host: string, username: string, password: string): Promise<void> {
    await prepareLogin(this.configDir, host)
    await this.run(loginCommandArgs(host, username), { input: password })
  }

  async build(options: BuildOptions): Promise<void> {
    await this.run(buildCommandArgs(options), { stream: true })
  }

  /** Pushes `reference` (`<repo>:<tag>`) and returns the digest docker reports, if any. */
  async push(reference: string): Promise<string | undefined> {
    const { stdout } = await this.run(pushCommandArgs(reference), { stream: true })
    const tag = reference.slice(reference.lastIndexOf(':') + 1)
    return digestFromPushOutput(stdout, tag) ?? digestFromPushOutput(stdout)
  }

  /** `RepoDigests` of a local image (`<repo>@sha256:…` entries). */
  async repoDigests(reference: string): Promise<string[]> {
    const { stdout } = await this.run(repoDigestsCommandArgs(reference))
    const parsed: unknown = JSON.parse(stdout.trim() || 'null')
    return Array.isArray(parsed) ? parsed.filter((d): d is string => typeof d === 'string') : []
  }

  private async run(
    args: string[],
    options: RunOptions = {}
  ): Promise<{ stdout: string; stderr: string }> {
    const forward = options.stream ? this.output : undefined
    const env: Record<string, string> = {}
    for (const [key, value] of Object.entries(process.env)) {
      if (value !== undefined) env[key] = value
    }
    env['DOCKER_CONFIG'] = this.configDir
    const name = `docker ${args[0] === 'image' ? 'image inspect' : (args[0] ?? '')}`
    let result
    try {
      result = await runCommand(this.command, args, {
        env,
        ...(forward ? { onLine: forward } : {}),
        inactivityTimeoutMs: this.inactivityTimeoutMs,
        ...(options.input !== undefined ? { input: options.input } : {}),
        ...(this.signal ? { signal: this.signal } : {})
      })
    } catch (error) {
      throw new ActionError(
        `Could not run ${this.command} ${args[0] ?? ''}: ${errorMessage(error)}. Building needs the docker CLI and a running engine; to deploy an image built elsewhere, set \`image\` instead.`
      )
    }
    const { stdout, stderr } = result
    if (result.stopped === 'aborted') {
      throw new ActionError(
        `${name} was cancelled: the workflow was cancelled and the command stopped.`
      )
    }
    if (result.stopped === 'inactive') {
      throw new ActionError(
        `${name} printed nothing for ${formatDuration(this.inactivityTimeoutMs)} and was stopped (it looked stuck: a hung registry connection or a build step waiting for input). Re-run; if a build step is silent for that long on purpose, make it print progress.`
      )
    }
    if (result.exitCode !== 0) {
      const lines = stderr.split(/\r?\n/).filter((l) => l.trim() !== '')
      const last = lines.at(-1) ?? `no error output`
      const code =
        result.exitCode === null
          ? `signal ${result.exitSignal ?? '?'}`
          : `exit code ${result.exitCode}`
      throw new ActionError(`${name} failed (${code}): ${last.trim()}`, lines.slice(-20, -1))
    }
    return { stdout, stderr }
  }
}
