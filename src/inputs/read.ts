import * as fs from 'node:fs'
import * as os from 'node:os'
import * as core from '../util/runner.js'
import type { Config } from './config.js'
import { parseInputs, type Env } from './parse.js'
import { checkWorkspacePaths } from './workspace.js'

/**
 * The input edge: reads the action's inputs through `@actions/core`, the
 * runner's variables from `process.env` and the event payload from
 * GITHUB_EVENT_PATH, then hands them to the pure `parseInputs`.
 */
export function readInputs(): Config {
  const env: Env = { ...process.env, RUNNER_TEMP: process.env['RUNNER_TEMP'] || os.tmpdir() }
  const event = readEvent(env['GITHUB_EVENT_PATH'])
  const config = parseInputs((name) => core.getInput(name, { trimWhitespace: false }), env, event)
  checkWorkspacePaths(config, env['GITHUB_WORKSPACE'] || process.cwd(), process.cwd())
  if (config.github.token) core.setSecret(config.github.token)
  for (const warning of config.warnings) core.warning(warning)
  core.debug(`Inputs: ${JSON.stringify(redactConfig(config))}`)
  return config
}

/** The event payload, or undefined when there is none or it cannot be read (debug-logged). */
export function readEvent(file: string | undefined): Record<string, unknown> | undefined {
  if (!file) return undefined
  try {
    const parsed: unknown = JSON.parse(fs.readFileSync(file, 'utf8'))
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) {
      return parsed as Record<string, unknown>
    }
    core.debug(`The event payload in ${file} is not a JSON object; ignored.`)
  } catch (error) {
    core.debug(`Could not read the event payload ${file}: ${String(error)}`)
  }
  return undefined
}

/**
 * The config as safe to log: no token, the values of build args and
 * environment variables (which may carry credentials) left out, and the event
 * payload reduced to a note.
 */
export function redactConfig(config: Config): unknown {
  const { token, event, ...github } = config.github
  const names = (pairs: Array<{ name: string }>): string[] => pairs.map((p) => `${p.name}=***`)
  const source = (image: Config['image']): unknown =>
    image.kind === 'build' ? { ...image, buildArgs: names(image.buildArgs) } : image
  return {
    ...config,
    image: source(config.image),
    images: config.images.map((a) => ({ ...a, source: source(a.source) })),
    environmentVariables: names(config.environmentVariables),
    ...(config.runTask
      ? {
          runTask: {
            ...config.runTask,
            containerOverrides: config.runTask.containerOverrides.map((o) => ({
              ...o,
              ...(o.environment
                ? { environment: names(o.environment.map((e) => ({ name: e.name ?? '' }))) }
                : {})
            }))
          }
        }
      : {}),
    github: {
      ...github,
      ...(token ? { token: '***' } : {}),
      ...(event ? { event: `(${Object.keys(event).length} keys)` } : {})
    }
  }
}
