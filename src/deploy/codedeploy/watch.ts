/**
 * CodeDeploy for services with the CODE_DEPLOY controller: the validation
 * check (application and deployment group exist and deploy this service),
 * CreateDeployment with the AppSpec, and the watch: GetDeployment and
 * GetDeploymentTarget once now and every 5 s, printing lifecycle events and
 * traffic as they change, deciding through `decide.ts`.
 */
import {
  CreateDeploymentCommand,
  GetApplicationCommand,
  GetDeploymentCommand,
  GetDeploymentGroupCommand,
  GetDeploymentTargetCommand,
  ListDeploymentTargetsCommand,
  StopDeploymentCommand,
  type CodeDeployClient,
  type DeploymentGroupInfo
} from '@aws-sdk/client-codedeploy'
import type { WaitUntil } from '../../inputs/config.js'
import { ActionError, awsErrorName, describeAwsError, errorMessage } from '../../util/errors.js'
import { formatDuration, type Logger } from '../../util/log.js'
import type { Clock } from '../../util/time.js'
import { isNotFound, isRetryable } from '../../aws/errors.js'
import { formatElapsed } from '../watch.js'
import { oneLine } from '../strategy/decide.js'
import {
  decideCodeDeploy,
  type CodeDeployDecision,
  type CodeDeployMemory,
  type CodeDeploySnapshot
} from './decide.js'

export const CODEDEPLOY_POLL_MS = 5_000

/** GetApplication and GetDeploymentGroup; the ActionError names the input to fix. */
export async function checkCodeDeploy(
  cd: CodeDeployClient,
  o: { application: string; deploymentGroup: string; cluster: string; service: string }
): Promise<DeploymentGroupInfo> {
  try {
    await cd.send(new GetApplicationCommand({ applicationName: o.application }))
  } catch (error) {
    if (isNotFound(error, 'codeDeployApplication')) {
      throw new ActionError(
        `CodeDeploy application ${o.application} not found. Set \`codedeploy-application\` to the application that deploys service ${o.service} (the console names it AppECS-<cluster>-<service>).`
      )
    }
    throw describeAwsError(`GetApplication (${o.application})`, error)
  }
  let group: DeploymentGroupInfo | undefined
  try {
    const out = await cd.send(
      new GetDeploymentGroupCommand({
        applicationName: o.application,
        deploymentGroupName: o.deploymentGroup
      })
    )
    group = out.deploymentGroupInfo
  } catch (error) {
    if (isNotFound(error, 'deploymentGroup')) {
      throw new ActionError(
        `CodeDeploy deployment group ${o.deploymentGroup} not found in application ${o.application}. Set \`codedeploy-deployment-group\` (the console names it DgpECS-<cluster>-<service>).`
      )
    }
    throw describeAwsError(`GetDeploymentGroup (${o.application}/${o.deploymentGroup})`, error)
  }
  const services = group?.ecsServices ?? []
  if (
    services.length > 0 &&
    !services.some((s) => s.serviceName === o.service && s.clusterName === o.cluster)
  ) {
    const names = services.map((s) => `${s.clusterName}/${s.serviceName}`).join(', ')
    throw new ActionError(
      `CodeDeploy deployment group ${o.deploymentGroup} deploys ${names}, not ${o.cluster}/${o.service}. Set \`codedeploy-deployment-group\` to the group of this service.`
    )
  }
  return group ?? {}
}

export interface CodeDeployWatchOptions {
  cd: CodeDeployClient
  deploymentId: string
  timeoutMs: number
  waitUntil: WaitUntil
  cancelDeploymentOnAbort: boolean
  clock: Clock
  log: Logger
  signal?: AbortSignal | undefined
}

export interface CodeDeployWatchResult {
  outcome: 'completed' | 'reached' | 'failed' | 'timeout' | 'cancelled'
  message: string
  /** The lifecycle event it stood at, or its final status. */
  stage?: string
  stopped: boolean
  /** The Green task set (ECS task set id) as GetDeploymentTarget named it. */
  greenTaskSet?: string
}

export async function createCodeDeployment(
  cd: CodeDeployClient,
  o: {
    application: string
    deploymentGroup: string
    content: string
    sha256: string
    description?: string | undefined
    deploymentConfig?: string | undefined
  }
): Promise<string> {
  try {
    const out = await cd.send(
      new CreateDeploymentCommand({
        applicationName: o.application,
        deploymentGroupName: o.deploymentGroup,
        revision: {
          revisionType: 'AppSpecContent',
          appSpecContent: { content: o.content, sha256: o.sha256 }
        },
        ...(o.description ? { description: o.description } : {}),
        ...(o.deploymentConfig ? { deploymentConfigName: o.deploymentConfig } : {})
      })
    )
    if (!out.deploymentId) throw new ActionError('CreateDeployment returned no deployment id.')
    return out.deploymentId
  } catch (error) {
    throw describeAwsError(`CreateDeployment (${o.application}/${o.deploymentGroup})`, error)
  }
}

