/**
 * Issues 3 and 7, end to end: failed deployments. The bundle on Node 24
 * against the emulated ECS in real time fails the step at the poll that
 * showed the failure (ECS's FAILED, or the threshold its circuit breaker
 * would use), whatever the rollback takes (rollbacks here take their time: a
 * minute by default), shows what a person would otherwise dig out of the
 * console (stopped tasks, exit codes, the failed task's CloudWatch log) after
 * the watch's log group, and rolls back as configured; with
 * wait-for-rollback it follows the rollback until the previous revision is
 * steady again (or the rollback fails too).
 */
import { describe, expect, it } from '@jest/globals'
import { UpdateServiceCommand } from '@aws-sdk/client-ecs'
import type { ActionRun } from '../../test-support/harness.js'
import type { DeploymentMilestones } from '../../test-support/emulator/ecs-state.js'
import { serviceRecord, uniqueName } from './world.js'
import { useWorld } from './use-world.js'
import {
  FIRST_PROGRESS,
  NEW_IMAGE,
  ecsClient,
  expectCadence,
  expectEndedAtFirstPollAfter,
  milestonesOf,
  missingImage,
  outputWatcher,
  seedService,
  serviceCalls,
  watchLines,
  watchPolls,
  type Seeded
} from './watch-support.js'

const cluster = 'prod'

const world = useWorld({ clusters: [cluster] })

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

const consoleUrl = (service: string): string =>
  `https://us-east-1.console.aws.amazon.com/ecs/v2/clusters/${cluster}/services/${service}/deployments?region=us-east-1`

/** Diagnostics print after the `Watch deployment` group closes, not inside it. */
function expectDiagnosticsAfterTheGroup(run: ActionRun, id: string, service: string): void {
  const heading = `Diagnostics for deployment ${id} of service ${service}:`
  expect(watchLines(run).some((l) => l.includes('Diagnostics for deployment'))).toBe(false)
  const lines = run.stdout.split('\n')
  const group = lines.indexOf('::group::Watch deployment')
  const end = lines.indexOf('::endgroup::', group)
  expect(group).toBeGreaterThanOrEqual(0)
  expect(lines.indexOf(heading)).toBeGreaterThan(end)
  expect(run.stdout).toContain(`  Service deployments in the AWS console: ${consoleUrl(service)}`)
}

/** The milestone of the deployment that rolled back from `id`, once there. */
function rollbackOf(m: DeploymentMilestones): string {
  expect(m.rollbackDeploymentId).toMatch(/^ecs-svc\/\d{19}$/)
  return m.rollbackDeploymentId!
}

/** Waits (in real time) until the emulator records `done`, at most `ms`. */
async function until(done: () => boolean, ms: number): Promise<void> {
  const end = Date.now() + ms
  while (!done() && Date.now() < end) await new Promise((r) => setTimeout(r, 100))
}

