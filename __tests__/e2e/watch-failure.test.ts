/**
 * Issue 3, end to end: failed deployments. The bundle on Node 24 against the
 * emulated ECS in real time fails the step soon after ECS (or the threshold
 * its circuit breaker would use) says the deployment failed, shows what a
 * person would otherwise dig out of the console (stopped tasks, exit codes,
 * the failed task's CloudWatch log), and rolls back as configured.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import type { ActionRun } from '../../test-support/harness.js'
import { serviceRecord, startWorld, uniqueName, type World } from './world.js'
import {
  NEW_IMAGE,
  POLL_MS,
  SLACK_MS,
  expectCadence,
  milestonesOf,
  missingImage,
  seedService,
  serviceCalls,
  watchPolls,
  type Seeded
} from './watch-support.js'

let world: World
const cluster = 'prod'

beforeAll(async () => {
  world = await startWorld()
  world.emulator.seedCluster(cluster)
})
afterAll(async () => {
  await world?.close()
})

/** `fam-…:1` as the messages name revisions. */
function revision(seeded: Seeded, n: number): string {
  return `${seeded.family}:${n}`
}

/** Nothing was deregistered or deleted: every revision of the family is still ACTIVE. */
function expectNothingDeregistered(seeded: Seeded, since: number): void {
  for (const operation of ['DeregisterTaskDefinition', 'DeleteTaskDefinitions']) {
    expect(world.emulator.calls({ operation, since })).toEqual([])
  }
  const revisions = world.emulator
    .state()
    .ecs.taskDefinitions.filter((td) => td['family'] === seeded.family)
  expect(revisions.map((td) => [td['revision'], td['status']])).toEqual([
    [1, 'ACTIVE'],
    [2, 'ACTIVE']
  ])
}

function expectSummaryRow(run: ActionRun, name: string, value: string): void {
  expect(run.summary).toContain(`| ${name} | ${value} |`)
}

