/**
 * The deployment watch's decisions, as pure functions over plain data: what to
 * print after each DescribeServices, and whether the deployment this run
 * created is still going, complete, failed, superseded by another one, gone,
 * or out of time. No I/O here; `watch.ts` polls and acts on the verdict.
 */
import type { Service } from '@aws-sdk/client-ecs'
import { taskDefinitionRevision } from '../aws/arn.js'

export interface DeploymentSnapshot {
  id: string
  /** PRIMARY | ACTIVE | INACTIVE (anything else is kept as ECS sent it). */
  status: string
  taskDefinition?: string
  desiredCount: number
  runningCount: number
  pendingCount: number
  /** Consecutive failed tasks (ECS resets it once tasks run). */
  failedTasks: number
  /** IN_PROGRESS | COMPLETED | FAILED; absent where ECS does not report it. */
  rolloutState?: string | undefined
  rolloutStateReason?: string | undefined
  /** Epoch milliseconds. */
  createdAt?: number
}

export interface EventSnapshot {
  id: string
  /** Epoch milliseconds. */
  createdAt?: number
  message: string
}

export interface CircuitBreakerSnapshot {
  enable: boolean
  rollback: boolean
  threshold?: { type?: string; value?: number }
}

export interface ServiceSnapshot {
  name: string
  /** ACTIVE | DRAINING | INACTIVE, or MISSING when DescribeServices did not find it. */
  status: string
  desiredCount: number
  runningCount: number
  pendingCount: number
  taskDefinition?: string
  deployments: DeploymentSnapshot[]
  /** Newest first, as ECS lists them. */
  events: EventSnapshot[]
  circuitBreaker?: CircuitBreakerSnapshot | undefined
}

/** Turns a DescribeServices result into a snapshot; `undefined` means the service was not found. */
export function snapshotService(service: Service | undefined, name: string): ServiceSnapshot {
  if (!service) {
    return {
      name,
      status: 'MISSING',
      desiredCount: 0,
      runningCount: 0,
      pendingCount: 0,
      deployments: [],
      events: []
    }
  }
  const breaker = service.deploymentConfiguration?.deploymentCircuitBreaker
  const threshold = breaker?.thresholdConfiguration
  return {
    name: service.serviceName ?? name,
    status: service.status ?? 'ACTIVE',
    desiredCount: service.desiredCount ?? 0,
    runningCount: service.runningCount ?? 0,
    pendingCount: service.pendingCount ?? 0,
    ...(service.taskDefinition ? { taskDefinition: service.taskDefinition } : {}),
    deployments: (service.deployments ?? []).map((d, i) => ({
      id: d.id ?? `deployment-${i}`,
      status: d.status ?? 'UNKNOWN',
      ...(d.taskDefinition ? { taskDefinition: d.taskDefinition } : {}),
      desiredCount: d.desiredCount ?? 0,
      runningCount: d.runningCount ?? 0,
      pendingCount: d.pendingCount ?? 0,
      failedTasks: d.failedTasks ?? 0,
      ...(d.rolloutState ? { rolloutState: d.rolloutState } : {}),
      ...(d.rolloutStateReason ? { rolloutStateReason: d.rolloutStateReason } : {}),
      ...(d.createdAt ? { createdAt: d.createdAt.getTime() } : {})
    })),
    events: (service.events ?? []).map((e, i) => ({
      id: e.id ?? `${e.createdAt?.getTime() ?? i}:${e.message ?? ''}`,
      ...(e.createdAt ? { createdAt: e.createdAt.getTime() } : {}),
      message: e.message ?? ''
    })),
    ...(breaker
      ? {
          circuitBreaker: {
            enable: breaker.enable === true,
            rollback: breaker.rollback === true,
            ...(threshold
              ? {
                  threshold: {
                    ...(threshold.type ? { type: threshold.type } : {}),
                    ...(threshold.value !== undefined ? { value: threshold.value } : {})
                  }
                }
              : {})
          }
        }
      : {})
  }
}

/**
 * The number of consecutive failed tasks at which ECS's deployment circuit
 * breaker fails a deployment: ceil(50% of the desired count) clamped to
 * 3..200, unless a threshold configuration says otherwise.
 */
