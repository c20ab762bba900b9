import { describe, expect, it } from '@jest/globals'
import {
  codeDeployOutcome,
  decideDeploy,
  decideWatch,
  rollingOutcome,
  scheduledTasksAfter,
  strategyOutcome,
  type DeployFacts
} from '../../../src/deploy/decide.js'
import type { WatchResult } from '../../../src/deploy/watch.js'
import type { StrategyWatchResult } from '../../../src/deploy/strategy/watch.js'
import type { CodeDeployWatchResult } from '../../../src/deploy/codedeploy/watch.js'

const facts = (over: Partial<DeployFacts> = {}): DeployFacts => ({
  codeDeploy: false,
  createsService: false,
  unchanged: false,
  forceNewDeployment: false,
  ...over
})

describe('decideDeploy', () => {
  it('updates a service whose revision changed', () => {
    expect(decideDeploy(facts())).toBe('update')
  })

  it('starts no deployment when the service already runs the revision', () => {
    expect(decideDeploy(facts({ unchanged: true }))).toBe('none')
  })

  it('updates an unchanged revision when forced or given a desired count', () => {
    expect(decideDeploy(facts({ unchanged: true, forceNewDeployment: true }))).toBe('update')
    expect(decideDeploy(facts({ unchanged: true, desiredCount: 3 }))).toBe('update')
    // 0 is a count like any other, not "unset".
    expect(decideDeploy(facts({ unchanged: true, desiredCount: 0 }))).toBe('update')
  })

  it('creates a new preview even when its revision equals one running elsewhere', () => {
    expect(decideDeploy(facts({ createsService: true, unchanged: true }))).toBe('create')
  })

  it('hands a CODE_DEPLOY service to CodeDeploy whatever else holds', () => {
    expect(decideDeploy(facts({ codeDeploy: true, unchanged: true }))).toBe('codedeploy')
    expect(decideDeploy(facts({ codeDeploy: true, forceNewDeployment: true }))).toBe('codedeploy')
  })
})

describe('decideWatch', () => {
  const base = {
    service: 'web',
    taskDefinitionArn: 'arn:aws:ecs:eu-west-1:1:task-definition/web:8',
    waitForServiceStability: true
  }

  it('ends unchanged when no deployment was started', () => {
    expect(decideWatch({ ...base, deploymentId: undefined })).toEqual({
      kind: 'done',
      result: 'unchanged',
      message: 'web already runs arn:aws:ecs:eu-west-1:1:task-definition/web:8.'
    })
  })

  it('ends deployed without watching when told not to wait', () => {
    expect(
      decideWatch({ ...base, deploymentId: 'ecs-svc/1', waitForServiceStability: false })
    ).toEqual({
      kind: 'done',
      result: 'deployed',
      message: 'Deployment ecs-svc/1 started; not waiting (wait-for-service-stability: false).'
    })
  })

  it('watches a rolling deployment, or one without a known configuration, by its rollout', () => {
    expect(decideWatch({ ...base, deploymentId: 'ecs-svc/1' })).toEqual({
      kind: 'rolling',
      deploymentId: 'ecs-svc/1'
    })
    const rolling = { deploymentConfiguration: { strategy: 'ROLLING' as const } }
    expect(decideWatch({ ...base, deploymentId: 'ecs-svc/1', before: rolling }).kind).toBe(
      'rolling'
    )
  })

  it('watches blue/green, linear and canary deployments by their stages', () => {
    for (const strategy of ['BLUE_GREEN', 'LINEAR', 'CANARY'] as const) {
      const before = { deploymentConfiguration: { strategy } }
      expect(decideWatch({ ...base, deploymentId: 'ecs-svc/2', before })).toEqual({
        kind: 'strategy',
        deploymentId: 'ecs-svc/2'
      })
    }
  })
})

const watch = (over: Partial<WatchResult>): WatchResult => ({
  outcome: 'completed',
  deploymentId: 'ecs-svc/1',
  message: 'stable',
  rolledBack: false,
  polls: 3,
  elapsedMs: 15000,
  ...over
})

