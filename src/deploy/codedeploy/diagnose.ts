/**
 * Diagnostics for a failed or stopped CodeDeploy deployment, as for rolling
 * deployments: the green (replacement) task set is the ECS task set whose
 * `externalId` is the CodeDeploy deployment id (DescribeTaskSets; once
 * deleted, the one GetDeploymentTarget named Green), its tasks
 * carry the task set id as `startedBy`, so `collectDiagnostics` lists their
 * stop reasons and reads the log tail with the task set's task definition.
 * Bounded to DIAGNOSTICS_BUDGET_MS; never throws.
 */
import {
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  DescribeTaskSetsCommand,
  type ECSClient
} from '@aws-sdk/client-ecs'
import type { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs'
import { errorMessage } from '../../util/errors.js'
import type { Logger } from '../../util/log.js'
import { collectDiagnostics, DIAGNOSTICS_BUDGET_MS, type Diagnostics } from '../diagnostics.js'

export interface CodeDeployDiagnoseOptions {
  ecs: ECSClient
  logs: CloudWatchLogsClient
  cluster: string
  service: string
  deploymentId: string
  /** The Green task set as GetDeploymentTarget named it, if the watch saw it. */
  greenTaskSet?: string | undefined
  /** The revision the AppSpec deployed: the green task set's, once that set is deleted. */
  taskDefinitionArn: string
  log: Logger
}

export async function diagnoseCodeDeploy(
  o: CodeDeployDiagnoseOptions
): Promise<Diagnostics | undefined> {
  const budget = AbortSignal.timeout(DIAGNOSTICS_BUDGET_MS)
  const abort = { abortSignal: budget }
  try {
    let greenId = o.greenTaskSet
    let taskDefinitionArn = o.taskDefinitionArn
    try {
      const sets = await o.ecs.send(
        new DescribeTaskSetsCommand({ cluster: o.cluster, service: o.service }),
        abort
      )
      const green = (sets.taskSets ?? []).find(
        (s) => s.externalId === o.deploymentId || (greenId !== undefined && s.id === greenId)
      )
      greenId = green?.id ?? greenId
      taskDefinitionArn = green?.taskDefinition ?? taskDefinitionArn
    } catch (error) {
      o.log.warning(
        `Diagnostics: could not describe the task sets (${errorMessage(error)}); grant \`ecs:DescribeTaskSets\` to see the green task set.`
      )
    }
    if (!greenId) {
      o.log.info(`Diagnostics: no green task set of CodeDeploy deployment ${o.deploymentId} found.`)
      return undefined
    }
    const [described, taskDefinition] = await Promise.all([
      o.ecs
        .send(new DescribeServicesCommand({ cluster: o.cluster, services: [o.service] }), abort)
        .catch(() => undefined),
      o.ecs
        .send(new DescribeTaskDefinitionCommand({ taskDefinition: taskDefinitionArn }), abort)
        .then((out) => out.taskDefinition)
        .catch(() => undefined)
    ])
    const events = (described?.services?.[0]?.events ?? []).map((e, i) => ({
      id: e.id ?? String(i),
      ...(e.createdAt ? { createdAt: e.createdAt.getTime() } : {}),
      message: e.message ?? ''
    }))
    o.log.info(`Green task set ${greenId} of CodeDeploy deployment ${o.deploymentId}:`)
    return await collectDiagnostics({
      ecs: o.ecs,
      logs: o.logs,
      cluster: o.cluster,
      service: o.service,
      deploymentId: greenId,
      taskDefinition,
      events,
      log: o.log,
      signal: budget
    })
  } catch (error) {
    o.log.warning(`Could not collect diagnostics: ${errorMessage(error)}`)
    return undefined
  }
}