export function failureThreshold(
  desiredCount: number,
  threshold?: { type?: string; value?: number }
): number {
  const value = threshold?.value ?? 50
  switch (threshold?.type) {
    case 'COUNT':
      return Math.max(1, Math.round(value))
    case 'UNBOUNDED_PERCENT':
      return Math.max(1, Math.ceil((desiredCount * value) / 100))
    default:
      return Math.min(200, Math.max(3, Math.ceil((desiredCount * value) / 100)))
  }
}

/** What the watch remembers between polls, so each thing is printed once. */
export interface WatchMemory {
  readonly seenEvents: ReadonlySet<string>
  readonly countsLine?: string
  /** Last printed rollout state per deployment id. */
  readonly rollouts: Readonly<Record<string, string>>
}

export function initialMemory(): WatchMemory {
  return { seenEvents: new Set(), rollouts: {} }
}

export type Verdict = 'continue' | 'completed' | 'failed' | 'superseded' | 'inactive' | 'timeout'

export interface EvaluateInput {
  snapshot: ServiceSnapshot
  /** The deployment this run watches. */
  deploymentId: string
  /** The task definition it deploys. */
  taskDefinitionArn?: string
  memory: WatchMemory
  /** Events older than this (epoch ms) are history: remembered, never printed nor judged. */
  eventsSince?: number
  elapsedMs: number
  timeoutMs: number
  /** How the counts line names the watched deployment; `new` unless following a rollback. */
  label?: string
}

export interface Evaluation {
  verdict: Verdict
  /** One or two sentences for the final message; empty while the verdict is `continue`. */
  reason: string
  /** For `failed`: why, without what ECS does about it (the rollback note). Otherwise the reason. */
  cause: string
  /** New lines to print, oldest first. */
  lines: string[]
  memory: WatchMemory
  /** ECS's circuit breaker is rolling (or about to roll) the service back to an older deployment. */
  rollingBack: boolean
  /** The deployment ECS rolls back to, when known. */
  rollbackTarget?: DeploymentSnapshot
  /** The watched deployment as last seen. */
  deployment?: DeploymentSnapshot
  /** Where the deployment stands, for timeout and cancellation messages. */
  standing: string
}

const FAILED_EVENT = /\(deployment (\S+?)\) deployment failed/
const ROLLBACK_EVENT = /rolling back to deployment (?:id )?(ecs-svc\/\d+|\S+?)\.?$/i

