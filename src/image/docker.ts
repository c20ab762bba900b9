import * as exec from '@actions/exec'
import { ActionError, errorMessage } from '../util/errors.js'
import {
  buildCommandArgs,
  loginCommandArgs,
  pushCommandArgs,
  repoDigestsCommandArgs,
  type BuildOptions
} from './docker-args.js'
import { prepareLogin } from './docker-config.js'
import { digestFromPushOutput } from './reference.js'

export interface DockerCliOptions {
  /** The docker executable, a name looked up on PATH or a path. Default `docker`. */
  command?: string
  /**
   * Receives docker's own output (build steps, push progress), line by line.
   * Default: written to stdout, where the runner masks registered secrets.
   */
  output?: (line: string) => void
}

interface RunOptions {
  /** Written to docker's stdin (the login password). */
  input?: string
  /** Forward output lines to the output sink while running. */
  stream?: boolean
}

/**
 * The docker CLI, run through `@actions/exec` with argument arrays (no shell)
 * and `DOCKER_CONFIG` pointing at the run's private config directory, so the
 * registry login is kept there and nowhere else. Every command is `silent`:
 * exec's own echo of the command line is off, and output reaches the log only
 * through the output sink.
 */
export class DockerCli {
  readonly configDir: string
  private readonly command: string
  private readonly output: (line: string) => void

  constructor(configDir: string, options: DockerCliOptions = {}) {
    this.configDir = configDir
    this.command = options.command ?? 'docker'
    this.output = options.output ?? ((line) => process.stdout.write(`${line}\n`))
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
    let stdout = ''
    let stderr = ''
    const forward = options.stream ? this.output : undefined
    const env: Record<string, string> = {}
    for (const [key, value] of Object.entries(process.env)) {
      if (value !== undefined) env[key] = value
    }
    env['DOCKER_CONFIG'] = this.configDir
    let exitCode: number
    try {
      exitCode = await exec.exec(this.command, args, {
        env,
        silent: true,
        ignoreReturnCode: true,
        ...(options.input !== undefined ? { input: Buffer.from(options.input, 'utf8') } : {}),
        listeners: {
          stdout: (data) => (stdout += data.toString('utf8')),
          stderr: (data) => (stderr += data.toString('utf8')),
          ...(forward ? { stdline: forward, errline: forward } : {})
        }
      })
    } catch (error) {
      throw new ActionError(
        `Could not run ${this.command} ${args[0] ?? ''}: ${errorMessage(error)}. Building needs the docker CLI and a running engine; to deploy an image built elsewhere, set \`image\` instead.`
      )
    }
    if (exitCode !== 0) {
      const lines = stderr.split(/\r?\n/).filter((l) => l.trim() !== '')
      const last = lines.at(-1) ?? `no error output`
      throw new ActionError(
        `docker ${args[0] === 'image' ? 'image inspect' : args[0]} failed (exit code ${exitCode}): ${last.trim()}`,
        lines.slice(-20, -1)
      )
    }
    return { stdout, stderr }
  }
}
