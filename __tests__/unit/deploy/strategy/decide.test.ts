import { describe, expect, it } from '@jest/globals'
import type { ServiceDeployment } from '@aws-sdk/client-ecs'
import {
  decide,
  hookName,
  initialDecideMemory,
  oneLine,
  snapshotServiceDeployment,
  stageAtOrAfter,
  type DecideMemory,
  type Decision,
  type DeploymentSnapshot
} from '../../../../src/deploy/strategy/decide.js'
import type { WaitUntil } from '../../../../src/inputs/config.js'

const ARN = 'arn:aws:ecs:us-east-1:123456789012:service-deployment/prod/web/NCWGC2ZR-taUyKDe8jPVE9'
const HOOK = 'arn:aws:lambda:us-east-1:123456789012:function:smoke-test'

function snap(over: Partial<DeploymentSnapshot> = {}): DeploymentSnapshot {
  return { arn: ARN, status: 'IN_PROGRESS', stage: 'PRE_SCALE_UP', hooks: [], ...over }
}

/** Feeds snapshots in order, as polls would, and returns every decision. */
function run(
  snapshots: DeploymentSnapshot[],
  waitUntil: WaitUntil = 'complete',
  strategy = 'BLUE_GREEN'
): Decision[] {
  let memory: DecideMemory = initialDecideMemory()
  return snapshots.map((snapshot) => {
    const d = decide({ snapshot, memory, waitUntil, strategy })
    memory = d.memory
    return d
  })
}

describe('snapshotServiceDeployment', () => {
  it('takes status, stage, green traffic, hooks and rollback from the SDK shape', () => {
    const d: ServiceDeployment = {
      serviceDeploymentArn: ARN,
      status: 'ROLLBACK_IN_PROGRESS',
      statusReason: 'Lifecycle hook failed.',
      lifecycleStage: 'POST_TEST_TRAFFIC_SHIFT',
      targetServiceRevision: {
        arn: 'arn:rev/2',
        requestedProductionTrafficWeight: 0,
        requestedTestTrafficWeight: 100
      },
      lifecycleHookDetails: [{ hookId: 'h1', targetArn: HOOK, status: 'FAILED' }],
      rollback: { reason: 'hook failed' }
    }
    expect(snapshotServiceDeployment(d)).toEqual({
      arn: ARN,
      status: 'ROLLBACK_IN_PROGRESS',
      statusReason: 'Lifecycle hook failed.',
      stage: 'POST_TEST_TRAFFIC_SHIFT',
      productionTraffic: 0,
      testTraffic: 100,
      targetRevisionArn: 'arn:rev/2',
      hooks: [{ key: 'h1', name: 'smoke-test', status: 'FAILED' }],
      rollbackReason: 'hook failed'
    })
  })

  it('names hooks by their Lambda function, PAUSE hooks by type', () => {
    expect(hookName(HOOK, 'AWS_LAMBDA')).toBe('smoke-test')
    expect(hookName(`${HOOK}:live`, 'AWS_LAMBDA')).toBe('smoke-test')
    expect(hookName(undefined, 'PAUSE')).toBe('PAUSE')
  })
})