export function evaluateDeployment(input: EvaluateInput): Evaluation {
  const { snapshot, deploymentId: id, eventsSince } = input
  const news = newLines(input)
  const base = { lines: news.lines, memory: news.memory }
  const deployment = snapshot.deployments.find((d) => d.id === id)
  const standing = describeStanding(snapshot, id, eventsSince)
  const common = { ...base, standing, ...(deployment ? { deployment } : {}) }

  if (snapshot.status !== 'ACTIVE') {
    const reason =
      snapshot.status === 'MISSING'
        ? `Service ${snapshot.name} no longer exists (DescribeServices reports it MISSING); deployment ${id} was abandoned.`
        : `Service ${snapshot.name} became ${snapshot.status} while deployment ${id} was in progress: it ${snapshot.status === 'DRAINING' ? 'is being' : 'was'} deleted.`
    return { ...common, verdict: 'inactive', reason, cause: reason, rollingBack: false }
  }

  const primary = snapshot.deployments.find((d) => d.status === 'PRIMARY')
  const recent = snapshot.events.filter(
    (e) => eventsSince === undefined || e.createdAt === undefined || e.createdAt >= eventsSince
  )
  const failedEvent = recent.find((e) => FAILED_EVENT.exec(e.message)?.[1] === id)
  const rollbackEvent = recent.find((e) => {
    const target = ROLLBACK_EVENT.exec(e.message)?.[1]
    return target !== undefined && target !== id
  })
  const other = primary && primary.id !== id ? primary : undefined
  const primaryRollingBack =
    other !== undefined && /rolling back/i.test(other.rolloutStateReason ?? '')
  const breaker = snapshot.circuitBreaker

  // 1. ECS says it failed, or its circuit breaker is rolling back.
  const isPrimary = deployment?.status === 'PRIMARY'
  if (deployment?.rolloutState === 'FAILED' || failedEvent || primaryRollingBack) {
    const evidence = primaryRollingBack || rollbackEvent !== undefined
    const rollingBack =
      evidence || (breaker?.enable === true && breaker.rollback && deployment !== undefined)
    let reason = `Deployment ${id} failed: ${
      deployment?.rolloutStateReason && deployment.rolloutState === 'FAILED'
        ? deployment.rolloutStateReason
        : failedEvent
          ? stripServicePrefix(failedEvent.message)
          : 'ECS marked the rollout FAILED'
    }`
    if (!reason.endsWith('.')) reason += '.'
    const cause = reason
    const target = other ?? findRollbackTarget(snapshot, rollbackEvent, id)
    if (rollingBack) {
      reason += ` ECS's circuit breaker is rolling back${
        target ? ` to deployment ${target.id}${tdSuffix(target.taskDefinition)}` : ''
      }.`
    }
    return {
      ...common,
      verdict: 'failed',
      reason,
      cause,
      rollingBack,
      ...(rollingBack && target ? { rollbackTarget: target } : {})
    }
  }

  // 2. Someone else's deployment took over.
  if (!isPrimary) {
    const reason = other
      ? `Deployment ${id} was superseded by deployment ${other.id}${tdSuffix(other.taskDefinition)}: another run (or someone else) updated service ${snapshot.name} concurrently and took over. Not reporting that deployment's result as this run's.`
      : `Deployment ${id} is no longer ${deployment ? 'PRIMARY' : 'listed'} on service ${snapshot.name}, and no other deployment is PRIMARY; another change to the service took over.`
    return { ...common, verdict: 'superseded', reason, cause: reason, rollingBack: false }
  }
  const ours = deployment

  // 3. Without a circuit breaker: fail where ECS's breaker would have.
  if (breaker?.enable !== true) {
    const threshold = failureThreshold(ours.desiredCount, breaker?.threshold)
    if (ours.failedTasks >= threshold) {
      const reason = `Deployment ${id} failed: ${ours.failedTasks} tasks failed in a row, the threshold ECS's deployment circuit breaker would use for a desired count of ${ours.desiredCount} (${threshold}). The service has no circuit breaker, so ECS would keep retrying.`
      return { ...common, verdict: 'failed', reason, cause: reason, rollingBack: false }
    }
  }

  // 4. Complete.
  const others = snapshot.deployments.filter((d) => d.id !== id)
  const completed =
    ours.rolloutState === 'COMPLETED' ||
    (ours.rolloutState === undefined &&
      ours.runningCount === ours.desiredCount &&
      ours.pendingCount === 0 &&
      others.every((d) => d.runningCount === 0 && d.pendingCount === 0))
  if (completed) {
    const reason = `Deployment ${id} completed: ${ours.runningCount}/${ours.desiredCount} tasks running${tdSuffix(ours.taskDefinition ?? input.taskDefinitionArn)}.`
    return { ...common, verdict: 'completed', reason, cause: reason, rollingBack: false }
  }

  // 5. Out of time.
  if (input.elapsedMs >= input.timeoutMs) {
    const reason = `Timed out waiting for deployment ${id} of service ${snapshot.name}; where it stood: ${standing}.`
    return { ...common, verdict: 'timeout', reason, cause: reason, rollingBack: false }
  }
  return { ...common, verdict: 'continue', reason: '', cause: '', rollingBack: false }
}

/**
 * The lines that are new since `memory`: each new event once (oldest first,
 * with its time), the rollout state of the watched deployment (and of a
 * rollback PRIMARY) when it changes, and the counts line when counts move.
 */
export function newLines(input: {
  snapshot: ServiceSnapshot
  deploymentId?: string
  memory: WatchMemory
  eventsSince?: number
  label?: string
}): { lines: string[]; memory: WatchMemory } {
  const { snapshot, memory, eventsSince } = input
  const lines: string[] = []
  const seen = new Set(memory.seenEvents)
  for (const event of [...snapshot.events].reverse()) {
    if (seen.has(event.id)) continue
    seen.add(event.id)
    const old =
      eventsSince !== undefined && event.createdAt !== undefined && event.createdAt < eventsSince
    if (!old) lines.push(`${formatClock(event.createdAt)} ${event.message}`)
  }

  const rollouts = { ...memory.rollouts }
  const id = input.deploymentId
  const watched = snapshot.deployments.find((d) => d.id === id)
  const primary = snapshot.deployments.find((d) => d.status === 'PRIMARY')
  for (const d of [watched, primary !== watched ? primary : undefined]) {
    if (!d?.rolloutState) continue
    const state = `${d.rolloutState}${d.rolloutStateReason ? `: ${d.rolloutStateReason}` : ''}`
    if (rollouts[d.id] === state) continue
    rollouts[d.id] = state
    lines.push(`rollout ${d.id} ${state}`)
  }

  let countsLine = memory.countsLine
  const counts = countsText(snapshot, id, input.label ?? 'new')
  if (counts && counts !== memory.countsLine) {
    lines.push(counts)
    countsLine = counts
  }
  return {
    lines,
    memory: { seenEvents: seen, rollouts, ...(countsLine !== undefined ? { countsLine } : {}) }
  }
}