describe('rollingOutcome', () => {
  it('maps completed to deployed, without the console link', () => {
    expect(
      rollingOutcome(
        watch({ consoleUrl: 'https://console/x', runningTaskDefinition: 'arn:td/web:8' })
      )
    ).toEqual({
      result: 'deployed',
      message: 'stable',
      rolledBack: false,
      runningTaskDefinition: 'arn:td/web:8'
    })
  })

  it('maps cancelled to cancelled and every other end to failed, with the rollback', () => {
    expect(rollingOutcome(watch({ outcome: 'cancelled', message: 'stop' })).result).toBe(
      'cancelled'
    )
    for (const outcome of ['failed', 'timeout', 'superseded', 'inactive'] as const) {
      expect(
        rollingOutcome(
          watch({
            outcome,
            message: 'broken',
            rolledBack: true,
            rollback: { by: 'ecs', deploymentId: 'ecs-svc/9', state: 'in-progress' },
            consoleUrl: 'https://console/x'
          })
        )
      ).toEqual({
        result: 'failed',
        message: 'broken',
        rolledBack: true,
        rollbackDeploymentId: 'ecs-svc/9',
        consoleUrl: 'https://console/x'
      })
    }
  })
})

const strategyWatch = (over: Partial<StrategyWatchResult>): StrategyWatchResult => ({
  outcome: 'completed',
  message: 'done',
  rollbackRequested: false,
  polls: 2,
  ...over
})

describe('strategyOutcome', () => {
  it('counts completed and a reached wait-until stage as deployed', () => {
    expect(strategyOutcome(strategyWatch({ stage: 'SUCCESSFUL' }))).toEqual({
      result: 'deployed',
      message: 'done',
      rolledBack: false,
      deploymentStage: 'SUCCESSFUL'
    })
    expect(strategyOutcome(strategyWatch({ outcome: 'reached' })).result).toBe('deployed')
  })

  it('reports a rollback when one was requested or the stage says ECS rolls back', () => {
    expect(strategyOutcome(strategyWatch({ outcome: 'failed', rollbackRequested: true }))).toEqual({
      result: 'failed',
      message: 'done',
      rolledBack: true
    })
    for (const stage of ['ROLLBACK_REQUESTED', 'ROLLBACK_IN_PROGRESS', 'ROLLBACK_SUCCESSFUL']) {
      expect(strategyOutcome(strategyWatch({ outcome: 'failed', stage })).rolledBack).toBe(true)
    }
    // A rollback that failed did not put the service back.
    expect(
      strategyOutcome(strategyWatch({ outcome: 'failed', stage: 'ROLLBACK_FAILED' })).rolledBack
    ).toBe(false)
    expect(strategyOutcome(strategyWatch({ outcome: 'cancelled' })).result).toBe('cancelled')
    expect(strategyOutcome(strategyWatch({ outcome: 'timeout' })).result).toBe('failed')
  })
})

describe('codeDeployOutcome', () => {
  const codeDeployWatch = (over: Partial<CodeDeployWatchResult>): CodeDeployWatchResult => ({
    outcome: 'completed',
    message: 'The CodeDeploy deployment Succeeded.',
    stopped: false,
    ...over
  })

  it('counts a succeeded deployment as deployed, with its final status as the stage', () => {
    expect(codeDeployOutcome(codeDeployWatch({ stage: 'Succeeded' }))).toEqual({
      result: 'deployed',
      message: 'The CodeDeploy deployment Succeeded.',
      deploymentStage: 'Succeeded'
    })
  })

  it('counts a reached wait-until point as deployed and says where it stopped', () => {
    expect(
      codeDeployOutcome(
        codeDeployWatch({ outcome: 'reached', stage: 'AfterAllowTraffic' }),
        'traffic-shifted'
      )
    ).toMatchObject({
      result: 'deployed',
      stoppedAt: 'traffic-shifted',
      deploymentStage: 'AfterAllowTraffic'
    })
  })

  it('fails on failure and timeout, cancels on cancel, and claims no rollback', () => {
    const failed = codeDeployOutcome(codeDeployWatch({ outcome: 'failed', stage: 'Failed' }))
    expect(failed).toEqual({
      result: 'failed',
      message: 'The CodeDeploy deployment Succeeded.',
      deploymentStage: 'Failed'
    })
    expect(codeDeployOutcome(codeDeployWatch({ outcome: 'timeout' })).result).toBe('failed')
    expect(codeDeployOutcome(codeDeployWatch({ outcome: 'cancelled' })).result).toBe('cancelled')
  })
})

