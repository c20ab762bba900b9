import { stat } from 'node:fs/promises'
import { removeDockerConfig } from './image/docker-config.js'
import { runnerTempDir } from './util/files.js'
import { errorMessage } from './util/errors.js'
import { formatCommand } from './util/runner.js'
import { State } from './state.js'

/**
 * The `post:` step: the main step removes its private docker config itself,
 * but when it was killed (cancellation past SIGTERM) this removes what is left,
 * so registry credentials never outlive the job. Never fails the job.
 *
 * Its own bundle (dist/post/index.js, from src/post-entry.ts): it imports
 * Node built-ins only (util/runner.ts, not @actions/core), so it starts in
 * about the time Node itself takes.
 */
export async function post(
  env: NodeJS.ProcessEnv = process.env,
  write: (text: string) => void = (text) => process.stdout.write(text)
): Promise<void> {
  const dir = env[`STATE_${State.dockerConfig}`] || ''
  if (!dir) return
  if (await isGone(dir)) {
    write(command('debug', `Docker config ${dir} already removed by the main step`))
    return
  }
  try {
    // Only the directory holding the marker token this run wrote (saved in state).
    await removeDockerConfig(dir, {
      marker: env[`STATE_${State.dockerConfigMarker}`] ?? '',
      root: runnerTempDir(env)
    })
    write(command('debug', `Removed docker config ${dir}`))
  } catch (error) {
    write(
      command(
        'warning',
        `Could not remove the docker credentials at ${dir}: ${errorMessage(error)}`
      )
    )
  }
}

async function isGone(path: string): Promise<boolean> {
  try {
    await stat(path)
    return false
  } catch (error) {
    return (error as { code?: unknown }).code === 'ENOENT'
  }
}

function command(name: 'debug' | 'warning', message: string): string {
  return `${formatCommand(name, {}, message)}\n`
}
