import * as core from './util/runner.js'
import { randomUUID } from 'node:crypto'
import type { Service } from '@aws-sdk/client-ecs'
import type { Config } from './inputs/config.js'
import { readInputs } from './inputs/read.js'
import { hasContainerSettings } from './inputs/render-inputs.js'
import { createAwsClients, type AwsClients } from './aws/clients.js'
import type { ImagePlan } from './image/pipeline.js'
import {
  imagesByContainer,
  plannedImages,
  planImages,
  resolveImages,
  type DeployedImage,
  type PlannedImage
} from './image/multi.js'
import { DockerCli, inspectCurrentBuilder } from './image/docker.js'
import { hostOfRepositoryUri } from './image/reference.js'
import {
  createDockerConfig,
  newDockerConfigMarker,
  removeDockerConfig
} from './image/docker-config.js'
import { loadTaskDefinitionFile, fetchTaskDefinition } from './taskdef/load.js'
import { renderTaskDefinition, resolveContainerNames, settingsTargets } from './taskdef/render.js'
import { renderedProblems } from './taskdef/check.js'
import { diffTaskDefinitions, taskDefinitionsEqual } from './taskdef/diff.js'
import { registerTaskDefinition } from './taskdef/register.js'
import type { TaskDef } from './taskdef/clean.js'
import { checkService, updateService } from './deploy/service.js'
import { watchDeployment, type WatchResult } from './deploy/watch.js'
import { diagnosticsMarkdown, formatDiagnostics } from './deploy/diagnostics.js'
import { forkSkipReason } from './preview/fork.js'
import type { PreviewPlan } from './preview/preview.js'
import {
  describeStrategy,
  strategyInputsNote,
  usesStrategyWatch
} from './deploy/strategy/detect.js'
import { watchStrategy, type StrategyStart } from './deploy/strategy/run.js'
import type { CodeDeployPlan } from './deploy/codedeploy/run.js'
import { buildPreviewComment } from './preview/comment.js'
import { markPreviewImage } from './preview/image.js'
import {
  createGitHubDeployment,
  deactivateEnvironment,
  deployedCommit,
  upsertPullRequestComment,
  type GitHubDeployment
} from './report/github.js'
import { Outputs, type OutputName } from './report/outputs.js'
import { buildSummary, type RunReport } from './report/summary.js'
import { ActionError, errorMessage } from './util/errors.js'
import { actionsLogger, formatDuration, type Logger } from './util/log.js'
import { writeJsonFile } from './util/files.js'
import { systemClock, type Clock } from './util/time.js'
import { State } from './state.js'
import { planRunTask, type RunTaskPlan } from './task/plan.js'
import { oneOffTask } from './task/step.js'
import { findScheduledTasks, pointScheduledTasks } from './schedule/follow.js'
import type { FollowedTarget } from './schedule/targets.js'

/**
 * Previews, with the ELBv2 client they use: a chunk of dist/ of its own,
 * loaded only by a run that is about a preview.
 */
const previews = (): Promise<typeof import('./preview/preview.js')> =>
  import('./preview/preview.js')
/** CodeDeploy (and its client) likewise: only services with the CODE_DEPLOY controller need it. */
const codeDeployModule = (): Promise<typeof import('./deploy/codedeploy/run.js')> =>
  import('./deploy/codedeploy/run.js')

/** The run's context: configuration, ports and what has been learnt so far. */
interface Run {
  config: Config
  clients: AwsClients
  log: Logger
  clock: Clock
  signal: AbortSignal
  report: RunReport
}