export async function watchCodeDeployment(
  o: CodeDeployWatchOptions
): Promise<CodeDeployWatchResult> {
  const started = o.clock.now()
  const say = (line: string): void =>
    o.log.info(`[${formatElapsed(o.clock.now() - started)}] ${line}`)
  let memory: CodeDeployMemory = { events: {} }
  let last: CodeDeployDecision | undefined
  let lastStatus: string | undefined
  let targetId: string | undefined
  let greenTaskSet: string | undefined
  const deadline = started + o.timeoutMs
  const where = (): string | undefined =>
    lastStatus && lastStatus !== 'InProgress' && lastStatus !== 'Created' ? lastStatus : last?.stage
  const result = (
    outcome: CodeDeployWatchResult['outcome'],
    message: string,
    stopped = false
  ): CodeDeployWatchResult => {
    const stage = where()
    return {
      outcome,
      message,
      ...(stage ? { stage } : {}),
      stopped,
      ...(greenTaskSet ? { greenTaskSet } : {})
    }
  }
  o.log.info(
    `Watching CodeDeploy deployment ${o.deploymentId} for up to ${formatDuration(o.timeoutMs)}, polling every ${CODEDEPLOY_POLL_MS / 1000}s.`
  )

  for (;;) {
    if (o.signal?.aborted) return cancelled()
    const pollAt = o.clock.now()
    try {
      const snapshot = await poll()
      lastStatus = snapshot.status
      last = decideCodeDeploy(snapshot, memory, o.waitUntil)
      memory = last.memory
      for (const line of last.lines) say(line)
      if (last.verdict !== 'continue') {
        say(last.reason)
        if (last.verdict === 'succeeded') return result('completed', last.reason)
        if (last.verdict === 'reached') return result('reached', last.reason)
        return result('failed', last.reason)
      }
    } catch (error) {
      if (o.signal?.aborted) return cancelled()
      if (!isRetryable(error)) {
        throw describeAwsError(`Watching CodeDeploy deployment ${o.deploymentId}`, error)
      }
      o.log.warning(
        `${awsErrorName(error) ?? 'Error'} (${errorMessage(error)}); trying again at the next poll.`
      )
    }
    const next = pollAt + CODEDEPLOY_POLL_MS
    if (next > deadline) {
      const wait = deadline - o.clock.now()
      if (wait > 0) await o.clock.sleep(wait, o.signal)
      if (o.signal?.aborted) return cancelled()
      return result(
        'timeout',
        `Timed out after ${formatDuration(o.clock.now() - started)} waiting for CodeDeploy deployment ${o.deploymentId}${where() ? ` (at ${where()})` : ''}. The deployment continues in CodeDeploy.`
      )
    }
    const wait = next - o.clock.now()
    if (wait > 0) await o.clock.sleep(wait, o.signal)
  }

  async function poll(): Promise<CodeDeploySnapshot> {
    const opts = o.signal ? { abortSignal: o.signal } : {}
    const info = (await o.cd.send(new GetDeploymentCommand({ deploymentId: o.deploymentId }), opts))
      .deploymentInfo
    if (!targetId) {
      const listed = await o.cd.send(
        new ListDeploymentTargetsCommand({ deploymentId: o.deploymentId }),
        opts
      )
      targetId = listed.targetIds?.[0]
    }
    let events: CodeDeploySnapshot['events'] = []
    let greenTraffic: number | undefined
    if (targetId) {
      const target = (
        await o.cd.send(
          new GetDeploymentTargetCommand({ deploymentId: o.deploymentId, targetId }),
          opts
        )
      ).deploymentTarget?.ecsTarget
      events = (target?.lifecycleEvents ?? []).map((e) => {
        const d = e.diagnostics
        const diagnostics = d
          ? [d.errorCode, d.scriptName, d.message, d.logTail].filter(Boolean).join(': ')
          : ''
        return {
          name: e.lifecycleEventName ?? '?',
          status: e.status ?? 'Unknown',
          ...(diagnostics ? { diagnostics } : {})
        }
      })
      const green = target?.taskSetsInfo?.find((t) => t.taskSetLabel === 'Green')
      greenTraffic = green?.trafficWeight
      if (green?.identifer) greenTaskSet = green.identifer
    }
    return {
      status: info?.status ?? 'Unknown',
      ...(info?.errorInformation?.code ? { errorCode: info.errorInformation.code } : {}),
      ...(info?.errorInformation?.message ? { errorMessage: info.errorInformation.message } : {}),
      events,
      ...(greenTraffic !== undefined ? { greenTraffic } : {})
    }
  }

  async function cancelled(): Promise<CodeDeployWatchResult> {
    if (!o.cancelDeploymentOnAbort) {
      const message = `Cancelled: stopped watching CodeDeploy deployment ${o.deploymentId}${where() ? ` (at ${where()})` : ''}. It keeps going in CodeDeploy (set cancel-deployment-on-abort: true to stop and roll it back on cancellation).`
      say(message)
      return result('cancelled', message)
    }
    try {
      await o.cd.send(
        new StopDeploymentCommand({ deploymentId: o.deploymentId, autoRollbackEnabled: true })
      )
      const message = `Cancelled: stopped CodeDeploy deployment ${o.deploymentId} with rollback (StopDeployment, autoRollbackEnabled).`
      say(message)
      return result('cancelled', message, true)
    } catch (error) {
      const message = `Cancelled; StopDeployment for ${o.deploymentId} failed (${awsErrorName(error) ?? 'Error'}: ${oneLine(errorMessage(error))}); it keeps going in CodeDeploy.`
      say(message)
      return result('cancelled', message)
    }
  }
}