describe('circuit breaker with rollback', () => {
  it('a task that cannot start: fails soon after FAILED, follows the rollback, shows the stop code and reason', async () => {
    const seeded = await seedService(world, cluster, {
      circuitBreaker: { enable: true, rollback: true }
    })
    const image = missingImage(world)
    const since = Date.now()
    const run = await world.run({ image, cluster, service: seeded.service })

    const id = run.outputs['deployment-id']!
    const m = milestonesOf(world, id)
    expect(m.failedAt).toBeDefined()
    expect(m.rolledBackAt).toBeDefined()
    expect(run.exitCode).not.toBe(0)
    // Fails at the first poll after ECS marked the rollout FAILED, not at the timeout (30 min).
    expect(run.exitedAt - m.failedAt!).toBeLessThan(POLL_MS + SLACK_MS)
    expect(run.outputs['rolled-back']).toBe('true')

    expect(run.errors).toHaveLength(1)
    const error = run.errors[0]!
    expect(error).toContain(`Deployment ${id} failed`)
    expect(error).toContain(
      `ECS's circuit breaker rolled the service back to ${revision(seeded, 1)} (deployment ${seeded.previousDeploymentId}); it is stable again.`
    )
    expectSummaryRow(run, 'Rolled back', 'yes')
    expectSummaryRow(run, 'Running now', `\`${revision(seeded, 1)}\``)
    expect(serviceRecord(world, cluster, seeded.service)!['taskDefinition']).toBe(
      seeded.previousArn
    )

    // Diagnostics: this deployment's stopped tasks, why they stopped, in the log and the summary.
    const reason = `CannotPullContainerError: pull image manifest has been retried 5 time(s): failed to resolve ref ${image}`
    expect(run.stdout).toContain(`Diagnostics for deployment ${id} of service ${seeded.service}:`)
    expect(run.stdout).toMatch(/Stopped tasks: [3-9]/)
    expect(run.stdout).toContain(`· TaskFailedToStart: ${reason}`)
    expect(run.stdout).toContain(`container web: ${reason}`)
    expect(run.summary).toContain(`### Diagnostics: deployment \`${id}\``)
    expect(run.summary).toContain(`| TaskFailedToStart | ${reason}`)
    // A task that never started has no log to show.
    expect(run.stdout).not.toContain('Log of task')

    // The action itself changed nothing after its own update: ECS rolled back.
    expect(serviceCalls(world, seeded.service, 'UpdateService', since)).toHaveLength(1)
    expectNothingDeregistered(seeded, since)
    expectCadence(watchPolls(world, seeded.service, since))
  })

  it('a task that crashes after starting: the exit code and the last lines of its CloudWatch log, in the log and the summary', async () => {
    const marker = uniqueName('boom')
    const logLines = [
      'listening on :8080',
      `Error: ${marker}: DATABASE_URL is not set`,
      '    at main (/app/server.js:12:11)',
      'process exited'
    ]
    const seeded = await seedService(world, cluster, {
      circuitBreaker: { enable: true, rollback: true },
      scenario: 'crash',
      scenarioOptions: { exitCode: 3, logLines }
    })
    const since = Date.now()
    const run = await world.run({ image: NEW_IMAGE, cluster, service: seeded.service })

    const id = run.outputs['deployment-id']!
    expect(run.exitCode).not.toBe(0)
    expect(run.outputs['rolled-back']).toBe('true')
    expect(run.errors[0]).toContain(`Deployment ${id} failed`)

    // The stream of a task that ran: written by the emulator as the awslogs driver would.
    const streams = world.emulator.state().logs['/ecs/sample-web'] ?? {}
    const taskIds = Object.entries(streams)
      .filter(([, lines]) => lines.includes(logLines[1]!))
      .map(([stream]) => stream.split('/').at(-1)!)
    expect(taskIds.length).toBeGreaterThanOrEqual(1)
    const shown =
      /Log of task ([0-9a-f]{32}), container web \(\/ecs\/sample-web web\/web\/\1\):/.exec(
        run.stdout
      )
    expect(shown).not.toBeNull()
    expect(taskIds).toContain(shown![1])

    // In the log…
    expect(run.stdout).toContain('· EssentialContainerExited: Essential container in task exited')
    expect(run.stdout).toContain('container web: exit code 3')
    for (const line of logLines) expect(run.stdout).toContain(`      | ${line}`)
    // …and in the job summary.
    expect(run.summary).toContain('web: exit code 3')
    const block = /```text\n([\s\S]*?)\n```/.exec(run.summary)
    expect(block?.[1]?.split('\n')).toEqual(logLines)
    expect(run.summary).toContain(`<code>${shown![1]}</code>`)
    expectNothingDeregistered(seeded, since)
  })

  it('no permission to read the logs: a warning naming logs:GetLogEvents; the failure is still the deployment', async () => {
    const seeded = await seedService(world, cluster, {
      circuitBreaker: { enable: true, rollback: true },
      scenario: 'crash'
    })
    world.emulator.injectFault({
      service: 'logs',
      operation: 'GetLogEvents',
      code: 'AccessDeniedException',
      count: 5
    })
    const since = Date.now()
    const run = await world.run({ image: NEW_IMAGE, cluster, service: seeded.service })
    world.emulator.clearFaults()

    const id = run.outputs['deployment-id']!
    expect(world.emulator.calls({ operation: 'GetLogEvents', since }).map((c) => c.error)).toEqual([
      'AccessDeniedException'
    ])
    expect(run.warnings).toHaveLength(1)
    expect(run.warnings[0]).toContain('Grant `logs:GetLogEvents`')
    expect(run.warnings[0]).toContain('/ecs/sample-web')
    expect(run.exitCode).not.toBe(0)
    expect(run.errors).toHaveLength(1)
    expect(run.errors[0]).toMatch(new RegExp(`^Deployment ${id} failed`))
    expect(run.errors[0]).not.toMatch(/GetLogEvents|permission|not allowed|AccessDenied/i)
    expect(run.outputs['rolled-back']).toBe('true')
    // The rest of the diagnostics is still there.
    expect(run.stdout).toContain('container web: exit code 1')
    expect(run.summary).toContain('Grant `logs:GetLogEvents`')
  })
})

