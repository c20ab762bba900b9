/**
 * One build, several services: the stages of a run whose `service` names
 * several services of one cluster. Validation covers every service before
 * any write; each service's current revision is the base of its own new
 * revision (one per family); the updates start together; one
 * DescribeServices per poll reads them all (batch.ts) while each service
 * keeps its own watch (watch.ts); `rollback-scope` decides what a failure
 * means for the others (outcome.ts). The decisions live in the pure modules
 * next to this one; this file makes the calls.
 */
import { DescribeServicesCommand } from '@aws-sdk/client-ecs'
import type { Config } from '../../inputs/config.js'
import {
  imagesByContainer,
  plannedImages,
  type DeployedImage,
  type PlannedImage
} from '../../image/multi.js'
import { fetchTaskDefinition } from '../../taskdef/load.js'
import { resolveContainerNames } from '../../taskdef/render.js'
import { renderRevision } from '../../taskdef/revision.js'
import { planRunImages, renderChecks, settingsContainersOf } from '../../run/plan.js'
import { diffTaskDefinitions, taskDefinitionsEqual } from '../../taskdef/diff.js'
import { registerTaskDefinition } from '../../taskdef/register.js'
import type { TaskDef } from '../../taskdef/clean.js'
import { Outputs } from '../../report/outputs.js'
import type { ServiceRow } from '../../report/summary.js'
import { ActionError, describeAwsError, errorMessage } from '../../util/errors.js'
import { writeJsonFile } from '../../util/files.js'
import type { Logger } from '../../util/log.js'
import type { RunContext } from '../../run/context.js'
import { stage } from '../../run/stage.js'
import { oneOffTaskStage } from '../../run/one-off.js'
import { planRunTask, type RunTaskPlan } from '../../task/plan.js'
import { imageStage, type DockerCredentials } from '../../run/images.js'
import {
  startUpdate,
  watchRolling,
  type RegisteredRevision,
  type ServiceTarget
} from '../../run/service.js'
import { decideDeploy } from '../decide.js'
import { diagnosticsMarkdown, formatDiagnostics } from '../diagnostics.js'
import { taskDefinitionRevision } from '../../aws/arn.js'
import { updateService } from '../service.js'
import { clientRegion } from '../../aws/errors.js'
import type { RollbackInfo, WatchResult } from '../watch.js'
import { DescribeServicesBatch } from './batch.js'
import type { FleetConfig } from './inputs.js'
import { decideScope, fleetMessage, isFailure, keyedJson, type ServiceState } from './outcome.js'
import { checkFleetServices, groupByFamily, type FleetMember } from './plan.js'
import { serviceLogger } from './view.js'

/** One family: the revision its services run, and the containers each image and setting goes to. */
interface FamilyPlan {
  family: string
  services: string[]
  current: { arn: string; taskDefinition: TaskDef }
  /** Per image assignment (config.images order), the containers of this family that get it. */
  containers: string[][]
  settingsContainers: string[]
}

export interface FleetPlan {
  members: FleetMember[]
  families: FamilyPlan[]
  images: PlannedImage[]
  /** The one-off task: once, from the first service's new revision, before every update. */
  runTask?: RunTaskPlan
}

/**
 * Runs the whole flow for `config.fleet`, through the run's stages and its
 * reporter (report fields and outputs together). Throws ActionError on failure.
 */
export async function runFleet(ctx: RunContext, credentials: DockerCredentials): Promise<void> {
  const { config, reporter, log } = ctx
  const fleet = config.fleet as FleetConfig
  reporter.subject(config.cluster, fleet.services.join(', '))
  const plan = await stage(ctx, 'Validate', () => planFleet(ctx, fleet))
  const head = plan.images[0] as PlannedImage
  const deployed = await imageStage(ctx, { images: plan.images, image: head.plan }, credentials)
  const rendered = await stage(ctx, 'Task definition', () => renderFamilies(ctx, plan, deployed))
  if (rendered[0]) reporter.output(Outputs.taskDefinition, rendered[0].file)
  if (config.dryRun) {
    reporter.finish('dry-run', 'Dry run: nothing was pushed, registered or updated.')
    log.info(reporter.report.message)
    return
  }
  const arns = new Map<string, string>()
  await stage(ctx, 'Register', async () => {
    for (const r of rendered) {
      if (r.unchanged) {
        arns.set(r.family.family, r.family.current.arn)
        log.info(
          `${r.family.family}: unchanged, no new revision registered (${r.family.current.arn}).`
        )
        continue
      }
      const arn = await registerTaskDefinition(ctx.clients.ecs, r.taskDefinition)
      log.info(`Registered ${arn} for ${r.family.services.join(', ')}.`)
      arns.set(r.family.family, arn)
    }
  })
  const arnOf = (m: FleetMember): string => arns.get(m.family) ?? m.taskDefinitionArn
  const first = plan.members[0] as FleetMember
  // The single-service outputs hold the first service's; the keyed ones every service's.
  reporter.record({ taskDefinitionArn: arnOf(first), service: first.name })
  reporter.output(
    Outputs.taskDefinitionArns,
    keyedJson(plan.members.map((m) => [m.name, arnOf(m)]))
  )
  // The one-off task (migrations): no service is updated unless it succeeds.
  const firstRevision = rendered.find((r) => r.family.family === first.family) as Rendered
  await oneOffTaskStage(
    ctx,
    plan.runTask ? { runTask: plan.runTask } : {},
    { arn: arnOf(first), taskDefinition: firstRevision.taskDefinition },
    plan.members.map((m) => m.name).join(', ')
  )
  await deployAndWatch(ctx, plan, rendered, arnOf)
}

