/**
 * What happened to each service of a run over several services, and what a
 * failure means for the others (`rollback-scope`). Pure: plain data in, plain
 * data out; the run (run.ts) does the calls.
 */
import type { ServiceRow } from '../../report/summary.js'
import type { RollbackScope } from './inputs.js'
import { taskDefinitionRevision } from '../../aws/arn.js'

/** Where one service stands. */
export type ServicePhase =
  /** Its deployment is being watched. */
  | 'watching'
  /** Already ran the revision: no deployment started. */
  | 'unchanged'
  /** Deployment started, not watched (wait-for-service-stability: false). */
  | 'started'
  | 'completed'
  | 'failed'
  | 'timeout'
  | 'superseded'
  | 'inactive'
  | 'cancelled'

export interface ServiceState {
  name: string
  phase: ServicePhase
  /** This run started a deployment of the service. */
  deploymentId?: string
  /** A rollback was started for it (by ECS, its own watch, or rollback-scope: all). */
  rolledBack: boolean
  /** The revision it ran before this run. */
  previousTaskDefinitionArn: string
}

/** A deployment that did not end well for this run (a superseded one is someone else's now). */
export function isFailure(phase: ServicePhase): boolean {
  return phase === 'failed' || phase === 'timeout' || phase === 'inactive'
}

export interface ScopeDecision {
  /** Watches to stop now (their services are rolled back). */
  stopWatching: string[]
  /** Services to put back on the revision they ran before (one UpdateService each). */
  rollBack: string[]
}

/**
 * After a service's watch ended: with `all`, the first failure rolls back
 * every service whose deployment this run started and that nothing has
 * rolled back yet (still deploying, deployed, or failed without a rollback);
 * a superseded one belongs to whoever replaced it, a cancelled run rolls
 * nothing back. With `service`, each watch has rolled its own back already.
 */
export function decideScope(
  scope: RollbackScope,
  states: readonly ServiceState[],
  cancelled: boolean
): ScopeDecision {
  const none = { stopWatching: [], rollBack: [] }
  if (scope !== 'all' || cancelled || !states.some((s) => isFailure(s.phase))) return none
  const back = states.filter(
    (s) =>
      s.deploymentId !== undefined &&
      !s.rolledBack &&
      (s.phase === 'watching' ||
        s.phase === 'completed' ||
        s.phase === 'started' ||
        isFailure(s.phase))
  )
  return {
    stopWatching: back.filter((s) => s.phase === 'watching').map((s) => s.name),
    rollBack: back.map((s) => s.name)
  }
}

/** `deployment-ids` / `task-definition-arns`: JSON objects keyed by service, in the order given. */
export function keyedJson(entries: ReadonlyArray<[string, string | undefined]>): string {
  const out: Record<string, string> = {}
  for (const [k, v] of entries) if (v !== undefined) out[k] = v
  return JSON.stringify(out)
}

/**
 * The step's one-line message for several services; `scopeRolledBack` are the
 * services rollback-scope: all put back after another one failed.
 */
export function fleetMessage(
  rows: readonly ServiceRow[],
  scopeRolledBack: readonly string[] = []
): string {
  const failed = rows.filter((r) => !r.ok && !scopeRolledBack.includes(r.service))
  if (failed.length === 0) {
    return `${rows.length} services deployed: ${rows.map((r) => `${r.service} (${taskDefinitionRevision(r.revision)})`).join(', ')}.`
  }
  const why = failed.map((r) => `${r.service}: ${r.result}`).join('; ')
  if (scopeRolledBack.length > 0) {
    return `${failed.map((r) => r.service).join(', ')} failed; rollback-scope: all rolled back ${scopeRolledBack.join(', ')}. ${why}.`
  }
  const ok = rows.filter((r) => r.ok)
  const others = ok.length > 0 ? ` Deployed: ${ok.map((r) => r.service).join(', ')}.` : ''
  return `${failed.length} of ${rows.length} services failed: ${why}.${others}`
}
