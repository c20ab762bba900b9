/**
 * Three services' watches (watch.ts, unchanged in what they decide) reading
 * their services through one batch: one DescribeServices per 5 s poll with
 * every service still watched, whatever each service's own pace.
 */
import { describe, expect, it } from '@jest/globals'
import { mockClient } from 'aws-sdk-client-mock'
import { DescribeServicesCommand, ECSClient, type Service } from '@aws-sdk/client-ecs'
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs'
import { watchDeployment } from '../../../../src/deploy/watch.js'
import { DescribeServicesBatch } from '../../../../src/deploy/fleet/batch.js'
import { serviceLogger } from '../../../../src/deploy/fleet/view.js'
import { MemoryLogger } from '../../../../src/util/log.js'
import { FakeClock } from '../../../../test-support/fake-clock.js'
import {
  T0,
  ecsDeployment,
  ecsService,
  taskDefinitionArn
} from '../../../../test-support/deployments.js'

const td = (name: string, rev: number): string => taskDefinitionArn(rev, 'eu-west-1', name)
const id = (name: string): string => `ecs-svc/${String(name.length).padStart(19, '7')}`

/** The service after `n` polls: its new deployment completes at poll `doneAt`. */
function snapshot(name: string, n: number, doneAt: number): Service {
  const done = n >= doneAt
  const deployment = ecsDeployment({
    id: id(name),
    taskDefinition: td(name, 2),
    desiredCount: 1,
    runningCount: done ? 1 : 0,
    pendingCount: done ? 0 : 1,
    rolloutState: done ? 'COMPLETED' : 'IN_PROGRESS',
    rolloutStateReason: undefined
  })
  return ecsService([deployment], [], null, {
    serviceName: name,
    desiredCount: 1,
    taskDefinition: td(name, 2)
  })
}

describe('several watches, one DescribeServices per poll', () => {
  it('three services finishing at different polls: 4 calls in 15 s, not 9', async () => {
    const ecs = new ECSClient({ region: 'eu-west-1' })
    const logs = new CloudWatchLogsClient({ region: 'eu-west-1' })
    const ecsMock = mockClient(ecs)
    const clock = new FakeClock(T0 + 500, { timers: true })
    const doneAt: Record<string, number> = { web: 2, worker: 3, scheduler: 4 }
    const seen: Record<string, number> = {}
    const calls: Array<{ at: number; services: string[] }> = []
    ecsMock.on(DescribeServicesCommand).callsFake((input: { services: string[] }) => {
      calls.push({ at: clock.now() - T0 - 500, services: input.services })
      return {
        services: input.services.map((s) => {
          seen[s] = (seen[s] ?? 0) + 1
          return snapshot(s, seen[s], doneAt[s]!)
        }),
        failures: []
      }
    })
    const batch = new DescribeServicesBatch({
      clock,
      send: (services) => ecs.send(new DescribeServicesCommand({ cluster: 'prod', services }))
    })
    const log = new MemoryLogger()
    const results = await clock.run(
      Promise.all(
        Object.keys(doneAt).map(async (name) => {
          const describe = batch.describer(name)
          try {
            return await watchDeployment({
              ecs,
              logs,
              cluster: 'prod',
              service: name,
              deploymentId: id(name),
              taskDefinitionArn: td(name, 2),
              previousTaskDefinitionArn: td(name, 1),
              timeoutMs: 600_000,
              rollbackOnFailure: true,
              clock,
              log: serviceLogger(log, name, 9),
              describe
            })
          } finally {
            batch.done(name)
          }
        })
      )
    )
    expect(results.map((r) => [r.outcome, r.polls])).toEqual([
      ['completed', 2],
      ['completed', 3],
      ['completed', 4]
    ])
    expect(calls).toEqual([
      { at: 0, services: ['web', 'worker', 'scheduler'] },
      { at: 5000, services: ['web', 'worker', 'scheduler'] },
      { at: 10_000, services: ['worker', 'scheduler'] },
      { at: 15_000, services: ['scheduler'] }
    ])
    // One live view: every line of a watch names its service.
    const watchLines = log.lines.filter((l) => /\[\d+:\d\d\]/.test(l))
    expect(watchLines.length).toBeGreaterThan(3)
    expect(watchLines.every((l) => /^(web|worker|scheduler) +\| /.test(l))).toBe(true)
    expect(log.lines).toContain(
      `scheduler | [0:15] Deployment ${id('scheduler')} completed: 1/1 tasks running (scheduler:2).`
    )
  })
})
