/**
 * Issue 3, end to end: the deployment watch of the bundle on Node 24 against
 * the emulated ECS in real time. Live progress, the DescribeServices cadence,
 * throttling, a concurrent deployment, a deleted service, the timeout and
 * cancellation. Failures, diagnostics and rollback: watch-failure.test.ts.
 */
import { describe, expect, it } from '@jest/globals'
import { DeleteServiceCommand, UpdateServiceCommand } from '@aws-sdk/client-ecs'
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdtemp, readFile, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  buildStateEnv,
  nodeBinary,
  parseActionDefinition,
  type ActionRun
} from '../../test-support/harness.js'
import { sampleApp, serviceRecord, uniqueName } from './world.js'
import { useWorld } from './use-world.js'
import {
  FIRST_PROGRESS,
  NEW_IMAGE,
  actionDir,
  clock,
  ecsClient,
  expectCadence,
  expectEndedAtFirstPollAfter,
  milestonesOf,
  outputWatcher,
  progressLines,
  seedService,
  serviceCalls,
  serviceEvents,
  watchPolls
} from './watch-support.js'

const cluster = 'prod'

const world = useWorld({ clusters: [cluster] })

describe('live progress', () => {
  it('prints each new event once with its time, counts when they move, the rollout state, and succeeds on COMPLETED', async () => {
    // Tasks take 12 s to start: the polls at 0:05 and 0:10 see the same counts.
    const seeded = await seedService(world, cluster, {
      desiredCount: 2,
      scenario: 'healthy',
      scenarioOptions: { startSteps: 120 }
    })
    const { service } = seeded
    const seedEvent = serviceEvents(world, cluster, service)[0]!
    const since = Date.now()
    const run = await world.run({ image: NEW_IMAGE, cluster, service })

    expect(run.errors).toEqual([])
    expect(run.exitCode).toBe(0)
    const id = run.outputs['deployment-id']!
    expect(id).toMatch(/^ecs-svc\/\d{19}$/)
    expect(id).not.toBe(seeded.previousDeploymentId)
    expect(run.outputs['rolled-back']).toBe('false')
    const m = milestonesOf(world, id)
    expect(m.createdAt).toBeGreaterThanOrEqual(since)

    // Success only once this run's deployment completed (the old one was COMPLETED all along).
    expect(m.steadyAt).toBeDefined()
    expect(run.exitedAt).toBeGreaterThanOrEqual(m.steadyAt!)
    expectEndedAtFirstPollAfter(run, watchPolls(world, service, since), m.steadyAt!)
    const svc = serviceRecord(world, cluster, service)!
    expect(svc['taskDefinition']).toBe(run.outputs['task-definition-arn'])

    const lines = progressLines(run)
    const texts = lines.map((l) => l.text)
    const polls = watchPolls(world, service, since)
    const lastPoll = polls.at(-1)!.at

    // Every event of this deployment, up to the last poll, exactly once, with its time.
    const events = serviceEvents(world, cluster, service).filter(
      (e) => e.createdAt >= m.createdAt && e.createdAt <= lastPoll
    )
    expect(events.length).toBeGreaterThanOrEqual(4)
    for (const e of events) {
      const line = `${clock(e.createdAt)} ${e.message}`
      expect({ line, times: texts.filter((t) => t === line).length }).toEqual({ line, times: 1 })
    }
    // Nothing from before this run: the seed's steady state is history.
    expect(texts).not.toContain(`${clock(seedEvent.createdAt)} ${seedEvent.message}`)
    expect(texts.filter((t) => / \(service \S+\) /.test(t))).toHaveLength(events.length)

    // The counts line when counts move, never twice in a row.
    const short = `ecs-svc/…${id.slice(-4)}`
    const counts = lines.filter((l) => l.text.startsWith(`new ${short} `))
    expect(counts.map((c) => c.text)).toContain(
      `new ${short} 0/2 running, 2 pending · old 2 running`
    )
    expect(counts.at(-1)!.text).toBe(`new ${short} 2/2 running`)
    counts.slice(1).forEach((c, i) => expect(c.text).not.toBe(counts[i]!.text))
    // Polls at 0:05 and 0:10 saw the same counts: only the first printed them.
    expect(counts.filter((c) => c.at === '0:10')).toEqual([])
    expect(polls.length).toBeGreaterThanOrEqual(4)

    // The rollout state, once per change; the elapsed time on every line.
    expect(texts.filter((t) => t.startsWith(`rollout ${id} IN_PROGRESS`))).toHaveLength(1)
    expect(texts.filter((t) => t.startsWith(`rollout ${id} COMPLETED`))).toHaveLength(1)
    expect(lines.at(-1)!.text).toBe(
      `Deployment ${id} completed: 2/2 tasks running (${seeded.family}:2).`
    )
    expect(new Set(lines.map((l) => l.at))).toEqual(new Set(['0:00', '0:05', '0:15']))

    expect(run.summary).toContain('| Result | ✅ deployed |')
    expect(run.summary).toContain(id)
    expectCadence(polls)
  })

  it('survives throttling on DescribeServices beyond the SDK retries', async () => {
    const { service } = await seedService(world, cluster)
    const since = Date.now()
    // Once the watch has polled once, the next three DescribeServices are throttled:
    // with two attempts per call, one whole poll fails and the next needs a retry.
    const first = outputWatcher((s) => FIRST_PROGRESS.test(s))
    void first.reached.then(() =>
      world.emulator.injectFault({
        service: 'ecs',
        operation: 'DescribeServices',
        code: 'ThrottlingException',
        count: 3
      })
    )
    const run = await world.run(
      { image: NEW_IMAGE, cluster, service },
      { env: { AWS_MAX_ATTEMPTS: '2' }, onOutput: first.onOutput }
    )
    world.emulator.clearFaults()

    expect(run.errors).toEqual([])
    expect(run.exitCode).toBe(0)
    expect(
      run.warnings.filter((w) => /DescribeServices failed \(ThrottlingException/.test(w))
    ).toHaveLength(1)
    const calls = watchPolls(world, service, since)
    expect(calls.map((c) => c.error ?? 'ok')).toEqual([
      'ok',
      'ThrottlingException',
      'ThrottlingException',
      'ThrottlingException',
      'ok'
    ])
    // The SDK retries within a poll; the polls themselves keep the 5 s cadence.
    const pollStarts = calls.filter((_c, i) => i === 0 || !calls[i - 1]!.error || i === 3)
    expect(pollStarts).toHaveLength(3)
    expectCadence(pollStarts)
    expect(milestonesOf(world, run.outputs['deployment-id']).steadyAt).toBeDefined()
  })
})

describe('someone else changes the service while the action watches', () => {
  it('a second deployment takes over: fails saying so, without reporting its result', async () => {
    const { service, previousArn } = await seedService(world, cluster, { scenario: 'never-settle' })
    const ecs = ecsClient(world)
    const since = Date.now()
    let otherId: string | undefined
    let otherAt = 0
    const first = outputWatcher((s) => FIRST_PROGRESS.test(s))
    void first.reached.then(async () => {
      // Going back to the previous revision mid-rollout is a rollback to the emulator:
      // a quick one here (its tasks start and pass health checks in half a second each).
      world.emulator.setScenario(cluster, service, 'healthy', {
        rollback: { taskStartSeconds: 0.5, healthCheckSeconds: 0.5, deregistrationDelaySeconds: 0 }
      })
      otherAt = Date.now()
      const out = await ecs.send(
        new UpdateServiceCommand({
          cluster,
          service,
          taskDefinition: previousArn,
          forceNewDeployment: true
        })
      )
      otherId = out.service?.deployments?.find((d) => d.status === 'PRIMARY')?.id
    })
    const run = await world.run(
      { image: NEW_IMAGE, cluster, service },
      { onOutput: first.onOutput }
    )
    ecs.destroy()

    expect(otherId).toMatch(/^ecs-svc\//)
    const ours = run.outputs['deployment-id']!
    expect(ours).not.toBe(otherId)
    expect(run.exitCode).not.toBe(0)
    expect(run.errors).toHaveLength(1)
    const error = run.errors[0]!
    expect(error).toContain(`Deployment ${ours} was superseded by deployment ${otherId}`)
    expect(error).toMatch(/took over/)
    // The other deployment completed, but that is not this run's result.
    expect(milestonesOf(world, otherId).steadyAt).toBeDefined()
    expect(error).not.toMatch(/completed/i)
    expect(run.summary).toContain('| Result | ❌ failed |')
    expect(run.summary).not.toContain('✅')
    expect(run.outputs['rolled-back']).toBe('false')
    // Fails at the next poll, and never rolls back over the other deployment.
    const updates = serviceCalls(world, service, 'UpdateService', since)
    expect(updates).toHaveLength(2)
    expect(updates[1]!.at).toBeGreaterThanOrEqual(otherAt)
    expectEndedAtFirstPollAfter(run, watchPolls(world, service, since), updates[1]!.at)
    expect(serviceRecord(world, cluster, service)!['taskDefinition']).toBe(previousArn)
    expectCadence(watchPolls(world, service, since))
  })

  it('the service is deleted: fails clearly, naming the service and the deployment', async () => {
    const { service } = await seedService(world, cluster, { scenario: 'never-settle' })
    const ecs = ecsClient(world)
    const since = Date.now()
    let deletedAt = 0
    const first = outputWatcher((s) => FIRST_PROGRESS.test(s))
    void first.reached.then(async () => {
      deletedAt = Date.now()
      await ecs.send(new DeleteServiceCommand({ cluster, service, force: true }))
    })
    const run = await world.run(
      { image: NEW_IMAGE, cluster, service },
      { onOutput: first.onOutput }
    )
    ecs.destroy()

    expect(deletedAt).toBeGreaterThan(0)
    const id = run.outputs['deployment-id']!
    expect(run.exitCode).not.toBe(0)
    // DRAINING, or already INACTIVE by the next poll: either way said as such.
    expect(run.errors).toHaveLength(1)
    expect(run.errors[0]).toMatch(
      new RegExp(
        `^Service ${service} became (DRAINING|INACTIVE) while deployment ${id} was in progress: it (is being|was) deleted\\.$`
      )
    )
    expect(run.outputs['rolled-back']).toBe('false')
    const deleted = serviceCalls(world, service, 'DeleteService', deletedAt)
    expect(deleted).toHaveLength(1)
    expectEndedAtFirstPollAfter(run, watchPolls(world, service, since), deleted[0]!.at)
    // No rollback attempted on a service that is going away.
    expect(serviceCalls(world, service, 'UpdateService', since)).toHaveLength(1)
    expectCadence(watchPolls(world, service, since))
  })
})

describe('timeout', () => {
  it('a deployment that never settles fails at wait-for-minutes, saying where it stood', async () => {
    const { service } = await seedService(world, cluster, { scenario: 'never-settle' })
    const since = Date.now()
    const run = await world.run({ image: NEW_IMAGE, cluster, service, 'wait-for-minutes': '0.25' })

    const id = run.outputs['deployment-id']!
    expect(run.exitCode).not.toBe(0)
    expect(run.errors).toHaveLength(1)
    const error = run.errors[0]!
    expect(error).toMatch(/^Timed out after 15\.\ds waiting for deployment/)
    expect(error).toContain(`deployment ${id} of service ${service} (cluster ${cluster})`)
    expect(error).toContain('where it stood: 0/1 running, 1 pending, rollout IN_PROGRESS')
    expect(error).toContain('older deployments still running 1 tasks')
    expect(error).toContain('The deployment continues in ECS.')
    // Its last event is this deployment's, not the previous one's steady state.
    expect(error).toMatch(
      /; last event \d\d:\d\d:\d\d \(service \S+\) has started 1 tasks: \(task [0-9a-f]{32}\)\. The/
    )
    expect(error).not.toMatch(/steady state|\.\./)
    // At the timeout: 15 s after the watch began, not earlier; not later: its own clock
    // says 15.x s above, and it polled three times (0, 5, 10 s), no fourth, then exited.
    const polls = watchPolls(world, service, since)
    const watchedMs = run.exitedAt - polls[0]!.at
    expect(watchedMs).toBeGreaterThanOrEqual(14_900)
    expect(polls).toHaveLength(3)
    expect(polls.at(-1)!.at).toBeLessThanOrEqual(run.exitedAt)
    expectCadence(polls)
    // Still in progress in ECS; the action neither rolled back nor stopped it.
    expect(milestonesOf(world, id)).not.toHaveProperty('failedAt')
    expect(serviceCalls(world, service, 'UpdateService', since)).toHaveLength(1)
    expect(run.outputs['rolled-back']).toBe('false')
  })
})

describe('cancellation', () => {
  /** A build run (so there is a private docker config) of a deployment that never settles. */
  async function cancelledBuild(
    dir: string,
    plan: {
      cancelWhen?: (stdout: string) => boolean
      termAfterMs?: number
      killAfterMs?: number
    } = {}
  ): Promise<{ run: ActionRun; service: string; since: number }> {
    const { service } = await seedService(world, cluster, { scenario: 'never-settle' })
    const repository = uniqueName('app')
    world.ecr.seedRepository(repository)
    const context = await sampleApp()
    const since = Date.now()
    const run = await world.runCancelled(
      { 'ecr-repository': repository, tags: 'c1', context, cluster, service },
      { actionDir: dir, cancelWhen: (stdout) => FIRST_PROGRESS.test(stdout), ...plan }
    )
    return { run, service, since }
  }

  it('SIGINT stops the watch promptly, says where the deployment stands, and leaves no credentials', async () => {
    const { run, service, since } = await cancelledBuild(actionDir())

    expect(run.cancelledAfterMs).toBeDefined()
    const sigintAt = run.startedAt + run.cancelledAfterMs!
    // Before the runner's SIGTERM (7.5 s after SIGINT; the step would print "Received
    // SIGTERM"), and without another poll: the sleep until the next poll ended at SIGINT.
    expect(serviceCalls(world, service, 'DescribeServices', sigintAt)).toEqual([])
    expect(run.signal).toBeNull()
    expect(run.exitCode).not.toBe(0)
    expect(run.stdout).toContain('Received SIGINT')
    expect(run.stdout).not.toContain('Received SIGTERM')

    const id = run.outputs['deployment-id']!
    expect(run.errors).toHaveLength(1)
    const error = run.errors[0]!
    expect(error).toContain(`Cancelled: stopped watching deployment ${id} of service ${service}`)
    expect(error).toContain('It keeps going in ECS; where it stands: 0/1 running')
    expect(error).not.toMatch(/steady state|\.\./)
    expect(run.summary).toMatch(/\| Result \| .*cancelled/)
    // No poll after the signal; the deployment goes on in ECS, untouched.
    expect(serviceCalls(world, service, 'DescribeServices', sigintAt + 50)).toEqual([])
    expect(serviceCalls(world, service, 'UpdateService', since)).toHaveLength(1)
    const deployment = (
      serviceRecord(world, cluster, service)!['deployments'] as Array<Record<string, unknown>>
    ).find((d) => d['id'] === id)
    expect(deployment?.['rolloutState']).toBe('IN_PROGRESS')

    // Post ran; the private docker config (with the registry login) is gone.
    expect(run.post.ran).toBe(true)
    expect(run.post.exitCode).toBe(0)
    const dockerConfig = run.state['dockerConfig']
    expect(dockerConfig).toBeTruthy()
    expect(existsSync(dockerConfig!)).toBe(false)
    expect(existsSync(join(run.homeDir, '.docker', 'config.json'))).toBe(false)
  })

  it('killed hard before its cleanup, main leaves the docker config to post, which removes it', async () => {
    // The same action with post only on success: the harness skips post for a
    // cancelled run, so the test can look at what main left, then run post itself.
    const dir = await mkdtemp(join(tmpdir(), 'ecs-ship-action-'))
    const yml = await readFile(join(actionDir(), 'action.yml'), 'utf8')
    expect(yml).toContain("post-if: 'always()'")
    await writeFile(
      join(dir, 'action.yml'),
      yml.replace("post-if: 'always()'", "post-if: 'success()'")
    )
    await symlink(join(actionDir(), 'dist'), join(dir, 'dist'), 'dir')

    // SIGINT, SIGTERM and SIGKILL at once, while main waits for `docker build`
    // after the registry login: it cannot get to its own cleanup.
    const { run, service, since } = await cancelledBuild(dir, {
      cancelWhen: (stdout) => /^Building /m.test(stdout),
      termAfterMs: 0,
      killAfterMs: 0
    })
    expect(run.signal).toBe('SIGKILL')
    expect(serviceCalls(world, service, 'UpdateService', since)).toEqual([])
    expect(run.post.ran).toBe(false)
    const dockerConfig = run.state['dockerConfig']
    expect(dockerConfig).toBeTruthy()
    const config = JSON.parse(await readFile(join(dockerConfig!, 'config.json'), 'utf8')) as {
      auths?: Record<string, unknown>
    }
    expect(Object.keys(config.auths ?? {})).toContain(world.env.registryHost)

    // The post step, as the runner starts it: STATE_* from the main step.
    const postScript = parseActionDefinition(yml).runs.post!
    const post = spawnSync(nodeBinary('node24'), [join(actionDir(), postScript)], {
      env: { ...run.env, ...buildStateEnv(run.state) },
      encoding: 'utf8',
      timeout: 30_000
    })
    expect(post.status).toBe(0)
    expect(post.stdout).not.toMatch(/::(error|warning)::/)
    // The credentials are gone (the killed step's docker child, in its own process group,
    // may still write buildx metadata below the directory for a moment).
    expect(existsSync(join(dockerConfig!, 'config.json'))).toBe(false)
  })
})
