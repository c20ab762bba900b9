/**
 * The per-service deploy stage: update (or create, for a new preview) the
 * service with the registered revision, watch the deployment (rolling, or an
 * ECS-native blue/green, linear or canary strategy; CodeDeploy has its own
 * flow), move the scheduled tasks that follow the revision, and record the
 * outcome. Takes the service as `ServiceTarget` rather than reading
 * `config.service`, so a run over several services can call it per service.
 */
import type { Service } from '@aws-sdk/client-ecs'
import { updateService, type UpdateServiceResult } from '../deploy/service.js'
import { watchDeployment, type WatchOptions, type WatchResult } from '../deploy/watch.js'
import { diagnosticsMarkdown, formatDiagnostics, type Diagnostics } from '../deploy/diagnostics.js'
import {
  decideDeploy,
  decideWatch,
  rollingOutcome,
  scheduledTasksAfter,
  strategyOutcome,
  type DeployOutcome
} from '../deploy/decide.js'
import { watchStrategy, type StrategyStart } from '../deploy/strategy/run.js'
import type { CodeDeployPlan } from '../deploy/codedeploy/run.js'
import type { PreviewPlan } from '../preview/preview.js'
import { pointScheduledTasks } from '../schedule/follow.js'
import type { FollowedTarget } from '../schedule/targets.js'
import { Outputs } from '../report/outputs.js'
import type { TaskDef } from '../taskdef/clean.js'
import { ActionError } from '../util/errors.js'
import type { Logger } from '../util/log.js'
import { codeDeployModule, previews, type RunContext } from './context.js'
import type { Plan } from './plan.js'
import { stage } from './stage.js'

/** One service a run deploys to, as validation found it. */
export interface ServiceTarget {
  /** The service to update (a preview's own name for a preview). */
  name: string
  /** The service as it was before the run; undefined for a preview created now. */
  before?: Service | undefined
  /** What a rollback goes back to. */
  previousTaskDefinitionArn?: string | undefined
  /** A new preview: the service and its load balancing are created, not updated. */
  createPreview?: PreviewPlan | undefined
  /** The CODE_DEPLOY controller's application and deployment group. */
  codeDeploy?: CodeDeployPlan | undefined
  /** Scheduled tasks that follow this service's revision. */
  scheduledTasks?: FollowedTarget[] | undefined
}

/** The service a plan deploys to: a preview's own service, created when it does not exist yet. */
export function serviceTargetOf(
  plan: Pick<
    Plan,
    'preview' | 'targetService' | 'previousTaskDefinitionArn' | 'codeDeploy' | 'scheduledTasks'
  >,
  name: string
): ServiceTarget {
  return {
    name,
    before: plan.targetService,
    previousTaskDefinitionArn: plan.previousTaskDefinitionArn,
    createPreview: plan.preview && !plan.preview.exists ? plan.preview : undefined,
    codeDeploy: plan.codeDeploy,
    scheduledTasks: plan.scheduledTasks
  }
}

/** The registered revision the service gets. */
export interface RegisteredRevision {
  arn: string
  taskDefinition: TaskDef
  /** The service runs it already. */
  unchanged: boolean
}

export async function deployServiceStage(
  ctx: RunContext,
  target: ServiceTarget,
  revision: RegisteredRevision
): Promise<void> {
  const { config, log, reporter } = ctx
  const action = decideDeploy({
    codeDeploy: target.codeDeploy !== undefined,
    createsService: target.createPreview !== undefined,
    unchanged: revision.unchanged,
    forceNewDeployment: config.forceNewDeployment,
    desiredCount: config.desiredCount
  })
  if (action === 'codedeploy' && target.codeDeploy) {
    const { runCodeDeploy } = await codeDeployModule()
    const ended = await runCodeDeploy(ctx, target.codeDeploy, revision.arn, (name, fn) =>
      stage(ctx, name, fn)
    )
    await endDeployment(ctx, target, revision, ended.outcome, ended.diagnostics)
    return
  }

  const strategyStart: StrategyStart = { updatedAt: ctx.clock.now() }
  const deploymentId = await stage(ctx, 'Deploy', async () => {
    if (action === 'create' && target.createPreview) {
      const created = await (
        await previews()
      ).createPreviewResources(target.createPreview, revision.arn, {
        ecs: ctx.clients.ecs,
        elb: ctx.clients.elb,
        log,
        clock: ctx.clock
      })
      log.info(`Created preview service ${target.name}.`)
      return created.deploymentId
    }
    if (action === 'none') {
      log.info(
        'The service already runs this revision: no deployment started (set force-new-deployment to redeploy).'
      )
      return undefined
    }
    const updated = await startUpdate(ctx, target, revision, log)
    strategyStart.serviceDeploymentArn = updated.service.currentServiceDeployment
    return updated.deploymentId
  })
  reporter.record({ deploymentId })
  // Until the watch says otherwise: the summary shows a rollback only once one is known.
  reporter.output(Outputs.rolledBack, 'false')

  const watch = decideWatch({
    service: target.name,
    taskDefinitionArn: revision.arn,
    deploymentId,
    waitForServiceStability: config.waitForServiceStability,
    before: target.before
  })
  if (watch.kind === 'done') {
    await followScheduledTasks(ctx, target.scheduledTasks, revision.arn)
    reporter.finish(watch.result, watch.message)
    return
  }
  if (watch.kind === 'strategy' && target.before) {
    const result = await stage(ctx, 'Watch deployment', () =>
      watchStrategy(ctx, target.before!, revision.taskDefinition, watch.deploymentId, strategyStart)
    )
    const outcome = strategyOutcome(result, config.strategy?.waitUntil)
    await endDeployment(ctx, target, revision, outcome, result.diagnostics)
    return
  }
  const result = await stage(ctx, 'Watch deployment', () =>
    watchRolling(ctx, target, revision, watch.deploymentId)
  )
  // After the watch's group: seen without expanding anything.
  if (result.diagnostics) for (const line of formatDiagnostics(result.diagnostics)) log.info(line)
  await endDeployment(ctx, target, revision, rollingOutcome(result), result.diagnostics)
}

