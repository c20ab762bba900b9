/**
 * The validation stage: everything that can be checked is checked before the
 * first write (the service, the preview, the task definition and every
 * container named, the images, the rendered revision against ECS's rules,
 * CodeDeploy, the one-off task, the scheduled tasks). Its `Plan` is the input
 * of every later stage.
 */
import type { Service } from '@aws-sdk/client-ecs'
import type { Config } from '../inputs/config.js'
import { hasContainerSettings } from '../inputs/render-inputs.js'
import type { ImagePlan } from '../image/pipeline.js'
import {
  imagesByContainer,
  plannedImages,
  planImages,
  type DeployedImage,
  type PlannedImage
} from '../image/multi.js'
import { inspectCurrentBuilder } from '../image/docker.js'
import { resolveContainerNames, settingsTargets } from '../taskdef/render.js'
import { renderedProblems } from '../taskdef/check.js'
import type { TaskDef } from '../taskdef/clean.js'
import { chooseTaskDefinitionSource, loadTaskDefinitionSource } from '../taskdef/source.js'
import { loadTaskDefinitionFile } from '../taskdef/load.js'
import { renderRevision } from '../taskdef/revision.js'
import { checkService } from '../deploy/service.js'
import { describeStrategy, strategyInputsNote } from '../deploy/strategy/detect.js'
import type { CodeDeployPlan } from '../deploy/codedeploy/run.js'
import type { PreviewPlan } from '../preview/preview.js'
import { planRunTask, type RunTaskPlan } from '../task/plan.js'
import { findScheduledTasks } from '../schedule/follow.js'
import type { FollowedTarget } from '../schedule/targets.js'
import { ActionError } from '../util/errors.js'
import { codeDeployModule, previews, type RunContext } from './context.js'

/** What validation learnt: the inputs of every later stage. */
export interface Plan {
  /** The first image's plan (the `image` output and the summary). */
  image: ImagePlan
  /** Every image, with the containers (resolved against the task definition) that get it. */
  images: PlannedImage[]
  baseTaskDefinition: TaskDef
  containerName: string
  /** Containers that take the environment and the render settings. */
  settingsContainers: string[]
  /** The revision the target service runs now, for the diff and the unchanged check. */
  current?: { arn: string; taskDefinition: TaskDef }
  /** What to roll back to. */
  previousTaskDefinitionArn?: string
  /** The service this run updates, as it was before (undefined for a new preview). */
  targetService?: Service
  preview?: PreviewPlan
  /** The one-off task's request, checked before anything is written. */
  runTask?: RunTaskPlan
  /** The EventBridge rules and Scheduler schedules that follow this run's revision. */
  scheduledTasks?: FollowedTarget[]
  /** Services with the CODE_DEPLOY controller. */
  codeDeploy?: CodeDeployPlan
}

/** The revision to register, from the run's settings and the images as deployed (or planned). */
export function renderPlanned(
  config: Pick<Config, 'environmentVariables' | 'render'>,
  plan: Pick<Plan, 'baseTaskDefinition' | 'settingsContainers' | 'preview'>,
  deployed: readonly DeployedImage[]
): TaskDef {
  return renderRevision({
    baseTaskDefinition: plan.baseTaskDefinition,
    images: imagesByContainer(deployed),
    settingsContainers: plan.settingsContainers,
    environment: config.environmentVariables,
    settings: config.render,
    family: plan.preview?.family
  })
}

/** The containers that take the environment and the render settings, in `base`. */
export function settingsContainersOf(config: Config, base: TaskDef): string[] {
  return settingsTargets(
    base,
    config.containerNames,
    config.environmentVariables.length > 0 || hasContainerSettings(config.render)
  )
}

/** Plans every image against `base` (its CPU architecture); at least one, or nothing to deploy. */
export async function planRunImages(
  ctx: Pick<RunContext, 'clients' | 'log'>,
  assignments: Parameters<typeof planImages>[0],
  base: TaskDef
): Promise<PlannedImage[]> {
  const { clients, log } = ctx
  const images = await planImages(assignments, {
    ecr: clients.ecr,
    ecrIn: (region) => clients.ecrIn(region),
    log,
    builder: inspectCurrentBuilder,
    cpuArchitecture: base.runtimePlatform?.cpuArchitecture
  })
  if (images.length === 0) {
    throw new ActionError(
      'Nothing to deploy: set `image` (an existing image), `ecr-repository` (build and push) or `containers`.'
    )
  }
  return images
}

/** What ECS would reject in a rendered revision, with the run's managed EBS volume in mind. */
export function renderChecks(config: Pick<Config, 'deploy'>, rendered: TaskDef): string[] {
  const volume = config.deploy.service.volumeConfigurations?.[0]
  return renderedProblems(rendered, volume ? { ebsVolumeName: volume.name } : {})
}

