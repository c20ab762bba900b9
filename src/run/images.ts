/**
 * The image stage: each distinct image built and pushed, or reused, with a
 * private docker config for a build (removed by `removeCredentials` in the
 * run's `finally`, and by the post step if the run is killed). Records the
 * image facts and outputs.
 */
import * as core from '../util/runner.js'
import {
  plannedImages,
  imagesByContainer,
  resolveImages,
  type DeployedImage
} from '../image/multi.js'
import { DockerCli } from '../image/docker.js'
import { hostOfRepositoryUri } from '../image/reference.js'
import {
  createDockerConfig,
  newDockerConfigMarker,
  removeDockerConfig
} from '../image/docker-config.js'
import { markPreviewImage } from '../preview/image.js'
import { Outputs } from '../report/outputs.js'
import { State } from '../state.js'
import { errorMessage } from '../util/errors.js'
import type { Logger } from '../util/log.js'
import type { RunContext } from './context.js'
import type { Plan } from './plan.js'
import { stage } from './stage.js'

/** The run's docker config: created only for a build, always removed at the end. */
export class DockerCredentials {
  readonly marker = newDockerConfigMarker()
  dir: string | undefined

  async create(tempDir: string): Promise<string> {
    core.saveState(State.dockerConfigMarker, this.marker)
    this.dir = await createDockerConfig(tempDir, { marker: this.marker })
    core.saveState(State.dockerConfig, this.dir)
    return this.dir
  }

  /** Never throws: a failed removal is a warning (the post step tries again). */
  async remove(log: Logger): Promise<void> {
    if (!this.dir) return
    await removeDockerConfig(this.dir, { marker: this.marker }).catch((error: unknown) =>
      log.warning(errorMessage(error))
    )
  }
}

export async function imageStage(
  ctx: RunContext,
  plan: Pick<Plan, 'images' | 'image' | 'preview'>,
  credentials: DockerCredentials
): Promise<DeployedImage[]> {
  const { config, reporter, log } = ctx
  let deployed = plannedImages(plan.images)
  if (!config.dryRun) {
    // Only a build talks to the registry; it gets a private docker config.
    const dir = plan.images.some((p) => p.plan.action === 'build')
      ? await credentials.create(config.tempDir)
      : config.tempDir
    const docker = new DockerCli(dir, { signal: ctx.signal })
    deployed = await stage(ctx, 'Image', () =>
      resolveImages(plan.images, {
        ecr: ctx.clients.ecr,
        ecrIn: (region) => ctx.clients.ecrIn(region),
        docker,
        log,
        clock: ctx.clock,
        tempDir: config.tempDir
      })
    )
  }
  const image = deployed[0]?.resolved
  // A preview marks the image it pushed: destroy deletes only the tags of marked images.
  if (plan.preview && image?.digest && config.image.kind === 'build') {
    await markPreviewImage(
      ctx.clients.ecr,
      config.image.repository,
      image.digest,
      plan.preview.identity,
      log
    )
  }
  reporter.record({
    image: deployed[0]?.reference ?? plan.image.plannedReference,
    digest: image?.digest,
    imageSource: image ? (image.built ? 'built' : plan.image.source) : undefined,
    images: imagesByContainer(deployed)
  })
  if (image?.repositoryUri) {
    reporter.output(Outputs.registry, hostOfRepositoryUri(image.repositoryUri))
  }
  return deployed
}