describe('circuit breaker without rollback', () => {
  it('rollback-on-failure true: fails fast on FAILED, then the action puts the previous revision back and waits for it', async () => {
    const seeded = await seedService(world, cluster, {
      circuitBreaker: { enable: true, rollback: false }
    })
    const since = Date.now()
    const run = await world.run({
      image: missingImage(world),
      cluster,
      service: seeded.service,
      'wait-for-minutes': '2'
    })

    const id = run.outputs['deployment-id']!
    const m = milestonesOf(world, id)
    expect(m.failedAt).toBeDefined()
    expect(m.rollbackStartedAt).toBeUndefined()
    expect(run.exitCode).not.toBe(0)

    // Detected at the next poll, the rollback started at once.
    const updates = serviceCalls(world, seeded.service, 'UpdateService', since)
    expect(updates.map((c) => (c.input as Record<string, unknown>)['taskDefinition'])).toEqual([
      run.outputs['task-definition-arn'],
      seeded.previousArn
    ])
    expect(updates[1]!.at - m.failedAt!).toBeLessThan(POLL_MS + SLACK_MS)

    // It waited for the rollback deployment to complete, then failed the step.
    const rollback = world.emulator
      .milestones()
      .find((x) => x.service === seeded.service && x.createdAt >= updates[1]!.at)
    expect(rollback?.taskDefinition).toBe(seeded.previousArn)
    expect(rollback?.steadyAt).toBeDefined()
    expect(run.exitedAt).toBeGreaterThanOrEqual(rollback!.steadyAt!)
    expect(run.exitedAt - rollback!.steadyAt!).toBeLessThan(POLL_MS + SLACK_MS)
    expect(run.outputs['rolled-back']).toBe('true')
    expect(run.errors).toHaveLength(1)
    expect(run.errors[0]).toContain(`Deployment ${id} failed`)
    expect(run.errors[0]).toContain(
      `Rolled the service back to ${revision(seeded, 1)} (deployment ${rollback!.deploymentId}); it is stable again.`
    )
    expect(run.stdout).toContain(
      `Rolling back: updating service ${seeded.service} to ${revision(seeded, 1)}, the revision it ran before this run.`
    )
    expectSummaryRow(run, 'Running now', `\`${revision(seeded, 1)}\``)
    expect(serviceRecord(world, cluster, seeded.service)!['taskDefinition']).toBe(
      seeded.previousArn
    )
    expectNothingDeregistered(seeded, since)
    expectCadence(watchPolls(world, seeded.service, since))
  })

  it('rollback-on-failure false: fails fast on FAILED and leaves the service as it is', async () => {
    const seeded = await seedService(world, cluster, {
      circuitBreaker: { enable: true, rollback: false }
    })
    const since = Date.now()
    const run = await world.run({
      image: missingImage(world),
      cluster,
      service: seeded.service,
      'rollback-on-failure': 'false'
    })

    const id = run.outputs['deployment-id']!
    const m = milestonesOf(world, id)
    expect(m.failedAt).toBeDefined()
    expect(run.exitCode).not.toBe(0)
    expect(run.exitedAt - m.failedAt!).toBeLessThan(POLL_MS + SLACK_MS)
    expect(run.outputs['rolled-back']).toBe('false')
    expect(run.errors).toHaveLength(1)
    expect(run.errors[0]).toContain(`Deployment ${id} failed`)
    expect(run.errors[0]).toContain('Left as is (rollback-on-failure: false).')
    expect(serviceCalls(world, seeded.service, 'UpdateService', since)).toHaveLength(1)
    expect(serviceRecord(world, cluster, seeded.service)!['taskDefinition']).toBe(
      run.outputs['task-definition-arn']
    )
    // The old tasks still serve: the summary says so.
    expectSummaryRow(run, 'Running now', `\`${revision(seeded, 1)}\``)
    expectSummaryRow(run, 'Rolled back', 'no')
    expectNothingDeregistered(seeded, since)
  })
})

describe('no circuit breaker', () => {
  it("fails when the failed tasks reach the threshold ECS's breaker would use, then rolls back itself", async () => {
    // desired 8: threshold clamp(3, ceil(8 / 2), 200) = 4.
    const seeded = await seedService(world, cluster, { desiredCount: 8 })
    const since = Date.now()
    const run = await world.run({
      image: missingImage(world),
      cluster,
      service: seeded.service,
      'wait-for-minutes': '2'
    })

    const id = run.outputs['deployment-id']!
    const m = milestonesOf(world, id)
    expect(m.thresholdAt).toBeDefined()
    expect(m.failedAt).toBeUndefined()
    expect(run.exitCode).not.toBe(0)
    expect(
      world.emulator.state().ecs.services.find((s) => s.service['serviceName'] === seeded.service)
        ?.failureThreshold
    ).toBe(4)
    expect(run.stdout).toMatch(
      new RegExp(
        `Deployment ${id} failed: \\d+ tasks failed in a row, the threshold ECS's deployment circuit breaker would use for a desired count of 8 \\(4\\)`
      )
    )

    // At the threshold, not at the timeout: the rollback update follows within a poll.
    const updates = serviceCalls(world, seeded.service, 'UpdateService', since)
    expect(updates).toHaveLength(2)
    expect((updates[1]!.input as Record<string, unknown>)['taskDefinition']).toBe(
      seeded.previousArn
    )
    expect(updates[1]!.at - m.thresholdAt!).toBeLessThan(POLL_MS + SLACK_MS)
    expect(run.outputs['rolled-back']).toBe('true')
    expect(run.errors[0]).toContain(`Rolled the service back to ${revision(seeded, 1)}`)
    const svc = serviceRecord(world, cluster, seeded.service)!
    expect(svc['taskDefinition']).toBe(seeded.previousArn)
    expect(svc['runningCount']).toBe(8)
    expectNothingDeregistered(seeded, since)
    expectCadence(watchPolls(world, seeded.service, since))
  })
})