/** Every service, its family, the images and the rendered revisions checked; reads only. */
export async function planFleet(ctx: RunContext, fleet: FleetConfig): Promise<FleetPlan> {
  const { config, clients, log } = ctx
  const region = await clientRegion(clients.ecs)
  const where = `cluster ${config.cluster}${region ? ` (region ${region})` : ''}`
  let described
  try {
    described = await clients.ecs.send(
      new DescribeServicesCommand({ cluster: config.cluster, services: fleet.services })
    )
  } catch (error) {
    throw describeAwsError(
      `DescribeServices (${fleet.services.join(', ')} in ${where})`,
      error,
      region
    )
  }
  const checked = checkFleetServices(fleet.services, described, where)
  const grouped = groupByFamily(checked.members)
  const problems = [...checked.problems, ...grouped.problems]
  if (problems.length > 0) throw refused(problems)
  for (const m of checked.members) {
    log.info(
      `Service ${m.name} is ACTIVE in ${config.cluster}; runs ${taskDefinitionRevision(m.taskDefinitionArn)}.`
    )
  }

  const fetched = await Promise.all(
    grouped.families.map((f) => fetchTaskDefinition(clients.ecs, f.currentArn, f.services[0]))
  )
  const families: FamilyPlan[] = []
  for (const [i, f] of grouped.families.entries()) {
    const current = fetched[i]!
    const base = current.taskDefinition
    const who = `${f.services.join(', ')} (${taskDefinitionRevision(current.arn)})`
    try {
      families.push({
        family: f.family,
        services: f.services,
        current,
        containers: config.images.map((a) => resolveContainerNames(base, a.containers)),
        settingsContainers: settingsContainersOf(config, base)
      })
    } catch (error) {
      problems.push(`${who}: ${errorMessage(error)}`)
    }
  }
  if (problems.length > 0) throw refused(problems)
  const head = families[0] as FamilyPlan
  const images = await planRunImages(
    ctx,
    config.images.map((a, i) => ({ ...a, containers: head.containers[i] ?? [] })),
    head.current.taskDefinition
  )
  const planned = plannedImages(images)
  for (const f of families) {
    const found = renderChecks(config, render(config, f, planned))
    if (found.length > 0) problems.push(...found.map((p) => `${f.family}: ${p}`))
  }
  if (problems.length > 0) {
    throw new ActionError(
      `The rendered task definitions would be rejected by ECS; nothing was changed:\n${problems.map((p) => `- ${p}`).join('\n')}`
    )
  }
  const firstMember = checked.members[0] as FleetMember
  const runTask = config.runTask
    ? planRunTask({
        config: config.runTask,
        cluster: config.cluster,
        imageContainer: head.containers[0]?.[0] ?? '',
        taskDefinition: head.current.taskDefinition,
        service: firstMember.service
      })
    : undefined
  return { members: checked.members, families, images, ...(runTask ? { runTask } : {}) }
}

function refused(problems: readonly string[]): ActionError {
  return new ActionError(
    `Not every service can be deployed; nothing was changed:\n${problems.map((p) => `- ${p}`).join('\n')}`
  )
}

/** The family's new revision: each image in this family's containers, the settings in its own. */
function render(config: Config, f: FamilyPlan, deployed: readonly DeployedImage[]): TaskDef {
  return renderRevision({
    baseTaskDefinition: f.current.taskDefinition,
    images: imagesByContainer(
      deployed.map((d, i) => ({ ...d, containers: f.containers[i] ?? [] }))
    ),
    settingsContainers: f.settingsContainers,
    environment: config.environmentVariables,
    settings: config.render
  })
}

