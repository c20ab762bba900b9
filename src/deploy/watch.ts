/**
 * The deployment watch: one DescribeServices now and one every 5 s (ECS read
 * quotas are per account), printing only what changed (and a standing line
 * when nothing did for 30 s), deciding through `evaluate.ts`. On a failure it
 * reports at once: diagnostics (bounded to DIAGNOSTICS_BUDGET_MS) and the
 * action's own rollback run side by side, and the rollback is followed only
 * when asked (`wait-for-rollback`). Time comes from a `Clock` and
 * cancellation from an AbortSignal, so the loop is tested without timers.
 */
import { DescribeServicesCommand, type ECSClient, type Service } from '@aws-sdk/client-ecs'
import type { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs'
import { serviceDeploymentsUrl } from '../aws/console.js'
import { clientRegion, isNotFound, isRetryable } from '../aws/errors.js'
import { awsErrorName, describeAwsError, errorMessage } from '../util/errors.js'
import { formatDuration, type Logger } from '../util/log.js'
import type { Clock } from '../util/time.js'
import {
  collectDiagnostics,
  DIAGNOSTICS_BUDGET_MS,
  type Diagnostics,
  type TaskDefinitionLike
} from './diagnostics.js'
import {
  describeStanding,
  evaluateDeployment,
  initialMemory,
  newLines,
  planRollback,
  runningTaskDefinition,
  snapshotService,
  standingLine,
  type Evaluation,
  type ServiceSnapshot,
  type WatchMemory
} from './evaluate.js'
import { updateService } from './service.js'
import { taskDefinitionRevision } from '../aws/arn.js'

/** One DescribeServices per this many milliseconds, never faster. */
export const POLL_INTERVAL_MS = 5_000
/** A standing line when nothing was printed for this long. */
export const STANDING_EVERY_MS = 30_000

export type WatchOutcome =
  'completed' | 'failed' | 'timeout' | 'superseded' | 'inactive' | 'cancelled'

export interface WatchOptions {
  ecs: ECSClient
  logs: CloudWatchLogsClient
  cluster: string
  service: string
  /** The deployment this run created; undefined = watch whichever is PRIMARY at the first poll. */
  deploymentId?: string | undefined
  /** The task definition it deploys. */
  taskDefinitionArn: string
  /** Its content, for the containers' awslogs configuration in diagnostics. */
  taskDefinition?: TaskDefinitionLike | undefined
  /** The revision the service ran before this run: the manual rollback target. */
  previousTaskDefinitionArn?: string | undefined
  timeoutMs: number
  rollbackOnFailure: boolean
  /** After a failure, follow the rollback until it is steady, fails, or the budget runs out. */
  waitForRollback?: boolean
  clock: Clock
  log: Logger
  signal?: AbortSignal | undefined
  /**
   * Reads the service for a poll instead of a DescribeServices of its own:
   * several services share one call per poll (fleet/batch.ts).
   */
  describe?: ((signal?: AbortSignal) => Promise<Service | undefined>) | undefined
}

/** A rollback started after this run's deployment failed. */
export interface RollbackInfo {
  /** ECS's circuit breaker, or this action (rollback-on-failure). */
  by: 'ecs' | 'action'
  deploymentId: string
  /** The revision it goes back to, when known. */
  taskDefinitionArn?: string
  /** As last seen: `in-progress` unless the watch followed it (wait-for-rollback). */
  state: 'in-progress' | 'completed' | 'failed' | 'timeout' | 'superseded' | 'cancelled'
}

export interface WatchResult {
  outcome: WatchOutcome
  deploymentId: string | undefined
  message: string
  /** A rollback was started (by ECS or by the action); see `rollback`. */
  rolledBack: boolean
  rollback?: RollbackInfo
  /** The revision serving now, when known. */
  runningTaskDefinition?: string
  diagnostics?: Diagnostics
  /** The service's deployments in the AWS console, when the region is known. */
  consoleUrl?: string
  /** DescribeServices calls made. */
  polls: number
  elapsedMs: number
}

export async function watchDeployment(options: WatchOptions): Promise<WatchResult> {
  return new Watch(options).run()
}

interface PhaseEnd {
  /** The last evaluation (a verdict other than `continue`, unless cancelled or out of time). */
  evaluation?: Evaluation
  cancelled: boolean
  timedOut: boolean
}

class Watch {
  private readonly started: number
  private polls = 0
  private lastPollAt: number | undefined
  private lastPrintAt: number
  private memory: WatchMemory = initialMemory()
  private eventsSince: number | undefined
  private baselined = false
  private last: ServiceSnapshot | undefined
  private deploymentId: string | undefined
  private region: string | undefined

  constructor(private readonly o: WatchOptions) {
    this.started = o.clock.now()
    this.lastPrintAt = this.started
    this.deploymentId = o.deploymentId
  }

  async run(): Promise<WatchResult> {
    const { o } = this
    this.region = await clientRegion(o.ecs)
    o.log.info(
      `Watching ${this.deploymentId ? `deployment ${this.deploymentId}` : 'the PRIMARY deployment'} of service ${o.service} (cluster ${o.cluster}) for up to ${formatDuration(o.timeoutMs)}, polling every ${POLL_INTERVAL_MS / 1000}s.`
    )
    const main = await this.phase({
      deadline: this.started + o.timeoutMs,
      timeoutMs: o.timeoutMs,
      target: () => this.deploymentId,
      taskDefinitionArn: o.taskDefinitionArn,
      label: 'new'
    })
    const id = this.deploymentId
    if (main.cancelled) return this.cancelled(main.evaluation)
    const ev = main.evaluation
    if (!ev || main.timedOut || ev.verdict === 'timeout') {
      const standing =
        this.last && id
          ? describeStanding(this.last, id, this.eventsSince)
          : 'no state could be read'
      const diagnostics = id ? await this.diagnose(id) : undefined
      return this.result('timeout', {
        message: `Timed out after ${formatDuration(this.elapsed())} waiting for deployment ${id ?? '(unknown)'} of service ${o.service} (cluster ${o.cluster}); where it stood: ${standing}. The deployment continues in ECS.${this.seeConsole()}`,
        ...(diagnostics ? { diagnostics } : {})
      })
    }
    if (ev.verdict !== 'failed') o.log.info(`${this.prefix()}${ev.reason}`)
    if (ev.verdict === 'completed') {
      return this.result('completed', {
        message: ev.reason,
        runningTaskDefinition: ev.deployment?.taskDefinition ?? o.taskDefinitionArn
      })
    }
    if (ev.verdict === 'superseded') return this.result('superseded', { message: ev.reason })
    if (ev.verdict === 'inactive') {
      const diagnostics = id ? await this.diagnose(id) : undefined
      return this.result('inactive', {
        message: ev.reason,
        ...(diagnostics ? { diagnostics } : {})
      })
    }
    return this.failed(ev)
  }

  /**
   * The deployment failed: report now. Diagnostics and (when it applies) the
   * action's own rollback run side by side; the rollback is followed only
   * with wait-for-rollback.
   */
  private async failed(ev: Evaluation): Promise<WatchResult> {
    const { o } = this
    const id = this.deploymentId as string
    o.log.info(`${this.prefix()}${ev.reason}`)
    const plan = planRollback({
      evaluation: ev,
      snapshot: this.last as ServiceSnapshot,
      deploymentId: id,
      rollbackOnFailure: o.rollbackOnFailure,
      taskDefinitionArn: o.taskDefinitionArn,
      previousTaskDefinitionArn: o.previousTaskDefinitionArn
    })
    if (o.signal?.aborted) return this.cancelled(ev)
    const [diagnostics, own] = await Promise.all([
      this.diagnose(id),
      plan.kind === 'own' ? this.startRollback(plan.taskDefinitionArn) : undefined
    ])
    const withDiagnostics = diagnostics ? { diagnostics } : {}
    const failed = (message: string, extra: { rollback?: RollbackInfo } = {}): WatchResult =>
      this.result('failed', {
        message: `${message}${this.seeConsole()}`,
        ...this.running(),
        ...withDiagnostics,
        ...extra
      })

    let rollback: RollbackInfo | undefined
    if (plan.kind === 'ecs') {
      if (!plan.target) {
        return failed(
          `${ev.cause} ECS's circuit breaker is set to roll back, but no rollback deployment is listed (ECS needs an earlier COMPLETED deployment to go back to).`
        )
      }
      rollback = {
        by: 'ecs',
        deploymentId: plan.target.id,
        ...(plan.target.taskDefinition ? { taskDefinitionArn: plan.target.taskDefinition } : {}),
        state: 'in-progress'
      }
      // ECS can finish a rollback before the watch sees the failure (old tasks kept running).
      if (plan.target.status === 'PRIMARY' && plan.target.rolloutState === 'COMPLETED') {
        const done: RollbackInfo = { ...rollback, state: 'completed' }
        return this.result('failed', {
          message: `${ev.cause} ECS's circuit breaker rolled the service back to ${rollbackName(done)} (deployment ${done.deploymentId}): the previous revision is steady again.`,
          ...(done.taskDefinitionArn ? { runningTaskDefinition: done.taskDefinitionArn } : {}),
          ...withDiagnostics,
          rollback: done
        })
      }
    } else if (plan.kind === 'own') {
      if (!own || 'error' in own) {
        return failed(
          `${ev.cause} The rollback to ${taskDefinitionRevision(plan.taskDefinitionArn)} failed: ${own?.error ?? 'not started'}`
        )
      }
      rollback = {
        by: 'action',
        deploymentId: own.deploymentId,
        taskDefinitionArn: plan.taskDefinitionArn,
        state: 'in-progress'
      }
    } else if (plan.kind === 'superseded') {
      const by = plan.by
        ? `deployment ${plan.by.id}${plan.by.taskDefinition ? ` (${taskDefinitionRevision(plan.by.taskDefinition)})` : ''} is now the service's PRIMARY deployment`
        : "it is no longer the service's PRIMARY deployment"
      const message = `${ev.cause} Not rolled back: ${by} (another run or someone else updated the service since), and rolling back would undo it.`
      o.log.info(`${this.prefix()}${message}`)
      return failed(message)
    } else if (plan.why === 'rollback-on-failure: false') {
      return failed(`${ev.reason} Left as is (rollback-on-failure: false).`)
    } else {
      return failed(`${ev.reason} Not rolled back: ${plan.why}.`)
    }

    const to = rollbackName(rollback)
    if (!o.waitForRollback) {
      const who = rollback.by === 'ecs' ? 'ECS is rolling back' : 'This action is rolling back'
      const message = `${ev.cause} ${who} to ${to} (deployment ${rollback.deploymentId}); it continues after this step.`
      o.log.info(`${this.prefix()}${message.slice(ev.cause.length + 1)}`)
      return failed(message, { rollback })
    }

    o.log.info(
      `${this.prefix()}Following rollback deployment ${rollback.deploymentId} to ${to} (wait-for-rollback: true)…`
    )
    const rollbackId = rollback.deploymentId
    const end = await this.phase({
      deadline: this.started + o.timeoutMs,
      timeoutMs: Math.max(0, this.started + o.timeoutMs - o.clock.now()),
      target: () => rollbackId,
      ...(rollback.taskDefinitionArn ? { taskDefinitionArn: rollback.taskDefinitionArn } : {}),
      label: 'rollback'
    })
    if (end.cancelled) {
      return this.cancelled(end.evaluation ?? ev, {
        ...withDiagnostics,
        rollback: { ...rollback, state: 'cancelled' }
      })
    }
    const after = end.evaluation
    const subject = `The rollback to ${to} (deployment ${rollbackId})`
    if (after?.verdict === 'completed') {
      const who = rollback.by === 'ecs' ? "ECS's circuit breaker rolled" : 'Rolled'
      const message = `${ev.cause} ${who} the service back to ${to} (deployment ${rollbackId}): the previous revision is steady again.`
      const td = after.deployment?.taskDefinition ?? rollback.taskDefinitionArn
      return this.result('failed', {
        message,
        ...(td ? { runningTaskDefinition: td } : this.running()),
        ...withDiagnostics,
        rollback: { ...rollback, state: 'completed' }
      })
    }
    if (after?.verdict === 'failed') {
      return failed(
        `${ev.cause} ${subject} failed too: ${after.cause} The service may have no healthy tasks.`,
        {
          rollback: { ...rollback, state: 'failed' }
        }
      )
    }
    if (after?.verdict === 'superseded' || after?.verdict === 'inactive') {
      return failed(`${ev.cause} ${subject} did not finish: ${after.reason}`, {
        rollback: { ...rollback, state: 'superseded' }
      })
    }
    const standing = after ? ` (${after.standing})` : ''
    return failed(
      `${ev.cause} ${subject} did not finish within wait-for-minutes${standing}; it continues in ECS.`,
      { rollback: { ...rollback, state: 'timeout' } }
    )
  }

  /** The action's own rollback: UpdateService to the previous revision. */
  private async startRollback(
    previous: string
  ): Promise<{ deploymentId: string } | { error: string }> {
    const { o } = this
    o.log.info(
      `${this.prefix()}Rolling back: updating service ${o.service} to ${taskDefinitionRevision(previous)}, the revision it ran before this run.`
    )
    try {
      const updated = await updateService(o.ecs, {
        cluster: o.cluster,
        service: o.service,
        taskDefinitionArn: previous,
        forceNewDeployment: false
      })
      const id =
        updated.deploymentId ?? updated.service.deployments?.find((d) => d.status === 'PRIMARY')?.id
      if (!id) return { error: 'ECS accepted the update but lists no PRIMARY deployment' }
      o.log.info(`${this.prefix()}Started rollback deployment ${id}.`)
      return { deploymentId: id }
    } catch (error) {
      o.log.error(`Rollback failed: ${errorMessage(error)}`)
      return { error: errorMessage(error) }
    }
  }

  /**
   * Polls until a verdict other than `continue`, the phase deadline, or
   * cancellation: one DescribeServices at once, then one per tick.
   */
  private async phase(p: {
    deadline: number
    timeoutMs: number
    target: (s: ServiceSnapshot) => string | undefined
    taskDefinitionArn?: string
    label: string
  }): Promise<PhaseEnd> {
    const { o } = this
    const phaseStart = o.clock.now()
    let last: Evaluation | undefined
    const end = (extra: Partial<PhaseEnd>): PhaseEnd => ({
      cancelled: false,
      timedOut: false,
      ...(last ? { evaluation: last } : {}),
      ...extra
    })
    // A phase after another (following a rollback) keeps the spacing between polls.
    if (this.lastPollAt !== undefined) {
      const wait = this.lastPollAt + POLL_INTERVAL_MS - o.clock.now()
      if (wait > 0) await o.clock.sleep(wait, o.signal)
    }
    for (;;) {
      if (o.signal?.aborted) return end({ cancelled: true })
      const snapshot = await this.poll()
      if (o.signal?.aborted) return end({ cancelled: true })
      if (snapshot) {
        const id = this.resolveTarget(snapshot, p.target)
        if (id) {
          last = evaluateDeployment({
            snapshot,
            deploymentId: id,
            ...(p.taskDefinitionArn ? { taskDefinitionArn: p.taskDefinitionArn } : {}),
            memory: this.memory,
            ...(this.eventsSince !== undefined ? { eventsSince: this.eventsSince } : {}),
            elapsedMs: o.clock.now() - phaseStart,
            timeoutMs: p.timeoutMs,
            label: p.label
          })
          this.memory = last.memory
          this.print(last.lines)
          if (last.verdict !== 'continue') return end({})
          this.standing(snapshot, id, p.label)
        } else {
          const news = newLines({
            snapshot,
            memory: this.memory,
            ...(this.eventsSince !== undefined ? { eventsSince: this.eventsSince } : {})
          })
          this.memory = news.memory
          this.print(news.lines)
        }
      }
      const next = (this.lastPollAt ?? o.clock.now()) + POLL_INTERVAL_MS
      if (next > p.deadline) {
        const wait = p.deadline - o.clock.now()
        if (wait > 0) await o.clock.sleep(wait, o.signal)
        if (o.signal?.aborted) return end({ cancelled: true })
        return end({ timedOut: true })
      }
      const wait = next - o.clock.now()
      if (wait > 0) await o.clock.sleep(wait, o.signal)
    }
  }

  /** The deployment to judge in this snapshot; fixes the events baseline on first sight. */
  private resolveTarget(
    snapshot: ServiceSnapshot,
    target: (s: ServiceSnapshot) => string | undefined
  ): string | undefined {
    if (!this.deploymentId) {
      this.deploymentId = snapshot.deployments.find((d) => d.status === 'PRIMARY')?.id
    }
    if (!this.baselined) {
      this.baselined = true
      const ours = snapshot.deployments.find((d) => d.id === this.deploymentId)
      if (ours?.createdAt !== undefined) {
        // Events of this deployment cannot predate it (ECS stamps both with
        // the same clock, to the millisecond): older ones are history.
        this.eventsSince = ours.createdAt
      } else {
        // No creation time: what is listed now is history.
        const newest = snapshot.events[0]?.createdAt
        this.eventsSince = newest !== undefined ? newest + 1 : this.o.clock.now()
      }
    }
    return target(snapshot)
  }

  /** One DescribeServices; undefined when it failed in a way worth retrying at the next tick. */
  private async poll(): Promise<ServiceSnapshot | undefined> {
    const { o } = this
    this.lastPollAt = o.clock.now()
    this.polls++
    try {
      const found = o.describe
        ? await o.describe(o.signal)
        : (
            await o.ecs.send(
              new DescribeServicesCommand({ cluster: o.cluster, services: [o.service] }),
              o.signal ? { abortSignal: o.signal } : {}
            )
          ).services?.[0]
      const snapshot = snapshotService(found, o.service)
      this.last = snapshot
      return snapshot
    } catch (error) {
      if (o.signal?.aborted) return undefined
      const name = awsErrorName(error)
      if (isNotFound(error, 'cluster')) {
        const snapshot = snapshotService(undefined, o.service)
        this.last = snapshot
        return snapshot
      }
      if (isRetryable(error)) {
        o.log.warning(
          `${this.prefix()}DescribeServices failed (${name ?? 'Error'}: ${errorMessage(error)}); trying again at the next poll.`
        )
        return undefined
      }
      throw describeAwsError(
        `DescribeServices (service ${o.service} in cluster ${o.cluster})`,
        error,
        this.region
      )
    }
  }

  /** Nothing printed for STANDING_EVERY_MS: one line with where things stand. */
  private standing(snapshot: ServiceSnapshot, id: string, label: string): void {
    const now = this.o.clock.now()
    if (now - this.lastPrintAt < STANDING_EVERY_MS) return
    this.print([standingLine(snapshot, id, this.elapsed(), label)])
  }

  /**
   * Stopped tasks, log tails and events, collected within DIAGNOSTICS_BUDGET_MS
   * (calls still running then are abandoned). The caller prints them, after
   * the watch's log group, so they are seen without expanding it.
   */
  private async diagnose(id: string): Promise<Diagnostics | undefined> {
    const { o } = this
    const budget = new AbortController()
    let timer: NodeJS.Timeout | undefined
    // The SDK honours the abort; the race also bounds a client that would not.
    const late = new Promise<'late'>((resolve) => {
      timer = setTimeout(() => {
        budget.abort()
        // Let the aborted calls settle into partial diagnostics first.
        setTimeout(() => resolve('late'), 200).unref()
      }, DIAGNOSTICS_BUDGET_MS)
      timer.unref()
    })
    try {
      const collected = await Promise.race([
        collectDiagnostics({
          ecs: o.ecs,
          logs: o.logs,
          cluster: o.cluster,
          service: o.service,
          deploymentId: id,
          taskDefinition: o.taskDefinition,
          events: this.last?.events ?? [],
          log: o.log,
          signal: o.signal ? AbortSignal.any([budget.signal, o.signal]) : budget.signal
        }),
        late
      ])
      if (collected === 'late') {
        o.log.warning(
          `Diagnostics: not collected within ${DIAGNOSTICS_BUDGET_MS / 1000} s; skipped so the failure is reported now.`
        )
        return undefined
      }
      return collected
    } catch (error) {
      o.log.warning(`Could not collect diagnostics: ${errorMessage(error)}`)
      return undefined
    } finally {
      clearTimeout(timer)
    }
  }

  /** ` Service deployments: <console URL>.` when the region is known. */
  private seeConsole(): string {
    const url = this.consoleUrl()
    return url ? ` Service deployments: ${url}` : ''
  }

  private consoleUrl(): string | undefined {
    return this.region
      ? serviceDeploymentsUrl(this.region, this.o.cluster, this.o.service)
      : undefined
  }

  private cancelled(
    ev: Evaluation | undefined,
    extra: { diagnostics?: Diagnostics; rollback?: RollbackInfo } = {}
  ): WatchResult {
    const { o } = this
    const id = this.deploymentId
    const standing =
      this.last && id ? describeStanding(this.last, id, this.eventsSince) : ev?.standing
    const message = `Cancelled: stopped watching deployment ${id ?? '(unknown)'} of service ${o.service} after ${formatDuration(this.elapsed())}. It keeps going in ECS${standing ? `; where it stands: ${standing}` : ''}.`
    o.log.info(`${this.prefix()}${message}`)
    return this.result('cancelled', { message, ...this.running(), ...extra })
  }

  private running(): { runningTaskDefinition?: string } {
    const td = this.last ? runningTaskDefinition(this.last) : undefined
    return td ? { runningTaskDefinition: td } : {}
  }

  private result(
    outcome: WatchOutcome,
    r: {
      message: string
      rollback?: RollbackInfo
      runningTaskDefinition?: string
      diagnostics?: Diagnostics
    }
  ): WatchResult {
    const consoleUrl = this.consoleUrl()
    return {
      outcome,
      deploymentId: this.deploymentId,
      message: r.message,
      rolledBack: r.rollback !== undefined,
      ...(r.rollback ? { rollback: r.rollback } : {}),
      ...(r.runningTaskDefinition ? { runningTaskDefinition: r.runningTaskDefinition } : {}),
      ...(r.diagnostics ? { diagnostics: r.diagnostics } : {}),
      ...(consoleUrl ? { consoleUrl } : {}),
      polls: this.polls,
      elapsedMs: this.elapsed()
    }
  }

  private print(lines: string[]): void {
    const prefix = this.prefix()
    for (const line of lines) this.o.log.info(`${prefix}${line}`)
    if (lines.length > 0) this.lastPrintAt = this.o.clock.now()
  }

  private elapsed(): number {
    return this.o.clock.now() - this.started
  }

  private prefix(): string {
    return `[${formatElapsed(this.elapsed())}] `
  }
}

/** `web:41`, or `the previous revision` when ECS did not say. */
function rollbackName(r: RollbackInfo): string {
  return r.taskDefinitionArn ? taskDefinitionRevision(r.taskDefinitionArn) : 'the previous revision'
}

/** `0:42`, `12:05`, `1:02:03` */
export function formatElapsed(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000))
  const h = Math.floor(total / 3600)
  const m = Math.floor((total % 3600) / 60)
  const s = String(total % 60).padStart(2, '0')
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`
}
