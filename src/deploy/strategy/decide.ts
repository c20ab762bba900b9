/**
 * The state machine of an ECS-native BLUE_GREEN, LINEAR or CANARY deployment,
 * over plain snapshots of its ServiceDeployment (DescribeServiceDeployments):
 * what changed since the last poll (stage, status, traffic, hooks) as log
 * lines, and whether to keep watching. Pure: no SDK, no clock.
 */
import type { ServiceDeployment } from '@aws-sdk/client-ecs'
import type { WaitUntil } from '../../inputs/config.js'

/** The lifecycle stages in the order ECS goes through them. */
export const STAGES = [
  'RECONCILE_SERVICE',
  'PRE_SCALE_UP',
  'SCALE_UP',
  'POST_SCALE_UP',
  'TEST_TRAFFIC_SHIFT',
  'POST_TEST_TRAFFIC_SHIFT',
  'PRE_PRODUCTION_TRAFFIC_SHIFT',
  'PRODUCTION_TRAFFIC_SHIFT',
  'POST_PRODUCTION_TRAFFIC_SHIFT',
  'BAKE_TIME',
  'CLEAN_UP'
] as const

const FAILED_STATUSES = new Set([
  'ROLLBACK_REQUESTED',
  'ROLLBACK_IN_PROGRESS',
  'ROLLBACK_SUCCESSFUL',
  'ROLLBACK_FAILED',
  'STOP_REQUESTED',
  'STOPPED'
])
const FAILED_HOOK = new Set(['FAILED', 'TIMED_OUT'])

export interface HookSnapshot {
  /** hookId, or the target when ECS gives none. */
  key: string
  /** The Lambda function's name, or `PAUSE`. */
  name: string
  status: string
}

export interface DeploymentSnapshot {
  arn: string
  status: string
  statusReason?: string
  stage?: string
  /** Production and test traffic on the new (green) revision, in percent, when ECS reports it. */
  productionTraffic?: number
  testTraffic?: number
  targetRevisionArn?: string
  hooks: HookSnapshot[]
  rollbackReason?: string
}

export function snapshotServiceDeployment(d: ServiceDeployment): DeploymentSnapshot {
  const target = d.targetServiceRevision
  const hooks: HookSnapshot[] = (d.lifecycleHookDetails ?? []).map((h, i) => ({
    key: h.hookId ?? h.targetArn ?? String(i),
    name: hookName(h.targetArn, h.targetType),
    status: h.status ?? 'UNKNOWN'
  }))
  return {
    arn: d.serviceDeploymentArn ?? '',
    status: d.status ?? 'UNKNOWN',
    ...(d.statusReason ? { statusReason: d.statusReason } : {}),
    ...(d.lifecycleStage ? { stage: d.lifecycleStage } : {}),
    ...(typeof target?.requestedProductionTrafficWeight === 'number'
      ? { productionTraffic: target.requestedProductionTrafficWeight }
      : {}),
    ...(typeof target?.requestedTestTrafficWeight === 'number'
      ? { testTraffic: target.requestedTestTrafficWeight }
      : {}),
    ...(target?.arn ? { targetRevisionArn: target.arn } : {}),
    hooks,
    ...(d.rollback?.reason ? { rollbackReason: d.rollback.reason } : {})
  }
}

/**
 * The hooks still running, as one standing line: a Lambda that answers
 * IN_PROGRESS is invoked again by ECS (every 30 s by default) until it answers
 * SUCCEEDED or FAILED, so a hook may run for long without a change to print.
 */
export function runningHooksLine(s: DeploymentSnapshot, memory: DecideMemory): string | undefined {
  const running = s.hooks.filter((h) => h.status === 'IN_PROGRESS')
  if (running.length === 0) return undefined
  const names = running.map((h) => {
    const at = memory.hookStages[h.key] ?? s.stage
    return `${h.name}${at ? ` at ${at}` : ''}`
  })
  return `Hook ${names.join(', hook ')}: still running (IN_PROGRESS)`
}

/** `arn:aws:lambda:…:function:smoke-test` → `smoke-test`; PAUSE hooks have no target. */
export function hookName(targetArn: string | undefined, targetType: string | undefined): string {
  if (!targetArn) return targetType ?? 'hook'
  const m = /:function:([^:]+)/.exec(targetArn)
  return m?.[1] ?? targetArn
}

export interface DecideMemory {
  status?: string
  stage?: string
  productionTraffic?: number
  testTraffic?: number
  hooks: Record<string, string>
  /** The stage each hook was first seen running in. */
  hookStages: Record<string, string>
}

export function initialDecideMemory(): DecideMemory {
  return { hooks: {}, hookStages: {} }
}

export type StrategyVerdict = 'continue' | 'succeeded' | 'reached' | 'failed'

export interface Decision {
  verdict: StrategyVerdict
  /** What changed, one line each, for the live log. */
  lines: string[]
  memory: DecideMemory
  /** For verdicts other than `continue`: one sentence saying why. */
  reason: string
  /** A hook that failed or timed out, named with the stage it ran at. */
  failedHook?: string
  /** ECS is already rolling back or stopping: no rollback of ours is needed. */
  ecsUndoing: boolean
}