interface Rendered {
  family: FamilyPlan
  taskDefinition: TaskDef
  file: string
  unchanged: boolean
}

async function renderFamilies(
  ctx: RunContext,
  plan: FleetPlan,
  deployed: readonly DeployedImage[]
): Promise<Rendered[]> {
  const { config, log } = ctx
  const out: Rendered[] = []
  const diffs: string[] = []
  for (const f of plan.families) {
    const td = render(config, f, deployed)
    const file = await writeJsonFile(config.tempDir, `task-definition-${td.family}.json`, td)
    const unchanged = taskDefinitionsEqual(f.current.taskDefinition, td)
    const diff = diffTaskDefinitions(f.current.taskDefinition, td, {
      showValues: config.showValuesInDiff ?? false
    })
    log.info(`${f.family} (for ${f.services.join(', ')}) written to ${file}.`)
    if (unchanged) log.info(`  Identical to the running revision ${f.current.arn}.`)
    else {
      log.info(`  Changes against ${f.current.arn}:`)
      for (const line of diff) log.info(`    ${line}`)
    }
    diffs.push(`# ${f.family}`, ...diff)
    out.push({ family: f, taskDefinition: td, file, unchanged })
  }
  ctx.reporter.record({ diff: diffs })
  return out
}

/** One service's deployment as the run follows it. */
interface Tracked {
  member: FleetMember
  /** The service as the per-service stages (run/service.ts) take it. */
  target: ServiceTarget
  revision: RegisteredRevision
  state: ServiceState
  startedAt: number
  endedAt?: number
  /** Every line it prints starts with its name. */
  log: Logger
  /** Stops its watch alone (rollback-scope: all). */
  abort: AbortController
  result?: WatchResult
  /** A rollback rollback-scope: all started. */
  scopeRollback?: { deploymentId?: string; error?: string; result?: WatchResult }
  /** The rollback of a failed service, followed after rollback-scope: all (wait-for-rollback). */
  followed?: WatchResult
  /** UpdateService failed: why. */
  updateError?: string
}

async function deployAndWatch(
  ctx: RunContext,
  plan: FleetPlan,
  rendered: readonly Rendered[],
  arnOf: (m: FleetMember) => string
): Promise<void> {
  const { config, clock, reporter } = ctx
  const fleet = config.fleet as FleetConfig
  const width = Math.max(...plan.members.map((m) => m.name.length))
  const tracked: Tracked[] = plan.members.map((member) => {
    const r = rendered.find((x) => x.family.family === member.family) as Rendered
    return {
      member,
      target: {
        name: member.ref,
        before: member.service,
        previousTaskDefinitionArn: member.taskDefinitionArn
      },
      revision: { arn: arnOf(member), taskDefinition: r.taskDefinition, unchanged: r.unchanged },
      startedAt: clock.now(),
      log: serviceLogger(ctx.log, member.name, width),
      abort: new AbortController(),
      state: {
        name: member.name,
        phase: 'unchanged',
        rolledBack: false,
        previousTaskDefinitionArn: member.taskDefinitionArn
      }
    }
  })

  // Every update starts at once: the slowest service sets the pace, not their sum.
  await stage(ctx, 'Deploy', () =>
    Promise.all(
      tracked.map(async (t) => {
        t.startedAt = clock.now()
        const action = decideDeploy({
          codeDeploy: false,
          createsService: false,
          unchanged: t.revision.unchanged,
          forceNewDeployment: config.forceNewDeployment,
          desiredCount: config.desiredCount
        })
        if (action === 'none') {
          t.log.info('Already runs this revision: no deployment started.')
          return
        }
        try {
          const updated = await startUpdate(ctx, t.target, t.revision, t.log)
          if (updated.deploymentId) {
            t.state.deploymentId = updated.deploymentId
            t.state.phase = 'started'
          }
        } catch (error) {
          t.state.phase = 'failed'
          t.updateError = errorMessage(error)
          t.log.error(t.updateError)
        }
      })
    )
  )
  reporter.output(
    Outputs.deploymentIds,
    keyedJson(tracked.map((t) => [t.member.name, t.state.deploymentId]))
  )
  reporter.record({ deploymentId: tracked[0]?.state.deploymentId })
  reporter.output(Outputs.rolledBack, 'false')

  const run = new Fleet(ctx, tracked, fleet)
  if (config.waitForServiceStability) await stage(ctx, 'Watch deployment', () => run.run())
  else await run.run()
  for (const t of tracked) t.endedAt ??= clock.now()

  // Diagnostics after the watch's group, so they are seen without expanding it.
  const markdown: string[] = []
  for (const t of tracked) {
    // What each failed watch found, in full (its live view has the detail).
    if (t.result && t.result.outcome !== 'completed' && !t.scopeRollback)
      t.log.info(t.result.message)
    const d = t.result?.diagnostics
    if (!d) continue
    for (const line of formatDiagnostics(d)) ctx.log.info(line)
    markdown.push(diagnosticsMarkdown(d))
  }
  const rows = tracked.map(row)
  reporter.record({
    services: rows,
    rolledBack: tracked.some((t) => t.state.rolledBack),
    diagnosticsMarkdown: markdown.length > 0 ? markdown.join('\n\n') : undefined
  })
  const scoped = tracked
    .filter((t) => t.scopeRollback && !isFailure(t.state.phase))
    .map((t) => t.member.name)
  const message = fleetMessage(rows, scoped)
  // Anything but success fails the run (main records it as failed, or cancelled).
  if (!rows.every((r) => r.ok)) throw new ActionError(message)
  const unchanged = tracked.every((t) => t.state.phase === 'unchanged')
  reporter.finish(unchanged ? 'unchanged' : 'deployed', message)
}