/** What validation learns of the service a run deploys to. */
export interface ServiceCheck {
  /** The service named by `service`, checked ACTIVE (a preview's template). */
  baseService?: Service
  preview?: PreviewPlan
  /** The service whose current revision this run replaces (undefined for a new preview). */
  targetService?: Service
}

/** Checks one named service (and plans its preview); no service, nothing to check. */
export async function checkTargetService(
  ctx: RunContext,
  name: string | undefined,
  /** The task definition file, when the run has one: loaded once, the preview's family comes from it. */
  file?: TaskDef
): Promise<ServiceCheck> {
  const { config, clients, log } = ctx
  if (!name) return {}
  const baseService = await checkService(clients.ecs, config.cluster, name)
  log.info(`Service ${name} is ACTIVE in ${config.cluster}.`)
  log.info(`Deployment strategy: ${describeStrategy(baseService)}.`)
  const note = strategyInputsNote(baseService, config.strategy)
  if (note) log.warning(note)
  if (config.preview?.mode !== 'deploy') {
    return { baseService, targetService: baseService }
  }
  const preview = await (
    await previews()
  ).planPreviewDeploy(config, {
    ecs: clients.ecs,
    elb: clients.elb,
    log,
    baseService,
    ...(file ? { taskDefinition: file } : {})
  })
  return {
    baseService,
    preview,
    ...(preview.existingService ? { targetService: preview.existingService } : {})
  }
}

export async function validate(ctx: RunContext): Promise<Plan> {
  const { config, clients, log } = ctx
  const source = config.taskDefinition
  // The task definition file, loaded once: the preview plan takes its family from it.
  const file = source.kind === 'file' ? await loadTaskDefinitionFile(source.path) : undefined
  const { baseService, preview, targetService } = await checkTargetService(
    ctx,
    config.service,
    file
  )
  const { base, current } = await loadTaskDefinitionSource(
    clients.ecs,
    chooseTaskDefinitionSource(source, { target: targetService, base: baseService }),
    log,
    file
  )
  // Every container named anywhere must exist; then the rendered revision must pass ECS's checks.
  let assignments = config.images.map((a) => ({
    ...a,
    containers: resolveContainerNames(base, a.containers)
  }))
  // A task definition file without `image`/`ecr-repository` deploys the image it names.
  if (assignments.length === 0 && source.kind === 'file') {
    const containers = resolveContainerNames(base, config.containerNames)
    const written = base.containerDefinitions?.find((c) => c.name === containers[0])?.image
    if (written) assignments = [{ containers, source: { kind: 'existing', reference: written } }]
  }
  const settingsContainers = settingsContainersOf(config, base)
  const images = await planRunImages(ctx, assignments, base)
  const first = images[0]!
  const partial = {
    images,
    baseTaskDefinition: base,
    settingsContainers,
    ...(preview ? { preview } : {})
  }
  const problems = renderChecks(config, renderPlanned(config, partial, plannedImages(images)))
  if (problems.length > 0) {
    throw new ActionError(
      `The rendered task definition would be rejected by ECS; nothing was changed:\n${problems.map((p) => `- ${p}`).join('\n')}`
    )
  }
  const codeDeploy =
    baseService?.deploymentController?.type === 'CODE_DEPLOY' && !preview
      ? await (await codeDeployModule()).planCodeDeploy(ctx, baseService)
      : undefined
  const runTask = config.runTask
    ? planRunTask({
        config: config.runTask,
        cluster: config.cluster,
        imageContainer: first.containers[0] ?? '',
        taskDefinition: base,
        service: targetService
      })
    : undefined
  const scheduledTasks = config.scheduledTasks
    ? await findScheduledTasks({
        clients,
        config,
        service: targetService,
        family: base.family,
        log
      })
    : undefined
  if (config.deploy.waitMaxDelaySeconds !== undefined) {
    log.info(
      `wait-max-delay-seconds: accepted; the watch polls every 5 s whatever it is set to (see docs/migrating.md).`
    )
  }
  return {
    ...(codeDeploy ? { codeDeploy } : {}),
    ...(runTask ? { runTask } : {}),
    ...(scheduledTasks ? { scheduledTasks } : {}),
    image: first.plan,
    images,
    baseTaskDefinition: base,
    containerName: first.containers[0] ?? '',
    settingsContainers,
    ...(current ? { current } : {}),
    ...(targetService?.taskDefinition
      ? { previousTaskDefinitionArn: targetService.taskDefinition }
      : {}),
    ...(preview ? { preview } : {}),
    ...(targetService ? { targetService } : {})
  }
}
