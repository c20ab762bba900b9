/**
 * The deployment watch: one DescribeServices now and one every 5 s (ECS read
 * quotas are per account), printing only what changed, deciding through
 * `evaluate.ts`, and on failure collecting diagnostics and rolling back as
 * configured. Time comes from a `Clock` and cancellation from an AbortSignal,
 * so the loop is tested without timers.
 */
import { DescribeServicesCommand, type ECSClient } from '@aws-sdk/client-ecs'
import type { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs'
import { awsErrorName, describeAwsError, errorMessage } from '../util/errors.js'
import { formatDuration, type Logger } from '../util/log.js'
import type { Clock } from '../util/time.js'
import {
  collectDiagnostics,
  formatDiagnostics,
  type Diagnostics,
  type TaskDefinitionLike
} from './diagnostics.js'
import {
  describeStanding,
  evaluateDeployment,
  initialMemory,
  newLines,
  runningTaskDefinition,
  snapshotService,
  taskDefinitionName,
  type Evaluation,
  type ServiceSnapshot,
  type WatchMemory
} from './evaluate.js'
import { clientRegion, updateService } from './service.js'

/** One DescribeServices per this many milliseconds, never faster. */
export const POLL_INTERVAL_MS = 5_000
/** Bounds for following a rollback: at least this long, even when the budget is spent… */
export const ROLLBACK_MIN_MS = 3 * 60_000
/** …and at most this long. */
export const ROLLBACK_MAX_MS = 10 * 60_000

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
  clock: Clock
  log: Logger
  signal?: AbortSignal | undefined
}

export interface WatchResult {
  outcome: WatchOutcome
  deploymentId: string | undefined
  message: string
  rolledBack: boolean
  /** The revision serving now, when known. */
  runningTaskDefinition?: string
  diagnostics?: Diagnostics
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
  private memory: WatchMemory = initialMemory()
  private eventsSince: number | undefined
  private baselined = false
  private last: ServiceSnapshot | undefined
  private deploymentId: string | undefined
  private region: string | undefined

  constructor(private readonly o: WatchOptions) {
    this.started = o.clock.now()
    this.deploymentId = o.deploymentId
  }

