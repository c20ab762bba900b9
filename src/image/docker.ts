import { readFile, rm } from 'node:fs/promises'
import { ActionError, errorMessage } from '../util/errors.js'
import { actionsLogger, formatDuration } from '../util/log.js'
import {
  buildCommandArgs,
  loginCommandArgs,
  pushCommandArgs,
  repoDigestsCommandArgs,
  type BuildOptions
} from './docker-args.js'
import {
  buildxBuildArgs,
  digestFromMetadata,
  parseBuilderInfo,
  type BuilderInfo,
  type BuildMetadata,
  type BuildxBuildOptions
} from './buildx-args.js'
import { dockerChildEnv } from './child-env.js'
import { defaultDockerConfigDir, prepareLogin } from './docker-config.js'
import { digestFromPushOutput, splitImageReference } from './reference.js'
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
  /** Variables dropped from docker's environment that this command needs (gha cache, build secrets). */
  keepEnv?: readonly string[]
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
    const { tag } = splitImageReference(reference)
    return digestFromPushOutput(stdout, tag) ?? digestFromPushOutput(stdout)
  }

  /**
   * What the current builder is: buildx present or not, its driver, and
   * whether the engine keeps images in containerd. Reads only.
   */
  async inspectBuilder(): Promise<BuilderInfo> {
    let version: string
    try {
      version = (await this.run(['buildx', 'version'])).stdout
    } catch {
      return { containerdStore: false }
    }
    const inspect = (await this.run(['buildx', 'inspect'])).stdout
    const info = parseBuilderInfo(version, inspect, '')
    if (info.driver !== 'docker') return info
    // The docker driver builds in the engine of its docker context.
    const context =
      info.endpoint && !info.endpoint.includes('://') ? ['--context', info.endpoint] : []
    try {
      const status = await this.run([...context, 'info', '--format', '{{json .DriverStatus}}'])
      return parseBuilderInfo(version, inspect, status.stdout)
    } catch {
      return info
    }
  }

  /**
   * `docker buildx build … --push --metadata-file`: returns the pushed digest
   * from the metadata file (removed afterwards). `keepEnv` names the
   * variables the build needs on purpose (secrets' env, the gha cache's).
   */
  async buildxBuild(
    options: BuildxBuildOptions,
    keepEnv: readonly string[]
  ): Promise<BuildMetadata | undefined> {
    try {
      await this.run(buildxBuildArgs(options), { stream: true, keepEnv })
      const text = await readFile(options.metadataFile, 'utf8').catch(() => '')
      return digestFromMetadata(text)
    } finally {
      await rm(options.metadataFile, { force: true })
    }
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
    const env = dockerChildEnv(process.env, this.configDir, options.keepEnv)
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

/** The current builder as the job's own docker config selects it (reads only; for validation). */
export function inspectCurrentBuilder(): Promise<BuilderInfo> {
  return new DockerCli(defaultDockerConfigDir()).inspectBuilder()
}
