import {
  DescribeServicesCommand,
  UpdateServiceCommand,
  type ECSClient,
  type Service
} from '@aws-sdk/client-ecs'
import type { ServiceSettings } from '../inputs/deploy-inputs.js'
import { clientRegion, isNotFound } from '../aws/errors.js'
import { ActionError, describeAwsError } from '../util/errors.js'

/**
 * Read-only preflight: the service exists, is ACTIVE, and is deployed by ECS
 * itself (not CodeDeploy or an external controller). Runs before anything is
 * registered, so a failed check leaves no orphan revision. One DescribeServices.
 */
export async function checkService(
  ecs: ECSClient,
  cluster: string,
  service: string
): Promise<Service> {
  const region = await clientRegion(ecs)
  const where = `cluster ${cluster}${region ? ` (region ${region})` : ''}`
  let response
  try {
    response = await ecs.send(new DescribeServicesCommand({ cluster, services: [service] }))
  } catch (error) {
    if (isNotFound(error, 'cluster')) {
      throw new ActionError(
        `Cluster ${cluster} not found${region ? ` in region ${region}` : ''}. Check \`cluster\` and \`aws-region\`.`
      )
    }
    throw describeAwsError(`DescribeServices (service ${service} in ${where})`, error, region)
  }
  const found = response.services?.[0]
  if (!found) {
    const failure = response.failures?.[0]
    if (!failure || failure.reason === 'MISSING') {
      throw new ActionError(
        `Service ${service} not found in ${where}. Check \`service\`, \`cluster\` and \`aws-region\`.`
      )
    }
    throw new ActionError(
      `Could not describe service ${service} in ${where}: ${failure.reason ?? 'unknown reason'}${failure.detail ? ` (${failure.detail})` : ''}.`
    )
  }
  if (found.status !== 'ACTIVE') {
    throw new ActionError(
      `Service ${service} in ${where} is ${found.status ?? 'not ACTIVE'}: only an ACTIVE service can be deployed. Recreate it, or name another service.`
    )
  }
  const controller = found.deploymentController?.type ?? 'ECS'
  // CODE_DEPLOY services are deployed through CodeDeploy (src/deploy/codedeploy).
  if (controller !== 'ECS' && controller !== 'CODE_DEPLOY') {
    throw new ActionError(
      `Service ${service} in ${where} uses the ${controller} deployment controller; this action deploys services whose deployments ECS or CodeDeploy controls. Deploy it through its external controller (task sets), or use a service with the ECS or CODE_DEPLOY controller.`
    )
  }
  return found
}

export interface UpdateServiceOptions {
  cluster: string
  service: string
  taskDefinitionArn: string
  desiredCount?: number | undefined
  forceNewDeployment: boolean
  /**
   * The service as described before the update (the `checkService` result).
   * When given, a PRIMARY deployment that already existed then is not reported
   * as new. Without it, a PRIMARY that is already COMPLETED counts as "none
   * created" (a new deployment is never complete in the UpdateService response).
   */
  before?: Service | undefined
  /** Managed tags, tag propagation, service-managed EBS volumes (the official deploy action's inputs). */
  settings?: ServiceSettings | undefined
}

export interface UpdateServiceResult {
  /** The PRIMARY deployment this update created; undefined when ECS created none. */
  deploymentId?: string
  service: Service
}

/** Points the service at `taskDefinitionArn` (one UpdateService) and returns the new deployment's id. */
export async function updateService(
  ecs: ECSClient,
  options: UpdateServiceOptions
): Promise<UpdateServiceResult> {
  const { cluster, service, taskDefinitionArn, desiredCount, forceNewDeployment } = options
  let response
  try {
    response = await ecs.send(
      new UpdateServiceCommand({
        cluster,
        service,
        taskDefinition: taskDefinitionArn,
        ...(desiredCount !== undefined ? { desiredCount } : {}),
        forceNewDeployment,
        ...(options.settings ?? {})
      })
    )
  } catch (error) {
    const region = await clientRegion(ecs)
    throw describeAwsError(
      `UpdateService (service ${service} in cluster ${cluster} to ${taskDefinitionArn})`,
      error,
      region
    )
  }
  const updated = response.service
  if (!updated) {
    throw new ActionError(`UpdateService for ${service} returned no service.`)
  }
  const primary = updated.deployments?.find((d) => d.status === 'PRIMARY')
  const previousPrimary = options.before?.deployments?.find((d) => d.status === 'PRIMARY')?.id
  let deploymentId = primary?.id
  if (options.before) {
    if (deploymentId === previousPrimary) deploymentId = undefined
  } else if (primary?.rolloutState === 'COMPLETED') {
    deploymentId = undefined
  }
  return { ...(deploymentId ? { deploymentId } : {}), service: updated }
}
