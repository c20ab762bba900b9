import { describe, expect, it } from '@jest/globals'
import {
  deploymentStrategy,
  describeStrategy,
  strategyInputsNote,
  usesStrategyWatch
} from '../../../../src/deploy/strategy/detect.js'
import { parseStrategyInputs } from '../../../../src/inputs/strategy.js'
import { parseInputs } from '../../../../src/inputs/parse.js'
import { ActionError } from '../../../../src/util/errors.js'

describe('deploymentStrategy', () => {
  it('is ROLLING when unset, else what the service says', () => {
    expect(deploymentStrategy({})).toBe('ROLLING')
    expect(deploymentStrategy({ deploymentConfiguration: {} })).toBe('ROLLING')
    for (const s of ['BLUE_GREEN', 'LINEAR', 'CANARY'] as const) {
      expect(deploymentStrategy({ deploymentConfiguration: { strategy: s } })).toBe(s)
      expect(usesStrategyWatch({ deploymentConfiguration: { strategy: s } })).toBe(true)
    }
    expect(usesStrategyWatch({ deploymentConfiguration: { strategy: 'ROLLING' } })).toBe(false)
  })

  it('describes the strategy for the validation log', () => {
    expect(describeStrategy({})).toBe('rolling update (strategy ROLLING)')
    expect(
      describeStrategy({
        deploymentConfiguration: {
          strategy: 'CANARY',
          bakeTimeInMinutes: 10,
          canaryConfiguration: { canaryPercent: 10, canaryBakeTimeInMinutes: 5 },
          lifecycleHooks: [{ hookTargetArn: 'arn:fn', lifecycleStages: ['POST_SCALE_UP'] }]
        }
      })
    ).toBe(
      'CANARY deployment (10% canary for 5 min, then the rest, bake time 10 min, 1 lifecycle hook), watched through the service-deployment API'
    )
    expect(
      describeStrategy({ deploymentConfiguration: { strategy: 'LINEAR', bakeTimeInMinutes: 0 } })
    ).toMatch(/^LINEAR deployment \(10% of production traffic per step, 6 min between steps/)
  })
})

describe('strategyInputsNote', () => {
  const bg = { deploymentConfiguration: { strategy: 'BLUE_GREEN' as const } }
  it('warns when strategy-only inputs are set for a rolling service', () => {
    expect(
      strategyInputsNote({}, { waitUntil: 'traffic-shifted', cancelDeploymentOnAbort: true })
    ).toBe(
      'wait-until: traffic-shifted and cancel-deployment-on-abort: true apply only to services with a BLUE_GREEN, LINEAR or CANARY strategy or the CODE_DEPLOY controller; this rolling deployment is watched until it completes.'
    )
    expect(
      strategyInputsNote({}, { waitUntil: 'complete', cancelDeploymentOnAbort: false })
    ).toBeUndefined()
    expect(
      strategyInputsNote(bg, { waitUntil: 'test-traffic', cancelDeploymentOnAbort: true })
    ).toBeUndefined()
  })
})

describe('strategy inputs', () => {
  const get = (inputs: Record<string, string>) => (name: string) => inputs[name] ?? ''
  it('defaults to complete and leaving the deployment running on cancellation', () => {
    const problems: string[] = []
    expect(parseStrategyInputs(get({}), () => false, problems)).toEqual({
      waitUntil: 'complete',
      cancelDeploymentOnAbort: false
    })
    expect(problems).toEqual([])
  })

  it('accepts the three wait points in any case', () => {
    for (const w of ['complete', 'Traffic-Shifted', 'TEST-TRAFFIC']) {
      const problems: string[] = []
      expect(parseStrategyInputs(get({ 'wait-until': w }), () => true, problems).waitUntil).toBe(
        w.toLowerCase()
      )
      expect(problems).toEqual([])
    }
  })

  it('names the input and the choices for anything else, before anything happens', () => {
    const env = { GITHUB_SHA: 'a'.repeat(40), AWS_REGION: 'us-east-1' }
    const inputs: Record<string, string> = {
      image: 'nginx:1.27',
      service: 'web',
      'wait-until': 'baked',
      'cancel-deployment-on-abort': 'maybe'
    }
    let error: unknown
    try {
      parseInputs((n) => inputs[n] ?? '', env)
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(ActionError)
    const message = (error as Error).message
    expect(message).toContain(
      '`wait-until`: "baked" is not a stage to wait for; use complete, traffic-shifted or test-traffic.'
    )
    expect(message).toContain('`cancel-deployment-on-abort`: "maybe" is not a boolean')
  })

  it('reaches the config', () => {
    const inputs: Record<string, string> = {
      image: 'nginx:1.27',
      service: 'web',
      'wait-until': 'traffic-shifted',
      'cancel-deployment-on-abort': 'true'
    }
    const config = parseInputs((n) => inputs[n] ?? '', { AWS_REGION: 'us-east-1' })
    expect(config.strategy).toEqual({ waitUntil: 'traffic-shifted', cancelDeploymentOnAbort: true })
  })
})
