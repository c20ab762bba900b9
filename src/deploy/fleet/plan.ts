/**
 * Validation of a run over several services, as pure decisions over what
 * one DescribeServices returned: which services can be deployed together,
 * and which share a family (and so one new revision). Nothing here talks to AWS.
 */
import type { DescribeServicesCommandOutput, Service } from '@aws-sdk/client-ecs'
import { deploymentStrategy, usesStrategyWatch } from '../strategy/detect.js'
import { serviceKey } from './inputs.js'
import { familyOf, taskDefinitionRevision } from '../../aws/arn.js'

/** A service found ACTIVE with the ECS controller and a rolling deployment. */
export interface FleetMember {
  /** As given in `service` (name or ARN). */
  ref: string
  /** Its name: the key of outputs and log lines. */
  name: string
  service: Service
  /** The revision it runs now: the base of its new revision and the rollback target. */
  taskDefinitionArn: string
  family: string
}

/** Services sharing one family share one new revision, rendered from the revision they run. */
export interface FleetFamily {
  family: string
  /** The revision every member runs now. */
  currentArn: string
  /** Member names, in the order given. */
  services: string[]
}

/**
 * Every service of the list checked at once: found, ACTIVE, deployed by ECS
 * with a rolling update, running a task definition. Problems name the service
 * and the fix; an empty list means the members are complete.
 */
export function checkFleetServices(
  refs: readonly string[],
  described: Pick<DescribeServicesCommandOutput, 'services' | 'failures'>,
  where: string
): { members: FleetMember[]; problems: string[] } {
  const members: FleetMember[] = []
  const problems: string[] = []
  for (const ref of refs) {
    const name = serviceKey(ref)
    const found = (described.services ?? []).find(
      (s) => s.serviceName === ref || s.serviceArn === ref
    )
    if (!found) {
      const failure = (described.failures ?? []).find(
        (f) => f.arn === ref || (f.arn ?? '').endsWith(`/${name}`)
      )
      problems.push(
        !failure || failure.reason === 'MISSING'
          ? `Service ${name} not found in ${where}. Check \`service\`, \`cluster\` and \`aws-region\`.`
          : `Could not describe service ${name} in ${where}: ${failure.reason ?? 'unknown reason'}${failure.detail ? ` (${failure.detail})` : ''}.`
      )
      continue
    }
    if (found.status !== 'ACTIVE') {
      problems.push(
        `Service ${name} in ${where} is ${found.status ?? 'not ACTIVE'}: only ACTIVE services can be deployed. Remove it from \`service\`.`
      )
      continue
    }
    const controller = found.deploymentController?.type ?? 'ECS'
    if (controller !== 'ECS') {
      problems.push(
        `Service ${name} uses the ${controller} deployment controller: with several services every one must be deployed by ECS itself; deploy ${name} in a step of its own.`
      )
      continue
    }
    if (usesStrategyWatch(found)) {
      problems.push(
        `Service ${name} uses the ${deploymentStrategy(found)} deployment strategy: with several services every one must use rolling updates; deploy ${name} in a step of its own.`
      )
      continue
    }
    if (!found.taskDefinition) {
      problems.push(
        `Service ${name} runs no task definition: nothing to start its new revision from.`
      )
      continue
    }
    members.push({
      ref,
      name,
      service: found,
      taskDefinitionArn: found.taskDefinition,
      family: familyOf(found.taskDefinition)
    })
  }
  return { members, problems }
}

/**
 * Members grouped by family, in the order first named. Members of one family
 * must run the same revision: one new revision per family is rendered from it.
 */
export function groupByFamily(members: readonly FleetMember[]): {
  families: FleetFamily[]
  problems: string[]
} {
  const families: FleetFamily[] = []
  const problems: string[] = []
  for (const m of members) {
    const family = families.find((f) => f.family === m.family)
    if (!family) {
      families.push({ family: m.family, currentArn: m.taskDefinitionArn, services: [m.name] })
      continue
    }
    family.services.push(m.name)
    if (family.currentArn !== m.taskDefinitionArn) {
      problems.push(
        `Services ${family.services.join(', ')} share the family ${m.family} but run different revisions (${taskDefinitionRevision(family.currentArn)}, ${taskDefinitionRevision(m.taskDefinitionArn)}): one run registers one revision per family, from the revision its services run; bring them to one revision first, or deploy them in separate steps.`
      )
    }
  }
  return { families, problems }
}