/**
 * The end of a deployment, whichever flow ran it (rolling, strategy,
 * CodeDeploy): the scheduled tasks follow success (once production traffic
 * is on the revision), and after a rollback none may keep the failed
 * revision; then the outcome is recorded.
 */
async function endDeployment(
  ctx: RunContext,
  target: ServiceTarget,
  revision: RegisteredRevision,
  outcome: DeployOutcome,
  diagnostics?: Diagnostics
): Promise<void> {
  const follow = scheduledTasksAfter(outcome, {
    taskDefinitionArn: revision.arn,
    previousTaskDefinitionArn: target.previousTaskDefinitionArn
  })
  if (follow) await followScheduledTasks(ctx, target.scheduledTasks, follow.to, follow.onlyFrom)
  applyOutcome(ctx, outcome, diagnostics)
}

/** UpdateService to the revision (one call); logs the deployment it started, if any. */
export async function startUpdate(
  ctx: RunContext,
  target: ServiceTarget,
  revision: RegisteredRevision,
  log: Logger = ctx.log
): Promise<UpdateServiceResult> {
  const { config } = ctx
  const updated = await updateService(ctx.clients.ecs, {
    cluster: config.cluster,
    service: target.name,
    taskDefinitionArn: revision.arn,
    desiredCount: config.desiredCount,
    forceNewDeployment: config.forceNewDeployment,
    before: target.before,
    settings: config.deploy.service
  })
  if (updated.deploymentId) log.info(`Started deployment ${updated.deploymentId}.`)
  else log.info('ECS started no new deployment.')
  return updated
}

/**
 * Watches a rolling deployment of the target until it ends (watch.ts). A run
 * over several services passes each service's logger, the shared poll
 * (`describe`) and its own cancel signal and rollback following.
 */
export function watchRolling(
  ctx: RunContext,
  target: ServiceTarget,
  revision: RegisteredRevision,
  deploymentId: string,
  over: Partial<
    Pick<WatchOptions, 'log' | 'describe' | 'signal' | 'waitForRollback' | 'rollbackOnFailure'>
  > = {}
): Promise<WatchResult> {
  const { config } = ctx
  return watchDeployment({
    ecs: ctx.clients.ecs,
    logs: ctx.clients.logs,
    cluster: config.cluster,
    service: target.name,
    deploymentId,
    taskDefinitionArn: revision.arn,
    taskDefinition: revision.taskDefinition,
    previousTaskDefinitionArn: target.previousTaskDefinitionArn,
    timeoutMs: config.waitTimeoutMs,
    rollbackOnFailure: config.rollbackOnFailure,
    waitForRollback: config.waitForRollback,
    clock: ctx.clock,
    log: ctx.log,
    signal: ctx.signal,
    ...over
  })
}

/** Records a watch's outcome; anything but success fails the run with its message. */
function applyOutcome(ctx: RunContext, outcome: DeployOutcome, diagnostics?: Diagnostics): void {
  ctx.reporter.record({
    deploymentStage: outcome.deploymentStage,
    rolledBack: outcome.rolledBack,
    rollbackDeploymentId: outcome.rollbackDeploymentId,
    consoleUrl: outcome.consoleUrl,
    runningTaskDefinition: outcome.runningTaskDefinition,
    diagnosticsMarkdown: diagnostics ? diagnosticsMarkdown(diagnostics) : undefined
  })
  ctx.reporter.finish(outcome.result, outcome.message)
  if (outcome.result !== 'deployed') throw new ActionError(outcome.message)
}

/** Points the scheduled tasks found in validation at `to` (only those on `onlyFrom` when given). */
export async function followScheduledTasks(
  ctx: RunContext,
  targets: readonly FollowedTarget[] | undefined,
  to: string,
  onlyFrom?: string
): Promise<void> {
  if (!targets || targets.length === 0) return
  const changes = await stage(ctx, 'Scheduled tasks', () =>
    pointScheduledTasks({
      clients: ctx.clients,
      targets: [...targets],
      to,
      log: ctx.log,
      ...(onlyFrom ? { onlyFrom } : {})
    })
  )
  ctx.reporter.record({
    scheduledTasks: targets.map((t) => ({
      id: t.id,
      taskDefinition: t.taskDefinitionArn,
      moved: changes.some((c) => c.id === t.id)
    }))
  })
}
