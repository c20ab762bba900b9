/**
 * The one-off task's RunTask request, decided from the inputs, the service it
 * runs beside (its network configuration, launch type or capacity provider
 * strategy and platform version are copied unless given) and the revision
 * this run registered. Pure.
 */
import { createHash } from 'node:crypto'
import type { ContainerOverride, RunTaskCommandInput, Service } from '@aws-sdk/client-ecs'
import type { TaskDef } from '../taskdef/clean.js'
import { ActionError } from '../util/errors.js'
import type { RunTaskConfig } from './config.js'

export interface RunTaskPlanInput {
  config: RunTaskConfig
  cluster: string
  /** The container that gets the image: where `run-task-command` goes by default. */
  imageContainer: string
  /** The rendered task definition (its containers and network mode). */
  taskDefinition: TaskDef
  /** The service the task runs beside, as described before any change. */
  service?: Service | undefined
}

/** What can be known before registration: the request without its ARN and token. */
export type RunTaskPlan = Omit<RunTaskCommandInput, 'taskDefinition' | 'clientToken'> & {
  /** The container whose exit code is the output (`run-task-container`, else the image's). */
  mainContainer: string
  /** Where each input came from, for the log ("from the service" / "given"). */
  notes: string[]
}

/** Checks everything and returns the request; throws one ActionError listing every problem. */
export function planRunTask(p: RunTaskPlanInput): RunTaskPlan {
  const { config, taskDefinition, service } = p
  const problems: string[] = []
  const names = (taskDefinition.containerDefinitions ?? []).map((c) => c.name ?? '')
  const known = (name: string): boolean => names.includes(name)
  const mainContainer = config.container ?? p.imageContainer
  if (config.container && !known(config.container)) {
    problems.push(
      `\`run-task-container\`: ${config.container} is not a container of ${taskDefinition.family}; its containers are ${names.join(', ')}.`
    )
  }
  for (const o of config.containerOverrides) {
    if (o.name && !known(o.name)) {
      problems.push(
        `\`run-task-container-overrides\`: ${o.name} is not a container of ${taskDefinition.family}; its containers are ${names.join(', ')}.`
      )
    }
  }
  if (
    config.command &&
    config.containerOverrides.some((o) => o.name === mainContainer && o.command !== undefined)
  ) {
    problems.push(
      `\`run-task-command\` and \`run-task-container-overrides\`: both set a command for ${mainContainer}; keep one.`
    )
  }

  const notes: string[] = []
  // Placement: what is given, else what the service uses, else the official action's FARGATE.
  const placement: Pick<RunTaskCommandInput, 'launchType' | 'capacityProviderStrategy'> = {}
  if (config.capacityProviderStrategy) {
    placement.capacityProviderStrategy = config.capacityProviderStrategy
  } else if (config.launchType) {
    placement.launchType = config.launchType
  } else if (service?.capacityProviderStrategy && service.capacityProviderStrategy.length > 0) {
    placement.capacityProviderStrategy = service.capacityProviderStrategy
    notes.push(`capacity provider strategy from service ${service.serviceName}`)
  } else if (service?.launchType) {
    placement.launchType = service.launchType
    notes.push(`launch type ${service.launchType} from service ${service.serviceName}`)
  } else {
    placement.launchType = 'FARGATE'
  }
  const platformVersion =
    service?.platformVersion && placement.launchType !== 'EC2' ? service.platformVersion : undefined

  // Network: each part given wins; the rest comes from the service.
  const fromService = service?.networkConfiguration?.awsvpcConfiguration
  const awsvpc = taskDefinition.networkMode === 'awsvpc'
  const subnets = config.subnets ?? fromService?.subnets
  const securityGroups = config.securityGroups ?? fromService?.securityGroups
  const assignPublicIp = config.assignPublicIp ?? fromService?.assignPublicIp
  let networkConfiguration: RunTaskCommandInput['networkConfiguration']
  if (subnets || securityGroups) {
    if (!awsvpc && (config.subnets || config.securityGroups)) {
      problems.push(
        `\`run-task-subnets\`/\`run-task-security-groups\`: ${taskDefinition.family} uses network mode ${taskDefinition.networkMode ?? 'bridge'}, which takes no network configuration; remove them.`
      )
    }
    if (awsvpc) {
      networkConfiguration = {
        awsvpcConfiguration: {
          subnets: subnets ?? [],
          ...(securityGroups ? { securityGroups } : {}),
          assignPublicIp: assignPublicIp ?? 'DISABLED'
        }
      }
      if (fromService && (!config.subnets || !config.securityGroups)) {
        notes.push(`network configuration from service ${service?.serviceName ?? ''}`)
      }
    }
  }
  if (awsvpc && (!subnets || subnets.length === 0)) {
    problems.push(
      `\`run-task-subnets\`: ${taskDefinition.family} uses network mode awsvpc, so the task needs subnets; set \`run-task-subnets\` (and \`run-task-security-groups\`), or name a \`service\` to copy them from.`
    )
  }

  if (problems.length > 0) {
    const count = problems.length === 1 ? 'a problem' : `${problems.length} problems`
    throw new ActionError(
      `The one-off task has ${count}; nothing was changed:\n${problems.map((x) => `- ${x}`).join('\n')}`
    )
  }

  return {
    cluster: p.cluster,
    count: 1,
    ...placement,
    ...(platformVersion ? { platformVersion } : {}),
    ...(networkConfiguration ? { networkConfiguration } : {}),
    overrides: { containerOverrides: withCommand(config, mainContainer) },
    startedBy: config.startedBy,
    ...(config.tags.length > 0 ? { tags: config.tags } : {}),
    mainContainer,
    notes
  }
}

/** The overrides with `run-task-command` put on the main container. */
function withCommand(config: RunTaskConfig, container: string): ContainerOverride[] {
  const overrides = config.containerOverrides.map((o) => ({ ...o }))
  if (!config.command) return overrides
  const existing = overrides.find((o) => o.name === container)
  if (existing) existing.command = config.command
  else overrides.push({ name: container, command: config.command })
  return overrides
}

/** The RunTask request for the registered revision. */
export function runTaskRequest(
  plan: RunTaskPlan,
  taskDefinitionArn: string,
  clientToken: string
): RunTaskCommandInput {
  const { mainContainer: _main, notes: _notes, ...request } = plan
  return { ...request, taskDefinition: taskDefinitionArn, clientToken }
}

/**
 * RunTask's idempotency token (at most 64 characters): the same workflow run,
 * attempt and step running the same revision gets the same token, so a
 * retried RunTask never starts a second task; a re-run (a new attempt) runs it
 * again. Outside a workflow run there is nothing to derive from: `fallback`.
 */
export function runTaskClientToken(
  runIdentity: string | undefined,
  taskDefinitionArn: string,
  fallback: string
): string {
  if (!runIdentity) return fallback.slice(0, 64)
  return createHash('sha256')
    .update(`run-task\n${runIdentity}\n${taskDefinitionArn}`)
    .digest('hex')
    .slice(0, 64)
}