/** Whether `stage` is `at` or later in the lifecycle. */
export function stageAtOrAfter(stage: string | undefined, at: string): boolean {
  const i = STAGES.indexOf(stage as (typeof STAGES)[number])
  const j = STAGES.indexOf(at as (typeof STAGES)[number])
  return i >= 0 && j >= 0 && i >= j
}

/** The stage from which `wait-until` is satisfied while the deployment is still IN_PROGRESS. */
export function waitPoint(waitUntil: WaitUntil): string | undefined {
  if (waitUntil === 'traffic-shifted') return 'BAKE_TIME'
  if (waitUntil === 'test-traffic') return 'POST_TEST_TRAFFIC_SHIFT'
  return undefined
}

export function decide(input: {
  snapshot: DeploymentSnapshot
  memory: DecideMemory
  waitUntil: WaitUntil
  /** LINEAR and CANARY print every production traffic step. */
  strategy: string
}): Decision {
  const { snapshot: s, waitUntil } = input
  const before = input.memory
  const memory: DecideMemory = {
    ...before,
    status: s.status,
    ...(s.stage ? { stage: s.stage } : {}),
    hooks: { ...before.hooks },
    hookStages: { ...before.hookStages }
  }
  const lines: string[] = []
  const reason = s.statusReason ? `: ${oneLine(s.statusReason).replace(/\.$/, '')}` : ''

  if (before.status === undefined) {
    lines.push(`Service deployment ${s.status}${s.stage ? `, stage ${s.stage}` : ''}${reason}`)
  } else {
    if (s.stage && s.stage !== before.stage) {
      lines.push(`Stage ${before.stage ?? '(none)'} → ${s.stage}`)
    }
    if (s.status !== before.status) lines.push(`Status ${before.status} → ${s.status}${reason}`)
  }
  if (s.testTraffic !== undefined && s.testTraffic !== before.testTraffic) {
    memory.testTraffic = s.testTraffic
    if (s.testTraffic > 0 || before.testTraffic !== undefined) {
      lines.push(`Test traffic on the new revision: ${percent(s.testTraffic)}`)
    }
  }
  if (s.productionTraffic !== undefined && s.productionTraffic !== before.productionTraffic) {
    memory.productionTraffic = s.productionTraffic
    const gradual = input.strategy === 'LINEAR' || input.strategy === 'CANARY'
    if (s.productionTraffic > 0 && (gradual || s.productionTraffic >= 100)) {
      lines.push(`Production traffic on the new revision: ${percent(s.productionTraffic)}`)
    }
  }
  let failedHook: string | undefined
  for (const h of s.hooks) {
    const was = before.hooks[h.key]
    memory.hooks[h.key] = h.status
    if (!memory.hookStages[h.key] && s.stage) memory.hookStages[h.key] = s.stage
    const at = memory.hookStages[h.key] ?? s.stage
    if (h.status !== was) {
      lines.push(`Hook ${h.name}${at ? ` at ${at}` : ''}: ${h.status}`)
    }
    if (FAILED_HOOK.has(h.status) && !failedHook) {
      failedHook = `${h.name}${at ? ` at ${at}` : ''}`
    }
  }

  const ecsUndoing = FAILED_STATUSES.has(s.status)
  const base = { lines, memory, ecsUndoing }
  if (s.status === 'SUCCESSFUL') {
    return {
      ...base,
      verdict: 'succeeded',
      reason: 'The service deployment is SUCCESSFUL: the new revision serves all traffic.'
    }
  }
  if (failedHook) {
    const hook = s.hooks.find((h) => FAILED_HOOK.has(h.status))
    return {
      ...base,
      verdict: 'failed',
      failedHook,
      reason: `Lifecycle hook ${failedHook} ${hook?.status === 'TIMED_OUT' ? 'timed out' : 'failed'}; the service deployment is ${s.status}${reason}.`
    }
  }
  if (ecsUndoing) {
    return {
      ...base,
      verdict: 'failed',
      reason: `The service deployment is ${s.status}${s.stage ? ` (stage ${s.stage})` : ''}${reason || (s.rollbackReason ? `: ${oneLine(s.rollbackReason)}` : '')}.`
    }
  }
  const point = waitPoint(waitUntil)
  if (point && s.status === 'IN_PROGRESS' && stageAtOrAfter(s.stage, point)) {
    const what =
      waitUntil === 'traffic-shifted'
        ? 'production traffic is on the new revision'
        : 'the new revision is up and receives test traffic'
    return {
      ...base,
      verdict: 'reached',
      reason: `Stopped waiting at stage ${s.stage} (wait-until: ${waitUntil}): ${what}. ECS continues the deployment.`
    }
  }
  return { ...base, verdict: 'continue', reason: '' }
}

function percent(n: number): string {
  return `${Number.isInteger(n) ? n : n.toFixed(1)}%`
}

/** AWS text as one plain line: no line breaks or control characters, bounded. */
export function oneLine(text: string): string {
  // eslint-disable-next-line no-control-regex
  const flat = text.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim()
  return flat.length > 300 ? `${flat.slice(0, 300)}…` : flat
}