/** The services of one run after their updates: one shared poll, and rollback-scope applied once. */
class Fleet {
  readonly batch: DescribeServicesBatch
  private scopeApplied = false

  constructor(
    private readonly ctx: RunContext,
    private readonly tracked: Tracked[],
    private readonly fleet: FleetConfig
  ) {
    const { config, clients } = ctx
    this.batch = new DescribeServicesBatch({
      clock: ctx.clock,
      send: (services) =>
        clients.ecs.send(new DescribeServicesCommand({ cluster: config.cluster, services }), {
          abortSignal: ctx.signal
        })
    })
  }

  /**
   * Each started deployment watched by its own watch, all polling through
   * the one batch; an update that already failed, or each watch's end, is
   * judged against rollback-scope at once.
   */
  async run(): Promise<void> {
    const { ctx, tracked } = this
    const failedUpdate = tracked.find((t) => t.updateError !== undefined)
    if (failedUpdate) await this.applyScope(failedUpdate)
    if (!ctx.config.waitForServiceStability) return
    const watched = tracked.filter((t) => t.state.phase === 'started' && !t.scopeRollback)
    if (watched.length === 0) return
    for (const t of watched) t.state.phase = 'watching'
    ctx.log.info(
      `Watching ${watched.map((t) => t.member.name).join(', ')} together: one DescribeServices every 5 s for all of them.`
    )
    await Promise.all(watched.map((t) => this.watchOne(t)))
  }

  private async watchOne(t: Tracked): Promise<void> {
    const { ctx, fleet, batch } = this
    const describe = batch.describer(t.member.ref)
    try {
      t.result = await watchRolling(ctx, t.target, t.revision, t.state.deploymentId as string, {
        log: t.log,
        describe,
        signal: AbortSignal.any([ctx.signal, t.abort.signal]),
        // With `all`, the others are rolled back the moment one fails; rollbacks are followed together.
        waitForRollback: fleet.rollbackScope === 'all' ? false : ctx.config.waitForRollback
      })
    } finally {
      batch.done(t.member.ref)
    }
    t.endedAt = ctx.clock.now()
    // A watch stopped by rollback-scope: all keeps the phase the scope gave it.
    if (t.scopeRollback) return
    t.state.phase = t.result.outcome
    t.state.rolledBack = t.result.rolledBack
    await this.applyScope(t)
  }

  /** After `t` ended (or its update failed): with rollback-scope: all and a failure, every service goes back. */
  private async applyScope(t: Tracked): Promise<void> {
    const { ctx, tracked, fleet, batch } = this
    if (this.scopeApplied) return
    const decision = decideScope(
      fleet.rollbackScope,
      tracked.map((x) => x.state),
      ctx.signal.aborted
    )
    if (decision.rollBack.length === 0) return
    this.scopeApplied = true
    ctx.log.info(
      `${t.member.name} failed; rollback-scope: all rolls back ${decision.rollBack.join(', ')}.`
    )
    // Rollbacks already under way for failed services (ECS's, or their watch's own).
    const underWay = tracked.filter(
      (x) =>
        x.result?.rollback?.state === 'in-progress' && !decision.rollBack.includes(x.member.name)
    )
    await Promise.all([
      ...decision.rollBack.map(async (name) => {
        const other = tracked.find((x) => x.member.name === name) as Tracked
        other.scopeRollback = {}
        if (decision.stopWatching.includes(name)) other.abort.abort()
        await scopeRollback(ctx, other, batch)
      }),
      ...(ctx.config.waitForRollback
        ? underWay.map(async (x) => {
            const rb = x.result?.rollback as RollbackInfo
            x.followed = await followRollback(ctx, x, rb.deploymentId, batch)
          })
        : [])
    ])
  }
}

