import { beforeEach, describe, expect, it } from '@jest/globals'
import { mockClient } from 'aws-sdk-client-mock'
import {
  ApplicationDoesNotExistException,
  CodeDeployClient,
  GetApplicationCommand,
  GetDeploymentCommand,
  GetDeploymentGroupCommand,
  GetDeploymentTargetCommand,
  ListDeploymentTargetsCommand,
  StopDeploymentCommand,
  type LifecycleEvent
} from '@aws-sdk/client-codedeploy'
import {
  CODEDEPLOY_POLL_MS,
  checkCodeDeploy,
  watchCodeDeployment,
  type CodeDeployWatchOptions
} from '../../../src/deploy/codedeploy/watch.js'
import { ActionError } from '../../../src/util/errors.js'
import { MemoryLogger } from '../../../src/util/log.js'
import { FAKE_EPOCH, FakeClock } from '../../../test-support/fake-clock.js'

const T0 = FAKE_EPOCH

const cd = new CodeDeployClient({ region: 'us-east-1' })
const cdMock = mockClient(cd)
let clock: FakeClock
let log: MemoryLogger

function options(over: Partial<CodeDeployWatchOptions> = {}): CodeDeployWatchOptions {
  return {
    cd,
    deploymentId: 'd-ABCDEF123',
    timeoutMs: 30 * 60_000,
    waitUntil: 'complete',
    cancelDeploymentOnAbort: false,
    clock,
    log,
    ...over
  }
}

function target(events: LifecycleEvent[], green = 0): void {
  cdMock.on(GetDeploymentTargetCommand).resolves({
    deploymentTarget: {
      deploymentTargetType: 'ECSTarget',
      ecsTarget: {
        lifecycleEvents: events,
        taskSetsInfo: [
          { taskSetLabel: 'Blue', trafficWeight: 100 - green },
          { taskSetLabel: 'Green', trafficWeight: green }
        ]
      }
    }
  })
}

beforeEach(() => {
  cdMock.reset()
  clock = new FakeClock()
  log = new MemoryLogger()
  cdMock.on(ListDeploymentTargetsCommand).resolves({ targetIds: ['prod:web'] })
})

describe('watchCodeDeployment', () => {
  it('polls every 5 s and succeeds on Succeeded; the target is listed once', async () => {
    cdMock
      .on(GetDeploymentCommand)
      .resolvesOnce({ deploymentInfo: { status: 'InProgress' } })
      .resolves({ deploymentInfo: { status: 'Succeeded' } })
    target([{ lifecycleEventName: 'AllowTraffic', status: 'Succeeded' }], 100)
    const r = await watchCodeDeployment(options())
    expect(r).toMatchObject({ outcome: 'completed', stage: 'Succeeded', stopped: false })
    expect(clock.sleeps).toEqual([CODEDEPLOY_POLL_MS])
    expect(cdMock.commandCalls(ListDeploymentTargetsCommand)).toHaveLength(1)
    expect(cdMock.commandCalls(GetDeploymentTargetCommand)[0]!.args[0].input).toEqual({
      deploymentId: 'd-ABCDEF123',
      targetId: 'prod:web'
    })
    expect(log.lines).toContain('[0:00] Production traffic on the Green task set: 100%')
  })

  it('wait-until: traffic-shifted stops once AfterAllowTraffic succeeded', async () => {
    cdMock.on(GetDeploymentCommand).resolves({ deploymentInfo: { status: 'InProgress' } })
    target([{ lifecycleEventName: 'AfterAllowTraffic', status: 'Succeeded' }], 100)
    const r = await watchCodeDeployment(options({ waitUntil: 'traffic-shifted' }))
    expect(r).toMatchObject({ outcome: 'reached', stage: 'AfterAllowTraffic' })
    expect(r.message).toMatch(/CodeDeploy continues the deployment/)
  })

  it('times out at the budget; the deployment continues', async () => {
    cdMock.on(GetDeploymentCommand).resolves({ deploymentInfo: { status: 'InProgress' } })
    target([{ lifecycleEventName: 'Install', status: 'InProgress' }])
    const r = await watchCodeDeployment(options({ timeoutMs: 12_000 }))
    expect(r.outcome).toBe('timeout')
    expect(clock.t - T0).toBe(12_000)
    expect(r.message).toMatch(/\(at Install\)\. The deployment continues in CodeDeploy\.$/)
  })

  it('cancellation leaves it running unless cancel-deployment-on-abort, which stops it with rollback', async () => {
    for (const cancelDeploymentOnAbort of [false, true]) {
      cdMock.reset()
      cdMock.on(ListDeploymentTargetsCommand).resolves({ targetIds: ['prod:web'] })
      cdMock.on(GetDeploymentCommand).resolves({ deploymentInfo: { status: 'InProgress' } })
      cdMock.on(StopDeploymentCommand).resolves({ status: 'Succeeded' })
      target([{ lifecycleEventName: 'Install', status: 'InProgress' }])
      const abort = new AbortController()
      clock = new FakeClock()
      clock.onSleep = () => abort.abort()
      const r = await watchCodeDeployment(
        options({ cancelDeploymentOnAbort, signal: abort.signal, clock })
      )
      expect(r.outcome).toBe('cancelled')
      expect(r.stopped).toBe(cancelDeploymentOnAbort)
      expect(cdMock.commandCalls(StopDeploymentCommand).map((c) => c.args[0].input)).toEqual(
        cancelDeploymentOnAbort ? [{ deploymentId: 'd-ABCDEF123', autoRollbackEnabled: true }] : []
      )
    }
  })
})

describe('checkCodeDeploy', () => {
  it('names the input for a missing application, and refuses a group of another service', async () => {
    cdMock
      .on(GetApplicationCommand)
      .rejects(new ApplicationDoesNotExistException({ message: 'No application', $metadata: {} }))
    const o = {
      application: 'AppECS-prod-web',
      deploymentGroup: 'DgpECS-prod-web',
      cluster: 'prod',
      service: 'web'
    }
    await expect(checkCodeDeploy(cd, o)).rejects.toThrow(ActionError)
    await expect(checkCodeDeploy(cd, o)).rejects.toThrow(/Set `codedeploy-application`/)

    cdMock.reset()
    cdMock
      .on(GetApplicationCommand)
      .resolves({ application: { applicationName: 'AppECS-prod-web' } })
    cdMock.on(GetDeploymentGroupCommand).resolves({
      deploymentGroupInfo: { ecsServices: [{ clusterName: 'prod', serviceName: 'api' }] }
    })
    await expect(checkCodeDeploy(cd, o)).rejects.toThrow(
      'CodeDeploy deployment group DgpECS-prod-web deploys prod/api, not prod/web. Set `codedeploy-deployment-group` to the group of this service.'
    )
  })
})
