import { stat } from 'node:fs/promises'
import { removeDockerConfig } from './image/docker-config.js'
import { errorMessage } from './util/errors.js'
import { savedState, workflowCommand } from './util/workflow-commands.js'
import { State } from './state.js'

/**
 * The `post:` step: the main step removes its private docker config itself,
 * but when it was killed (cancellation past SIGTERM) this removes what is left,
 * so registry credentials never outlive the job. Never fails the job.
 *
 * Its own bundle (dist/post/index.js, from src/post-entry.ts): it imports
 * nothing but node:fs, so it does not load the AWS SDK or @actions/core.
 */
export async function post(
  env: NodeJS.ProcessEnv = process.env,
  write: (text: string) => void = (text) => process.stdout.write(text)
): Promise<void> {
  const dir = savedState(State.dockerConfig, env)
  if (!dir) return
  if (await isGone(dir)) {
    write(workflowCommand('debug', `Docker config ${dir} already removed by the main step`))
    return
  }
  try {
    await removeDockerConfig(dir)
    write(workflowCommand('debug', `Removed docker config ${dir}`))
  } catch (error) {
    write(
      workflowCommand(
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