/** rollback-scope: all: the service back on the revision it ran before; followed with wait-for-rollback. */
async function scopeRollback(
  ctx: RunContext,
  t: Tracked,
  batch: DescribeServicesBatch
): Promise<void> {
  const { config, clients, clock } = ctx
  const previous = t.member.taskDefinitionArn
  const rollback = t.scopeRollback as NonNullable<Tracked['scopeRollback']>
  t.state.rolledBack = true
  try {
    // As the watch's own rollback does: the revision only, nothing else of this run's settings.
    const updated = await updateService(clients.ecs, {
      cluster: config.cluster,
      service: t.member.ref,
      taskDefinitionArn: previous,
      forceNewDeployment: false
    })
    const id =
      updated.deploymentId ?? updated.service.deployments?.find((d) => d.status === 'PRIMARY')?.id
    if (id) rollback.deploymentId = id
    t.log.info(
      `Rolling back to ${taskDefinitionRevision(previous)} (rollback-scope: all)${id ? `: deployment ${id}` : ''}.`
    )
  } catch (error) {
    rollback.error = errorMessage(error)
    t.state.rolledBack = false
    t.log.error(`Rollback to ${taskDefinitionRevision(previous)} failed: ${rollback.error}`)
    return
  }
  if (!config.waitForRollback || !rollback.deploymentId) {
    t.endedAt = clock.now()
    return
  }
  rollback.result = await followRollback(ctx, t, rollback.deploymentId, batch)
}

/** Watches a rollback deployment until the previous revision is steady (wait-for-rollback). */
async function followRollback(
  ctx: RunContext,
  t: Tracked,
  deploymentId: string,
  batch: DescribeServicesBatch
): Promise<WatchResult> {
  t.log.info(`Following rollback deployment ${deploymentId} (wait-for-rollback: true)…`)
  const describe = batch.describer(t.member.ref)
  try {
    return await watchRolling(
      ctx,
      { name: t.member.ref },
      {
        arn: t.member.taskDefinitionArn,
        taskDefinition: t.revision.taskDefinition,
        unchanged: false
      },
      deploymentId,
      { log: t.log, describe, waitForRollback: false, rollbackOnFailure: false }
    )
  } finally {
    batch.done(t.member.ref)
    t.endedAt = ctx.clock.now()
  }
}

/** The summary row of one service. */
function row(t: Tracked): ServiceRow {
  const base = {
    service: t.member.name,
    revision: t.revision.arn,
    ...(t.state.deploymentId ? { deploymentId: t.state.deploymentId } : {}),
    durationMs: Math.max(0, (t.endedAt ?? t.startedAt) - t.startedAt)
  }
  const previous = taskDefinitionRevision(t.member.taskDefinitionArn)
  if (t.updateError) return { ...base, result: `update failed: ${t.updateError}`, ok: false }
  if (t.scopeRollback) {
    const r = t.scopeRollback
    const state = r.error
      ? `the rollback failed: ${r.error}`
      : r.result
        ? r.result.outcome === 'completed'
          ? `back on ${previous}`
          : `rollback ${r.result.outcome}`
        : `rolling back to ${previous}`
    const what = isFailure(t.state.phase) ? 'failed' : 'rolled back (rollback-scope: all)'
    return { ...base, result: `${what}; ${state}`, ok: false }
  }
  switch (t.state.phase) {
    case 'unchanged':
      return { ...base, result: 'unchanged (already runs this revision)', ok: true }
    case 'started':
      return { ...base, result: 'started (not waited for)', ok: true }
    case 'completed':
      return { ...base, result: 'deployed', ok: true }
    default: {
      const res = t.result
      const rb = res?.rollback
      const rbState = t.followed
        ? t.followed.outcome === 'completed'
          ? 'completed'
          : t.followed.outcome
        : rb?.state
      const rolled = rb
        ? `; rolled back by ${rb.by === 'ecs' ? 'ECS' : 'this action'} to ${rb.taskDefinitionArn ? taskDefinitionRevision(rb.taskDefinitionArn) : previous}${rbState === 'completed' ? '' : ` (rollback ${rbState})`}`
        : ''
      return { ...base, result: `${t.state.phase}${rolled}`, ok: false }
    }
  }
}