describe('decide', () => {
  it('prints each stage transition once, in order', () => {
    const stages = [
      'PRE_SCALE_UP',
      'SCALE_UP',
      'SCALE_UP',
      'TEST_TRAFFIC_SHIFT',
      'POST_TEST_TRAFFIC_SHIFT',
      'PRODUCTION_TRAFFIC_SHIFT',
      'BAKE_TIME',
      'CLEAN_UP'
    ]
    const lines = run(stages.map((stage) => snap({ stage }))).flatMap((d) => d.lines)
    expect(lines).toEqual([
      'Service deployment IN_PROGRESS, stage PRE_SCALE_UP',
      'Stage PRE_SCALE_UP → SCALE_UP',
      'Stage SCALE_UP → TEST_TRAFFIC_SHIFT',
      'Stage TEST_TRAFFIC_SHIFT → POST_TEST_TRAFFIC_SHIFT',
      'Stage POST_TEST_TRAFFIC_SHIFT → PRODUCTION_TRAFFIC_SHIFT',
      'Stage PRODUCTION_TRAFFIC_SHIFT → BAKE_TIME',
      'Stage BAKE_TIME → CLEAN_UP'
    ])
  })

  it('prints every production traffic step of a CANARY or LINEAR deployment', () => {
    const traffic = [0, 0, 10, 10, 100]
    for (const strategy of ['CANARY', 'LINEAR']) {
      const lines = run(
        traffic.map((productionTraffic) =>
          snap({ stage: 'PRODUCTION_TRAFFIC_SHIFT', productionTraffic })
        ),
        'complete',
        strategy
      ).flatMap((d) => d.lines)
      expect(lines.filter((l) => l.startsWith('Production'))).toEqual([
        'Production traffic on the new revision: 10%',
        'Production traffic on the new revision: 100%'
      ])
    }
  })

  it('prints only the full shift for BLUE_GREEN, and test traffic when it moves', () => {
    const lines = run([
      snap({ stage: 'TEST_TRAFFIC_SHIFT', testTraffic: 0, productionTraffic: 0 }),
      snap({ stage: 'POST_TEST_TRAFFIC_SHIFT', testTraffic: 100, productionTraffic: 0 }),
      snap({ stage: 'PRODUCTION_TRAFFIC_SHIFT', testTraffic: 100, productionTraffic: 50 }),
      snap({ stage: 'BAKE_TIME', testTraffic: 100, productionTraffic: 100 })
    ]).flatMap((d) => d.lines)
    expect(lines.filter((l) => /traffic/.test(l))).toEqual([
      'Test traffic on the new revision: 100%',
      'Production traffic on the new revision: 100%'
    ])
  })

  it('reports hooks running and succeeding, with the stage they run at', () => {
    const decisions = run([
      snap({ stage: 'POST_SCALE_UP', hooks: [{ key: 'h1', name: 'warm', status: 'IN_PROGRESS' }] }),
      snap({ stage: 'POST_SCALE_UP', hooks: [{ key: 'h1', name: 'warm', status: 'IN_PROGRESS' }] }),
      snap({ stage: 'POST_SCALE_UP', hooks: [{ key: 'h1', name: 'warm', status: 'SUCCEEDED' }] })
    ])
    expect(decisions.flatMap((d) => d.lines).filter((l) => l.startsWith('Hook'))).toEqual([
      'Hook warm at POST_SCALE_UP: IN_PROGRESS',
      'Hook warm at POST_SCALE_UP: SUCCEEDED'
    ])
    expect(decisions.map((d) => d.verdict)).toEqual(['continue', 'continue', 'continue'])
  })

  it('fails on a failed hook, naming it, even before ECS changes the status', () => {
    const [first, second] = run([
      snap({
        stage: 'POST_TEST_TRAFFIC_SHIFT',
        hooks: [{ key: 'h', name: 'smoke-test', status: 'IN_PROGRESS' }]
      }),
      snap({
        stage: 'POST_TEST_TRAFFIC_SHIFT',
        hooks: [{ key: 'h', name: 'smoke-test', status: 'FAILED' }]
      })
    ])
    expect(first!.verdict).toBe('continue')
    expect(second!.verdict).toBe('failed')
    expect(second!.failedHook).toBe('smoke-test at POST_TEST_TRAFFIC_SHIFT')
    expect(second!.reason).toMatch(/^Lifecycle hook smoke-test at POST_TEST_TRAFFIC_SHIFT failed/)
    expect(second!.ecsUndoing).toBe(false)
  })

  it('a timed-out hook fails too', () => {
    const [d] = run([snap({ hooks: [{ key: 'h', name: 'gate', status: 'TIMED_OUT' }] })])
    expect(d!.verdict).toBe('failed')
    expect(d!.reason).toMatch(/gate at PRE_SCALE_UP timed out/)
  })

  it.each([
    'ROLLBACK_REQUESTED',
    'ROLLBACK_IN_PROGRESS',
    'ROLLBACK_SUCCESSFUL',
    'ROLLBACK_FAILED',
    'STOP_REQUESTED',
    'STOPPED'
  ])('%s is a failure ECS is already undoing', (status) => {
    const [d] = run([snap({ status, statusReason: 'circuit breaker' })])
    expect(d!.verdict).toBe('failed')
    expect(d!.ecsUndoing).toBe(true)
    expect(d!.reason).toContain(status)
    expect(d!.reason).toContain('circuit breaker')
  })

  it('SUCCESSFUL completes whatever wait-until says', () => {
    for (const w of ['complete', 'traffic-shifted', 'test-traffic'] as const) {
      expect(run([snap({ status: 'SUCCESSFUL', stage: 'CLEAN_UP' })], w)[0]!.verdict).toBe(
        'succeeded'
      )
    }
  })

  it('traffic-shifted stops at BAKE_TIME, not before; complete keeps waiting', () => {
    const stages = ['PRODUCTION_TRAFFIC_SHIFT', 'POST_PRODUCTION_TRAFFIC_SHIFT', 'BAKE_TIME']
    const shifted = run(
      stages.map((stage) => snap({ stage })),
      'traffic-shifted'
    )
    expect(shifted.map((d) => d.verdict)).toEqual(['continue', 'continue', 'reached'])
    expect(shifted[2]!.reason).toMatch(/stage BAKE_TIME.*ECS continues the deployment/)
    expect(
      run(
        stages.map((stage) => snap({ stage })),
        'complete'
      ).map((d) => d.verdict)
    ).toEqual(['continue', 'continue', 'continue'])
  })

  it('test-traffic stops once test traffic is on green', () => {
    const stages = ['SCALE_UP', 'TEST_TRAFFIC_SHIFT', 'POST_TEST_TRAFFIC_SHIFT']
    expect(
      run(
        stages.map((stage) => snap({ stage })),
        'test-traffic'
      ).map((d) => d.verdict)
    ).toEqual(['continue', 'continue', 'reached'])
    // Seen first at a later stage (a poll missed the earlier ones): reached all the same.
    expect(run([snap({ stage: 'BAKE_TIME' })], 'test-traffic')[0]!.verdict).toBe('reached')
  })

  it('a rollback at a stage past the wait point is still a failure', () => {
    const [d] = run(
      [snap({ status: 'ROLLBACK_IN_PROGRESS', stage: 'BAKE_TIME' })],
      'traffic-shifted'
    )
    expect(d!.verdict).toBe('failed')
  })
})

describe('helpers', () => {
  it('orders stages', () => {
    expect(stageAtOrAfter('BAKE_TIME', 'POST_TEST_TRAFFIC_SHIFT')).toBe(true)
    expect(stageAtOrAfter('SCALE_UP', 'POST_TEST_TRAFFIC_SHIFT')).toBe(false)
    expect(stageAtOrAfter(undefined, 'BAKE_TIME')).toBe(false)
  })

  it('keeps AWS text on one line', () => {
    expect(oneLine('a\n::error::x\r\nb')).toBe('a ::error::x b')
    expect(oneLine('x'.repeat(400))).toHaveLength(301)
  })
})