/** `new ecs-svc/…4321 2/3 running, 1 pending · old 1 running` */
export function countsText(
  snapshot: ServiceSnapshot,
  deploymentId: string | undefined,
  label = 'new'
): string | undefined {
  const watched = snapshot.deployments.find((d) => d.id === deploymentId)
  const others = snapshot.deployments.filter((d) => d !== watched)
  const parts: string[] = []
  if (watched) {
    let text = `${label} ${shortId(watched.id)} ${watched.runningCount}/${watched.desiredCount} running`
    if (watched.pendingCount > 0) text += `, ${watched.pendingCount} pending`
    if (watched.failedTasks > 0) text += `, ${watched.failedTasks} failed`
    parts.push(text)
  }
  for (const d of others) {
    const role = d.status === 'PRIMARY' ? 'primary' : d.rolloutState === 'FAILED' ? 'failed' : 'old'
    const name = others.length > 1 || !watched || role !== 'old' ? ` ${shortId(d.id)}` : ''
    let text = `${role}${name} ${d.runningCount} running`
    if (d.pendingCount > 0) text += `, ${d.pendingCount} pending`
    if (d.failedTasks > 0) text += `, ${d.failedTasks} failed`
    parts.push(text)
  }
  return parts.length > 0 ? parts.join(' · ') : undefined
}

/**
 * `1/3 running, 2 pending, 4 failed, rollout IN_PROGRESS; last event 12:03:04 (service web) …`,
 * for the middle of a sentence (no closing period). The last event is named only when it is
 * not older than `eventsSince` (history, e.g. the previous deployment's steady state).
 */
export function describeStanding(
  snapshot: ServiceSnapshot,
  deploymentId: string,
  eventsSince?: number
): string {
  const d = snapshot.deployments.find((x) => x.id === deploymentId)
  const parts: string[] = []
  if (!d) {
    const primary = snapshot.deployments.find((x) => x.status === 'PRIMARY')
    parts.push(
      `deployment ${deploymentId} is not listed${primary ? `; PRIMARY is ${primary.id}${tdSuffix(primary.taskDefinition)}` : ''}`
    )
  } else {
    let text = `${d.runningCount}/${d.desiredCount} running, ${d.pendingCount} pending`
    if (d.failedTasks > 0) text += `, ${d.failedTasks} failed`
    text += `, rollout ${d.rolloutState ?? 'not reported'}`
    if (d.rolloutStateReason) text += ` (${withoutPeriod(d.rolloutStateReason)})`
    const olds = snapshot.deployments.filter((x) => x !== d)
    const oldRunning = olds.reduce((n, x) => n + x.runningCount, 0)
    if (olds.length > 0) text += `; older deployments still running ${oldRunning} tasks`
    parts.push(text)
  }
  const last = snapshot.events[0]
  const history =
    eventsSince !== undefined && last?.createdAt !== undefined && last.createdAt < eventsSince
  if (last && !history) {
    parts.push(`last event ${formatClock(last.createdAt)} ${withoutPeriod(last.message)}`)
  }
  return parts.join('; ')
}

function withoutPeriod(text: string): string {
  return text.replace(/\.+$/, '')
}

/** The revision serving now: the deployment with the most running tasks (PRIMARY on a tie). */
export function runningTaskDefinition(snapshot: ServiceSnapshot): string | undefined {
  let best: DeploymentSnapshot | undefined
  for (const d of snapshot.deployments) {
    if (d.runningCount === 0) continue
    if (
      !best ||
      d.runningCount > best.runningCount ||
      (d.runningCount === best.runningCount && d.status === 'PRIMARY')
    ) {
      best = d
    }
  }
  return best?.taskDefinition
}