describe('scheduledTasksAfter', () => {
  const revisions = {
    taskDefinitionArn: 'arn:td/web:8',
    previousTaskDefinitionArn: 'arn:td/web:7'
  }

  it('moves them to the new revision on success', () => {
    expect(scheduledTasksAfter({ result: 'deployed', rolledBack: false }, revisions)).toEqual({
      to: 'arn:td/web:8'
    })
  })

  it('after a rollback, moves back only those on the failed revision', () => {
    expect(scheduledTasksAfter({ result: 'failed', rolledBack: true }, revisions)).toEqual({
      to: 'arn:td/web:7',
      onlyFrom: 'arn:td/web:8'
    })
    // Without a known previous revision: the one running now.
    expect(
      scheduledTasksAfter(
        { result: 'failed', rolledBack: true, runningTaskDefinition: 'arn:td/web:6' },
        { taskDefinitionArn: 'arn:td/web:8' }
      )
    ).toEqual({ to: 'arn:td/web:6', onlyFrom: 'arn:td/web:8' })
  })

  it('follows a strategy or CodeDeploy success the same way, once production traffic moved', () => {
    const strategyDone = strategyOutcome(strategyWatch({ stage: 'SUCCESSFUL' }))
    const codeDeployDone = codeDeployOutcome({
      outcome: 'completed',
      message: 'ok',
      stopped: false
    })
    const shifted = strategyOutcome(strategyWatch({ outcome: 'reached' }), 'traffic-shifted')
    for (const outcome of [strategyDone, codeDeployDone, shifted]) {
      expect(scheduledTasksAfter(outcome, revisions)).toEqual({ to: 'arn:td/web:8' })
    }
  })

  it('leaves them alone while only test traffic is on the new revision', () => {
    const strategy = strategyOutcome(strategyWatch({ outcome: 'reached' }), 'test-traffic')
    const codeDeploy = codeDeployOutcome(
      { outcome: 'reached', message: 'test traffic', stopped: false },
      'test-traffic'
    )
    expect(strategy.stoppedAt).toBe('test-traffic')
    expect(scheduledTasksAfter(strategy, revisions)).toBeUndefined()
    expect(scheduledTasksAfter(codeDeploy, revisions)).toBeUndefined()
  })

  it('after a strategy rollback, moves back those on the failed revision', () => {
    const rolledBack = strategyOutcome(
      strategyWatch({ outcome: 'failed', stage: 'ROLLBACK_SUCCESSFUL' })
    )
    expect(scheduledTasksAfter(rolledBack, revisions)).toEqual({
      to: 'arn:td/web:7',
      onlyFrom: 'arn:td/web:8'
    })
  })

  it('leaves them alone after a failure without rollback, or with nowhere to go back to', () => {
    expect(scheduledTasksAfter({ result: 'failed', rolledBack: false }, revisions)).toBeUndefined()
    expect(
      scheduledTasksAfter({ result: 'cancelled', rolledBack: false }, revisions)
    ).toBeUndefined()
    expect(
      scheduledTasksAfter({ result: 'failed', rolledBack: true }, { taskDefinitionArn: 'x:8' })
    ).toBeUndefined()
  })
})
