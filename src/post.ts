import * as core from '@actions/core'
import { removeDockerConfig } from './image/docker-config.js'
import { errorMessage } from './util/errors.js'
import { State } from './state.js'

/**
 * The `post:` step: the main step removes its private docker config itself,
 * but when it was killed (cancellation past SIGTERM) this removes what is left,
 * so registry credentials never outlive the job. Never fails the job.
 */
export async function post(): Promise<void> {
  const dir = core.getState(State.dockerConfig)
  if (!dir) return
  try {
    await removeDockerConfig(dir)
    core.debug(`Removed docker config ${dir}`)
  } catch (error) {
    core.warning(`Could not remove the docker credentials at ${dir}: ${errorMessage(error)}`)
  }
}