  async run(): Promise<WatchResult> {
    const { o } = this
    this.region = await clientRegion(o.ecs)
    o.log.info(
      `Watching ${this.deploymentId ? `deployment ${this.deploymentId}` : 'the PRIMARY deployment'} of service ${o.service} (cluster ${o.cluster}) for up to ${formatDuration(o.timeoutMs)}, polling every ${POLL_INTERVAL_MS / 1000}s.`
    )
    const deadline = this.started + o.timeoutMs
    const main = await this.phase({
      deadline,
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
        message: `Timed out after ${formatDuration(this.elapsed())} waiting for deployment ${id ?? '(unknown)'} of service ${o.service} (cluster ${o.cluster}); where it stood: ${standing}. The deployment continues in ECS.`,
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
    if (ev.verdict === 'superseded' || ev.verdict === 'inactive') {
      return this.result(ev.verdict, { message: ev.reason })
    }
    return this.failed(ev)
  }

  /** The deployment failed: diagnostics, then follow ECS's rollback, roll back ourselves, or leave it. */
  private async failed(ev: Evaluation): Promise<WatchResult> {
    const { o } = this
    const id = this.deploymentId as string
    o.log.info(`${this.prefix()}${ev.reason}`)
    const diagnostics = await this.diagnose(id)
    const withDiagnostics = diagnostics ? { diagnostics } : {}
    const budget = this.rollbackBudget()

    if (ev.rollingBack) {
      o.log.info(`${this.prefix()}Following ECS's rollback for up to ${formatDuration(budget)}…`)
      const end = await this.phase({
        deadline: o.clock.now() + budget,
        timeoutMs: budget,
        target: (s) => s.deployments.find((d) => d.status === 'PRIMARY' && d.id !== id)?.id,
        label: 'rollback',
        // ECS may have finished the rollback by the poll that showed the failure.
        first: this.last
      })
      return this.afterRollback(ev, end, withDiagnostics, "ECS's circuit breaker rolled")
    }

    if (!o.rollbackOnFailure) {
      return this.result('failed', {
        message: `${ev.reason} Left as is (rollback-on-failure: false).`,
        ...this.running(),
        ...withDiagnostics
      })
    }
    const previous = o.previousTaskDefinitionArn
    if (!previous || previous === o.taskDefinitionArn) {
      const why = previous
        ? `the service ran ${taskDefinitionName(previous)} before too`
        : 'the revision the service ran before is unknown'
      return this.result('failed', {
        message: `${ev.reason} Not rolled back: ${why}.`,
        ...this.running(),
        ...withDiagnostics
      })
    }
    if (o.signal?.aborted) return this.cancelled(ev, withDiagnostics)
    o.log.info(
      `${this.prefix()}Rolling back: updating service ${o.service} to ${taskDefinitionName(previous)}, the revision it ran before this run.`
    )
    let rollbackId: string | undefined
    try {
      const updated = await updateService(o.ecs, {
        cluster: o.cluster,
        service: o.service,
        taskDefinitionArn: previous,
        forceNewDeployment: false
      })
      rollbackId =
        updated.deploymentId ?? updated.service.deployments?.find((d) => d.status === 'PRIMARY')?.id
    } catch (error) {
      o.log.error(`Rollback failed: ${errorMessage(error)}`)
      return this.result('failed', {
        message: `${ev.reason} The rollback to ${taskDefinitionName(previous)} failed: ${errorMessage(error)}`,
        ...this.running(),
        ...withDiagnostics
      })
    }
    o.log.info(`${this.prefix()}Started rollback deployment ${rollbackId ?? '(unknown)'}.`)
    const end = await this.phase({
      deadline: o.clock.now() + budget,
      timeoutMs: budget,
      target: () => rollbackId,
      taskDefinitionArn: previous,
      label: 'rollback'
    })
    return this.afterRollback(ev, end, withDiagnostics, 'Rolled')
  }

  private afterRollback(
    failure: Evaluation,
    end: PhaseEnd,
    withDiagnostics: { diagnostics?: Diagnostics },
    who: string
  ): WatchResult {
    if (end.cancelled) return this.cancelled(end.evaluation ?? failure, withDiagnostics)
    const ev = end.evaluation
    if (ev?.verdict === 'completed') {
      const td = ev.deployment?.taskDefinition
      return this.result('failed', {
        message: `${failure.cause} ${who} the service back to ${td ? taskDefinitionName(td) : 'the previous revision'} (deployment ${ev.deployment?.id ?? '?'}); it is stable again.`,
        rolledBack: true,
        ...(td ? { runningTaskDefinition: td } : this.running()),
        ...withDiagnostics
      })
    }
    let what: string
    if (!ev || end.timedOut || ev.verdict === 'timeout') {
      what = `the rollback did not become stable in time${ev ? ` (${ev.standing})` : ''}; it continues in ECS`
    } else if (ev.verdict === 'continue') {
      what = 'the rollback did not finish'
    } else {
      what = `the rollback did not complete: ${ev.reason}`
    }
    return this.result('failed', {
      message: `${failure.reason} ${what[0]!.toUpperCase()}${what.slice(1)}.`,
      ...this.running(),
      ...withDiagnostics
    })
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
    /** A snapshot already in hand (the one that showed the failure), judged before polling. */
    first?: ServiceSnapshot | undefined
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
    let inHand = p.first
    // A phase after another (following a rollback) keeps the spacing between polls.
    if (!inHand && this.lastPollAt !== undefined) {
      const wait = this.lastPollAt + POLL_INTERVAL_MS - o.clock.now()
      if (wait > 0) await o.clock.sleep(wait, o.signal)
    }
    for (;;) {
      if (o.signal?.aborted) return end({ cancelled: true })
      const snapshot = inHand ?? (await this.poll())
      inHand = undefined
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
      const out = await o.ecs.send(
        new DescribeServicesCommand({ cluster: o.cluster, services: [o.service] }),
        o.signal ? { abortSignal: o.signal } : {}
      )
      const snapshot = snapshotService(out.services?.[0], o.service)
      this.last = snapshot
      return snapshot
    } catch (error) {
      if (o.signal?.aborted) return undefined
      const name = awsErrorName(error)
      if (name === 'ClusterNotFoundException') {
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

  private async diagnose(id: string): Promise<Diagnostics | undefined> {
    const { o } = this
    try {
      const diagnostics = await collectDiagnostics({
        ecs: o.ecs,
        logs: o.logs,
        cluster: o.cluster,
        service: o.service,
        deploymentId: id,
        taskDefinition: o.taskDefinition,
        events: this.last?.events ?? [],
        log: o.log
      })
      for (const line of formatDiagnostics(diagnostics)) o.log.info(line)
      return diagnostics
    } catch (error) {
      o.log.warning(`Could not collect diagnostics: ${errorMessage(error)}`)
      return undefined
    }
  }

  private cancelled(
    ev: Evaluation | undefined,
    extra: { diagnostics?: Diagnostics } = {}
  ): WatchResult {
    const { o } = this
    const id = this.deploymentId
    const standing =
      this.last && id ? describeStanding(this.last, id, this.eventsSince) : ev?.standing
    const message = `Cancelled: stopped watching deployment ${id ?? '(unknown)'} of service ${o.service} after ${formatDuration(this.elapsed())}. It keeps going in ECS${standing ? `; where it stands: ${standing}` : ''}.`
    o.log.info(`${this.prefix()}${message}`)
    return this.result('cancelled', { message, ...this.running(), ...extra })
  }

  private rollbackBudget(): number {
    const remaining = this.started + this.o.timeoutMs - this.o.clock.now()
    return Math.min(ROLLBACK_MAX_MS, Math.max(ROLLBACK_MIN_MS, remaining))
  }

  private running(): { runningTaskDefinition?: string } {
    const td = this.last ? runningTaskDefinition(this.last) : undefined
    return td ? { runningTaskDefinition: td } : {}
  }

  private result(
    outcome: WatchOutcome,
    r: {
      message: string
      rolledBack?: boolean
      runningTaskDefinition?: string
      diagnostics?: Diagnostics
    }
  ): WatchResult {
    return {
      outcome,
      deploymentId: this.deploymentId,
      message: r.message,
      rolledBack: r.rolledBack ?? false,
      ...(r.runningTaskDefinition ? { runningTaskDefinition: r.runningTaskDefinition } : {}),
      ...(r.diagnostics ? { diagnostics: r.diagnostics } : {}),
      polls: this.polls,
      elapsedMs: this.elapsed()
    }
  }

  private print(lines: string[]): void {
    const prefix = this.prefix()
    for (const line of lines) this.o.log.info(`${prefix}${line}`)
  }

  private elapsed(): number {
    return this.o.clock.now() - this.started
  }

  private prefix(): string {
    return `[${formatElapsed(this.elapsed())}] `
  }
}

/** `0:42`, `12:05`, `1:02:03` */
export function formatElapsed(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000))
  const h = Math.floor(total / 3600)
  const m = Math.floor((total % 3600) / 60)
  const s = String(total % 60).padStart(2, '0')
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`
}

const RETRYABLE = new Set([
  'ThrottlingException',
  'Throttling',
  'ThrottledException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'RequestThrottled',
  'RequestThrottledException',
  'LimitExceededException',
  'ServerException',
  'ServiceUnavailable',
  'ServiceUnavailableException',
  'InternalFailure',
  'TimeoutError',
  'RequestTimeout',
  'RequestTimeoutException'
])
const NETWORK_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN'
])

/** Throttling and transient errors that survived the SDK's own retries: try again at the next tick. */
export function isRetryable(error: unknown): boolean {
  const name = awsErrorName(error)
  if (name && RETRYABLE.has(name)) return true
  if (error && typeof error === 'object') {
    const e = error as { code?: unknown; $metadata?: { httpStatusCode?: unknown } }
    if (typeof e.code === 'string' && NETWORK_CODES.has(e.code)) return true
    const status = e.$metadata?.httpStatusCode
    if (typeof status === 'number' && (status === 429 || status >= 500)) return true
  }
  return false
}