describe('circuit breaker with rollback (ECS rolls back, a minute)', () => {
  it('a task that cannot start: the step fails at the poll that showed FAILED, while ECS rolls back; diagnostics after the group', async () => {
    const seeded = await seedService(world, cluster, {
      circuitBreaker: { enable: true, rollback: true }
    })
    const image = missingImage(world)
    const since = Date.now()
    const run = await world.run({ image, cluster, service: seeded.service })

    const id = run.outputs['deployment-id']!
    const m = milestonesOf(world, id)
    expect(m.failedAt).toBeDefined()
    expect(run.exitCode).not.toBe(0)
    expectEndedAtFirstPollAfter(run, watchPolls(world, seeded.service, since), m.failedAt!)
    // ECS's rollback (a minute by default) was still going when the step ended.
    expect(m.rollbackStartedAt).toBeDefined()
    expect(milestonesOf(world, id).rolledBackAt).toBeUndefined()
    expect(run.outputs['rolled-back']).toBe('true')
    expect(run.outputs['rollback-deployment-id']).toBe(seeded.previousDeploymentId)
    expect(rollbackOf(m)).toBe(seeded.previousDeploymentId)

    expect(run.errors).toHaveLength(1)
    const error = run.errors[0]!
    expect(error).toContain(`Deployment ${id} failed`)
    expect(error).toContain(
      `ECS is rolling back to ${revision(seeded, 1)} (deployment ${seeded.previousDeploymentId}); it continues after this step. Service deployments: ${consoleUrl(seeded.service)}`
    )
    expectSummaryRow(run, 'Rolled back', 'yes')
    expectSummaryRow(run, 'Rollback deployment', `\`${seeded.previousDeploymentId}\``)
    expectSummaryRow(run, 'AWS console', `[service deployments](${consoleUrl(seeded.service)})`)
    expect(run.summary).toContain('it continues after this step')
    expect(serviceRecord(world, cluster, seeded.service)!['taskDefinition']).toBe(
      seeded.previousArn
    )

    // Diagnostics: this deployment's stopped tasks, why they stopped, after the group and in the summary.
    const reason = `CannotPullContainerError: pull image manifest has been retried 5 time(s): failed to resolve ref ${image}`
    expectDiagnosticsAfterTheGroup(run, id, seeded.service)
    expect(run.stdout).toMatch(/Stopped tasks: [3-9]/)
    expect(run.stdout).toContain(`· TaskFailedToStart: ${reason}`)
    expect(run.stdout).toContain(`container web: ${reason}`)
    expect(run.stdout).toMatch(
      new RegExp(
        `      console: https://us-east-1\\.console\\.aws\\.amazon\\.com/ecs/v2/clusters/${cluster}/tasks/[0-9a-f]{32}/configuration\\?region=us-east-1`
      )
    )
    expect(run.summary).toContain(`### Diagnostics: deployment \`${id}\``)
    expect(run.summary).toContain(`| TaskFailedToStart | ${reason}`)
    // A task that never started has no log to show.
    expect(run.stdout).not.toContain('Log of task')

    // The action itself changed nothing after its own update: ECS rolls back.
    expect(serviceCalls(world, seeded.service, 'UpdateService', since)).toHaveLength(1)
    expectNothingDeregistered(seeded, since)
    expectCadence(watchPolls(world, seeded.service, since))

    // And ECS's rollback does take its minute, after the step.
    await until(() => milestonesOf(world, id).rolledBackAt !== undefined, 120_000)
    const done = milestonesOf(world, id)
    expect(done.rolledBackAt! - done.failedAt!).toBeGreaterThanOrEqual(55_000)
    // Ordered, not timed: the step had exited before the rollback completed.
    expect(done.rolledBackAt!).toBeGreaterThan(run.exitedAt)
  }, 200_000)

  it('wait-for-rollback: the same run follows the rollback and ends when the previous revision is steady again', async () => {
    const seeded = await seedService(world, cluster, {
      circuitBreaker: { enable: true, rollback: true }
    })
    const since = Date.now()
    const run = await world.run(
      {
        image: missingImage(world),
        cluster,
        service: seeded.service,
        'wait-for-rollback': 'true'
      },
      { timeoutMs: 150_000 }
    )

    const id = run.outputs['deployment-id']!
    const m = milestonesOf(world, id)
    expect(run.exitCode).not.toBe(0)
    expect(m.rolledBackAt).toBeDefined()
    expect(m.rolledBackAt! - m.failedAt!).toBeGreaterThanOrEqual(55_000)
    // Ended at the poll that showed the rollback complete.
    expect(run.exitedAt).toBeGreaterThanOrEqual(m.rolledBackAt!)
    expectEndedAtFirstPollAfter(run, watchPolls(world, seeded.service, since), m.rolledBackAt!)
    expect(run.outputs['rolled-back']).toBe('true')
    expect(run.outputs['rollback-deployment-id']).toBe(seeded.previousDeploymentId)
    expect(run.errors).toHaveLength(1)
    expect(run.errors[0]).toContain(`Deployment ${id} failed`)
    expect(run.errors[0]).toContain(
      `ECS's circuit breaker rolled the service back to ${revision(seeded, 1)} (deployment ${seeded.previousDeploymentId}): the previous revision is steady again.`
    )
    // The same live view for the rollback, inside the group.
    const lines = watchLines(run)
    expect(lines.some((l) => /\] rollback ecs-svc\/…\d{4} [0-2]\/1 running/.test(l))).toBe(true)
    expect(lines.some((l) => l.includes('(wait-for-rollback: true)'))).toBe(true)
    expectSummaryRow(run, 'Running now', `\`${revision(seeded, 1)}\``)
    expectDiagnosticsAfterTheGroup(run, id, seeded.service)
    expectCadence(watchPolls(world, seeded.service, since))
  }, 180_000)

  it('wait-for-rollback: a rollback that fails too is reported', async () => {
    const seeded = await seedService(world, cluster, {
      circuitBreaker: { enable: true, rollback: true },
      scenarioOptions: { rollback: { taskStartSeconds: 2, scenario: 'fail-to-start' } }
    })
    const since = Date.now()
    const run = await world.run({
      image: missingImage(world),
      cluster,
      service: seeded.service,
      'wait-for-rollback': 'true',
      'wait-for-minutes': '2'
    })
    const id = run.outputs['deployment-id']!
    const m = milestonesOf(world, id)
    expect(run.exitCode).not.toBe(0)
    expect(m.rollbackFailedAt).toBeDefined()
    expect(m.rolledBackAt).toBeUndefined()
    expectEndedAtFirstPollAfter(run, watchPolls(world, seeded.service, since), m.rollbackFailedAt!)
    expect(run.outputs['rolled-back']).toBe('true')
    expect(run.errors).toHaveLength(1)
    expect(run.errors[0]).toContain(
      `The rollback to ${revision(seeded, 1)} (deployment ${seeded.previousDeploymentId}) failed too: Deployment ${seeded.previousDeploymentId} failed: ECS deployment circuit breaker: tasks failed to start.`
    )
    expect(run.errors[0]).toContain('The service may have no healthy tasks.')
  }, 150_000)

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

    // In the log, after the group, with a link to the stream…
    expectDiagnosticsAfterTheGroup(run, id, seeded.service)
    expect(run.stdout).toContain('· EssentialContainerExited: Essential container in task exited')
    expect(run.stdout).toContain('container web: exit code 3')
    for (const line of logLines) expect(run.stdout).toContain(`      | ${line}`)
    const stream = `$252Fecs$252Fsample-web/log-events/web$252Fweb$252F${shown![1]}`
    expect(run.stdout).toContain(
      `      console: https://us-east-1.console.aws.amazon.com/cloudwatch/home?region=us-east-1#logsV2:log-groups/log-group/${stream}`
    )
    // …and in the job summary.
    expect(run.summary).toContain('web: exit code 3')
    const block = /```text\n([\s\S]*?)\n```/.exec(run.summary)
    expect(block?.[1]?.split('\n')).toEqual(logLines)
    expect(run.summary).toContain(`<code>${shown![1]}</code>`)
    expect(run.summary).toContain(`log-groups/log-group/${stream}`)
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
  it('rollback-on-failure true: fails at the poll that showed FAILED, having started its own rollback', async () => {
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
    expect(run.exitCode).not.toBe(0)
    expectEndedAtFirstPollAfter(run, watchPolls(world, seeded.service, since), m.failedAt!)

    // The rollback: one UpdateService back to the previous revision, accepted, not waited for.
    const updates = serviceCalls(world, seeded.service, 'UpdateService', since)
    expect(updates.map((c) => (c.input as Record<string, unknown>)['taskDefinition'])).toEqual([
      run.outputs['task-definition-arn'],
      seeded.previousArn
    ])
    const rollbackId = rollbackOf(milestonesOf(world, id))
    const rollback = milestonesOf(world, rollbackId)
    expect(rollback.taskDefinition).toBe(seeded.previousArn)
    expect(rollback.steadyAt).toBeUndefined()
    expect(run.outputs['rolled-back']).toBe('true')
    expect(run.outputs['rollback-deployment-id']).toBe(rollbackId)
    expect(run.errors).toHaveLength(1)
    expect(run.errors[0]).toContain(`Deployment ${id} failed`)
    expect(run.errors[0]).toContain(
      `This action is rolling back to ${revision(seeded, 1)} (deployment ${rollbackId}); it continues after this step.`
    )
    expect(run.stdout).toContain(
      `Rolling back: updating service ${seeded.service} to ${revision(seeded, 1)}, the revision it ran before this run.`
    )
    expectDiagnosticsAfterTheGroup(run, id, seeded.service)
    expect(serviceRecord(world, cluster, seeded.service)!['taskDefinition']).toBe(
      seeded.previousArn
    )
    expectNothingDeregistered(seeded, since)
    expectCadence(watchPolls(world, seeded.service, since))
  })

  it('a deployment another run superseded after it failed is not rolled back, and the run says so', async () => {
    const seeded = await seedService(world, cluster, {
      circuitBreaker: { enable: true, rollback: false }
    })
    const ecs = ecsClient(world)
    const since = Date.now()
    let otherId: string | undefined
    // While the watch cannot read the service, our deployment fails and another run deploys.
    const first = outputWatcher((s) => FIRST_PROGRESS.test(s))
    void first.reached.then(async () => {
      world.emulator.injectFault({
        service: 'ecs',
        operation: 'DescribeServices',
        code: 'ServiceUnavailableException',
        status: 503,
        count: 1_000
      })
      const deployment = (): string | undefined =>
        world.emulator
          .milestones()
          .find((x) => x.service === seeded.service && x.createdAt >= since)?.deploymentId
      await until(() => milestonesOf(world, deployment()).failedAt !== undefined, 20_000)
      const other = await ecs.send(
        new UpdateServiceCommand({ cluster, service: seeded.service, forceNewDeployment: true })
      )
      otherId = other.service?.deployments?.find((d) => d.status === 'PRIMARY')?.id
      world.emulator.clearFaults()
    })
    const run = await world.run(
      { image: missingImage(world), cluster, service: seeded.service, 'wait-for-minutes': '2' },
      { onOutput: first.onOutput }
    )
    ecs.destroy()

    const id = run.outputs['deployment-id']!
    expect(otherId).toMatch(/^ecs-svc\//)
    expect(milestonesOf(world, id).failedAt).toBeDefined()
    expect(run.exitCode).not.toBe(0)
    // Ours, then the other run's; no rollback from this run.
    const updates = serviceCalls(world, seeded.service, 'UpdateService', since)
    expect(updates).toHaveLength(2)
    expect((updates[1]!.input as Record<string, unknown>)['forceNewDeployment']).toBe(true)
    expect(run.outputs['rolled-back']).toBe('false')
    expect(run.outputs['rollback-deployment-id']).toBeUndefined()
    expect(run.errors).toHaveLength(1)
    expect(run.errors[0]).toContain(`Deployment ${id} failed`)
    expect(run.errors[0]).toContain(
      `Not rolled back: deployment ${otherId} (${revision(seeded, 2)}) is now the service's PRIMARY deployment (another run or someone else updated the service since), and rolling back would undo it.`
    )
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
    expectEndedAtFirstPollAfter(run, watchPolls(world, seeded.service, since), m.failedAt!)
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

describe('no circuit breaker: the action rolls back itself', () => {
  it("fails when the failed tasks reach the threshold ECS's breaker would use, at the poll that showed it, with its rollback started", async () => {
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
    expectEndedAtFirstPollAfter(run, watchPolls(world, seeded.service, since), m.thresholdAt!)
    const updates = serviceCalls(world, seeded.service, 'UpdateService', since)
    expect(updates).toHaveLength(2)
    expect((updates[1]!.input as Record<string, unknown>)['taskDefinition']).toBe(
      seeded.previousArn
    )
    const rollbackId = rollbackOf(milestonesOf(world, id))
    expect(run.outputs['rolled-back']).toBe('true')
    expect(run.outputs['rollback-deployment-id']).toBe(rollbackId)
    expect(run.errors[0]).toContain(
      `This action is rolling back to ${revision(seeded, 1)} (deployment ${rollbackId}); it continues after this step.`
    )
    expect(milestonesOf(world, rollbackId).steadyAt).toBeUndefined()
    expectDiagnosticsAfterTheGroup(run, id, seeded.service)
    expectNothingDeregistered(seeded, since)
    expectCadence(watchPolls(world, seeded.service, since))
  })

  it('wait-for-rollback: follows its own rollback until the previous revision is steady again', async () => {
    const seeded = await seedService(world, cluster, {
      desiredCount: 2,
      scenarioOptions: {
        // 5 s to start, 40 s of health checks (a quiet stretch: a standing line), no drain.
        rollback: { taskStartSeconds: 5, healthCheckSeconds: 40, deregistrationDelaySeconds: 0 }
      }
    })
    const since = Date.now()
    const run = await world.run(
      {
        image: missingImage(world),
        cluster,
        service: seeded.service,
        'wait-for-rollback': 'true',
        'wait-for-minutes': '2'
      },
      { timeoutMs: 150_000 }
    )
    const id = run.outputs['deployment-id']!
    const m = milestonesOf(world, id)
    const rollbackId = rollbackOf(m)
    expect(run.exitCode).not.toBe(0)
    expect(m.rolledBackAt).toBeDefined()
    expect(m.rolledBackAt! - m.rollbackStartedAt!).toBeGreaterThanOrEqual(44_000)
    expect(run.exitedAt).toBeGreaterThanOrEqual(m.rolledBackAt!)
    expectEndedAtFirstPollAfter(run, watchPolls(world, seeded.service, since), m.rolledBackAt!)
    expect(run.outputs['rolled-back']).toBe('true')
    expect(run.outputs['rollback-deployment-id']).toBe(rollbackId)
    expect(run.errors[0]).toContain(
      `Rolled the service back to ${revision(seeded, 1)} (deployment ${rollbackId}): the previous revision is steady again.`
    )
    const svc = serviceRecord(world, cluster, seeded.service)!
    expect(svc['taskDefinition']).toBe(seeded.previousArn)
    expect(svc['runningCount']).toBe(2)
    // A standing line while the rollback's tasks pass their health checks.
    expect(watchLines(run).some((l) => /\] still waiting \(\d+s\): rollback /.test(l))).toBe(true)
    expectCadence(watchPolls(world, seeded.service, since))
  }, 180_000)
})
