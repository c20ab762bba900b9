/**
 * Which deployment strategy a service uses, and a one-line description of it
 * for the validation log. Pure, over the DescribeServices shape.
 */
import type { Service } from '@aws-sdk/client-ecs'
import type { StrategyInputs } from '../../inputs/config.js'

export type Strategy = 'ROLLING' | 'BLUE_GREEN' | 'LINEAR' | 'CANARY'

/** The ECS-controller strategy; ROLLING when unset (the API default). */
export function deploymentStrategy(service: Pick<Service, 'deploymentConfiguration'>): Strategy {
  const s = service.deploymentConfiguration?.strategy
  return s === 'BLUE_GREEN' || s === 'LINEAR' || s === 'CANARY' ? s : 'ROLLING'
}

/** True when the deployment is watched through the service-deployment API. */
export function usesStrategyWatch(service: Pick<Service, 'deploymentConfiguration'>): boolean {
  return deploymentStrategy(service) !== 'ROLLING'
}

export function describeStrategy(
  service: Pick<Service, 'deploymentConfiguration' | 'deploymentController'>
): string {
  if (service.deploymentController?.type === 'CODE_DEPLOY') {
    return 'CodeDeploy blue/green (deployment controller CODE_DEPLOY)'
  }
  const c = service.deploymentConfiguration ?? {}
  const strategy = deploymentStrategy(service)
  if (strategy === 'ROLLING') return 'rolling update (strategy ROLLING)'
  const parts: string[] = []
  if (strategy === 'LINEAR') {
    const l = c.linearConfiguration ?? {}
    parts.push(
      `${l.stepPercent ?? 10}% of production traffic per step, ${l.stepBakeTimeInMinutes ?? 6} min between steps`
    )
  } else if (strategy === 'CANARY') {
    const k = c.canaryConfiguration ?? {}
    parts.push(
      `${k.canaryPercent ?? 5}% canary for ${k.canaryBakeTimeInMinutes ?? 10} min, then the rest`
    )
  }
  parts.push(`bake time ${c.bakeTimeInMinutes ?? 0} min`)
  const hooks = c.lifecycleHooks ?? []
  if (hooks.length > 0) {
    parts.push(`${hooks.length} lifecycle hook${hooks.length === 1 ? '' : 's'}`)
  }
  return `${strategy} deployment (${parts.join(', ')}), watched through the service-deployment API`
}

/** A warning when strategy-only inputs are set for a rolling service (they do nothing there). */
export function strategyInputsNote(
  service: Pick<Service, 'deploymentConfiguration' | 'deploymentController'>,
  inputs: StrategyInputs | undefined
): string | undefined {
  if (!inputs || usesStrategyWatch(service)) return undefined
  if (service.deploymentController?.type === 'CODE_DEPLOY') return undefined
  const set = [
    ...(inputs.waitUntil !== 'complete' ? [`wait-until: ${inputs.waitUntil}`] : []),
    ...(inputs.cancelDeploymentOnAbort ? ['cancel-deployment-on-abort: true'] : [])
  ]
  if (set.length === 0) return undefined
  return `${set.join(' and ')} apply only to services with a BLUE_GREEN, LINEAR or CANARY strategy or the CODE_DEPLOY controller; this rolling deployment is watched until it completes.`
}
