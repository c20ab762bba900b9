/**
 * The watch for ECS-native BLUE_GREEN, LINEAR and CANARY deployments: finds
 * the service deployment this run started (UpdateService's
 * `currentServiceDeployment`, else ListServiceDeployments), then one
 * DescribeServiceDeployments now and one every 5 s, printing what changed and
 * deciding through `decide.ts`. Rollbacks go through ECS's own mechanism
 * (StopServiceDeployment with stopType ROLLBACK), never an UpdateService to
 * the old revision.
 */
import {
  DescribeServiceDeploymentsCommand,
  DescribeServicesCommand,
  ListServiceDeploymentsCommand,
  StopServiceDeploymentCommand,
  type ECSClient
} from '@aws-sdk/client-ecs'
import type { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs'
import type { WaitUntil } from '../../inputs/config.js'
import { awsErrorName, describeAwsError, errorMessage } from '../../util/errors.js'
import { formatDuration, type Logger } from '../../util/log.js'
import type { Clock } from '../../util/time.js'
import {
  collectDiagnostics,
  formatDiagnostics,
  type Diagnostics,
  type TaskDefinitionLike
} from '../diagnostics.js'
import { isRetryable } from '../../aws/errors.js'
import { formatElapsed } from '../watch.js'
import {
  decide,
  initialDecideMemory,
  oneLine,
  runningHooksLine,
  snapshotServiceDeployment,
  type DecideMemory,
  type Decision,
  type DeploymentSnapshot
} from './decide.js'

export const STRATEGY_POLL_MS = 5_000
/** While a hook runs and nothing else changes, a line that it still runs this often. */
export const HOOK_STANDING_MS = 30_000
/** ListServiceDeployments looks this far before the update, for clock skew. */
const LIST_SLACK_MS = 5_000

export type StrategyOutcome = 'completed' | 'reached' | 'failed' | 'timeout' | 'cancelled'

export interface StrategyWatchOptions {
  ecs: ECSClient
  logs: CloudWatchLogsClient
  cluster: string
  service: string
  strategy: string
  /** From the UpdateService response, when ECS gave it. */
  serviceDeploymentArn?: string | undefined
  /** The `ecs-svc/…` deployment, whose tasks diagnostics look at. */
  deploymentId: string
  /** Epoch ms just before UpdateService: the service deployment was created after it. */
  updatedAt: number
  taskDefinition?: TaskDefinitionLike | undefined
  timeoutMs: number
  waitUntil: WaitUntil
  rollbackOnFailure: boolean
  cancelDeploymentOnAbort: boolean
  clock: Clock
  log: Logger
  signal?: AbortSignal | undefined
}

export interface StrategyWatchResult {
  outcome: StrategyOutcome
  message: string
  serviceDeploymentArn?: string
  /** Where the deployment stood when the watch ended: its stage, or its final status. */
  stage?: string
  /** StopServiceDeployment (ROLLBACK) was accepted. */
  rollbackRequested: boolean
  diagnostics?: Diagnostics
  polls: number
}

export async function watchStrategyDeployment(
  o: StrategyWatchOptions
): Promise<StrategyWatchResult> {
  const started = o.clock.now()
  const prefix = (): string => `[${formatElapsed(o.clock.now() - started)}] `
  let lastSaidAt = started
  const say = (line: string): void => {
    lastSaidAt = o.clock.now()
    o.log.info(`${prefix()}${line}`)
  }
  let arn = o.serviceDeploymentArn
  let memory: DecideMemory = initialDecideMemory()
  let last: DeploymentSnapshot | undefined
  let polls = 0
  const deadline = started + o.timeoutMs
  const aborted = (): boolean => o.signal?.aborted === true

  o.log.info(
    `Watching the ${o.strategy} service deployment of ${o.service} (cluster ${o.cluster}) until ${o.waitUntil === 'complete' ? 'it completes' : `wait-until ${o.waitUntil}`}, for up to ${formatDuration(o.timeoutMs)}, polling every ${STRATEGY_POLL_MS / 1000}s.`
  )

  const where = (): string | undefined =>
    last
      ? last.status === 'IN_PROGRESS' || last.status === 'PENDING'
        ? (last.stage ?? last.status)
        : last.status
      : undefined
  const result = (
    outcome: StrategyOutcome,
    message: string,
    extra: Partial<StrategyWatchResult> = {}
  ): StrategyWatchResult => {
    const stage = where()
    return {
      outcome,
      message,
      ...(arn ? { serviceDeploymentArn: arn } : {}),
      ...(stage ? { stage } : {}),
      rollbackRequested: false,
      polls,
      ...extra
    }
  }

  for (;;) {
    if (aborted()) return cancelled()
    const pollAt = o.clock.now()
    polls++
    let decision: Decision | undefined
    try {
      if (!arn) arn = await findServiceDeployment()
      if (arn) {
        const out = await o.ecs.send(
          new DescribeServiceDeploymentsCommand({ serviceDeploymentArns: [arn] }),
          o.signal ? { abortSignal: o.signal } : {}
        )
        const found = out.serviceDeployments?.[0]
        if (found) {
          last = snapshotServiceDeployment(found)
          decision = decide({
            snapshot: last,
            memory,
            waitUntil: o.waitUntil,
            strategy: o.strategy
          })
          memory = decision.memory
          for (const line of decision.lines) say(line)
          const hooks = runningHooksLine(last, memory)
          if (hooks && o.clock.now() - lastSaidAt >= HOOK_STANDING_MS) say(hooks)
        } else {
          const failure = out.failures?.[0]
          say(
            `DescribeServiceDeployments found no service deployment ${arn}${failure?.reason ? ` (${oneLine(failure.reason)})` : ''}; trying again.`
          )
        }
      } else {
        say('ECS lists no service deployment for this update yet; trying again.')
      }
    } catch (error) {
      if (aborted()) return cancelled()
      if (!isRetryable(error)) {
        throw describeAwsError(
          `Watching the service deployment of ${o.service} in cluster ${o.cluster}`,
          error
        )
      }
      o.log.warning(
        `${prefix()}${awsErrorName(error) ?? 'Error'} (${errorMessage(error)}); trying again at the next poll.`
      )
    }
    if (decision && decision.verdict !== 'continue') return finish(decision)
    const next = pollAt + STRATEGY_POLL_MS
    if (next > deadline) {
      const wait = deadline - o.clock.now()
      if (wait > 0) await o.clock.sleep(wait, o.signal)
      if (aborted()) return cancelled()
      return result(
        'timeout',
        `Timed out after ${formatDuration(o.clock.now() - started)} waiting for the ${o.strategy} deployment of ${o.service}${last ? ` (status ${last.status}${last.stage ? `, stage ${last.stage}` : ''})` : ''}. The deployment continues in ECS.`
      )
    }
    const wait = next - o.clock.now()
    if (wait > 0) await o.clock.sleep(wait, o.signal)
  }

  async function findServiceDeployment(): Promise<string | undefined> {
    const out = await o.ecs.send(
      new ListServiceDeploymentsCommand({
        cluster: o.cluster,
        service: o.service,
        createdAt: { after: new Date(o.updatedAt - LIST_SLACK_MS) }
      }),
      o.signal ? { abortSignal: o.signal } : {}
    )
    const newest = [...(out.serviceDeployments ?? [])].sort(
      (a, b) => (b.createdAt?.getTime() ?? 0) - (a.createdAt?.getTime() ?? 0)
    )[0]
    if (newest?.serviceDeploymentArn) say(`Service deployment ${newest.serviceDeploymentArn}`)
    return newest?.serviceDeploymentArn
  }

  async function finish(d: Decision): Promise<StrategyWatchResult> {
    say(d.reason)
    if (d.verdict === 'succeeded') return result('completed', d.reason)
    if (d.verdict === 'reached') return result('reached', d.reason)
    const diagnostics = await diagnose()
    const withDiagnostics = diagnostics ? { diagnostics } : {}
    if (d.ecsUndoing) {
      const what = last?.status.startsWith('ROLLBACK_')
        ? 'ECS rolls it back itself to the previous service revision.'
        : 'ECS stopped it.'
      return result('failed', `${d.reason} ${what}`, withDiagnostics)
    }
    if (!o.rollbackOnFailure) {
      return result(
        'failed',
        `${d.reason} Left as is (rollback-on-failure: false).`,
        withDiagnostics
      )
    }
    const rolled = await requestRollback('the deployment failed')
    return result('failed', `${d.reason} ${rolled.message}`, {
      ...withDiagnostics,
      rollbackRequested: rolled.ok
    })
  }

  async function cancelled(): Promise<StrategyWatchResult> {
    const standing = last
      ? ` (status ${last.status}${last.stage ? `, stage ${last.stage}` : ''})`
      : ''
    if (!o.cancelDeploymentOnAbort || !arn) {
      const message = `Cancelled: stopped watching the ${o.strategy} deployment of ${o.service}${standing}. It keeps going in ECS (set cancel-deployment-on-abort: true to roll it back on cancellation).`
      say(message)
      return result('cancelled', message)
    }
    const rolled = await requestRollback('the run was cancelled')
    const message = `Cancelled${standing}. ${rolled.message}`
    say(message)
    return result('cancelled', message, { rollbackRequested: rolled.ok })
  }

  /** StopServiceDeployment with stopType ROLLBACK; never throws. */
  async function requestRollback(why: string): Promise<{ ok: boolean; message: string }> {
    if (!arn) return { ok: false, message: 'Not rolled back: the service deployment is unknown.' }
    say(`Rolling back because ${why}: StopServiceDeployment (stopType ROLLBACK) for ${arn}.`)
    try {
      // Not tied to the run's signal: a cancelled run still gets its rollback request out.
      await o.ecs.send(
        new StopServiceDeploymentCommand({ serviceDeploymentArn: arn, stopType: 'ROLLBACK' })
      )
      return {
        ok: true,
        message:
          'ECS is rolling it back to the previous service revision (StopServiceDeployment, ROLLBACK).'
      }
    } catch (error) {
      const name = awsErrorName(error) ?? 'Error'
      o.log.warning(
        `${prefix()}StopServiceDeployment failed: ${name}: ${oneLine(errorMessage(error))}`
      )
      return {
        ok: false,
        message: `The rollback request failed (${name}: ${oneLine(errorMessage(error))}); check the service in the ECS console.`
      }
    }
  }

  async function diagnose(): Promise<Diagnostics | undefined> {
    try {
      const described = await o.ecs.send(
        new DescribeServicesCommand({ cluster: o.cluster, services: [o.service] })
      )
      const events = (described.services?.[0]?.events ?? []).map((e, i) => ({
        id: e.id ?? String(i),
        ...(e.createdAt ? { createdAt: e.createdAt.getTime() } : {}),
        message: e.message ?? ''
      }))
      const diagnostics = await collectDiagnostics({
        ecs: o.ecs,
        logs: o.logs,
        cluster: o.cluster,
        service: o.service,
        deploymentId: o.deploymentId,
        taskDefinition: o.taskDefinition,
        events,
        log: o.log
      })
      for (const line of formatDiagnostics(diagnostics)) o.log.info(line)
      return diagnostics
    } catch (error) {
      o.log.warning(`Could not collect diagnostics: ${errorMessage(error)}`)
      return undefined
    }
  }
}
