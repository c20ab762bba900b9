/**
 * A CodeDeploy ECS deployment over plain snapshots (GetDeployment and
 * GetDeploymentTarget): what changed as log lines, and whether to keep
 * watching. Pure.
 */
import type { WaitUntil } from '../../inputs/config.js'
import { oneLine } from '../strategy/decide.js'

export interface CodeDeploySnapshot {
  status: string
  errorCode?: string
  errorMessage?: string
  events: Array<{ name: string; status: string; diagnostics?: string }>
  /** Production traffic on the Green task set, when reported. */
  greenTraffic?: number
}

export interface CodeDeployMemory {
  status?: string
  events: Record<string, string>
  greenTraffic?: number
}

export interface CodeDeployDecision {
  verdict: 'continue' | 'succeeded' | 'reached' | 'failed'
  lines: string[]
  memory: CodeDeployMemory
  reason: string
  /** The event where it stood: the one in progress, else the last that ran. */
  stage?: string
}

export function decideCodeDeploy(
  s: CodeDeploySnapshot,
  before: CodeDeployMemory,
  waitUntil: WaitUntil
): CodeDeployDecision {
  const memory: CodeDeployMemory = { ...before, status: s.status, events: { ...before.events } }
  const lines: string[] = []
  if (s.status !== before.status) {
    lines.push(
      before.status ? `Deployment ${before.status} → ${s.status}` : `Deployment ${s.status}`
    )
  }
  for (const e of s.events) {
    if (e.status !== (before.events[e.name] ?? 'Pending')) lines.push(`${e.name}: ${e.status}`)
    memory.events[e.name] = e.status
  }
  if (s.greenTraffic !== undefined && s.greenTraffic !== before.greenTraffic) {
    memory.greenTraffic = s.greenTraffic
    if (s.greenTraffic > 0 || before.greenTraffic !== undefined) {
      lines.push(`Production traffic on the Green task set: ${s.greenTraffic}%`)
    }
  }
  const running = s.events.find((e) => e.status === 'InProgress')
  const ran = [...s.events].reverse().find((e) => e.status !== 'Pending' && e.status !== 'Skipped')
  const stage = running?.name ?? ran?.name
  const base = { lines, memory, ...(stage ? { stage } : {}) }
  const ok = (name: string): boolean =>
    s.events.some((e) => e.name === name && e.status === 'Succeeded')

  if (s.status === 'Succeeded') {
    return { ...base, verdict: 'succeeded', reason: 'The CodeDeploy deployment Succeeded.' }
  }
  if (s.status === 'Failed' || s.status === 'Stopped') {
    const failed = s.events.find((e) => e.status === 'Failed')
    const parts = [
      `The CodeDeploy deployment ${s.status}`,
      failed
        ? ` at ${failed.name}${failed.diagnostics ? ` (${oneLine(failed.diagnostics)})` : ''}`
        : '',
      s.errorMessage ? `: ${oneLine(s.errorMessage)}` : '',
      s.errorCode ? ` [${s.errorCode}]` : ''
    ]
    return { ...base, verdict: 'failed', reason: `${parts.join('')}`.replace(/\.?$/, '.') }
  }
  if (waitUntil === 'traffic-shifted' && ok('AfterAllowTraffic')) {
    return {
      ...base,
      verdict: 'reached',
      reason:
        'Stopped waiting (wait-until: traffic-shifted): production traffic is on the Green task set. CodeDeploy continues the deployment (termination wait).'
    }
  }
  if (waitUntil === 'test-traffic' && (ok('AfterAllowTestTraffic') || s.status === 'Ready')) {
    return {
      ...base,
      verdict: 'reached',
      reason:
        'Stopped waiting (wait-until: test-traffic): the Green task set is up and receives test traffic. CodeDeploy continues the deployment.'
    }
  }
  return { ...base, verdict: 'continue', reason: '' }
}