/** `ecs-svc/…4321` */
export function shortId(id: string): string {
  const m = /^(ecs-svc\/)(\d{5,})$/.exec(id)
  return m ? `${m[1]}…${m[2]!.slice(-4)}` : id
}

/** `12:03:04` (UTC), or `--:--:--` when unknown. */
export function formatClock(epochMs: number | undefined): string {
  if (epochMs === undefined || !Number.isFinite(epochMs)) return '--:--:--'
  return new Date(epochMs).toISOString().slice(11, 19)
}

function tdSuffix(arn: string | undefined): string {
  return arn ? ` (${taskDefinitionRevision(arn)})` : ''
}

/** `(service web) (deployment ecs-svc/1) deployment failed: tasks failed to start.` -> `tasks failed to start.` */
function stripServicePrefix(message: string): string {
  return message
    .replace(/^\(service [^)]*\)\s*/, '')
    .replace(/^service \S+\s+/, '')
    .replace(/^\(deployment [^)]*\)\s*deployment failed:\s*/, '')
}

function findRollbackTarget(
  snapshot: ServiceSnapshot,
  event: EventSnapshot | undefined,
  id: string
): DeploymentSnapshot | undefined {
  const targetId = event ? ROLLBACK_EVENT.exec(event.message)?.[1] : undefined
  return snapshot.deployments.find((d) => d.id === targetId && d.id !== id)
}

/** What happens to the service after this run's deployment failed. */
export type RollbackPlan =
  /** ECS's circuit breaker is rolling back (to `target`, when the snapshot names it). */
  | { kind: 'ecs'; target?: DeploymentSnapshot }
  /** This action rolls back: UpdateService to `taskDefinitionArn`. */
  | { kind: 'own'; taskDefinitionArn: string }
  /** Another deployment is PRIMARY now: rolling back would undo it. */
  | { kind: 'superseded'; by?: DeploymentSnapshot }
  /** Nothing rolls back; `why` completes "Not rolled back: …" (or "Left as is …"). */
  | { kind: 'none'; why: string }

/**
 * Who rolls back after a failure, decided on the snapshot that showed it. The
 * action rolls back only when ECS does not, it may (rollback-on-failure), it
 * knows a different previous revision, and this run's deployment is still the
 * service's PRIMARY one: when another run (or a person) has deployed since,
 * going back would undo their deployment.
 */
export function planRollback(input: {
  evaluation: Evaluation
  snapshot: ServiceSnapshot
  deploymentId: string
  rollbackOnFailure: boolean
  taskDefinitionArn: string
  previousTaskDefinitionArn?: string | undefined
}): RollbackPlan {
  const { evaluation: ev, snapshot, deploymentId } = input
  if (ev.rollingBack)
    return { kind: 'ecs', ...(ev.rollbackTarget ? { target: ev.rollbackTarget } : {}) }
  if (!input.rollbackOnFailure) return { kind: 'none', why: 'rollback-on-failure: false' }
  const previous = input.previousTaskDefinitionArn
  if (!previous) return { kind: 'none', why: 'the revision the service ran before is unknown' }
  if (previous === input.taskDefinitionArn) {
    return { kind: 'none', why: `the service ran ${taskDefinitionRevision(previous)} before too` }
  }
  const primary = snapshot.deployments.find((d) => d.status === 'PRIMARY')
  if (primary?.id !== deploymentId) {
    return { kind: 'superseded', ...(primary ? { by: primary } : {}) }
  }
  return { kind: 'own', taskDefinitionArn: previous }
}

/**
 * The line printed when nothing changed for a while, so a long wait does not
 * look hung: `still waiting (1m30s): new ecs-svc/…8715 1/2 running, 1 pending · old 1 running; rollout IN_PROGRESS`.
 */
export function standingLine(
  snapshot: ServiceSnapshot,
  deploymentId: string,
  elapsedMs: number,
  label = 'new'
): string {
  const counts = countsText(snapshot, deploymentId, label) ?? 'no deployments listed'
  const d = snapshot.deployments.find((x) => x.id === deploymentId)
  const state = d ? `rollout ${d.rolloutState ?? 'not reported'}` : `${label} deployment not listed`
  return `still waiting (${formatWait(elapsedMs)}): ${counts}; ${state}`
}

function formatWait(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000))
  const m = Math.floor(s / 60)
  return m > 0 ? `${m}m${String(s % 60).padStart(2, '0')}s` : `${s}s`
}