/** Ties the stages together; every decision lives in the modules it calls. */
export async function run(): Promise<void> {
  const clock = systemClock
  const log = actionsLogger
  const started = clock.now()
  const report: RunReport = { result: 'failed', message: '', durationMs: 0, timings: [] }
  const abort = new AbortController()
  const onSignal = (signal: NodeJS.Signals): void => {
    if (abort.signal.aborted) return
    log.warning(`Received ${signal}: stopping (the workflow was cancelled).`)
    abort.abort()
  }
  process.on('SIGINT', onSignal)
  process.on('SIGTERM', onSignal)
  let dockerConfigDir: string | undefined
  const dockerConfigMarker = newDockerConfigMarker()
  let ghDeployment: GitHubDeployment | undefined

  try {
    const config = readInputs()
    const skip = forkSkipReason(config)
    if (skip) {
      core.notice(skip)
      report.result = 'skipped'
      report.message = skip
      return
    }
    const ctx: Run = {
      config,
      clients: createAwsClients(config.region, config.deploy.maxAttempts),
      log,
      clock,
      signal: abort.signal,
      report
    }
    report.cluster = config.cluster
    if (config.service) report.service = config.service

    if (config.preview?.mode === 'destroy' || config.preview?.mode === 'cleanup') {
      await previewTeardown(ctx)
      return
    }

    // 1. Everything that can be checked is checked before the first write.
    const plan = await stage(ctx, 'Validate', () => validate(ctx))

    // 2. Images: build and push each distinct one, or reuse.
    let deployed = plannedImages(plan.images)
    if (!config.dryRun) {
      // Only a build talks to the registry; it gets a private docker config.
      if (plan.images.some((p) => p.plan.action === 'build')) {
        core.saveState(State.dockerConfigMarker, dockerConfigMarker)
        dockerConfigDir = await createDockerConfig(config.tempDir, { marker: dockerConfigMarker })
        core.saveState(State.dockerConfig, dockerConfigDir)
      }
      const docker = new DockerCli(dockerConfigDir ?? config.tempDir, { signal: abort.signal })
      deployed = await stage(ctx, 'Image', () =>
        resolveImages(plan.images, {
          ecr: ctx.clients.ecr,
          ecrIn: (region) => ctx.clients.ecrIn(region),
          docker,
          log,
          clock,
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
    const imageReference = deployed[0]?.reference ?? plan.image.plannedReference
    report.image = imageReference
    if (image?.digest) report.digest = image.digest
    if (image) report.imageSource = image.built ? 'built' : plan.image.source
    setOutput(Outputs.image, imageReference)
    if (image?.digest) setOutput(Outputs.imageDigest, image.digest)
    report.images = imagesByContainer(deployed)
    setOutput(Outputs.images, JSON.stringify(report.images))
    if (image?.repositoryUri) setOutput(Outputs.registry, hostOfRepositoryUri(image.repositoryUri))

    // 3. Render the new revision and compare it with what runs now.
    let rendered = render(config, plan, deployed)
    // Preview revisions carry the preview tags: destroy only removes what bears them.
    if (plan.preview) rendered = (await previews()).withPreviewTags(rendered, plan.preview)
    const file = await writeJsonFile(
      config.tempDir,
      `task-definition-${rendered.family}.json`,
      rendered
    )
    setOutput(Outputs.taskDefinition, file)
    const unchanged =
      plan.current !== undefined && taskDefinitionsEqual(plan.current.taskDefinition, rendered)
    await stage(ctx, 'Task definition', async () => {
      for (const d of deployed) {
        log.info(`Rendered ${rendered.family} with ${d.containers.join(', ')} = ${d.reference}`)
      }
      log.info(`Written to ${file}`)
      if (!plan.current) {
        log.info('No current revision to compare with.')
        return
      }
      report.diff = diffTaskDefinitions(plan.current.taskDefinition, rendered, {
        showValues: config.showValuesInDiff ?? false
      })
      if (unchanged) log.info(`Identical to the running revision ${plan.current.arn}.`)
      else {
        log.info(`Changes against ${plan.current.arn}:`)
        for (const line of report.diff) log.info(`  ${line}`)
      }
    })

    if (config.dryRun) {
      report.result = 'dry-run'
      report.message = 'Dry run: nothing was pushed, registered or updated.'
      log.info(report.message)
      return
    }

    // 4. Register, unless the service already runs exactly this.
    let taskDefinitionArn: string
    if (unchanged && plan.current) {
      taskDefinitionArn = plan.current.arn
      log.info(`Task definition unchanged: no new revision registered (${taskDefinitionArn}).`)
    } else {
      taskDefinitionArn = await stage(ctx, 'Register', async () => {
        const arn = await registerTaskDefinition(ctx.clients.ecs, rendered)
        log.info(`Registered ${arn}`)
        return arn
      })
    }
    report.taskDefinitionArn = taskDefinitionArn
    setOutput(Outputs.taskDefinitionArn, taskDefinitionArn)

    // 4b. The one-off task (migrations): the service is updated only if it succeeds.
    if (plan.runTask && config.runTask) {
      const runTask = { config: config.runTask, plan: plan.runTask }
      await stage(ctx, 'One-off task', () =>
        oneOffTaskStep(ctx, runTask, plan, rendered, taskDefinitionArn)
      )
    }

    const serviceName = plan.preview?.serviceName ?? config.service
    if (!serviceName) {
      await followScheduledTasks(ctx, plan, taskDefinitionArn)
      report.result = 'registered'
      report.message = `Registered ${taskDefinitionArn} (no service to update).${report.task ? ` ${report.task.summary}` : ''}`
      return
    }
    report.service = serviceName
    setOutput(Outputs.service, serviceName)
    if (plan.preview?.url) {
      report.url = plan.preview.url
      setOutput(Outputs.url, plan.preview.url)
    }

    ghDeployment = await startGitHubDeployment(ctx, plan)

    if (plan.codeDeploy) {
      const { runCodeDeploy } = await codeDeployModule()
      await runCodeDeploy(ctx, plan.codeDeploy, taskDefinitionArn, (name, fn) =>
        stage(ctx, name, fn)
      )
      return
    }

    // 5. Update (or create, for a new preview) the service.
    const strategyStart: StrategyStart = { updatedAt: clock.now() }
    const deploymentId = await stage(ctx, 'Deploy', async () => {
      if (plan.preview && !plan.preview.exists) {
        const created = await (
          await previews()
        ).createPreviewResources(plan.preview, taskDefinitionArn, {
          ecs: ctx.clients.ecs,
          elb: ctx.clients.elb,
          log,
          clock
        })
        log.info(`Created preview service ${serviceName}.`)
        return created.deploymentId
      }
      if (unchanged && !config.forceNewDeployment && config.desiredCount === undefined) {
        log.info(
          'The service already runs this revision: no deployment started (set force-new-deployment to redeploy).'
        )
        return undefined
      }
      const updated = await updateService(ctx.clients.ecs, {
        cluster: config.cluster,
        service: serviceName,
        taskDefinitionArn,
        desiredCount: config.desiredCount,
        forceNewDeployment: config.forceNewDeployment,
        before: plan.targetService,
        settings: config.deploy.service
      })
      strategyStart.serviceDeploymentArn = updated.service.currentServiceDeployment
      if (updated.deploymentId) log.info(`Started deployment ${updated.deploymentId}.`)
      else log.info('ECS started no new deployment.')
      return updated.deploymentId
    })
    if (deploymentId) {
      report.deploymentId = deploymentId
      setOutput(Outputs.deploymentId, deploymentId)
    }
    setOutput(Outputs.rolledBack, 'false')

    // 6. Watch it until ECS says it is done, or it fails.
    if (!deploymentId) {
      await followScheduledTasks(ctx, plan, taskDefinitionArn)
      report.result = 'unchanged'
      report.message = `${serviceName} already runs ${taskDefinitionArn}.`
    } else if (!config.waitForServiceStability) {
      await followScheduledTasks(ctx, plan, taskDefinitionArn)
      report.result = 'deployed'
      report.message = `Deployment ${deploymentId} started; not waiting (wait-for-service-stability: false).`
    } else if (plan.targetService && usesStrategyWatch(plan.targetService)) {
      await stage(ctx, 'Watch deployment', () =>
        watchStrategy(ctx, plan.targetService!, rendered, deploymentId, strategyStart)
      )
    } else {
      const result = await stage(ctx, 'Watch deployment', () =>
        watchDeployment({
          ecs: ctx.clients.ecs,
          logs: ctx.clients.logs,
          cluster: config.cluster,
          service: serviceName,
          deploymentId,
          taskDefinitionArn,
          taskDefinition: rendered,
          previousTaskDefinitionArn: plan.previousTaskDefinitionArn,
          timeoutMs: config.waitTimeoutMs,
          rollbackOnFailure: config.rollbackOnFailure,
          waitForRollback: config.waitForRollback,
          clock,
          log,
          signal: abort.signal
        })
      )
      // Scheduled tasks follow success; after a rollback none may keep the failed revision.
      if (result.outcome === 'completed') await followScheduledTasks(ctx, plan, taskDefinitionArn)
      else if (result.rolledBack) {
        // The rollback goes to the previous revision, whether or not it has finished yet.
        const back = plan.previousTaskDefinitionArn ?? result.runningTaskDefinition
        if (back) await followScheduledTasks(ctx, plan, back, taskDefinitionArn)
      }
      applyWatchResult(ctx, result)
    }
    if (plan.preview && report.result !== 'failed') await commentOnPullRequest(ctx, plan)
  } catch (error) {
    report.result = abort.signal.aborted ? 'cancelled' : 'failed'
    report.message = errorMessage(error)
    if (error instanceof ActionError) for (const d of error.details) log.info(d)
    else if (error instanceof Error && error.stack) log.debug(error.stack)
  } finally {
    // The handlers stay until the clean-up is done: a SIGTERM arriving now
    // must not kill the process before the credentials are removed.
    if (dockerConfigDir) {
      await removeDockerConfig(dockerConfigDir, { marker: dockerConfigMarker }).catch(
        (error: unknown) => log.warning(errorMessage(error))
      )
    }
    report.durationMs = clock.now() - started
    await finishGitHubDeployment(ghDeployment, report)
    await writeSummary(report)
    if (report.result === 'failed' || report.result === 'cancelled') {
      if (report.message) core.setFailed(report.message)
    } else {
      log.info(`Done in ${formatDuration(report.durationMs)}: ${report.message}`)
    }
    process.off('SIGINT', onSignal)
    process.off('SIGTERM', onSignal)
  }
}

/** What validation learnt: the inputs of every later stage. */
interface Plan {
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

async function validate(ctx: Run): Promise<Plan> {
  const { config, clients, log } = ctx
  let baseService: Service | undefined
  if (config.service) {
    baseService = await checkService(clients.ecs, config.cluster, config.service)
    log.info(`Service ${config.service} is ACTIVE in ${config.cluster}.`)
    log.info(`Deployment strategy: ${describeStrategy(baseService)}.`)
    const note = strategyInputsNote(baseService, config.strategy)
    if (note) log.warning(note)
  }
  let preview: PreviewPlan | undefined
  if (config.preview?.mode === 'deploy' && baseService) {
    preview = await (
      await previews()
    ).planPreviewDeploy(config, {
      ecs: clients.ecs,
      elb: clients.elb,
      log,
      baseService
    })
  }
  // The service whose current revision this run replaces.
  const targetService = preview ? preview.existingService : baseService

  const source = config.taskDefinition
  let base: TaskDef
  let current: Plan['current']
  if (source.kind === 'file') {
    base = await loadTaskDefinitionFile(source.path)
    log.info(`Task definition from ${source.path}.`)
  } else if (source.kind === 'family') {
    const fetched = await fetchTaskDefinition(clients.ecs, source.reference)
    base = fetched.taskDefinition
    log.info(`Task definition from ${fetched.arn}.`)
  } else {
    const from = targetService ?? baseService
    if (!from?.taskDefinition) {
      throw new ActionError(
        'No task definition to start from: set `task-definition` (a file) or `task-definition-family`, or name a `service` to start from its current revision.'
      )
    }
    const fetched = await fetchTaskDefinition(clients.ecs, from.taskDefinition, from.serviceName)
    base = fetched.taskDefinition
    if (from === targetService) current = fetched
    log.info(`Task definition from the service's current revision ${fetched.arn}.`)
  }
  if (!current && targetService?.taskDefinition) {
    current = await fetchTaskDefinition(
      clients.ecs,
      targetService.taskDefinition,
      targetService.serviceName
    )
  }
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
  const settingsContainers = settingsTargets(
    base,
    config.containerNames,
    config.environmentVariables.length > 0 || hasContainerSettings(config.render)
  )
  const images = await planImages(assignments, {
    ecr: clients.ecr,
    ecrIn: (region) => clients.ecrIn(region),
    log,
    builder: inspectCurrentBuilder,
    cpuArchitecture: base.runtimePlatform?.cpuArchitecture
  })
  const first = images[0]
  if (!first) {
    throw new ActionError(
      'Nothing to deploy: set `image` (an existing image), `ecr-repository` (build and push) or `containers`.'
    )
  }
  const partial = {
    images,
    baseTaskDefinition: base,
    settingsContainers,
    ...(preview ? { preview } : {})
  }
  const problems = renderedProblems(render(config, partial, plannedImages(images)), {
    ...(config.deploy.service.volumeConfigurations?.[0]
      ? { ebsVolumeName: config.deploy.service.volumeConfigurations[0].name }
      : {})
  })
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

/** The revision to register: every image in its containers, the settings, the preview family. */
function render(
  config: Config,
  plan: Pick<Plan, 'baseTaskDefinition' | 'settingsContainers' | 'preview'>,
  deployed: readonly DeployedImage[]
): TaskDef {
  const byContainer = imagesByContainer(deployed)
  const [primary, ...others] = Object.keys(byContainer)
  return renderTaskDefinition(plan.baseTaskDefinition, {
    containerName: primary ?? '',
    image: byContainer[primary ?? ''] ?? '',
    images: Object.fromEntries(others.map((name) => [name, byContainer[name] ?? ''])),
    settingsContainers: plan.settingsContainers,
    environment: config.environmentVariables,
    settings: config.render,
    ...(plan.preview ? { family: plan.preview.family } : {})
  })
}

/** Points the scheduled tasks found in validation at `to` (only those on `onlyFrom` when given). */
async function followScheduledTasks(
  ctx: Run,
  plan: Plan,
  to: string,
  onlyFrom?: string
): Promise<void> {
  const targets = plan.scheduledTasks
  if (!targets || targets.length === 0) return
  const changes = await stage(ctx, 'Scheduled tasks', () =>
    pointScheduledTasks({
      clients: ctx.clients,
      targets,
      to,
      log: ctx.log,
      ...(onlyFrom ? { onlyFrom } : {})
    })
  )
  ctx.report.scheduledTasks = targets.map((t) => ({
    id: t.id,
    taskDefinition: t.taskDefinitionArn,
    moved: changes.some((c) => c.id === t.id)
  }))
}

async function oneOffTaskStep(
  ctx: Run,
  runTask: { config: NonNullable<Config['runTask']>; plan: RunTaskPlan },
  plan: Plan,
  taskDefinition: TaskDef,
  taskDefinitionArn: string
): Promise<void> {
  await oneOffTask({
    ecs: ctx.clients.ecs,
    logs: ctx.clients.logs,
    logsForRegion: (region) => createAwsClients(region).logs,
    ...runTask,
    taskDefinition,
    taskDefinitionArn,
    service: plan.preview?.serviceName ?? ctx.config.service,
    previousTaskDefinitionArn: plan.previousTaskDefinitionArn,
    timeoutMs: ctx.config.waitTimeoutMs,
    log: ctx.log,
    clock: ctx.clock,
    signal: ctx.signal,
    setOutput,
    report: (task) => (ctx.report.task = task),
    fallbackToken: randomUUID()
  })
}

function applyWatchResult(ctx: Run, result: WatchResult): void {
  const { report } = ctx
  // After the watch's group: seen without expanding anything.
  if (result.diagnostics)
    for (const line of formatDiagnostics(result.diagnostics)) ctx.log.info(line)
  report.rolledBack = result.rolledBack
  setOutput(Outputs.rolledBack, String(result.rolledBack))
  if (result.rollback) {
    report.rollbackDeploymentId = result.rollback.deploymentId
    setOutput(Outputs.rollbackDeploymentId, result.rollback.deploymentId)
  }
  if (result.outcome !== 'completed' && result.consoleUrl) report.consoleUrl = result.consoleUrl
  if (result.runningTaskDefinition) report.runningTaskDefinition = result.runningTaskDefinition
  if (result.diagnostics) report.diagnosticsMarkdown = diagnosticsMarkdown(result.diagnostics)
  report.message = result.message
  if (result.outcome === 'completed') report.result = 'deployed'
  else if (result.outcome === 'cancelled') report.result = 'cancelled'
  else report.result = 'failed'
  if (report.result !== 'deployed') throw new ActionError(result.message)
}

async function previewTeardown(ctx: Run): Promise<void> {
  const { config, clients, log, report } = ctx
  const deps = { ecs: clients.ecs, elb: clients.elb, ecr: clients.ecr, log, clock: ctx.clock }
  const { cleanupPreviews, destroyPreview } = await previews()
  if (config.preview?.mode === 'cleanup') {
    const result = await stage(ctx, 'Clean up previews', () => cleanupPreviews(config, deps))
    report.result = 'destroyed'
    report.message = result.message
    return
  }
  const result = await stage(ctx, 'Destroy preview', () => destroyPreview(config, deps))
  report.result = 'destroyed'
  report.message = result.message
  report.service = result.serviceName
  setOutput(Outputs.service, result.serviceName)
  if (config.environment) await deactivateEnvironment(config, config.environment, log)
  const pullRequest = config.preview?.pullRequest
  if (pullRequest !== undefined && config.service) {
    const body = buildPreviewComment({
      service: result.serviceName,
      baseService: config.service,
      state: 'destroyed',
      ...runLinks(config)
    })
    await upsertPullRequestComment(config, pullRequest, body, log, { create: false })
  }
}

/** Links to the repository and this workflow run, for comments. */
function runLinks(config: Config): { repositoryUrl?: string; runUrl?: string } {
  const { serverUrl, repository, runId } = config.github
  if (!repository) return {}
  const repositoryUrl = `${serverUrl}/${repository}`
  return { repositoryUrl, ...(runId ? { runUrl: `${repositoryUrl}/actions/runs/${runId}` } : {}) }
}

async function startGitHubDeployment(ctx: Run, plan: Plan): Promise<GitHubDeployment | undefined> {
  const { config, log } = ctx
  if (!config.environment) return undefined
  return createGitHubDeployment(config, {
    ref: config.github.ref ?? config.github.sha ?? 'HEAD',
    environment: config.environment,
    transient: plan.preview !== undefined,
    log
  })
}

async function finishGitHubDeployment(
  deployment: GitHubDeployment | undefined,
  report: RunReport
): Promise<void> {
  if (!deployment) return
  const ok = report.result === 'deployed' || report.result === 'unchanged'
  try {
    await deployment.setStatus(ok ? 'success' : 'failure', {
      ...(report.url ? { environmentUrl: report.url } : {}),
      description: report.message.slice(0, 140)
    })
  } catch (error) {
    actionsLogger.warning(`Could not update the GitHub deployment: ${errorMessage(error)}`)
  }
}

async function commentOnPullRequest(ctx: Run, plan: Plan): Promise<void> {
  const { config, log, report } = ctx
  const pullRequest = config.preview?.pullRequest
  if (!plan.preview || pullRequest === undefined) return
  const body = buildPreviewComment({
    service: plan.preview.serviceName,
    baseService: config.service ?? '',
    url: report.url,
    image: report.image,
    taskDefinitionArn: report.taskDefinitionArn,
    sha: deployedCommit(config),
    ...runLinks(config)
  })
  await upsertPullRequestComment(config, pullRequest, body, log)
}

/** Runs one stage in a log group and records how long it took. */
async function stage<T>(ctx: Run, name: string, fn: () => Promise<T>): Promise<T> {
  // A cancelled run starts nothing new; what ECS already accepted keeps going.
  if (ctx.signal.aborted) {
    const started = ctx.report.deploymentId
      ? ` Deployment ${ctx.report.deploymentId} keeps going in ECS.`
      : ''
    throw new ActionError(
      `Cancelled before ${name.toLowerCase()}: nothing more was changed.${started}`
    )
  }
  const t0 = ctx.clock.now()
  try {
    return await ctx.log.group(name, fn)
  } finally {
    const ms = ctx.clock.now() - t0
    ctx.report.timings.push({ stage: name, ms })
    ctx.log.info(`${name}: ${formatDuration(ms)}`)
  }
}

function setOutput(name: OutputName, value: string): void {
  core.setOutput(name, value)
}

async function writeSummary(report: RunReport): Promise<void> {
  if (!process.env['GITHUB_STEP_SUMMARY']) return
  try {
    await core.appendSummary(buildSummary(report))
  } catch (error) {
    actionsLogger.warning(`Could not write the job summary: ${errorMessage(error)}`)
  }
}
