import { quote } from '../util/errors.js'
import type { StrategyInputs, WaitUntil } from './config.js'

/**
 * Inputs for ECS-native blue/green, linear and canary deployments
 * (docs/blue-green.md). Pure; problems are added to `problems`, named by input.
 */
export const WAIT_UNTIL_VALUES: readonly WaitUntil[] = [
  'complete',
  'traffic-shifted',
  'test-traffic'
]

export function parseStrategyInputs(
  input: (name: string) => string,
  bool: (name: 'cancel-deployment-on-abort') => boolean,
  problems: string[]
): StrategyInputs {
  const raw = input('wait-until').toLowerCase()
  let waitUntil: WaitUntil = 'complete'
  if (raw !== '') {
    if ((WAIT_UNTIL_VALUES as readonly string[]).includes(raw)) waitUntil = raw as WaitUntil
    else {
      problems.push(
        `\`wait-until\`: ${quote(input('wait-until'))} is not a stage to wait for; use complete, traffic-shifted or test-traffic.`
      )
    }
  }
  return { waitUntil, cancelDeploymentOnAbort: bool('cancel-deployment-on-abort') }
}
